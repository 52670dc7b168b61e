import fs from 'node:fs';
import { mkdir, open, readdir, readFile, rename, stat, writeFile, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import type { AuctionEvent } from '../../shared/auction/events';
import { upgradeEvent } from '../../shared/auction/engine';
import type { Credentials } from './credentials';

/**
 * The write-ahead journal: one append-only JSONL file per auction, one event
 * a line. An append is done in two stages, each with its own promise:
 *
 * - `written`: the events are in the file (the kernel has them). From here
 *   they survive the app crashing or being killed, so the host may broadcast
 *   them.
 * - `durable`: the events are on disk (fdatasync). From here they survive a
 *   power cut, so the host may ack them.
 *
 * The stages are pipelined: the appends of one tick share one write, and
 * writes go on while an fsync is in flight, so a slow fsync delays acks but
 * not what the room sees; a write's fsync is asked for only after the
 * continuations of its `written` (the room's broadcast) have run, see
 * `afterContinuations`. Each fsync covers every batch written before it
 * began (grouped commit), so durability does not cost the bid rate.
 *
 * The journal also knows where its lines start (`LineIndex`), so the host's
 * audit log reads its pages back from the file instead of keeping every
 * event in memory (`readEvents`).
 *
 * Layout: `<dataDir>/<auctionId>/journal.jsonl` and `credentials.json`.
 */

export const JOURNAL_FILE = 'journal.jsonl';
export const CREDENTIALS_FILE = 'credentials.json';

export class JournalCorruptError extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
    reason: string,
  ) {
    super(`${file}: line ${line} is corrupt (${reason}); the journal was left untouched`);
    this.name = 'JournalCorruptError';
  }
}

export interface JournalContents {
  readonly events: AuctionEvent[];
  /** True when a torn last line (a crash mid-write) was found and cut off. */
  readonly droppedTornLine: boolean;
  /** Where the file's lines start, as it is now (after a torn line was cut off). */
  readonly index: LineIndex;
}

/**
 * Where a journal's lines start: the byte offset of one line in every
 * BLOCK, and where the last line ends. Line n (0-based) is the event with
 * seq n + 1 [EVT4], so a page of events is one positioned read from the
 * start of its first line's block to the start of the block after its last
 * line, less the lines before the first.
 *
 * One offset a block, not one a line: an offset a line in a Float64Array
 * costs 8 bytes an event (up to 16 just after a doubling), 0.8-1.6 MB over
 * 100,000 events, which is the kind of per-event memory this index replaces;
 * at 64 lines a block it is 1/8 byte an event (12.5 KB). The price is
 * reading up to 2 × 63 lines more than a page needs: a bid's line is 169-181
 * bytes (a floor bid, a team's bid with its id), so at most about 23 KB
 * beside a full page's 90 KB (MAX_AUDIT_PAGE = 500), in the same one read.
 * Offsets are doubles, so a journal past 4 GB still indexes exactly.
 */
export class LineIndex {
  static readonly BLOCK = 64;
  #starts = new Float64Array(64);
  #blocks = 0;
  #lines = 0;
  #bytes = 0;

  /** Lines indexed. */
  get lines(): number {
    return this.#lines;
  }

  /** Where the last indexed line ends: the file's length as far as the index knows it. */
  get bytes(): number {
    return this.#bytes;
  }

