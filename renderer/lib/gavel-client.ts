import { io, type ManagerOptions, type Socket, type SocketOptions } from 'socket.io-client';
import { evolve } from '../../shared/auction/evolve';
import { EVENT_TYPES, type AuctionEvent } from '../../shared/auction/events';
import type { AuctionRules, AuctionState, Display, Lot, Team, TeamId } from '../../shared/auction/types';
import { makeError, type AppError } from '../../shared/core/errors';
import {
  PROTOCOL_VERSION,
  type Ack,
  type AuditPage,
  type AuditQuery,
  type BidResult,
  type ClientCommandType,
  type ClientToServerEvents,
  type CommandPayload,
  type HandshakeAuth,
  type CommandResult,
  type JoinCodes,
  type Presence,
  type Role,
  type ServerToClientEvents,
  type Snapshot,
  type SnapshotMessage,
} from '../../shared/protocol/messages';
import { defaultConfigStore, type ConfigStore, type HeldConfig } from './config-store';

/**
 * The one typed client for Gavel's wire protocol, used by the renderer, the
 * tests and the benchmark. It keeps the role's state current by folding the
 * host's events with the engine's own `evolve`, asks for a fresh snapshot
 * when it sees a gap in `seq`, and estimates the host's clock from ping round
 * trips so countdowns never trust the device's clock.
 */

export type ConnectionStatus = 'connecting' | 'connected' | 'reconnecting' | 'disconnected' | 'refused';

export type ClientChange =
  | { readonly kind: 'event'; readonly event: AuctionEvent }
  | { readonly kind: 'snapshot' }
  | { readonly kind: 'status' }
  | { readonly kind: 'presence' }
  | { readonly kind: 'clock' };

export type GavelSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export interface ConnectOptions {
  /** The host's base URL, e.g. `http://192.168.1.20:4700`. */
  readonly url: string;
  /** Team code, spectator code or admin key; empty for an open spectator seat. */
  readonly code: string;
  /** How often to re-measure the host clock; 0 turns periodic sync off. */
  readonly clockSyncIntervalMs?: number;
  /** How long a command waits for its ack before it is retried or fails. */
  readonly ackTimeoutMs?: number;
  /** Local monotonic clock in ms; injectable for tests. */
  readonly localNow?: () => number;
  /** Passed through to socket.io-client (transports, reconnection, ...). */
  readonly socketOptions?: Partial<ManagerOptions & SocketOptions>;
  /**
   * Where the last config received is kept across page loads (null: only in
   * this client). Default: localStorage where there is one.
   */
  readonly configStore?: ConfigStore | null;
}

interface ClockSample {
  readonly offset: number;
  readonly rtt: number;
}

const CLOCK_SAMPLES_KEPT = 8;
/** A refusal to retry that names no wait; and the longest wait honoured. */
const RETRY_FALLBACK_MS = 3_000;
const RETRY_MAX_MS = 30_000;
const CLOCK_BURST = 5;
/**
 * Pings right after a (re)connect: fewer than an explicit `syncClock()`,
 * because every client of a room that reconnects at once sends them
 * together. The snapshot itself is the first sample: the client notes when
 * it sent its handshake, the host stamps `hostNow` when it answers, so the
 * snapshot's arrival closes a round trip like a ping's (one that includes
 * the host's work for the handshake, so it is rarely the best sample, but it
 * bounds the error from the start). Two pings after it make three samples,
 * and the lowest round trip of three is close enough on a LAN; the periodic
 * sync adds samples from then on. (Acks to five pings a client were the
 * largest part of the host's own CPU while 1,000 clients connected. A
 * single ping, with no other sample, was tried: on a loaded machine its
 * round trip was 31 ms, and the countdown 15.5 ms off, outside the 10 ms
 * that test/integration/clock-sync.test.ts holds it to.)
 */
export const CONNECT_CLOCK_BURST = 2;
/** Clock samples a (re)connect takes by itself: the snapshot's and the burst's. */
export const CONNECT_CLOCK_SAMPLES = CONNECT_CLOCK_BURST + 1;
/**
 * The burst of pings after a (re)connect starts CLOCK_BURST_DELAY_MS after
 * it, plus up to CLOCK_BURST_SPREAD_MS at random: a room that connects at
 * once (the doors open, the access point came back) gets its snapshots
 * first, and its pings come after, spread out, instead of in the same
 * second. Until the burst is in, the snapshot's own sample stands in (its
 * error is at most half the handshake's round trip). With the snapshot's
 * sample, this took 1,000 clients connecting at once from 1.45-1.53 to
 * 1.17-1.35 x bare Socket.IO's time (docs/PERFORMANCE.md, full runs included).
 */
