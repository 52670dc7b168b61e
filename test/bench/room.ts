import { loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { build } from 'esbuild';
import { io } from 'socket.io-client';
import { connectGavel } from '../../renderer/lib/gavel-client';
import { PROTOCOL_VERSION } from '../../shared/protocol/messages';
import type { BidRecord, HostStats, WorkerReply } from './messages';
import type { Bundles } from './processes';
import type { HostFigures } from './scenario';
import { round, type Percentiles } from './stats';

/**
 * What the venue scenarios (reconnect storm, full room, slow link) share:
 * the room worker's messages and pool, loopback address spreading, the
 * admin's moves, and the fan-out arithmetic.
 */

export interface RoomWorkerSetup {
  readonly index: number;
  readonly workers: number;
  /** `gavel`: the app's GavelClient; `plain`: a bare socket.io-client socket. */
  readonly mode: 'gavel' | 'plain';
  /** Plain clients against bare in the storm: catching up needs bare's `hello` (its snapshot stand-in). */
  readonly expectHello: boolean;
  readonly url: string;
  readonly codes: readonly string[];
  /** Client i connects from localAddresses[i mod length] (none: the system's choice). */
  readonly localAddresses: readonly string[];
  /** Reconnect with the app's backoff when the connection drops. */
  readonly reconnect: boolean;
  /** Int32 at 0: the newest seq the orchestrator has seen from the host. */
  readonly latestSeq: SharedArrayBuffer;
  readonly epochNs: string;
}

export type RoomRequest =
  | { readonly type: 'connect'; readonly concurrency: number; readonly timeoutMs: number }
  | { readonly type: 'record' }
  | { readonly type: 'collect'; readonly hostIds: readonly number[]; readonly timeoutMs: number }
  | { readonly type: 'mark' }
  | { readonly type: 'catch-up'; readonly timeoutMs: number }
  | { readonly type: 'seqs' }
  /** What the clients received since the mark, per event name. */
  | { readonly type: 'tally' }
  | { readonly type: 'close' };

export type RoomReply =
  | Extract<WorkerReply, { type: 'connected' | 'receipts' | 'closed' | 'error' }>
  | { readonly type: 'ok' }
  /** Per client: when it had the latest seq again after the mark (ms on the shared clock, NaN: never). */
  | {
      readonly type: 'caught-up';
      readonly caughtMs: readonly number[];
      /** Per client: when its first new connection opened (NaN: never). */
      readonly connectedMs: readonly number[];
      readonly connects: number;
      /** Reconnect attempts Socket.IO made, and the failed ones by reason. */
      readonly attempts: number;
      readonly failures: Readonly<Record<string, number>>;
      /** Messages the clients received from the mark until they all caught up, per event name. */
      readonly received: Readonly<Record<string, Received>>;
    }
  | { readonly type: 'seqs'; readonly seqs: readonly number[] }
  | {
      readonly type: 'tally';
      readonly received: Readonly<Record<string, Received>>;
      /** Connections dropped by the host or the link since the worker started, by reason. */
      readonly disconnects: Readonly<Record<string, number>>;
    };

export interface Received {
  readonly count: number;
  /** JSON bytes of the payloads (the frame adds a few bytes of framing each). */
  readonly bytes: number;
}

/** Adds up per-event tallies. */
export function addReceived(
  into: Record<string, Received>,
  more: Readonly<Record<string, Received>>,
): Record<string, Received> {
  for (const [event, r] of Object.entries(more)) {
    const seen = into[event] ?? { count: 0, bytes: 0 };
    into[event] = { count: seen.count + r.count, bytes: seen.bytes + r.bytes };
  }
  return into;
}

/** Bundles the room worker to plain JavaScript, as prepareBundles does for the others. */
export async function prepareRoomWorker(outDir: string): Promise<string> {
  const outfile = join(outDir, 'room-worker.mjs');
  await build({
    entryPoints: [fileURLToPath(new URL('./room-worker.ts', import.meta.url))],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    logLevel: 'warning',
  });
  return outfile;
}

/** The bundles the venue scenarios run: the host child, the bidder worker and the room worker. */
export interface VenueBundles extends Bundles {
  readonly room: string;
}

/** Room worker threads; each request goes to every worker and waits for every reply, in order. */
export class RoomPool {
  readonly #workers: Worker[];
  readonly #waiting: ((reply: RoomReply) => void)[][];

  private constructor(workers: Worker[]) {
    this.#workers = workers;
    this.#waiting = workers.map((worker) => {
      const queue: ((reply: RoomReply) => void)[] = [];
      worker.on('message', (reply: RoomReply) => queue.shift()?.(reply));
      worker.on('error', (err) => {
        for (const next of queue.splice(0)) next({ type: 'error', message: String(err) });
      });
      return queue;
    });
  }

  /** Spreads `codes` round-robin over `workers` threads; `localAddresses` likewise over each worker's clients. */
  static create(
    options: Omit<RoomWorkerSetup, 'index' | 'workers'> & { readonly script: string; readonly workers: number },
  ): RoomPool {
    const count = Math.max(1, Math.min(options.workers, options.codes.length));
    const { script, workers: _, ...shared } = options;
    return new RoomPool(
      Array.from(
        { length: count },
        (_unused, index) =>
          new Worker(script, {
            workerData: {
              ...shared,
              index,
              workers: count,
              codes: options.codes.filter((_c, g) => g % count === index),
            } satisfies RoomWorkerSetup,
          }),
      ),
    );
  }

  async all(message: RoomRequest, timeoutMs: number): Promise<RoomReply[]> {
    const replies = this.#workers.map((worker, i) => {
      const queue = this.#waiting[i] as ((reply: RoomReply) => void)[];
      return new Promise<RoomReply>((resolve, reject) => {
        const timer = setTimeout(() => {
          const at = queue.indexOf(take);
          if (at >= 0) queue.splice(at, 1);
          reject(new Error(`room worker ${i} ${message.type}: no reply in ${timeoutMs} ms`));
        }, timeoutMs);
        const take = (reply: RoomReply): void => {
          clearTimeout(timer);
          resolve(reply);
        };
        queue.push(take);
        worker.postMessage(message);
      });
    });
    const results = await Promise.all(replies);
    const failure = results.find((r) => r.type === 'error');
    if (failure?.type === 'error') throw new Error(`room worker: ${failure.message}`);
    return results;
  }

  async close(): Promise<void> {
    await this.all({ type: 'close' }, 20_000).catch(() => undefined);
    await Promise.all(this.#workers.map((worker) => worker.terminate()));
  }
}

