import { describe, expect, it } from 'vitest';
import { formatSeconds, readCountdown } from '../../../renderer/lib/countdown';
import { bid, makeRunning, makeSetup, run, sell, T0 } from '../../helpers/builders';

/** DEFAULT_RULES: lots open 10 s, a bid extends to at least 5 s [CLK2], a 2 s gap. */

describe('readCountdown', () => {
  it('has no clock without a state, in setup or once finished', () => {
    expect(readCountdown(null, T0)).toBeNull();
    expect(readCountdown(makeSetup().state, T0)).toBeNull();
    const finished = run(makeRunning({ lots: 1 }), [{ type: 'lot:skip' }]).state;
    expect(finished.status).toBe('finished');
    expect(readCountdown(finished, T0)).toBeNull();
  });

  it('counts the open lot down to its endsAt on host time, over a ring of lotOpenMs', () => {
    const state = makeRunning();
    expect(readCountdown(state, T0)).toEqual({ phase: 'open', remainingMs: 10_000, totalMs: 10_000, isPaused: false });
    expect(readCountdown(state, T0 + 7_500)?.remainingMs).toBe(2_500);
  });

  it('never goes below zero past the end (the grace is the host’s business)', () => {
    expect(readCountdown(makeRunning(), T0 + 10_200)?.remainingMs).toBe(0);
  });

  it('widens the ring when an extension leaves more than a full lot', () => {
    const state = run(makeRunning(), [{ type: 'lot:extend', ms: 60_000 }]).state;
    expect(readCountdown(state, T0)).toMatchObject({ remainingMs: 70_000, totalMs: 70_000 });
  });

  it('keeps a ring of at least bidExtendMs for a lot shorter than the soft close', () => {
    const state = makeRunning({ rules: { lotOpenMs: 3_000, bidExtendMs: 5_000 } });
    expect(readCountdown(state, T0)).toMatchObject({ remainingMs: 3_000, totalMs: 5_000 });
  });

  it('follows a late bid’s soft close [CLK2]', () => {
    const state = run(makeRunning(), [bid('T1', 100, { now: T0 + 9_000 })]).state;
    expect(readCountdown(state, T0 + 9_000)).toMatchObject({ phase: 'open', remainingMs: 5_000, totalMs: 10_000 });
  });

  it('counts the gap down to gapEndsAt over a ring of gapMs', () => {
    const state = run(makeRunning(), sell('T1', 100)).state;
    expect(state.phase).toBe('gap');
    expect(readCountdown(state, T0 + 500)).toEqual({
      phase: 'gap',
      remainingMs: 1_500,
      totalMs: 2_000,
      isPaused: false,
    });
  });

  it('goes straight to the next lot’s clock when the gap is zero [CLK5]', () => {
    const state = run(makeRunning({ rules: { gapMs: 0 } }), sell('T1', 100)).state;
    expect(state.phase).toBe('open');
    expect(readCountdown(state, T0)?.phase).toBe('open');
  });

  it('counts a nomination turn down over a ring of nominateMs [ORD3]', () => {
    const state = makeRunning({ rules: { order: { mode: 'nominate', nominateMs: 30_000 } } });
    expect(readCountdown(state, T0 + 10_000)).toEqual({
      phase: 'nominating',
      remainingMs: 20_000,
      totalMs: 30_000,
      isPaused: false,
    });
  });

  it('while paused, shows the time kept by the pause and ignores the clock [AUC2]', () => {
    const state = run(makeRunning(), [{ type: 'auction:pause' }], T0 + 4_000).state;
    const countdown = { phase: 'open', remainingMs: 6_000, totalMs: 10_000, isPaused: true };
    expect(readCountdown(state, T0 + 4_000)).toEqual(countdown);
    expect(readCountdown(state, T0 + 60_000)).toEqual(countdown);
  });

  it('while paused in a gap, rings over the gap', () => {
    const state = run(makeRunning(), [...sell('T1', 100), { type: 'auction:pause' }]).state;
    expect(readCountdown(state, T0)).toEqual({ phase: 'gap', remainingMs: 2_000, totalMs: 2_000, isPaused: true });
  });
});

describe('formatSeconds', () => {
  it('rounds up, so 0 shows only when the time is really up', () => {
    expect(formatSeconds(0)).toBe('0');
    expect(formatSeconds(1)).toBe('1');
    expect(formatSeconds(999)).toBe('1');
    expect(formatSeconds(1_000)).toBe('1');
    expect(formatSeconds(1_001)).toBe('2');
  });

  it('shows seconds alone under a minute', () => {
    expect(formatSeconds(59_000)).toBe('59');
  });

  it('shows minutes and padded seconds from a minute up', () => {
    expect(formatSeconds(60_000)).toBe('1:00');
    expect(formatSeconds(61_500)).toBe('1:02');
    expect(formatSeconds(300_000)).toBe('5:00');
    expect(formatSeconds(3_599_000)).toBe('59:59');
  });

  it('treats negative time as zero', () => {
    expect(formatSeconds(-5_000)).toBe('0');
  });
});
