import fs from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';

/**
 * The baseline: a bare Socket.IO server that broadcasts every received bid
 * to everyone and acks it, with no validation, engine, journal, snapshot or
 * presence. Same Socket.IO options as the Gavel host, so the difference is
 * what Gavel adds. The broadcast has the shape of Gavel's `bid:accepted`.
 *
 * With `journalFile` it is the least a durable server can do: each bid is
 * appended to the file (one synchronous write) before its broadcast, and
 * acked once an fdatasync that began after the write has returned, one
 * fsync at a time covering every bid written before it. The same contract
 * as Gavel's journal, with nothing else around it: what durability itself
 * costs on this machine.
 */

export interface BareServer {
  readonly port: number;
  close(): Promise<void>;
}

interface BarePayload {
  readonly bidId?: unknown;
  readonly lotId?: unknown;
  readonly amount?: unknown;
}

export async function startBareServer(options: {
  port: number;
  host: string;
  /**
   * Send every new connection one `hello` of about this many bytes, carrying
   * the current seq: a stand-in for Gavel's snapshot in the reconnect storm.
   */
  helloBytes?: number;
  /** Append every bid to this file and ack it after its fdatasync (see above). */
  journalFile?: string;
}): Promise<BareServer> {
  const http = createServer((_req, res) => {
    res.writeHead(404);
    res.end();
  });
  const io = new Server(http, {
    maxHttpBufferSize: 1_000_000,
    serveClient: false,
    pingInterval: 10_000,
    pingTimeout: 8_000,
    cors: { origin: true },
  });
  let seq = 0;
  const fd = options.journalFile ? fs.openSync(options.journalFile, 'a') : null;
  let unsynced: (() => void)[] = [];
  let isSyncing = false;
  const sync = (): void => {
    if (fd === null || isSyncing || unsynced.length === 0) return;
    isSyncing = true;
    const batch = unsynced;
    unsynced = [];
    fs.fdatasync(fd, () => {
      isSyncing = false;
      for (const answer of batch) answer();
      sync();
    });
  };
  io.on('connection', (socket) => {
    const teamId = String((socket.handshake.auth as { code?: unknown } | undefined)?.code ?? '');
    if (options.helloBytes) socket.emit('hello', { seq, pad: 'x'.repeat(Math.max(0, options.helloBytes - 40)) });
    socket.on('bid:place', (payload: BarePayload, ack?: (res: unknown) => void) => {
      seq += 1;
      const at = Date.now();
      // Gavel's shape: the room gets the host's id; only the sender gets its bidId back.
      const bid = { id: seq, teamId, amount: payload?.amount, at, floor: false };
      const event = { type: 'bid:accepted', seq, at, lotId: payload?.lotId, bid, endsAt: at + 1_000 };
      if (fd !== null) fs.writeSync(fd, `${JSON.stringify(event)}\n`);
      io.emit('bid:accepted', event);
      if (typeof ack !== 'function') return;
      const answer = (): void => ack({ ok: true, data: { seq, bid, bidId: payload?.bidId } });
      if (fd === null) return answer();
      unsynced.push(answer);
      sync();
    });
  });
  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(options.port, options.host, () => resolve());
  });
  return {
    port: (http.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        void io.close(() => {
          if (fd !== null) fs.closeSync(fd);
          resolve();
        });
      }),
  };
}
