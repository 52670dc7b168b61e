import { describe, expect, it } from 'vitest';
import { replay, validateConfig, purseLeft, squadCount } from '../../../shared/auction';
import { canUndo } from '../../../shared/auction/queries';
import { errorOf, makeLot, makeRunningWithEvents, makeSetup, run, sell, typesOf } from '../../helpers/builders';

const RETAINED = [
  makeLot(1, { retained: { teamId: 'T1', price: 300 } }),
  makeLot(2),
  makeLot(3, { retained: { teamId: 'T2', price: 150 }, category: 'bowl' }),
  makeLot(4),
];

describe('retained players', () => {
  it('[RET1] a retention names a team, fits its squad, its quotas and its purse', () => {
    const lots = (teamId: string, price: number, count = 1) =>
      Array.from({ length: count }, (_, i) => makeLot(i + 1, { retained: { teamId, price } }));
    expect(validateConfig(makeSetup({ lots: lots('T1', 300) }).state.config)).toBeNull();
    const config = makeSetup().state.config;
    const bad = (changes: Partial<typeof config>) => validateConfig({ ...config, ...changes })?.message ?? null;
    expect(bad({ lots: lots('T9', 300) })).toMatch(/lots\[0\]\.retained\.teamId names no team "T9"/);
    expect(bad({ lots: lots('constructor', 300) })).toMatch(/names no team "constructor"/);
    expect(bad({ lots: lots('T1', 600, 2) })).toMatch(/lots\[1\]\.retained\.price: Team 1's retentions \(1200\)/);
    expect(bad({ lots: lots('T1', 10, 6) })).toMatch(/more than squadMax \(5\)/);
    expect(bad({ lots: lots('T1', 10, 2), rules: { ...config.rules, categoryQuotas: { bat: { max: 1 } } } })).toMatch(
      /more than 1 "bat"/,
    );
    // the squad minimum still has to be bought at minimumPrice [MAX1]
    expect(bad({ lots: lots('T1', 970), rules: { ...config.rules, squadMin: 5 } })).toMatch(/squad reserve \(40\)/);
    expect(bad({ lots: [makeLot(1, { retained: { teamId: 'T1', price: 0 } })] })).toMatch(/retained\.price/);
  });

  it('[RET2] at the start retained lots join their squads at their price and never come up', () => {
    const { state, events } = makeRunningWithEvents({ lots: RETAINED });
    expect(typesOf(events.slice(1))).toEqual([
      'auction:started',
      'lot:retained',
      'lot:retained',
      'round:started',
      'lot:opened',
    ]);
    expect(events.find((e) => e.type === 'round:started')).toMatchObject({ queue: ['L2', 'L4'] });
    expect(purseLeft(state, 'T1')).toBe(700);
    expect(purseLeft(state, 'T2')).toBe(850);
    expect(squadCount(state, 'T1')).toBe(1);
    expect(state.sales).toEqual([
      expect.objectContaining({ lotId: 'L1', teamId: 'T1', amount: 300, round: 0, retained: true }),
      expect.objectContaining({ lotId: 'L3', teamId: 'T2', amount: 150, round: 0, retained: true }),
    ]);
    expect(state.outcomes).toMatchObject({ L1: 'sold', L3: 'sold' });
    const end = run(state, sell('T3', 100));
    expect(end.state).toMatchObject({ status: 'running', phase: 'gap', queue: ['L4'] });
    expect(replay([...events, ...end.events])).toEqual(end.state);
  });

  it('[RET2] retained lots count in category quotas', () => {
    const lots = [makeLot(1, { retained: { teamId: 'T1', price: 100 } }), makeLot(2)];
    const { state } = makeRunningWithEvents({ lots, rules: { categoryQuotas: { bat: { max: 1 } } } });
    expect(
      errorOf(state, (s) => ({
        command: { type: 'bid:place', bidId: 'x', lotId: s.current?.lotId ?? '', amount: 100 },
        actor: { role: 'team', teamId: 'T1' },
      })),
    ).toBe('category_full');
  });

  it('[RET2] an auction of retained players only finishes at its start', () => {
    const lots = [makeLot(1, { retained: { teamId: 'T1', price: 100 } })];
    const { state } = makeRunningWithEvents({ lots });
    expect(state.status).toBe('finished');
    expect(state.sales).toHaveLength(1);
  });

  it('[RET3] a retention is never undone (it would come up for bidding)', () => {
    const { state } = makeRunningWithEvents({ lots: RETAINED });
    expect(canUndo(state)).toBe(false);
    expect(errorOf(state, { type: 'sale:undo' })).toBe('nothing_to_undo');
    const sold = run(state, sell('T3', 100)).state;
    expect(canUndo(sold)).toBe(true);
    const undone = run(sold, [{ type: 'sale:undo' }]).state;
    expect(undone.sales.map((sale) => sale.lotId)).toEqual(['L1', 'L3']);
    expect(errorOf(undone, { type: 'sale:undo' })).toBe('nothing_to_undo');
  });
});
