/**
 * The messages between the benchmark's orchestrator (run.ts), the host child
 * process (host-process.ts) and the bidder worker threads (bidder-worker.ts).
 * Times are milliseconds since a shared `epochNs` read from
 * `process.hrtime.bigint()`, which is CLOCK_MONOTONIC: one clock for every
 * thread and process on the machine.
 */

/**
 * What the host child runs: a bare Socket.IO relay, or Gavel with no journal,
 * with the durable one, or (`gavel-written`, on request only) with a journal
 * that is written but never fsynced, to tell the write's cost from the fsync's.
 * `bare-durable` is the bare relay with the least a durable server does: each
 * bid written to a file before its broadcast and acked after an fdatasync
 * (bare-server.ts). Beside bare it measures what durability itself costs on
 * this machine, whoever implements it.
 */
export type ServerKind = 'bare' | 'bare-durable' | 'gavel-memory' | 'gavel-durable' | 'gavel-written';

/** The bare relays: no engine, lots or join codes. */
export function isBareServer(kind: ServerKind): kind is 'bare' | 'bare-durable' {
  return kind === 'bare' || kind === 'bare-durable';
}

/**
 * Which client the bidders use: plain socket.io-client sockets that note each
 * `bid:accepted` as it arrives, or the app's GavelClient
 * (renderer/lib/gavel-client.ts), which also folds every event into its state.
 */
export type ClientKind = 'plain' | 'gavel';

/**
 * One thing measured: a server and its bidders. A server kind alone has plain
 * bidders, the same client as bare's, so ours ÷ bare compares servers; with
 * `+client` (`gavel-durable+client`) the bidders are GavelClients, to show
 * what the app's client adds on top.
 */
export type Contender = ServerKind | `${Exclude<ServerKind, 'bare' | 'bare-durable'>}+client`;

export function serverOf(contender: Contender): ServerKind {
  return contender.replace(/\+client$/, '') as ServerKind;
}

export function clientOf(contender: Contender): ClientKind {
  return contender.endsWith('+client') ? 'gavel' : 'plain';
}

export type HostRequest =
  | {
      readonly type: 'start';
      readonly kind: ServerKind;
      readonly teams: number;
      /** The shared clock's zero (`process.hrtime.bigint()`, as a string): GC pauses are reported against it. */
      readonly epochNs: string;
      /** `shipped`: the host's own rate limits (default: lifted for the benchmark). */
      readonly limits?: 'bench' | 'shipped';
      /** Bare only: send every new connection one message of this many bytes (a snapshot's stand-in). */
      readonly helloBytes?: number;
    }
  | { readonly type: 'stats:reset' }
  | { readonly type: 'stats:read' }
  | { readonly type: 'stop' };

export interface HostStats {
  /** User + system CPU time of the host process since the last reset. */
  readonly cpuMs: number;
  readonly wallMs: number;
  /** Highest RSS sampled since the last reset (every 50 ms). */
  readonly rssPeakMB: number;
  readonly rssMB: number;
  /** Journal fsyncs since the host started, null without a journal. */
  readonly journalSyncs: number | null;
  /** The host's garbage-collection pauses since the last reset, on the shared clock. */
  readonly gcPauses: readonly GcPause[];
}

export interface GcPause {
  /** Start, in ms since `epochNs`. */
  readonly atMs: number;
  readonly ms: number;
}

export type HostReply =
  | {
      readonly type: 'ready';
      readonly port: number;
      readonly adminCode: string;
      readonly teamCodes: readonly string[];
      readonly rssMB: number;
    }
  | ({ readonly type: 'stats' } & HostStats)
  | { readonly type: 'stopped' }
  | { readonly type: 'error'; readonly message: string };

export interface WorkerSetup {
  readonly index: number;
  /** How many bidder workers there are in all. */
  readonly workers: number;
  readonly kind: ClientKind;
  readonly url: string;
  /** One join code per socket this worker opens. */
  readonly codes: readonly string[];
  /** An Int32Array over it holds the next bid number, shared by every worker. */
  readonly counter: SharedArrayBuffer;
  /** `process.hrtime.bigint()` at the start of the run, as a decimal string. */
  readonly epochNs: string;
}

/** A stretch of time at one offered rate. */
export interface RateStep {
  /** Bids per second this worker offers. */
  readonly ratePerSecond: number;
  readonly durationMs: number;
}

export interface WarPlan {
  readonly lotId: string;
  /** One step for the latency run; rising steps for the saturation ramp. */
  readonly steps: readonly RateStep[];
  /** Unacked bids per socket: 1 is a bidder who waits for each answer; more is open loop. */
  readonly socketWindow: number;
  /** Bids this worker may have without an ack at once (bounds the saturation run). */
  readonly maxInFlight: number;
  /** Amount of bid number k is `base + k`: rising, so nearly every bid is a new high bid. */
  readonly base: number;
  /** Keep receive times per bid for the fan-out figure. */
  readonly recordReceipts: boolean;
}

export type WorkerRequest =
  | { readonly type: 'connect'; readonly concurrency: number; readonly timeoutMs: number }
  | ({ readonly type: 'war' } & WarPlan)
  | { readonly type: 'collect'; readonly hostIds: readonly number[]; readonly timeoutMs: number }
  | { readonly type: 'close' };

/** One bid as its sender saw it. */
export interface BidRecord {
  readonly bidId: string;
  /** The host's id of an accepted bid (`bid.id` in its ack and broadcast); null when refused. */
  readonly hostId: number | null;
  readonly emitMs: number;
  /** NaN when no ack came back. */
  readonly ackMs: number;
  readonly ok: boolean;
  readonly code: string | null;
}

export type WorkerReply =
  | {
      readonly type: 'connected';
      readonly startMs: number;
      readonly endMs: number;
      readonly ok: number;
      readonly failed: number;
      /** Per socket, open → ready (snapshot for Gavel, connect for bare). */
      readonly socketMs: readonly number[];
      readonly firstError: string | null;
    }
  | { readonly type: 'war:done'; readonly bids: readonly BidRecord[] }
  | {
      readonly type: 'receipts';
      /** Per requested bid: when the last of this worker's sockets had it (NaN if one never did). */
      readonly lastMs: readonly number[];
      readonly counts: readonly number[];
    }
  | { readonly type: 'closed' }
  | { readonly type: 'error'; readonly message: string };
