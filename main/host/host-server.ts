import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { networkInterfaces } from 'node:os';
import { join } from 'node:path';
import { Server, type Socket } from 'socket.io';
import { createAuction, replay } from '../../shared/auction/engine';
import type { AuctionEvent } from '../../shared/auction/events';
import type { Actor, AuctionConfig, AuctionState } from '../../shared/auction/types';
import { toPublicEvent, toPublicState } from '../../shared/auction/views';
import { makeError, type AppError } from '../../shared/core/errors';
import {
  CLIENT_COMMAND_TYPES,
  PROTOCOL_VERSION,
  MAX_AUDIT_PAGE,
  type Ack,
  type AuditPage,
  type ClientToServerEvents,
  type JoinCodes,
  type Presence,
  type ServerToClientEvents,
  type Snapshot,
} from '../../shared/protocol/messages';
import { auditQuerySchema, emptySchema, parseCommand } from '../../shared/protocol/payloads';
import { boundAddress, rankLanAddresses, sameAddresses, type LanAddress } from './addresses';
import { AuctionRoom } from './auction-room';
import { DESKTOP_APP_ORIGIN, isAllowedRequest } from './origin';
import { systemClock, type Clock, type ClockTimer } from './clock';
import { identify, makeCredentials, normaliseCode, type Credentials, type Identity } from './credentials';
import { auctionDir, JOURNAL_FILE, Journal, readCredentials, readJournal, writeCredentials } from './journal';
import { Outbox } from './outbox';
import { addressKey, DEFAULT_RATE_LIMITS, GuessThrottle, TokenBucket, type RateLimits } from './rate-limit';
import { serveStatic } from './static-files';

export { listAuctions } from './journal';

/**
 * The LAN host: an HTTP server that serves the built renderer, a Socket.IO
 * server on the same port, and the auction room behind it. Plain Node, no
 * Electron: the desktop shell, the CLI and the tests all start it the same way.
 */

export const DEFAULT_PORT = 4700;
/**
 * Inbound message limit. A bid is about 100 bytes; the largest messages are
 * an admin's catalog pages, which the client keeps under 24 KB each.
 */
export const MAX_MESSAGE_BYTES = 32 * 1024;
const PORT_ATTEMPTS = 10;
/** Messages a socket may have waiting before it counts as not reading: minutes of a live auction. */
export const DEFAULT_MAX_QUEUED_MESSAGES = 2_000;
const SLOW_WATCH_MS = 1_000;
/** Presence changes within this window go out as one `presence:changed`. */
const PRESENCE_COALESCE_MS = 100;

export interface HostOptions {
  /** Default 4700; 0 picks a free port. */
  readonly port?: number;
  /** Fail instead of trying the next ports when `port` is taken. */
  readonly strictPort?: boolean;
  /** Address to bind; default all interfaces. Tests use 127.0.0.1. */
  readonly host?: string;
  /** A new auction from this config ... */
  readonly config?: AuctionConfig;
  /** ... or an existing one from its journal under `dataDir`. */
  readonly resumeId?: string;
  /** Folder with one sub-folder per auction; null keeps nothing on disk. */
  readonly dataDir: string | null;
  /** Skip fsync (benchmarks only: measures what durability costs). */
  readonly durable?: boolean;
  /** The built renderer to serve at `/`; null or missing serves a short notice. */
  readonly staticDir?: string | null;
  readonly clock?: Clock;
  readonly rateLimits?: RateLimits;
  /** Let a browser with no code join as a spectator (projector); default true. */
  readonly openSpectators?: boolean;
  /** A socket with more messages than this waiting to be sent is let go (it resyncs on reconnect). */
  readonly maxQueuedMessages?: number;
  readonly log?: (message: string) => void;
  /** Called when the host's addresses change while it runs (the desktop app's hosting card follows). */
  readonly onAddressesChanged?: (addresses: readonly LanAddress[]) => void;
  /** Reads the addresses; tests pass their own adapters. Default: this machine's, ranked. */
  readonly readAddresses?: () => LanAddress[];
  /** How often the addresses are read again; default 5 s. */
  readonly addressWatchMs?: number;
}

export interface HostHandle {
  readonly auctionId: string;
  readonly port: number;
  /** Base URLs a browser can open, LAN addresses first. */
  readonly urls: string[];
  /** The same, labelled and ranked (real Wi-Fi and Ethernet before virtual adapters). */
  readonly addresses: readonly LanAddress[];
  readonly joinCodes: JoinCodes;
  readonly room: AuctionRoom;
  readonly io: Server<ClientToServerEvents, ServerToClientEvents>;
  close(): Promise<void>;
}