  /** The next line, `bytes` long with its newline. */
  add(bytes: number): void {
    if (this.#lines % LineIndex.BLOCK === 0) {
      if (this.#blocks === this.#starts.length) {
        const grown = new Float64Array(this.#starts.length * 2);
        grown.set(this.#starts);
        this.#starts = grown;
      }
      this.#starts[this.#blocks++] = this.#bytes;
    }
    this.#lines++;
    this.#bytes += bytes;
  }

  /**
   * The bytes that hold lines `first` to `first + count − 1` (0-based,
   * all indexed, count ≥ 1): from `start` to `end`, whose first `skip`
   * lines come before `first`.
   */
  span(first: number, count: number): { start: number; end: number; skip: number } {
    const block = Math.floor(first / LineIndex.BLOCK);
    const after = Math.floor((first + count - 1) / LineIndex.BLOCK) + 1;
    return {
      start: this.#starts[block] as number,
      end: after < this.#blocks ? (this.#starts[after] as number) : this.#bytes,
      skip: first - block * LineIndex.BLOCK,
    };
  }
}

/** A page of the journal could not be read back (the host answers `internal_error`). */
export class JournalReadError extends Error {
  constructor(
    readonly file: string,
    reason: string,
  ) {
    super(`${file}: could not read back events (${reason})`);
    this.name = 'JournalReadError';
  }
}

/** The two stages of one append; see `Journal`. */
export interface Appended {
  readonly written: Promise<void>;
  readonly durable: Promise<void>;
}

/**
 * Who hears of an append's stages, with the `token` it was given: `written`
 * then `durable`, or `failed` once instead of whichever has not come yet.
 * The room passes one sink for all its commands, so an append costs no
 * promises and no closures (`append` wraps this in promises for everyone
 * else).
 */
export interface AppendSink<T> {
  written(token: T): void;
  durable(token: T): void;
  failed(err: unknown, token: T): void;
}

interface Pending {
  readonly lines: string;
  /** The byte length of each of `lines`, with its newline: indexed once written. */
  readonly lineBytes: readonly number[];
  readonly sink: AppendSink<unknown>;
  readonly token: unknown;
}

interface Settle {
  readonly resolve: () => void;
  readonly reject: (err: unknown) => void;
}

/** The sink behind `append`: each stage settles its promise. */
const PROMISE_SINK: AppendSink<{ readonly written: Settle; readonly durable: Settle }> = {
  written: (token) => token.written.resolve(),
  durable: (token) => token.durable.resolve(),
  failed: (err, token) => {
    token.written.reject(err);
    token.durable.reject(err);
  },
};

export class Journal {
  #handle: FileHandle;
  /** A second handle, for reading back: the append handle is write-only. */
  #reader: FileHandle;
  /** Where the written lines start; see `readEvents`. */
  readonly #index: LineIndex;
  /** Appended, not yet written. */
  #queue: Pending[] = [];
  /** Written, not yet synced. */
  #unsynced: Pending[] = [];
  #syncing = false;
  #scheduled = false;
  #failed: unknown = null;
  /** Count of fsyncs so far; the benchmark reports events per fsync. */
  syncs = 0;

  private constructor(
    handle: FileHandle,
    reader: FileHandle,
    index: LineIndex,
    readonly file: string,
    private readonly durable: boolean,
  ) {
    this.#handle = handle;
    this.#reader = reader;
    this.#index = index;
  }

  /**
   * Opens `file` for appending. `durable: false` skips fsync (benchmarks
   * only). `index` says where the file's lines start, as `readJournal` left
   * it; a new, empty file needs none.
   */
  static async openForAppend(
    file: string,
    { durable = true, index = new LineIndex() }: { durable?: boolean; index?: LineIndex } = {},
  ): Promise<Journal> {
    const handle = await open(file, 'a');
    try {
      const reader = await open(file, 'r');
      return new Journal(handle, reader, index, file, durable);
    } catch (err) {
      await handle.close();
      throw err;
    }
  }

  /** Events written to the file so far (the ones `readEvents` can read). */
  get writtenEvents(): number {
    return this.#index.lines;
  }

  /** Appends events in call order; see `Appended` for what each promise means. */
  append(events: readonly AuctionEvent[]): Appended {
    if (this.#failed) return settled(Promise.reject(this.#failed));
    if (events.length === 0) return settled(Promise.resolve());
    const written = deferred();
    const durable = deferred();
    this.appendTo(events, PROMISE_SINK, { written: written.settle, durable: durable.settle });
    return { written: written.promise, durable: durable.promise };
  }

  /**
   * Appends events in call order and tells `sink` of each stage with `token`.
   * `written` runs inside the journal's write, in append order, so what it
   * does (the room's broadcast) goes out before the fsync is asked for.
   * Non-empty `events` only; a failed journal calls `failed` at once.
   */
  appendTo<T>(events: readonly AuctionEvent[], sink: AppendSink<T>, token: T): void {
    if (this.#failed) {
      sink.failed(this.#failed, token);
      return;
    }
    let lines = '';
    const lineBytes: number[] = [];
    for (const event of events) {
      const line = JSON.stringify(event) + '\n';
      lines += line;
      lineBytes.push(Buffer.byteLength(line));
    }
    this.#queue.push({ lines, lineBytes, sink: sink as AppendSink<unknown>, token });
    this.#schedule();
  }

  #schedule(): void {
    if (this.#scheduled) return;
    this.#scheduled = true;
    // Wait for the rest of this tick's commands, then write them all at once.
    setImmediate(() => {
      this.#scheduled = false;
      this.#write();
    });
  }

  /**
   * One synchronous write per tick: an append to the page cache returns in
   * microseconds, and the broadcast waits for it anyway, so a trip through
   * the thread pool would only add latency. The fsync is the slow part; it
   * stays off this thread.
   */
  #write(): void {
    if (this.#failed || this.#queue.length === 0) return;
    const batch = this.#queue;
    this.#queue = [];
    try {
      fs.writeSync(this.#handle.fd, batch.map((p) => p.lines).join(''));
    } catch (err) {
      this.#fail(err, batch);
      return;
    }
    // Indexed before anyone hears of the write: a page may be read as soon as it is published.
    for (const p of batch) for (const bytes of p.lineBytes) this.#index.add(bytes);
    for (const p of batch) this.#unsynced.push(p);
    for (const p of batch) p.sink.written(p.token);
    afterContinuations(this.#syncSoon);
  }

  readonly #syncSoon = (): void => this.#sync();

  /**
   * One fsync at a time; appends written meanwhile wait for the next, which
   * covers them all. The callback `fs.fdatasync`, not `FileHandle.datasync()`
   * or an async method: the promise forms cost the host about 55 µs of CPU
   * and 1 KB more a bid (host-micro.ts, N=10, 2,000 bids, three rounds at
   * load 6.4: 606/626/636 against 545/591/572 µs a bid). Looked up on the
   * module object at each call, so a test can hold or fail it.
   */
  #sync(): void {
    if (this.#syncing || this.#failed || this.#unsynced.length === 0) return;
    this.#syncing = true;
    const batch = this.#unsynced;
    this.#unsynced = [];
    if (!this.durable) {
      queueMicrotask(() => this.#synced(batch, null));
      return;
    }
    fs.fdatasync(this.#handle.fd, (err) => this.#synced(batch, err));
  }

  #synced(batch: readonly Pending[], err: unknown): void {
    this.#syncing = false;
    if (err) {
      this.#fail(err, batch);
      return;
    }
    this.syncs++;
    for (const p of batch) p.sink.durable(p.token);
    this.#sync();
  }

  /**
   * After a failed write or fsync the file's tail is unknown: refuse every
   * append from now on, and reject every stage not yet reached.
   */
  #fail(err: unknown, batch: readonly Pending[]): void {
    this.#failed ??= err;
    for (const p of [...batch, ...this.#unsynced, ...this.#queue]) p.sink.failed(err, p.token);
    this.#unsynced = [];
    this.#queue = [];
  }

  /**
   * Reads back the written events with seq `fromSeq` to `fromSeq + count − 1`
   * (count ≥ 1), as `readJournal` would return them. One positioned read in
   * the thread pool, not a synchronous one: the file is usually in the page
   * cache, but after a restart a page may come from the disk, and bids should
   * not wait behind it; the caller answers in a callback anyway. Lines the
   * file does not hold, or that are not the events asked for, reject with
   * `JournalReadError`.
   */
  readEvents(fromSeq: number, count: number): Promise<AuctionEvent[]> {
    const first = fromSeq - 1;
    if (!Number.isSafeInteger(first) || first < 0 || count < 1 || first + count > this.#index.lines) {
      return Promise.reject(new JournalReadError(this.file, `no events ${fromSeq} to ${fromSeq + count - 1} yet`));
    }
    const { start, end, skip } = this.#index.span(first, count);
    const buffer = Buffer.allocUnsafe(end - start);
    return new Promise<AuctionEvent[]>((resolve, reject) => {
      const readFrom = (offset: number): void => {
        // Looked up on the module object at each call, so a test can fail it.
        fs.read(this.#reader.fd, buffer, offset, buffer.length - offset, start + offset, (err, bytesRead) => {
          if (err) return reject(new JournalReadError(this.file, String(err)));
          if (bytesRead === 0) return reject(new JournalReadError(this.file, 'the file is shorter than written'));
          if (offset + bytesRead < buffer.length) return readFrom(offset + bytesRead);
          try {
            resolve(parseLines(this.file, buffer, skip, count, fromSeq));
          } catch (parseErr) {
            reject(parseErr);
          }
        });
      };
      readFrom(0);
    });
  }

  /** Waits for pending appends, then closes the file. */
  async close(): Promise<void> {
    while (this.#queue.length > 0 || this.#unsynced.length > 0 || this.#syncing || this.#scheduled) {
      await new Promise((r) => setImmediate(r));
    }
    await this.#handle.close();
    await this.#reader.close();
  }
}

/** `count` events from the lines in `buffer` after the first `skip`, each checked to be the seq expected. */
function parseLines(file: string, buffer: Buffer, skip: number, count: number, fromSeq: number): AuctionEvent[] {
  const lines = buffer.toString('utf8').split('\n');
  const events: AuctionEvent[] = [];
  for (let i = 0; i < count; i++) {
    const seq = fromSeq + i;
    let event: AuctionEvent;
    try {
      event = JSON.parse(lines[skip + i] ?? '') as AuctionEvent;
    } catch {
      throw new JournalReadError(file, `the line of event ${seq} is not JSON`);
    }
    if (typeof event !== 'object' || event === null || event.seq !== seq) {
      throw new JournalReadError(file, `the line of event ${seq} holds another`);
    }
    events.push(upgradeEvent(event));
  }
  return events;
}

/**
 * Runs `fn` once the promise continuations queued so far, and those they
 * queue, have run: a microtask puts `fn` on the next-tick queue, which Node
 * runs only when the microtask queue is empty.
 *
 * The journal asks for its fsync this way, after the continuations of
 * `written` (the room's broadcast) rather than before them. Asking wakes a
 * thread-pool thread, and on a busy machine the woken thread can take the
 * main thread's core: the call took about 20 µs at the median, but 1.7–2.9 ms
 * at p99 with both cores busy. The broadcast should not wait behind that;
 * the ack waits for the fsync anyway.
 */
function afterContinuations(fn: () => void): void {
  queueMicrotask(() => process.nextTick(fn));
}

/** Both stages settled alike (an empty append, or a journal that has failed). */
function settled(promise: Promise<void>): Appended {
  promise.catch(() => undefined);
  return { written: promise, durable: promise };
}

/**
 * A promise with its settle functions. It is marked handled, so a caller that
 * awaits only one stage does not leave the other as an unhandled rejection.
 */
function deferred(): { promise: Promise<void>; settle: Settle } {
  let settle!: Settle;
  const promise = new Promise<void>((resolve, reject) => (settle = { resolve, reject }));
  promise.catch(() => undefined);
  return { promise, settle };
}

/**
 * Reads a journal. A torn last line (no newline, or not JSON) is the trace of
 * a crash mid-write: it is dropped and the file truncated to the last whole
 * line. Any other bad line stops the read with `JournalCorruptError` naming
 * it, and nothing is written.
 */
export async function readJournal(file: string): Promise<JournalContents> {
  const text = await readFile(file, 'utf8');
  const lines = text.split('\n');
  const last = lines.pop() as string; // '' when the file ends with a newline
  const events: AuctionEvent[] = [];
  const index = new LineIndex();
  let droppedTornLine = last.length > 0;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    let event: AuctionEvent;
    try {
      event = JSON.parse(line) as AuctionEvent;
    } catch {
      if (i === lines.length - 1 && !droppedTornLine) {
        droppedTornLine = true;
        break;
      }
      throw new JournalCorruptError(file, i + 1, 'not valid JSON');
    }
    const expected = events.length + 1;
    if (typeof event !== 'object' || event === null || event.seq !== expected || typeof event.type !== 'string') {
      throw new JournalCorruptError(file, i + 1, `expected event seq ${expected}`);
    }
    // Journals from before host ids replay too [EVT5]: their bids get ids, their bidIds move aside.
    events.push(upgradeEvent(event));
  }
  if (droppedTornLine) {
    const kept = events.map((e) => JSON.stringify(e) + '\n');
    // Rewrite via a temporary file so a crash now cannot lose the good lines.
    await writeFile(file + '.tmp', kept.join(''));
    await rename(file + '.tmp', file);
    // The index is of the file as rewritten: upgraded events may be longer than their old lines.
    for (const line of kept) index.add(Buffer.byteLength(line));
  } else {
    for (let i = 0; i < events.length; i++) index.add(Buffer.byteLength(lines[i] as string) + 1);
  }
  return { events, droppedTornLine, index };
}

export function auctionDir(dataDir: string, auctionId: string): string {
  return join(dataDir, auctionId);
}

export async function writeCredentials(dir: string, credentials: Credentials): Promise<void> {
  await mkdir(dir, { recursive: true });
  const file = join(dir, CREDENTIALS_FILE);
  await writeFile(file + '.tmp', JSON.stringify(credentials, null, 2), { mode: 0o600 });
  await rename(file + '.tmp', file);
}

export async function readCredentials(dir: string): Promise<Credentials> {
  return JSON.parse(await readFile(join(dir, CREDENTIALS_FILE), 'utf8')) as Credentials;
}

export interface AuctionListing {
  readonly id: string;
  readonly name: string;
  readonly updatedAt: number;
  readonly events: number;
  /** Last lifecycle fact seen: setup, running, paused, finished; or `corrupt` with the reason in `error`. */
  readonly status: string;
  readonly error?: string;
}

/** Every auction under `dataDir` that has a journal, newest first. */
export async function listAuctions(dataDir: string): Promise<AuctionListing[]> {
  let entries: string[];
  try {
    entries = await readdir(dataDir);
  } catch {
    return [];
  }
  const out: AuctionListing[] = [];
  for (const id of entries) {
    const file = join(dataDir, id, JOURNAL_FILE);
    let info;
    try {
      info = await stat(file);
    } catch {
      continue;
    }
    try {
      const text = await readFile(file, 'utf8');
      const lines = text.split('\n').filter((l) => l.length > 0);
      const first = JSON.parse(lines[0] ?? '{}') as Partial<AuctionEvent> & { config?: { name?: string } };
      out.push({
        id,
        name: first.config?.name ?? id,
        updatedAt: info.mtimeMs,
        events: lines.length,
        status: statusFromLines(lines),
      });
    } catch (err) {
      out.push({ id, name: id, updatedAt: info.mtimeMs, events: 0, status: 'corrupt', error: String(err) });
    }
  }
  return out.sort((a, b) => b.updatedAt - a.updatedAt);
}

function statusFromLines(lines: string[]): string {
  for (let i = lines.length - 1; i >= 0; i--) {
    const type = /"type":"([a-z:]+)"/.exec(lines[i] as string)?.[1];
    if (type === 'auction:finished') return 'finished';
    if (type === 'auction:paused') return 'paused';
    if (type === 'auction:started' || type === 'auction:resumed') return 'running';
  }
  return 'setup';
}
