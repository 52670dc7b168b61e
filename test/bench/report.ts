import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Contender } from './messages';
import type { ScenarioResult } from './scenario';
import { ratio, round, type Interval, type Percentiles } from './stats';

/** The printed table, the target checks, the machine description and the renderer bundle size. */

export interface Machine {
  readonly cores: number;
  readonly cpuModel: string;
  readonly node: string;
  readonly platform: string;
  readonly loadAverage: readonly number[];
  /** Whether the machine was busy when this was read; see `describeLoad`. */
  readonly note: string;
}

/** A one-minute load average at or above this share of the cores counts as busy. */
const BUSY_LOAD_PER_CORE = 0.25;

export function describeMachine(): Machine {
  let model = cpus()[0]?.model ?? 'unknown';
  try {
    const line = readFileSync('/proc/cpuinfo', 'utf8')
      .split('\n')
      .find((l) => l.startsWith('model name'));
    if (line) model = line.split(':')[1]?.trim() ?? model;
  } catch {
    // Not Linux: os.cpus() is good enough.
  }
  return {
    cores: cpus().length,
    cpuModel: model,
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    loadAverage: loadavg().map((l) => round(l)),
    note: describeLoad(loadavg()[0] ?? 0, cpus().length),
  };
}

/**
 * What the load average says about the figures. Only our own machine's load
 * is visible: a VM's neighbours on the same host never show in it.
 */
export function describeLoad(oneMinute: number, cores: number): string {
  return oneMinute >= BUSY_LOAD_PER_CORE * cores
    ? `Busy machine: load average ${round(oneMinute)} on ${cores} cores when the run began; ` +
        'something else was running, and its share of the CPU is in these tails.'
    : `Quiet machine: load average ${round(oneMinute)} on ${cores} cores when the run began ` +
        "(a VM's neighbours do not show in it).";
}

export interface BundleSize {
  readonly files: number;
  readonly rawBytes: number;
  readonly gzipBytes: number;
}

/** Sum of gzipped .js and .css under out/renderer/assets, or null when the renderer is not built. */
export function measureBundle(root: string): BundleSize | null {
  const dir = join(root, 'out', 'renderer', 'assets');
  if (!existsSync(dir)) return null;
  let files = 0;
  let rawBytes = 0;
  let gzipBytes = 0;
  for (const name of readdirSync(dir)) {
    if (!/\.(js|css)$/.test(name)) continue;
    const data = readFileSync(join(dir, name));
    files += 1;
    rawBytes += data.length;
    gzipBytes += gzipSync(data, { level: 9 }).length;
  }
  return { files, rawBytes, gzipBytes };
}

export interface Target {
  readonly name: string;
  readonly value: number;
  /** The 95 % interval of `value`, where the benchmark can tell (fan-out p99 ratios). */
  readonly interval?: Interval | null;
  readonly limit: string;
  readonly isMet: boolean;
}

function find(results: readonly ScenarioResult[], kind: Contender, n: number): ScenarioResult | undefined {
  return results.find((r) => r.kind === kind && r.n === n);
}

/**
 * The targets, for the durable host. Ratios and host figures compare
 * servers, so they take gavel-durable, whose bidders are the same plain
 * sockets as bare's; absolute latencies are what the app's users get, so they
 * take gavel-durable+client. Each falls back on the other where only one ran
 * (and runs from before version 2 only have +client).
 */
