import { createPrng } from '../../shared/auction/rules';

/** Small statistics helpers for the benchmark report. */

export interface Percentiles {
  readonly count: number;
  readonly p50: number;
  readonly p95: number;
  readonly p99: number;
  readonly max: number;
}

/** Nearest-rank percentiles; NaN figures for an empty sample. */
export function percentiles(values: readonly number[]): Percentiles {
  const sorted = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  const at = (p: number): number => (sorted.length === 0 ? Number.NaN : (sorted[rankOf(p, sorted.length)] as number));
  return { count: sorted.length, p50: at(50), p95: at(95), p99: at(99), max: at(100) };
}

/** The index of the nearest-rank `p`th percentile in a sorted sample of `count` values. */
function rankOf(p: number, count: number): number {
  return Math.min(count - 1, Math.max(0, Math.ceil((p / 100) * count) - 1));
}

/** `ours / bare`, NaN when either is missing or bare is zero. */
export function ratio(ours: number | null | undefined, bare: number | null | undefined): number {
  if (ours == null || bare == null || !Number.isFinite(ours) || !Number.isFinite(bare) || bare === 0) return Number.NaN;
  return ours / bare;
}

/** Milliseconds since `epochNs` on the shared monotonic clock. */
export function sinceEpoch(epochNs: bigint): number {
  return Number(process.hrtime.bigint() - epochNs) / 1e6;
}

export function round(value: number, digits = 2): number {
  if (!Number.isFinite(value)) return value;
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

/** A 95 % interval around a figure. */
export interface Interval {
  readonly low: number;
  readonly high: number;
}

/**
 * A 95 % percentile-bootstrap interval for `pth percentile of ours ÷ pth
 * percentile of bare`: both samples are drawn again with replacement
 * `resamples` times, and the ratio's 2.5th and 97.5th percentiles over the
 * draws are the interval. A p99 rests on the few slowest samples; the
 * interval says how far the ratio could move with another draw of bids under
 * the same conditions (what changes between runs, such as the neighbours'
 * load, it does not cover). Seeded, so the same samples always give the same
 * interval. Null when either sample is empty.
 */
export function bootstrapRatio(
  ours: readonly number[],
  bare: readonly number[],
  p: number,
  { resamples = 2_000, seed = 1 }: { resamples?: number; seed?: number } = {},
): Interval | null {
  const a = ours.filter((v) => Number.isFinite(v)).sort((x, y) => x - y);
  const b = bare.filter((v) => Number.isFinite(v)).sort((x, y) => x - y);
  if (a.length === 0 || b.length === 0) return null;
  const random = createPrng(seed);
  const ratios: number[] = [];
  for (let i = 0; i < resamples; i++) {
    const denominator = resampledPercentile(b, p, random);
    if (denominator > 0) ratios.push(resampledPercentile(a, p, random) / denominator);
  }
  if (ratios.length === 0) return null;
  ratios.sort((x, y) => x - y);
  const at = (q: number): number => ratios[rankOf(q, ratios.length)] as number;
  return { low: at(2.5), high: at(97.5) };
}

/**
 * The nearest-rank percentile of one draw with replacement from `sorted`,
 * without sorting the draw: count how often each rank is drawn, then walk
 * down from the top until the draw's rank is reached.
 */
function resampledPercentile(sorted: readonly number[], p: number, random: () => number): number {
  const n = sorted.length;
  const counts = new Uint32Array(n);
  for (let i = 0; i < n; i++) counts[Math.floor(random() * n)]! += 1;
  let above = n - 1 - rankOf(p, n); // draws that sit above the wanted one
  for (let i = n - 1; i >= 0; i--) {
    const c = counts[i] as number;
    if (c > above) return sorted[i] as number;
    above -= c;
  }
  return sorted[0] as number;
}