interface SocketData {
  identity: Identity;
  bucket: TokenBucket;
}

type HostSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

export function makeAuctionId(now: number): string {
  const stamp = new Date(now).toISOString().slice(0, 16).replace(/[-:]/g, '').replace('T', '-');
  return `${stamp}-${randomBytes(3).toString('hex')}`;
}

/** A refused handshake; `retryAfterMs` tells a client how long (host ms) to wait before it tries again. */
function refusal(code: AppError['code'], message: string, retryAfterMs?: number): Error & { data: AppError } {
  return Object.assign(new Error(message), { data: makeError(code, message, retryAfterMs) });
}

/** What a client refused for too many connections is told to wait before it tries again. */
const CONNECTIONS_RETRY_MS = 5_000;

function actorOf(identity: Identity): Actor {
  if (identity.role === 'team') return { role: 'team', teamId: identity.teamId as string };
  return { role: identity.role };
}

/** Loads or creates the auction and its journal. */
async function openAuction(
  options: HostOptions,
  clock: Clock,
): Promise<{
  state: AuctionState;
  history: readonly AuctionEvent[];
  credentials: Credentials;
  journal: Journal | null;
  auctionId: string;
}> {
  const durable = options.durable ?? true;
  if (options.resumeId) {
    if (!options.dataDir) throw new Error('Resuming needs a data folder');
    const dir = auctionDir(options.dataDir, options.resumeId);
    const file = join(dir, JOURNAL_FILE);
    if (!existsSync(file)) throw new Error(`No auction "${options.resumeId}" in ${options.dataDir}`);
    const { events } = await readJournal(file);
    const state = replay(events);
    // Teams configured after the last save of the codes still get theirs.
    const credentials = makeCredentials(
      state.config.teams.map((t) => t.id),
      await readCredentials(dir),
    );
    const journal = await Journal.openForAppend(file, { durable });
    return { state, history: events, credentials, journal, auctionId: options.resumeId };
  }
  if (!options.config) throw new Error('Pass a config to create an auction, or resumeId to resume one');
  const auctionId = makeAuctionId(clock.now());
  const created = createAuction(auctionId, options.config, clock.now());
  const credentials = makeCredentials(options.config.teams.map((t) => t.id));
  let journal: Journal | null = null;
  if (options.dataDir) {
    const dir = auctionDir(options.dataDir, auctionId);
    await mkdir(dir, { recursive: true });
    await writeCredentials(dir, credentials);
    journal = await Journal.openForAppend(join(dir, JOURNAL_FILE), { durable });
    await journal.append(created.events).durable;
  }
  return { state: created.state, history: created.events, credentials, journal, auctionId };
}

/**
 * The port could not be had. The message says what happened in words that fit
 * any front end; each one adds its own way out (the CLI names `--port`, the
 * desktop app has no such flag).
 */
