import { EventEmitter } from 'node:events';
import type { Server as HttpServer } from 'node:http';
import type { NetworkInterfaceInfo } from 'node:os';
import { describe, expect, it } from 'vitest';
import { boundAddress, classifyAdapter, hasLanAddress, rankLanAddresses } from '../../../main/host/addresses';
import { listen, PortUnavailableError } from '../../../main/host/listening';

function v4(address: string, internal = false): NetworkInterfaceInfo {
  return { address, family: 'IPv4', internal, netmask: '255.255.255.0', mac: '00:00:00:00:00:00', cidr: null };
}
function v6(address: string): NetworkInterfaceInfo {
  return {
    address,
    family: 'IPv6',
    internal: false,
    netmask: 'ffff::',
    mac: '00:00:00:00:00:00',
    cidr: null,
    scopeid: 0,
  };
}

describe('LAN addresses for join links', () => {
  it('puts Windows Wi-Fi first, before WSL and Hyper-V adapters that phones cannot reach', () => {
    const ranked = rankLanAddresses(
      {
        'vEthernet (WSL (Hyper-V firewall))': [v4('172.29.96.1')],
        'vEthernet (Default Switch)': [v4('172.20.160.1')],
        'Wi-Fi': [v6('fe80::1'), v4('192.168.1.20')],
        'Loopback Pseudo-Interface 1': [v4('127.0.0.1', true)],
      },
      4700,
    );
    expect(ranked.map((a) => [a.url, a.label])).toEqual([
      ['http://192.168.1.20:4700/', 'Wi-Fi'],
      ['http://172.29.96.1:4700/', 'Virtual adapter (WSL)'],
      ['http://172.20.160.1:4700/', 'Virtual adapter (Hyper-V)'],
      ['http://localhost:4700/', 'This computer only'],
    ]);
    expect(hasLanAddress(ranked)).toBe(true);
  });

  it('ranks a Mac: en0 before VPN tunnels and internal bridges', () => {
    const ranked = rankLanAddresses(
      {
        utun4: [v4('100.101.5.6')],
        bridge100: [v4('192.168.64.1')],
        en0: [v4('10.0.0.42')],
        lo0: [v4('127.0.0.1', true)],
      },
      5000,
    );
    expect(ranked.map((a) => a.url)).toEqual([
      'http://10.0.0.42:5000/',
      'http://192.168.64.1:5000/',
      'http://100.101.5.6:5000/',
      'http://localhost:5000/',
    ]);
    expect(ranked[0]?.kind).toBe('lan');
  });

  it('ranks Linux: Wi-Fi, then Ethernet, then Docker and Tailscale', () => {
    const ranked = rankLanAddresses(
      {
        docker0: [v4('172.17.0.1')],
        tailscale0: [v4('100.88.1.2')],
        enp3s0: [v4('192.168.0.5')],
        wlp2s0: [v4('192.168.0.6')],
        'br-1a2b3c4d5e6f': [v4('172.18.0.1')],
      },
      4700,
    );
    expect(ranked.map((a) => a.label)).toEqual([
      'Wi-Fi',
      'Ethernet',
      'Virtual adapter (Docker)',
      'Virtual adapter (Docker)',
      'Virtual adapter (Tailscale)',
      'This computer only',
    ]);
  });

  it('puts a private address before a public or link-local one on real adapters', () => {
    const ranked = rankLanAddresses(
      { eth1: [v4('169.254.3.4')], eth0: [v4('203.0.113.7')], wlan0: [v4('192.168.43.10')] },
      4700,
    );
    expect(ranked.map((a) => a.url)).toEqual([
      'http://192.168.43.10:4700/',
      'http://203.0.113.7:4700/',
      'http://169.254.3.4:4700/',
      'http://localhost:4700/',
    ]);
  });

  it('says plainly when only loopback and virtual adapters exist', () => {
    const ranked = rankLanAddresses({ 'vEthernet (WSL)': [v4('172.29.96.1')], lo: [v4('127.0.0.1', true)] }, 4700);
    expect(hasLanAddress(ranked)).toBe(false);
    expect(hasLanAddress(rankLanAddresses({}, 4700))).toBe(false);
  });

  it('treats hostile adapter names as names', () => {
    expect(classifyAdapter('constructor', '192.168.1.2')).toEqual({ kind: 'lan', label: 'Network' });
    expect(classifyAdapter('__proto__', '100.64.0.1').kind).toBe('virtual');
    const ranked = rankLanAddresses(JSON.parse('{"__proto__": [], "toString": []}'), 4700);
    expect(ranked).toHaveLength(1);
  });

  it('names the one address a bound host listens on', () => {
    expect(boundAddress('127.0.0.1', 4700)).toEqual({
      url: 'http://127.0.0.1:4700/',
      label: 'This computer only',
      kind: 'loopback',
    });
    expect(boundAddress('::1', 4700).url).toBe('http://[::1]:4700/');
    expect(boundAddress('10.77.0.1', 4700).kind).toBe('lan');
  });
});

/** A server whose `listen` fails with `codes[i]` on the i-th call and succeeds after them. */
function fakeServer(codes: readonly string[]): HttpServer & { tried: number[] } {
  const server = Object.assign(new EventEmitter(), {
    tried: [] as number[],
    listen(port: number) {
      server.tried.push(port);
      const code = codes[server.tried.length - 1];
      queueMicrotask(() =>
        code ? server.emit('error', Object.assign(new Error(code), { code })) : server.emit('listening'),
      );
      return server;
    },
    address: () => ({ port: server.tried.at(-1), address: '0.0.0.0', family: 'IPv4' }),
  });
  return server as unknown as HttpServer & { tried: number[] };
}

describe('listening', () => {
  it('skips a port Windows has reserved (EACCES) like a taken one', async () => {
    const server = fakeServer(['EACCES', 'EADDRINUSE']);
    expect(await listen(server, 4700, undefined, false)).toBe(4702);
    expect(server.tried).toEqual([4700, 4701, 4702]);
  });

  it('says what happened without naming a command-line flag', async () => {
    const refused = listen(fakeServer(Array(10).fill('EACCES')), 4700, undefined, false);
    await expect(refused).rejects.toThrow(PortUnavailableError);
    await expect(refused).rejects.toThrow('This computer does not allow Gavel to use ports 4700 to 4709.');
    await expect(listen(fakeServer(['EADDRINUSE']), 4700, undefined, true)).rejects.toThrow(
      /^Port 4700 is already in use\.$/,
    );
    const mixed = listen(fakeServer(['EACCES', ...Array(9).fill('EADDRINUSE')]), 4700, undefined, false);
    await expect(mixed).rejects.toThrow('Ports 4700 to 4709 are all in use or reserved.');
  });
});
