import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import { startHost } from '../../main/host/host-server';
import { DEFAULT_RATE_LIMITS } from '../../main/host/rate-limit';
import { PROTOCOL_VERSION } from '../../shared/protocol/messages';
import { makeConfig } from '../helpers/builders';

/**
 * What a burst of connects costs the host's event loop (docs/PERFORMANCE.md,
 * "Reconnect storm"): the host in this process, `--clients` sockets opened
 * all at once from a worker thread (the room coming back after the access
 * point did), and the host's event-loop delay (`monitorEventLoopDelay`) from
 * the first connect until every socket holds its snapshot. The longest delay
 * is the longest a live lot's bid waited before the host could even read it.
 * Meanwhile `--standing` sockets connected before the burst read every
 * broadcast (the room's half that the host has not noticed is gone) and
 * `--bids` bids a second are placed: their fan-out to the first standing
 * socket is timed. Rounds alternate between connects paced
 * (`CONNECTS_PER_TURN`, or `--per-turn`) and unpaced (every connect in the
 * turn its packet arrived), so a busy machine disturbs both alike.
 *
 *   npx tsx test/bench/connect-burst.ts [--clients 500] [--standing 500] [--bids 20] [--rounds 6] [--per-turn 32]
 */

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

/** Sockets connected before the burst, reading every broadcast; the first one's receipt times each bid's fan-out. */
const STANDING = `
const { parentPort, workerData } = require('node:worker_threads');
const { io } = require('socket.io-client');
const { url, clients, protocol } = workerData;
let ready = 0;
const sockets = [];
for (let i = 0; i < clients; i++) {
  const s = io(url, { transports: ['websocket'], forceNew: true, reconnection: false, auth: { protocol } });
  s.once('auction:snapshot', () => { if (++ready === clients) parentPort.postMessage({ type: 'ready' }); });
  if (i === 0) s.on('bid:accepted', (e) => parentPort.postMessage({ type: 'bid', amount: e.bid.amount, at: Date.now() }));
  sockets.push(s);
}
parentPort.on('message', () => { for (const s of sockets) s.close(); parentPort.postMessage({ type: 'closed' }); });
`;

