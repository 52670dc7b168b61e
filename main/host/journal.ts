import { mkdir, open, readdir, readFile, rename, stat, writeFile, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import type { AuctionEvent } from '../../shared/auction/events';
import type { Credentials } from './credentials';

/**
 * The write-ahead journal: one append-only JSONL file per auction, one event
 * a line. `append` resolves only once its events are on disk (fdatasync);
 * appends made in the same tick share one write and one fsync, so durability
 * does not cost the bid rate.
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
}

interface Pending {
  readonly lines: string;
  readonly resolve: () => void;
  readonly reject: (err: unknown) => void;
}

export class Journal {
  #handle: FileHandle;
  #queue: Pending[] = [];
  #flushing = false;
  #scheduled = false;
  #failed: unknown = null;
  /** Count of fsyncs so far; the benchmark reports events per fsync. */
  syncs = 0;

  private constructor(
    handle: FileHandle,
    readonly file: string,
    private readonly durable: boolean,
  ) {
    this.#handle = handle;
  }

  /** Opens `file` for appending. `durable: false` skips fsync (benchmarks only). */
  static async openForAppend(file: string, { durable = true }: { durable?: boolean } = {}): Promise<Journal> {
    const handle = await open(file, 'a');
    return new Journal(handle, file, durable);
  }

  /** Resolves once every event is written and synced. Events are appended in call order. */
  append(events: readonly AuctionEvent[]): Promise<void> {
    if (this.#failed) return Promise.reject(this.#failed);
    if (events.length === 0) return Promise.resolve();
    let lines = '';
    for (const event of events) lines += JSON.stringify(event) + '\n';
    return new Promise((resolve, reject) => {
      this.#queue.push({ lines, resolve, reject });
      this.#schedule();
    });
  }

  #schedule(): void {
    if (this.#scheduled || this.#flushing) return;
    this.#scheduled = true;
    // Wait for the rest of this tick's commands, then write them all at once.
    setImmediate(() => {
      this.#scheduled = false;
      void this.#flush();
    });
  }

  async #flush(): Promise<void> {
    if (this.#flushing || this.#queue.length === 0) return;
    this.#flushing = true;
    const batch = this.#queue;
    this.#queue = [];
    try {
      await this.#handle.write(batch.map((p) => p.lines).join(''));
      if (this.durable) await this.#handle.datasync();
      this.syncs++;
      for (const p of batch) p.resolve();
    } catch (err) {
      // After a failed write the file's tail is unknown: refuse everything from now on.
      this.#failed = err;
      for (const p of [...batch, ...this.#queue]) p.reject(err);
      this.#queue = [];
    } finally {
      this.#flushing = false;
      if (this.#queue.length > 0) this.#schedule();
    }
  }

  /** Waits for pending appends, then closes the file. */
  async close(): Promise<void> {
    while (this.#queue.length > 0 || this.#flushing || this.#scheduled) {
      await new Promise((r) => setImmediate(r));
    }
    await this.#handle.close();
  }
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
    events.push(event);
  }
  if (droppedTornLine) {
    const keep = events.map((e) => JSON.stringify(e) + '\n').join('');
    // Rewrite via a temporary file so a crash now cannot lose the good lines.
    await writeFile(file + '.tmp', keep);
    await rename(file + '.tmp', file);
  }
  return { events, droppedTornLine };
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
