import { createConnection, createServer, type AddressInfo, type Socket } from 'node:net';

/**
 * A TCP proxy on 127.0.0.1 that holds every chunk for a fixed time in each
 * direction before passing it on, in order: a slow network link in a box.
 * `upMs` delays client → target, `downMs` target → client.
 */
export interface DelayProxy {
  readonly port: number;
  readonly url: string;
  close(): Promise<void>;
}

export interface DelayProxyOptions {
  /** The port on 127.0.0.1 to forward to. */
  readonly targetPort: number;
  readonly upMs: number;
  readonly downMs: number;
}

/** Forwards `from` → `to`, each chunk `delayMs` after it arrived, never out of order. */
function pipeDelayed(from: Socket, to: Socket, delayMs: number): void {
  const queue: { readonly due: number; readonly chunk: Buffer }[] = [];
  let timer: ReturnType<typeof setTimeout> | null = null;
  let ended = false;
  let closed = false;

  // An end or a reset reaches the other side after what was sent before it.
  const finish = (): void => {
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
    queue.push({ due: performance.now() + delayMs, chunk });
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
  const server = createServer((client) => {
    const target = createConnection({ host: '127.0.0.1', port: options.targetPort });
    for (const s of [client, target]) {
      s.setNoDelay(true);
      sockets.add(s);
      s.on('error', () => undefined); // the other side's close handler tears down the pair
      s.on('close', () => sockets.delete(s));
    }
    pipeDelayed(client, target, options.upMs);
    pipeDelayed(target, client, options.downMs);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    url: `http://127.0.0.1:${port}`,
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