export class PortUnavailableError extends Error {
  override readonly name = 'PortUnavailableError';
  constructor(
    message: string,
    readonly firstPort: number,
    readonly lastPort: number,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/**
 * Listens on `port`, or on the next free one. A taken port (EADDRINUSE) and a
 * refused one (EACCES) are both skipped: Windows reserves ranges of ports for
 * Hyper-V and WSL and answers EACCES for them even above 1024, so a refused
 * 4700 is as ordinary there as a taken one.
 */
export async function listen(
  server: HttpServer,
  port: number,
  host: string | undefined,
  strict: boolean,
): Promise<number> {
  const attempts = strict || port === 0 ? 1 : Math.min(PORT_ATTEMPTS, 65_536 - port);
  let refused = 0;
  for (let i = 0; i < attempts; i++) {
    const tryPort = port === 0 ? 0 : port + i;
    try {
      await new Promise<void>((resolve, reject) => {
        const onError = (err: Error): void => {
          server.off('listening', onListening);
          reject(err);
        };
        const onListening = (): void => {
          server.off('error', onError);
          resolve();
        };
        server.once('error', onError);
        server.once('listening', onListening);
        server.listen(tryPort, host);
      });
      return (server.address() as AddressInfo).port;
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code !== 'EADDRINUSE' && code !== 'EACCES') throw err;
      if (code === 'EACCES') refused++;
      if (i < attempts - 1) continue;
      const last = port + attempts - 1;
      const what =
        attempts === 1
          ? code === 'EACCES'
            ? `This computer does not allow Gavel to use port ${port}.`
            : `Port ${port} is already in use.`
          : refused === attempts
            ? `This computer does not allow Gavel to use ports ${port} to ${last}.`
            : `Ports ${port} to ${last} are all in use or reserved.`;
      throw new PortUnavailableError(what, port, last, { cause: err });
    }
  }
  throw new Error('unreachable');
}

/** URLs a browser can use: the ranked LAN addresses (see addresses.ts), or the one address bound to. */
export function hostAddresses(port: number, host: string | undefined): LanAddress[] {
  if (host && host !== '0.0.0.0' && host !== '::') return [boundAddress(host, port)];
  return rankLanAddresses(networkInterfaces(), port);
}

/** How often the host reads its network adapters again (Wi-Fi joined after hosting started). */
const ADDRESS_WATCH_MS = 5_000;

export async function startHost(options: HostOptions): Promise<HostHandle> {
  const clock = options.clock ?? systemClock;
  const limits = options.rateLimits ?? DEFAULT_RATE_LIMITS;
  const log = options.log ?? (() => undefined);
  const openSpectators = options.openSpectators ?? true;
  if (options.dataDir) await mkdir(options.dataDir, { recursive: true });
  const opened = await openAuction(options, clock);
  const { auctionId } = opened;
  let credentials = opened.credentials;

  const staticDir = options.staticDir ?? null;
  const http = createServer((req, res) => {
    void (async () => {
      const path = (req.url ?? '/').split('?')[0];
      if (path === '/healthz') {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ ok: true, auctionId, seq: room.publishedState.seq, protocol: PROTOCOL_VERSION }));
        return;
      }
      if (staticDir && (await serveStatic(staticDir, req, res))) return;
      const isBuilt = staticDir !== null && existsSync(join(staticDir, 'index.html'));
      res.writeHead(isBuilt ? 404 : 200, { 'content-type': 'text/plain; charset=utf-8' });
      res.end(
        isBuilt
          ? 'Not found'
          : 'Gavel host is running, but the web app is not built. Run `npm run build:web` and reload this page.',
      );
    })().catch((err: unknown) => {
      log(`http error: ${String(err)}`);
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });

  const io = new Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>(http, {
    maxHttpBufferSize: MAX_MESSAGE_BYTES,
    serveClient: false,
    pingInterval: 10_000,
    pingTimeout: 8_000,
    // Only Gavel's own pages (and clients with no Origin) get a socket: a web page a participant
    // visits must not watch the auction or guess codes (origin.ts). CORS answers only the
    // desktop app, the one allowed page on another origin; it never reflects a foreign one.
    cors: { origin: [DESKTOP_APP_ORIGIN] },
    allowRequest: (request, callback) => {
      if (isAllowedRequest(request)) return callback(null, true);
      log(`refused a socket from the page at ${String(request.headers.origin).slice(0, 100)}`);
      callback('This page is not one of this auction’s own pages.', false);
    },
  });

  // Keyed by team ids, which are user strings ("constructor" is a fine id): a Map, never `{}`.
  const presenceTeams = new Map<string, number>(opened.state.config.teams.map((t) => [t.id, 0]));
  let admins = 0;
  let spectators = 0;
  const presence = (): Presence => ({ teams: Object.fromEntries(presenceTeams), admins, spectators });

  let port = 0;
  let addresses: LanAddress[] = [];
  const joinCodes = (): JoinCodes => ({ ...credentials, urls: addresses.map((a) => a.url), addresses });

  // One emit per event to all sockets (Socket.IO encodes each packet once for the whole
  // broadcast), a bounded number of socket writes per turn of the event loop.
  // The audit log: every event since the auction was created, as the room saw it. A dispute
  // needs bids of closed lots too, which the state no longer holds [EVT4]; `seq` n is entry n − 1.
  const auditLog: AuctionEvent[] = opened.history.map(toPublicEvent);
  const readAudit = (fromSeq: number, limit: number): AuditPage => {
    const events = auditLog.slice(fromSeq - 1, fromSeq - 1 + limit);
    const next = fromSeq + events.length;
    return { events, nextSeq: next <= auditLog.length ? next : null, lastSeq: auditLog.length };
  };

