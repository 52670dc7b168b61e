import { io, type Socket } from 'socket.io-client';
import { PROTOCOL_VERSION } from '../../shared/protocol/messages';
import { startDelayProxy, type DelayProxy } from '../helpers/delay-proxy';
import type { BidRecord, HostStats, ServerKind } from './messages';
import { BidderPool, HostProcess } from './processes';
import { formatTable } from './report';
import type { HostFigures } from './scenario';
import {
  RoomPool,
  addReceived,
  fanoutOf,
  formatNumber,
  formatPercentiles,
  hostFiguresOf,
  loadNow,
  loopbackAddresses,
  peakOf,
  receiptsOf,
  snapshotBytes,
  startAuction,
  type Received,
} from './room';
import { bootstrapRatio, percentiles, sinceEpoch, type Interval, type Percentiles } from './stats';
import type { VenueContext, VenueOutcome } from './venue';

/**
 * The reconnect storm (issue 18): 50 teams and 450 spectators, each the
 * app's own GavelClient, reach the host through a loopback proxy while a
 * lot is live; ten bidders connected straight to the host bid at a modest
 * rate. The proxy then drops every connection at once, as an access point
 * going down would: the clients see their sockets close, the host is told
 * nothing (it finds out from its own ping timeout), and the clients come
 * back with their normal backoff. Beside it, bare Socket.IO with the same
 * clients' backoff sends one snapshot-sized message per connection.
 *
 * Reported, per server: how long until every client has the host's latest
 * seq again (p50, p99, max over all clients of all storms), the bytes the
 * host sent through the proxy from the cut until the last client caught up,
 * host CPU and peak RSS over the same span, and the directly connected
 * bidders' fan-out p99 during the storm against the quiet seconds before it.
 */

export interface StormOptions {
  readonly teams: number;
  readonly spectators: number;
  /** Storms per server; the servers take turns. */
  readonly rounds: number;
  /** Bids per second from the directly connected bidders, all together. */
  readonly rate: number;
  readonly directBidders: number;
  /** Bidding before the cut: its fan-out is the quiet figure. */
  readonly quietMs: number;
  /** Bidding after the cut (the storm figure covers the cut until the last client caught up, at least 1 s). */
  readonly stormMs: number;
  /** Clients per loopback source address behind the proxy (the host allows 200; dropped sockets count until it notices). */
  readonly perAddress: number;
}

export const DEFAULT_STORM: StormOptions = {
  teams: 50,
  spectators: 450,
  // Six, not three: with three the storm's p99 was that of about 60 bids, their maximum;
  // six storms read 1.49-1.71 × quiet where three read 2.75-3.85 (PERFORMANCE.md, session 9).
  rounds: 6,
  rate: 20,
  directBidders: 10,
  quietMs: 3_000,
  stormMs: 4_000,
  perAddress: 25,
};

/** The storm's figures for one server. */
export interface StormResult {
  readonly kind: ServerKind;
  readonly clients: number;
  readonly storms: number;
  /** Cut → the client has the latest seq on a new connection, over every client of every storm. */
  readonly catchUp: Percentiles;
  /** Clients that never caught up within the wait, over all storms. */
  readonly neverCaughtUp: number;
  /** Cut → the client's first new connection is open (before its snapshot), over every client of every storm. */
  readonly reconnected: Percentiles;
  /** Connections opened after the cut (a client refused or dropped again opens more than one). */
  readonly reconnects: number;
  /** Reconnect attempts Socket.IO made, and the failed ones by reason, over all storms. */
  readonly attempts: number;
  readonly failures: Readonly<Record<string, number>>;
  /** Of bytesPerStorm, those the host sent to connections already dropped (it had not noticed yet). */
  readonly bytesDroppedPerStorm: number;
  /** Bytes the host sent through the proxy from the cut to the last client caught up, mean per storm. */
  readonly bytesPerStorm: number;
  readonly host: HostFigures;
  readonly fanoutQuiet: Percentiles;
  readonly fanoutStorm: Percentiles;
  /**
   * 95 % bootstrap interval of fanoutStorm.p99 ÷ fanoutQuiet.p99. Each p99
   * comes from a few hundred bids at most (six storms: about 125 and 240), so
   * the ratio swings from run to run. Absent in older results.
   */
  readonly fanoutStormVsQuiet?: Interval | null;
  /** What the clients received from the cut until all caught up, per event name, mean per storm. */
  readonly received: Readonly<Record<string, Received>>;
  /** Clients whose seq differed from the host's once the bidding had stopped, over all storms. */
  readonly behindAtEnd: number;
  /** The size of a spectator's snapshot on a fresh connection (bare: its stand-in). */
  readonly snapshotBytes: number;
  readonly load: string;
  readonly error: string | null;
}

