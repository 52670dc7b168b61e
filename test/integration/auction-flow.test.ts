import { afterEach, describe, expect, it } from 'vitest';
import { maxBid, nextMinBid } from '../../shared/auction/rules';
import type { GavelClient } from '../../renderer/lib/gavel-client';
import { makeConfig } from '../helpers/builders';
import { startTestHost, type TestHost } from '../helpers/host';

let t: TestHost | null = null;
afterEach(async () => {
  await t?.close();
  t = null;
});

/** Waits until every client has folded the host's events up to the host's seq. */
async function allCaughtUp(host: TestHost, clients: GavelClient[]): Promise<void> {
  const seq = host.host.room.publishedState.seq;
  await Promise.all(clients.map((c) => c.waitFor((x) => (x.state?.seq ?? 0) >= seq)));
}

describe('a whole auction over real sockets', () => {
  it('runs several lots by the clock to the end, with sales, an unsold lot and purses that add up', async () => {
    const config = makeConfig({ teams: 4, lots: 4, rules: { lotOpenMs: 10_000, bidExtendMs: 3_000, gapMs: 2_000 } });
    t = await startTestHost(config);
    const admin = await t.admin();
    const teams = await Promise.all(['T1', 'T2', 'T3', 'T4'].map((id) => t!.team(id)));
    const [t1, t2, t3] = teams as [GavelClient, GavelClient, GavelClient, GavelClient];
    const spectator = await t.connect('');
    expect(spectator.role).toBe('spectator');

    expect((await admin.send('auction:start', {})).ok).toBe(true);
    await allCaughtUp(t, [t1]);
    expect(t1.state?.current?.lotId).toBe('L1');

    // Lot 1: T1 opens, T2 raises, clock runs out: sold to T2 at 110.
    expect((await t1.placeBid('L1', 100)).ok).toBe(true);
    expect((await t2.placeBid('L1', 110)).ok).toBe(true);
    await t.clock.advance(10_300);
    await allCaughtUp(t, [...teams, admin, spectator]);
    // Lot 2 opens by itself after the gap.
    await t.clock.advance(2_000);
    await allCaughtUp(t, [t3]);
    expect(t3.state?.current?.lotId).toBe('L2');
    expect((await t3.placeBid('L2', 150)).ok).toBe(true);
    await t.clock.advance(10_300 + 2_000);
    // Lot 3: nobody bids, it goes unsold.
    await t.clock.advance(10_300 + 2_000);
    // Lot 4: T1 buys at base.
    expect((await t1.placeBid('L4', 100)).ok).toBe(true);
    await t.clock.advance(10_300);
    await allCaughtUp(t, [...teams, admin, spectator]);

    const state = t.host.room.state;
    expect(state.status).toBe('finished');
    expect(state.sales.map((s) => [s.lotId, s.teamId, s.amount])).toEqual([
      ['L1', 'T2', 110],
      ['L2', 'T3', 150],
      ['L4', 'T1', 100],
    ]);
    expect(state.outcomes['L3']).toBe('unsold');
    for (const team of config.teams) {
      const ledger = state.ledger[team.id]!;
      const bought = state.sales.filter((s) => s.teamId === team.id).reduce((sum, s) => sum + s.amount, 0);
      expect(ledger.spent).toBe(bought);
      expect(ledger.purse - ledger.spent).toBeGreaterThanOrEqual(0);
    }
    // Every client folded the same events to the same state as the host.
    for (const c of [...teams, admin, spectator]) expect(c.state).toEqual(t.host.room.publishedState);
  });

  it('extends the clock on late bids (soft close) and the last high bid wins', async () => {
    t = await startTestHost(makeConfig({ teams: 2, lots: 1, rules: { lotOpenMs: 10_000, bidExtendMs: 5_000 } }));
    const admin = await t.admin();
    const [a, b] = [await t.team('T1'), await t.team('T2')];
    await admin.send('auction:start', {});
    await allCaughtUp(t, [a, b]);
    const openedEndsAt = a.state!.current!.endsAt;

    let amount = 100;
    const bidders = [a, b];
    for (let round = 0; round < 6; round++) {
      // Each bid comes 1 s before the clock would run out.
      const endsAt = t.host.room.state.current!.endsAt;
      await t.clock.advance(endsAt - t.clock.now() - 1_000);
      const bidder = bidders[round % 2]!;
      const res = await bidder.placeBid('L1', amount);
      expect(res.ok).toBe(true);
      await allCaughtUp(t, [a, b]);
      // [CLK2] endsAt = max(endsAt, now + bidExtendMs)
      expect(a.state!.current!.endsAt).toBe(t.clock.now() + 5_000);
      amount = nextMinBid(a.state!)!;
    }
    expect(a.state!.current!.endsAt).toBeGreaterThan(openedEndsAt);
    await t.clock.advance(5_300);
    await allCaughtUp(t, [a, b]);
    const sale = t.host.room.state.sales[0]!;
    expect(sale).toMatchObject({ lotId: 'L1', teamId: 'T2', amount: 150 });
    expect(b.state!.sales).toEqual(t.host.room.state.sales);
  });

  it('accepts exactly one of 20 equal bids sent at once; the rest get bid_too_low', async () => {
    const config = makeConfig({ teams: 20, lots: 1 });
    t = await startTestHost(config);
    const admin = await t.admin();
    const bidders = await Promise.all(config.teams.map((team) => t!.team(team.id)));
    await admin.send('auction:start', {});
    await allCaughtUp(t, bidders);
    const answers = await Promise.all(bidders.map((b) => b.placeBid('L1', 100)));
    const accepted = answers.filter((a) => a.ok);
    const refused = answers.filter((a) => !a.ok);
    expect(accepted).toHaveLength(1);
    expect(refused).toHaveLength(19);
    for (const r of refused) expect(!r.ok && r.error.code).toBe('bid_too_low');
    await allCaughtUp(t, bidders);
    for (const b of bidders) expect(b.state!.current!.bids).toHaveLength(1);
  });
});

