import { parentPort, workerData } from 'node:worker_threads';
import { io, type Socket } from 'socket.io-client';
import { connectGavel, type GavelClient } from '../../renderer/lib/gavel-client';
import { PROTOCOL_VERSION } from '../../shared/protocol/messages';
import type { RoomReply, RoomRequest, RoomWorkerSetup } from './room';
import { sinceEpoch } from './stats';

/**
 * A room worker thread: many listening clients (spectators, and teams that
 * do not bid) for the full-room and reconnect-storm scenarios. Each notes
 * when it receives each accepted bid, and, after a `mark`, when it has the
 * host's latest seq again on a new connection. With `gavel` the clients are
 * the app's own GavelClient, so its real reconnect and resync are what is
 * measured; `plain` are bare socket.io-client sockets. Every wait is bounded.
 */

const setup = workerData as RoomWorkerSetup;
const epochNs = BigInt(setup.epochNs);
const now = (): number => sinceEpoch(epochNs);
/** The newest seq the orchestrator's direct observer has seen (Int32 at index 0). */
const latestSeq = new Int32Array(setup.latestSeq);

/** The app's own backoff (GavelClient's defaults), for the plain clients too. */
const RECONNECT = { reconnectionDelay: 300, reconnectionDelayMax: 3_000 } as const;

interface Member {
  seq(): number;
  /** Connections opened since the last mark. */
  connects: number;
  /** Bare's snapshot stand-in received since the last mark. */
  hellos: number;
  /** When this client had the latest seq on a new connection after the mark; NaN until then. */
  caughtMs: number;
  /** When its first new connection after the mark opened; NaN until then. */
  connectedMs: number;
  close(): void;
}

const members: Member[] = [];
const receipts = new Map<number, { last: number; count: number }>();
let isRecording = false;
let isMarked = false;
/** What the clients received since the mark, per event name: where a storm's bytes go. */
const tally = new Map<string, { count: number; bytes: number }>();

function count(socket: Socket): void {
  socket.onAny((event: string, ...args: unknown[]) => {
    if (!isMarked) return;
    const seen = tally.get(event) ?? { count: 0, bytes: 0 };
    seen.count += 1;
    seen.bytes += Buffer.byteLength(JSON.stringify(args));
    tally.set(event, seen);
  });
}

function receive(hostId: number): void {
  if (!isRecording) return;
  const t = now();
  const seen = receipts.get(hostId);
  if (seen) {
    seen.count += 1;
    seen.last = t;
  } else receipts.set(hostId, { last: t, count: 1 });
}

/** Reconnect attempts since the mark, and why the failed ones failed. */
let attempts = 0;
const failures = new Map<string, number>();

/** Connections the host or the link closed (not this worker), by reason, since the worker started. */
const disconnects = new Map<string, number>();
let isClosing = false;

function watchAttempts(socket: Socket): void {
  socket.on('disconnect', (reason: string) => {
    if (isClosing) return;
    disconnects.set(reason, (disconnects.get(reason) ?? 0) + 1);
  });
  socket.io.on('reconnect_attempt', () => {
    if (isMarked) attempts += 1;
  });
  socket.on('connect_error', (err: Error & { data?: { code?: string } }) => {
    if (!isMarked) return;
    const why = err.data?.code ?? err.message;
    failures.set(why, (failures.get(why) ?? 0) + 1);
  });
}

function connected(member: Member): void {
  if (!isMarked) return;
  member.connects += 1;
  if (!Number.isFinite(member.connectedMs)) member.connectedMs = now();
}

