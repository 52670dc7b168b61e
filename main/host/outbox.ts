/**
 * Sends broadcasts in order, yielding to the event loop once a turn has made
 * `budget` socket writes.
 *
 * A write keeps objects alive (its request, its buffers, its callback) until
 * its completion runs, on the event loop's next turn at the earliest. When
 * a batch of events from one fsync went out in one synchronous run (7 events
 * × 500 sockets), every write of the batch stayed alive across the
 * young-generation collections that ran meanwhile, was promoted, and became
 * old-generation garbage: with 500 clients past saturation that was most of
 * the host's 180 MB peak (a V8 sampling heap profile of the objects freed by
 * major GCs put 97 % of them in socket writes). Bounding the writes per turn
 * lets each write finish and die young, and lets the host read bids between
 * broadcasts. The bound is in writes, not broadcasts, so a small room still
 * sends a whole batch in one turn: a turn has a fixed cost.
 */
export const WRITES_PER_TURN = 500;

export class Outbox<T> {
  readonly #send: (item: T) => number;
  readonly #onError: (err: unknown) => void;
  readonly #budget: number;
  readonly #queue: { readonly item: T; sent: (() => void) | null }[] = [];
  /** Writes made in this turn; null when no turn is under way (none scheduled). */
  #spent: number | null = null;

  /**
   * `send` returns how many writes it made (the sockets it reached); `onError`
   * hears of a send that threw, and the items after it are still sent.
   */
  constructor(send: (item: T) => number, onError: (err: unknown) => void, budget = WRITES_PER_TURN) {
    this.#send = send;
    this.#onError = onError;
    this.#budget = budget;
  }

  /**
   * Queues items and sends what this turn's budget allows. Returns undefined
   * when every item went out at once (the usual case: no promise to make or
   * wait for), else a promise that resolves once the last of them is sent.
   */
  push(items: readonly T[]): Promise<void> | undefined {
    if (items.length === 0) return undefined;
    for (const item of items) this.#queue.push({ item, sent: null });
    this.#drain();
    // Whatever is still queued ends with these items: the last entry is the last of them.
    const last = this.#queue[this.#queue.length - 1];
    if (!last) return undefined;
    return new Promise((resolve) => (last.sent = resolve));
  }

  /** Items queued and not yet sent. */
  get size(): number {
    return this.#queue.length;
  }

  /**
   * Sends until this turn's budget is spent. A turn ends at the next
   * `setImmediate`, which is scheduled whenever something was sent: pushes
   * until then (the next commands' broadcasts, resolved in the same
   * microtask run) use what is left of the budget, then wait.
   */
  #drain(): void {
    if (this.#spent === null) {
      this.#spent = 0;
      setImmediate(() => this.#nextTurn());
    }
    while (this.#spent < this.#budget) {
      const next = this.#queue.shift();
      if (!next) break;
      try {
        this.#spent += this.#send(next.item);
      } catch (err) {
        this.#onError(err);
      }
      next.sent?.();
    }
  }

  #nextTurn(): void {
    this.#spent = null;
    if (this.#queue.length > 0) this.#drain();
  }
}
