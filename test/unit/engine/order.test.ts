import { describe, expect, it } from 'vitest';
import { drawOrder, type AuctionEvent, type AuctionState } from '../../../shared/auction';
import {
  at,
  bid,
  errorOf,
  makeLot,
  makeRunningWithEvents,
  makeRunning,
  run,
  sell,
  teamActor,
  tick,
  T0,
  typesOf,
} from '../../helpers/builders';

function openedLots(events: readonly AuctionEvent[]): string[] {
  return events.flatMap((event) => (event.type === 'lot:opened' ? [event.lotId] : []));
}

/** Skip every lot until the auction ends; returns all events from the start. */
function skipAll(start: { state: AuctionState; events: AuctionEvent[] }): AuctionEvent[] {
  const events = [...start.events];
  let state = start.state;
  while (state.status === 'running') {
    const step = run(state, [{ type: 'lot:skip' }]);
    state = step.state;
    events.push(...step.events);
  }
  return events;
}

const SET_LOTS = [
  makeLot(1, { set: 'A' }),
  makeLot(2, { set: 'B' }),
  makeLot(3, { set: 'A' }),
  makeLot(4, { set: 'C' }),
  makeLot(5, { set: 'B' }),
  makeLot(6, { set: 'A' }),
  makeLot(7, { set: 'A' }),
];

