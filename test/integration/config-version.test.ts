import { afterEach, describe, expect, it } from 'vitest';
import { io, type Socket } from 'socket.io-client';
import { memoryConfigStore, type ConfigStore } from '../../renderer/lib/config-store';
import { connectGavel, type GavelClient } from '../../renderer/lib/gavel-client';
import { PROTOCOL_VERSION, type SnapshotMessage } from '../../shared/protocol/messages';
import { makeConfig, makeLot } from '../helpers/builders';
import { startTestHost, type TestHost } from '../helpers/host';

/**
 * docs/PROTOCOL.md, "The config travels once per version": a snapshot names
 * its config (`configVersion`); a client that names the host's current
 * version in its handshake or in `snapshot:get` gets the snapshot without the
 * config and puts back its own copy; anything else gets the whole snapshot.
 */

let t: TestHost | null = null;
const clients: GavelClient[] = [];
const sockets: Socket[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  for (const s of sockets.splice(0)) s.close();
  await t?.close();
  t = null;
});

function host(): TestHost {
  if (!t) throw new Error('no test host');
  return t;
}

/** A catalog big enough that the config is most of a snapshot, as at a real auction. */
function catalogConfig(): ReturnType<typeof makeConfig> {
  return makeConfig({ teams: 10, lots: 120, rules: { lotOpenMs: 60_000, bidExtendMs: 5_000 } });
}

/** A client that reconnects by itself, quickly; `snapshots` are the messages as they came over the wire. */
async function join(
  code: string,
  configStore: ConfigStore | null = null,
): Promise<{ client: GavelClient; snapshots: SnapshotMessage[] }> {
  const client = connectGavel({
    url: host().url,
    code,
    clockSyncIntervalMs: 0,
    configStore,
    socketOptions: { reconnectionDelay: 20, reconnectionDelayMax: 100, randomizationFactor: 0.5 },
  });
  clients.push(client);
  const snapshots: SnapshotMessage[] = [];
  client.socket.on('auction:snapshot', (message) => void snapshots.push(message));
  await client.waitFor((c) => c.state !== null);
  return { client, snapshots };
}

function teamCode(teamId: string): string {
  return host().host.joinCodes.teams[teamId] ?? 'missing';
}

async function caughtUp(...cs: GavelClient[]): Promise<void> {
  const seq = host().host.room.publishedState.seq;
  await Promise.all(cs.map((c) => c.waitFor((x) => x.socket.connected && (x.state?.seq ?? 0) >= seq, 20_000)));
}

/** Cuts the connection under the client (a dropped Wi-Fi link); it reconnects by itself. */
async function cut(client: GavelClient): Promise<void> {
  client.socket.io.engine.close();
  await client.waitFor((c) => !c.socket.connected || c.status !== 'connected');
}

/** A plain socket.io client with this handshake `auth`: the first snapshot it receives. */
async function firstSnapshot(auth: Record<string, unknown>): Promise<SnapshotMessage> {
  const socket = io(host().url, { transports: ['websocket'], forceNew: true, reconnection: false, auth });
  sockets.push(socket);
  return new Promise((resolve, reject) => {
    socket.once('auction:snapshot', resolve);
    socket.once('connect_error', reject);
  });
}

