import { parentPort, workerData } from 'node:worker_threads';
import { io, type Socket } from 'socket.io-client';
import { connectGavel } from '../../renderer/lib/gavel-client';
import { PROTOCOL_VERSION } from '../../shared/protocol/messages';
import type { BidRecord, RateStep, WarPlan, WorkerReply, WorkerRequest, WorkerSetup } from './messages';
import { sinceEpoch } from './stats';

/**
 * A bidder worker thread: opens several sockets to the host (plain
 * socket.io-client sockets, or the app's GavelClient), places bids
 * at the planned rate, and notes when each of its sockets receives each
 * accepted bid. Every wait here is bounded in time.
 */

const setup = workerData as WorkerSetup;
const epochNs = BigInt(setup.epochNs);
const now = (): number => sinceEpoch(epochNs);
const counter = new Int32Array(setup.counter);

interface PlaceResult {
  readonly ok: boolean;
  readonly code: string | null;
  /** The host's id of the accepted bid: broadcasts carry it, never the sender's bidId. */
  readonly hostId: number | null;
}

interface Bidder {
  /** Bids this socket has sent without an ack yet. */
  inFlight: number;
  place(lotId: string, amount: number, bidId: string): Promise<PlaceResult>;
  close(): void;
}

const ACK_TIMEOUT_MS = 30_000;
const bidders: Bidder[] = [];

/** Receive times per host bid id: the latest receipt among this worker's sockets, and how many had it. */
const receipts = new Map<number, { last: number; count: number }>();
let isRecording = false;

function receive(hostId: number): void {
  if (!isRecording) return;
  const t = now();
  const seen = receipts.get(hostId);
  if (seen) {
    seen.count += 1;
    seen.last = t;
  } else receipts.set(hostId, { last: t, count: 1 });
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

async function openGavel(code: string, timeoutMs: number): Promise<Bidder> {
  const client = connectGavel({
    url: setup.url,
    code,
    clockSyncIntervalMs: 0,
    ackTimeoutMs: ACK_TIMEOUT_MS,
    socketOptions: { reconnection: false, forceNew: true },
  });
  client.subscribe((change) => {
    if (change.kind === 'event' && change.event.type === 'bid:accepted') receive(change.event.bid.id);
  });
  try {
    await client.waitFor((c) => c.state !== null || c.status === 'refused', timeoutMs);
  } catch (err) {
    client.close();
    throw err;
  }
  if (client.status === 'refused') {
    client.close();
    throw new Error(`refused: ${client.refusal?.code ?? 'unknown'}`);
  }
  return {
    inFlight: 0,
    async place(lotId, amount, bidId) {
      const res = await client.placeBid(lotId, amount, bidId);
      return res.ok
        ? { ok: true, code: null, hostId: res.data.bid.id }
        : { ok: false, code: res.error.code, hostId: null };
    },
    close: () => client.close(),
  };
}

interface AcceptedBid {
  readonly bid: { readonly id: number };
}

/** A plain socket: for bare, and for Gavel with no client-side work (its join code and bid shape are the same). */
async function openPlain(code: string, timeoutMs: number): Promise<Bidder> {
  const socket: Socket = io(setup.url, {
    transports: ['websocket'],
    forceNew: true,
    reconnection: false,
    auth: { code, protocol: PROTOCOL_VERSION },
  });
  socket.on('bid:accepted', (event: AcceptedBid) => receive(event.bid.id));
  try {
    await withTimeout(
      new Promise<void>((resolve, reject) => {
        socket.once('connect', () => resolve());
        socket.once('connect_error', (err) => reject(err));
      }),
      timeoutMs,
      'connect',
    );
  } catch (err) {
    socket.close();
    throw err;
  }
  return {
    inFlight: 0,
    async place(lotId, amount, bidId) {
      try {
        const res = (await socket.timeout(ACK_TIMEOUT_MS).emitWithAck('bid:place', { bidId, lotId, amount })) as {
          ok: boolean;
          data?: { bid?: { id?: number } };
          error?: { code?: string };
        };
        const hostId = res.ok ? (res.data?.bid?.id ?? null) : null;
        return { ok: res.ok, code: res.ok ? null : (res.error?.code ?? 'refused'), hostId };
      } catch {
        return { ok: false, code: 'no_ack', hostId: null };
      }
    },
    close: () => socket.close(),
  };
}

/** Opens every socket, at most `concurrency` handshakes at a time. */
async function connectAll(concurrency: number, timeoutMs: number): Promise<WorkerReply> {
  const open = setup.kind === 'gavel' ? openGavel : openPlain;
  const startMs = now();
  const socketMs: number[] = [];
  let failed = 0;
  let firstError: string | null = null;
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < setup.codes.length) {
      const code = setup.codes[next++] as string;
      const t0 = now();
      try {
        bidders.push(await open(code, timeoutMs));
        socketMs.push(now() - t0);
      } catch (err) {
        failed += 1;
        firstError ??= String(err);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, concurrency) }, lane));
  return { type: 'connected', startMs, endMs: now(), ok: bidders.length, failed, socketMs, firstError };
}

