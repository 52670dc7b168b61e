/**
 * Requests both ways over a Node IPC channel (a forked child's `process`, or
 * the parent's `ChildProcess`), with `serialization: 'advanced'` so bytes
 * travel as Uint8Array. The app's main process (the child) and the test (the
 * parent, which owns Chromium) each answer the other's requests.
 */

export type Handler = (params: unknown) => unknown;

interface Request {
  readonly rpc: 'req';
  readonly id: number;
  readonly method: string;
  readonly params: unknown;
}
interface Reply {
  readonly rpc: 'res';
  readonly id: number;
  readonly ok: boolean;
  readonly value?: unknown;
  readonly error?: string;
}

export interface Port {
  send?(message: unknown, ...rest: unknown[]): boolean;
  on(event: 'message', listener: (message: unknown) => void): unknown;
  on(event: 'disconnect', listener: () => void): unknown;
}

export class Rpc {
  readonly #port: Port;
  readonly #handlers = new Map<string, Handler>();
  readonly #pending = new Map<number, { resolve: (value: unknown) => void; reject: (err: Error) => void }>();
  #next = 1;
  #closed = false;

  constructor(port: Port) {
    this.#port = port;
    port.on('message', (message) => void this.#receive(message));
    port.on('disconnect', () => this.close('the other side disconnected'));
  }

  handle(method: string, handler: Handler): void {
    if (this.#handlers.has(method)) throw new Error(`rpc: a second handler for ${method}`);
    this.#handlers.set(method, handler);
  }

  request<T = unknown>(method: string, params?: unknown): Promise<T> {
    if (this.#closed) return Promise.reject(new Error(`rpc: ${method} after the channel closed`));
    const id = this.#next++;
    return new Promise<T>((resolve, reject) => {
      this.#pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      this.#post({ rpc: 'req', id, method, params } satisfies Request);
    });
  }

  /** A request whose answer nobody waits for (failures are reported by the other side). */
  notify(method: string, params?: unknown): void {
    this.request(method, params).catch(() => undefined);
  }

  close(reason: string): void {
    if (this.#closed) return;
    this.#closed = true;
    for (const { reject } of this.#pending.values()) reject(new Error(`rpc: ${reason}`));
    this.#pending.clear();
  }

  #post(message: Request | Reply): void {
    if (this.#closed || !this.#port.send) return;
    // A write that fails later (EPIPE: the other side exited while a reply was on its way, as
    // when the app quits) comes to this callback; without one, Node raises it as an uncaught
    // 'error' on the channel, and vitest fails a run whose tests all passed.
    const onSent = (err: Error | null): void => {
      if (err) this.close('the channel is gone');
    };
    try {
      this.#port.send(message, onSent);
    } catch {
      this.close('the channel is gone');
    }
  }

  async #receive(raw: unknown): Promise<void> {
    const message = raw as {
      rpc?: string;
      id?: number;
      method?: string;
      params?: unknown;
      ok?: boolean;
      value?: unknown;
      error?: string;
    };
    if (message.rpc === 'res' && typeof message.id === 'number') {
      const pending = this.#pending.get(message.id);
      this.#pending.delete(message.id);
      if (!pending) return;
      if (message.ok) pending.resolve(message.value);
      else pending.reject(new Error(message.error ?? 'rpc: failed'));
      return;
    }
    if (message.rpc !== 'req' || typeof message.id !== 'number' || typeof message.method !== 'string') return;
    const handler = this.#handlers.get(message.method);
    try {
      if (!handler) throw new Error(`rpc: nothing handles ${message.method}`);
      const value = await handler(message.params);
      this.#post({ rpc: 'res', id: message.id, ok: true, value });
    } catch (err) {
      const error = err instanceof Error ? (err.stack ?? err.message) : String(err);
      this.#post({ rpc: 'res', id: message.id, ok: false, error });
    }
  }
}