  const outbox = new Outbox<AuctionEvent>(
    (event) => {
      (io.emit as (ev: string, e: AuctionEvent) => boolean)(event.type, event);
      return io.engine.clientsCount;
    },
    (err) => log(`broadcast failed: ${String(err)}`),
  );
  const room = new AuctionRoom({
    state: opened.state,
    history: opened.history,
    clock,
    journal: opened.journal,
    async publish(events: readonly AuctionEvent[], state: AuctionState) {
      // A bidder's bidId is its own: the room gets the bid under the host's id [EVT5].
      const published = events.map(toPublicEvent);
      auditLog.push(...published);
      await outbox.push(published);
      if (events.some((e) => e.type === 'auction:configured')) onTeamsChanged(state);
    },
    onFatal(err) {
      log(`journal failure, auction stopped: ${String(err)}`);
    },
    onStall(lateMs) {
      log(`the host was not running for ${Math.round(lateMs / 1000)} s (asleep or stalled): auction paused`);
    },
  });

  /**
   * Setup may add or remove teams: new teams get codes (kept across restarts),
   * removed teams' codes stop working and their sockets are let go.
   */
  function onTeamsChanged(state: AuctionState): void {
    const teamIds = state.config.teams.map((t) => t.id);
    credentials = makeCredentials(teamIds, credentials);
    for (const id of [...presenceTeams.keys()]) if (!teamIds.includes(id)) presenceTeams.delete(id);
    for (const id of teamIds) if (!presenceTeams.has(id)) presenceTeams.set(id, 0);
    for (const socket of io.of('/').sockets.values()) {
      const { identity } = socket.data;
      if (identity.role === 'team' && !teamIds.includes(identity.teamId as string)) socket.disconnect(true);
    }
    if (options.dataDir) {
      writeCredentials(auctionDir(options.dataDir, auctionId), credentials).catch((err: unknown) =>
        log(`could not save join codes: ${String(err)}`),
      );
    }
    sendAdminsSnapshot();
  }

  /** Admins see new codes and addresses at once (join sheet, QR codes). */
  function sendAdminsSnapshot(): void {
    for (const socket of io.of('/').sockets.values()) {
      if (socket.data.identity.role === 'admin') socket.emit('auction:snapshot', snapshotFor(socket.data.identity));
    }
  }

  const snapshotFor = (identity: Identity): Snapshot => ({
    protocol: PROTOCOL_VERSION,
    auctionId,
    hostNow: clock.now(),
    role: identity.role,
    teamId: identity.teamId,
    state: toPublicState(room.publishedState),
    presence: presence(),
    joinCodes: identity.role === 'admin' ? joinCodes() : null,
  });

  const guesses = new GuessThrottle(limits);
  const sweep = setInterval(() => guesses.sweep(clock.now()), 60_000);
  sweep.unref();
  /** Handshakes waiting for their turn to have their code checked; cleared on close. */
  const waitingHandshakes = new Set<ClockTimer>();
  /** Open connections per address key (IPv4 address, IPv6 /64). */
  const connectionsByAddress = new Map<string, number>();

  // Socket.IO has no backpressure: a client that stops reading (a phone gone to sleep on a
  // bad link, or a hostile one) would make its socket's queue, and the host's memory, grow
  // with every broadcast. Such a socket is disconnected; it comes back with a snapshot.
  const maxQueued = options.maxQueuedMessages ?? DEFAULT_MAX_QUEUED_MESSAGES;
  const slowWatch = setInterval(() => {
    for (const socket of io.of('/').sockets.values()) {
      const queued = queuedMessages(socket);
      if (queued <= maxQueued) continue;
      log(`disconnecting a socket that is not reading (${queued} messages queued)`);
      socket.disconnect(true);
    }
  }, SLOW_WATCH_MS);
  slowWatch.unref();

