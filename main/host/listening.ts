import type { Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { networkInterfaces } from 'node:os';
import { boundAddress, rankLanAddresses, sameAddresses, type LanAddress } from './addresses';

const PORT_ATTEMPTS = 10;
/** How often the host reads its network adapters again (Wi-Fi joined after hosting started). */
export const ADDRESS_WATCH_MS = 5_000;

/**
 * The port could not be had. The message says what happened in words that fit
 * any front end; each one adds its own way out (the CLI names `--port`, the
 * desktop app has no such flag).
 */
export class PortUnavailableError extends Error {
  override readonly name = 'PortUnavailableError';
  constructor(
    message: string,
    readonly firstPort: number,
    readonly lastPort: number,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/**
 * Listens on `port`, or on the next free one. A taken port (EADDRINUSE) and a
 * refused one (EACCES) are both skipped: Windows reserves ranges of ports for
 * Hyper-V and WSL and answers EACCES for them even above 1024, so a refused
 * 4700 is as ordinary there as a taken one.
 */
export async function listen(
  server: HttpServer,
  port: number,
  host: string | undefined,
  strict: boolean,
): Promise<number> {
  const attempts = strict || port === 0 ? 1 : Math.min(PORT_ATTEMPTS, 65_536 - port);
  let refused = 0;
  for (let i = 0; i < attempts; i++) {
    const tryPort = port === 0 ? 0 : port + i;
    try {
      await new Promise<void>((resolve, reject) => {
        const onError = (err: Error): void => {
          server.off('listening', onListening);
          reject(err);
        };
        const onListening = (): void => {
          server.off('error', onError);
          resolve();
        };
        server.once('error', onError);
        server.once('listening', onListening);
        server.listen(tryPort, host);
      });
      return (server.address() as AddressInfo).port;
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code !== 'EADDRINUSE' && code !== 'EACCES') throw err;
      if (code === 'EACCES') refused++;
      if (i < attempts - 1) continue;
      const last = port + attempts - 1;
      const what =
        attempts === 1
          ? code === 'EACCES'
            ? `This computer does not allow Gavel to use port ${port}.`
            : `Port ${port} is already in use.`
          : refused === attempts
            ? `This computer does not allow Gavel to use ports ${port} to ${last}.`
            : `Ports ${port} to ${last} are all in use or reserved.`;
      throw new PortUnavailableError(what, port, last, { cause: err });
    }
  }
  throw new Error('unreachable');
}

/** URLs a browser can use: the ranked LAN addresses (see addresses.ts), or the one address bound to. */
export function hostAddresses(port: number, host: string | undefined): LanAddress[] {
  if (host && host !== '0.0.0.0' && host !== '::') return [boundAddress(host, port)];
  return rankLanAddresses(networkInterfaces(), port);
}

/**
 * Adapters come and go while hosting (Wi-Fi joined late, a dock unplugged):
 * reads them every `everyMs` and calls `onChange` only when they changed.
 * Returns the function that stops watching.
 */
export function watchAddresses(
  read: () => LanAddress[],
  initial: readonly LanAddress[],
  onChange: (addresses: LanAddress[]) => void,
  everyMs: number = ADDRESS_WATCH_MS,
): () => void {
  let last = initial;
  const timer = setInterval(() => {
    const now = read();
    if (sameAddresses(now, last)) return;
    last = now;
    onChange(now);
  }, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
