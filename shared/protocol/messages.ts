import { SENDERS, type CommandOf, type CommandType } from '../auction/commands';
import type { AuctionEvent, EventOf, EventType } from '../auction/events';
import type { AuctionState, Bid, TeamId } from '../auction/types';
import type { AppError } from '../core/errors';

/**
 * The wire contract between the host and every client (renderer, bots,
 * tests). docs/PROTOCOL.md explains it for people writing their own client.
 *
 * - Client → server: commands, each with an ack `Ack<T>`.
 * - Server → client: `auction:snapshot` on connect, then every engine event
 *   under its own name (`bid:accepted`, `lot:sold`, ...) with a `seq` that
 *   rises by one; `presence:changed` (no seq) when connections change.
 */
export const PROTOCOL_VERSION = 1;

/** `auth` in the Socket.IO handshake. `code` is a team code, the spectator code or the admin key. */
export interface HandshakeAuth {
  readonly code: string;
  readonly protocol: number;
  /**
   * The `configVersion` of the config this client already holds, from an
   * earlier snapshot: when it is the host's current one, the snapshot leaves
   * the config out. Anything else (absent, stale, not a version) gets the
   * whole snapshot.
   */
  readonly configVersion?: string;
  /**
   * The `socket.id` of this client's previous connection, after a drop: the
   * host closes that socket if it still holds it for the same identity.
   */
  readonly replaces?: string;
}

/** The longest `configVersion` a host makes (and reads): a version is a short hash. */
export const MAX_CONFIG_VERSION_LENGTH = 64;

export type Role = 'admin' | 'team' | 'spectator';

export type Ack<T> = { readonly ok: true; readonly data: T } | { readonly ok: false; readonly error: AppError };

/** Connected sockets per team, plus admin and spectator counts. */
export interface Presence {
  readonly teams: Readonly<Record<TeamId, number>>;
  readonly admins: number;
  readonly spectators: number;
}

/** Only the admin's snapshot carries these. */
export interface JoinCodes {
  readonly admin: string;
  readonly spectator: string;
  readonly teams: Readonly<Record<TeamId, string>>;
  /** Base URLs a browser on the LAN can open, e.g. `http://192.168.1.20:4700/`, best first. */
  readonly urls: readonly string[];
  /** The same URLs with what each adapter is, so a join sheet can say which one to use. */
  readonly addresses: readonly LanAddress[];
}

/**
 * One of the host's addresses. `kind` ranks it: a real Wi-Fi or Ethernet
 * adapter first, virtual adapters (WSL, Hyper-V, Docker, VPNs) that phones
 * cannot reach after them, `loopback` (this computer only) last.
 */
export interface LanAddress {
  readonly url: string;
  readonly label: string;
  readonly kind: 'wifi' | 'ethernet' | 'lan' | 'virtual' | 'loopback';
}

export interface Snapshot {
  readonly protocol: number;
  readonly auctionId: string;
  /** Host clock when the snapshot was made, for a first clock-offset estimate. */
  readonly hostNow: number;
  readonly role: Role;
  readonly teamId: TeamId | null;
  /** Public state; `state.seq` is the seq the event stream continues from. */
  readonly state: AuctionState;
  readonly presence: Presence;
  readonly joinCodes: JoinCodes | null;
  /**
   * Names `state.config`'s content (a hash the host makes once per config).
   * Absent from hosts before it. A client that keeps the config under this
   * name and sends it back (`auth.configVersion`, `snapshot:get`) gets
   * snapshots without the config: the config is most of a snapshot
   * (docs/PERFORMANCE.md) and changes only in setup.
   */
  readonly configVersion?: string;
}

/** The state without its config: what a snapshot carries to a client that named the config's version. */
export type StateWithoutConfig = Omit<AuctionState, 'config'> & { readonly config?: undefined };

/**
 * A snapshot as it travels: the whole `Snapshot`, or, for a client that
 * named the current `configVersion`, the same with `state.config` left out
 * (the client puts back the config it keeps under that version).
 */
export type SnapshotMessage = Omit<Snapshot, 'state'> & { readonly state: AuctionState | StateWithoutConfig };

/** `snapshot:get`: the `configVersion` the client holds, if any (absent: the whole snapshot). */
export interface SnapshotQuery {
  readonly configVersion?: string;
}

/** Command types some client role may send, by the engine's table `SENDERS` (the host's clock is not a client). */
export type ClientCommandType = {
  [T in CommandType]: Exclude<(typeof SENDERS)[T][number], 'system'> extends never ? never : T;
}[CommandType];
/** Commands a client may send: every engine command but the host's own `clock:tick`. */
export type ClientCommand = CommandOf<ClientCommandType>;
export type CommandPayload<T extends ClientCommandType> = Omit<CommandOf<T>, 'type'>;

export interface CommandResult {
  /** `seq` of the last event the command produced. */
  readonly seq: number;
}
export interface BidResult extends CommandResult {
  /** The bid as the room sees it; `bid.id` is the host's id. */
  readonly bid: Bid;
  /** The `bidId` this client sent: its idempotency key, which only the sender sees. */
  readonly bidId: string;
}

/** The most events one `audit:page` returns. */
export const MAX_AUDIT_PAGE = 500;

/** `audit:page` asks for events from `fromSeq` (default 1), at most `limit` (default and most MAX_AUDIT_PAGE). */
export interface AuditQuery {
  readonly fromSeq?: number;
  readonly limit?: number;
}

/**
 * One page of the audit log: every event of the auction in `seq` order, as
 * broadcast (bidders' own bidIds left out), with host time `at` and who
 * caused it (`by`, [EVT6]). Page on with `nextSeq` until it is null.
 */
export interface AuditPage {
  readonly events: readonly AuctionEvent[];
  /** The `fromSeq` of the next page; null when this page reaches the last event. */
  readonly nextSeq: number | null;
  /** The auction's last event so far. */
  readonly lastSeq: number;
}

type ResultOf<T extends ClientCommandType> = T extends 'bid:place' | 'bid:floor' ? BidResult : CommandResult;

export type ClientToServerEvents = {
  [T in ClientCommandType]: (payload: CommandPayload<T>, ack: (res: Ack<ResultOf<T>>) => void) => void;
} & {
  /** Ask for a fresh snapshot (after a gap in `seq`); without the config when `configVersion` is the host's. */
  'snapshot:get': (payload: SnapshotQuery, ack: (res: Ack<SnapshotMessage>) => void) => void;
  /** Clock sync: the host answers with its clock. */
  'time:ping': (payload: Record<string, never>, ack: (res: Ack<{ hostNow: number }>) => void) => void;
  /** Admin: a page of the audit log, every event of the auction (every bid of every lot included). */
  'audit:page': (payload: AuditQuery, ack: (res: Ack<AuditPage>) => void) => void;
};

export type ServerToClientEvents = {
  [T in EventType]: (event: EventOf<T>) => void;
} & {
  'auction:snapshot': (snapshot: SnapshotMessage) => void;
  'presence:changed': (presence: Presence) => void;
};

export type { AuctionEvent };

function isClientCommand(type: CommandType): type is ClientCommandType {
  return SENDERS[type].some((role) => role !== 'system');
}

/** Names of every client command, for the host to register handlers: the keys of `SENDERS` a client may send. */
export const CLIENT_COMMAND_TYPES: readonly ClientCommandType[] = (Object.keys(SENDERS) as CommandType[]).filter(
  isClientCommand,
);
