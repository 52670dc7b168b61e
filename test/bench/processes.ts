import { fork, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { build } from 'esbuild';
import type {
  ClientKind,
  HostReply,
  HostRequest,
  HostStats,
  ServerKind,
  WorkerReply,
  WorkerRequest,
  WorkerSetup,
} from './messages';

/**
 * The orchestrator's handles on the host child process and the bidder worker
 * threads: request/reply over IPC, every wait bounded, and a stop that always
 * ends what it started.
 */

export interface Bundles {
  readonly host: string;
  readonly worker: string;
}

/**
 * Bundles the host child and the bidder worker to plain JavaScript first, so
 * they run on bare `node`: no TypeScript loader thread in the host's RSS or
 * CPU figures, and the same start-up as a built host.
 */
export async function prepareBundles(outDir: string): Promise<Bundles> {
  const entries = { host: 'host-process.ts', worker: 'bidder-worker.ts' } as const;
  const out = { host: join(outDir, 'host-process.mjs'), worker: join(outDir, 'bidder-worker.mjs') };
  for (const key of ['host', 'worker'] as const) {
    await build({
      entryPoints: [fileURLToPath(new URL(`./${entries[key]}`, import.meta.url))],
      outfile: out[key],
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      packages: 'external',
      logLevel: 'warning',
    });
  }
  return out;
}

type Waiter<T> = { resolve: (value: T) => void; reject: (err: Error) => void };

/** Replies come back in request order; each waiter takes the next one. */
class ReplyQueue<T> {
  readonly #waiters: Waiter<T>[] = [];

  next(what: string, timeoutMs: number): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        const i = this.#waiters.indexOf(waiter);
        if (i >= 0) this.#waiters.splice(i, 1);
        reject(new Error(`${what}: no reply in ${timeoutMs} ms`));
      }, timeoutMs);
      const waiter: Waiter<T> = {
        resolve: (value) => {
          clearTimeout(timer);
          resolve(value);
        },
        reject: (err) => {
          clearTimeout(timer);
          reject(err);
        },
      };
      this.#waiters.push(waiter);
    });
  }

  deliver(value: T): void {
    this.#waiters.shift()?.resolve(value);
  }

  failAll(err: Error): void {
    for (const waiter of this.#waiters.splice(0)) waiter.reject(err);
  }
}

export interface HostReady {
  readonly port: number;
  readonly adminCode: string;
  readonly teamCodes: readonly string[];
  readonly rssMB: number;
}

export interface HostProcessOptions {
  /** The bundled host-process script (prepareBundles). */
  readonly script: string;
  /** Write a V8 CPU profile of the host into this folder (`node --cpu-prof`). */
  readonly profileDir?: string | null;
  /** `shipped`: the host's own rate limits instead of the benchmark's lifted ones. */
  readonly limits?: 'bench' | 'shipped';
  /** Bare only: one message of this many bytes to every new connection. */
  readonly helloBytes?: number;
}

export class HostProcess {
  readonly #child: ChildProcess;
  readonly #replies = new ReplyQueue<HostReply>();
  #exited: Promise<void>;

