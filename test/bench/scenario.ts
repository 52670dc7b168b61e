import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { connectGavel } from '../../renderer/lib/gavel-client';
import { MAX_TEAMS } from '../../shared/auction/config';
import {
  clientOf,
  isBareServer,
  serverOf,
  type BidRecord,
  type Contender,
  type HostStats,
  type ServerKind,
  type WorkerReply,
} from './messages';
import { BidderPool, HostProcess, type Bundles } from './processes';
import { bootstrapRatio, percentiles, type Interval, type Percentiles } from './stats';

/**
 * One measured scenario: a fresh host child of one kind, N bidders in worker
 * threads, then (1) connect all, (2) a bidding war on one lot at a fixed
 * offered rate for latency, (3) a saturation run for throughput.
 */

export interface ScenarioOptions {
  readonly workers: number;
  /** Offered bids per second, all workers together, in the latency run (capped by `deliveries`). */
  readonly rate: number;
  /**
   * Broadcast deliveries per second (bids/s × N) the latency run may ask of
   * the bidder threads. All N simulated devices share this machine's cores:
   * past this budget the fan-out figure measures the bidders' backlog, not
   * the host. The offered rate at N is min(rate, deliveries / N).
   */
  readonly deliveries: number;
  readonly warmupMs: number;
  readonly latencyMs: number;
  /**
   * At least this many measured bids per server in the latency run (it runs
   * longer at low rates, up to MAX_LATENCY_MS): a p99 is the 1 % slowest,
   * and it is only as steady as the number of samples in that 1 %.
   */
  readonly minSamples: number;
  /** Offered bids/s of each step of the saturation ramp, all workers together. */
  readonly saturationRates: readonly number[];
  readonly stepMs: number;
  /** The ramp is scaled by min(1, rampScaleN / N): at large N each bid costs N deliveries. */
  readonly rampScaleN: number;
  /** Unacked bids per worker in the saturation run. */
  readonly inFlight: number;
  /** Unacked bids per socket in the saturation run. */
  readonly socketWindow: number;
  /** Concurrent handshakes per worker while connecting. */
  readonly connectConcurrency: number;
  readonly profileDir: string | null;
  readonly epochNs: bigint;
  readonly bundles: Bundles;
  /** Write every latency-run bid here (for digging into a bad tail). */
  readonly rawDir: string | null;
  /** Turns each kind takes at latency and at saturation. */
  readonly rounds: number;
}

export interface HostFigures {
  /** Host CPU time over wall time, in % of one core. */
  readonly cpuPercent: number;
  readonly rssPeakMB: number;
}

export interface ConnectFigures {
  readonly clients: number;
  readonly failed: number;
  /** First handshake started → last client ready (Gavel: snapshot in hand). */
  readonly allMs: number;
  readonly perClient: Percentiles;
  readonly firstError: string | null;
  readonly host: HostFigures;
}

export interface LatencyFigures {
  readonly offeredPerSecond: number;
  readonly achievedPerSecond: number;
  readonly bids: number;
  readonly accepted: number;
  readonly ack: Percentiles;
  readonly fanout: Percentiles;
  /** 95 % bootstrap interval of fan-out p99 ÷ bare's in the same run; null for bare, or when bare did not run. */
  readonly fanoutP99VsBare: Interval | null;
  /** Accepted bids that some bidder never received within the wait. */
  readonly fanoutIncomplete: number;
  /** The host's GC pauses against the fan-outs; absent in runs from before it was measured. */
  readonly hostGc?: GcFigures;
  readonly refusals: Record<string, number>;
  readonly host: HostFigures;
  /** Journal fsyncs per second of the slices' wall time; null without a journal (absent in older runs). */
  readonly fsyncsPerSecond?: number | null;
}

export interface SaturationStep {
  readonly offeredPerSecond: number;
  /** Accepted acks that came back during the step, per second. */
  readonly acceptedPerSecond: number;
  /** Every ack (accepted or refused) that came back during the step, per second. */
  readonly answeredPerSecond: number;
  readonly ackP50: number;
}

