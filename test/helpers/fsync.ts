import fs from 'node:fs';
import { vi } from 'vitest';

/**
 * Fault injection for the journal's disk: the journal calls `fs.fdatasync`
 * on the `node:fs` module object at each sync, so a spy there holds or fails
 * the real fsync of every journal in this process (undo with
 * `vi.restoreAllMocks()`).
 */
type FdatasyncCallback = (err: NodeJS.ErrnoException | null) => void;

export interface HeldFsyncs {
  /** Lets every held and later fsync through; each then really syncs. */
  release(): void;
  /** How many fsyncs have been asked for so far. */
  calls(): number;
}

/** Holds every fsync until `release`, as a disk with a long fsync tail would. */
export function holdFsyncs(): HeldFsyncs {
  const real = fs.fdatasync;
  let isReleased = false;
  const waiting: (() => void)[] = [];
  const spy = vi.spyOn(fs, 'fdatasync').mockImplementation(((fd: number, callback: FdatasyncCallback) => {
    if (isReleased) real(fd, callback);
    else waiting.push(() => real(fd, callback));
  }) as typeof fs.fdatasync);
  return {
    release() {
      isReleased = true;
      for (const r of waiting.splice(0)) r();
    },
    calls: () => spy.mock.calls.length,
  };
}

/** Fails every fsync from now on with `err`, as a disk that went away would. */
export function failFsyncs(err: NodeJS.ErrnoException): void {
  vi.spyOn(fs, 'fdatasync').mockImplementation(((_fd: number, callback: FdatasyncCallback) => {
    process.nextTick(callback, err);
  }) as typeof fs.fdatasync);
}

/** The names of the promises that have settled once pending I/O callbacks had 50 ms to run. */
export async function settledNow(promises: Record<string, Promise<unknown>>): Promise<string[]> {
  const done: string[] = [];
  for (const [name, p] of Object.entries(promises)) {
    p.then(
      () => done.push(name),
      () => done.push(name),
    );
  }
  await new Promise((r) => setTimeout(r, 50));
  return done.sort();
}
