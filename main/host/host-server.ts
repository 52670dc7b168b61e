import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { Server } from 'socket.io';
import type { AuctionEvent } from '../../shared/auction/events';
import type { Actor, AuctionConfig, AuctionState } from '../../shared/auction/types';
import { audienceOf, toPublicEvent } from '../../shared/auction/views';
import {
  PROTOCOL_VERSION,
  type AuditPage,
  type ClientToServerEvents,
  type JoinCodes,
  type ServerToClientEvents,
  type SnapshotMessage,
} from '../../shared/protocol/messages';
import type { LanAddress } from './addresses';
import { AuctionRoom } from './auction-room';
import { systemClock, type Clock } from './clock';
import { makeCredentials, type Identity } from './credentials';
import { registerHandlers } from './handlers';
import { createHandshake, type HostSocket, type SocketData } from './handshake';
import { auctionDir, writeCredentials } from './journal';
import { hostAddresses, listen, watchAddresses } from './listening';
import { openAuction } from './open-auction';
import { createMediaRoute, MediaStore } from './media';
import { DESKTOP_APP_ORIGIN, isAllowedRequest } from './origin';
import { Outbox } from './outbox';
import { PresenceBoard } from './presence';
import { DEFAULT_RATE_LIMITS, GuessThrottle, type RateLimits } from './rate-limit';
import { SnapshotBuilder } from './snapshots';
import { serveStatic } from './static-files';

/**
 * The LAN host: an HTTP server that serves the built renderer, a Socket.IO
 * server on the same port, and the auction room behind it. Plain Node, no
 * Electron: the desktop shell, the CLI and the tests all start it the same way.
 * `startHost` only wires the parts, each in its own file: the handshake
 * (handshake.ts), what a socket may send (handlers.ts), presence
 * (presence.ts), opening a new or resumed auction (open-auction.ts) and
 * listening (listening.ts).
 */

export const DEFAULT_PORT = 4700;
/**
 * Inbound message limit. A bid is about 100 bytes; the largest messages are
 * an admin's catalog pages, which the client keeps under 24 KB each.
 */
export const MAX_MESSAGE_BYTES = 32 * 1024;
/** Messages a socket may have waiting before it counts as not reading: minutes of a live auction. */
export const DEFAULT_MAX_QUEUED_MESSAGES = 2_000;
const SLOW_WATCH_MS = 1_000;

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

function actorOf(identity: Identity): Actor {
  if (identity.role === 'team') return { role: 'team', teamId: identity.teamId as string };
  return { role: identity.role };
}

