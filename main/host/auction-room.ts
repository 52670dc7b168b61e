import type { Command } from '../../shared/auction/commands';
import { apply, nextDeadline } from '../../shared/auction/engine';
import type { AuctionEvent, EventOf } from '../../shared/auction/events';
import type { Actor, AuctionState, Bid } from '../../shared/auction/types';
import { makeError, type AppError } from '../../shared/core/errors';
import type { Ack, BidResult, CommandResult } from '../../shared/protocol/messages';
import type { Clock, ClockTimer } from './clock';
import type { AppendSink, Journal } from './journal';

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

/**
 * A timer that fires this much later than asked means the host was not
 * running: the laptop slept (lid closed), or the process stalled (a long GC,
 * a disk that stopped answering) [AUC11]. Normal event-loop lag is far below
 * it: under two busy loops on both cores of a 2-core machine the room's
 * timers fired at most tens of milliseconds late.
 */
export const STALL_MS = 3_000;
/** While running, the room looks at the clock this often, so a stall is seen even with no deadline near. */
const WATCH_MS = 1_000;

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
  /** Told when the room paused the auction because the host had stalled for `lateMs` [AUC11]. */
  readonly onStall?: (lateMs: number) => void;
}

type AnyResult = CommandResult | BidResult;
type Answer = Ack<AnyResult>;
/**
 * A remembered answer: its promise while the command is on its way; once
 * answered, an accepted bid's ack as the number of its slot in the cache's
 * columns, and any other answer (a refusal) whole.
 */
type Remembered = Promise<Answer> | Answer | number;
/** One sender's remembered answers by `bidId`, oldest first. */
type Scope = Map<string, Remembered>;

/**
 * One accepted command on its way out: written, then published (strictly in
 * `seq` order), and durable; its ack goes once it is both published and
 * durable. Plain flags and one resolve function, so the way from `apply`
 * to the ack costs one promise (the one `dispatch` returns), not a chain of
 * them (host-micro.ts `--heap`: the chain was about 2 KB a bid).
 */
interface Pending {
  readonly events: readonly AuctionEvent[];
  readonly state: AuctionState;
  readonly data: AnyResult;
  isWritten: boolean;
  isPublished: boolean;
  isDurable: boolean;
  isAnswered: boolean;
  /** Where the answer is remembered (a bid with a `bidId`), to replace the promise with the ack. */
  readonly scope: Scope | null;
  readonly bidId: string;
  /** The slot the answer is remembered in (`AnswerCache.add`), or -1. */
  slot: number;
  /** The promise `dispatch` returned, which the cache holds until the answer. */
  promise: Promise<Answer> | null;
  answer: (ack: Ack<AnyResult>) => void;
}

/**
 * The answers of the last `capacity` bids, for idempotent retries [EVT5]:
 * one map by `bidId` per sender (each team, and the auctioneer's floor bids),
 * and a fixed ring saying whose entry each is, oldest first, so the oldest
 * answer overall is the first of its sender's map.
 *
 * It was one map keyed by `team:<teamId>:<bidId>`, holding each answer's
 * promise. A remembered bid lives for 20,000 bids, so all of it is promoted to
 * the old generation and later dropped there, and what survives young
 * collections is what grows V8's new space: the key (a concatenated string)
 * and the promise were about 100 of the 240 bytes an entry kept.
 *
 * An accepted bid's ack is kept as numbers, in columns indexed by the
 * entry's slot in the ring, and built again when a retry asks for it: what
 * an entry keeps on the heap is its map slot and its `bidId`. Kept as an
 * object, the ack (with its `data` and `bid`) was most of what the host
 * kept per bid, and all of it survived young collections: at N = 10 in the
 * saturation ramp the host's peak RSS was 105 MB with the cache and 85
 * without it (bare 65), two runs each (PERFORMANCE.md). A refusal stays an
 * object: its message is part of the answer, and refusals are few.
 */
class AnswerCache {
  readonly #teams = new Map<string, Scope>();
  readonly #floor: Scope = new Map();
  readonly #ring: (Scope | null)[];
  // An accepted answer's fields, by slot; the team as its id string, which a live bid shares with its sender's identity.
  readonly #seq: Float64Array;
  readonly #bidNo: Float64Array;
  readonly #amount: Float64Array;
  readonly #at: Float64Array;
  readonly #teamOf: string[];
  /** Bit 1: a floor bid; bit 2: placed by a proxy (`auto`). */
  readonly #flags: Uint8Array;
  #oldest = 0;
  #size = 0;

  constructor(readonly capacity: number) {
    this.#ring = new Array<Scope | null>(capacity).fill(null);
    this.#seq = new Float64Array(capacity);
    this.#bidNo = new Float64Array(capacity);
    this.#amount = new Float64Array(capacity);
    this.#at = new Float64Array(capacity);
    this.#teamOf = new Array<string>(capacity).fill('');
    this.#flags = new Uint8Array(capacity);
  }

