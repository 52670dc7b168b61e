import type { Command } from '../../shared/auction/commands';
import { apply, nextDeadline } from '../../shared/auction/engine';
import type { AuctionEvent } from '../../shared/auction/events';
import type { Actor, AuctionState } from '../../shared/auction/types';
import { makeError, type AppError } from '../../shared/protocol/errors';
import type { Ack, BidResult, CommandResult } from '../../shared/protocol/events';
import type { Clock, ClockTimer } from './clock';
import type { Appended, Journal } from './journal';

/**
 * The authoritative runner of one auction. It knows no transport: the
 * Socket.IO adapter (host-server.ts), the CLI and tests all call `dispatch`.
 *
 * Every command goes through one synchronous path: validate, `apply`,
 * commit the new state in memory. No `await` sits between checking a bid and
 * committing it, so two bids can never both see the same high bid. The
 * events then go to the journal: once written (they survive the app being
 * killed) they are broadcast, in `seq` order; once on disk (fsync, they
 * survive a power cut) the ack goes out. So a slow disk delays the bidder's
 * ack, never what the room sees, and every acked bid is durable.
 */

/** How many bid answers are remembered for idempotent retries. */
const IDEMPOTENCY_CACHE_SIZE = 20_000;

export interface RoomOptions {
  readonly state: AuctionState;
  /** The journal a resumed room was rebuilt from: retried bids get their first answers. */
  readonly history?: readonly AuctionEvent[];
  readonly clock: Clock;
  readonly journal: Journal | null;
  /**
   * Called with each written batch of events, in order. The next batch waits
   * for a returned promise, and so do the batch's acks (a bidder sees its own
   * bid broadcast before its ack).
   */
  readonly publish: (events: readonly AuctionEvent[], state: AuctionState) => void | Promise<void>;
  /** Called when the journal fails: the room refuses every command from then on. */
  readonly onFatal?: (err: unknown) => void;
}

type AnyResult = CommandResult | BidResult;

export class AuctionRoom {
  #state: AuctionState;
  #published: AuctionState;
  readonly #clock: Clock;
  readonly #journal: Journal | null;
  readonly #publish: RoomOptions['publish'];
  readonly #onFatal: RoomOptions['onFatal'];
  #timer: ClockTimer | null = null;
  #timerAt: number | null = null;
  #fatal: AppError | null = null;
  #closed = false;
  /** Answers by `actorKey:bidId`, so a retried bid gets its first answer. */
  readonly #answers = new Map<string, Promise<Ack<AnyResult>>>();
  /** The chain of journal writes, so publishes happen strictly in order. */
  #tail: Promise<void> = Promise.resolve();
  /** The last ack's promise, so `close` can wait for every fsync. */
  #lastAck: Promise<unknown> = Promise.resolve();

  constructor(options: RoomOptions) {
    this.#state = options.state;
    this.#published = options.state;
    this.#clock = options.clock;
    this.#journal = options.journal;
    this.#publish = options.publish;
    this.#onFatal = options.onFatal;
    this.#rememberAcceptedBids(options.history ?? []);
    this.#schedule();
  }

  /** The latest state, including commands whose events are still being written. */
  get state(): AuctionState {
    return this.#state;
  }

  /** The state as of the last published event: what snapshots are made of. */
  get publishedState(): AuctionState {
    return this.#published;
  }

