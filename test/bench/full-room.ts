import type { BidRecord, ServerKind, WorkerReply } from './messages';
import { BidderPool, HostProcess } from './processes';
import type { HostFigures } from './scenario';
import {
  RoomPool,
  addReceived,
  fanoutOf,
  formatNumber,
  formatPercentiles,
  loadNow,
  loopbackAddresses,
  peakOf,
  receiptsOf,
  startAuction,
  type Received,
} from './room';
import { table, targetRow } from './storm';
import { bootstrapRatio, percentiles, type Interval, type Percentiles } from './stats';
import type { VenueContext, VenueOutcome } from './venue';

/**
 * A full room (issue 18): 50 teams bidding and thousands of spectators
 * connected, the spectators in worker threads as plain socket.io-client
 * sockets (the same client for bare and Gavel, so ours ÷ bare compares
 * servers), spread over loopback source addresses so the host keeps its
 * shipped limit of 200 connections per address. Fan-out is emit → the last
 * spectator has the bid. Both servers are up at once and their latency
 * slices take turns, as in the main benchmark.
 */

export interface FullRoomOptions {
  readonly spectators: readonly number[];
  readonly bidders: number;
  /** Bids per second at most; fewer when rate × spectators would pass `deliveries`. */
  readonly rate: number;
  /** Broadcast deliveries per second the two spectator threads are asked to take. */
  readonly deliveries: number;
  /** Measured time per server, over all rounds (each slice also has 1 s of unmeasured warm-up). */
  readonly measureMs: number;
  readonly rounds: number;
  readonly workers: number;
  readonly perAddress: number;
}

export const DEFAULT_FULL_ROOM: FullRoomOptions = {
  spectators: [2_000],
  bidders: 50,
  rate: 20,
  deliveries: 10_000,
  measureMs: 32_000,
  rounds: 4,
  workers: 2,
  perAddress: 150,
};

const WARMUP_MS = 1_000;
const BASE_AMOUNT = 1_000;

export interface FullRoomResult {
  readonly kind: ServerKind;
  readonly spectators: number;
  readonly rate: number;
  /** First handshake → the last spectator connected. */
  readonly connectMs: number;
  readonly bids: number;
  readonly ack: Percentiles;
  readonly fanout: Percentiles;
  readonly fanoutIncomplete: number;
  readonly fanoutP99VsBare: Interval | null;
  /** Fan-out p99 of each turn, in the order they ran: a bad turn shows whether the tail is one moment's. */
  readonly turnP99s: readonly number[];
  readonly host: HostFigures;
  /** Host RSS with everyone connected, before the bidding. */
  readonly connectedRssMB: number;
  /** What the spectators received while the room filled, per event name, all together. */
  readonly joining: Readonly<Record<string, Received>>;
  /** Spectator connections the host or the link dropped during the run, by reason. */
  readonly dropped: Readonly<Record<string, number>>;
  readonly load: string;
  readonly error: string | null;
}

interface RoomSetup {
  readonly kind: ServerKind;
  readonly host: HostProcess;
  readonly room: RoomPool;
  readonly bidders: BidderPool;
  readonly lotId: string;
  readonly connectMs: number;
  readonly connectedRssMB: number;
  readonly joining: Readonly<Record<string, Received>>;
}

interface Slice {
  readonly bids: readonly BidRecord[];
  readonly fanout: readonly number[];
  readonly incomplete: number;
  readonly cpuMs: number;
  readonly wallMs: number;
  readonly rssPeakMB: number;
}