  /** The sender's answers, for a bid that has a `bidId`: each team has its own, floor bids share one. */
  scopeOf(command: Command, actor: Actor): { readonly scope: Scope; readonly bidId: string } | null {
    if (command.type === 'bid:place' && actor.role === 'team') {
      return { scope: this.#team(actor.teamId), bidId: command.bidId };
    }
    if (command.type === 'bid:floor' && actor.role === 'admin') return { scope: this.#floor, bidId: command.bidId };
    return null;
  }

  #team(teamId: string): Scope {
    let scope = this.#teams.get(teamId);
    if (!scope) this.#teams.set(teamId, (scope = new Map()));
    return scope;
  }

  /** The remembered answer to `bidId` from this sender, if any. */
  get(scope: Scope, bidId: string): Promise<Answer> | Answer | undefined {
    const remembered = scope.get(bidId);
    return typeof remembered === 'number' ? this.#accepted(remembered, bidId) : remembered;
  }

  /**
   * Remembers an answer (or its promise) under `bidId`, forgetting the
   * oldest answer if the cache is full. Returns the entry's slot, for
   * `settle`: -1 when nothing new was remembered.
   */
  add(scope: Scope, bidId: string, answer: Promise<Answer> | Answer): number {
    if (this.capacity === 0) return -1;
    if (scope.has(bidId)) {
      // Only a journal with the same bid twice gets here: keep the answer whole.
      scope.set(bidId, answer);
      return -1;
    }
    if (this.#size === this.capacity) {
      const owner = this.#ring[this.#oldest] as Scope;
      owner.delete(owner.keys().next().value as string);
      this.#oldest = (this.#oldest + 1) % this.capacity;
      this.#size--;
    }
    const slot = (this.#oldest + this.#size) % this.capacity;
    scope.set(bidId, answer);
    this.#ring[slot] = scope;
    this.#size++;
    return slot;
  }

  /**
   * The command remembered at `slot` under `bidId` as `promise` has been
   * answered: keep the answer instead of the promise. Unless the entry has
   * been forgotten meanwhile (20,000 later bids), or forgotten and its
   * `bidId` sent again (the map then holds the retry's promise).
   */
  settle(scope: Scope, bidId: string, slot: number, promise: Promise<Answer>, answer: Answer): void {
    if (slot < 0 || scope.get(bidId) !== promise) return;
    const data = answer.ok ? (answer.data as Partial<BidResult>) : null;
    if (data?.bid && data.bidId === bidId) {
      this.#keep(slot, data.seq as number, data.bid);
      scope.set(bidId, slot);
    } else {
      scope.set(bidId, answer);
    }
  }

  /** Resumed from the journal: the accepted bids' answers, oldest first. */
  addAccepted(event: EventOf<'bid:accepted'>): void {
    if (event.bidId === undefined) return;
    const scope = event.bid.floor ? this.#floor : this.#team(event.bid.teamId);
    const answer: Answer = { ok: true, data: bidResult(event.seq, event) };
    const slot = this.add(scope, event.bidId, answer);
    if (slot < 0) return;
    this.#keep(slot, event.seq, event.bid);
    scope.set(event.bidId, slot);
  }

  #keep(slot: number, seq: number, bid: Bid): void {
    this.#seq[slot] = seq;
    this.#bidNo[slot] = bid.id;
    this.#amount[slot] = bid.amount;
    this.#at[slot] = bid.at;
    this.#teamOf[slot] = bid.teamId;
    this.#flags[slot] = (bid.floor ? 1 : 0) | (bid.auto ? 2 : 0);
  }

  /** An accepted bid's ack, built again from its slot: equal to the one first sent. */
  #accepted(slot: number, bidId: string): Answer {
    const flags = this.#flags[slot] as number;
    const bid: Bid = {
      id: this.#bidNo[slot] as number,
      teamId: this.#teamOf[slot] as string,
      amount: this.#amount[slot] as number,
      at: this.#at[slot] as number,
      floor: (flags & 1) !== 0,
      ...((flags & 2) !== 0 ? { auto: true } : {}),
    };
    return { ok: true, data: { seq: this.#seq[slot] as number, bid, bidId } };
  }
}

export class AuctionRoom {
  #state: AuctionState;
  #published: AuctionState;
  readonly #clock: Clock;
  readonly #journal: Journal | null;
  readonly #publish: RoomOptions['publish'];
  readonly #onFatal: RoomOptions['onFatal'];
  readonly #onStall: RoomOptions['onStall'];
  #timer: ClockTimer | null = null;
  #timerAt: number | null = null;
  #watch: ClockTimer | null = null;
  #fatal: AppError | null = null;
  #closed = false;
  /** Answers by sender and `bidId`, so a retried bid gets its first answer. */
  readonly #answers = new AnswerCache(IDEMPOTENCY_CACHE_SIZE);
  /** Accepted commands not yet published, in order: publishes happen strictly in `seq` order. */
  #unpublished: Pending[] = [];
  /**
   * Accepted commands not yet answered, oldest first (answered ones leave from
   * the front). An array, not a Set: a Set that takes and drops an entry per
   * bid rehashes every few bids, and V8 links each replaced hash table to its
   * successor (for live iterators). Once one table had been promoted, that
   * chain kept every later table, so every bid's Pending, state and events,
   * alive through the young-generation collections until the next full GC:
   * about 2 KB a bid promoted to the old generation as garbage, the host's
   * new space grown to 16 MB semi-spaces and its old space filling to 48 MB
   * between full GCs at N = 10 (`--trace-gc`); with the array, 0.3 MB a
   * scavenge instead of 3.4 MB (the room and its journal alone, no
   * idempotency cache, 30,000 bids).
   */
  #unanswered: Pending[] = [];
  /** A publish that returned a promise is under way: the next waits for it. */
  #isPublishing = false;
  /** The last ack's promise, so `close` can wait for every fsync. */
  #lastAck: Promise<unknown> = Promise.resolve();
  /** Hears the journal's stages of every command (one object for all, see `AppendSink`). */
  readonly #stages: AppendSink<Pending> = {
    written: (p) => {
      p.isWritten = true;
      this.#publishWritten();
    },
    durable: (p) => {
      p.isDurable = true;
      this.#answerIfDone(p);
    },
    failed: (err) => this.#fail(err),
  };

  constructor(options: RoomOptions) {
    this.#state = options.state;
    this.#published = options.state;
    this.#clock = options.clock;
    this.#journal = options.journal;
    this.#publish = options.publish;
    this.#onFatal = options.onFatal;
    this.#onStall = options.onStall;
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
    const key = this.#answers.scopeOf(command, actor);
    if (!key) return this.#run(command, actor, null, '');
    const earlier = this.#answers.get(key.scope, key.bidId);
    if (earlier) return earlier instanceof Promise ? earlier : Promise.resolve(earlier);
    return this.#run(command, actor, key.scope, key.bidId);
  }

  /** Runs a command; one with a `scope` has its answer remembered there under `bidId`. */
  #run(command: Command, actor: Actor, scope: Scope | null, bidId: string): Promise<Ack<AnyResult>> {
    const result = apply(this.#state, command, { now: this.#clock.now(), actor });
    if (!result.ok) {
      const refused: Answer = { ok: false, error: result.error };
      if (scope) this.#answers.add(scope, bidId, refused);
      return Promise.resolve(refused);
    }
    this.#state = result.state;
    this.#schedule();
    const events = result.events;
    const state = result.state;
    const lastSeq = events.length > 0 ? (events[events.length - 1] as AuctionEvent).seq : state.seq;
    // The sender's own bid; a bid that proxies answered in the same command is the first [PRX3].
    const isBid = command.type === 'bid:place' || command.type === 'bid:floor';
    const bidEvent = isBid ? events.find((e) => e.type === 'bid:accepted') : undefined;
    const data: AnyResult = bidEvent ? bidResult(lastSeq, bidEvent) : { seq: lastSeq };
    const p: Pending = {
      events,
      state,
      data,
      isWritten: false,
      isPublished: false,
      isDurable: false,
      isAnswered: false,
      scope,
      bidId,
      slot: -1,
      promise: null,
      answer: () => undefined,
    };
    const ack = new Promise<Ack<AnyResult>>((resolve) => (p.answer = resolve));
    p.promise = ack;
    if (scope) p.slot = this.#answers.add(scope, bidId, ack);
    this.#unpublished.push(p);
    this.#unanswered.push(p);
    this.#lastAck = ack;
    if (this.#journal && events.length > 0) {
      this.#journal.appendTo(events, this.#stages, p);
    } else {
      // Nothing to write: published and answered in order, once this call has returned.
      queueMicrotask(() => {
        this.#stages.written(p);
        this.#stages.durable(p);
      });
    }
    return ack;
  }

  /** Publishes written commands in order; a publish that returns a promise holds the next back. */
  #publishWritten(): void {
    while (!this.#isPublishing && !this.#fatal) {
      const p = this.#unpublished[0];
      if (!p?.isWritten) return;
      this.#unpublished.shift();
      this.#published = p.state;
      let sent: void | Promise<void>;
      try {
        sent = p.events.length > 0 ? this.#publish(p.events, p.state) : undefined;
      } catch (err) {
        this.#fail(err);
        return;
      }
      if (sent) {
        this.#isPublishing = true;
        sent.then(
          () => {
            this.#isPublishing = false;
            this.#markPublished(p);
            this.#publishWritten();
          },
          (err: unknown) => {
            this.#isPublishing = false;
            this.#fail(err);
          },
        );
        return;
      }
      this.#markPublished(p);
    }
  }