/**
 * Loopback source addresses for `clients` connections, at most `perAddress`
 * from each: 127.0.1.1, 127.0.1.2, … (all of 127.0.0.0/8 is loopback on
 * Linux). 127.0.0.1 is left to the admin and the bidders. Spreading the room
 * over addresses lets the host keep its shipped limit of connections per
 * address, as a room of phones with their own addresses would.
 */
export function loopbackAddresses(clients: number, perAddress: number): string[] {
  const count = Math.max(1, Math.ceil(clients / Math.max(1, perAddress)));
  return Array.from({ length: count }, (_, k) => `127.0.${1 + Math.floor(k / 254)}.${1 + (k % 254)}`);
}

/** What the admin learns on starting the auction. */
export interface OpenRoom {
  readonly lotId: string;
  readonly spectatorCode: string;
}

/** The admin starts the auction and leaves; returns the open lot and the spectators' code. */
export async function startAuction(port: number, adminCode: string): Promise<OpenRoom> {
  const admin = connectGavel({
    url: `http://127.0.0.1:${port}`,
    code: adminCode,
    clockSyncIntervalMs: 0,
    socketOptions: { reconnection: false, forceNew: true },
  });
  try {
    await admin.waitFor((c) => c.state !== null || c.status === 'refused', 10_000);
    const spectatorCode = admin.joinCodes?.spectator;
    if (!spectatorCode) throw new Error('the admin snapshot has no spectator code');
    const res = await admin.send('auction:start', {});
    if (!res.ok) throw new Error(`auction:start refused: ${res.error.code}`);
    await admin.waitFor((c) => c.state?.phase === 'open', 10_000);
    const lotId = admin.state?.current?.lotId;
    if (!lotId) throw new Error('no lot opened');
    return { lotId, spectatorCode };
  } finally {
    admin.close();
  }
}

/** Size in bytes of the snapshot `code` gets on connecting (its JSON, as Socket.IO sends it). */
export async function snapshotBytes(port: number, code: string): Promise<number> {
  const socket = io(`http://127.0.0.1:${port}`, {
    transports: ['websocket'],
    forceNew: true,
    reconnection: false,
    auth: { code, protocol: PROTOCOL_VERSION },
  });
  try {
    return await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no snapshot in 10 s')), 10_000);
      socket.once('auction:snapshot', (snapshot: unknown) => {
        clearTimeout(timer);
        resolve(Buffer.byteLength(JSON.stringify(snapshot)));
      });
      socket.once('connect_error', (err) => reject(err));
    });
  } finally {
    socket.close();
  }
}

/**
 * Fan-out per accepted bid: emit → the last of `n` receivers had it, from
 * the workers' receipts (requested in the order of `accepted`). A bid some
 * receiver never had counts as incomplete.
 */
export function fanoutOf(
  accepted: readonly Pick<BidRecord, 'emitMs'>[],
  receipts: readonly { readonly lastMs: readonly number[]; readonly counts: readonly number[] }[],
  n: number,
): { readonly fanout: number[]; readonly emitMs: number[]; readonly incomplete: number } {
  const fanout: number[] = [];
  const emitMs: number[] = [];
  let incomplete = 0;
  accepted.forEach((bid, i) => {
    let last = Number.NEGATIVE_INFINITY;
    let count = 0;
    for (const r of receipts) {
      last = Math.max(last, r.lastMs[i] ?? Number.NaN);
      count += r.counts[i] ?? 0;
    }
    if (count >= n && Number.isFinite(last)) {
      fanout.push(last - bid.emitMs);
      emitMs.push(bid.emitMs);
    } else incomplete += 1;
  });
  return { fanout, emitMs, incomplete };
}

export function receiptsOf(
  replies: readonly (RoomReply | WorkerReply)[],
): { readonly lastMs: readonly number[]; readonly counts: readonly number[] }[] {
  return replies.flatMap((r) => (r.type === 'receipts' ? [r] : []));
}

export function hostFiguresOf(stats: HostStats): HostFigures {
  return { cpuPercent: (stats.cpuMs / Math.max(1, stats.wallMs)) * 100, rssPeakMB: stats.rssPeakMB };
}

/** `p50/p99` (or with p95) in ms, one decimal. */
export function formatPercentiles(p: Percentiles, withP95 = false): string {
  const f = (v: number): string => (Number.isFinite(v) ? v.toFixed(1) : '–');
  return withP95 ? `${f(p.p50)}/${f(p.p95)}/${f(p.p99)}` : `${f(p.p50)}/${f(p.p99)}`;
}

export function formatNumber(value: number, digits = 2): string {
  return Number.isFinite(value) ? String(round(value, digits)) : '–';
}

/** The one-line load figure printed beside every venue result: the machine is shared. */
export function loadNow(): string {
  return `load average ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`;
}

/** The largest of `values`; NaN when there are none. */
export function peakOf(values: readonly number[]): number {
  return values.length > 0 ? Math.max(...values) : Number.NaN;
}