interface StormSetup {
  readonly kind: ServerKind;
  readonly host: HostProcess;
  readonly proxy: DelayProxy;
  readonly room: RoomPool;
  readonly bidders: BidderPool;
  readonly observer: Socket;
  readonly latestSeq: Int32Array;
  readonly lotId: string;
}

interface StormRound {
  readonly caughtMs: readonly number[];
  readonly connectedMs: readonly number[];
  readonly reconnects: number;
  readonly attempts: number;
  readonly failures: Readonly<Record<string, number>>;
  readonly bytes: number;
  readonly bytesDropped: number;
  readonly stats: HostStats;
  readonly quiet: readonly number[];
  readonly storm: readonly number[];
  readonly behindAtEnd: number;
  readonly received: Readonly<Record<string, Received>>;
}

const BASE_AMOUNT = 1_000;

/** A socket straight to the host that keeps `latestSeq` at the newest seq it has seen. */
async function openObserver(port: number, code: string, latestSeq: Int32Array): Promise<Socket> {
  const socket = io(`http://127.0.0.1:${port}`, {
    transports: ['websocket'],
    forceNew: true,
    reconnection: false,
    auth: { code, protocol: PROTOCOL_VERSION },
  });
  const see = (seq: unknown): void => {
    if (typeof seq === 'number' && seq > Atomics.load(latestSeq, 0)) Atomics.store(latestSeq, 0, seq);
  };
  socket.on('auction:snapshot', (snapshot: { state?: { seq?: number } }) => see(snapshot.state?.seq));
  socket.on('hello', (hello: { seq?: number }) => see(hello.seq));
  socket.on('bid:accepted', (event: { seq?: number }) => see(event.seq));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('observer did not connect in 10 s')), 10_000);
    socket.once('connect', () => {
      clearTimeout(timer);
      resolve();
    });
    socket.once('connect_error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
  });
  return socket;
}

