import { describe, expect, it } from 'vitest';
import { replay, rtmCardsLeft, rtmCardsOf, validateConfig, purseLeft, nextDeadline } from '../../../shared/auction';
import type { AuctionState, Command } from '../../../shared/auction';
import {
  ADMIN,
  at,
  attempt,
  bid,
  errorOf,
  makeConfig,
  makeLot,
  makeRunningWithEvents,
  makeTeam,
  run,
  T0,
  teamActor,
  tick,
  typesOf,
  type ConfigOptions,
  type StepLike,
} from '../../helpers/builders';

const DECIDE_MS = 10_000;

/** L1 and L2 are T1's to match; L3 is nobody's. T1 holds one card, T2 two. */
function rtmAuction(options: ConfigOptions = {}): { state: AuctionState; events: ReturnType<typeof run>['events'] } {
  return makeRunningWithEvents({
    teams: [makeTeam(1), makeTeam(2, { rtmCards: 2 }), makeTeam(3)],
    lots: [makeLot(1, { rtmTeamId: 'T1' }), makeLot(2, { rtmTeamId: 'T1' }), makeLot(3)],
    rules: { rtmCards: 1, rtmDecisionMs: DECIDE_MS },
    ...options,
  });
}

/** As team `teamId`. */
function as(teamId: string, command: Command, now?: number): StepLike {
  return { command, actor: teamActor(teamId), now };
}

/** T2 wins L1 at 300 and the hammer falls: L1 waits on T1's decision. */
function offered(options: ConfigOptions = {}): { state: AuctionState; events: ReturnType<typeof run>['events'] } {
  const start = rtmAuction(options);
  const r = run(start.state, [bid('T2', 300), { type: 'lot:hammer' }]);
  return { state: r.state, events: [...start.events, ...r.events] };
}