describe('refusals carry their error codes', () => {
  it('refuses a bid over the max-bid guard, on a closed lot, for another team, and an auctioneer command from a bidder', async () => {
    t = await startTestHost(
      makeConfig({ teams: 2, lots: 2, rules: { purse: 1000, squadMin: 3, minimumPrice: 100, gapMs: 5_000 } }),
    );
    const admin = await t.admin();
    const a = await t.team('T1');
    await admin.send('auction:start', {});
    await allCaughtUp(t, [a]);

    // [MAX1] 1000 − (3 − 0 − 1) × 100 = 800
    expect(maxBid(a.state!, 'T1')).toBe(800);
    const over = await a.placeBid('L1', 810);
    expect(over.ok || over.error.code).toBe('over_max_bid');
    // Messages are for people: the team's name and money as the room writes it (800 paise = ₹8).
    expect(over.ok || over.error.message).toBe('Team 1 may bid at most ₹8');

    const forOther = await a.send('bid:place', { bidId: 'x1', lotId: 'L1', amount: 100, teamId: 'T2' });
    expect(forOther.ok || forOther.error.code).toBe('not_authorized');

    const hammer = await a.send('lot:hammer', {});
    expect(hammer.ok || hammer.error.code).toBe('not_authorized');

    const wrongLot = await a.placeBid('L2', 100);
    expect(wrongLot.ok || wrongLot.error.code).toBe('lot_closed');

    await t.clock.advance(10_300); // L1 closes unsold; gap before L2
    const late = await a.placeBid('L1', 100);
    expect(late.ok || late.error.code).toBe('lot_closed');
  });

  it('refuses a wrong code at the handshake', async () => {
    t = await startTestHost(makeConfig());
    const intruder = await t.connect('ZZZZ-ZZZZ');
    expect(intruder.status).toBe('refused');
    expect(intruder.refusal?.code).toBe('bad_credentials');
    expect(intruder.state).toBeNull();
  });

  it('answers malformed payloads with invalid_payload and keeps running', async () => {
    t = await startTestHost(makeConfig({ teams: 2, lots: 2 }));
    const admin = await t.admin();
    const a = await t.team('T1');
    await admin.send('auction:start', {});
    const raw = a.socket as unknown as {
      timeout(ms: number): { emitWithAck(ev: string, ...args: unknown[]): Promise<unknown> };
    };
    const payloads: unknown[] = [
      null,
      42,
      'bid',
      [],
      { bidId: 'b1', lotId: 'L1' },
      { bidId: 'b1', lotId: 'L1', amount: '100' },
      { bidId: 'b1', lotId: 'L1', amount: 100.5 },
      { bidId: 'b1', lotId: 'L1', amount: -100 },
      { bidId: 'b1', lotId: 'L1', amount: 1e300 },
      { bidId: '', lotId: 'L1', amount: 100 },
      { bidId: 'b'.repeat(500), lotId: 'L1', amount: 100 },
      { bidId: 'b1', lotId: 'L1', amount: 100, extra: true },
      JSON.parse('{"__proto__": {"polluted": true}, "bidId": "b1", "lotId": "L1", "amount": 100}'),
    ];
    for (const payload of payloads) {
      const res = (await raw.timeout(2_000).emitWithAck('bid:place', payload)) as {
        ok: boolean;
        error?: { code: string };
      };
      expect(res.ok, JSON.stringify(payload)).toBe(false);
      expect(res.error?.code).toBe('invalid_payload');
    }
    const unknown = (await raw.timeout(2_000).emitWithAck('lot:steal', {})) as {
      ok: boolean;
      error?: { code: string };
    };
    expect(unknown.error?.code).toBe('invalid_payload');
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    // Still running, nothing changed by the garbage, and a good bid still goes through.
    expect(t.host.room.state.current?.bids).toHaveLength(0);
    expect((await a.placeBid('L1', 100)).ok).toBe(true);
  });
});