export async function startHost(options: HostOptions): Promise<HostHandle> {
  const clock = options.clock ?? systemClock;
  const limits = options.rateLimits ?? DEFAULT_RATE_LIMITS;
  const log = options.log ?? (() => undefined);
  if (options.dataDir) await mkdir(options.dataDir, { recursive: true });
  const opened = await openAuction(options, clock);
  const { auctionId } = opened;
  let credentials = opened.credentials;

  const staticDir = options.staticDir ?? null;
  // Wrong codes and wrong admin keys per address, one budget for the socket's handshake and /media.
  const guesses = new GuessThrottle(limits);
  // [DSP1] images beside the journal, so a resumed auction still has them (media.ts).
  const serveMedia = createMediaRoute({
    store: new MediaStore(options.dataDir ? auctionDir(options.dataDir, auctionId) : null),
    clock,
    credentials: () => credentials,
    guesses,
    log,
  });
  const http = createServer((req, res) => {
    void (async () => {
      if (await serveMedia(req, res)) return;
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
    // No per-message deflate. It would shrink a whole snapshot 5-10 × (the demo league's 9.4 KB
    // to 2.0 KB, 100 teams and 200 lots' 27 KB to 2.9 KB, at deflate level 1), but at 0.1-0.2 ms
    // of host CPU per socket per snapshot, a zlib context per socket, and, worst, it turns off
    // engine.io's pre-encoded WebSocket frame, so every broadcast (every bid) would be framed
    // once per socket instead of once. Reconnecting clients no longer get the config (snapshots.ts):
    // their snapshot is 0.6-4.3 KB, which a LAN carries in well under a millisecond.
    perMessageDeflate: false,
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

  const presence = new PresenceBoard(
    opened.state.config.teams.map((t) => t.id),
    {
      admins: (current) => io.to(ADMIN_ROOM).emit('presence:changed', current),
      others: (current) => io.except(ADMIN_ROOM).emit('presence:changed', current),
    },
  );

  let port = 0;
  let addresses: LanAddress[] = [];
  const joinCodes = (): JoinCodes => ({ ...credentials, urls: addresses.map((a) => a.url), addresses });

  // One emit per event to all sockets (Socket.IO encodes each packet once for the whole
  // broadcast), a bounded number of socket writes per turn of the event loop.
  // The audit log: every event since the auction was created, as the room saw it. A dispute
  // needs bids of closed lots too, which the state no longer holds [EVT4]. A host with a journal
  // reads its pages back from the file (journal.ts, `readEvents`) and holds only where the lines
  // start; kept in memory, the log was most of the host's growth in a long auction (issue 19,
  // PERFORMANCE.md). A memory-only host keeps it here: `seq` n is entry n − 1.
  const journal = opened.journal;
  const memoryLog: AuctionEvent[] | null = journal ? null : opened.history.map(toPublicEvent);
  // Events published so far (replayed ones included): the log's length. The room publishes a
  // batch only after the journal has written (and indexed) it, so each of these can be read back.
  let auditLength = opened.history.length;
  const readAudit = (fromSeq: number, limit: number): AuditPage | Promise<AuditPage> => {
    const lastSeq = auditLength;
    const count = Math.max(0, Math.min(limit, lastSeq - fromSeq + 1));
    const next = fromSeq + count;
    const nextSeq = next <= lastSeq ? next : null;
    if (memoryLog) return { events: memoryLog.slice(fromSeq - 1, fromSeq - 1 + count), nextSeq, lastSeq };
    if (count === 0 || !journal) return { events: [], nextSeq, lastSeq };
    // [PRX6] [ACC2] each event read back goes through toPublicEvent, as it did when published.
    return journal
      .readEvents(fromSeq, count)
      .then((events) => ({ events: events.map(toPublicEvent), nextSeq, lastSeq }));
  };

  // [PRX6] [ACC2] A private event (a team's proxy maximum, its wish list) goes whole to its
  // audience (the team's sockets, and the auctioneer's for a wish list) and as `event:withheld` to
  // every other socket, so each stream stays gap-free and no secret leaves.
  const outbox = new Outbox<AuctionEvent>(
    (event) => {
      const audience = audienceOf(event);
      if (audience === null) {
        // Already the room's view (publish made it): encoded once for every socket.
        (io.emit as (ev: string, e: AuctionEvent) => boolean)(event.type, event);
      } else {
        const rooms = audience.withAuctioneer ? [teamRoom(audience.teamId), ADMIN_ROOM] : [teamRoom(audience.teamId)];
        (io.to(rooms).emit as (ev: string, e: AuctionEvent) => boolean)(event.type, event);
        (io.except(rooms).emit as (ev: string, e: AuctionEvent) => boolean)('event:withheld', toPublicEvent(event));
      }
      return io.engine.clientsCount;
    },
    (err) => log(`broadcast failed: ${String(err)}`),
  );
  const room = new AuctionRoom({
    state: opened.state,
    history: opened.history,
    clock,
    journal,
    publish(events: readonly AuctionEvent[], state: AuctionState) {
      // A bidder's bidId is its own: the room gets the bid under the host's id [EVT5].
      // The audit log is the room's view too: a team's maximum and wish list are withheld [PRX6] [ACC2].
      // One public copy per event serves both; a private event goes to the outbox whole.
      const out: AuctionEvent[] = [];
      for (const event of events) {
        const seen = toPublicEvent(event);
        memoryLog?.push(seen);
        out.push(audienceOf(event) === null ? seen : event);
      }
      auditLength += events.length;
      const sent = outbox.push(out);
      if (!events.some((e) => e.type === 'auction:configured')) return sent;
      if (!sent) return onTeamsChanged(state);
      return sent.then(() => onTeamsChanged(state));
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
    presence.setTeams(teamIds);
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
      if (socket.data.identity.role === 'admin') sendSnapshot(socket);
    }
  }

  const snapshots = new SnapshotBuilder(auctionId);
  const snapshotTo = (identity: Identity, heldVersion: string | null) => ({
    identity,
    heldVersion,
    hostNow: clock.now(),
    presence: presence.current,
    joinCodes: identity.role === 'admin' ? joinCodes() : null,
  });

  /** `snapshot:get`: the config left out when the client named the current version. */
  const snapshotFor = (identity: Identity, heldVersion: string | null): SnapshotMessage =>
    snapshots.message(room.publishedState, snapshotTo(identity, heldVersion));

  /**
   * An `auction:snapshot` for this socket, written as text Socket.IO would
   * have made (`2["auction:snapshot",{...}]` on the main namespace): its
   * config and public state were encoded once, not per socket (snapshots.ts).
   * It goes through the socket's own engine.io connection, so it keeps its
   * place among the socket's other messages. The socket now holds the current
   * config, so later snapshots to it leave the config out.
   */
  function sendSnapshot(socket: HostSocket): void {
    const to = snapshotTo(socket.data.identity, socket.data.configVersion);
    const json = snapshots.json(room.publishedState, to);
    socket.conn.write(`${SOCKET_IO_EVENT}["auction:snapshot",${json}]`);
    socket.data.configVersion = snapshots.configVersion(room.publishedState).version;
  }

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

  const handshake = createHandshake({
    clock,
    limits,
    openSpectators: options.openSpectators ?? true,
    credentials: () => credentials,
    guesses,
  });
  io.use(handshake.admit);

  /**
   * A client back after its connection dropped names the socket it had
   * (`auth.replaces`): if the host still holds that socket, for the same
   * identity, it lets it go now. When an access point goes down the host
   * hears nothing and would write every broadcast to the dead socket until
   * its ping times out (up to 18 s), so in a reconnect storm each bid went to
   * twice the sockets: most of the host's time in the storm (PERFORMANCE.md,
   * "Where a storm's host time goes"). A socket id is 20 random characters
   * known only to its own client, and a claim for another identity's socket
   * is ignored.
   */
  const supersede = (socket: HostSocket): void => {
    const id = socket.data.replaces;
    if (id === null || id === socket.id) return;
    const old = io.sockets.sockets.get(id);
    if (!old || !sameIdentity(old.data.identity, socket.data.identity)) return;
    old.disconnect(true);
  };

  io.on('connection', (socket: HostSocket) => {
    const { identity } = socket.data;
    // [PRX6] a team's sockets share a room, where its private events go.
    if (identity.role === 'team' && identity.teamId) void socket.join(teamRoom(identity.teamId));
    if (identity.role === 'admin') void socket.join(ADMIN_ROOM);
    sendSnapshot(socket);
    presence.change(identity, 1);
    socket.on('disconnect', () => presence.change(identity, -1));
    supersede(socket);
    handshake.track(socket);
    registerHandlers(socket, actorOf(identity), { room, clock, log, snapshotFor, readAudit });
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

  // The join sheet follows the adapters (Wi-Fi joined late, a dock unplugged).
  const stopAddressWatch = watchAddresses(
    readAddresses,
    addresses,
    (now) => {
      addresses = now;
      log(`addresses changed: ${addresses.map((a) => a.url).join(' ')}`);
      sendAdminsSnapshot();
      options.onAddressesChanged?.(addresses);
    },
    options.addressWatchMs,
  );

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
        handshake.close();
        clearInterval(slowWatch);
        stopAddressWatch();
        presence.close();
        await room.close();
        await new Promise<void>((resolve) => {
          void io.close(() => resolve());
        });
        // `journal`, not `opened.journal`: a closure naming `opened` would keep a resumed
        // auction's whole history (every event replayed) alive as long as the host.
        await journal?.close();
      })();
      return closing;
    },
  };
}

/** Socket.IO's packet type for an event (socket.io-parser's `PacketType.EVENT`), as its text encoding starts. */
const SOCKET_IO_EVENT = '2';

function sameIdentity(a: Identity, b: Identity): boolean {
  return a.role === b.role && a.teamId === b.teamId;
}

/** The auctioneer's sockets: presence goes to them first. (No team room is called this: those start `team:`.) */
const ADMIN_ROOM = 'role:admin';

/** [PRX6] The Socket.IO room of one team's sockets (a prefix keeps team ids apart from socket ids). */
function teamRoom(teamId: string): string {
  return `team:${teamId}`;
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