  io.use((socket, next) => {
    const now = clock.now();
    const address = addressKey(socket.handshake.address);
    const open = connectionsByAddress.get(address) ?? 0;
    if (open >= limits.connectionsPerAddress) {
      return next(
        refusal(
          'too_many_connections',
          `This address already has ${open} connections to the host, the most it allows. Close a tab or a device, or try again later.`,
          CONNECTIONS_RETRY_MS,
        ),
      );
    }
    const auth = (socket.handshake.auth ?? {}) as Partial<Record<string, unknown>>;
    if (auth.protocol !== undefined && auth.protocol !== PROTOCOL_VERSION) {
      return next(
        refusal(
          'unsupported_version',
          `This host speaks protocol ${PROTOCOL_VERSION}; the client sent ${String(auth.protocol)}.`,
        ),
      );
    }
    const code = typeof auth.code === 'string' ? auth.code.slice(0, 64) : '';
    const admit = (identity: Identity): void => {
      socket.data.identity = identity;
      socket.data.bucket = new TokenBucket(limits.commandBurst, limits.commandPerSecond, clock.now());
      next();
    };
    // No code is no guess: the open seat (a projector) is never held up by guessing nearby.
    if (normaliseCode(code) === '') {
      if (openSpectators) return admit({ role: 'spectator', teamId: null });
      return next(refusal('bad_credentials', 'This host needs a join code.'));
    }
    const check = (): void => {
      // The codes as they are now: setup may have changed the teams while this one waited.
      const identity = identify(credentials, code);
      if (identity) return admit(identity);
      guesses.fail(address, clock.now());
      next(refusal('bad_credentials', 'That code is not valid for this auction.'));
    };
    const turn = guesses.reserve(address, now);
    if ('retryAfterMs' in turn) {
      return next(
        refusal(
          'rate_limited',
          'Too many codes tried from this address. Wait a few seconds and try again.',
          turn.retryAfterMs,
        ),
      );
    }
    if (turn.waitMs === 0) return check();
    // Its turn comes later: a delay per wrong code, never a lockout of the right one.
    const timer = clock.setTimeout(() => {
      waitingHandshakes.delete(timer);
      guesses.release(address, clock.now());
      check();
    }, turn.waitMs);
    waitingHandshakes.add(timer);
  });

  let presenceTimer: ReturnType<typeof setTimeout> | null = null;
  const changePresence = (identity: Identity, delta: 1 | -1): void => {
    if (identity.role === 'team' && identity.teamId) {
      presenceTeams.set(identity.teamId, (presenceTeams.get(identity.teamId) ?? 0) + delta);
    } else if (identity.role === 'admin') admins += delta;
    else spectators += delta;
    // Coalesced: a room of 500 phones joining at once gets a handful of updates, not 500 × 500.
    presenceTimer ??= setTimeout(() => {
      presenceTimer = null;
      io.emit('presence:changed', presence());
    }, PRESENCE_COALESCE_MS);
  };

  io.on('connection', (socket: HostSocket) => {
    const { identity } = socket.data;
    const actor = actorOf(identity);
    socket.emit('auction:snapshot', snapshotFor(identity));
    changePresence(identity, 1);
    socket.on('disconnect', () => changePresence(identity, -1));

    const address = addressKey(socket.handshake.address);
    connectionsByAddress.set(address, (connectionsByAddress.get(address) ?? 0) + 1);
    socket.on('disconnect', () => {
      const left = (connectionsByAddress.get(address) ?? 1) - 1;
      if (left > 0) connectionsByAddress.set(address, left);
      else connectionsByAddress.delete(address);
    });

    // Every inbound message, of any name, known or not, spends the socket's budget. Past it a
    // known request gets `rate_limited` with the wait; an unknown one gets no answer at all.
    // (A middleware, not `onAny`: Socket.IO runs `onAny` listeners before any middleware.)
    socket.use((packet, next) => {
      const now = clock.now();
      const event = String(packet[0]);
      const last: unknown = packet[packet.length - 1];
      const ack = typeof last === 'function' ? (last as AckFn) : null;
      if (!socket.data.bucket.take(now)) {
        if (ack && isKnownEvent(event)) {
          const retryAfterMs = socket.data.bucket.msUntilToken(now);
          ack({ ok: false, error: makeError('rate_limited', 'Too many messages; slow down.', retryAfterMs) });
        }
        return;
      }
      if (isKnownEvent(event)) return next();
      ack?.({ ok: false, error: makeError('invalid_payload', `Unknown event "${event.slice(0, 40)}".`) });
    });

    for (const type of CLIENT_COMMAND_TYPES) {
      socket.on(type, (...args: unknown[]) => {
        const ack = takeAck(args);
        if (!ack) return; // Commands always take an ack; without one there is no one to answer.
        try {
          const parsed = parseCommand(type, args[0]);
          if (!parsed.ok) return ack({ ok: false, error: parsed.error });
          room.dispatch(parsed.command, actor).then(ack, (err: unknown) => {
            log(`dispatch failed: ${String(err)}`);
            ack({ ok: false, error: makeError('internal_error', 'The host failed to run that command.') });
          });
        } catch (err) {
          log(`command ${type} threw: ${String(err)}`);
          ack({ ok: false, error: makeError('internal_error', 'The host failed to run that command.') });
        }
      });
    }

    socket.on('snapshot:get', (...args: unknown[]) => {
      const ack = takeAck(args);
      if (!ack) return;
      const parsed = emptySchema.parse(args[0] ?? {}, 'snapshot:get');
      if (!parsed.ok) return ack({ ok: false, error: makeError('invalid_payload', parsed.message) });
      ack({ ok: true, data: snapshotFor(identity) });
    });

    socket.on('audit:page', (...args: unknown[]) => {
      const ack = takeAck(args);
      if (!ack) return;
      if (identity.role !== 'admin') {
        return ack({ ok: false, error: makeError('not_authorized', 'only the auctioneer may read the audit log') });
      }
      const parsed = auditQuerySchema.parse(args[0] ?? {}, 'audit:page');
      if (!parsed.ok) return ack({ ok: false, error: makeError('invalid_payload', parsed.message) });
      ack({ ok: true, data: readAudit(parsed.value.fromSeq ?? 1, parsed.value.limit ?? MAX_AUDIT_PAGE) });
    });

    socket.on('time:ping', (...args: unknown[]) => {
      const ack = takeAck(args);
      if (!ack) return;
      const parsed = emptySchema.parse(args[0] ?? {}, 'time:ping');
      if (!parsed.ok) return ack({ ok: false, error: makeError('invalid_payload', parsed.message) });
      ack({ ok: true, data: { hostNow: clock.now() } });
    });
  });

