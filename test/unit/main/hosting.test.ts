import { EventEmitter } from 'node:events';
import { describe, expect, it, vi } from 'vitest';
import { createDesktopDiscovery } from '../../../main/discovery';
import type { LanAddress } from '../../../main/host/addresses';
import type { HostOptions } from '../../../main/host/host-server';
import { PortUnavailableError } from '../../../main/host/listening';
import { HostingService, isLoopbackAddress, type RunningHost } from '../../../main/hosting';
import { makeConfig } from '../../helpers/builders';
import { FakeLan } from './fake-lan';

const WIFI: LanAddress = { url: 'http://192.168.1.40:4700/', label: 'Wi-Fi', kind: 'wifi' };
const LOCAL: LanAddress = { url: 'http://localhost:4700/', label: 'This computer only', kind: 'loopback' };

/** A connected socket from `address`, as Socket.IO hands it to 'connection' listeners. */
function fakeSocket(address: string) {
  return Object.assign(new EventEmitter(), { handshake: { address } });
}

function setup(options: { advertise?: boolean; failStart?: boolean; addresses?: LanAddress[] } = {}) {
  const lan = new FakeLan();
  const discovery = createDesktopDiscovery({
    transport: lan.attach(['192.168.1.40']),
    onHostsChanged: () => undefined,
  });
  const started: HostOptions[] = [];
  const closed: string[] = [];
  const io = new EventEmitter();
  const addresses = options.addresses ?? [WIFI, LOCAL];
  const startHost = vi.fn(async (opts: HostOptions): Promise<RunningHost> => {
    if (options.failStart) throw new PortUnavailableError('Ports 4700 to 4709 are all in use or reserved.', 4700, 4709);
    started.push(opts);
    const auctionId = opts.resumeId ?? `auction-${started.length}`;
    return {
      auctionId,
      port: opts.port ?? 4700,
      addresses,
      joinCodes: { admin: 'ADMIN', spectator: 'SPEC', teams: { T1: 'T1CODE' }, urls: [], addresses: [] },
      room: { state: { config: { name: opts.config?.name ?? 'Resumed league' } } },
      io,
      close: async () => void closed.push(auctionId),
    };
  });
  const onChange = vi.fn();
  const service = new HostingService({
    startHost,
    dataDir: '/data/auctions',
    staticDir: '/app/out/renderer',
    discovery,
    onChange,
    ...(options.advertise === undefined ? {} : { advertise: options.advertise }),
  });
  return { lan, service, started, closed, onChange, startHost, io };
}

describe('hosting from the desktop', () => {
  it('starts the host in the data folder, serving the renderer, and advertises it', async () => {
    const { lan, service, started, onChange } = setup();
    const info = await service.start({ config: makeConfig({ name: 'Sunday league' }) });
    expect(started[0]).toMatchObject({ dataDir: '/data/auctions', staticDir: '/app/out/renderer' });
    expect(started[0]).not.toHaveProperty('port'); // the host's default (4700, next free)
    expect(info).toMatchObject({
      auctionId: 'auction-1',
      auctionName: 'Sunday league',
      port: 4700,
      adminUrl: 'http://127.0.0.1:4700/',
      advertised: true,
    });
    expect(info.joinCodes.admin).toBe('ADMIN');
    expect([...lan.published.values()].map((p) => p.service.txt.name)).toEqual(['Sunday league']);
    expect(onChange).toHaveBeenLastCalledWith(info);
    expect(service.current).toEqual(info);
  });

  it('resumes by id on a chosen port', async () => {
    const { service, started } = setup();
    const info = await service.start({ resumeId: '20260101-1200-abc123', port: 0 });
    expect(started[0]).toMatchObject({ resumeId: '20260101-1200-abc123', port: 0 });
    expect(started[0]).not.toHaveProperty('config');
    expect(info.auctionName).toBe('Resumed league');
  });

  it('refuses a second auction while one is live, even on a double click', async () => {
    const { service, startHost } = setup();
    const results = await Promise.allSettled([
      service.start({ config: makeConfig() }),
      service.start({ config: makeConfig() }),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected']);
    expect(startHost).toHaveBeenCalledTimes(1);
  });

  it('stops: goodbye on the LAN first, then the host closes; a new auction may start after', async () => {
    const { lan, service, closed, onChange } = setup();
    await service.start({ config: makeConfig() });
    await service.stop();
    expect(lan.published.size).toBe(0);
    expect(lan.log.at(-1)).toMatch(/^goodbye/);
    expect(closed).toEqual(['auction-1']);
    expect(onChange).toHaveBeenLastCalledWith(null);
    expect(service.current).toBeNull();
    await service.stop(); // stopping twice is harmless
    await expect(service.start({ config: makeConfig() })).resolves.toMatchObject({ auctionId: 'auction-2' });
  });

  it('does not advertise when told not to', async () => {
    const { lan, service } = setup({ advertise: false });
    const info = await service.start({ config: makeConfig() });
    expect(info.advertised).toBe(false);
    expect(lan.published.size).toBe(0);
  });

  it('reports a host that cannot start, with a way out that fits the desktop app, and stays stopped', async () => {
    const { service, onChange } = setup({ failStart: true });
    const failed = service.start({ config: makeConfig() });
    await expect(failed).rejects.toThrow(
      'Ports 4700 to 4709 are all in use or reserved. Quit the program that uses them (another copy of Gavel, or a headless host) and try again.',
    );
    await expect(failed).rejects.not.toThrow(/--port/);
    expect(service.current).toBeNull();
    expect(onChange).not.toHaveBeenCalled();
  });

  it('says how many devices are connected, leaving out this computer’s own windows', async () => {
    const { service, io, onChange } = setup();
    const info = await service.start({ config: makeConfig() });
    expect(info.devices).toEqual({ total: 0, fromNetwork: 0, everFromNetwork: 0 });
    const console = fakeSocket('127.0.0.1');
    const phone = fakeSocket('::ffff:192.168.1.77');
    io.emit('connection', console);
    io.emit('connection', phone);
    await vi.waitFor(() => expect(service.current?.devices).toEqual({ total: 2, fromNetwork: 1, everFromNetwork: 1 }));
    phone.emit('disconnect');
    await vi.waitFor(() => expect(service.current?.devices).toEqual({ total: 1, fromNetwork: 0, everFromNetwork: 1 }));
    expect(onChange).toHaveBeenLastCalledWith(service.current);
  });

  it('follows the host’s addresses and says when none reaches the LAN', async () => {
    const { service, started, onChange } = setup({ addresses: [LOCAL] });
    const info = await service.start({ config: makeConfig() });
    expect(info.hasLanAddress).toBe(false);
    started[0]?.onAddressesChanged?.([WIFI, LOCAL]);
    expect(service.current?.addresses).toEqual([WIFI, LOCAL]);
    expect(service.current?.hasLanAddress).toBe(true);
    expect(onChange).toHaveBeenLastCalledWith(service.current);
  });

  it('tells loopback connections from the network', () => {
    expect(isLoopbackAddress('127.0.0.1')).toBe(true);
    expect(isLoopbackAddress('::1')).toBe(true);
    expect(isLoopbackAddress('::ffff:127.0.0.1')).toBe(true);
    expect(isLoopbackAddress('::ffff:192.168.1.5')).toBe(false);
    expect(isLoopbackAddress('10.77.0.2')).toBe(false);
  });
});
