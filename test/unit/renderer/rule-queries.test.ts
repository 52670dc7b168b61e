import { describe, expect, it } from 'vitest';
import {
  canAdjustPurse,
  canExtend,
  canUndo,
  phaseDeadline,
  squadReserve,
  withPhaseDeadline,
} from '../../../shared/auction/queries';
import { maxBid, purseLeft } from '../../../shared/auction/rules';
import type { AuctionState } from '../../../shared/auction/types';
import { attempt, bid, makeRunning, makeSetup, run, sell, T0 } from '../../helpers/builders';

/**
 * The questions the screens ask (shared/auction/queries.ts) answer as the
 * engine decides: for every state below, a query says yes exactly when
 * `apply` accepts the command.
 */

const nominate = { order: { mode: 'nominate', nominateMs: 20_000 } } as const;

function states(): Record<string, AuctionState> {
  const open = makeRunning();
  const gap = run(open, sell('T1', 100)).state;
  const oneLot = makeRunning({ lots: 1 });
  return {
    setup: makeSetup().state,
    open,
    'open, bid on': run(open, [bid('T1', 100)]).state,
    'open, paused': run(open, [{ type: 'auction:pause' }]).state,
    'gap after a sale': gap,
    'gap, paused': run(gap, [{ type: 'auction:pause' }]).state,
    'gap after a skip': run(open, [{ type: 'lot:skip' }]).state,
    nominating: makeRunning({ rules: nominate }),
    'no gap: the next lot open at once': run(makeRunning({ rules: { gapMs: 0 } }), sell('T1', 100)).state,
    'finished by hammering the last lot': run(oneLot, sell('T1', 100)).state,
    'finished unsold': run(oneLot, [{ type: 'lot:skip' }]).state,
    'undone after the finish': run(oneLot, [...sell('T1', 100), { type: 'sale:undo' }]).state,
  };
}

describe('rule queries agree with the engine', () => {
  for (const [name, state] of Object.entries(states())) {
    it(name, () => {
      expect(canUndo(state), 'canUndo').toBe(attempt(state, { type: 'sale:undo' }).ok);
      expect(canExtend(state), 'canExtend').toBe(attempt(state, { type: 'lot:extend', ms: 1000 }).ok);
      const adjust = { type: 'purse:adjust', teamId: 'T2', delta: 10, reason: 'test' } as const;
      expect(canAdjustPurse(state), 'canAdjustPurse').toBe(attempt(state, adjust).ok);
    });
  }

  it('[AUC7] the last lot hammered finishes the auction; undo is still allowed and brings the lot back', () => {
    const finished = run(makeRunning({ lots: 1 }), sell('T1', 100)).state;
    expect(finished.status).toBe('finished');
    expect(canUndo(finished)).toBe(true);
    const undone = run(finished, [{ type: 'sale:undo' }]).state;
    expect(undone.status).toBe('paused');
    expect(undone.queue).toEqual(['L1']);
  });
});

describe('phaseDeadline', () => {
  it('reads the clock of the current phase, or of a named phase', () => {
    const open = makeRunning();
    expect(phaseDeadline(open)).toBe(open.current?.endsAt);
    expect(phaseDeadline(open, 'gap')).toBeNull();
    const gap = run(open, sell('T1', 100)).state;
    expect(phaseDeadline(gap)).toBe(gap.gapEndsAt);
    const turn = makeRunning({ rules: nominate });
    expect(phaseDeadline(turn)).toBe(T0 + 20_000);
    expect(phaseDeadline(makeSetup().state)).toBeNull();
  });

  it('withPhaseDeadline sets the clock phaseDeadline reads', () => {
    for (const state of Object.values(states())) {
      for (const phase of ['open', 'gap', 'nominating'] as const) {
        const moved = withPhaseDeadline(state, phase, 42);
        const canHold = phase !== 'open' || state.current !== null;
        expect(phaseDeadline(moved, phase)).toBe(canHold ? 42 : null);
      }
      expect(withPhaseDeadline(state, 'idle', 42)).toBe(state);
    }
  });
});

describe('squadReserve', () => {
  it('[MAX1] is what the max bid keeps back: purse left − max bid, for the places still needed after this lot', () => {
    const state = makeRunning({ rules: { squadMin: 3, minimumPrice: 50 } });
    expect(squadReserve(state, 'T1')).toEqual({ places: 2, amount: 100 });
    expect(maxBid(state, 'T1')).toBe(purseLeft(state, 'T1') - 100);
    const bought = run(state, sell('T1', 100)).state;
    expect(squadReserve(bought, 'T1')).toEqual({ places: 1, amount: 50 });
  });

  it('keeps nothing when the squad minimum is met, the squad is full or the team is unknown', () => {
    expect(squadReserve(makeRunning(), 'T1')).toEqual({ places: 0, amount: 0 });
    const full = run(makeRunning({ rules: { squadMin: 1, squadMax: 1 } }), sell('T1', 100)).state;
    expect(squadReserve(full, 'T1')).toEqual({ places: 0, amount: 0 });
    expect(squadReserve(makeRunning(), 'nobody')).toEqual({ places: 0, amount: 0 });
  });
});