async function openStorm(
  kind: ServerKind,
  ctx: VenueContext,
  o: StormOptions,
  helloBytes: number,
): Promise<{ setup: StormSetup; snapshotBytes: number }> {
  const { host, ready } = await HostProcess.start(kind, o.teams, ctx.epochNs, {
    script: ctx.bundles.host,
    // GAVEL_STORM_PROFILE=dir writes a V8 CPU profile of each host (profile-summary.ts reads it).
    profileDir: process.env.GAVEL_STORM_PROFILE ?? null,
    limits: 'shipped',
    helloBytes: kind === 'bare' ? helloBytes : 0,
  });
  const closers: (() => Promise<void>)[] = [() => host.stop()];
  try {
    const isBare = kind === 'bare';
    const { lotId, spectatorCode } = isBare
      ? { lotId: 'L1', spectatorCode: 'S' }
      : await startAuction(ready.port, ready.adminCode);
    const size = isBare ? helloBytes : await snapshotBytes(ready.port, spectatorCode);
    const teamCodes = Array.from({ length: o.teams }, (_, i) => (isBare ? `B${i}` : (ready.teamCodes[i] ?? '')));
    const clients = o.teams + o.spectators;
    const proxy = await startDelayProxy({
      targetPort: ready.port,
      upMs: 0,
      downMs: 0,
      localAddresses: loopbackAddresses(clients, o.perAddress),
    });
    closers.push(() => proxy.close());
    const latestSeq = new Int32Array(new SharedArrayBuffer(4));
    const observer = await openObserver(ready.port, spectatorCode, latestSeq);
    closers.push(async () => void observer.close());
    const room = RoomPool.create({
      script: ctx.bundles.room,
      workers: 2,
      mode: isBare ? 'plain' : 'gavel',
      expectHello: isBare,
      url: proxy.url,
      codes: [...teamCodes, ...Array.from({ length: o.spectators }, () => spectatorCode)],
      localAddresses: [],
      reconnect: true,
      latestSeq: latestSeq.buffer as SharedArrayBuffer,
      epochNs: ctx.epochNs.toString(),
    });
    closers.push(() => room.close());
    const connected = await room.all({ type: 'connect', concurrency: 32, timeoutMs: 20_000 }, 120_000);
    const failed = connected.reduce((sum, r) => sum + (r.type === 'connected' ? r.failed : 0), 0);
    if (failed > 0) {
      const first = connected.find((r) => r.type === 'connected' && r.firstError);
      throw new Error(`${failed} of ${clients} storm clients failed to connect: ${JSON.stringify(first)}`);
    }
    const bidders = BidderPool.create({
      script: ctx.bundles.worker,
      kind: 'plain',
      url: `http://127.0.0.1:${ready.port}`,
      codes: teamCodes.slice(0, o.directBidders),
      workers: 1,
      counter: new SharedArrayBuffer(4),
      epochNs: ctx.epochNs,
    });
    closers.push(() => bidders.close());
    await bidders.all({ type: 'connect', concurrency: 8, timeoutMs: 20_000 }, 60_000);
    return { setup: { kind, host, proxy, room, bidders, observer, latestSeq, lotId }, snapshotBytes: size };
  } catch (err) {
    for (const close of closers.reverse()) await close().catch(() => undefined);
    throw err;
  }
}

async function closeStorm(setup: StormSetup): Promise<void> {
  await setup.host.stop();
  setup.observer.close();
  await setup.proxy.close();
  await setup.room.close();
  await setup.bidders.close();
}