describe('order', () => {
  it('[ORD1] catalog order opens lots as listed', () => {
    const events = skipAll(makeRunningWithEvents({ lots: 4, rules: { gapMs: 0 } }));
    expect(openedLots(events)).toEqual(['L1', 'L2', 'L3', 'L4']);
    expect(events.at(-1)?.type).toBe('auction:finished');
  });

  it('[ORD2] sets run in order of first appearance, drawn by seed inside each set', () => {
    const options = { lots: SET_LOTS, rules: { gapMs: 0, order: { mode: 'sets', seed: 42 } as const } };
    const order = openedLots(skipAll(makeRunningWithEvents(options)));
    const setOf = (id: string): string | undefined => SET_LOTS.find((lot) => lot.id === id)?.set;
    expect(order.map(setOf)).toEqual(['A', 'A', 'A', 'A', 'B', 'B', 'C']);
    expect([...order].sort()).toEqual(SET_LOTS.map((lot) => lot.id).sort());
    // Same seed and round, same draw; another seed or round draws afresh.
    expect(drawOrder(SET_LOTS, 42, 1)).toEqual(order);
    const draws = new Set(Array.from({ length: 20 }, (_, seed) => drawOrder(SET_LOTS, seed, 1).join()));
    expect(draws.size).toBeGreaterThan(1);
    const rounds = new Set(Array.from({ length: 20 }, (_, round) => drawOrder(SET_LOTS, 42, round).join()));
    expect(rounds.size).toBeGreaterThan(1);
  });

  describe('[ORD3] teams nominate in turn', () => {
    const options = { lots: 4, rules: { gapMs: 0, order: { mode: 'nominate', nominateMs: 30_000 } as const } };

    it('[ORD3] the team whose turn it is picks any waiting lot; others may not', () => {
      const state = makeRunning(options);
      expect(state).toMatchObject({ phase: 'nominating', nominator: 'T1', nominateEndsAt: T0 + 30_000 });
      const byT2 = { command: { type: 'lot:nominate', lotId: 'L3' }, actor: teamActor('T2') } as const;
      expect(errorOf(state, byT2)).toBe('not_your_turn');
      const picked = run(state, [{ ...byT2, actor: teamActor('T1') }]);
      expect(picked.events[0]).toMatchObject({ type: 'lot:opened', lotId: 'L3', nominatedBy: 'T1' });
      expect(picked.state.queue).toEqual(['L1', 'L2', 'L4']);
      const next = run(picked.state, [{ type: 'lot:skip' }]).state;
      expect(next).toMatchObject({ phase: 'nominating', nominator: 'T2' });
      const again = { command: { type: 'lot:nominate', lotId: 'L3' }, actor: teamActor('T2') } as const;
      expect(errorOf(next, again)).toBe('unknown_lot');
    });

    it('[ORD3] when the turn runs out the next lot in catalog order opens for the team', () => {
      const state = makeRunning(options);
      const timedOut = run(state, [tick(T0 + 30_000)]);
      expect(timedOut.events[0]).toMatchObject({ type: 'lot:opened', lotId: 'L1', nominatedBy: 'T1' });
    });

    it('[ORD3] teams with a full squad are skipped', () => {
      const state = makeRunning({ ...options, rules: { ...options.rules, squadMax: 1 } });
      const t1Full = run(state, [at(T0, { type: 'lot:nominate', lotId: 'L1' }), ...sell('T2', 100)]).state;
      expect(t1Full).toMatchObject({ phase: 'nominating', nominator: 'T3' });
      const t3Done = run(t1Full, [at(T0, { type: 'lot:nominate', lotId: 'L2' }), ...sell('T3', 100)]).state;
      // T1's turn comes round again; T2 and T3 are full.
      expect(t3Done).toMatchObject({ phase: 'nominating', nominator: 'T1' });
    });

    it('[ORD3] admin may nominate for the team whose turn it is, or between lots in any mode', () => {
      const picked = run(makeRunning(options), [{ type: 'lot:nominate', lotId: 'L2' }]);
      expect(picked.events[0]).toMatchObject({ lotId: 'L2', nominatedBy: 'T1' });
      const inGap = run(makeRunning(), [{ type: 'lot:skip' }]).state;
      const chosen = run(inGap, [{ type: 'lot:nominate', lotId: 'L4' }]);
      expect(chosen.events[0]).toMatchObject({ type: 'lot:opened', lotId: 'L4', nominatedBy: null });
      expect(errorOf(makeRunning(), { type: 'lot:nominate', lotId: 'L2' })).toBe('wrong_phase');
    });
  });

  it('[ORD4] unsold lots come back in the next round, then the auction finishes', () => {
    const start = makeRunning({ lots: 3, rules: { gapMs: 0, rounds: 2 } });
    const round1 = run(start, [{ type: 'lot:skip' }, ...sell('T1', 100), { type: 'lot:skip' }]);
    expect(typesOf(round1.events).slice(-3)).toEqual(['lot:unsold', 'round:started', 'lot:opened']);
    expect(round1.events.at(-2)).toMatchObject({ type: 'round:started', round: 2, queue: ['L1', 'L3'] });
    expect(round1.state).toMatchObject({ round: 2, current: { lotId: 'L1' }, unsold: [] });
    const round2 = run(round1.state, [...sell('T2', 100), { type: 'lot:skip' }]);
    expect(typesOf(round2.events).slice(-2)).toEqual(['lot:unsold', 'auction:finished']);
    expect(round2.state).toMatchObject({ status: 'finished', unsold: ['L3'] });
    expect(round2.state.outcomes).toEqual({ L1: 'sold', L2: 'sold', L3: 'unsold' });
    expect(round2.state.sales.map((sale) => sale.round)).toEqual([1, 2]);
  });

  it('[ORD4] with one round the auction finishes after the last lot, with a gap only between lots', () => {
    const start = makeRunning({ lots: 2 });
    const first = run(start, [{ type: 'lot:skip' }]);
    expect(first.events[0]).toMatchObject({ gapEndsAt: T0 + 2_000 });
    const last = run(first.state, [tick(T0 + 2_000), at(T0 + 2_000, { type: 'lot:skip' })]);
    expect(typesOf(last.events)).toEqual(['lot:opened', 'lot:unsold', 'auction:finished']);
    expect(last.events[1]).toMatchObject({ gapEndsAt: null });
  });

  it('[ORD5] the auction finishes once every squad is full; waiting lots go unsold', () => {
    const start = makeRunning({ teams: 2, lots: 5, rules: { squadMax: 1 } });
    const done = run(start, [...sell('T1', 100), tick(T0 + 2_000), bid('T2', 100), { type: 'lot:hammer' }]);
    expect(typesOf(done.events).slice(-2)).toEqual(['lot:sold', 'auction:finished']);
    expect(done.state).toMatchObject({ status: 'finished', phase: 'idle', queue: [] });
    expect(done.state.outcomes).toEqual({ L1: 'sold', L2: 'sold', L3: 'unsold', L4: 'unsold', L5: 'unsold' });
  });
});