  // An auction resumed after a crash comes back paused, before anyone can connect: the
  // auctioneer decides when it goes on, and an open lot keeps time for bids [AUC10].
  if (opened.state.status === 'running') {
    const paused = await room.dispatch(
      { type: 'auction:pause', minRemainingMs: opened.state.config.rules.bidExtendMs },
      { role: 'admin' },
    );
    if (!paused.ok) throw new Error(`Could not pause the resumed auction: ${paused.error.message}`);
  }

  const host = options.host;
  port = await listen(http, options.port ?? DEFAULT_PORT, host, options.strictPort ?? false);
  const readAddresses = options.readAddresses ?? (() => hostAddresses(port, host));
  addresses = readAddresses();
  log(`auction ${auctionId} listening on port ${port}`);

  // Adapters come and go while hosting (Wi-Fi joined late, a dock unplugged): the join
  // sheet follows. Nothing is sent unless they changed.
  const addressWatch = setInterval(() => {
    const now = readAddresses();
    if (sameAddresses(now, addresses)) return;
    addresses = now;
    log(`addresses changed: ${addresses.map((a) => a.url).join(' ')}`);
    sendAdminsSnapshot();
    options.onAddressesChanged?.(addresses);
  }, options.addressWatchMs ?? ADDRESS_WATCH_MS);
  addressWatch.unref();

  let closing: Promise<void> | null = null;
  return {
    auctionId,
    port,
    get urls() {
      return addresses.map((a) => a.url);
    },
    get addresses() {
      return addresses;
    },
    get joinCodes() {
      return joinCodes();
    },
    room,
    io,
    close() {
      closing ??= (async () => {
        clearInterval(sweep);
        for (const timer of waitingHandshakes) clock.clearTimeout(timer);
        waitingHandshakes.clear();
        clearInterval(slowWatch);
        clearInterval(addressWatch);
        if (presenceTimer) clearTimeout(presenceTimer);
        await room.close();
        await new Promise<void>((resolve) => {
          void io.close(() => resolve());
        });
        await opened.journal?.close();
      })();
      return closing;
    },
  };
}

/**
 * Messages engine.io holds for a socket because the connection has not taken
 * the earlier ones yet. `writeBuffer` is not in engine.io's typings; if a
 * future version drops it this reads 0 and the guard simply does nothing.
 */
function queuedMessages(socket: { conn: unknown }): number {
  const buffer = (socket.conn as { writeBuffer?: unknown }).writeBuffer;
  return Array.isArray(buffer) ? buffer.length : 0;
}

type AckFn = (res: Ack<unknown>) => void;

/** Socket.IO passes the ack as the last argument when the client asked for one. */
function takeAck(args: unknown[]): AckFn | null {
  const last = args[args.length - 1];
  if (typeof last !== 'function') return null;
  args.pop();
  let answered = false;
  return (res) => {
    if (answered) return;
    answered = true;
    (last as AckFn)(res);
  };
}

const KNOWN_EVENTS = new Set<string>([...CLIENT_COMMAND_TYPES, 'snapshot:get', 'time:ping', 'audit:page']);
function isKnownEvent(event: string): boolean {
  return KNOWN_EVENTS.has(event);
}