async function stormRound(setup: StormSetup, ctx: VenueContext, o: StormOptions): Promise<StormRound> {
  const now = (): number => sinceEpoch(ctx.epochNs);
  const warMs = o.quietMs + o.stormMs;
  const warStart = now();
  const war = setup.bidders.all(
    {
      type: 'war',
      lotId: setup.lotId,
      steps: [{ ratePerSecond: o.rate, durationMs: warMs }],
      socketWindow: 1,
      maxInFlight: 1_000,
      base: BASE_AMOUNT,
      recordReceipts: true,
    },
    warMs + 60_000,
  );
  await new Promise((r) => setTimeout(r, o.quietMs));
  await setup.room.all({ type: 'mark' }, 10_000);
  await setup.host.stats('stats:reset');
  const bytesBefore = setup.proxy.bytesDown;
  const droppedBefore = setup.proxy.bytesDropped;
  const cutMs = now();
  setup.proxy.cut('silent');
  const caught = await setup.room.all({ type: 'catch-up', timeoutMs: 30_000 }, 40_000);
  const stats = await setup.host.stats('stats:read');
  const bytes = setup.proxy.bytesDown - bytesBefore;
  const bytesDropped = setup.proxy.bytesDropped - droppedBefore;
  const connectedMs = caught.flatMap((r) => (r.type === 'caught-up' ? r.connectedMs.map((t) => t - cutMs) : []));
  const attempts = caught.reduce((sum, r) => sum + (r.type === 'caught-up' ? r.attempts : 0), 0);
  const failures: Record<string, number> = {};
  for (const r of caught) {
    if (r.type !== 'caught-up') continue;
    for (const [why, n] of Object.entries(r.failures)) failures[why] = (failures[why] ?? 0) + n;
  }
  const caughtMs = caught.flatMap((r) => (r.type === 'caught-up' ? r.caughtMs.map((t) => t - cutMs) : []));
  const reconnects = caught.reduce((sum, r) => sum + (r.type === 'caught-up' ? r.connects : 0), 0);
  const received = caught.reduce<Record<string, Received>>(
    (into, r) => (r.type === 'caught-up' ? addReceived(into, r.received) : into),
    {},
  );
  const stormEndMs = cutMs + Math.max(1_000, ...caughtMs.filter((t) => Number.isFinite(t)));

  const bids = (await war).flatMap((r) => (r.type === 'war:done' ? r.bids : []));
  const accepted = bids.filter((b): b is BidRecord & { hostId: number } => b.ok && b.hostId !== null);
  const receipts = await setup.bidders.all(
    { type: 'collect', hostIds: accepted.map((b) => b.hostId), timeoutMs: 10_000 },
    30_000,
  );
  const { fanout, emitMs } = fanoutOf(accepted, receiptsOf(receipts), o.directBidders);
  const quiet = fanout.filter((_, i) => (emitMs[i] as number) >= warStart + 1_000 && (emitMs[i] as number) < cutMs);
  const storm = fanout.filter((_, i) => (emitMs[i] as number) >= cutMs && (emitMs[i] as number) < stormEndMs);

  // No lost event: once the bidding has stopped, every client holds the host's last seq.
  await new Promise((r) => setTimeout(r, 1_000));
  const seqs = (await setup.room.all({ type: 'seqs' }, 10_000)).flatMap((r) => (r.type === 'seqs' ? r.seqs : []));
  const last = Atomics.load(setup.latestSeq, 0);
  return {
    caughtMs,
    connectedMs,
    reconnects,
    attempts,
    failures,
    bytes,
    bytesDropped,
    stats,
    quiet,
    storm,
    behindAtEnd: seqs.filter((s) => s !== last).length,
    received,
  };
}

function summarise(
  kind: ServerKind,
  o: StormOptions,
  rounds: readonly StormRound[],
  size: number,
  load: string,
  error: string | null,
): StormResult {
  const caught = rounds.flatMap((r) => r.caughtMs);
  const wallMs = rounds.reduce((sum, r) => sum + r.stats.wallMs, 0);
  const cpuMs = rounds.reduce((sum, r) => sum + r.stats.cpuMs, 0);
  return {
    kind,
    clients: o.teams + o.spectators,
    storms: rounds.length,
    catchUp: percentiles(caught),
    neverCaughtUp: caught.filter((t) => !Number.isFinite(t)).length,
    reconnected: percentiles(rounds.flatMap((r) => r.connectedMs)),
    reconnects: rounds.reduce((sum, r) => sum + r.reconnects, 0),
    attempts: rounds.reduce((sum, r) => sum + r.attempts, 0),
    failures: rounds.reduce<Record<string, number>>((into, r) => {
      for (const [why, n] of Object.entries(r.failures)) into[why] = (into[why] ?? 0) + n;
      return into;
    }, {}),
    bytesDroppedPerStorm: rounds.reduce((sum, r) => sum + r.bytesDropped, 0) / Math.max(1, rounds.length),
    bytesPerStorm: rounds.reduce((sum, r) => sum + r.bytes, 0) / Math.max(1, rounds.length),
    host: {
      cpuPercent: rounds.length > 0 ? (cpuMs / Math.max(1, wallMs)) * 100 : Number.NaN,
      rssPeakMB: peakOf(rounds.map((r) => hostFiguresOf(r.stats).rssPeakMB)),
    },
    fanoutQuiet: percentiles(rounds.flatMap((r) => r.quiet)),
    fanoutStorm: percentiles(rounds.flatMap((r) => r.storm)),
    fanoutStormVsQuiet: bootstrapRatio(
      rounds.flatMap((r) => r.storm),
      rounds.flatMap((r) => r.quiet),
      99,
    ),
    behindAtEnd: rounds.reduce((sum, r) => sum + r.behindAtEnd, 0),
    received: Object.fromEntries(
      Object.entries(rounds.reduce<Record<string, Received>>((into, r) => addReceived(into, r.received), {})).map(
        ([event, r]) => [event, { count: r.count / rounds.length, bytes: r.bytes / rounds.length }],
      ),
    ),
    snapshotBytes: size,
    load,
    error,
  };
}