async function openRoom(
  kind: ServerKind,
  spectators: number,
  ctx: VenueContext,
  o: FullRoomOptions,
): Promise<RoomSetup> {
  const { host, ready } = await HostProcess.start(kind, o.bidders, ctx.epochNs, {
    script: ctx.bundles.host,
    limits: 'shipped',
  });
  const closers: (() => Promise<void>)[] = [() => host.stop()];
  try {
    const isBare = kind === 'bare';
    const { lotId, spectatorCode } = isBare
      ? { lotId: 'L1', spectatorCode: 'S' }
      : await startAuction(ready.port, ready.adminCode);
    const room = RoomPool.create({
      script: ctx.bundles.room,
      workers: o.workers,
      mode: 'plain',
      expectHello: false,
      url: `http://127.0.0.1:${ready.port}`,
      codes: Array.from({ length: spectators }, () => spectatorCode),
      localAddresses: loopbackAddresses(spectators, o.perAddress),
      reconnect: false,
      latestSeq: new SharedArrayBuffer(4),
      epochNs: ctx.epochNs.toString(),
    });
    closers.push(() => room.close());
    // Count what the spectators receive while the room fills (presence goes to everyone connected).
    await room.all({ type: 'mark' }, 10_000);
    const connected = await room.all({ type: 'connect', concurrency: 64, timeoutMs: 30_000 }, 300_000);
    const joining = (await room.all({ type: 'tally' }, 10_000)).reduce<Record<string, Received>>(
      (into, r) => (r.type === 'tally' ? addReceived(into, r.received) : into),
      {},
    );
    const done = connected.flatMap((r) => (r.type === 'connected' ? [r] : []));
    const failed = done.reduce((sum, r) => sum + r.failed, 0);
    if (failed > 0) {
      throw new Error(
        `${failed} of ${spectators} spectators failed to connect: ${done.find((r) => r.firstError)?.firstError}`,
      );
    }
    const connectMs = Math.max(...done.map((r) => r.endMs)) - Math.min(...done.map((r) => r.startMs));
    const bidders = BidderPool.create({
      script: ctx.bundles.worker,
      kind: 'plain',
      url: `http://127.0.0.1:${ready.port}`,
      codes: Array.from({ length: o.bidders }, (_, i) => (isBare ? `B${i}` : (ready.teamCodes[i] ?? ''))),
      workers: 1,
      counter: new SharedArrayBuffer(4),
      epochNs: ctx.epochNs,
    });
    closers.push(() => bidders.close());
    await bidders.all({ type: 'connect', concurrency: 16, timeoutMs: 20_000 }, 60_000);
    const stats = await host.stats('stats:read');
    return { kind, host, room, bidders, lotId, connectMs, connectedRssMB: stats.rssMB, joining };
  } catch (err) {
    for (const close of closers.reverse()) await close().catch(() => undefined);
    throw err;
  }
}

async function closeRoom(setup: RoomSetup): Promise<void> {
  // The host first: a host that outlives its clients broadcasts every departure to the rest.
  await setup.host.stop();
  await setup.room.close();
  await setup.bidders.close();
}

async function measureSlice(setup: RoomSetup, spectators: number, rate: number, measureMs: number): Promise<Slice> {
  await setup.room.all({ type: 'record' }, 10_000);
  await setup.host.stats('stats:reset');
  const durationMs = WARMUP_MS + measureMs;
  const replies: WorkerReply[] = await setup.bidders.all(
    {
      type: 'war',
      lotId: setup.lotId,
      steps: [{ ratePerSecond: rate, durationMs }],
      socketWindow: 1,
      maxInFlight: 1_000,
      base: BASE_AMOUNT,
      recordReceipts: false,
    },
    durationMs + 60_000,
  );
  const all = replies.flatMap((r) => (r.type === 'war:done' ? r.bids : []));
  const start = Math.min(...all.map((b) => b.emitMs));
  const measured = all.filter((b) => b.emitMs >= start + WARMUP_MS);
  const accepted = measured.filter((b): b is BidRecord & { hostId: number } => b.ok && b.hostId !== null);
  const receipts = await setup.room.all(
    { type: 'collect', hostIds: accepted.map((b) => b.hostId), timeoutMs: 15_000 },
    40_000,
  );
  const stats = await setup.host.stats('stats:read');
  const { fanout, incomplete } = fanoutOf(accepted, receiptsOf(receipts), spectators);
  return { bids: measured, fanout, incomplete, cpuMs: stats.cpuMs, wallMs: stats.wallMs, rssPeakMB: stats.rssPeakMB };
}

