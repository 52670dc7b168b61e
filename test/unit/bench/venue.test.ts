import { createConnection, createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createPrng } from '../../../shared/auction/rules';
import { addReceived, fanoutOf, loopbackAddresses, peakOf } from '../../../test/bench/room';
import { nextDue, startDelayProxy, type DelayProxy } from '../../helpers/delay-proxy';

describe('nextDue (the slow link’s jitter)', () => {
  it('holds a chunk base ± jitter, from base − jitter at 0 to base + jitter at 1', () => {
    expect(nextDue(0, 100, 20, 10, 0)).toBe(110);
    expect(nextDue(0, 100, 20, 10, 0.5)).toBe(120);
    expect(nextDue(0, 100, 20, 10, 1)).toBe(130);
  });

  it('never lets a chunk overtake the one ahead of it, as a TCP stream would not', () => {
    expect(nextDue(135, 100, 20, 10, 0)).toBe(135);
  });

  it('never holds a chunk for less than nothing when the jitter is wider than the delay', () => {
    expect(nextDue(0, 100, 5, 10, 0)).toBe(100);
  });

  it('keeps a long random stream in order and every delay within its bounds', () => {
    const random = createPrng(42);
    let due = 0;
    for (let i = 0; i < 2_000; i++) {
      const now = i * 0.5;
      const next = nextDue(due, now, 20, 10, random());
      expect(next).toBeGreaterThanOrEqual(due);
      expect(next - now).toBeGreaterThanOrEqual(10);
      // A chunk waits at most for its own 30 ms or for the one ahead of it.
      expect(next).toBeLessThanOrEqual(Math.max(due, now + 30));
      due = next;
    }
  });
});

describe('loopbackAddresses', () => {
  it('gives each address at most perAddress clients and leaves 127.0.0.1 to the admin and bidders', () => {
    const addresses = loopbackAddresses(2_000, 150);
    expect(addresses).toHaveLength(14);
    expect(new Set(addresses).size).toBe(14);
    expect(addresses).not.toContain('127.0.0.1');
    expect(addresses[0]).toBe('127.0.1.1');
  });

  it('moves to the next /24 after 254 addresses, never using .0 or .255', () => {
    const addresses = loopbackAddresses(300, 1);
    expect(addresses[253]).toBe('127.0.1.254');
    expect(addresses[254]).toBe('127.0.2.1');
    expect(addresses.every((a) => !/\.(0|255)$/.test(a))).toBe(true);
  });

  it('gives one address to a room smaller than perAddress, and to an empty one', () => {
    expect(loopbackAddresses(10, 150)).toEqual(['127.0.1.1']);
    expect(loopbackAddresses(0, 150)).toEqual(['127.0.1.1']);
  });
});

describe('fanoutOf', () => {
  it('takes the latest receipt over the workers, and counts a bid some receiver missed as incomplete', () => {
    const accepted = [{ emitMs: 100 }, { emitMs: 200 }];
    const receipts = [
      { lastMs: [105, 230], counts: [2, 2] },
      { lastMs: [112, Number.NaN], counts: [1, 0] },
    ];
    const result = fanoutOf(accepted, receipts, 3);
    expect(result.fanout).toEqual([12]);
    expect(result.emitMs).toEqual([100]);
    expect(result.incomplete).toBe(1);
  });
});

describe('addReceived and peakOf', () => {
  it('adds tallies per event name', () => {
    const total = addReceived(
      { hello: { count: 1, bytes: 10 } },
      { hello: { count: 2, bytes: 5 }, bid: { count: 1, bytes: 3 } },
    );
    expect(total).toEqual({ hello: { count: 3, bytes: 15 }, bid: { count: 1, bytes: 3 } });
  });

  it('is NaN for no values, never -Infinity', () => {
    expect(peakOf([])).toBeNaN();
    expect(peakOf([3, 9, 4])).toBe(9);
  });
});

describe('the delay proxy’s cut', () => {
  let server: Server | null = null;
  let proxy: DelayProxy | null = null;
  afterEach(async () => {
    await proxy?.close();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    server = null;
    proxy = null;
  });

  /** A target that greets every connection with 100 bytes and tells when its side closes. */
  async function startTarget(): Promise<{ port: number; closed: Promise<void>[] }> {
    const closed: Promise<void>[] = [];
    server = createServer((socket) => {
      closed.push(new Promise((resolve) => socket.on('close', () => resolve())));
      socket.on('error', () => undefined);
      socket.write(Buffer.alloc(100, 1));
    });
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', () => resolve()));
    return { port: (server.address() as AddressInfo).port, closed };
  }

  async function connect(port: number): Promise<{ socket: Socket; greeted: Promise<void>; closed: Promise<void> }> {
    const socket = createConnection({ host: '127.0.0.1', port });
    socket.on('error', () => undefined);
    const greeted = new Promise<void>((resolve) => socket.once('data', () => resolve()));
    const closed = new Promise<void>((resolve) => socket.on('close', () => resolve()));
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
    return { socket, greeted, closed };
  }

  it('silent: drops the clients at once, leaves the target’s side open, and counts what the target sent', async () => {
    const target = await startTarget();
    proxy = await startDelayProxy({ targetPort: target.port, upMs: 0, downMs: 0 });
    const clients = [await connect(proxy.port), await connect(proxy.port)];
    await Promise.all(clients.map((c) => c.greeted));
    expect(proxy.connections).toBe(2);
    expect(proxy.bytesDown).toBe(200);

    proxy.cut('silent');
    await Promise.all(clients.map((c) => c.closed));
    expect(proxy.connections).toBe(0);
    const outcome = await Promise.race([
      Promise.all(target.closed).then(() => 'target told'),
      new Promise((resolve) => setTimeout(() => resolve('target not told'), 200)),
    ]);
    expect(outcome).toBe('target not told');
  });

  it('reset: drops both sides', async () => {
    const target = await startTarget();
    proxy = await startDelayProxy({ targetPort: target.port, upMs: 0, downMs: 0 });
    const client = await connect(proxy.port);
    await client.greeted;
    proxy.cut('reset');
    await client.closed;
    await Promise.all(target.closed);
    expect(proxy.connections).toBe(0);
  });

  it('connects to the target from the given loopback addresses in turn', async () => {
    const seen: string[] = [];
    server = createServer((socket) => {
      seen.push(socket.remoteAddress ?? '');
      socket.write('x');
    });
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', () => resolve()));
    const port = (server.address() as AddressInfo).port;
    proxy = await startDelayProxy({
      targetPort: port,
      upMs: 0,
      downMs: 0,
      localAddresses: ['127.0.1.1', '127.0.1.2'],
    });
    for (let i = 0; i < 3; i++) await (await connect(proxy.port)).greeted;
    expect(seen.map((a) => a.replace(/^::ffff:/, ''))).toEqual(['127.0.1.1', '127.0.1.2', '127.0.1.1']);
  });
});
