import { describe, expect, it, vi } from 'vitest';
import { createDesktopDiscovery } from '../../../main/discovery';
import {
  advertiseHost,
  browseHosts,
  makeInstanceName,
  makePublishRequest,
  makeServiceUrls,
  SERVICE_TYPE,
  toDiscoveredHost,
  wrapBonjour,
  type BonjourBrowserLike,
  type BonjourLike,
  type BonjourServiceLike,
  type DiscoveredHost,
} from '../../../main/host/discovery';
import { PROTOCOL_VERSION } from '../../../shared/protocol/messages';
import { FakeLan } from './fake-lan';

// No test here opens a socket: every transport is a FakeLan or a fake bonjour object (tests touch loopback only).

describe('advertising', () => {
  it('announces _gavel._tcp with the port, auction name, id and protocol version', async () => {
    const lan = new FakeLan();
    const stop = await advertiseHost({
      port: 4700,
      name: 'IPL 2026',
      auctionId: '20260101-1200-abc123',
      transport: lan.attach(),
    });
    const [entry] = [...lan.published.values()];
    expect(entry?.type).toBe(SERVICE_TYPE);
    expect(entry?.service.port).toBe(4700);
    expect(entry?.service.txt).toEqual({ v: String(PROTOCOL_VERSION), id: '20260101-1200-abc123', name: 'IPL 2026' });
    expect(entry?.service.name).toBe('IPL 2026 (abc123)');
    await stop();
    expect(lan.published.size).toBe(0);
    expect(lan.log).toEqual(['publish gavel IPL 2026 (abc123)', 'goodbye IPL 2026 (abc123)']);
  });

  it('withdraws once even when stopped twice, and leaves an injected transport open', async () => {
    const lan = new FakeLan();
    const transport = lan.attach();
    const stop = await advertiseHost({ port: 4701, name: 'Club draft', auctionId: 'x1', transport });
    await Promise.all([stop(), stop()]);
    expect(lan.log.filter((l) => l.startsWith('goodbye'))).toHaveLength(1);
    expect(transport.destroyed).toBe(false);
  });

  it('keeps instance names within one DNS label (63 bytes), multi-byte names included', () => {
    const name = makeInstanceName('नीलामी '.repeat(30), '20260101-1200-abcdef');
    expect(new TextEncoder().encode(name).length).toBeLessThanOrEqual(63);
    expect(name.endsWith('(abcdef)')).toBe(true);
    expect(makeInstanceName('a.b\u0000c', 'id')).toBe('a b c (id)');
    expect(makeInstanceName('   ', 'id')).toBe('Gavel auction (id)');
  });

  it('keeps TXT values short enough for a TXT string', () => {
    const request = makePublishRequest({ port: 1, name: 'x'.repeat(1000), auctionId: 'id' });
    expect(request.txt.name?.length).toBeLessThanOrEqual(255);
  });
});

describe('browsing', () => {
  it('lists hosts as they come and go, and reports each change', async () => {
    const lan = new FakeLan();
    const changes: DiscoveredHost[][] = [];
    const browser = browseHosts(lan.attach(['192.168.1.5']), (hosts) => changes.push(hosts));
    const hostA = lan.attach(['192.168.1.20', 'fe80::1', 'fd00::20']);
    const stopA = await advertiseHost({ port: 4700, name: 'Zeta league', auctionId: 'aaaaaa', transport: hostA });
    await advertiseHost({ port: 4710, name: 'Alpha league', auctionId: 'bbbbbb', transport: lan.attach(['10.0.0.7']) });

    expect(browser.hosts().map((h) => h.auctionName)).toEqual(['Alpha league', 'Zeta league']);
    const zeta = browser.hosts()[1];
    expect(zeta).toMatchObject({ auctionId: 'aaaaaa', port: 4700, protocol: PROTOCOL_VERSION });
    // IPv4 first; link-local IPv6 is dropped (unusable without a zone id).
    expect(zeta?.urls).toEqual(['http://192.168.1.20:4700/', 'http://[fd00::20]:4700/']);

    await stopA();
    expect(browser.hosts().map((h) => h.auctionName)).toEqual(['Alpha league']);
    expect(changes).toHaveLength(3);
    browser.stop();
    expect(lan.browsers.size).toBe(0);
  });

  it('ignores services it cannot connect to', () => {
    const base = { key: 'k', name: 'n', host: 'h', txt: {} };
    expect(toDiscoveredHost({ ...base, port: 0, addresses: ['10.0.0.1'] })).toBeNull();
    expect(toDiscoveredHost({ ...base, port: 4700, addresses: [] })).toBeNull();
    expect(toDiscoveredHost({ ...base, port: 4700, addresses: ['fe80::1'] })).toBeNull();
    expect(toDiscoveredHost({ ...base, port: 4700, addresses: ['10.0.0.1'] })).toMatchObject({
      auctionName: 'n',
      protocol: 0,
      urls: ['http://10.0.0.1:4700/'],
    });
    expect(makeServiceUrls(['10.0.0.1', '10.0.0.1'], 1)).toEqual(['http://10.0.0.1:1/']);
  });
});