async function runSize(spectators: number, ctx: VenueContext, o: FullRoomOptions): Promise<FullRoomResult[]> {
  const loadBefore = loadNow();
  const kinds: ServerKind[] = ['bare', 'gavel-durable'];
  const rate = Math.max(1, Math.min(o.rate, Math.floor(o.deliveries / spectators)));
  const setups = new Map<ServerKind, RoomSetup>();
  const slices = new Map<ServerKind, Slice[]>();
  const errors = new Map<ServerKind, string>();
  const dropped = new Map<ServerKind, Record<string, number>>();
  try {
    for (const kind of kinds) {
      try {
        const setup = await openRoom(kind, spectators, ctx, o);
        setups.set(kind, setup);
        ctx.log(`full room ${spectators} ${kind}: connected in ${Math.round(setup.connectMs)} ms (${loadNow()})`);
      } catch (err) {
        errors.set(kind, String(err));
        ctx.log(`full room ${spectators} ${kind}: ${String(err)}`);
      }
    }
    // One unmeasured turn each first: in a slow-link run the first turn of the run (bare's) had a
    // fan-out p99 of 1.4 s where bare's other three had 0.09–0.23 s (load average 18): the
    // threads and the proxy start cold, and a second of warm-up inside the turn was not enough.
    for (const kind of kinds) {
      const setup = setups.get(kind);
      if (setup && !errors.has(kind))
        await measureSlice(setup, spectators, rate, o.measureMs / o.rounds / 2).catch(() => undefined);
    }
    for (let round = 0; round < o.rounds; round++) {
      const order = round % 2 === 0 ? kinds : [...kinds].reverse();
      for (const kind of order) {
        const setup = setups.get(kind);
        if (!setup || errors.has(kind)) continue;
        try {
          const slice = await measureSlice(setup, spectators, rate, o.measureMs / o.rounds);
          slices.set(kind, [...(slices.get(kind) ?? []), slice]);
        } catch (err) {
          errors.set(kind, String(err));
          ctx.log(`full room ${spectators} ${kind}: ${String(err)}`);
        }
      }
      ctx.log(`full room ${spectators}: round ${round + 1} of ${o.rounds} (${loadNow()})`);
    }
    for (const [kind, setup] of setups) {
      const replies = await setup.room.all({ type: 'tally' }, 10_000).catch(() => []);
      const lost: Record<string, number> = {};
      for (const r of replies) {
        if (r.type !== 'tally') continue;
        for (const [why, n] of Object.entries(r.disconnects)) lost[why] = (lost[why] ?? 0) + n;
      }
      dropped.set(kind, lost);
    }
  } finally {
    for (const setup of setups.values()) await closeRoom(setup).catch(() => undefined);
  }
  const load = `${loadBefore} before, ${loadNow()} after`;
  const bareFanout = (slices.get('bare') ?? []).flatMap((s) => s.fanout);
  return kinds.map((kind): FullRoomResult => {
    const own = slices.get(kind) ?? [];
    const fanout = own.flatMap((s) => s.fanout);
    const bids = own.flatMap((s) => s.bids);
    const cpuMs = own.reduce((sum, s) => sum + s.cpuMs, 0);
    const wallMs = own.reduce((sum, s) => sum + s.wallMs, 0);
    const setup = setups.get(kind);
    return {
      kind,
      spectators,
      rate,
      connectMs: setup?.connectMs ?? Number.NaN,
      bids: bids.length,
      ack: percentiles(bids.map((b) => b.ackMs - b.emitMs)),
      fanout: percentiles(fanout),
      fanoutIncomplete: own.reduce((sum, s) => sum + s.incomplete, 0),
      fanoutP99VsBare: kind === 'bare' ? null : bootstrapRatio(fanout, bareFanout, 99),
      turnP99s: own.map((s) => percentiles(s.fanout).p99),
      host: {
        cpuPercent: own.length > 0 ? (cpuMs / Math.max(1, wallMs)) * 100 : Number.NaN,
        rssPeakMB: peakOf(own.map((s) => s.rssPeakMB)),
      },
      connectedRssMB: setup?.connectedRssMB ?? Number.NaN,
      joining: setup?.joining ?? {},
      dropped: dropped.get(kind) ?? {},
      load,
      error: errors.get(kind) ?? null,
    };
  });
}

