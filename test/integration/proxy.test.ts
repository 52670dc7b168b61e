import { afterEach, describe, expect, it } from 'vitest';
import { highBid } from '../../shared/auction/rules';
import { toPublicState, toTeamState } from '../../shared/auction/views';
import { connectGavel, type GavelClient } from '../../renderer/lib/gavel-client';
import { makeConfig, makeLot } from '../helpers/builders';
import { startTestHost, type TestHost } from '../helpers/host';

let t: TestHost | null = null;
const opened: GavelClient[] = [];
afterEach(async () => {
  for (const c of opened.splice(0)) c.close();
  await t?.close();
  t = null;
});

/** Every packet a client receives (events, snapshots, acks) and every event it sends, from before it connects. */
interface Recorded {
  readonly client: GavelClient;
  readonly received: unknown[];
  readonly sent: string[];
}

async function connectRecorded(host: TestHost, code: string): Promise<Recorded> {
  const client = connectGavel({
    url: host.url,
    code,
    clockSyncIntervalMs: 0,
    socketOptions: { reconnection: false, autoConnect: false },
  });
  opened.push(client);
  const received: unknown[] = [];
  const sent: string[] = [];
  client.socket.io.on('packet', (packet: unknown) => received.push(packet));
  client.socket.onAnyOutgoing((event: string) => sent.push(event));
  client.socket.connect();
  await client.waitFor((c) => c.state !== null, 5_000);
  return { client, received, sent };
}

/** Every number and every string anywhere in `value`, with the keys they sit under. */
function leaves(
  value: unknown,
  key = '',
  out: { key: string; value: unknown }[] = [],
): { key: string; value: unknown }[] {
  if (Array.isArray(value)) for (const item of value) leaves(item, key, out);
  else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) leaves(v, k, out);
  } else out.push({ key, value });
  return out;
}

async function caughtUp(host: TestHost, clients: readonly GavelClient[]): Promise<void> {
  const seq = host.host.room.publishedState.seq;
  await Promise.all(clients.map((c) => c.waitFor((x) => (x.state?.seq ?? 0) >= seq)));
}