const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const { io } = require('socket.io-client');
const { url, clients, protocol } = workerData;
let done = 0;
const sockets = [];
for (let i = 0; i < clients; i++) {
  const s = io(url, { transports: ['websocket'], forceNew: true, reconnection: false, auth: { protocol } });
  s.once('auction:snapshot', () => { if (++done === clients) parentPort.postMessage('all'); });
  sockets.push(s);
}
parentPort.on('message', () => { for (const s of sockets) s.close(); parentPort.postMessage('closed'); });
`;

const STANDING_CLIENTS = arg('standing', 500);
const BIDS_PER_SECOND = arg('bids', 20);
const PER_TURN = process.argv.includes('--per-turn') ? arg('per-turn', 8) : undefined;

interface Burst {
  maxMs: number;
  p99Ms: number;
  wallMs: number;
  cpuMs: number;
  /** Bid dispatched → the first standing socket has its broadcast, for bids during the burst: max. */
  fanoutMaxMs: number;
}

async function burst(paced: boolean, clients: number, teams: number, lots: number): Promise<Burst> {
  const host = await startHost({
    port: 0,
    host: '127.0.0.1',
    dataDir: null,
    config: makeConfig({ teams, lots, rules: { lotOpenMs: 600_000, purse: 100_000_000 } }),
    rateLimits: { ...DEFAULT_RATE_LIMITS, connectionsPerAddress: 100_000 },
    connectsPerTurn: paced ? PER_TURN : Number.POSITIVE_INFINITY,
  });
  try {
    await host.room.dispatch({ type: 'auction:start' }, { role: 'admin' });
    const lotId = host.room.publishedState.current?.lotId ?? 'L1';
    const url = `http://127.0.0.1:${host.port}`;
    const standing = new Worker(STANDING, {
      eval: true,
      workerData: { url, clients: STANDING_CLIENTS, protocol: PROTOCOL_VERSION },
    });
    const sentAt = new Map<number, number>();
    const fanout: number[] = [];
    await new Promise<void>((resolve) =>
      standing.on('message', (m: { type: string; amount?: number; at?: number }) => {
        if (m.type === 'ready') resolve();
        if (m.type === 'bid' && sentAt.has(m.amount ?? -1))
          fanout.push((m.at ?? 0) - (sentAt.get(m.amount ?? -1) ?? 0));
      }),
    );
    let bids = 0;
    const bidding = setInterval(() => {
      const amount = 100 + 10 * ++bids;
      sentAt.set(amount, Date.now());
      void host.room.dispatch(
        { type: 'bid:place', bidId: `b${amount}`, lotId, amount },
        { role: 'team', teamId: bids % 2 ? 'T1' : 'T2' },
      );
    }, 1_000 / BIDS_PER_SECOND);
    const histogram = monitorEventLoopDelay({ resolution: 1 });
    const worker = new Worker(WORKER, {
      eval: true,
      workerData: { url: `http://127.0.0.1:${host.port}`, clients, protocol: PROTOCOL_VERSION },
    });
    const cpu = process.cpuUsage();
    const start = performance.now();
    histogram.enable();
    await new Promise<void>((resolve) => worker.once('message', () => resolve()));
    histogram.disable();
    const wallMs = performance.now() - start;
    const used = process.cpuUsage(cpu);
    clearInterval(bidding);
    await new Promise((r) => setTimeout(r, 200));
    standing.postMessage('close');
    await new Promise<void>((resolve) =>
      standing.on('message', (m: { type: string }) => m.type === 'closed' && resolve()),
    );
    await standing.terminate();
    worker.postMessage('close');
    await new Promise<void>((resolve) => worker.once('message', () => resolve()));
    await worker.terminate();
    return {
      maxMs: histogram.max / 1e6,
      p99Ms: histogram.percentile(99) / 1e6,
      wallMs,
      cpuMs: (used.user + used.system) / 1000,
      fanoutMaxMs: Math.max(0, ...fanout),
    };
  } finally {
    await host.close();
  }
}

async function main(): Promise<void> {
  const clients = arg('clients', 500);
  const rounds = arg('rounds', 6);
  const teams = arg('teams', 100);
  const lots = arg('lots', 200);
  const rows: Record<'paced' | 'unpaced', Burst[]> = {
    paced: [],
    unpaced: [],
  };
  await burst(true, clients, teams, lots); // warm-up, not counted
  for (let r = 0; r < rounds; r++) {
    const paced = r % 2 === 0;
    const result = await burst(paced, clients, teams, lots);
    rows[paced ? 'paced' : 'unpaced'].push(result);
    console.log(
      `${paced ? 'paced  ' : 'unpaced'}: loop delay max ${result.maxMs.toFixed(1)} ms, p99 ${result.p99Ms.toFixed(1)} ms; ` +
        `all ${clients} held a snapshot in ${result.wallMs.toFixed(0)} ms; host CPU ${result.cpuMs.toFixed(0)} ms; ` +
        `bid fan-out max ${result.fanoutMaxMs.toFixed(0)} ms`,
    );
  }
  const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;
  for (const kind of ['paced', 'unpaced'] as const) {
    const xs = rows[kind];
    console.log(
      `${kind}: median of ${xs.length}: loop delay max ${median(xs.map((x) => x.maxMs)).toFixed(1)} ms, ` +
        `p99 ${median(xs.map((x) => x.p99Ms)).toFixed(1)} ms, all connected ${median(xs.map((x) => x.wallMs)).toFixed(0)} ms, ` +
        `host CPU ${median(xs.map((x) => x.cpuMs)).toFixed(0)} ms, bid fan-out max ${median(xs.map((x) => x.fanoutMaxMs)).toFixed(0)} ms`,
    );
  }
}

void main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