export async function runFullRoom(ctx: VenueContext, o: FullRoomOptions = DEFAULT_FULL_ROOM): Promise<VenueOutcome> {
  const results: FullRoomResult[] = [];
  for (const spectators of o.spectators) results.push(...(await runSize(spectators, ctx, o)));
  return { name: 'full-room', json: { options: o, results }, lines: fullRoomLines(results, o) };
}

export function fullRoomLines(results: readonly FullRoomResult[], o: FullRoomOptions): string[] {
  const lines = [
    `Full room: ${o.bidders} bidders (one worker thread) bidding, spectators in ${o.workers} worker threads spread over ` +
      `loopback addresses (${o.perAddress} each), host with its shipped limits; min(${o.rate}, ${o.deliveries} / spectators) bids/s ` +
      `for ${o.measureMs / 1000} s per server in ${o.rounds} turns. Fan-out: emit → the last spectator has it.`,
    ...table([
      [
        'spectators / server',
        'bids/s',
        'connect ms',
        'bids',
        'ack p50/p99 ms',
        'fan-out p50/p95/p99 ms',
        'incomplete',
        'p99 ÷ bare (95% interval)',
        'CPU%',
        'RSS connected / peak MB',
        'load',
      ],
      ...results.map((r) => {
        const bare = results.find((b) => b.kind === 'bare' && b.spectators === r.spectators);
        const vs = r.kind === 'bare' ? '' : `${formatNumber(r.fanout.p99 / (bare?.fanout.p99 ?? Number.NaN))}`;
        const interval = r.fanoutP99VsBare
          ? ` (${formatNumber(r.fanoutP99VsBare.low)}–${formatNumber(r.fanoutP99VsBare.high)})`
          : '';
        return [
          `${r.spectators} ${r.kind}`,
          String(r.rate),
          formatNumber(r.connectMs, 0),
          String(r.bids),
          formatPercentiles(r.ack),
          formatPercentiles(r.fanout, true),
          String(r.fanoutIncomplete),
          vs + interval,
          formatNumber(r.host.cpuPercent, 0),
          `${formatNumber(r.connectedRssMB, 0)} / ${formatNumber(r.host.rssPeakMB, 0)}`,
          r.load,
        ];
      }),
    ]),
  ];
  for (const r of results) {
    const label = `${r.spectators} ${r.kind}`;
    const joined = Object.entries(r.joining)
      .sort((a, b) => b[1].bytes - a[1].bytes)
      .map(([event, x]) => `${event} ${x.count} × ${formatNumber(x.bytes / Math.max(1, x.count), 0)} B`);
    lines.push(`  ${label}: the spectators received while joining: ${joined.join(', ') || 'nothing'}`);
    const lost = Object.entries(r.dropped).map(([why, n]) => `${why} × ${n}`);
    if (lost.length > 0) lines.push(`  ${label}: spectators dropped: ${lost.join(', ')}`);
    lines.push(
      `  ${label}: fan-out p99 per turn, in order: ${r.turnP99s.map((v) => formatNumber(v, 1)).join(', ')} ms`,
    );
    if (r.error) lines.push(`  ${label}: ${r.error}`);
  }
  const ours = results.find((r) => r.kind !== 'bare' && r.spectators === 2_000);
  const bare = results.find((r) => r.kind === 'bare' && r.spectators === 2_000);
  if (ours && bare) {
    lines.push(
      ...table([
        ['target (2,000 spectators)', 'value', 'bare', 'limit', 'met'],
        targetRow('fan-out p99 ÷ bare', ours.fanout.p99 / bare.fanout.p99, Number.NaN, 1.3, 'max'),
        targetRow('host peak RSS (MB)', ours.host.rssPeakMB, bare.host.rssPeakMB, 200, 'max'),
      ]),
    );
  }
  return lines;
}