describe('right to match', () => {
  it('[RTM1] a team holds its own count of cards, else the rules default, else none', () => {
    const { state } = rtmAuction();
    expect(rtmCardsOf(state.config, 'T1')).toBe(1);
    expect(rtmCardsOf(state.config, 'T2')).toBe(2);
    expect(rtmCardsOf(makeConfig(), 'T1')).toBe(0);
    expect(rtmCardsLeft(state, 'T1')).toBe(1);
  });

  it('[RTM2] a lot names its RTM team; a name that is no team is refused, not ignored', () => {
    const bad = makeConfig({ lots: [makeLot(1, { rtmTeamId: 'T9' })] });
    expect(validateConfig(bad)?.message).toBe('lots[0].rtmTeamId names no team "T9"');
    expect(validateConfig(makeConfig({ rules: { rtmCards: -1 } }))?.code).toBe('invalid_config');
    expect(validateConfig(makeConfig({ rules: { rtmDecisionMs: 25 } }))?.code).toBe('invalid_config');
    // A config written before RTM (no rtmCards, no rtmTeamId) is still valid.
    expect(validateConfig(makeConfig())).toBeNull();
  });

  it('[RTM3] a lot won by another team waits on its RTM team instead of selling', () => {
    const { state, events } = offered();
    expect(typesOf(events.slice(-2))).toEqual(['bid:accepted', 'rtm:offered']);
    expect(events.at(-1)).toMatchObject({
      lotId: 'L1',
      teamId: 'T1',
      winnerId: 'T2',
      amount: 300,
      endsAt: T0 + DECIDE_MS,
    });
    expect(state).toMatchObject({ phase: 'rtm', sales: [], rtm: { step: 'decide', amount: 300 } });
    expect(state.current?.lotId).toBe('L1');
    // Bidding is over: no bid, hammer or skip.
    expect(errorOf(state, bid('T3', 400))).toBe('lot_closed');
    expect(errorOf(state, { type: 'lot:hammer' })).toBe('wrong_phase');
    expect(errorOf(state, { type: 'lot:skip' })).toBe('wrong_phase');
    expect(nextDeadline(state)).toBe(T0 + DECIDE_MS);
  });

  it('[RTM3] no decision when the RTM team won, nobody bid, or it holds no card', () => {
    const own = run(rtmAuction().state, [bid('T1', 300), { type: 'lot:hammer' }]);
    expect(typesOf(own.events)).toContain('lot:sold');
    const none = run(rtmAuction().state, [{ type: 'lot:hammer' }]);
    expect(typesOf(none.events)).toContain('lot:unsold');
    const noCards = run(rtmAuction({ rules: { rtmCards: 0, rtmDecisionMs: DECIDE_MS } }).state, [
      bid('T2', 300),
      { type: 'lot:hammer' },
    ]);
    expect(noCards.events.find((e) => e.type === 'lot:sold')).toMatchObject({ teamId: 'T2', amount: 300 });
  });

  it('[RTM3] the clock running out closes the lot into the decision too', () => {
    const r = run(rtmAuction().state, [bid('T2', 300), tick(T0 + 20_000)]);
    expect(r.state.phase).toBe('rtm');
    expect(r.events.at(-1)).toMatchObject({ type: 'rtm:offered', by: 'system' });
  });

  it('[RTM4] declined, or silent until the clock runs out: sold to the winner, no card spent', () => {
    const { state } = offered();
    const declined = run(state, [as('T1', { type: 'rtm:decline', lotId: 'L1' })]);
    expect(typesOf(declined.events)).toEqual(['rtm:declined', 'lot:sold']);
    expect(declined.state.sales[0]).toMatchObject({ lotId: 'L1', teamId: 'T2', amount: 300 });
    expect(declined.state.sales[0]?.rtm).toBeUndefined();
    expect(declined.state.rtm).toBeNull();
    expect(rtmCardsLeft(declined.state, 'T1')).toBe(1);
    const early = run(state, [tick(T0 + DECIDE_MS - 1)]);
    expect(early.events).toEqual([]);
    const silent = run(state, [tick(T0 + DECIDE_MS)]);
    expect(typesOf(silent.events)).toEqual(['rtm:declined', 'lot:sold']);
    expect(silent.events[0]?.by).toBe('system');
  });

  it('[RTM4] used: the winner raises once by at least one increment, within its max bid', () => {
    const used = run(offered().state, [as('T1', { type: 'rtm:use', lotId: 'L1' }, T0 + 1_000)]);
    expect(used.events[0]).toMatchObject({ type: 'rtm:used', endsAt: T0 + 1_000 + DECIDE_MS });
    expect(used.state.rtm).toMatchObject({ step: 'raise' });
    const raise = (amount: number): StepLike => as('T2', { type: 'rtm:raise', lotId: 'L1', amount });
    expect(errorOf(used.state, raise(305))).toBe('bid_too_low');
    expect(errorOf(used.state, raise(1_001))).toBe('over_max_bid');
    const raised = run(used.state, [raise(400)]);
    expect(raised.state.rtm).toMatchObject({ step: 'match', amount: 400, raised: true });
    // Once: the raise step is over.
    expect(errorOf(raised.state, raise(500))).toBe('wrong_phase');
    // The winner may stand instead, or let its clock run out.
    const stood = run(used.state, [as('T2', { type: 'rtm:final', lotId: 'L1' })]);
    expect(stood.state.rtm).toMatchObject({ step: 'match', amount: 300, raised: false });
    const timedOut = run(used.state, [tick(T0 + 1_000 + DECIDE_MS)]);
    expect(typesOf(timedOut.events)).toEqual(['rtm:stood']);
    expect(timedOut.state.rtm?.step).toBe('match');
  });

  it('[RTM4] the auctioneer extends the decision clock with lot:extend', () => {
    const extended = run(offered().state, [at(T0 + 2_000, { type: 'lot:extend', ms: 5_000 })]);
    expect(extended.events[0]).toMatchObject({ type: 'lot:extended', phase: 'rtm', endsAt: T0 + DECIDE_MS + 5_000 });
    expect(nextDeadline(extended.state)).toBe(T0 + DECIDE_MS + 5_000);
  });

  it('[RTM5] a team that could not bid the price is not offered it, and cannot match a raise beyond it', () => {
    // T1 has 250 left: it may bid at most 250, below the winning 300.
    const unaffordable = run(rtmAuction().state, [
      at(T0, { type: 'purse:adjust', teamId: 'T1', delta: -750, reason: 'test' }),
      bid('T2', 300),
      { type: 'lot:hammer' },
    ]);
    expect(unaffordable.events.find((e) => e.type === 'lot:sold')).toMatchObject({ teamId: 'T2', amount: 300 });
    // T1 can afford 300 but not the raise to 900 after spending money elsewhere.
    const raisedBeyond = run(offered().state, [
      at(T0, { type: 'purse:adjust', teamId: 'T1', delta: -400, reason: 'test' }),
      as('T1', { type: 'rtm:use', lotId: 'L1' }),
      as('T2', { type: 'rtm:raise', lotId: 'L1', amount: 900 }),
    ]);
    expect(errorOf(raisedBeyond.state, as('T1', { type: 'rtm:match', lotId: 'L1' }))).toBe('over_max_bid');
    const passed = run(raisedBeyond.state, [as('T1', { type: 'rtm:pass', lotId: 'L1' })]);
    expect(passed.state.sales[0]).toMatchObject({ teamId: 'T2', amount: 900 });
  });

  it('[RTM5] a full squad or category is not offered a match', () => {
    // T1 fills its squad of 1 with L2 (its own: no decision); L1 comes back in round 2.
    const full = rtmAuction({ rules: { rtmCards: 1, rtmDecisionMs: DECIDE_MS, squadMax: 1, rounds: 2 } });
    const r = run(full.state, [
      { type: 'lot:skip' },
      tick(T0 + 2_000),
      bid('T1', 100),
      { type: 'lot:hammer' },
      tick(T0 + 4_000),
      { type: 'lot:skip' },
      tick(T0 + 6_000),
      bid('T2', 300),
      { type: 'lot:hammer' },
    ]);
    expect(r.state.round).toBe(2);
    expect(r.state.sales.map((sale) => [sale.lotId, sale.teamId])).toEqual([
      ['L2', 'T1'],
      ['L1', 'T2'],
    ]);
  });

  it('[RTM6] matched: sold to the RTM team at the final price, its card spent; undo gives it back', () => {
    const matched = run(offered().state, [
      as('T1', { type: 'rtm:use', lotId: 'L1' }),
      as('T2', { type: 'rtm:raise', lotId: 'L1', amount: 350 }),
      as('T1', { type: 'rtm:match', lotId: 'L1' }),
    ]);
    expect(typesOf(matched.events.slice(-2))).toEqual(['rtm:matched', 'lot:sold']);
    expect(matched.state.sales[0]).toMatchObject({ lotId: 'L1', teamId: 'T1', amount: 350, rtm: true });
    expect(purseLeft(matched.state, 'T1')).toBe(650);
    expect(purseLeft(matched.state, 'T2')).toBe(1_000);
    expect(rtmCardsLeft(matched.state, 'T1')).toBe(0);
    const undone = run(matched.state, [{ type: 'sale:undo' }]);
    expect(rtmCardsLeft(undone.state, 'T1')).toBe(1);
    expect(purseLeft(undone.state, 'T1')).toBe(1_000);
  });

  it('[RTM6] used then passed: sold to the winner at its final price, the card kept (IPL: spent only on a match)', () => {
    const passed = run(offered().state, [
      as('T1', { type: 'rtm:use', lotId: 'L1' }),
      as('T2', { type: 'rtm:raise', lotId: 'L1', amount: 400 }),
      as('T1', { type: 'rtm:pass', lotId: 'L1' }),
    ]);
    expect(passed.state.sales[0]).toMatchObject({ teamId: 'T2', amount: 400 });
    expect(rtmCardsLeft(passed.state, 'T1')).toBe(1);
    // A silent RTM team at the match step passes when its clock runs out.
    const used = run(offered().state, [
      as('T1', { type: 'rtm:use', lotId: 'L1' }),
      as('T2', { type: 'rtm:final', lotId: 'L1' }),
    ]);
    const silent = run(used.state, [tick(T0 + DECIDE_MS)]);
    expect(typesOf(silent.events)).toEqual(['rtm:passed', 'lot:sold']);
  });

  it('[RTM6] with its card spent, the team is not offered the next lot it could match', () => {
    const r = run(offered().state, [
      as('T1', { type: 'rtm:use', lotId: 'L1' }),
      as('T2', { type: 'rtm:final', lotId: 'L1' }),
      as('T1', { type: 'rtm:match', lotId: 'L1' }),
      tick(T0 + 2_000),
      bid('T3', 200),
      { type: 'lot:hammer' },
    ]);
    expect(r.state.sales.map((s) => [s.lotId, s.teamId])).toEqual([
      ['L1', 'T1'],
      ['L2', 'T3'],
    ]);
  });

  it('[RTM7] each team decides only its own step; the auctioneer may decide for either', () => {
    const { state } = offered();
    expect(errorOf(state, as('T2', { type: 'rtm:use', lotId: 'L1' }))).toBe('not_your_turn');
    expect(errorOf(state, as('T3', { type: 'rtm:decline', lotId: 'L1' }))).toBe('not_your_turn');
    expect(errorOf(state, as('T1', { type: 'rtm:use', lotId: 'L2' }))).toBe('wrong_phase');
    expect(errorOf(state, as('T1', { type: 'rtm:match', lotId: 'L1' }))).toBe('wrong_phase');
    expect(errorOf(state, as('T2', { type: 'rtm:raise', lotId: 'L1', amount: 400 }))).toBe('wrong_phase');
    expect(errorOf(state, { command: { type: 'rtm:use', lotId: 'L1' }, actor: { role: 'spectator' } })).toBe(
      'not_authorized',
    );
    const used = run(state, [{ type: 'rtm:use', lotId: 'L1' }]);
    expect(used.events[0]).toMatchObject({ type: 'rtm:used', by: 'admin' });
    const raised = run(used.state, [{ type: 'rtm:raise', lotId: 'L1', amount: 400 }]);
    expect(errorOf(raised.state, as('T2', { type: 'rtm:match', lotId: 'L1' }))).toBe('not_your_turn');
    expect(errorOf(makeRunningWithEvents().state, { type: 'rtm:pass', lotId: 'L1' })).toBe('wrong_phase');
  });

  it('[RTM8] pause keeps the decision clock, resume restores it; a crash-resume gives it at least bidExtendMs', () => {
    const { state } = offered();
    const paused = run(state, [at(T0 + 4_000, { type: 'auction:pause' })]);
    expect(paused.state.paused).toEqual({ phase: 'rtm', remainingMs: DECIDE_MS - 4_000 });
    expect(errorOf(paused.state, as('T1', { type: 'rtm:use', lotId: 'L1' }))).toBe('auction_paused');
    const resumed = run(paused.state, [at(T0 + 60_000, { type: 'auction:resume' })]);
    expect(resumed.state).toMatchObject({ phase: 'rtm', rtm: { endsAt: T0 + 60_000 + DECIDE_MS - 4_000 } });
    const crashed = run(state, [at(T0 + 90_000, { type: 'auction:pause', minRemainingMs: 5_000 })]);
    expect(crashed.state.paused).toEqual({ phase: 'rtm', remainingMs: 5_000 });
  });

  it('[RTM8] undo of an earlier sale during a decision leaves the decision standing', () => {
    // L3 sells first, then L1 waits on T1's decision when the auctioneer undoes L3's sale.
    const start = rtmAuction({ lots: [makeLot(3), makeLot(1, { rtmTeamId: 'T1' })] });
    const r = run(start.state, [
      bid('T3', 200),
      { type: 'lot:hammer' },
      tick(T0 + 2_000),
      bid('T2', 300),
      { type: 'lot:hammer' },
    ]);
    expect(r.state.phase).toBe('rtm');
    const undone = run(r.state, [{ type: 'sale:undo' }]);
    expect(undone.state).toMatchObject({ phase: 'rtm', queue: ['L3'], sales: [], rtm: { lotId: 'L1' } });
    const declined = run(undone.state, [as('T1', { type: 'rtm:decline', lotId: 'L1' })]);
    expect(declined.state.sales.map((sale) => [sale.lotId, sale.teamId])).toEqual([['L1', 'T2']]);
    expect(declined.state.phase).toBe('gap');
    expect(run(declined.state, [tick(T0 + 4_000)]).state.current?.lotId).toBe('L3');
  });

  it('[RTM8] the journal replays every step to the same state', () => {
    const start = offered();
    const r = run(start.state, [
      as('T1', { type: 'rtm:use', lotId: 'L1' }),
      as('T2', { type: 'rtm:raise', lotId: 'L1', amount: 350 }),
      at(T0 + 1_000, { type: 'auction:pause' }),
      at(T0 + 2_000, { type: 'auction:resume' }),
      as('T1', { type: 'rtm:match', lotId: 'L1' }),
    ]);
    expect(replay([...start.events, ...r.events])).toEqual(r.state);
    const mid = run(start.state, [as('T1', { type: 'rtm:use', lotId: 'L1' })]);
    expect(replay([...start.events, ...mid.events])).toEqual(mid.state);
    expect(attempt(mid.state, { command: { type: 'rtm:use', lotId: 'L1' }, actor: ADMIN }).ok).toBe(false);
  });
});
