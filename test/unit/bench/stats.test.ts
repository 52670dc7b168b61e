import { describe, expect, it } from 'vitest';
import { createPrng } from '../../../shared/auction/rules';
import { bootstrapRatio, percentiles } from '../../../test/bench/stats';

/** A fixed, skewed latency-like sample: mostly 1–3 ms with a tail to ~20 ms. */
function sample(count: number, seed: number, scale = 1): number[] {
  const next = createPrng(seed);
  return Array.from({ length: count }, () => scale * (1 + 2 * next() + (next() < 0.03 ? 18 * next() : 0)));
}

describe('bootstrapRatio', () => {
  it('brackets the ratio of the p99s, and finds the same answer for the same samples', () => {
    const ours = sample(2_000, 7, 1.5);
    const bare = sample(2_000, 11);
    const point = percentiles(ours).p99 / percentiles(bare).p99;
    const interval = bootstrapRatio(ours, bare, 99);
    expect(interval).not.toBeNull();
    expect(interval!.low).toBeLessThanOrEqual(point);
    expect(interval!.high).toBeGreaterThanOrEqual(point);
    expect(bootstrapRatio(ours, bare, 99)).toEqual(interval);
  });

  it('is narrow for a large sample and wide for a small one', () => {
    const width = (count: number): number => {
      const i = bootstrapRatio(sample(count, 3), sample(count, 5), 99)!;
      return i.high - i.low;
    };
    expect(width(200)).toBeGreaterThan(2 * width(8_000));
  });

  it('contains the scale factor when ours is bare scaled', () => {
    const bare = sample(500, 9);
    const interval = bootstrapRatio(
      bare.map((v) => v * 2),
      bare,
      99,
    );
    expect(interval!.low).toBeLessThanOrEqual(2);
    expect(interval!.high).toBeGreaterThanOrEqual(2);
  });

  it('is null for an empty sample', () => {
    expect(bootstrapRatio([], [1, 2, 3], 99)).toBeNull();
    expect(bootstrapRatio([1, 2, 3], [Number.NaN], 99)).toBeNull();
  });
});