  /**
   * Runs one command. The engine decides synchronously; the returned promise
   * resolves with the ack once the events are broadcast and durable.
   */
  dispatch(command: Command, actor: Actor): Promise<Ack<AnyResult>> {
    if (this.#closed)
      return Promise.resolve({ ok: false, error: makeError('internal_error', 'the host is shutting down') });
    if (this.#fatal) return Promise.resolve({ ok: false, error: this.#fatal });
    const key = idempotencyKey(command, actor);
    if (key) {
      const earlier = this.#answers.get(key);
      if (earlier) return earlier;
    }
    const answer = this.#run(command, actor);
    if (key) this.#remember(key, answer);
    return answer;
  }

  #run(command: Command, actor: Actor): Promise<Ack<AnyResult>> {
    const result = apply(this.#state, command, { now: this.#clock.now(), actor });
    if (!result.ok) return Promise.resolve({ ok: false, error: result.error });
    this.#state = result.state;
    this.#schedule();
    const events = result.events;
    const state = result.state;
    const lastSeq = events.length > 0 ? (events[events.length - 1] as AuctionEvent).seq : state.seq;
    const bidEvent = events.find((e) => e.type === 'bid:accepted');
    const data: AnyResult = bidEvent ? { seq: lastSeq, bid: bidEvent.bid } : { seq: lastSeq };
    const appended = this.#journal ? this.#journal.append(events) : NO_JOURNAL;
    const written = this.#tail.then(
      () => appended.written,
      () => appended.written,
    );
    this.#tail = written.then(
      () => {
        this.#published = state;
        if (events.length > 0) return this.#publish(events, state);
      },
      (err: unknown) => this.#fail(err),
    );
    const ack = Promise.all([this.#tail, appended.durable]).then(
      (): Ack<AnyResult> => (this.#fatal ? { ok: false, error: this.#fatal } : { ok: true, data }),
      (err: unknown): Ack<AnyResult> => {
        this.#fail(err);
        return { ok: false, error: this.#fatal as AppError };
      },
    );
    this.#lastAck = ack;
    return ack;
  }

  #fail(err: unknown): void {
    if (this.#fatal) return;
    this.#fatal = makeError('internal_error', 'the host could not write its journal; the auction is stopped');
    this.#cancelTimer();
    this.#onFatal?.(err);
  }

  #remember(key: string, answer: Promise<Ack<AnyResult>>): void {
    this.#answers.set(key, answer);
    if (this.#answers.size > IDEMPOTENCY_CACHE_SIZE) {
      const oldest = this.#answers.keys().next().value as string;
      this.#answers.delete(oldest);
    }
  }

  /**
   * After a resume, a bid whose ack was lost before the crash and is retried
   * now gets its first answer, even if its lot has closed since (the newest
   * IDEMPOTENCY_CACHE_SIZE bids are kept).
   */
  #rememberAcceptedBids(history: readonly AuctionEvent[]): void {
    for (const event of history.slice(-IDEMPOTENCY_CACHE_SIZE * 4)) {
      if (event.type !== 'bid:accepted') continue;
      const bid = event.bid;
      const key = bid.floor ? `admin:${bid.bidId}` : `team:${bid.teamId}:${bid.bidId}`;
      this.#remember(key, Promise.resolve({ ok: true, data: { seq: event.seq, bid } }));
    }
  }

  /** Keeps exactly one timer, at the engine's next deadline. */
  #schedule(): void {
    if (this.#closed || this.#fatal) return;
    const at = nextDeadline(this.#state);
    if (at === this.#timerAt) return;
    this.#cancelTimer();
    if (at === null) return;
    this.#timerAt = at;
    this.#timer = this.#clock.setTimeout(() => this.#tick(), at - this.#clock.now());
  }

  #cancelTimer(): void {
    if (this.#timer) this.#clock.clearTimeout(this.#timer);
    this.#timer = null;
    this.#timerAt = null;
  }

  #tick(): void {
    this.#timer = null;
    this.#timerAt = null;
    const due = nextDeadline(this.#state);
    if (due !== null && due > this.#clock.now()) {
      this.#schedule(); // a timer that fired early (clock drift): wait again
      return;
    }
    void this.dispatch({ type: 'clock:tick' }, { role: 'system' });
    this.#schedule();
  }

  /** Stops the clock and waits for every pending write. */
  async close(): Promise<void> {
    this.#closed = true;
    this.#cancelTimer();
    await this.#tail.catch(() => undefined);
    await this.#lastAck;
  }
}

const NO_JOURNAL: Appended = { written: Promise.resolve(), durable: Promise.resolve() };

function idempotencyKey(command: Command, actor: Actor): string | null {
  if (command.type === 'bid:place' && actor.role === 'team') return `team:${actor.teamId}:${command.bidId}`;
  if (command.type === 'bid:floor' && actor.role === 'admin') return `admin:${command.bidId}`;
  return null;
}
