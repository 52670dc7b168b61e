import { describe, expect, it } from 'vitest';
import { apply, highBid, purseLeft } from '../../../shared/auction';
import { ADMIN, at, bid, errorOf, makeRunning, makeSetup, run, sell, tick, T0, typesOf } from '../../helpers/builders';

const ENDS_AT = T0 + 10_000;

describe('auctioneer', () => {
  it('[AUC1] start runs round 1 and opens the first lot, only from setup', () => {
    const setup = makeSetup().state;
    const started = run(setup, [{ type: 'auction:start' }]);
    expect(typesOf(started.events)).toEqual(['auction:started', 'round:started', 'lot:opened']);
    expect(started.events[1]).toMatchObject({ round: 1, queue: ['L1', 'L2', 'L3', 'L4', 'L5'] });
    expect(started.state).toMatchObject({ status: 'running', phase: 'open', round: 1 });
    expect(errorOf(started.state, { type: 'auction:start' })).toBe('not_in_setup');
  });

  it('[AUC1] start needs at least one team and one lot', () => {
    expect(errorOf(makeSetup({ lots: 0 }).state, { type: 'auction:start' })).toBe('invalid_config');
    expect(errorOf(makeSetup({ teams: 0 }).state, { type: 'auction:start' })).toBe('invalid_config');
  });

  it('[AUC2] pause keeps the time left on the clock', () => {
    const open = run(makeRunning(), [at(T0 + 4_000, { type: 'auction:pause' })]);
    expect(open.events[0]).toMatchObject({ type: 'auction:paused', phase: 'open', remainingMs: 6_000 });
    expect(open.state).toMatchObject({
      status: 'paused',
      phase: 'open',
      paused: { phase: 'open', remainingMs: 6_000 },
    });
    const inGrace = run(makeRunning(), [at(ENDS_AT + 100, { type: 'auction:pause' })]);
    expect(inGrace.state.paused).toEqual({ phase: 'open', remainingMs: 0 });
    const gap = run(makeRunning(), [{ type: 'lot:skip' }, at(T0 + 500, { type: 'auction:pause' })]);
    expect(gap.state.paused).toEqual({ phase: 'gap', remainingMs: 1_500 });
    expect(errorOf(open.state, { type: 'auction:pause' })).toBe('auction_paused');
  });

  it('[AUC10] a crash-resume pause leaves an open lot at least minRemainingMs, and nothing else', () => {
    const expired = run(makeRunning(), [at(ENDS_AT + 60_000, { type: 'auction:pause', minRemainingMs: 5_000 })]);
    expect(expired.state.paused).toEqual({ phase: 'open', remainingMs: 5_000 });
    const plenty = run(makeRunning(), [at(T0 + 1_000, { type: 'auction:pause', minRemainingMs: 5_000 })]);
    expect(plenty.state.paused).toEqual({ phase: 'open', remainingMs: 9_000 });
    const gap = run(makeRunning(), [
      { type: 'lot:skip' },
      at(T0 + 60_000, { type: 'auction:pause', minRemainingMs: 5_000 }),
    ]);
    expect(gap.state.paused).toEqual({ phase: 'gap', remainingMs: 0 });
  });

  it('[AUC3] resume restores the phase with endsAt = now + remainingMs', () => {
    const paused = run(makeRunning(), [at(T0 + 4_000, { type: 'auction:pause' })]).state;
    const resumed = run(paused, [at(T0 + 60_000, { type: 'auction:resume' })]);
    expect(resumed.events[0]).toMatchObject({ type: 'auction:resumed', phase: 'open', endsAt: T0 + 66_000 });
    expect(resumed.state).toMatchObject({ status: 'running', phase: 'open', paused: null });
    expect(resumed.state.current?.endsAt).toBe(T0 + 66_000);
    expect(errorOf(resumed.state, { type: 'auction:resume' })).toBe('wrong_phase');
    expect(errorOf(makeSetup().state, { type: 'auction:resume' })).toBe('not_running');
  });

  it('[AUC4] hammer now sells to the high bidder, or leaves the lot unsold', () => {
    const sold = run(makeRunning(), [bid('T1', 100), bid('T2', 110), { type: 'lot:hammer' }]);
    expect(sold.events.at(-1)).toMatchObject({ type: 'lot:sold', lotId: 'L1', teamId: 'T2', amount: 110 });
    const unsold = run(makeRunning(), [{ type: 'lot:hammer' }]);
    expect(typesOf(unsold.events)).toEqual(['lot:unsold']);
    expect(errorOf(unsold.state, { type: 'lot:hammer' })).toBe('wrong_phase');
  });

  it('[AUC5] skip leaves the lot unsold even with bids', () => {
    const skipped = run(makeRunning(), [bid('T1', 100), { type: 'lot:skip' }]);
    expect(skipped.events.at(-1)).toMatchObject({ type: 'lot:unsold', lotId: 'L1' });
    expect(skipped.state.ledger['T1']).toEqual({ purse: 1000, spent: 0, lots: [] });
    expect(skipped.state.sales).toEqual([]);
  });

  it('[AUC6] extend pushes the deadline of the open lot, the gap or the nomination', () => {
    const open = run(makeRunning(), [at(T0 + 1_000, { type: 'lot:extend', ms: 3_000 })]);
    expect(open.events[0]).toMatchObject({ type: 'lot:extended', phase: 'open', endsAt: ENDS_AT + 3_000 });
    expect(open.state.current?.endsAt).toBe(ENDS_AT + 3_000);
    // In the grace window the deadline has passed: extend from now.
    const late = run(makeRunning(), [at(ENDS_AT + 200, { type: 'lot:extend', ms: 3_000 })]);
    expect(late.state.current?.endsAt).toBe(ENDS_AT + 200 + 3_000);
    const gap = run(makeRunning(), [{ type: 'lot:skip' }, { type: 'lot:extend', ms: 1_000 }]);
    expect(gap.state.gapEndsAt).toBe(T0 + 3_000);
    const nominating = makeRunning({ rules: { order: { mode: 'nominate', nominateMs: 20_000 } } });
    expect(run(nominating, [{ type: 'lot:extend', ms: 5_000 }]).state.nominateEndsAt).toBe(T0 + 25_000);
    expect(errorOf(makeRunning(), { type: 'lot:extend', ms: 0 })).toBe('invalid_payload');
    expect(errorOf(makeRunning(), { type: 'lot:extend', ms: 1.5 })).toBe('invalid_payload');
  });

  it('[AUC7] undo the last sale: refund, and the lot goes to the front of the queue', () => {
    const state = run(makeRunning({ rules: { gapMs: 0 } }), [...sell('T1', 300), ...sell('T2', 200)]).state;
    const undone = run(state, [{ type: 'sale:undo' }]);
    expect(undone.events).toMatchObject([{ type: 'sale:undone', lotId: 'L2', teamId: 'T2', amount: 200 }]);
    expect(undone.state.ledger['T2']).toEqual({ purse: 1000, spent: 0, lots: [] });
    expect(undone.state.sales.map((sale) => sale.lotId)).toEqual(['L1']);
    expect(undone.state.queue).toEqual(['L2', 'L4', 'L5']);
    expect(undone.state.outcomes).toEqual({ L1: 'sold' });
    // The open lot carries on; L2 comes up next.
    const next = run(undone.state, [{ type: 'lot:skip' }]);
    expect(next.state.current?.lotId).toBe('L2');
    expect(errorOf(makeRunning(), { type: 'sale:undo' })).toBe('nothing_to_undo');
  });

  it('[AUC7] undo after the finish brings the auction back paused in the gap', () => {
    const finished = run(makeRunning({ lots: 1 }), sell('T1', 100)).state;
    expect(finished.status).toBe('finished');
    const undone = run(finished, [{ type: 'sale:undo' }]).state;
    expect(undone).toMatchObject({
      status: 'paused',
      phase: 'gap',
      queue: ['L1'],
      paused: { phase: 'gap', remainingMs: 2_000 },
    });
    const resumed = run(undone, [at(T0 + 100_000, { type: 'auction:resume' }), tick(T0 + 102_000)]).state;
    expect(resumed).toMatchObject({ status: 'running', phase: 'open', current: { lotId: 'L1' } });
  });

  it('[AUC9] purse adjust changes the purse; the purse must still cover what is spent and the high bid', () => {
    const state = run(makeRunning({ rules: { gapMs: 0 } }), sell('T1', 400)).state;
    const raised = run(state, [{ type: 'purse:adjust', teamId: 'T1', delta: 500, reason: 'penalty refund' }]);
    expect(raised.events[0]).toMatchObject({
      type: 'purse:adjusted',
      teamId: 'T1',
      delta: 500,
      reason: 'penalty refund',
    });
    expect(raised.state.ledger['T1']).toMatchObject({ purse: 1500, spent: 400 });
    expect(purseLeft(raised.state, 'T1')).toBe(1100);
    const adjust = (delta: number) => ({ type: 'purse:adjust', teamId: 'T1', delta, reason: '' }) as const;
    expect(run(state, [adjust(-600)]).state.ledger['T1']?.purse).toBe(400);
    expect(errorOf(state, adjust(-601))).toBe('purse_negative');
    const refused = apply(state, adjust(-601), { now: T0, actor: ADMIN });
    // Worded for the auctioneer: the team's name and money as the room writes it (INR minor units).
    expect(!refused.ok && refused.error.message).toBe('Team 1 would have -₹0.01 left, less than nothing');
    const leading = run(state, [bid('T1', 300)]).state;
    expect(errorOf(leading, adjust(-301))).toBe('purse_negative');
    expect(highBid(run(leading, [adjust(-300)]).state)?.amount).toBe(300);
    expect(errorOf(state, adjust(2.5))).toBe('invalid_payload');
    expect(errorOf(state, adjust(0))).toBe('invalid_payload');
    expect(errorOf(state, { type: 'purse:adjust', teamId: 'T9', delta: 1, reason: '' })).toBe('unknown_team');
    expect(errorOf(makeSetup().state, adjust(100))).toBe('not_running');
  });
});
