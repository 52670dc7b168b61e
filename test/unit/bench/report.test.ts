import { describe, expect, it } from 'vitest';
import { ratios } from '../../../test/bench/report';
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