describe('reconnecting', () => {
  it('gives a client that reconnects a snapshot equal to what the others see', async () => {
    t = await startTestHost(makeConfig({ teams: 3, lots: 3 }));
    const admin = await t.admin();
    const a = await t.team('T1');
    const b = await t.team('T2');
    await admin.send('auction:start', {});
    await a.placeBid('L1', 100);
    a.close();
    // While T1 is away: a counter-bid, a sale, the next lot.
    await b.placeBid('L1', 110);
    await t.clock.advance(10_300 + 2_000);
    await allCaughtUp(t, [b]);

    const back = await t.team('T1');
    await allCaughtUp(t, [back, b]);
    expect(back.state).toEqual(b.state);
    expect(back.state!.sales[0]).toMatchObject({ lotId: 'L1', teamId: 'T2', amount: 110 });
    expect(back.state!.current?.lotId).toBe('L2');
  });

  it('answers a retried bid with the first answer and never counts it twice', async () => {
    t = await startTestHost(makeConfig({ teams: 2, lots: 1 }));
    const admin = await t.admin();
    const a = await t.team('T1');
    await admin.send('auction:start', {});
    const first = await a.placeBid('L1', 100, 'same-bid-id');
    const again = await a.placeBid('L1', 100, 'same-bid-id');
    expect(first.ok && again.ok).toBe(true);
    expect(again).toEqual(first);
    expect(t.host.room.state.current!.bids).toHaveLength(1);
  });
});

describe('presence', () => {
  it('tells the admin which teams are connected, and when one leaves', async () => {
    t = await startTestHost(makeConfig({ teams: 3, lots: 1 }));
    const admin = await t.admin();
    const a = await t.team('T1');
    await t.team('T2');
    await admin.waitFor((c) => c.presence?.teams['T1'] === 1 && c.presence?.teams['T2'] === 1);
    expect(admin.presence?.teams['T3']).toBe(0);
    a.close();
    await admin.waitFor((c) => c.presence?.teams['T1'] === 0);
    expect(admin.presence).toMatchObject({ admins: 1, teams: { T1: 0, T2: 1, T3: 0 } });
  });
});
