import { afterEach, describe, expect, it } from 'vitest';
import { replay } from '../../shared/auction/engine';
import { purseLeft, squadCount } from '../../shared/auction/rules';
import type { AuctionState } from '../../shared/auction/types';
import type { GavelClient } from '../../renderer/lib/gavel-client';
import { makeConfig, makeLot } from '../helpers/builders';
import { startTestHost, type TestHost } from '../helpers/host';

let t: TestHost | null = null;
afterEach(async () => {
  await t?.close();
  t = null;
});

async function allCaughtUp(host: TestHost, clients: GavelClient[]): Promise<void> {
  const seq = host.host.room.publishedState.seq;
  await Promise.all(clients.map((c) => c.waitFor((x) => (x.state?.seq ?? 0) >= seq)));
}

/** Spent + left = purse for every team, and the squads hold exactly the sold lots. */
function expectBooksBalance(state: AuctionState): void {
  for (const team of state.config.teams) {
    const ledger = state.ledger[team.id]!;
    expect(ledger.spent + purseLeft(state, team.id)).toBe(ledger.purse);
    expect(ledger.spent).toBe(state.sales.filter((s) => s.teamId === team.id).reduce((sum, s) => sum + s.amount, 0));
    expect(squadCount(state, team.id)).toBe(state.sales.filter((s) => s.teamId === team.id).length);
  }
}

describe('retained players, corrections and the accelerated round over real sockets', () => {
  it('[RET2] [COR1] [ACC1] [ACC2] [ACC3] a night: retentions, a corrected sale, a wish list, the pick, lot:next', async () => {
    const lots = [
      makeLot(1, { retained: { teamId: 'T1', price: 300 } }),
      makeLot(2),
      makeLot(3),
      makeLot(4),
      makeLot(5, { retained: { teamId: 'T2', price: 200 } }),
    ];
    const config = makeConfig({
      teams: 3,
      lots,
      rules: { rounds: 2, pickUnsold: true, manualAdvance: true, gapMs: 2_000, lotOpenMs: 10_000 },
    });
    t = await startTestHost(config);
    const admin = await t.admin();
    const [t1, t2, t3] = (await Promise.all(['T1', 'T2', 'T3'].map((id) => t!.team(id)))) as [
      GavelClient,
      GavelClient,
      GavelClient,
    ];
    const spectator = await t.connect('');
    const everyone = [admin, t1, t2, t3, spectator];

    expect((await admin.send('auction:start', {})).ok).toBe(true);
    await allCaughtUp(t, everyone);
    // [RET2] retentions are sales of round 0; the first lot on the block is L2.
    expect(t3.state?.sales.map((s) => [s.lotId, s.teamId, s.amount, s.retained])).toEqual([
      ['L1', 'T1', 300, true],
      ['L5', 'T2', 200, true],
    ]);
    expect(t3.state?.current?.lotId).toBe('L2');
    expect(purseLeft(t3.state!, 'T1')).toBe(700);

    // L2 sold to T2 at 150 by the clock; [ACC3] nothing opens until lot:next, however long we wait.
    expect((await t2.placeBid('L2', 150)).ok).toBe(true);
    await t.clock.advance(10_300);
    await t.clock.advance(60_000);
    await allCaughtUp(t, everyone);
    expect(spectator.state).toMatchObject({ phase: 'gap', hold: 'next', gapEndsAt: null });

    // [COR1] the hammer went to the wrong paddle: T3 bought L2, at 140.
    const refused = await admin.send('sale:correct', { lotId: 'L2', teamId: 'T3', reason: '' });
    expect(refused.ok ? null : refused.error.code).toBe('invalid_payload');
    const badPrice = await admin.send('sale:correct', { lotId: 'L2', teamId: 'T3', amount: 1.5, reason: 'x' });
    expect(badPrice.ok ? null : badPrice.error.code).toBe('invalid_payload');
    const tooMuch = await admin.send('sale:correct', { lotId: 'L2', teamId: 'T3', amount: 1_001, reason: 'x' });
    expect(tooMuch.ok ? null : tooMuch.error.code).toBe('over_max_bid');
    const byTeam = await t1.send('sale:correct', { lotId: 'L2', teamId: 'T1', reason: 'mine' });
    expect(byTeam.ok ? null : byTeam.error.code).toBe('not_authorized');
    const corrected = await admin.send('sale:correct', {
      lotId: 'L2',
      teamId: 'T3',
      amount: 140,
      reason: 'wrong paddle',
    });
    expect(corrected.ok).toBe(true);
    await allCaughtUp(t, everyone);
    for (const client of everyone) {
      expect(client.state?.sales[2]).toMatchObject({
        lotId: 'L2',
        teamId: 'T3',
        amount: 140,
        corrected: { fromTeamId: 'T2', fromAmount: 150, reason: 'wrong paddle' },
      });
      expectBooksBalance(client.state!);
    }

    // [ACC3] the auctioneer opens L3; it and L4 go unsold.
    expect((await admin.send('lot:next', {})).ok).toBe(true);
    expect((await admin.send('lot:skip', {})).ok).toBe(true);
    await allCaughtUp(t, [t1]);
    // [ACC2] a wish list of this round's unsold lots; only teams send one.
    expect((await t1.send('wishlist:set', { lotIds: ['L3'] })).ok).toBe(true);
    const notUnsold = await t1.send('wishlist:set', { lotIds: ['L2'] });
    expect(notUnsold.ok ? null : notUnsold.error.code).toBe('unknown_lot');
    expect((await admin.send('lot:next', {})).ok).toBe(true);
    expect((await admin.send('lot:skip', {})).ok).toBe(true);
    await allCaughtUp(t, everyone);
    // [ACC1] the round is over: the host waits for the pick, the console sees the wish list.
    expect(admin.state).toMatchObject({ hold: 'pick', unsold: ['L3', 'L4'], wishlists: { T1: ['L3'] } });
    // [ACC2] and so does T1; other teams and spectators neither see it nor its event, and a
    // snapshot taken now (a reconnect) agrees with what each folded.
    expect(t1.state?.wishlists).toEqual({ T1: ['L3'] });
    for (const other of [t2, t3, spectator]) expect(other.state?.wishlists).toEqual({});
    for (const client of [admin, t1, t2, spectator]) {
      const before = client.state;
      await client.resync();
      expect(client.state).toEqual(before);
    }
    const auditNow = await admin.readWholeAudit();
    expect(auditNow.ok).toBe(true);
    if (auditNow.ok) expect(auditNow.data.filter((e) => e.type === 'wishlist:updated')).toEqual([]);
    const early = await admin.send('lot:next', {});
    expect(early.ok ? null : early.error.code).toBe('wrong_phase');
    await t.clock.advance(120_000);
    expect(t.host.room.state.hold).toBe('pick');

    expect((await admin.send('round:pick', { lotIds: ['L3'] })).ok).toBe(true);
    await allCaughtUp(t, everyone);
    expect(t2.state).toMatchObject({ round: 2, phase: 'open', current: { lotId: 'L3' }, queue: [] });
    expect((await t1.placeBid('L3', 100)).ok).toBe(true);
    await t.clock.advance(10_300);
    await allCaughtUp(t, everyone);
    const final = t.host.room.state;
    expect(final.status).toBe('finished');
    expect(final.outcomes['L4']).toBe('unsold');
    expectBooksBalance(final);
    for (const client of everyone) expect(client.state).toEqual(final);

    // The journal replays to the same state.
    const audit = await admin.readWholeAudit();
    expect(audit.ok).toBe(true);
    if (audit.ok) expect(replay(audit.data)).toEqual(final);
  });
});