export interface SaturationFigures {
  readonly bids: number;
  readonly accepted: number;
  /** The best step's accepted bids/s: the host's throughput. */
  readonly acceptedPerSecond: number;
  readonly answeredPerSecond: number;
  /** acceptedPerSecond × N: broadcast messages delivered per second at the best step. */
  readonly deliveriesPerSecond: number;
  readonly steps: readonly SaturationStep[];
  /** Over the whole ramp: mostly queueing once the host is saturated. */
  readonly ack: Percentiles;
  readonly refusals: Record<string, number>;
  /** Accepted events per journal fsync (grouped fsync at work); null without a journal. */
  readonly eventsPerFsync: number | null;
  readonly host: HostFigures;
}

export interface ScenarioResult {
  readonly kind: Contender;
  readonly n: number;
  readonly teams: number;
  readonly hostIdleRssMB: number;
  readonly connect: ConnectFigures;
  readonly latency: LatencyFigures | null;
  readonly saturation: SaturationFigures | null;
  /** Peak host RSS over the whole scenario. */
  readonly rssPeakMB: number;
  readonly error: string | null;
}

const BASE_AMOUNT = 1_000;
/** The measured part of a latency run never runs longer than this, whatever `minSamples` asks. */
export const MAX_LATENCY_MS = 60_000;

export interface RunPlan {
  readonly rate: number;
  readonly latencyMs: number;
  readonly ramp: readonly number[];
}

/** The offered rates and durations at N bidders. */
export function planFor(n: number, options: ScenarioOptions): RunPlan {
  const rate = Math.max(1, Math.min(options.rate, Math.floor(options.deliveries / n)));
  const latencyMs = Math.min(MAX_LATENCY_MS, Math.max(options.latencyMs, (options.minSamples / rate) * 1000));
  const scale = Math.min(1, options.rampScaleN / n);
  return { rate, latencyMs, ramp: options.saturationRates.map((r) => Math.max(1, Math.round(r * scale))) };
}

function hostFigures(stats: HostStats): HostFigures {
  return { cpuPercent: (stats.cpuMs / Math.max(1, stats.wallMs)) * 100, rssPeakMB: stats.rssPeakMB };
}

function countRefusals(bids: readonly BidRecord[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const bid of bids) if (!bid.ok) out[bid.code ?? 'unknown'] = (out[bid.code ?? 'unknown'] ?? 0) + 1;
  return out;
}

function bidsOf(replies: readonly WorkerReply[]): BidRecord[] {
  return replies.flatMap((r) => (r.type === 'war:done' ? r.bids : []));
}

/**
 * The admin starts the auction (first call) or hammers the open lot, and
 * returns the id of the lot that opens next; then leaves again, so only the
 * bidders receive the war. A fresh lot per slice keeps the bid list, which
 * every fold copies, as short as in a real auction.
 */
async function openNextLot(port: number, adminCode: string, previous: string | null): Promise<string> {
  const admin = connectGavel({
    url: `http://127.0.0.1:${port}`,
    code: adminCode,
    clockSyncIntervalMs: 0,
    socketOptions: { reconnection: false, forceNew: true },
  });
  try {
    await admin.waitFor((c) => c.state !== null || c.status === 'refused', 10_000);
    const res = previous === null ? await admin.send('auction:start', {}) : await admin.send('lot:hammer', {});
    if (!res.ok) throw new Error(`${previous === null ? 'auction:start' : 'lot:hammer'} refused: ${res.error.code}`);
    await admin.waitFor((c) => c.state?.phase === 'open' && c.state.current?.lotId !== previous, 10_000);
    const lotId = admin.state?.current?.lotId;
    if (!lotId) throw new Error('no lot opened');
    return lotId;
  } finally {
    admin.close();
  }
}