export function checkTargets(results: readonly ScenarioResult[], connectTest: readonly ScenarioResult[]): Target[] {
  const targets: Target[] = [];
  const ns = [...new Set(results.map((r) => r.n))].sort((a, b) => a - b);
  const server = (n: number): ScenarioResult | undefined =>
    find(results, 'gavel-durable', n) ?? find(results, 'gavel-durable+client', n);
  const app = (n: number): ScenarioResult | undefined =>
    find(results, 'gavel-durable+client', n) ?? find(results, 'gavel-durable', n);
  for (const n of ns) {
    const ours = server(n);
    const bare = find(results, 'bare', n)?.latency?.fanout.p99;
    const r = ratio(ours?.latency?.fanout.p99, bare);
    if (ours && Number.isFinite(r)) {
      targets.push({
        name: `fan-out p99 ÷ bare, ${ours.kind}, N=${n}`,
        value: round(r),
        interval: ours.latency?.fanoutP99VsBare,
        limit: '≤ 1.3',
        isMet: r <= 1.3,
      });
    }
  }
  for (const [n, limit] of [
    [50, 10],
    [500, 40],
  ] as const) {
    const real = app(n);
    const p99 = real?.latency?.fanout.p99;
    if (real && p99 !== undefined && Number.isFinite(p99)) {
      targets.push({
        name: `fan-out p99, ${real.kind}, N=${n} (ms)`,
        value: round(p99, 1),
        limit: `≤ ${limit}`,
        isMet: p99 <= limit,
      });
    }
  }
  for (const n of ns.slice(0, 2)) {
    const ours = server(n);
    const rate = ours?.saturation?.acceptedPerSecond;
    // Bare's figure beside it: where bare cannot reach the target either, the simulated devices are the limit.
    const bare = find(results, 'bare', n)?.saturation?.acceptedPerSecond;
    if (ours && rate !== undefined) {
      targets.push({
        name: `accepted bids/s, ${ours.kind}, N=${n} (bare ${bare === undefined ? '–' : Math.round(bare)})`,
        value: Math.round(rate),
        limit: '≥ 2000',
        isMet: rate >= 2000,
      });
    }
  }
  const big = server(500);
  if (big) {
    // Connected and bidding at the controlled rate, then pushed past what 500 clients can take in.
    const bidding = Math.max(big.connect.host.rssPeakMB, big.latency?.host.rssPeakMB ?? 0);
    targets.push({
      name: `host peak RSS, ${big.kind}, N=500, bidding (MB)`,
      value: round(bidding, 1),
      limit: '≤ 150',
      isMet: bidding <= 150,
    });
    targets.push({
      name: `host peak RSS, ${big.kind}, N=500, saturated (MB)`,
      value: round(big.rssPeakMB, 1),
      limit: '≤ 150',
      isMet: big.rssPeakMB <= 150,
    });
  }
  for (const kind of new Set(connectTest.filter((c) => c.kind !== 'bare').map((c) => c.kind))) {
    // The slowest round: every round must be within the limit.
    const rounds = connectTest.filter((c) => c.kind === kind);
    const ms = Math.max(...rounds.map((r) => (r.connect.failed === 0 ? r.connect.allMs : Number.NaN)));
    targets.push({
      name: `${rounds[0]?.n ?? 0} clients connected, ${kind} (ms)`,
      value: Math.round(ms),
      limit: '< 5000',
      isMet: ms < 5000,
    });
  }
  const pairs = connectRatios(connectTest);
  if (pairs.ratios.length > 0) {
    targets.push({
      name: `${pairs.n} clients connected, ${pairs.kind} ÷ bare (median of ${pairs.ratios.length} rounds: ${pairs.ratios.map((r) => r.toFixed(2)).join(', ')})`,
      value: round(pairs.median),
      limit: '≤ 1.3',
      isMet: pairs.median <= 1.3,
    });
  }
  return targets;
}

/**
 * The connect test's ratios, one a round: the i-th Gavel run over the i-th
 * bare run (each round runs both, in turn). One burst of 1,000 connects
 * swings by ±0.07 of the ratio from run to run on this machine (1.23–1.36
 * in six back-to-back runs of the same code), more than most changes move
 * it, so the target reads the median of the rounds, and every round's
 * ratio is printed beside it.
 */
export function connectRatios(connectTest: readonly ScenarioResult[]): {
  readonly kind: string;
  readonly n: number;
  readonly ratios: readonly number[];
  readonly median: number;
} {
  const bare = connectTest.filter((c) => c.kind === 'bare');
  const ours = connectTest.filter((c) => c.kind !== 'bare');
  const ratios: number[] = [];
  for (let i = 0; i < Math.min(bare.length, ours.length); i++) {
    const b = bare[i] as ScenarioResult;
    const o = ours[i] as ScenarioResult;
    if (b.connect.failed > 0 || o.connect.failed > 0) continue;
    const r = ratio(o.connect.allMs, b.connect.allMs);
    if (Number.isFinite(r)) ratios.push(r);
  }
  const sorted = [...ratios].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const median =
    sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] ?? NaN) + (sorted[mid] ?? NaN)) / 2;
  return { kind: ours[0]?.kind ?? '', n: ours[0]?.n ?? 0, ratios, median };
}

function interval(i: Interval | null | undefined): string {
  return i ? `${i.low.toFixed(2)}–${i.high.toFixed(2)}` : '–';
}

