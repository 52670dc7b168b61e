import { isIPv4 } from 'node:net';

/**
 * A token bucket: `capacity` tokens, refilled at `perSecond`. Used per socket
 * for every inbound message.
 */
export class TokenBucket {
  #tokens: number;
  #updatedAt: number;

  constructor(
    readonly capacity: number,
    readonly perSecond: number,
    now: number,
  ) {
    this.#tokens = capacity;
    this.#updatedAt = now;
  }

  #refill(now: number): void {
    const elapsed = Math.max(0, now - this.#updatedAt) / 1000;
    this.#tokens = Math.min(this.capacity, this.#tokens + elapsed * this.perSecond);
    this.#updatedAt = now;
  }

  /** Takes one token if there is one. */
  take(now: number): boolean {
    this.#refill(now);
    if (this.#tokens < 1) return false;
    this.#tokens -= 1;
    return true;
  }

  /** True while at least one token is left, without taking it. */
  has(now: number): boolean {
    this.#refill(now);
    return this.#tokens >= 1;
  }

  isFull(now: number): boolean {
    this.#refill(now);
    return this.#tokens >= this.capacity;
  }

  /** Host ms until a token is back (0 when one is there): what a refusal tells the client to wait. */
  msUntilToken(now: number): number {
    this.#refill(now);
    return this.#tokens >= 1 ? 0 : Math.ceil(((1 - this.#tokens) / this.perSecond) * 1000);
  }
}

export interface RateLimits {
  /** Wrong codes per address checked at once; after them, one code is checked per `1 / handshakePerSecond` s. */
  readonly handshakeBurst: number;
  readonly handshakePerSecond: number;
  /** Handshakes of one address that may wait for their turn; more are told to come back later. */
  readonly handshakeQueue: number;
  /** Inbound messages per socket, of any name, known or not: burst, then this many per second. */
  readonly commandBurst: number;
  readonly commandPerSecond: number;
  /** Open connections per address (a room behind one NAT shares them). */
  readonly connectionsPerAddress: number;
}

/**
 * 10 wrong codes at once, then one code checked every 3 s: 10,000 guesses
 * take over 8 hours from one address, while a person who mistyped waits at
 * most 3 s for the right code. 200 connections per address hold a room of 50
 * teams with two devices each, the consoles and projectors behind one NAT.
 */
export const DEFAULT_RATE_LIMITS: RateLimits = {
  handshakeBurst: 10,
  handshakePerSecond: 1 / 3,
  handshakeQueue: 4,
  commandBurst: 40,
  commandPerSecond: 20,
  connectionsPerAddress: 200,
};

/**
 * Who a limit counts: an IPv4 address, or an IPv6 /64 (one device or home
 * network can hold a whole /64 and rotate through it). IPv4-mapped IPv6
 * (`::ffff:10.0.0.7`) counts as its IPv4 address.
 */
export function addressKey(address: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped?.[1]) return mapped[1];
  if (isIPv4(address) || !address.includes(':')) return address;
  const [head = '', tail = ''] = address.toLowerCase().split('::');
  const left = head === '' ? [] : head.split(':');
  const right = tail === '' ? [] : tail.split(':');
  const groups = address.includes('::')
    ? [...left, ...Array(8 - left.length - right.length).fill('0'), ...right]
    : left;
  return `${groups
    .slice(0, 4)
    .map((g) => g.replace(/^0+(?=.)/, ''))
    .join(':')}::/64`;
}

interface GuessState {
  /** Wrong codes "owed", draining at `perSecond`; below `burst` a code is checked at once. */
  level: number;
  at: number;
  /** The earliest host time the next waiting code may be checked. */
  nextSlot: number;
  waiting: number;
}

/**
 * Join-code guessing per address, slowed by delay rather than lockout: every
 * code is checked, in turn. While the address has fewer than `burst` recent
 * wrong codes a code is checked at once; after that each code waits for its
 * slot, one per `1 / perSecond` s, at most `queue` waiting. A right code in
 * its slot gets in (no lockout of the person who mistyped); a wrong one adds
 * to the wait. Since codes are checked one slot at a time, guessing in
 * parallel is no faster than guessing in turn.
 */
export class GuessThrottle {
  readonly #states = new Map<string, GuessState>();

  constructor(readonly limits: Pick<RateLimits, 'handshakeBurst' | 'handshakePerSecond' | 'handshakeQueue'>) {}

  #state(key: string, now: number): GuessState {
    let state = this.#states.get(key);
    if (!state) {
      state = { level: 0, at: now, nextSlot: now, waiting: 0 };
      this.#states.set(key, state);
    }
    state.level = Math.max(0, state.level - (Math.max(0, now - state.at) / 1000) * this.limits.handshakePerSecond);
    state.at = now;
    return state;
  }

  /**
   * When a code from `key` may be checked: `{ waitMs: 0 }` now, `{ waitMs }`
   * later (its slot is held; call `release` when it has been checked), or
   * `{ retryAfterMs }` when too many already wait.
   */
  reserve(key: string, now: number): { readonly waitMs: number } | { readonly retryAfterMs: number } {
    const state = this.#state(key, now);
    const intervalMs = 1000 / this.limits.handshakePerSecond;
    const owed = state.level - (this.limits.handshakeBurst - 1);
    const free = owed > 0 ? now + Math.ceil(owed * intervalMs) : now;
    const slot = Math.max(free, state.waiting > 0 ? state.nextSlot : now);
    if (slot <= now) return { waitMs: 0 };
    if (state.waiting >= this.limits.handshakeQueue) return { retryAfterMs: Math.max(1, slot - now) };
    state.waiting += 1;
    state.nextSlot = slot + intervalMs;
    return { waitMs: slot - now };
  }

  /** A code that waited has been checked. */
  release(key: string, now: number): void {
    const state = this.#state(key, now);
    state.waiting = Math.max(0, state.waiting - 1);
  }

  /** A wrong code from `key`. */
  fail(key: string, now: number): void {
    this.#state(key, now).level += 1;
  }

  /** Forgets addresses with nothing owed and nothing waiting, so the map stays small. */
  sweep(now: number): void {
    for (const [key] of this.#states) {
      const state = this.#state(key, now);
      if (state.level === 0 && state.waiting === 0) this.#states.delete(key);
    }
  }
}