describe('[PRX1]–[PRX7] proxy bids over real sockets', () => {
  it('[PRX3] [PRX6] a maximum races a live bidder, and no other client ever receives it', async () => {
    const config = makeConfig({
      teams: 3,
      lots: [makeLot(1), makeLot(2)],
      rules: { purse: 10_000, gapMs: 2_000, lotOpenMs: 20_000, bidExtendMs: 5_000 },
    });
    t = await startTestHost(config);
    const host = t;
    // The observers connect before anything happens and record everything they are sent.
    const admin = await connectRecorded(host, host.host.joinCodes.admin);
    const projector = await connectRecorded(host, host.host.joinCodes.spectator);
    const spectator = await connectRecorded(host, '');
    const rival = await connectRecorded(host, host.host.joinCodes.teams.T2 ?? '');
    const secret = await connectRecorded(host, host.host.joinCodes.teams.T1 ?? '');
    const third = await connectRecorded(host, host.host.joinCodes.teams.T3 ?? '');
    const observers = [admin, projector, spectator, rival];
    const everyone = [...observers, secret, third];
    expect(projector.client.role).toBe('spectator');

    expect((await admin.client.send('auction:start', {})).ok).toBe(true);
    // T1 leaves 437 on the open lot and 2345 on the next; T3 leaves 1999 on the next.
    expect(await secret.client.send('proxy:set', { lotId: 'L1', max: 437 })).toMatchObject({ ok: true });
    expect((await secret.client.send('proxy:set', { lotId: 'L2', max: 2_345 })).ok).toBe(true);
    expect((await third.client.send('proxy:set', { lotId: 'L2', max: 1_999 })).ok).toBe(true);
    await caughtUp(
      host,
      everyone.map((r) => r.client),
    );
    // The maximum opened the lot at its base price for T1.
    expect(highBid(rival.client.state!)).toMatchObject({ teamId: 'T1', amount: 100, auto: true });
    expect(secret.client.state?.proxies?.map((p) => [p.lotId, p.max])).toEqual([
      ['L1', 437],
      ['L2', 2_345],
    ]);

    // The live bidder races the maximum: each live bid is answered at once, one step over it.
    await host.clock.advance(18_000);
    const first = await rival.client.placeBid('L1', 150);
    expect(first.ok).toBe(true);
    await caughtUp(
      host,
      everyone.map((r) => r.client),
    );
    expect(highBid(rival.client.state!)).toMatchObject({ teamId: 'T1', amount: 160, auto: true });
    // [CLK2] the automatic bid extended the lot like any bid.
    expect(rival.client.state?.current?.endsAt).toBe(host.clock.now() + 5_000);
    expect((await rival.client.placeBid('L1', 300)).ok).toBe(true);
    expect((await rival.client.placeBid('L1', 430)).ok).toBe(true);
    await caughtUp(
      host,
      everyone.map((r) => r.client),
    );
    // 440 is over 437: T1's maximum lapses and T1 alone is told.
    expect(highBid(rival.client.state!)).toMatchObject({ teamId: 'T2', amount: 430 });
    expect(secret.client.state?.proxies?.map((p) => p.lotId)).toEqual(['L2']);
    const lapsed = secret.received.find((p) => JSON.stringify(p).includes('proxy:lapsed'));
    expect(JSON.stringify(lapsed)).toContain('outbid');

    // T1 lowers its maximum on L2, then the lot opens: the two maximums meet at once.
    expect((await secret.client.send('proxy:set', { lotId: 'L2', max: 2_222 })).ok).toBe(true);
    expect(await secret.client.send('proxy:withdraw', { lotId: 'L1' }).then((a) => !a.ok && a.error.code)).toBe(
      'no_proxy',
    );
    await host.clock.advance(8_000);
    await caughtUp(
      host,
      everyone.map((r) => r.client),
    );
    const state = host.host.room.state;
    expect(state.current?.lotId).toBe('L2');
    // One increment over T3's 1999, for T1; nothing on the wire says 1999 or 2222.
    expect(highBid(state)).toMatchObject({ teamId: 'T1', amount: 2_009, auto: true });
    expect(state.proxies?.map((p) => [p.teamId, p.max])).toEqual([['T1', 2_222]]);

    // Every client folded every event without a resync and holds its own view of the state.
    for (const r of everyone) expect(r.sent).not.toContain('snapshot:get');
    for (const r of observers) expect(r.client.state).toEqual(toPublicState(state));
    expect(secret.client.state).toEqual(toTeamState(state, 'T1'));
    expect(third.client.state).toEqual(toTeamState(state, 'T3'));
    // A resync's snapshot is the same view.
    await rival.client.resync();
    expect(rival.client.state?.proxies).toEqual([]);
    // A team's own snapshot carries its own maximums.
    await secret.client.resync();
    expect(secret.client.state?.proxies?.map((p) => p.max)).toEqual([2_222]);

    // The secret: no observer ever received a maximum, as a number or a proxy field.
    const maxima = [437, 2_345, 2_222, 1_999];
    for (const r of observers) {
      const all = leaves(r.received);
      expect(all.filter((l) => typeof l.value === 'number' && maxima.includes(l.value))).toEqual([]);
      expect(all.filter((l) => l.key === 'max')).toEqual([]);
      expect(JSON.stringify(r.received)).not.toMatch(/proxy:(set|withdrawn|lapsed)/);
      // They did see the automatic bids, marked as such, and a withheld event per private one.
      expect(JSON.stringify(r.received)).toContain('"auto":true');
      expect(JSON.stringify(r.received)).toContain('event:withheld');
    }
    // T3 saw its own maximum and never T1's.
    const thirdNumbers = leaves(third.received).map((l) => l.value);
    expect(thirdNumbers).toContain(1_999);
    expect(thirdNumbers).not.toContain(2_345);
    expect(thirdNumbers).not.toContain(437);

    // The audit log is the room's view too.
    const audit = await admin.client.readWholeAudit();
    expect(audit.ok && leaves(audit.data).filter((l) => l.key === 'max')).toEqual([]);
  });

  it('[PRX2] only a team leaves a maximum, and a bad payload is refused with a reason', async () => {
    t = await startTestHost(makeConfig({ teams: 2, lots: 2 }));
    const admin = await t.admin();
    const team = await t.team('T1');
    expect((await admin.send('auction:start', {})).ok).toBe(true);
    const asAdmin = await admin.send('proxy:set', { lotId: 'L1', max: 200 });
    expect(!asAdmin.ok && asAdmin.error.code).toBe('not_authorized');
    for (const payload of [{ lotId: 'L1', max: -5 }, { lotId: 'L1', max: 1.5 }, { lotId: 'L1' }, { max: 200 }]) {
      const res = await team.send('proxy:set', payload as never);
      expect(!res.ok && res.error.code).toBe('invalid_payload');
    }
    const constructor = await team.send('proxy:set', { lotId: 'constructor', max: 200 });
    expect(!constructor.ok && constructor.error.code).toBe('unknown_lot');
    const long = await team.send('proxy:set', { lotId: 'ש'.repeat(5_000), max: 200 });
    expect(!long.ok && long.error.code).toBe('invalid_payload');
  });
});
