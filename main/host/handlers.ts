import type { Actor } from '../../shared/auction/types';
import { makeError } from '../../shared/core/errors';
import {
  CLIENT_COMMAND_TYPES,
  MAX_AUDIT_PAGE,
  type Ack,
  type AuditPage,
  type ClientCommandType,
  type SnapshotMessage,
} from '../../shared/protocol/messages';
import { auditQuerySchema, emptySchema, parseCommand, snapshotQuerySchema } from '../../shared/protocol/payloads';
import type { AuctionRoom } from './auction-room';
import type { Clock } from './clock';
import type { Identity } from './credentials';
import type { HostSocket } from './handshake';

/**
 * What a socket may send, as small factories that receive what they need
 * (the room, the clock, the audit log) and return the listener. The host
 * registers them per socket with `registerHandlers`; each parses its payload
 * before anything else and answers through the ack.
 */

type AckFn = (res: Ack<unknown>) => void;
type Listener = (...args: unknown[]) => void;

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

const failed = (): Ack<never> => ({
  ok: false,
  error: makeError('internal_error', 'The host failed to run that command.'),
});

/**
 * Every inbound message, of any name, known or not, spends the socket's
 * budget. Past it a known request gets `rate_limited` with the wait; an
 * unknown one gets no answer at all. (A middleware, not `onAny`: Socket.IO
 * runs `onAny` listeners before any middleware.)
 */
export function messageBudget(socket: HostSocket, clock: Clock): Parameters<HostSocket['use']>[0] {
  return (packet, next) => {
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
  };
}

/** A client command: the schema, then the room's one synchronous path. */
export function commandHandler(
  type: ClientCommandType,
  { room, actor, log }: { room: AuctionRoom; actor: Actor; log: (message: string) => void },
): Listener {
  return (...args) => {
    const ack = takeAck(args);
    if (!ack) return; // Commands always take an ack; without one there is no one to answer.
    try {
      const parsed = parseCommand(type, args[0]);
      if (!parsed.ok) return ack({ ok: false, error: parsed.error });
      room.dispatch(parsed.command, actor).then(ack, (err: unknown) => {
        log(`dispatch failed: ${String(err)}`);
        ack(failed());
      });
    } catch (err) {
      log(`command ${type} threw: ${String(err)}`);
      ack(failed());
    }
  };
}

/**
 * `snapshot:get`: a fresh snapshot, after a gap in `seq`; without the config
 * when the client names the version it holds and that is the current one.
 * The socket holds the current config afterwards (`held`).
 */
export function snapshotHandler({
  snapshot,
  held,
}: {
  snapshot: (heldVersion: string | null) => SnapshotMessage;
  held: (version: string | undefined) => void;
}): Listener {
  return (...args) => {
    const ack = takeAck(args);
    if (!ack) return;
    const parsed = snapshotQuerySchema.parse(args[0] ?? {}, 'snapshot:get');
    if (!parsed.ok) return ack({ ok: false, error: makeError('invalid_payload', parsed.message) });
    const data = snapshot(parsed.value.configVersion ?? null);
    held(data.configVersion);
    ack({ ok: true, data });
  };
}

/** `audit:page`: the auctioneer's only. */
export function auditHandler({
  identity,
  readAudit,
  log,
}: {
  identity: Identity;
  readAudit: (fromSeq: number, limit: number) => AuditPage | Promise<AuditPage>;
  log: (message: string) => void;
}): Listener {
  return (...args) => {
    const ack = takeAck(args);
    if (!ack) return;
    if (identity.role !== 'admin') {
      return ack({ ok: false, error: makeError('not_authorized', 'only the auctioneer may read the audit log') });
    }
    const parsed = auditQuerySchema.parse(args[0] ?? {}, 'audit:page');
    if (!parsed.ok) return ack({ ok: false, error: makeError('invalid_payload', parsed.message) });
    const page = readAudit(parsed.value.fromSeq ?? 1, parsed.value.limit ?? MAX_AUDIT_PAGE);
    if (!(page instanceof Promise)) return ack({ ok: true, data: page });
    // Read back from the journal: a failed read is this request's error, not the host's.
    page.then(
      (data) => ack({ ok: true, data }),
      (err: unknown) => {
        log(`audit page not read: ${String(err)}`);
        ack({ ok: false, error: makeError('internal_error', 'the audit log could not be read from the journal') });
      },
    );
  };
}

/** `time:ping`: the host's clock, for the client's offset. */
export function timeHandler({ clock }: { clock: Clock }): Listener {
  return (...args) => {
    const ack = takeAck(args);
    if (!ack) return;
    const parsed = emptySchema.parse(args[0] ?? {}, 'time:ping');
    if (!parsed.ok) return ack({ ok: false, error: makeError('invalid_payload', parsed.message) });
    ack({ ok: true, data: { hostNow: clock.now() } });
  };
}

export interface HandlerDeps {
  readonly room: AuctionRoom;
  readonly clock: Clock;
  readonly log: (message: string) => void;
  readonly snapshotFor: (identity: Identity, heldVersion: string | null) => SnapshotMessage;
  readonly readAudit: (fromSeq: number, limit: number) => AuditPage | Promise<AuditPage>;
}

/** The budget, then a listener for everything a client may send. */
export function registerHandlers(socket: HostSocket, actor: Actor, deps: HandlerDeps): void {
  const { identity } = socket.data;
  socket.use(messageBudget(socket, deps.clock));
  // One dependency object per socket, not one per command type: this runs on every connect.
  const commandDeps = { room: deps.room, actor, log: deps.log };
  for (const type of CLIENT_COMMAND_TYPES) socket.on(type, commandHandler(type, commandDeps));
  socket.on(
    'snapshot:get',
    snapshotHandler({
      snapshot: (heldVersion) => deps.snapshotFor(identity, heldVersion),
      held: (version) => void (socket.data.configVersion = version ?? null),
    }),
  );
  socket.on('audit:page', auditHandler({ identity, readAudit: deps.readAudit, log: deps.log }));
  socket.on('time:ping', timeHandler(deps));
}
