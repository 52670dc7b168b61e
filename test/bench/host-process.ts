import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PerformanceObserver, performance } from 'node:perf_hooks';
import { startHost, type HostHandle } from '../../main/host/host-server';
import { Journal } from '../../main/host/journal';
import { DEFAULT_RATE_LIMITS, type RateLimits } from '../../main/host/rate-limit';
import { makeConfig } from '../helpers/builders';
import { startBareServer, type BareServer } from './bare-server';
import { isBareServer, type GcPause, type HostReply, type HostRequest, type ServerKind } from './messages';

/**
 * The host child process: runs one server (bare or Gavel) on 127.0.0.1 and
 * nothing else, so its CPU time and RSS are the server's own. It answers the
 * orchestrator over IPC and exits when told to, or when the parent goes away.
 */

const RSS_SAMPLE_MS = 50;
const MB = 1024 * 1024;

/** The benchmark connects hundreds of sockets from one address and bids hard: lift the limits out of the way. */
const BENCH_RATE_LIMITS: RateLimits = {
  handshakeBurst: 100_000,
  handshakePerSecond: 100_000,
  handshakeQueue: 100_000,
  commandBurst: 1_000_000,
  commandPerSecond: 1_000_000,
  connectionsPerAddress: 100_000,
};

/**
 * Lots that stay open until the admin hammers them (an hour on the clock),
 * a purse no war can spend, no squad reserve, step 1, and no gap: each
 * measured slice bids on a fresh lot, as in a real auction.
 */
export function makeBenchConfig(teams: number): ReturnType<typeof makeConfig> {
  return makeConfig({
    name: 'Benchmark league',
    teams,
    lots: 200,
    rules: {
      purse: 1_000_000_000_000,
      squadMin: 0,
      squadMax: 1_000,
      minimumPrice: 1,
      increments: { kind: 'fixed', step: 1 },
      lotOpenMs: 3_600_000,
      bidExtendMs: 1_000,
      graceMs: 300,
      gapMs: 0,
    },
  });
}

let gavel: HostHandle | null = null;
let bare: BareServer | null = null;
let journal: Journal | null = null;
let dataDir: string | null = null;

/** GC pauses since the last reset, in ms since the orchestrator's `epochNs` (set by `start`). */
let gcPauses: GcPause[] = [];
let epochNs: bigint | null = null;
new PerformanceObserver((list) => {
  if (epochNs === null) return;
  // Entries carry performance.now() times; both clocks are monotonic, so one offset maps them.
  const offsetMs = Number(process.hrtime.bigint() - epochNs) / 1e6 - performance.now();
  for (const entry of list.getEntries()) gcPauses.push({ atMs: entry.startTime + offsetMs, ms: entry.duration });
}).observe({ entryTypes: ['gc'] });

let rssPeak = 0;
let cpuAt = process.cpuUsage();
let wallAt = process.hrtime.bigint();
const sampler = setInterval(() => {
  const rss = process.memoryUsage.rss();
  if (rss > rssPeak) rssPeak = rss;
}, RSS_SAMPLE_MS);

function reply(message: HostReply): void {
  process.send?.(message);
}

function resetStats(): void {
  gcPauses = [];
  rssPeak = process.memoryUsage.rss();
  cpuAt = process.cpuUsage();
  wallAt = process.hrtime.bigint();
}

function readStats(): HostReply {
  const cpu = process.cpuUsage(cpuAt);
  const rss = process.memoryUsage.rss();
  if (rss > rssPeak) rssPeak = rss;
  return {
    type: 'stats',
    cpuMs: (cpu.user + cpu.system) / 1000,
    wallMs: Number(process.hrtime.bigint() - wallAt) / 1e6,
    rssPeakMB: rssPeak / MB,
    rssMB: rss / MB,
    journalSyncs: journal ? journal.syncs : null,
    gcPauses,
  };
}

// The journal is private to the room; catch it as it opens to read its fsync counter.
const openJournal = Journal.openForAppend.bind(Journal);
Journal.openForAppend = async (...args: Parameters<typeof Journal.openForAppend>): Promise<Journal> => {
  journal = await openJournal(...args);
  return journal;
};

async function start(
  kind: ServerKind,
  teams: number,
  epoch: string,
  { limits = 'bench', helloBytes = 0 }: { limits?: 'bench' | 'shipped'; helloBytes?: number } = {},
): Promise<void> {
  epochNs = BigInt(epoch);
  if (isBareServer(kind)) {
    if (kind === 'bare-durable') dataDir = await mkdtemp(join(tmpdir(), 'gavel-bench-'));
    const journalFile = dataDir ? join(dataDir, 'journal.jsonl') : undefined;
    bare = await startBareServer({ port: 0, host: '127.0.0.1', helloBytes, journalFile });
    reply({ type: 'ready', port: bare.port, adminCode: '', teamCodes: [], rssMB: process.memoryUsage.rss() / MB });
    return;
  }
  if (kind !== 'gavel-memory') dataDir = await mkdtemp(join(tmpdir(), 'gavel-bench-'));
  const config = makeBenchConfig(teams);
  gavel = await startHost({
    port: 0,
    host: '127.0.0.1',
    config,
    dataDir,
    durable: kind !== 'gavel-written',
    rateLimits: limits === 'shipped' ? DEFAULT_RATE_LIMITS : BENCH_RATE_LIMITS,
    openSpectators: false,
  });
  const codes = gavel.joinCodes;
  reply({
    type: 'ready',
    port: gavel.port,
    adminCode: codes.admin,
    teamCodes: config.teams.map((t) => codes.teams[t.id] ?? ''),
    rssMB: process.memoryUsage.rss() / MB,
  });
}

async function stop(): Promise<void> {
  clearInterval(sampler);
  const closing = Promise.all([gavel?.close(), bare?.close()]);
  await Promise.race([closing, new Promise((r) => setTimeout(r, 5_000))]);
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
  reply({ type: 'stopped' });
  process.exit(0);
}

process.on('message', (message: HostRequest) => {
  const run = async (): Promise<void> => {
    switch (message.type) {
      case 'start':
        return start(message.kind, message.teams, message.epochNs, message);
      case 'stats:reset':
        resetStats();
        return reply(readStats());
      case 'stats:read':
        return reply(readStats());
      case 'stop':
        return stop();
    }
  };
  run().catch((err: unknown) => reply({ type: 'error', message: String(err) }));
});

// An orphaned host (the orchestrator crashed) must not linger.
process.on('disconnect', () => process.exit(0));
