import { describe, expect, it } from 'vitest';
import { connectRatios, durableRows, ratios } from '../../../test/bench/report';
import type { ScenarioResult } from '../../../test/bench/scenario';

/** Only what `ratios` reads: a latency run's CPU and fsync rate, on one N. */
function result(kind: ScenarioResult['kind'], cpuPercent: number, fsyncsPerSecond: number | null): ScenarioResult {
  const host = { cpuPercent, rssPeakMB: 60 };
  return {
    kind,
    n: 10,
    rssPeakMB: 60,
    connect: { allMs: 10, host },
    latency: { host, ack: {}, fanout: {}, fanoutP99VsBare: null, fsyncsPerSecond },
  } as unknown as ScenarioResult;
}

describe('ratios: the fsync floor', () => {
  it("is bare's CPU plus the fsyncs' own, over bare's", () => {
    // 200 fsyncs/s at 100 µs each is 2 % of a core; bare spent 8 %: the floor is 10 / 8.
    const [row] = ratios([result('bare', 8, null), result('gavel-durable', 16, 200)], 100);
    expect(row?.cpuLatency).toBe(2);
    expect(row?.cpuFsyncFloor).toBe(1.25);
  });

  it('is absent without a journal or without the measured fsync cost', () => {
    const [memory] = ratios([result('bare', 8, null), result('gavel-memory', 11, null)], 100);
    expect(memory?.cpuFsyncFloor).toBeNull();
    const [unmeasured] = ratios([result('bare', 8, null), result('gavel-durable', 16, 200)]);
    expect(unmeasured?.cpuFsyncFloor).toBeNull();
  });
});

/** A connect-test result: only what `connectRatios` reads. */
function connected(kind: ScenarioResult['kind'], allMs: number, failed = 0): ScenarioResult {
  return { kind, n: 1000, connect: { allMs, failed } } as unknown as ScenarioResult;
}

describe('connectRatios: one ratio a round, the target reads their median', () => {
  it('pairs the i-th Gavel run with the i-th bare run, whichever went first', () => {
    const runs = [
      connected('bare', 800),
      connected('gavel-durable+client', 1000),
      // The second round runs Gavel first.
      connected('gavel-durable+client', 1200),
      connected('bare', 1000),
      connected('bare', 900),
      connected('gavel-durable+client', 1350),
    ];
    const pairs = connectRatios(runs);
    expect(pairs.ratios).toEqual([1.25, 1.2, 1.5]);
    expect(pairs.median).toBe(1.25);
    expect(pairs.kind).toBe('gavel-durable+client');
  });

  it('leaves out a round in which either side had a failed client', () => {
    const pairs = connectRatios([
      connected('bare', 800),
      connected('gavel-durable', 1000),
      connected('bare', 800, 3),
      connected('gavel-durable', 900),
    ]);
    expect(pairs.ratios).toEqual([1.25]);
    expect(pairs.median).toBe(1.25);
  });

  it('has no median without a pair (an old run with one kind)', () => {
    const pairs = connectRatios([connected('bare', 800)]);
    expect(pairs.ratios).toEqual([]);
    expect(Number.isNaN(pairs.median)).toBe(true);
  });
});

describe("durableRows: Gavel's durable hosts against bare-durable", () => {
  it('divides each durable Gavel kind by bare-durable at the same N, and leaves the rest out', () => {
    const rows = durableRows([
      result('bare', 8, null),
      result('bare-durable', 10, 200),
      result('gavel-memory', 11, null),
      result('gavel-durable', 13, 200),
    ]);
    expect(rows[0]?.[0]).toBe('ours ÷ bare-durable');
    expect(rows.slice(1).map((r) => r[0])).toEqual(['10 gavel-durable']);
    // CPU% lat: 13 over 10.
    expect(rows[1]?.[4]).toBe('1.30');
  });

  it('is empty when bare-durable did not run', () => {
    expect(durableRows([result('bare', 8, null), result('gavel-durable', 13, 200)])).toEqual([]);
  });
});
