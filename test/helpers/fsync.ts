import { open, rm, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { vi } from 'vitest';

/**
 * Fault injection for the journal's disk: FileHandle's prototype, so a test
 * can hold or fail the real `datasync` and `write` of every file opened in
 * this process (undo with `vi.restoreAllMocks()`).
 */
export async function fileHandlePrototype(dir: string): Promise<FileHandle> {
  const probe = join(dir, '.probe');
  const handle = await open(probe, 'w');
  await handle.close();
  await rm(probe);
  return Object.getPrototypeOf(handle) as FileHandle;
}

export interface HeldFsyncs {
  /** Lets every held and later fsync through; each then really syncs. */
  release(): void;
  /** How many fsyncs have been asked for so far. */
  calls(): number;
}

/** Holds every fsync until `release`, as a disk with a long fsync tail would. */
export async function holdFsyncs(dir: string): Promise<HeldFsyncs> {
  const proto = await fileHandlePrototype(dir);
  const real = proto.datasync;
  let isReleased = false;
  const waiting: (() => void)[] = [];
  const spy = vi.spyOn(proto, 'datasync').mockImplementation(async function (this: FileHandle) {
    if (!isReleased) await new Promise<void>((r) => waiting.push(r));
    return real.call(this);
  });
  return {
    release() {
      isReleased = true;
      for (const r of waiting.splice(0)) r();
    },
    calls: () => spy.mock.calls.length,
  };
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
