import { describe, expect, it } from 'vitest';
import { nextDeadline } from '../../../shared/auction';
import { at, attempt, bid, makeRunning, makeSetup, run, tick, T0, typesOf } from '../../helpers/builders';

const OPEN_MS = 10_000;
const ENDS_AT = T0 + OPEN_MS;

describe('clock', () => {
  it('[CLK1] a lot opens with endsAt = now + lotOpenMs', () => {
    const state = makeRunning();
    expect(state.phase).toBe('open');
    expect(state.current).toMatchObject({ lotId: 'L1', openedAt: T0, endsAt: ENDS_AT, bids: [] });
  });

  it('[CLK2] an accepted bid sets endsAt = max(endsAt, now + bidExtendMs)', () => {
    const early = run(makeRunning(), [bid('T1', 100, { now: T0 + 1_000 })]);
    expect(early.state.current?.endsAt).toBe(ENDS_AT);
    const late = run(early.state, [bid('T2', 110, { now: T0 + 8_000 })]);
    expect(late.state.current?.endsAt).toBe(T0 + 13_000);
    expect(late.events[0]).toMatchObject({ type: 'bid:accepted', endsAt: T0 + 13_000 });
  });

  it('[CLK3] bids are accepted until endsAt + grace, and the lot closes on the tick at that time', () => {
    const state = makeRunning({ rules: { bidExtendMs: 0 } });
    const inGrace = run(state, [bid('T1', 100, { now: ENDS_AT + 200 })]).state;
    expect(inGrace.current?.bids).toHaveLength(1);
    // Even with bidExtendMs = 0, [CLK2] moves endsAt to the bid's time, so the grace starts again.
    const deadline = ENDS_AT + 200 + 300;
    expect(nextDeadline(inGrace)).toBe(deadline);
    expect(run(inGrace, [bid('T2', 110, { now: deadline - 1 })]).state.current?.bids).toHaveLength(2);
    const early = attempt(inGrace, tick(deadline - 1));
    expect(early.ok && early.events).toEqual([]);
    const closed = run(inGrace, [tick(deadline)]);
    expect(typesOf(closed.events)).toEqual(['lot:sold']);
    expect(closed.events[0]).toMatchObject({ lotId: 'L1', teamId: 'T1', amount: 100 });
  });

  it('[CLK4] at close the lot is sold to the high bidder: purse debited, lot in the squad', () => {
    const state = run(makeRunning(), [bid('T1', 100), bid('T2', 120), tick(ENDS_AT + 300)]).state;
    expect(state.ledger['T2']).toEqual({ purse: 1000, spent: 120, lots: ['L1'] });
    expect(state.ledger['T1']).toEqual({ purse: 1000, spent: 0, lots: [] });
    expect(state.sales).toEqual([
      { id: state.seq, lotId: 'L1', teamId: 'T2', amount: 120, round: 1, at: ENDS_AT + 300 },
    ]);
    expect(state.outcomes).toEqual({ L1: 'sold' });
    expect(state.current).toBeNull();
  });

  it('[CLK4] at close a lot without bids goes unsold', () => {
    const closed = run(makeRunning(), [tick(ENDS_AT + 300)]);
    expect(typesOf(closed.events)).toEqual(['lot:unsold']);
    expect(closed.state.outcomes).toEqual({ L1: 'unsold' });
    expect(closed.state.unsold).toEqual(['L1']);
    expect(closed.state.sales).toEqual([]);
  });

  it('[CLK5] after gapMs the next lot opens by itself', () => {
    const closed = run(makeRunning(), [tick(ENDS_AT + 300)]).state;
    const gapEndsAt = ENDS_AT + 300 + 2_000;
    expect(closed.phase).toBe('gap');
    expect(closed.gapEndsAt).toBe(gapEndsAt);
    expect(nextDeadline(closed)).toBe(gapEndsAt);
    const opened = run(closed, [tick(gapEndsAt)]);
    expect(typesOf(opened.events)).toEqual(['lot:opened']);
    expect(opened.state.current).toMatchObject({ lotId: 'L2', endsAt: gapEndsAt + OPEN_MS });
  });

  it('[CLK5] with gapMs = 0 the next lot opens at the close', () => {
    const closed = run(makeRunning({ rules: { gapMs: 0 } }), [at(T0 + 50, { type: 'lot:hammer' })]);
    expect(typesOf(closed.events)).toEqual(['lot:unsold', 'lot:opened']);
    expect(closed.events[0]).toMatchObject({ gapEndsAt: null });
    expect(closed.state.current).toMatchObject({ lotId: 'L2', endsAt: T0 + 50 + OPEN_MS });
  });

  it('[CLK6] a tick before the deadline is accepted and changes nothing', () => {
    const state = makeRunning();
    const result = attempt(state, tick(ENDS_AT));
    expect(result).toEqual({ ok: true, state, events: [] });
  });

  it('[CLK3] nextDeadline is null while paused, in setup and once finished', () => {
    expect(nextDeadline(makeSetup().state)).toBeNull();
    expect(nextDeadline(run(makeRunning(), [{ type: 'auction:pause' }]).state)).toBeNull();
    const finished = run(makeRunning({ lots: 1 }), [{ type: 'lot:skip' }]).state;
    expect(finished.status).toBe('finished');
    expect(nextDeadline(finished)).toBeNull();
  });
});
