import { createConnection, createServer, type AddressInfo, type Socket } from 'node:net';

/**
 * A TCP proxy on 127.0.0.1 that holds every chunk for a fixed time in each
 * direction before passing it on, in order: a slow network link in a box.
 * `upMs` delays client → target, `downMs` target → client. Optionally each
 * chunk gets a random extra of ± `jitterMs` (order still kept, as TCP would),
 * the proxy's connections to the target come from several loopback
 * addresses (as many devices would), and `cut()` drops every connection at
 * once (an access point going down). It counts the bytes it carries.
 */
export interface DelayProxy {
  readonly port: number;
  readonly url: string;
  /** Bytes received from the target (what the target sent), whether or not they reached a client. */
  readonly bytesDown: number;
  /** Of `bytesDown`, those that arrived for a client already cut (silently): sent into nothing. */
  readonly bytesDropped: number;
  /** Bytes received from clients. */
  readonly bytesUp: number;
  /** Client connections open now. */
  readonly connections: number;
  /**
   * Drops every client connection at once. `reset` closes the target's side
   * too; `silent` leaves it open and reads it into nothing, so the target
   * learns of the loss only from its own timeouts, as a host does when a
   * Wi-Fi access point goes down.
   */
  cut(mode?: 'reset' | 'silent'): void;
  close(): Promise<void>;
}

export interface DelayProxyOptions {
  /** The port on 127.0.0.1 to forward to. */
  readonly targetPort: number;
  readonly upMs: number;
  readonly downMs: number;
  /** Each chunk waits a further uniform random −jitterMs … +jitterMs (never less than 0 in all, never overtaking). */
  readonly jitterMs?: number;
  /** Local addresses the proxy's connections to the target come from, in turn (e.g. 127.0.0.2, 127.0.0.3). */
  readonly localAddresses?: readonly string[];
  /** Random numbers in [0, 1) for the jitter; Math.random by default. */
  readonly random?: () => number;
}

/**
 * When a chunk that arrives at `now` may leave: `baseMs` ± `jitterMs` later,
 * but never before the chunk ahead of it (`previousDue`), since a TCP stream
 * delivers in order; never before `now`.
 */
export function nextDue(previousDue: number, now: number, baseMs: number, jitterMs: number, random: number): number {
  const delay = Math.max(0, baseMs + (random * 2 - 1) * jitterMs);
  return Math.max(previousDue, now + delay);
}

interface Pipe {
  /** Called with the size of every chunk read from `from`, and whether `to` was gone. */
  readonly count: (bytes: number, isDropped: boolean) => void;
  /** True once the pair is cut silently: `from`'s end or close no longer reaches `to`. */
  readonly isSilenced: () => boolean;
}

/** Forwards `from` → `to`, each chunk its delay after it arrived, never out of order. */
function pipeDelayed(
  from: Socket,
  to: Socket,
  baseMs: number,
  jitterMs: number,
  random: () => number,
  pipe: Pipe,
): void {
  const queue: { readonly due: number; readonly chunk: Buffer }[] = [];
  let timer: ReturnType<typeof setTimeout> | null = null;
  let lastDue = 0;
  let ended = false;
  let closed = false;

  // An end or a reset reaches the other side after what was sent before it.
  const finish = (): void => {
    if (pipe.isSilenced()) return;
    if (ended) to.end();
    else if (closed) to.destroy();
  };
  const drain = (): void => {
    timer = null;
    const now = performance.now();
    while (queue.length > 0 && (queue[0] as { due: number }).due <= now) {
      const { chunk } = queue.shift() as { chunk: Buffer };
      if (!to.destroyed) to.write(chunk);
    }
    if (queue.length > 0) arm();
    else finish();
  };
  // One timer, for the head of the queue: later chunks are due later, so order holds.
  const arm = (): void => {
    if (timer || queue.length === 0) return;
    const head = queue[0] as { due: number };
    timer = setTimeout(drain, Math.max(0, head.due - performance.now()));
  };

  from.on('data', (chunk: Buffer) => {
    pipe.count(chunk.length, to.destroyed);
    if (to.destroyed) return;
    lastDue = nextDue(lastDue, performance.now(), baseMs, jitterMs, random());
    queue.push({ due: lastDue, chunk });
    arm();
  });
  from.on('end', () => {
    ended = true;
    if (!timer) finish();
  });
  from.on('close', () => {
    closed = true;
    if (!timer) finish();
  });
}

export async function startDelayProxy(options: DelayProxyOptions): Promise<DelayProxy> {
  const sockets = new Set<Socket>();
  const pairs = new Set<{ readonly client: Socket; readonly target: Socket; isSilenced: boolean }>();
  const jitterMs = options.jitterMs ?? 0;
  const random = options.random ?? Math.random;
  const addresses = options.localAddresses ?? [];
  let nextAddress = 0;
  let bytesDown = 0;
  let bytesUp = 0;
  let bytesDropped = 0;
  const server = createServer((client) => {
    const localAddress = addresses.length > 0 ? addresses[nextAddress++ % addresses.length] : undefined;
    const target = createConnection({ host: '127.0.0.1', port: options.targetPort, localAddress });
    const pair = { client, target, isSilenced: false };
    pairs.add(pair);
    client.on('close', () => {
      if (!pair.isSilenced) pairs.delete(pair);
    });
    target.on('close', () => pairs.delete(pair));
    for (const s of [client, target]) {
      s.setNoDelay(true);
      sockets.add(s);
      s.on('error', () => undefined); // the other side's close handler tears down the pair
      s.on('close', () => sockets.delete(s));
    }
    const isSilenced = (): boolean => pair.isSilenced;
    pipeDelayed(client, target, options.upMs, jitterMs, random, {
      count: (n) => (bytesUp += n),
      isSilenced,
    });
    pipeDelayed(target, client, options.downMs, jitterMs, random, {
      count: (n, isDropped) => {
        bytesDown += n;
        if (isDropped) bytesDropped += n;
      },
      isSilenced,
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    url: `http://127.0.0.1:${port}`,
    get bytesDown() {
      return bytesDown;
    },
    get bytesDropped() {
      return bytesDropped;
    },
    get bytesUp() {
      return bytesUp;
    },
    get connections() {
      let open = 0;
      for (const pair of pairs) if (!pair.client.destroyed) open += 1;
      return open;
    },
    cut(mode = 'reset') {
      for (const pair of [...pairs]) {
        if (pair.client.destroyed) continue;
        if (mode === 'silent') {
          // The host's side stays open, its bytes still counted and dropped, until the host gives up on it.
          pair.isSilenced = true;
          pair.client.destroy();
        } else {
          pair.client.destroy();
          pair.target.destroy();
        }
      }
    },
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