function fmt(value: number | null | undefined, digits = 1): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '–';
  return value.toFixed(digits);
}

function pct(p: Percentiles | undefined): string {
  if (!p || p.count === 0) return '–';
  return `${fmt(p.p50)}/${fmt(p.p95)}/${fmt(p.p99)}`;
}

/** Left-aligned first column, right-aligned figures. */
export function formatTable(rows: readonly (readonly string[])[]): string {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
  return rows
    .map((row) =>
      row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0))).join('  '),
    )
    .join('\n');
}

const HEADER = [
  'N / server',
  'connect ms',
  'ack p50/p95/p99 ms',
  'fan-out p50/p95/p99 ms',
  'bids/s lat',
  'accepted/s sat',
  'answered/s',
  'deliv/s sat',
  'ev/fsync',
  'CPU% lat',
  'CPU% sat',
  'peak RSS MB',
];

export function resultRows(results: readonly ScenarioResult[]): string[][] {
  const rows: string[][] = [HEADER];
  for (const r of results) {
    rows.push([
      `${r.n} ${r.kind}${r.error ? ' (error)' : ''}`,
      fmt(r.connect.allMs, 0),
      pct(r.latency?.ack),
      pct(r.latency?.fanout),
      fmt(r.latency?.achievedPerSecond, 0),
      fmt(r.saturation?.acceptedPerSecond, 0),
      fmt(r.saturation?.answeredPerSecond, 0),
      fmt(r.saturation?.deliveriesPerSecond, 0),
      fmt(r.saturation?.eventsPerFsync, 1),
      fmt(r.latency?.host.cpuPercent, 0),
      fmt(r.saturation?.host.cpuPercent, 0),
      fmt(r.rssPeakMB, 0),
    ]);
  }
  return rows;
}

export interface RatioRow {
  readonly n: number;
  readonly kind: Contender;
  readonly connect: number;
  readonly ackP50: number;
  readonly ackP99: number;
  readonly fanoutP50: number;
  readonly fanoutP99: number;
  /** 95 % interval of fanoutP99; absent in runs from before it was measured. */
  readonly fanoutP99Interval?: Interval | null;
  readonly acceptedPerSecond: number;
  readonly cpuLatency: number;
  /**
   * The lowest cpuLatency a host with this many fsyncs could show: bare's CPU
   * plus the fsyncs' own (fsyncs/s × the machine's CPU per fdatasync), over
   * bare's. Null without a journal or without the fsync's measured cost.
   */
  readonly cpuFsyncFloor?: number | null;
  readonly rssPeak: number;
}

/** Ours ÷ bare for each figure: the headline. Below 1 is better for times and memory, above 1 for throughput. */
export function ratios(results: readonly ScenarioResult[], fsyncCpuUs: number | null = null): RatioRow[] {
  const out: RatioRow[] = [];
  for (const r of results) {
    if (r.kind === 'bare') continue;
    const bare = find(results, 'bare', r.n);
    if (!bare) continue;
    out.push({
      n: r.n,
      kind: r.kind,
      connect: round(ratio(r.connect.allMs, bare.connect.allMs)),
      ackP50: round(ratio(r.latency?.ack.p50, bare.latency?.ack.p50)),
      ackP99: round(ratio(r.latency?.ack.p99, bare.latency?.ack.p99)),
      fanoutP50: round(ratio(r.latency?.fanout.p50, bare.latency?.fanout.p50)),
      fanoutP99: round(ratio(r.latency?.fanout.p99, bare.latency?.fanout.p99)),
      fanoutP99Interval: r.latency?.fanoutP99VsBare ?? null,
      acceptedPerSecond: round(ratio(r.saturation?.acceptedPerSecond, bare.saturation?.acceptedPerSecond)),
      cpuLatency: round(ratio(r.latency?.host.cpuPercent, bare.latency?.host.cpuPercent)),
      cpuFsyncFloor: fsyncFloor(r.latency?.fsyncsPerSecond, bare.latency?.host.cpuPercent, fsyncCpuUs),
      rssPeak: round(ratio(r.rssPeakMB, bare.rssPeakMB)),
    });
  }
  return out;
}