describe('a client that holds the current config gets snapshots without it', () => {
  it('reconnects to a snapshot without the config and ends equal to a fresh client', async () => {
    t = await startTestHost(catalogConfig());
    const admin = await join(t.host.joinCodes.admin);
    const bidder = await join(teamCode('T1'));
    const other = await join(teamCode('T2'));
    const first = bidder.snapshots[0]!;
    expect(first.state.config).toBeDefined();
    expect(typeof first.configVersion).toBe('string');
    expect((await admin.client.send('auction:start', {})).ok).toBe(true);
    expect((await bidder.client.placeBid('L1', 100)).ok).toBe(true);
    await caughtUp(bidder.client, other.client);

    await cut(bidder.client);
    expect((await other.client.placeBid('L1', 200)).ok).toBe(true);
    await caughtUp(bidder.client, other.client);

    const again = bidder.snapshots.at(-1)!;
    expect(bidder.snapshots).toHaveLength(2);
    expect(again.configVersion).toBe(first.configVersion);
    expect(again.state.config).toBeUndefined();
    // The config is most of a snapshot: without it, a snapshot is a fraction of the size.
    expect(JSON.stringify(again).length).toBeLessThan(JSON.stringify(first).length / 3);

    const fresh = await join(teamCode('T1'));
    await caughtUp(fresh.client);
    expect(bidder.client.state).toEqual(fresh.client.state);
    expect(bidder.client.state).toEqual(host().host.room.publishedState);
    expect(bidder.client.snapshot?.state.config).toEqual(host().host.room.publishedState.config);
    // And it bids on from there.
    expect((await bidder.client.placeBid('L1', 300)).ok).toBe(true);
    await caughtUp(bidder.client, fresh.client);
    expect(bidder.client.state).toEqual(fresh.client.state);
  });

  it('answers snapshot:get without the config when the client names the current version', async () => {
    t = await startTestHost(catalogConfig());
    const { client, snapshots } = await join(teamCode('T1'));
    const version = snapshots[0]!.configVersion!;
    const named = await client.socket.timeout(5_000).emitWithAck('snapshot:get', { configVersion: version });
    const whole = await client.socket.timeout(5_000).emitWithAck('snapshot:get', {});
    if (!named.ok || !whole.ok) throw new Error('snapshot:get refused');
    expect(named.data.state.config).toBeUndefined();
    expect(named.data.configVersion).toBe(version);
    expect(whole.data.state.config).toEqual(host().host.room.publishedState.config);
    // The client's own resync names what it holds and keeps the full state.
    await client.resync();
    expect(client.state).toEqual(host().host.room.publishedState);
  });
});

describe('a client whose config is stale or unknown gets the whole snapshot', () => {
  it('gets the new config after setup changed it while the client was away', async () => {
    t = await startTestHost(catalogConfig());
    const admin = await join(t.host.joinCodes.admin);
    const spectator = await join('');
    const before = spectator.snapshots[0]!.configVersion;

    spectator.client.socket.io.reconnection(false);
    await cut(spectator.client);
    const lots = [...host().host.room.publishedState.config.lots, makeLot(121, { name: 'Added while away' })];
    expect((await admin.client.configureAuction({ lots })).ok).toBe(true);
    spectator.client.socket.io.reconnection(true);
    spectator.client.socket.connect();
    await caughtUp(spectator.client, admin.client);

    const again = spectator.snapshots.at(-1)!;
    expect(again.configVersion).not.toBe(before);
    expect(again.state.config?.lots.at(-1)?.name).toBe('Added while away');
    expect(spectator.client.state).toEqual(host().host.room.publishedState);
    expect(admin.client.state).toEqual(host().host.room.publishedState);
  });

  it.each([
    ['absent (an older client)', {}],
    ['a number', { configVersion: 42 }],
    ['an object', { configVersion: { toString: 'x' } }],
    ['an array', { configVersion: ['x'] }],
    ['__proto__', { configVersion: '__proto__' }],
    ['constructor', { configVersion: 'constructor' }],
    ['very long', { configVersion: 'v'.repeat(10_000) }],
    ['right-to-left text', { configVersion: '\u202Egavel' }],
  ])('a handshake naming a version that is %s gets the whole snapshot', async (_name, extra) => {
    t = await startTestHost(catalogConfig());
    const snapshot = await firstSnapshot({ code: '', protocol: PROTOCOL_VERSION, ...extra });
    expect(snapshot.state.config).toEqual(host().host.room.publishedState.config);
    expect(snapshot.state).toEqual(host().host.room.publishedState);
  });

  it('a handshake naming the current version, prefixed or changed by one character, gets the whole snapshot', async () => {
    t = await startTestHost(catalogConfig());
    const version = (await firstSnapshot({ code: '', protocol: PROTOCOL_VERSION })).configVersion!;
    const changed = `${version.slice(0, -1)}${version.endsWith('A') ? 'B' : 'A'}`;
    for (const claim of [changed, ` ${version}`, `${version}A`, version.slice(1)]) {
      const snapshot = await firstSnapshot({ code: '', protocol: PROTOCOL_VERSION, configVersion: claim });
      expect(snapshot.state.config).toBeDefined();
    }
    const named = await firstSnapshot({ code: '', protocol: PROTOCOL_VERSION, configVersion: version });
    expect(named.state.config).toBeUndefined();
  });

  it('refuses a snapshot:get whose configVersion is not a version, with a clear error', async () => {
    t = await startTestHost(catalogConfig());
    const { client } = await join('');
    for (const configVersion of [42, 'v'.repeat(65), '__proto__ !', '']) {
      const res = await client.socket
        .timeout(5_000)
        .emitWithAck('snapshot:get', { configVersion } as unknown as { configVersion: string });
      expect(res.ok || res.error.code).toBe('invalid_payload');
    }
    // A well-formed version the host never made is simply not the current one.
    const unknown = await client.socket.timeout(5_000).emitWithAck('snapshot:get', { configVersion: 'not-a-version' });
    expect(unknown.ok && unknown.data.state.config).toEqual(host().host.room.publishedState.config);
  });
});

