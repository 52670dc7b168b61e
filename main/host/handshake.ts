import type { Socket } from 'socket.io';
import { makeError, type AppError } from '../../shared/core/errors';
import { PROTOCOL_VERSION, type ClientToServerEvents, type ServerToClientEvents } from '../../shared/protocol/messages';
import type { Clock, ClockTimer } from './clock';
import { identify, normaliseCode, type Credentials, type Identity } from './credentials';
import { addressKey, GuessThrottle, TokenBucket, type RateLimits } from './rate-limit';
import { readVersionClaim } from './snapshots';

/** What the handshake puts on every socket it admits. */
export interface SocketData {
  identity: Identity;
  bucket: TokenBucket;
  /**
   * The config version this socket's client holds: what it named in its
   * handshake (`auth.configVersion`, read only if it is a short string), then
   * the version of the last snapshot the host sent it. Only the current
   * version counts, so anything else here just means a whole snapshot.
   */
  configVersion: string | null;
}

export type HostSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

/** What a client refused for too many connections is told to wait before it tries again. */
const CONNECTIONS_RETRY_MS = 5_000;
const GUESS_SWEEP_MS = 60_000;

/** A refused handshake; `retryAfterMs` tells a client how long (host ms) to wait before it tries again. */
function refusal(code: AppError['code'], message: string, retryAfterMs?: number): Error & { data: AppError } {
  return Object.assign(new Error(message), { data: makeError(code, message, retryAfterMs) });
}

export interface HandshakeDeps {
  readonly clock: Clock;
  readonly limits: RateLimits;
  /** Let a browser with no code join as a spectator (projector). */
  readonly openSpectators: boolean;
  /** The codes as they are now: setup may change the teams while a handshake waits its turn. */
  readonly credentials: () => Credentials;
  /**
   * Wrong codes per address. The host passes the one its `/media` upload also
   * counts wrong admin keys in, so a guesser gains nothing by using both doors.
   */
  readonly guesses?: GuessThrottle;
}

export interface Handshake {
  /** For `io.use`: admits a socket with its identity and message budget, or refuses it with an `AppError`. */
  readonly admit: (socket: HostSocket, next: (err?: Error) => void) => void;
  /** Counts a connected socket against its address until it disconnects. */
  readonly track: (socket: HostSocket) => void;
  /** Stops the timers of handshakes still waiting and the throttle's sweep. */
  readonly close: () => void;
}

/**
 * The handshake: the protocol version, the join code, and the limits that
 * keep a LAN neighbour from guessing codes or opening sockets without end
 * (connections per address, a growing delay per wrong code).
 */
export function createHandshake({
  clock,
  limits,
  openSpectators,
  credentials,
  guesses = new GuessThrottle(limits),
}: HandshakeDeps): Handshake {
  const sweep = setInterval(() => guesses.sweep(clock.now()), GUESS_SWEEP_MS);
  sweep.unref();
  /** Handshakes waiting for their turn to have their code checked; cleared on close. */
  const waitingHandshakes = new Set<ClockTimer>();
  /** Open connections per address key (IPv4 address, IPv6 /64). */
  const connectionsByAddress = new Map<string, number>();

  const admit: Handshake['admit'] = (socket, next) => {
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
    const accept = (identity: Identity): void => {
      socket.data.identity = identity;
      socket.data.configVersion = readVersionClaim(auth.configVersion);
      socket.data.bucket = new TokenBucket(limits.commandBurst, limits.commandPerSecond, clock.now());
      next();
    };
    // No code is no guess: the open seat (a projector) is never held up by guessing nearby.
    if (normaliseCode(code) === '') {
      if (openSpectators) return accept({ role: 'spectator', teamId: null });
      return next(refusal('bad_credentials', 'This host needs a join code.'));
    }
    const check = (): void => {
      // The codes as they are now: setup may have changed the teams while this one waited.
      const identity = identify(credentials(), code);
      if (identity) return accept(identity);
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
  };

  const track: Handshake['track'] = (socket) => {
    const address = addressKey(socket.handshake.address);
    connectionsByAddress.set(address, (connectionsByAddress.get(address) ?? 0) + 1);
    socket.on('disconnect', () => {
      const left = (connectionsByAddress.get(address) ?? 1) - 1;
      if (left > 0) connectionsByAddress.set(address, left);
      else connectionsByAddress.delete(address);
    });
  };

  return {
    admit,
    track,
    close() {
      clearInterval(sweep);
      for (const timer of waitingHandshakes) clock.clearTimeout(timer);
      waitingHandshakes.clear();
    },
  };
}