const CLOCK_BURST_DELAY_MS = 1_000;
const CLOCK_BURST_SPREAD_MS = 2_000;

const AUCTION_EVENT_NAMES: ReadonlySet<string> = new Set(EVENT_TYPES);

/** Each configuration message stays well under the host's MAX_MESSAGE_BYTES. */
const CONFIG_PAGE_BYTES = 24_000;

/** Splits items into pages whose JSON stays under `budget` bytes (one oversized item makes its own page). */
export function pageByBytes<T>(items: readonly T[], budget: number): T[][] {
  const encoder = new TextEncoder();
  const pages: T[][] = [];
  let page: T[] = [];
  let size = 0;
  for (const item of items) {
    const bytes = encoder.encode(JSON.stringify(item)).length + 1;
    if (page.length > 0 && size + bytes > budget) {
      pages.push(page);
      page = [];
      size = 0;
    }
    page.push(item);
    size += bytes;
  }
  if (page.length > 0) pages.push(page);
  return pages;
}

function defaultLocalNow(): number {
  return performance.timeOrigin + performance.now();
}

/** A random id that also works on plain-http LAN pages, where `crypto.randomUUID` is unavailable. */
export function makeBidId(): string {
  const bytes = new Uint8Array(12);
  globalThis.crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

export class GavelClient {
  readonly socket: GavelSocket;
  #status: ConnectionStatus = 'connecting';
  #refusal: AppError | null = null;
  #snapshot: Snapshot | null = null;
  /** The config of the last whole snapshot, under the host's name for it: what the handshake names. */
  #held: HeldConfig | null = null;
  readonly #configStore: ConfigStore | null;
  #state: AuctionState | null = null;
  #presence: Presence | null = null;
  #listeners = new Set<(change: ClientChange) => void>();
  #resyncing = false;
  #buffered: AuctionEvent[] = [];
  #samples: ClockSample[] = [];
  #offset = 0;
  #syncTimer: ReturnType<typeof setInterval> | null = null;
  #retryTimer: ReturnType<typeof setTimeout> | null = null;
  #burstTimer: ReturnType<typeof setTimeout> | null = null;
  /** The id of the last connection this client had: the next handshake names it (`auth.replaces`). */
  #lastSocketId: string | null = null;
  /** When this client sent its last handshake, until the snapshot that answers it arrives (a clock sample). */
  #handshakeSentAt: number | null = null;
  readonly #localNow: () => number;
  readonly #ackTimeoutMs: number;

  constructor(options: ConnectOptions) {
    this.#localNow = options.localNow ?? defaultLocalNow;
    this.#ackTimeoutMs = options.ackTimeoutMs ?? 5_000;
    this.#configStore = options.configStore === undefined ? defaultConfigStore() : options.configStore;
    this.#held = this.#configStore?.read() ?? null;
    // A function, so every reconnect names the config held by then (socket.io-client calls it per handshake).
    // A reconnect also names the connection it replaces, which the host may still be writing to.
    const auth = (send: (auth: HandshakeAuth) => void): void => {
      // socket.io-client calls this as it sends the handshake: the start of the snapshot's round trip.
      this.#handshakeSentAt = this.#localNow();
      send({
        code: options.code,
        protocol: PROTOCOL_VERSION,
        ...(this.#held ? { configVersion: this.#held.version } : {}),
        ...(this.#lastSocketId ? { replaces: this.#lastSocketId } : {}),
      });
    };
    this.socket = io(options.url, {
      auth,
      transports: ['websocket'],
      // A room cut off at once (the access point restarts) comes back spread out, not in one
      // burst: the first try waits 500 ms ± 90 %, anywhere from 50 to 950 ms, the next 1 s ± 90 %,
      // then up to 3 s. (socket.io-client's default, 1 s ± 50 %, or the 300 ms ± 50 % used here
      // before, puts a whole room's handshakes into 150-450 ms, a burst the host takes while a lot
      // is open.) One phone that lost the Wi-Fi is back in half a second on average, as before.
      reconnectionDelay: 500,
      reconnectionDelayMax: 3_000,
      randomizationFactor: 0.9,
      ...options.socketOptions,
    });
    this.#wire();
    const interval = options.clockSyncIntervalMs ?? 10_000;
    if (interval > 0) this.#syncTimer = setInterval(() => void this.syncClock(2), interval);
  }

  get status(): ConnectionStatus {
    return this.#status;
  }
  /** Why the host refused the handshake (bad code, version, rate limit). */
  get refusal(): AppError | null {
    return this.#refusal;
  }
  get snapshot(): Snapshot | null {
    return this.#snapshot;
  }
  /** The auction as this role sees it, current to the last event received. */
  get state(): AuctionState | null {
    return this.#state;
  }
  get role(): Role | null {
    return this.#snapshot?.role ?? null;
  }
  get teamId(): TeamId | null {
    return this.#snapshot?.teamId ?? null;
  }
  get auctionId(): string | null {
    return this.#snapshot?.auctionId ?? null;
  }
  get joinCodes(): JoinCodes | null {
    return this.#snapshot?.joinCodes ?? null;
  }
  get presence(): Presence | null {
    return this.#presence;
  }
  /** Estimated host clock minus local clock, in ms. */
  get clockOffset(): number {
    return this.#offset;
  }
  /** Round trip of the best clock sample, in ms. */
  get clockRtt(): number | null {
    return this.#best()?.rtt ?? null;
  }

  /** The host's clock now, as best this client knows it. Use it for every countdown. */
  hostNow(): number {
    return this.#localNow() + this.#offset;
  }

  /** Calls `listener` after every change; returns the unsubscribe function. */
  subscribe(listener: (change: ClientChange) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Resolves once `predicate` holds (checked now and after every change). */
  waitFor(predicate: (client: GavelClient) => boolean, timeoutMs = 10_000): Promise<void> {
    return new Promise((resolve, reject) => {
      if (predicate(this)) return resolve();
      const timer = setTimeout(() => {
        off();
        reject(new Error(`waitFor timed out after ${timeoutMs} ms`));
      }, timeoutMs);
      const off = this.subscribe(() => {
        if (!predicate(this)) return;
        clearTimeout(timer);
        off();
        resolve();
      });
    });
  }

  /**
   * Sends a command and resolves with its ack. A command whose ack does not
   * arrive in time is sent again with the same payload (`retries` times);
   * the host answers a repeated `bidId` with its first answer, so this never
   * places a bid twice. It never rejects: a timeout becomes an error ack.
   */
  async send<T extends ClientCommandType>(
    type: T,
    payload: CommandPayload<T>,
    { retries = 0 }: { retries?: number } = {},
  ): Promise<Ack<T extends 'bid:place' | 'bid:floor' ? BidResult : CommandResult>> {
    type AnyAck = Ack<T extends 'bid:place' | 'bid:floor' ? BidResult : CommandResult>;
    // The event map is keyed by literal names; a generic `T` needs this one cast.
    const emitter = this.socket as unknown as {
      timeout(ms: number): { emitWithAck(event: string, payload: unknown): Promise<AnyAck> };
    };
    for (let attempt = 0; ; attempt++) {
      try {
        return await emitter.timeout(this.#ackTimeoutMs).emitWithAck(type, payload);
      } catch {
        if (attempt >= retries) {
          return { ok: false, error: makeError('internal_error', `no answer from the host to ${type}`) };
        }
      }
    }
  }

  /** Places a bid for this client's team with a fresh `bidId`; retried safely on a lost ack. */
  placeBid(lotId: string, amount: number, bidId: string = makeBidId()): Promise<Ack<BidResult>> {
    return this.send('bid:place', { bidId, lotId, amount }, { retries: 2 });
  }

  /**
   * Admin, before the start: sends a whole configuration. Lots go in pages
   * that each fit the host's message limit (`appendLots`), so a catalog of
   * thousands of players needs no large message. Stops at the first refusal.
   */
  async configureAuction(config: {
    name?: string;
    rules?: AuctionRules;
    teams?: readonly Team[];
    lots?: readonly Lot[];
    display?: Display;
  }): Promise<Ack<CommandResult>> {
    const { lots, ...rest } = config;
    const pages = lots ? pageByBytes(lots, CONFIG_PAGE_BYTES) : [];
    let answer = await this.send('auction:configure', { ...rest, ...(pages[0] ? { lots: pages[0] } : {}) });
    for (const page of pages.slice(1)) {
      if (!answer.ok) break;
      answer = await this.send('auction:configure', { lots: page, appendLots: true });
    }
    return answer;
  }

  /** Admin: one page of the audit log. Never rejects: a lost answer becomes an error ack. */
  async readAudit(query: AuditQuery = {}): Promise<Ack<AuditPage>> {
    try {
      return await this.socket.timeout(this.#ackTimeoutMs).emitWithAck('audit:page', query);
    } catch {
      return { ok: false, error: makeError('internal_error', 'no answer from the host to audit:page') };
    }
  }

  /** Admin: the whole audit log, page by page (for an export). */
  async readWholeAudit(): Promise<Ack<AuctionEvent[]>> {
    const events: AuctionEvent[] = [];
    let fromSeq: number | null = 1;
    // Bounded by pages: every page but the last holds at least one event.
    for (let pages = 0; fromSeq !== null && pages < 100_000; pages++) {
      const page = await this.readAudit({ fromSeq });
      if (!page.ok) return page;
      events.push(...page.data.events);
      fromSeq = page.data.events.length > 0 ? page.data.nextSeq : null;
    }
    return { ok: true, data: events };
  }

  /** Asks for a fresh snapshot (also done automatically on a `seq` gap). */
  async resync(): Promise<void> {
    if (this.#resyncing) return;
    this.#resyncing = true;
    try {
      // A host that names configs takes the version held; an older one takes only `{}`.
      const held = this.#snapshot?.configVersion !== undefined ? this.#held : null;
      const query = held ? { configVersion: held.version } : {};
      const res = await this.socket.timeout(this.#ackTimeoutMs).emitWithAck('snapshot:get', query);
      if (res.ok) this.#applySnapshot(res.data);
    } catch {
      // A lost answer is followed by the snapshot sent on reconnect.
    } finally {
      this.#resyncing = false;
    }
  }

  /** Measures the host clock `rounds` times and keeps the lowest-latency estimates. */
  async syncClock(rounds = CLOCK_BURST): Promise<void> {
    for (let i = 0; i < rounds && this.socket.connected; i++) {
      const t0 = this.#localNow();
      try {
        const res = await this.socket.timeout(this.#ackTimeoutMs).emitWithAck('time:ping', {});
        const t1 = this.#localNow();
        if (!res.ok) return;
        this.#addSample({ offset: res.data.hostNow - (t0 + t1) / 2, rtt: t1 - t0 });
      } catch {
        return;
      }
    }
  }

  close(): void {
    if (this.#syncTimer) clearInterval(this.#syncTimer);
    this.#syncTimer = null;
    if (this.#retryTimer) clearTimeout(this.#retryTimer);
    this.#retryTimer = null;
    if (this.#burstTimer) clearTimeout(this.#burstTimer);
    this.#burstTimer = null;
    this.socket.disconnect();
    this.#setStatus('disconnected');
  }

  /** Connects again after `ms` (plus a little jitter, so a room refused together does not return together). */
  #retryAfter(ms: number): void {
    if (this.#retryTimer) clearTimeout(this.#retryTimer);
    const wait = Math.min(Math.max(ms, 250), RETRY_MAX_MS) + Math.random() * 250;
    this.#retryTimer = setTimeout(() => {
      this.#retryTimer = null;
      if (this.#status !== 'refused' && this.#status !== 'disconnected') this.socket.connect();
    }, wait);
  }

  #wire(): void {
    const socket = this.socket;
    socket.on('connect', () => {
      this.#lastSocketId = socket.id ?? null;
      this.#setStatus('connected');
      // A new connection may be a new route or a restarted host whose clock moved:
      // old samples would win on round trip and pin a stale offset, so measure afresh.
      this.#samples = [];
      if (this.#burstTimer) clearTimeout(this.#burstTimer);
      this.#burstTimer = setTimeout(
        () => {
          this.#burstTimer = null;
          void this.syncClock(CONNECT_CLOCK_BURST);
        },
        CLOCK_BURST_DELAY_MS + Math.random() * CLOCK_BURST_SPREAD_MS,
      );
    });
    socket.on('disconnect', (reason) => {
      // A server-side or client-side deliberate disconnect does not reconnect by itself.
      const isDeliberate = reason === 'io client disconnect' || reason === 'io server disconnect';
      // Events held for a resync are the old connection's; the next connection starts with a snapshot.
      this.#buffered = [];
      this.#setStatus(isDeliberate ? 'disconnected' : 'reconnecting');
    });
    socket.on('connect_error', (err: Error & { data?: unknown }) => {
      const data = err.data as Partial<AppError> | undefined;
      const isTransient = data?.code === 'rate_limited' || data?.code === 'too_many_connections';
      if (data && typeof data.code === 'string' && !isTransient) {
        this.#refusal = makeError(data.code as AppError['code'], String(data.message ?? err.message));
        socket.disconnect();
        this.#setStatus('refused');
        return;
      }
      this.#setStatus(this.#snapshot ? 'reconnecting' : 'connecting');
      // Socket.IO does not retry a handshake its host refused: come back when the host said to.
      if (isTransient) this.#retryAfter(typeof data.retryAfterMs === 'number' ? data.retryAfterMs : RETRY_FALLBACK_MS);
    });
    socket.on('auction:snapshot', (snapshot) => {
      // The first snapshot on a connection answers the handshake; later ones (the console's new
      // join codes) are sent unasked and time nothing.
      const sentAt = this.#handshakeSentAt;
      this.#handshakeSentAt = null;
      if (sentAt !== null && typeof snapshot.hostNow === 'number') {
        const receivedAt = this.#localNow();
        this.#addSample({ offset: snapshot.hostNow - (sentAt + receivedAt) / 2, rtt: receivedAt - sentAt });
      }
      this.#applySnapshot(snapshot);
    });
    socket.on('presence:changed', (presence) => {
      this.#presence = presence;
      this.#emit({ kind: 'presence' });
    });
    // One listener for every event type, not one per type: a socket's listeners are set up on
    // each connect of each client, and a room connects hundreds at once.
    socket.onAny((name: string, event: unknown) => {
      if (AUCTION_EVENT_NAMES.has(name)) this.#receive(event as AuctionEvent);
    });
  }

  #receive(event: AuctionEvent): void {
    if (this.#resyncing || !this.#state) {
      this.#buffered.push(event);
      return;
    }
    if (event.seq <= this.#state.seq) return;
    if (event.seq !== this.#state.seq + 1) {
      this.#buffered.push(event);
      void this.resync();
      return;
    }
    this.#state = evolve(this.#state, event);
    this.#emit({ kind: 'event', event });
  }

  /** Asks for the whole snapshot, config included (the host left out a config this client does not hold). */
  async #fetchWhole(): Promise<void> {
    try {
      const res = await this.socket.timeout(this.#ackTimeoutMs).emitWithAck('snapshot:get', {});
      if (res.ok && res.data.state.config !== undefined) this.#applySnapshot(res.data);
    } catch {
      // A lost answer is followed by the snapshot sent on reconnect.
    }
  }

  /**
   * The snapshot with its config: the one it carries (kept under its version
   * for the next handshake), or, when the host left it out because this
   * client named its version, the one held. Null when the host left out a
   * config this client does not hold (it never does for a version the
   * client did not name; a whole snapshot is asked for then).
   */
  #withConfig(message: SnapshotMessage): Snapshot | null {
    const { state } = message;
    if (state.config === undefined) {
      if (!this.#held || this.#held.version !== message.configVersion) return null;
      return { ...message, state: { ...state, config: this.#held.config } };
    }
    if (typeof message.configVersion === 'string' && this.#held?.version !== message.configVersion) {
      this.#held = { version: message.configVersion, config: state.config };
      this.#configStore?.write(this.#held);
    }
    return { ...message, state };
  }

  #applySnapshot(message: SnapshotMessage): void {
    const snapshot = this.#withConfig(message);
    if (!snapshot) {
      void this.#fetchWhole();
      return;
    }
    // The host's snapshot is the truth, even when older than what this client holds: a host
    // resumed after a power cut has only what its journal had synced, and events it broadcast
    // but never synced (and never acked) are gone. (On one connection a snapshot is never older
    // than the events before it: the host sends in order.)
    this.#snapshot = snapshot;
    this.#state = snapshot.state;
    this.#presence = snapshot.presence;
    if (this.#samples.length === 0) this.#offset = snapshot.hostNow - this.#localNow();
    const pending = this.#buffered.sort((a, b) => a.seq - b.seq);
    this.#buffered = [];
    this.#emit({ kind: 'snapshot' });
    for (const event of pending) this.#receive(event);
  }

  #addSample(sample: ClockSample): void {
    this.#samples.push(sample);
    if (this.#samples.length > CLOCK_SAMPLES_KEPT) this.#samples.shift();
    // The sample with the shortest round trip has the least room for asymmetric delay.
    this.#offset = (this.#best() as ClockSample).offset;
    this.#emit({ kind: 'clock' });
  }

  #best(): ClockSample | undefined {
    let best: ClockSample | undefined;
    for (const s of this.#samples) if (!best || s.rtt < best.rtt) best = s;
    return best;
  }

  #setStatus(status: ConnectionStatus): void {
    if (this.#status === status || this.#status === 'refused') return;
    this.#status = status;
    this.#emit({ kind: 'status' });
  }

  #emit(change: ClientChange): void {
    for (const listener of this.#listeners) listener(change);
  }
}

export function connectGavel(options: ConnectOptions): GavelClient {
  return new GavelClient(options);
}