describe('a page reload keeps the config it had', () => {
  it('a new client with the stored config gets the snapshot without it and the same state', async () => {
    t = await startTestHost(catalogConfig());
    const store = memoryConfigStore();
    const first = await join(teamCode('T1'), store);
    expect(store.held?.version).toBe(first.snapshots[0]!.configVersion);
    first.client.close();

    // The page is opened again: a new client, the same storage.
    const reloaded = await join(teamCode('T1'), store);
    expect(reloaded.snapshots[0]!.state.config).toBeUndefined();
    expect(reloaded.client.state).toEqual(host().host.room.publishedState);
  });

  it('a stored config of another version is replaced by the host’s', async () => {
    t = await startTestHost(catalogConfig());
    const store = memoryConfigStore();
    const other = makeConfig({ teams: 2, lots: 1 });
    store.write({ version: 'an-older-version', config: other });
    const { client, snapshots } = await join('', store);
    expect(snapshots[0]!.state.config).toBeDefined();
    expect(client.state?.config).toEqual(host().host.room.publishedState.config);
    expect(store.held?.version).toBe(snapshots[0]!.configVersion);
  });
});

describe('a burst of reconnects during an open lot', () => {
  const CLIENTS = 300;

  it(
    `${CLIENTS} clients cut at once all catch up to the host, and no accepted bid is lost`,
    { timeout: 120_000 },
    async () => {
      t = await startTestHost(makeConfig({ teams: 30, lots: 20, rules: { lotOpenMs: 600_000, bidExtendMs: 5_000 } }), {
        rateLimits: {
          handshakeBurst: 10_000,
          handshakePerSecond: 10_000,
          handshakeQueue: 10_000,
          commandBurst: 10_000,
          commandPerSecond: 10_000,
          connectionsPerAddress: 10_000,
        },
      });
      const admin = await join(t.host.joinCodes.admin);
      const bidders = [await join(teamCode('T1')), await join(teamCode('T2'))];
      expect((await admin.client.send('auction:start', {})).ok).toBe(true);
      const joined: Awaited<ReturnType<typeof join>>[] = [];
      for (let i = 0; i < CLIENTS; i++) {
        const teamId = `T${3 + (i % 28)}`;
        joined.push(await join(i < 28 ? teamCode(teamId) : ''));
      }
      const room = joined.map((j) => j.client);
      await caughtUp(...room);

      // Bids go on from two teams that keep their connection while every other one is cut.
      const acked: number[] = [];
      let amount = 100;
      const bidding = (async () => {
        for (let i = 0; i < 40; i++) {
          amount += 10;
          const res = await bidders[i % 2]!.client.placeBid('L1', amount);
          if (res.ok) acked.push(res.data.bid.id);
        }
      })();
      for (const client of room) client.socket.io.engine.close();
      await bidding;
      await caughtUp(...room, ...bidders.map((b) => b.client));

      expect(acked).toHaveLength(40);
      // Every client came back on a snapshot without the config, and put its own back.
      for (const { snapshots } of joined) {
        expect(snapshots.length).toBeGreaterThanOrEqual(2);
        expect(snapshots.at(-1)!.state.config).toBeUndefined();
      }
      const published = host().host.room.publishedState;
      for (const client of room) expect(client.state).toEqual(published);
      const audit = await admin.client.readWholeAudit();
      if (!audit.ok) throw new Error('audit refused');
      const accepted = new Set(audit.data.flatMap((e) => (e.type === 'bid:accepted' ? [e.bid.id] : [])));
      for (const id of acked) expect(accepted.has(id)).toBe(true);
      expect(published.current?.bidCount).toBe(40);
    },
  );
});
