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
  const at = (p: number): number => {
    if (sorted.length === 0) return Number.NaN;
    const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
    return sorted[rank] as number;
  };
  return { count: sorted.length, p50: at(50), p95: at(95), p99: at(99), max: at(100) };
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