describe('the bonjour-service adapter', () => {
  function makeFakeBonjour() {
    const listeners: Record<string, ((s: BonjourServiceLike) => void)[]> = { up: [], down: [] };
    const calls: string[] = [];
    const browser: BonjourBrowserLike = {
      on(event, listener) {
        listeners[event]?.push(listener);
        return browser;
      },
      stop: () => void calls.push('browser.stop'),
    };
    const bonjour: BonjourLike = {
      publish(config) {
        calls.push(`publish ${config.type} ${config.name} ${config.port} ${JSON.stringify(config.txt)}`);
        return {
          ...config,
          stop: (cb) => {
            calls.push('service.stop');
            cb?.();
          },
          on: () => undefined,
        };
      },
      find(config) {
        calls.push(`find ${config.type}`);
        return browser;
      },
      destroy(cb) {
        calls.push('destroy');
        cb?.();
      },
    };
    return { bonjour, listeners, calls };
  }

  it('maps publish, find, up/down and destroy onto bonjour-service calls', async () => {
    const { bonjour, listeners, calls } = makeFakeBonjour();
    const transport = wrapBonjour(bonjour);
    const stop = await advertiseHost({ port: 4700, name: 'Cup', auctionId: 'c0ffee', transport });
    const seen: DiscoveredHost[][] = [];
    const browser = browseHosts(transport, (h) => seen.push(h));
    const remote: BonjourServiceLike = {
      name: 'Cup (c0ffee)',
      fqdn: 'Cup (c0ffee)._gavel._tcp.local',
      host: 'pc.local',
      port: 4700,
      addresses: ['192.168.0.9'],
      txt: { v: Buffer.from('1'), id: 'c0ffee', name: 'Cup' },
    };
    for (const l of listeners.up ?? []) l(remote);
    expect(seen.at(-1)).toEqual([
      {
        key: remote.fqdn,
        auctionName: 'Cup',
        auctionId: 'c0ffee',
        port: 4700,
        protocol: 1,
        urls: ['http://192.168.0.9:4700/'],
      },
    ]);
    for (const l of listeners.down ?? []) l(remote);
    expect(seen.at(-1)).toEqual([]);
    browser.stop();
    await stop();
    await transport.destroy();
    expect(calls).toEqual([
      `publish gavel Cup (c0ffee) 4700 {"v":"${PROTOCOL_VERSION}","id":"c0ffee","name":"Cup"}`,
      'find gavel',
      'browser.stop',
      'service.stop',
      'destroy',
    ]);
  });
});

describe('desktop discovery', () => {
  it('browses from the start, advertises while hosting and says goodbye on close', async () => {
    const lan = new FakeLan();
    await advertiseHost({
      port: 4700,
      name: 'Other room',
      auctionId: 'ffffff',
      transport: lan.attach(['192.168.1.30']),
    });
    const onHostsChanged = vi.fn();
    const transport = lan.attach(['192.168.1.40']);
    const discovery = createDesktopDiscovery({ transport, onHostsChanged });
    expect(discovery.hosts().map((h) => h.auctionName)).toEqual(['Other room']);

    await discovery.advertise({ port: 4702, name: 'Mine', auctionId: '123456' });
    expect(discovery.isAdvertising()).toBe(true);
    expect(discovery.hosts().map((h) => h.auctionName)).toEqual(['Mine', 'Other room']);

    // Advertising a second auction replaces the first announcement.
    await discovery.advertise({ port: 4703, name: 'Mine again', auctionId: '654321' });
    expect([...lan.published.values()].map((p) => p.service.name).sort()).toEqual([
      'Mine again (654321)',
      'Other room (ffffff)',
    ]);

    await discovery.stopAdvertising();
    expect(discovery.isAdvertising()).toBe(false);
    await discovery.close();
    expect(transport.destroyed).toBe(true);
    expect(discovery.hosts()).toEqual([]);
    expect(lan.browsers.size).toBe(0);
    expect(onHostsChanged).toHaveBeenCalled();
  });

  it('keeps hosting when advertising fails', async () => {
    const lan = new FakeLan();
    const transport = lan.attach();
    transport.publish = () => {
      throw new Error('EADDRINUSE 5353');
    };
    const log = vi.fn();
    const discovery = createDesktopDiscovery({ transport, onHostsChanged: () => undefined, log });
    await expect(discovery.advertise({ port: 1, name: 'x', auctionId: 'y' })).resolves.toBeUndefined();
    expect(discovery.isAdvertising()).toBe(false);
    expect(log).toHaveBeenCalledWith(expect.stringContaining('EADDRINUSE'));
  });
});