/** Checked on every change a client sees: the latest seq only moves with an event every client also gets. */
function checkCaughtUp(member: Member): void {
  if (!isMarked || Number.isFinite(member.caughtMs) || member.connects === 0) return;
  if (setup.mode === 'plain' && setup.expectHello && member.hellos === 0) return;
  if (member.seq() >= Atomics.load(latestSeq, 0)) member.caughtMs = now();
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

function localAddressOf(i: number): { localAddress?: string } {
  const list = setup.localAddresses;
  return list.length > 0 ? { localAddress: list[i % list.length] as string } : {};
}

async function openGavel(code: string, i: number, timeoutMs: number): Promise<Member> {
  const client: GavelClient = connectGavel({
    url: setup.url,
    code,
    clockSyncIntervalMs: 0,
    socketOptions: { forceNew: true, reconnection: setup.reconnect, ...localAddressOf(i) },
  });
  const member: Member = {
    seq: () => client.state?.seq ?? -1,
    connects: 0,
    hellos: 0,
    caughtMs: Number.NaN,
    connectedMs: Number.NaN,
    close: () => client.close(),
  };
  client.socket.on('connect', () => connected(member));
  watchAttempts(client.socket as unknown as Socket);
  count(client.socket as unknown as Socket);
  client.subscribe((change) => {
    if (change.kind === 'event' && change.event.type === 'bid:accepted') receive(change.event.bid.id);
    checkCaughtUp(member);
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
  return member;
}

interface AcceptedBid {
  readonly seq?: number;
  readonly bid: { readonly id: number };
}

async function openPlain(code: string, i: number, timeoutMs: number): Promise<Member> {
  const socket: Socket = io(setup.url, {
    transports: ['websocket'],
    forceNew: true,
    reconnection: setup.reconnect,
    ...RECONNECT,
    auth: { code, protocol: PROTOCOL_VERSION },
    ...localAddressOf(i),
  });
  let seq = -1;
  const member: Member = {
    seq: () => seq,
    connects: 0,
    hellos: 0,
    caughtMs: Number.NaN,
    connectedMs: Number.NaN,
    close: () => socket.close(),
  };
  socket.on('bid:accepted', (event: AcceptedBid) => {
    receive(event.bid.id);
    if (typeof event.seq === 'number') seq = Math.max(seq, event.seq);
    checkCaughtUp(member);
  });
  socket.on('hello', (hello: { seq?: number }) => {
    if (typeof hello.seq === 'number') seq = Math.max(seq, hello.seq);
    if (isMarked) member.hellos += 1;
    checkCaughtUp(member);
  });
  socket.on('connect', () => connected(member));
  watchAttempts(socket);
  count(socket);
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
  return member;
}

async function connectAll(concurrency: number, timeoutMs: number): Promise<RoomReply> {
  const open = setup.mode === 'gavel' ? openGavel : openPlain;
  const startMs = now();
  const socketMs: number[] = [];
  let failed = 0;
  let firstError: string | null = null;
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < setup.codes.length) {
      const i = next++;
      const t0 = now();
      try {
        members.push(await open(setup.codes[i] as string, i, timeoutMs));
        socketMs.push(now() - t0);
      } catch (err) {
        failed += 1;
        firstError ??= String(err);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, concurrency) }, lane));
  return { type: 'connected', startMs, endMs: now(), ok: members.length, failed, socketMs, firstError };
}

async function collect(hostIds: readonly number[], timeoutMs: number): Promise<RoomReply> {
  const deadline = now() + timeoutMs;
  const n = members.length;
  const isComplete = (id: number): boolean => (receipts.get(id)?.count ?? 0) >= n;
  while (now() < deadline && !hostIds.every(isComplete)) await new Promise((r) => setTimeout(r, 10));
  isRecording = false;
  const lastMs = hostIds.map((id) => (isComplete(id) ? (receipts.get(id)?.last ?? Number.NaN) : Number.NaN));
  const counts = hostIds.map((id) => receipts.get(id)?.count ?? 0);
  receipts.clear();
  return { type: 'receipts', lastMs, counts };
}

async function catchUp(timeoutMs: number): Promise<RoomReply> {
  const deadline = now() + timeoutMs;
  const isDone = (): boolean => members.every((m) => Number.isFinite(m.caughtMs));
  while (now() < deadline && !isDone()) await new Promise((r) => setTimeout(r, 10));
  return {
    type: 'caught-up',
    caughtMs: members.map((m) => m.caughtMs),
    connectedMs: members.map((m) => m.connectedMs),
    attempts,
    failures: Object.fromEntries(failures),
    connects: members.reduce((sum, m) => sum + m.connects, 0),
    received: Object.fromEntries(tally),
  };
}

function send(message: RoomReply): void {
  parentPort?.postMessage(message);
}

parentPort?.on('message', (message: RoomRequest) => {
  const run = async (): Promise<RoomReply> => {
    switch (message.type) {
      case 'connect':
        return connectAll(message.concurrency, message.timeoutMs);
      case 'record':
        receipts.clear();
        isRecording = true;
        return { type: 'ok' };
      case 'collect':
        return collect(message.hostIds, message.timeoutMs);
      case 'mark':
        isMarked = true;
        tally.clear();
        attempts = 0;
        failures.clear();
        for (const m of members) {
          m.connects = 0;
          m.hellos = 0;
          m.caughtMs = Number.NaN;
          m.connectedMs = Number.NaN;
        }
        return { type: 'ok' };
      case 'catch-up':
        return catchUp(message.timeoutMs);
      case 'tally':
        return { type: 'tally', received: Object.fromEntries(tally), disconnects: Object.fromEntries(disconnects) };
      case 'seqs':
        isMarked = false;
        return { type: 'seqs', seqs: members.map((m) => m.seq()) };
      case 'close':
        isClosing = true;
        for (const m of members.splice(0)) m.close();
        return { type: 'closed' };
    }
  };
  run().then(send, (err: unknown) => send({ type: 'error', message: String(err) }));
});