  private constructor(child: ChildProcess) {
    this.#child = child;
    child.on('message', (message: HostReply) => this.#replies.deliver(message));
    this.#exited = new Promise((resolve) => {
      child.once('exit', (code, signal) => {
        this.#replies.failAll(new Error(`host process exited (${signal ?? code})`));
        resolve();
      });
    });
  }

  static async start(
    kind: ServerKind,
    teams: number,
    epochNs: bigint,
    options: HostProcessOptions,
  ): Promise<{ host: HostProcess; ready: HostReady }> {
    const profile = options.profileDir ? ['--cpu-prof', `--cpu-prof-dir=${options.profileDir}`] : [];
    const child = fork(options.script, [], {
      execArgv: profile,
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    const host = new HostProcess(child);
    try {
      const start = { type: 'start', kind, teams, epochNs: String(epochNs) } as const;
      const extra = { limits: options.limits, helloBytes: options.helloBytes };
      const reply = await host.request({ ...start, ...extra }, 30_000);
      if (reply.type !== 'ready') throw new Error(`host did not start: ${JSON.stringify(reply)}`);
      return { host, ready: reply };
    } catch (err) {
      await host.stop();
      throw err;
    }
  }

  request(message: HostRequest, timeoutMs = 10_000): Promise<HostReply> {
    const reply = this.#replies.next(`host ${message.type}`, timeoutMs);
    this.#child.send(message);
    return reply;
  }

  async stats(type: 'stats:reset' | 'stats:read'): Promise<HostStats> {
    const reply = await this.request({ type });
    if (reply.type !== 'stats') throw new Error(`host ${type}: ${JSON.stringify(reply)}`);
    return reply;
  }

  /** Asks the host to close and exit; kills it (this child only) if it has not gone in 10 s. */
  async stop(): Promise<void> {
    if (this.#child.exitCode === null && this.#child.signalCode === null && this.#child.connected) {
      this.#child.send({ type: 'stop' } satisfies HostRequest);
    }
    const timer = setTimeout(() => this.#child.kill('SIGKILL'), 10_000);
    await this.#exited;
    clearTimeout(timer);
  }
}

export class BidderPool {
  readonly #workers: Worker[];
  readonly #replies: ReplyQueue<WorkerReply>[];

  private constructor(workers: Worker[]) {
    this.#workers = workers;
    this.#replies = workers.map((worker) => {
      const queue = new ReplyQueue<WorkerReply>();
      worker.on('message', (message: WorkerReply) => queue.deliver(message));
      worker.on('error', (err) => queue.failAll(err));
      worker.on('exit', () => queue.failAll(new Error('bidder worker exited')));
      return queue;
    });
  }

  /** Spreads `codes` round-robin over `workers` threads (bidder g lives in worker g mod workers). */
  static create(options: {
    /** The bundled bidder-worker script (prepareBundles). */
    script: string;
    kind: ClientKind;
    url: string;
    codes: readonly string[];
    workers: number;
    counter: SharedArrayBuffer;
    epochNs: bigint;
    /** Write a CPU profile of each worker here too. */
    profileDir?: string | null;
  }): BidderPool {
    const count = Math.max(1, Math.min(options.workers, options.codes.length));
    const workers = Array.from(
      { length: count },
      (_, index) =>
        new Worker(options.script, {
          execArgv: options.profileDir ? ['--cpu-prof', `--cpu-prof-dir=${options.profileDir}`] : [],
          workerData: {
            index,
            workers: count,
            kind: options.kind,
            url: options.url,
            codes: options.codes.filter((_, g) => g % count === index),
            counter: options.counter,
            epochNs: options.epochNs.toString(),
          } satisfies WorkerSetup,
        }),
    );
    return new BidderPool(workers);
  }

  get size(): number {
    return this.#workers.length;
  }

  /** Sends the same request to every worker and waits for all the replies. */
  async all(message: WorkerRequest, timeoutMs: number): Promise<WorkerReply[]> {
    const replies = this.#workers.map((worker, i) => {
      const reply = (this.#replies[i] as ReplyQueue<WorkerReply>).next(`worker ${i} ${message.type}`, timeoutMs);
      worker.postMessage(message);
      return reply;
    });
    const results = await Promise.all(replies);
    const failure = results.find((r) => r.type === 'error');
    if (failure && failure.type === 'error') throw new Error(`bidder worker: ${failure.message}`);
    return results;
  }

  /** Closes every socket, then ends the threads. */
  async close(): Promise<void> {
    await this.all({ type: 'close' }, 10_000).catch(() => undefined);
    await Promise.all(this.#workers.map((worker) => worker.terminate()));
  }
}