/** Opens `n` clients against a fresh host; returns the pool (left open) and the connect figures. */
async function connectClients(
  host: HostProcess,
  kind: Contender,
  port: number,
  codes: readonly string[],
  options: ScenarioOptions,
): Promise<{ pool: BidderPool; connect: ConnectFigures }> {
  const pool = BidderPool.create({
    script: options.bundles.worker,
    kind: clientOf(kind),
    url: `http://127.0.0.1:${port}`,
    codes,
    workers: options.workers,
    counter: new SharedArrayBuffer(4),
    epochNs: options.epochNs,
    profileDir: options.profileDir,
  });
  try {
    await host.stats('stats:reset');
    const replies = await pool.all(
      { type: 'connect', concurrency: options.connectConcurrency, timeoutMs: 20_000 },
      120_000,
    );
    const stats = await host.stats('stats:read');
    const done = replies.flatMap((r) => (r.type === 'connected' ? [r] : []));
    return {
      pool,
      connect: {
        clients: codes.length,
        failed: done.reduce((s, r) => s + r.failed, 0),
        allMs: Math.max(...done.map((r) => r.endMs)) - Math.min(...done.map((r) => r.startMs)),
        perClient: percentiles(done.flatMap((r) => r.socketMs)),
        firstError: done.find((r) => r.firstError)?.firstError ?? null,
        host: hostFigures(stats),
      },
    };
  } catch (err) {
    await pool.close();
    throw err;
  }
}

/** One latency slice on one host: its measured bids, their fan-out times and the host's CPU over it. */
interface LatencySlice {
  readonly bids: readonly BidRecord[];
  readonly fanout: readonly number[];
  /** When each bid in `fanout` was emitted. */
  readonly fanoutEmitMs: readonly number[];
  readonly incomplete: number;
  readonly measureMs: number;
  readonly stats: HostStats;
  /** Journal fsyncs during the slice; null without a journal. */
  readonly syncs: number | null;
}

async function measureLatencySlice(
  setup: LiveSetup,
  n: number,
  rate: number,
  warmupMs: number,
  measureMs: number,
  options: ScenarioOptions,
): Promise<LatencySlice> {
  const { host, pool } = setup;
  const before = await host.stats('stats:reset');
  const durationMs = warmupMs + measureMs;
  const replies = await pool.all(
    {
      type: 'war',
      lotId: setup.lotId,
      steps: [{ ratePerSecond: rate / pool.size, durationMs }],
      socketWindow: 1_000,
      maxInFlight: 100_000,
      base: BASE_AMOUNT,
      recordReceipts: true,
    },
    durationMs + 60_000,
  );
  const all = bidsOf(replies);
  if (options.rawDir) {
    await writeFile(join(options.rawDir, `latency-${setup.kind}-${n}-${Date.now()}.json`), JSON.stringify(all));
  }
  const start = Math.min(...all.map((b) => b.emitMs));
  const measured = all.filter((b) => b.emitMs >= start + warmupMs);
  const accepted = measured.filter((b) => b.ok && b.hostId !== null);
  // Every worker reports, per accepted bid, when the last of its sockets had it; the fan-out is the latest of those.
  const receipts = await pool.all(
    { type: 'collect', hostIds: accepted.map((b) => b.hostId as number), timeoutMs: 10_000 },
    30_000,
  );
  const stats = await host.stats('stats:read');
  const fanout: number[] = [];
  const fanoutEmitMs: number[] = [];
  let incomplete = 0;
  accepted.forEach((bid, i) => {
    let last = Number.NEGATIVE_INFINITY;
    let count = 0;
    for (const r of receipts) {
      if (r.type !== 'receipts') continue;
      last = Math.max(last, r.lastMs[i] ?? Number.NaN);
      count += r.counts[i] ?? 0;
    }
    if (count >= n && Number.isFinite(last)) {
      fanout.push(last - bid.emitMs);
      fanoutEmitMs.push(bid.emitMs);
    } else incomplete += 1;
  });
  const syncs =
    stats.journalSyncs !== null && before.journalSyncs !== null ? stats.journalSyncs - before.journalSyncs : null;
  return { bids: measured, fanout, fanoutEmitMs, incomplete, measureMs, stats, syncs };
}