  #markPublished(p: Pending): void {
    p.isPublished = true;
    this.#answerIfDone(p);
  }

  /** The ack: once the events are broadcast and on disk. */
  #answerIfDone(p: Pending): void {
    if (!p.isPublished || !p.isDurable || p.isAnswered) return;
    p.isAnswered = true;
    // Acks mostly go in order; one that overtook the front waits there until the front is answered.
    const unanswered = this.#unanswered;
    while ((unanswered[0] as Pending | undefined)?.isAnswered) unanswered.shift();
    const ack: Answer = this.#fatal ? { ok: false, error: this.#fatal } : { ok: true, data: p.data };
    // The promise goes, the ack stays (unless the entry was forgotten meanwhile).
    if (p.scope && p.promise) this.#answers.settle(p.scope, p.bidId, p.slot, p.promise, ack);
    p.answer(ack);
  }

  /** The journal failed (or a publish threw): every command not yet answered is answered with the error. */
  #fail(err: unknown): void {
    if (this.#fatal) return;
    this.#fatal = makeError('internal_error', 'the host could not write its journal; the auction is stopped');
    this.#cancelTimer();
    const error = this.#fatal;
    for (const p of this.#unanswered) {
      if (p.isAnswered) continue;
      p.isAnswered = true;
      p.answer({ ok: false, error });
    }
    this.#unanswered = [];
    this.#unpublished = [];
    this.#onFatal?.(err);
  }

  /**
   * After a resume, a bid whose ack was lost before the crash and is retried
   * now gets its first answer, even if its lot has closed since (the newest
   * IDEMPOTENCY_CACHE_SIZE bids are kept).
   */
  #rememberAcceptedBids(history: readonly AuctionEvent[]): void {
    for (const event of history.slice(-IDEMPOTENCY_CACHE_SIZE * 4)) {
      if (event.type === 'bid:accepted') this.#answers.addAccepted(event);
    }
  }

  /** Keeps exactly one timer, at the engine's next deadline, and the stall watch while running. */
  #schedule(): void {
    if (this.#closed || this.#fatal) return;
    this.#armWatch();
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
    const askedAt = this.#timerAt;
    this.#timer = null;
    this.#timerAt = null;
    // The deadline passed while the host was not running: bids that phones sent meanwhile
    // wait in socket buffers, and closing the lot now would sell it before they are read.
    if (askedAt !== null && this.#pauseIfStalled(this.#clock.now() - askedAt)) return;
    const due = nextDeadline(this.#state);
    if (due !== null && due > this.#clock.now()) {
      this.#schedule(); // a timer that fired early (clock drift): wait again
      return;
    }
    void this.dispatch({ type: 'clock:tick' }, { role: 'system' });
    this.#schedule();
  }

  /** A one-second watch while the auction runs: a late watch is a stall even when no deadline is near. */
  #armWatch(): void {
    if (this.#watch || this.#state.status !== 'running') return;
    const askedAt = this.#clock.now() + WATCH_MS;
    this.#watch = this.#clock.setTimeout(() => {
      this.#watch = null;
      if (this.#closed || this.#fatal) return;
      if (!this.#pauseIfStalled(this.#clock.now() - askedAt)) this.#armWatch();
    }, WATCH_MS);
  }

  /** [AUC11] Pauses as a resumed crash does ([AUC10]) when a timer fired `lateMs` late. */
  #pauseIfStalled(lateMs: number): boolean {
    if (lateMs < STALL_MS || this.#state.status !== 'running') return false;
    const minRemainingMs = this.#state.config.rules.bidExtendMs;
    void this.dispatch({ type: 'auction:pause', minRemainingMs }, { role: 'admin' }).then((ack) => {
      if (ack.ok) this.#onStall?.(lateMs);
    });
    return true;
  }

  /** Stops the clock and waits for every pending write. */
  async close(): Promise<void> {
    this.#closed = true;
    if (this.#watch) this.#clock.clearTimeout(this.#watch);
    this.#watch = null;
    this.#cancelTimer();
    await this.#lastAck;
  }
}

/** The ack of an accepted bid: the room's bid (host id) and, for its sender only, its own bidId. */
function bidResult(seq: number, event: EventOf<'bid:accepted'>): BidResult {
  return { seq, bid: event.bid, bidId: event.bidId ?? '' };
}
