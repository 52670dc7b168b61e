import { createConnection, createServer, type AddressInfo, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { io } from 'socket.io-client';
import { DEFAULT_RATE_LIMITS } from '../../main/host/rate-limit';
import type { GavelClient } from '../../renderer/lib/gavel-client';
import { CLIENT_COMMAND_TYPES, type ClientCommandType } from '../../shared/protocol/messages';
import { makeConfig, makeLot } from '../helpers/builders';
import { startTestHost, type TestHost } from '../helpers/host';

let t: TestHost | null = null;
afterEach(async () => {
  await t?.close();
  t = null;
});

/** A payload each command's schema accepts, so only the role decides. */
const VALID_PAYLOADS: Record<ClientCommandType, Record<string, unknown>> = {
  'auction:configure': { name: 'Renamed' },
  'auction:start': {},
  'auction:pause': {},
  'auction:resume': {},
  'lot:hammer': {},
  'lot:skip': {},
  'lot:extend': { ms: 1_000 },
  'sale:undo': {},
  'bid:place': { bidId: 'matrix-bid', lotId: 'L1', amount: 100 },
  'bid:floor': { bidId: 'matrix-floor', lotId: 'L1', teamId: 'T2', amount: 100 },
  'purse:adjust': { teamId: 'T2', delta: 10, reason: 'matrix' },
  'lot:nominate': { lotId: 'L2' },
  'sale:correct': { lotId: 'L1', amount: 100, reason: 'matrix' },
  'round:pick': { lotIds: [] },
  'wishlist:set': { lotIds: [] },
  'lot:next': {},
  'proxy:set': { lotId: 'L1', max: 200 },
  'proxy:withdraw': { lotId: 'L1' },
  'rtm:use': { lotId: 'L1' },
  'rtm:decline': { lotId: 'L1' },
  'rtm:raise': { lotId: 'L1', amount: 200 },
  'rtm:final': { lotId: 'L1' },
  'rtm:match': { lotId: 'L1' },
  'rtm:pass': { lotId: 'L1' },
};

/** Who may send what (RULES.md [AUTH1]–[AUTH4]). */
const ALLOWED: Record<'admin' | 'team' | 'spectator', readonly ClientCommandType[]> = {
  admin: CLIENT_COMMAND_TYPES.filter(
    (c) => c !== 'bid:place' && c !== 'wishlist:set' && c !== 'proxy:set' && c !== 'proxy:withdraw',
  ),
  team: [
    'bid:place',
    'lot:nominate',
    'wishlist:set',
    'proxy:set',
    'proxy:withdraw',
    'rtm:use',
    'rtm:decline',
    'rtm:raise',
    'rtm:final',
    'rtm:match',
    'rtm:pass',
  ],
  spectator: [],
};

describe('authorization matrix: every command × every role', () => {
  for (const role of ['admin', 'team', 'spectator'] as const) {
    for (const command of CLIENT_COMMAND_TYPES) {
      const allowed = ALLOWED[role].includes(command);
      it(`${role} ${allowed ? 'may' : 'may not'} send ${command}`, async () => {
        t = await startTestHost(makeConfig({ teams: 2, lots: 3 }));
        const admin = await t.admin();
        if (command !== 'auction:configure' && command !== 'auction:start') {
          await admin.send('auction:start', {});
        }
        const client: GavelClient =
          role === 'admin' ? admin : role === 'team' ? await t.team('T1') : await t.connect(t.host.joinCodes.spectator);
        expect(client.role).toBe(role);
        const before = t.host.room.state;
        const res = await client.send(command, VALID_PAYLOADS[command] as never);
        if (allowed) {
          expect(res.ok || res.error.code).not.toBe('not_authorized');
        } else {
          expect(res.ok || res.error.code).toBe('not_authorized');
          expect(t.host.room.state).toBe(before);
        }
      });
    }
  }

  it('a team may not bid for another team, and an unauthenticated client never gets in', async () => {
    t = await startTestHost(makeConfig({ teams: 2, lots: 3 }), { openSpectators: false });
    const admin = await t.admin();
    await admin.send('auction:start', {});
    const team = await t.team('T1');
    const res = await team.send('bid:place', { bidId: 'x', lotId: 'L1', amount: 100, teamId: 'T2' });
    expect(res.ok || res.error.code).toBe('not_authorized');
    for (const code of ['', 'WRONG-CODE', t.host.joinCodes.teams['T1']!.slice(0, 8)]) {
      const stranger = await t.connect(code);
      expect(stranger.status).toBe('refused');
      expect(stranger.refusal?.code).toBe('bad_credentials');
      expect(stranger.state).toBeNull();
    }
  });
});

describe('secrets stay with their owners', () => {
  it('a team and a spectator never receive another team’s code or the admin key, during a whole auction', async () => {
    t = await startTestHost(makeConfig({ teams: 3, lots: 2 }));
    const codes = t.host.joinCodes;
    const received: Record<string, string[]> = { team: [], spectator: [] };
    const team = await t.team('T1');
    const spectator = await t.connect(codes.spectator);
    team.socket.onAny((event: string, ...args: unknown[]) => received['team']!.push(event + JSON.stringify(args)));
    spectator.socket.onAny((event: string, ...args: unknown[]) =>
      received['spectator']!.push(event + JSON.stringify(args)),
    );
    received['team']!.push(JSON.stringify(team.snapshot));
    received['spectator']!.push(JSON.stringify(spectator.snapshot));
    const admin = await t.admin();
    expect(admin.joinCodes?.teams).toEqual(codes.teams);
    await admin.send('auction:start', {});
    await team.placeBid('L1', 100);
    await t.clock.advance(10_300 + 2_000);
    await team.resync();
    await spectator.resync();
    await admin.send('lot:hammer', {});

    const secretsForTeam = [codes.admin, codes.spectator, codes.teams['T2']!, codes.teams['T3']!];
    const secretsForSpectator = [codes.admin, ...Object.values(codes.teams)];
    const strip = (s: string): string => s.replace(/-/g, '');
    const teamText = strip(received['team']!.join('\n'));
    const spectatorText = strip(received['spectator']!.join('\n'));
    expect(received['team']!.length).toBeGreaterThan(5);
    for (const secret of secretsForTeam) expect(teamText).not.toContain(strip(secret));
    for (const secret of secretsForSpectator) expect(spectatorText).not.toContain(strip(secret));
    expect(team.joinCodes).toBeNull();
    expect(spectator.joinCodes).toBeNull();
  });
});

describe('rate limits', () => {
  // Wrong codes, unknown events and connections per address: test/integration/limits.test.ts.
  it('answers a command flood with rate_limited and keeps serving', async () => {
    t = await startTestHost(makeConfig(), { rateLimits: DEFAULT_RATE_LIMITS });
    const team = await t.team('T1');
    const answers = await Promise.all(Array.from({ length: 100 }, () => team.send('lot:skip', {})));
    const limited = answers.filter((a) => !a.ok && a.error.code === 'rate_limited').length;
    expect(limited).toBeGreaterThanOrEqual(100 - DEFAULT_RATE_LIMITS.commandBurst - 5);
    expect(answers.filter((a) => !a.ok && a.error.code === 'not_authorized').length).toBeGreaterThan(0);
    await t.clock.advance(2_000);
    const later = await team.send('lot:skip', {});
    expect(later.ok || later.error.code).toBe('not_authorized');
  });

  it('drops a message larger than the transport limit without harm to the host', async () => {
    t = await startTestHost(makeConfig());
    const big = await t.team('T1');
    const huge = 'x'.repeat(2_000_000);
    const gone = new Promise<string>((resolve) => big.socket.once('disconnect', (reason) => resolve(reason)));
    (big.socket as unknown as { emit(ev: string, p: unknown): void }).emit('bid:place', { bidId: 'b', pad: huge });
    expect(await gone).toBe('transport close');
    const other = await t.team('T2');
    expect(other.state?.seq).toBe(t.host.room.state.seq);
  });
});

describe('a client that stops reading', () => {
  it('is let go once its queue passes the limit, and the host and everyone else carry on', async () => {
    t = await startTestHost(makeConfig({ teams: 2, lots: 1 }), { maxQueuedMessages: 5 });
    const admin = await t.admin();
    const watcher = await t.connect('');
    const watcherId = [...t.host.io.of('/').sockets.values()].find((s) => s.data.identity.role === 'spectator')!.id;
    const stall = await startStallProxy(t.host.port);
    try {
      // A real client behind a link that stops carrying data to it: the kernel's buffers fill, then engine.io's queue.
      const sleeper = io(stall.url, {
        auth: { code: '', protocol: 1 },
        reconnection: false,
        transports: ['websocket'],
      });
      await new Promise<void>((resolve) => sleeper.once('auction:snapshot', () => resolve()));
      const sockets = (): number => t!.host.io.of('/').sockets.size;
      expect(sockets()).toBe(3);
      // Engine.io's own ping timeout would also drop it, but only after 18 s: the guard must be the one.
      const reasons: string[] = [];
      for (const socket of t.host.io.of('/').sockets.values()) {
        if (socket.data.identity.role === 'spectator' && socket.id !== watcherId) {
          socket.on('disconnect', (reason) => reasons.push(reason));
        }
      }
      stall.stall();
      // Big broadcasts fill buffers fast: every page of a catalog upload re-sends the whole config.
      const lots = Array.from({ length: 3_000 }, (_, i) =>
        makeLot(i + 1, { name: `Player ${i + 1} `.padEnd(60, '.') }),
      );
      for (let round = 0; round < 20 && sockets() === 3; round++) {
        expect((await admin.configureAuction({ lots })).ok).toBe(true);
        await new Promise((r) => setTimeout(r, 1_100)); // one sweep of the watch
      }
      expect(sockets()).toBe(2);
      expect(reasons).toEqual(['server namespace disconnect']);
      // Everyone else was served throughout and holds every event.
      await watcher.waitFor((c) => c.state?.seq === t!.host.room.publishedState.seq);
      expect(watcher.state).toEqual(t.host.room.publishedState);
      sleeper.close();
    } finally {
      await stall.close();
    }
  });
});

/** A TCP proxy on 127.0.0.1 that, once stalled, stops reading what the host sends. */
async function startStallProxy(targetPort: number): Promise<{ url: string; stall(): void; close(): Promise<void> }> {
  const upstreams: Socket[] = [];
  const server = createServer((client) => {
    const upstream = createConnection({ host: '127.0.0.1', port: targetPort });
    upstreams.push(upstream);
    client.on('data', (chunk) => upstream.write(chunk));
    upstream.on('data', (chunk) => client.write(chunk));
    const end = (): void => {
      client.destroy();
      upstream.destroy();
    };
    client.on('close', end);
    upstream.on('close', end);
    client.on('error', end);
    upstream.on('error', end);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    stall: () => upstreams.forEach((u) => u.pause()),
    close: () =>
      new Promise<void>((resolve) => {
        upstreams.forEach((u) => u.destroy());
        server.close(() => resolve());
      }),
  };
}