function latencyFigures(
  rate: number,
  slices: readonly LatencySlice[],
  bareSlices: readonly LatencySlice[] | null,
): LatencyFigures {
  const bids = slices.flatMap((s) => s.bids);
  const fanout = slices.flatMap((s) => s.fanout);
  const fanoutPercentiles = percentiles(fanout);
  const cpuMs = slices.reduce((sum, s) => sum + s.stats.cpuMs, 0);
  const wallMs = slices.reduce((sum, s) => sum + s.stats.wallMs, 0);
  const measureMs = slices.reduce((sum, s) => sum + s.measureMs, 0);
  return {
    offeredPerSecond: rate,
    achievedPerSecond: (bids.length / Math.max(1, measureMs)) * 1000,
    bids: bids.length,
    accepted: bids.filter((b) => b.ok).length,
    ack: percentiles(bids.map((b) => b.ackMs - b.emitMs)),
    fanout: fanoutPercentiles,
    fanoutP99VsBare: bareSlices
      ? bootstrapRatio(
          fanout,
          bareSlices.flatMap((s) => s.fanout),
          99,
        )
      : null,
    fanoutIncomplete: slices.reduce((sum, s) => sum + s.incomplete, 0),
    hostGc: gcFigures(slices, fanoutPercentiles.p99),
    refusals: countRefusals(bids),
    host: {
      cpuPercent: (cpuMs / Math.max(1, wallMs)) * 100,
      rssPeakMB: Math.max(...slices.map((s) => s.stats.rssPeakMB)),
    },
    fsyncsPerSecond: slices.every((s) => s.syncs !== null)
      ? (slices.reduce((sum, s) => sum + (s.syncs ?? 0), 0) / Math.max(1, wallMs)) * 1000
      : null,
  };
}

/** How the host's garbage-collection pauses in the latency run line up with the slowest fan-outs. */
export interface GcFigures {
  readonly pausesPerSecond: number;
  readonly meanPauseMs: number;
  /** Share of the slowest 1 % of fan-outs (at or above the p99) during which the host was in a GC pause. */
  readonly slowestInPause: number;
  /** The same share for the other 99 %: if the two are alike, GC is not what makes the tail. */
  readonly othersInPause: number;
}

/** `p99`: of the pooled fan-outs, as reported. */
function gcFigures(slices: readonly LatencySlice[], p99: number): GcFigures {
  let slow = 0;
  let slowHit = 0;
  let others = 0;
  let othersHit = 0;
  for (const slice of slices) {
    const pauses = slice.stats.gcPauses;
    slice.fanout.forEach((ms, i) => {
      const from = slice.fanoutEmitMs[i] as number;
      const hit = pauses.some((p) => p.atMs < from + ms && p.atMs + p.ms > from);
      if (ms >= p99) {
        slow += 1;
        if (hit) slowHit += 1;
      } else {
        others += 1;
        if (hit) othersHit += 1;
      }
    });
  }
  const pauses = slices.flatMap((s) => s.stats.gcPauses);
  const wallMs = slices.reduce((sum, s) => sum + s.stats.wallMs, 0);
  return {
    pausesPerSecond: (pauses.length / Math.max(1, wallMs)) * 1000,
    meanPauseMs: pauses.length > 0 ? pauses.reduce((sum, p) => sum + p.ms, 0) / pauses.length : 0,
    slowestInPause: slow > 0 ? slowHit / slow : Number.NaN,
    othersInPause: others > 0 ? othersHit / others : Number.NaN,
  };
}