function fsyncFloor(
  fsyncsPerSecond: number | null | undefined,
  bareCpuPercent: number | undefined,
  fsyncCpuUs: number | null,
): number | null {
  if (fsyncsPerSecond == null || bareCpuPercent === undefined || fsyncCpuUs === null || bareCpuPercent <= 0)
    return null;
  // µs of CPU per second of wall time, over 10,000, is % of one core.
  return round((bareCpuPercent + (fsyncsPerSecond * fsyncCpuUs) / 10_000) / bareCpuPercent);
}

export function ratioRows(rows: readonly RatioRow[]): string[][] {
  return [
    [
      'ours ÷ bare',
      'connect',
      'ack p50',
      'ack p99',
      'fan-out p50',
      'fan-out p99',
      '(95% interval)',
      'accepted/s',
      'CPU% lat',
      '(fsync floor)',
      'peak RSS',
    ],
    ...rows.map((r) => [
      `${r.n} ${r.kind}`,
      fmt(r.connect, 2),
      fmt(r.ackP50, 2),
      fmt(r.ackP99, 2),
      fmt(r.fanoutP50, 2),
      fmt(r.fanoutP99, 2),
      interval(r.fanoutP99Interval),
      fmt(r.acceptedPerSecond, 2),
      fmt(r.cpuLatency, 2),
      fmt(r.cpuFsyncFloor, 2),
      fmt(r.rssPeak, 2),
    ]),
  ];
}

/**
 * Gavel's durable hosts against `bare-durable`, the bare relay that writes
 * each bid before its broadcast and fsyncs before its ack: what Gavel costs
 * beyond durability itself. (Bare does no disk work; against it, the
 * durable contract alone measured 1.49-1.55 × bare's CPU in the latency run
 * at N = 10 and 1.25-1.35 at N = 50 in two full runs, PERFORMANCE.md.)
 * Empty when bare-durable did not run.
 */
export function durableRows(results: readonly ScenarioResult[]): string[][] {
  const rows = results.flatMap((r) => {
    if (!r.kind.startsWith('gavel-durable')) return [];
    const floor = find(results, 'bare-durable', r.n);
    if (!floor) return [];
    return [
      [
        `${r.n} ${r.kind}`,
        fmt(ratio(r.latency?.ack.p99, floor.latency?.ack.p99), 2),
        fmt(ratio(r.latency?.fanout.p99, floor.latency?.fanout.p99), 2),
        fmt(ratio(r.saturation?.acceptedPerSecond, floor.saturation?.acceptedPerSecond), 2),
        fmt(ratio(r.latency?.host.cpuPercent, floor.latency?.host.cpuPercent), 2),
        fmt(ratio(r.rssPeakMB, floor.rssPeakMB), 2),
      ],
    ];
  });
  if (rows.length === 0) return [];
  return [['ours ÷ bare-durable', 'ack p99', 'fan-out p99', 'accepted/s', 'CPU% lat', 'peak RSS'], ...rows];
}

/** The host's GC pauses in the latency run, and how often the slowest 1 % of fan-outs met one. */
export function gcRows(results: readonly ScenarioResult[]): string[][] {
  const percent = (share: number): string => (Number.isFinite(share) ? `${Math.round(share * 100)} %` : '–');
  return [
    ['host GC, latency run', 'pauses/s', 'mean pause ms', 'slowest 1 % in a pause', 'others in a pause'],
    ...results.flatMap((r) => {
      const gc = r.latency?.hostGc;
      if (!gc) return [];
      return [
        [
          `${r.n} ${r.kind}`,
          fmt(gc.pausesPerSecond, 1),
          fmt(gc.meanPauseMs, 2),
          percent(gc.slowestInPause),
          percent(gc.othersInPause),
        ],
      ];
    }),
  ];
}

export function connectRows(results: readonly ScenarioResult[]): string[][] {
  return [
    ['connect test', 'clients', 'failed', 'all connected ms', 'per client p50/p95/p99 ms', 'host CPU%', 'peak RSS MB'],
    ...results.map((r) => [
      r.kind,
      String(r.n),
      String(r.connect.failed),
      fmt(r.connect.allMs, 0),
      pct(r.connect.perClient),
      fmt(r.connect.host.cpuPercent, 0),
      fmt(r.rssPeakMB, 0),
    ]),
  ];
}

export function targetRows(targets: readonly Target[]): string[][] {
  return [
    ['target', 'value', '95% interval', 'limit', 'met'],
    ...targets.map((t) => [t.name, String(t.value), interval(t.interval), t.limit, t.isMet ? 'yes' : 'NO']),
  ];
}
