import { describe, expect, it } from 'vitest';
import { createPrng, incrementAt, nextMinBid, summariseTeams, toPublicState } from '../../../shared/auction';
import { bid, DEFAULT_RULES, IPL_SLABS, makeLot, makeRunning, run, sell } from '../../helpers/builders';

describe('increments and helpers', () => {
  it('[INC1] a fixed increment is the same at every price', () => {
    const rules = { ...DEFAULT_RULES, increments: { kind: 'fixed', step: 25 } } as const;
    expect([0, 99, 100, 10_000].map((high) => incrementAt(rules, high))).toEqual([25, 25, 25, 25]);
  });

  it('[INC2] slabs pick the step by the high bid (IPL: +5 to 100, +10 to 200, +20 to 500, +25 above)', () => {
    const rules = { ...DEFAULT_RULES, increments: IPL_SLABS };
    const highs = [20, 95, 100, 190, 200, 480, 500, 1_500];
    expect(highs.map((high) => incrementAt(rules, high))).toEqual([5, 5, 10, 10, 20, 20, 25, 25]);
    const state = run(makeRunning({ lots: [makeLot(1, { basePrice: 95 })], rules: { increments: IPL_SLABS } }), [
      bid('T1', 95),
    ]).state;
    expect(nextMinBid(state)).toBe(100);
    expect(nextMinBid(run(state, [bid('T2', 100)]).state)).toBe(110);
  });

  it('[BID1] nextMinBid is the base price before the first bid and null between lots', () => {
    const state = makeRunning();
    expect(nextMinBid(state)).toBe(100);
    expect(nextMinBid(run(state, [{ type: 'lot:skip' }]).state)).toBeNull();
  });

  it('[ORD2] the PRNG is seeded: same seed, same sequence', () => {
    const a = createPrng(7);
    const b = createPrng(7);
    const c = createPrng(8);
    const seqA = [a(), a(), a()];
    expect([b(), b(), b()]).toEqual(seqA);
    expect([c(), c(), c()]).not.toEqual(seqA);
    expect(seqA.every((x) => x >= 0 && x < 1)).toBe(true);
  });

  it('[MAX1] summariseTeams gives each board row: money, squad, max bid, categories', () => {
    const lots = [makeLot(1, { category: 'overseas' }), makeLot(2), makeLot(3)];
    const state = run(makeRunning({ lots, rules: { gapMs: 0, squadMin: 3, minimumPrice: 50 } }), [
      ...sell('T1', 300),
      ...sell('T1', 200),
    ]).state;
    const [t1, t2] = summariseTeams(state);
    expect(t1).toEqual({
      id: 'T1',
      name: 'Team 1',
      short: 'T1',
      purse: 1000,
      spent: 500,
      left: 500,
      squad: 2,
      maxBid: 500,
      categories: { overseas: 1, bat: 1 },
      quotas: [],
    });
    expect(t2).toMatchObject({ left: 1000, squad: 0, maxBid: 900, categories: {} });
    expect(toPublicState(state)).toBe(state);
  });
});