/** Open loop, rising offered rate; throughput is counted by ack time in each step, and the best step wins. */
async function measureSaturation(setup: LiveSetup, n: number, options: ScenarioOptions): Promise<SaturationFigures> {
  const { host, pool, lotId } = setup;
  const before = await host.stats('stats:reset');
  const ramp = planFor(n, options).ramp;
  const durationMs = options.stepMs * ramp.length;
  const replies = await pool.all(
    {
      type: 'war',
      lotId,
      steps: ramp.map((rate) => ({ ratePerSecond: rate / pool.size, durationMs: options.stepMs })),
      socketWindow: options.socketWindow,
      maxInFlight: options.inFlight,
      base: BASE_AMOUNT,
      recordReceipts: false,
    },
    durationMs + 60_000,
  );
  const stats = await host.stats('stats:read');
  const all = bidsOf(replies);
  const start = Math.min(...all.map((b) => b.emitMs));
  const steps = ramp.map((offered, i): SaturationStep => {
    const from = start + i * options.stepMs;
    const answered = all.filter((b) => b.ackMs >= from && b.ackMs < from + options.stepMs);
    const perSecond = (count: number): number => (count / options.stepMs) * 1000;
    return {
      offeredPerSecond: offered,
      acceptedPerSecond: perSecond(answered.filter((b) => b.ok).length),
      answeredPerSecond: perSecond(answered.length),
      ackP50: percentiles(answered.map((b) => b.ackMs - b.emitMs)).p50,
    };
  });
  const best = steps.reduce((a, b) => (b.acceptedPerSecond > a.acceptedPerSecond ? b : a));
  const accepted = all.filter((b) => b.ok);
  const syncs =
    stats.journalSyncs !== null && before.journalSyncs !== null ? stats.journalSyncs - before.journalSyncs : null;
  return {
    bids: all.length,
    accepted: accepted.length,
    acceptedPerSecond: best.acceptedPerSecond,
    answeredPerSecond: best.answeredPerSecond,
    deliveriesPerSecond: best.acceptedPerSecond * n,
    steps,
    ack: percentiles(all.map((b) => b.ackMs - b.emitMs)),
    refusals: countRefusals(all),
    eventsPerFsync: syncs ? accepted.length / syncs : null,
    host: hostFigures(stats),
  };
}

/** Team codes for `n` bidders: one team per bidder up to the protocol's 100 teams, then shared. */
function codesFor(kind: ServerKind, n: number, teamCodes: readonly string[]): string[] {
  const teams = Math.max(1, Math.min(n, MAX_TEAMS));
  return Array.from({ length: n }, (_, i) => (isBareServer(kind) ? `B${i % teams}` : (teamCodes[i % teams] ?? '')));
}

/** A host child with its clients connected and a lot open. */
interface LiveSetup {
  readonly kind: Contender;
  readonly host: HostProcess;
  readonly pool: BidderPool;
  readonly port: number;
  readonly adminCode: string;
  lotId: string;
  readonly connect: ConnectFigures;
  readonly idleRssMB: number;
}

async function openSetup(kind: Contender, n: number, options: ScenarioOptions): Promise<LiveSetup> {
  const server = serverOf(kind);
  const teams = Math.max(1, Math.min(n, MAX_TEAMS));
  const { host, ready } = await HostProcess.start(server, teams, options.epochNs, {
    script: options.bundles.host,
    profileDir: options.profileDir,
  });
  try {
    const lotId = isBareServer(server) ? 'L1' : await openNextLot(ready.port, ready.adminCode, null);
    const { pool, connect } = await connectClients(
      host,
      kind,
      ready.port,
      codesFor(server, n, ready.teamCodes),
      options,
    );
    const setup: LiveSetup = {
      kind,
      host,
      pool,
      port: ready.port,
      adminCode: ready.adminCode,
      lotId,
      connect,
      idleRssMB: ready.rssMB,
    };
    if (connect.failed > 0) {
      await closeSetup(setup);
      throw new Error(`${connect.failed} of ${n} clients failed to connect: ${connect.firstError}`);
    }
    return setup;
  } catch (err) {
    await host.stop();
    throw err;
  }
}

/** Every slice but the first bids on a fresh lot (the bare relay has no lots). */
async function freshLot(setup: LiveSetup, isFirst: boolean): Promise<void> {
  if (isBareServer(serverOf(setup.kind)) || isFirst) return;
  setup.lotId = await openNextLot(setup.port, setup.adminCode, setup.lotId);
}

async function closeSetup(setup: { host: HostProcess; pool: BidderPool }): Promise<void> {
  // Stop the host first: a host that survives its clients would broadcast every departure to the rest.
  await setup.host.stop();
  await setup.pool.close();
}

function failedConnect(n: number, error: string): ConnectFigures {
  const empty: HostFigures = { cpuPercent: Number.NaN, rssPeakMB: Number.NaN };
  return { clients: n, failed: n, allMs: Number.NaN, perClient: percentiles([]), firstError: error, host: empty };
}