/** Both servers up at once; storms take turns (Gavel first in odd rounds, bare first in even ones). */
export async function runStorm(ctx: VenueContext, o: StormOptions = DEFAULT_STORM): Promise<VenueOutcome> {
  const loadBefore = loadNow();
  const setups = new Map<ServerKind, StormSetup>();
  const rounds = new Map<ServerKind, StormRound[]>();
  const errors = new Map<ServerKind, string>();
  const kinds: ServerKind[] = ['gavel-durable', 'bare'];
  let size = 0;
  try {
    for (const kind of kinds) {
      try {
        const opened = await openStorm(kind, ctx, o, size);
        setups.set(kind, opened.setup);
        if (kind !== 'bare') size = opened.snapshotBytes;
        ctx.log(`storm ${kind}: ${o.teams + o.spectators} clients connected through the proxy (${loadNow()})`);
      } catch (err) {
        errors.set(kind, String(err));
        ctx.log(`storm ${kind}: ${String(err)}`);
      }
    }
    // One unmeasured storm each first, as the full room and the slow link take an unmeasured turn:
    // the first storm of a run meets cold threads and a cold reconnect path.
    for (const kind of kinds) {
      const setup = setups.get(kind);
      if (setup && !errors.has(kind)) await stormRound(setup, ctx, o).catch(() => undefined);
    }
    ctx.log(`storm: warm-up storms done (${loadNow()})`);
    for (let round = 0; round < o.rounds; round++) {
      const order = round % 2 === 0 ? kinds : [...kinds].reverse();
      for (const kind of order) {
        const setup = setups.get(kind);
        if (!setup || errors.has(kind)) continue;
        try {
          const result = await stormRound(setup, ctx, o);
          rounds.set(kind, [...(rounds.get(kind) ?? []), result]);
          const max = Math.max(...result.caughtMs);
          ctx.log(`storm ${kind} round ${round + 1}: all caught up in ${formatNumber(max, 0)} ms (${loadNow()})`);
        } catch (err) {
          errors.set(kind, String(err));
          ctx.log(`storm ${kind}: ${String(err)}`);
        }
      }
    }
  } finally {
    for (const setup of setups.values()) await closeStorm(setup).catch(() => undefined);
  }
  const load = `${loadBefore} before, ${loadNow()} after`;
  const results = kinds.map((kind) => summarise(kind, o, rounds.get(kind) ?? [], size, load, errors.get(kind) ?? null));
  return { name: 'storm', json: { options: o, results }, lines: stormLines(results, o) };
}