/** How many bids are due `elapsed` ms into the plan: the integral of its rate steps. */
function bidsDue(steps: readonly RateStep[], elapsed: number): number {
  let due = 0;
  let from = 0;
  for (const step of steps) {
    const span = Math.min(step.durationMs, Math.max(0, elapsed - from));
    due += (span * step.ratePerSecond) / 1000;
    from += step.durationMs;
    if (elapsed < from) break;
  }
  return due;
}

/**
 * Places bids round-robin over this worker's sockets at the planned rates
 * (open loop), then waits for every ack. A socket has at most
 * `socketWindow` unanswered bids: the next bid goes to the next socket with
 * room, and waits if none has. Consecutive bids come from different teams,
 * with amounts from one counter shared by all workers, so while the host
 * keeps up nearly every bid is a new high bid; a refusal means the host
 * reordered or fell behind.
 */
let wars = 0;

function war(plan: WarPlan): Promise<BidRecord[]> {
  // bidIds must never repeat: the host answers a repeated bidId with its first answer (idempotency).
  const warNo = wars++;
  isRecording = plan.recordReceipts;
  receipts.clear();
  const records: BidRecord[] = [];
  if (bidders.length === 0) return Promise.resolve(records);
  const durationMs = plan.steps.reduce((sum, step) => sum + step.durationMs, 0);
  const peakRate = Math.max(...plan.steps.map((step) => step.ratePerSecond));
  // Spread the workers' schedules so their bids interleave instead of landing in pairs.
  const phase = setup.index / Math.max(1, setup.workers);
  const tickMs = Math.max(1, Math.min(5, 1000 / peakRate / 2));
  const start = now();
  let sent = 0;
  let inFlight = 0;
  let cursor = 0;
  let isStopped = false;
  let timer: ReturnType<typeof setTimeout> | undefined;

  return new Promise((resolve) => {
    const guard = setTimeout(() => finish(true), durationMs + ACK_TIMEOUT_MS + 5_000);
    const finish = (force = false): void => {
      if (!force && (!isStopped || inFlight > 0)) return;
      isStopped = true;
      clearTimeout(guard);
      clearTimeout(timer);
      resolve(records);
    };
    const nextIdle = (): Bidder | null => {
      for (let i = 0; i < bidders.length; i++) {
        const bidder = bidders[(cursor + i) % bidders.length] as Bidder;
        if (bidder.inFlight >= plan.socketWindow) continue;
        cursor = (cursor + i + 1) % bidders.length;
        return bidder;
      }
      return null;
    };
    const emitOne = (bidder: Bidder): void => {
      const amount = plan.base + Atomics.add(counter, 0, 1);
      const bidId = `w${setup.index}r${warNo}b${sent}`;
      bidder.inFlight += 1;
      sent += 1;
      inFlight += 1;
      const emitMs = now();
      void bidder.place(plan.lotId, amount, bidId).then((res) => {
        const ackMs = now();
        bidder.inFlight -= 1;
        records.push({ bidId, hostId: res.hostId, emitMs, ackMs, ok: res.ok, code: res.code });
        inFlight -= 1;
        if (isStopped) finish();
        else pump();
      });
    };
    const pump = (): void => {
      if (isStopped) return;
      const elapsed = now() - start;
      if (elapsed >= durationMs) {
        isStopped = true;
        finish();
        return;
      }
      const due = Math.floor(bidsDue(plan.steps, elapsed) - phase) + 1;
      while (sent < due && inFlight < plan.maxInFlight) {
        const bidder = nextIdle();
        if (!bidder) break;
        emitOne(bidder);
      }
    };
    const loop = (): void => {
      pump();
      if (!isStopped) timer = setTimeout(loop, tickMs);
    };
    loop();
  });
}

async function collect(bidIds: readonly number[], timeoutMs: number): Promise<WorkerReply> {
  const deadline = now() + timeoutMs;
  const n = bidders.length;
  const isComplete = (id: number): boolean => (receipts.get(id)?.count ?? 0) >= n;
  while (now() < deadline && !bidIds.every(isComplete)) await new Promise((r) => setTimeout(r, 10));
  isRecording = false;
  const lastMs = bidIds.map((id) => (isComplete(id) ? (receipts.get(id)?.last ?? Number.NaN) : Number.NaN));
  const counts = bidIds.map((id) => receipts.get(id)?.count ?? 0);
  receipts.clear();
  return { type: 'receipts', lastMs, counts };
}

function send(message: WorkerReply): void {
  parentPort?.postMessage(message);
}

parentPort?.on('message', (message: WorkerRequest) => {
  const run = async (): Promise<WorkerReply> => {
    switch (message.type) {
      case 'connect':
        return connectAll(message.concurrency, message.timeoutMs);
      case 'war':
        return { type: 'war:done', bids: await war(message) };
      case 'collect':
        return collect(message.hostIds, message.timeoutMs);
      case 'close':
        for (const bidder of bidders.splice(0)) bidder.close();
        return { type: 'closed' };
    }
  };
  run().then(send, (err: unknown) => send({ type: 'error', message: String(err) }));
});
