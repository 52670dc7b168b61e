/**
 * A token bucket: `capacity` tokens, refilled at `perSecond`. Used per address
 * for failed handshakes and per socket for commands.
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
}

export interface RateLimits {
  /** Failed handshakes per address: burst, then this many per second. */
  readonly handshakeBurst: number;
  readonly handshakePerSecond: number;
  /** Commands per socket: burst, then this many per second. */
  readonly commandBurst: number;
  readonly commandPerSecond: number;
}

/** 10 quick failures, then one every 3 s: 10,000 guesses take over 8 hours from one address. */
export const DEFAULT_RATE_LIMITS: RateLimits = {
  handshakeBurst: 10,
  handshakePerSecond: 1 / 3,
  commandBurst: 40,
  commandPerSecond: 20,
};

/** Buckets by key (an address), dropped once full again so the map stays small. */
export class BucketMap {
  readonly #buckets = new Map<string, TokenBucket>();

  constructor(
    readonly capacity: number,
    readonly perSecond: number,
  ) {}

  get(key: string, now: number): TokenBucket {
    let bucket = this.#buckets.get(key);
    if (!bucket) {
      bucket = new TokenBucket(this.capacity, this.perSecond, now);
      this.#buckets.set(key, bucket);
    }
    return bucket;
  }

  /** Forgets buckets that have refilled completely. */
  sweep(now: number): void {
    for (const [key, bucket] of this.#buckets) if (bucket.isFull(now)) this.#buckets.delete(key);
  }
}