export function stormLines(results: readonly StormResult[], o: StormOptions): string[] {
  const ours = results.find((r) => r.kind !== 'bare');
  const bare = results.find((r) => r.kind === 'bare');
  const rows = [
    [
      'server',
      'storms',
      'reconnected p50/p99/max ms',
      'caught up p50/p99/max ms',
      'never',
      'attempts',
      'host KB/storm (to dropped)',
      'CPU%',
      'peak RSS MB',
      'fan-out p99 quiet → storm ms (n)',
      'behind at end',
    ],
    ...results.map((r) => [
      r.kind,
      String(r.storms),
      `${formatPercentiles(r.reconnected)}/${formatNumber(r.reconnected.max, 0)}`,
      `${formatPercentiles(r.catchUp)}/${formatNumber(r.catchUp.max, 0)}`,
      String(r.neverCaughtUp),
      String(r.attempts),
      `${formatNumber(r.bytesPerStorm / 1024, 0)} (${formatNumber(r.bytesDroppedPerStorm / 1024, 0)})`,
      formatNumber(r.host.cpuPercent, 0),
      formatNumber(r.host.rssPeakMB, 0),
      `${formatNumber(r.fanoutQuiet.p99, 1)} → ${formatNumber(r.fanoutStorm.p99, 1)} (${r.fanoutQuiet.count}, ${r.fanoutStorm.count})`,
      String(r.behindAtEnd),
    ]),
  ];
  const lines = [
    `Reconnect storm: ${o.teams} teams + ${o.spectators} spectators (GavelClient; bare: plain sockets with the same backoff) ` +
      `through a proxy that drops them all at once, ${o.rounds} storms per server; ${o.directBidders} bidders straight to the host ` +
      `at ${o.rate} bids/s. Snapshot ${ours ? formatNumber(ours.snapshotBytes / 1024, 1) : '?'} KB (bare sends as much per connection). ` +
      `${results[0]?.load ?? ''}.`,
    ...table(rows),
  ];
  for (const r of results) {
    const parts = Object.entries(r.received)
      .sort((a, b) => b[1].bytes - a[1].bytes)
      .map(
        ([event, x]) => `${event} ${formatNumber(x.count, 0)} × ${formatNumber(x.bytes / Math.max(1, x.count), 0)} B`,
      );
    lines.push(`  ${r.kind}, received per storm until all caught up: ${parts.join(', ') || 'nothing'}`);
    const failed = Object.entries(r.failures).map(([why, n]) => `${why} × ${n}`);
    if (failed.length > 0) lines.push(`  ${r.kind}, failed reconnect attempts: ${failed.join(', ')}`);
    if (r.error) lines.push(`  ${r.kind}: ${r.error}`);
  }
  if (ours && bare) {
    const bytesRatio = ours.bytesPerStorm / bare.bytesPerStorm;
    const fanRatio = ours.fanoutStorm.p99 / ours.fanoutQuiet.p99;
    lines.push(
      ...table([
        ['target', 'value', 'bare', 'limit', 'met'],
        targetRow('every client caught up (max, ms)', ours.catchUp.max, bare.catchUp.max, 2_000, 'max'),
        targetRow('host bytes ÷ bare', bytesRatio, Number.NaN, 1.5, 'max'),
        targetRow(
          'host bytes to live clients ÷ bare',
          (ours.bytesPerStorm - ours.bytesDroppedPerStorm) / (bare.bytesPerStorm - bare.bytesDroppedPerStorm),
          Number.NaN,
          1.5,
          'max',
        ),
        targetRow(
          `storm fan-out p99 ÷ quiet${intervalNote(ours.fanoutStormVsQuiet)}`,
          fanRatio,
          bare.fanoutStorm.p99 / bare.fanoutQuiet.p99,
          3,
          'max',
        ),
        targetRow('clients behind the host at the end', ours.behindAtEnd, bare.behindAtEnd, 0, 'max'),
      ]),
    );
  }
  return lines;
}

/** " (95 % interval a–b)", or nothing where no interval was measured. */
function intervalNote(interval: Interval | null | undefined): string {
  return interval ? ` (95 % interval ${interval.low.toFixed(2)}–${interval.high.toFixed(2)})` : '';
}

export function targetRow(name: string, value: number, bare: number, limit: number, kind: 'max' | 'min'): string[] {
  const isMet = Number.isFinite(value) && (kind === 'max' ? value <= limit : value >= limit);
  return [
    name,
    formatNumber(value),
    formatNumber(bare),
    `${kind === 'max' ? '≤' : '≥'} ${limit}`,
    Number.isFinite(value) ? (isMet ? 'yes' : 'NO') : '–',
  ];
}

/** The report's table, as lines. */
export function table(rows: readonly (readonly string[])[]): string[] {
  return formatTable(rows).split('\n');
}
