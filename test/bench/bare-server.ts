import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';

/**
 * The baseline: a bare Socket.IO server that broadcasts every received bid
 * to everyone and acks it, with no validation, engine, journal, snapshot or
 * presence. Same Socket.IO options as the Gavel host, so the difference is
 * what Gavel adds. The broadcast has the shape of Gavel's `bid:accepted`.
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
  io.on('connection', (socket) => {
    const teamId = String((socket.handshake.auth as { code?: unknown } | undefined)?.code ?? '');
    if (options.helloBytes) socket.emit('hello', { seq, pad: 'x'.repeat(Math.max(0, options.helloBytes - 40)) });
    socket.on('bid:place', (payload: BarePayload, ack?: (res: unknown) => void) => {
      seq += 1;
      const at = Date.now();
      // Gavel's shape: the room gets the host's id; only the sender gets its bidId back.
      const bid = { id: seq, teamId, amount: payload?.amount, at, floor: false };
      io.emit('bid:accepted', { type: 'bid:accepted', seq, at, lotId: payload?.lotId, bid, endsAt: at + 1_000 });
      if (typeof ack === 'function') ack({ ok: true, data: { seq, bid, bidId: payload?.bidId } });
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
        void io.close(() => resolve());
      }),
  };
}