/**
 * Every server kind at N bidders, measured side by side: all hosts are up at
 * once, and the latency slices and saturation ramps take turns, so load from
 * elsewhere on a shared machine falls on all kinds alike. The order rotates
 * every round, so each kind takes each place in the turn equally often (with
 * as many rounds as kinds). With the order reversed every round instead, the
 * kind listed second had the worst fan-out tail in 8 runs of 9 (the ninth a
 * tie), whichever kind it was; the cause was not found, and a fixed order
 * gave it to one kind.
 * Every slice starts with an unmeasured warm-up: a host that sat idle
 * through the others' slices is cold. Latency samples are pooled over the
 * rounds; throughput is the best round's best step.
 */
export async function runGroup(
  n: number,
  kinds: readonly Contender[],
  options: ScenarioOptions,
  phases: { latency: boolean; saturation: boolean } = { latency: true, saturation: true },
  log: (line: string) => void = () => undefined,
): Promise<ScenarioResult[]> {
  const teams = Math.max(1, Math.min(n, MAX_TEAMS));
  const setups = new Map<Contender, LiveSetup>();
  const errors = new Map<Contender, string>();
  const slices = new Map<Contender, LatencySlice[]>();
  const ramps = new Map<Contender, SaturationFigures[]>();
  const fail = (kind: Contender, err: unknown): void => {
    errors.set(kind, err instanceof Error ? err.message : String(err));
    log(`N=${n} ${kind}: ${errors.get(kind)}`);
  };
  try {
    for (const kind of kinds) {
      try {
        setups.set(kind, await openSetup(kind, n, options));
        log(`N=${n} ${kind}: ${n} clients connected`);
      } catch (err) {
        fail(kind, err);
      }
    }
    const plan = planFor(n, options);
    const rounds = Math.max(1, options.rounds);
    const turn = (round: number): LiveSetup[] => {
      const live = kinds.flatMap((k) => (errors.has(k) ? [] : [setups.get(k) as LiveSetup]));
      const first = round % Math.max(1, live.length);
      return [...live.slice(first), ...live.slice(0, first)];
    };
    if (phases.latency) {
      for (let round = 0; round < rounds; round++) {
        for (const setup of turn(round)) {
          try {
            await freshLot(setup, round === 0);
            const slice = await measureLatencySlice(
              setup,
              n,
              plan.rate,
              options.warmupMs,
              plan.latencyMs / rounds,
              options,
            );
            slices.set(setup.kind, [...(slices.get(setup.kind) ?? []), slice]);
          } catch (err) {
            fail(setup.kind, err);
          }
        }
      }
      log(`N=${n}: latency done`);
    }
    if (phases.saturation) {
      for (let round = 0; round < rounds; round++) {
        for (const setup of turn(round)) {
          try {
            await freshLot(setup, round === 0 && !phases.latency);
            const ramp = await measureSaturation(setup, n, options);
            ramps.set(setup.kind, [...(ramps.get(setup.kind) ?? []), ramp]);
          } catch (err) {
            fail(setup.kind, err);
          }
        }
      }
      log(`N=${n}: saturation done`);
    }
  } finally {
    for (const setup of setups.values()) await closeSetup(setup);
  }
  return kinds.map((kind): ScenarioResult => {
    const setup = setups.get(kind);
    const connect = setup?.connect ?? failedConnect(n, errors.get(kind) ?? 'not run');
    const kindSlices = slices.get(kind) ?? [];
    const bareSlices = kind === 'bare' ? null : (slices.get('bare') ?? null);
    const latency = kindSlices.length > 0 ? latencyFigures(planFor(n, options).rate, kindSlices, bareSlices) : null;
    const kindRamps = ramps.get(kind) ?? [];
    const saturation =
      kindRamps.length > 0 ? kindRamps.reduce((a, b) => (b.acceptedPerSecond > a.acceptedPerSecond ? b : a)) : null;
    const peaks = [connect.host.rssPeakMB, latency?.host.rssPeakMB, ...kindRamps.map((r) => r.host.rssPeakMB)];
    return {
      kind,
      n,
      teams,
      hostIdleRssMB: setup?.idleRssMB ?? Number.NaN,
      connect,
      latency,
      saturation,
      rssPeakMB: Math.max(...peaks.filter((p): p is number => p !== undefined && Number.isFinite(p))),
      error: errors.get(kind) ?? null,
    };
  });
}
