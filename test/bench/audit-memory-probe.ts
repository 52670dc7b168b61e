import { mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { startHost } from '../../main/host/host-server';
import { DEFAULT_RATE_LIMITS } from '../../main/host/rate-limit';
import { connectGavel } from '../../renderer/lib/gavel-client';
import { makeConfig } from '../helpers/builders';
import { FakeClock } from '../helpers/fake-clock';

/**
 * What a durable host keeps per event: starts one in-process (a FakeClock, so
 * no lot closes by itself), has the auctioneer place BIDS floor bids through
 * one socket in sequence, hammering a lot every 100 bids so the state stays
 * small, then reports heapUsed and rss after a forced GC against the same
 * figures before the bids. Not a benchmark: one socket, in sequence, a
 * figure in bytes that the machine's load moves little.
 *
 *   node --expose-gc --import tsx test/bench/audit-memory-probe.ts [bids]
 */
const BIDS = Number(process.argv[2] ?? 20_000);
const PER_LOT = 100;

async function settle(): Promise<NodeJS.MemoryUsage> {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('run with node --expose-gc');
  for (let i = 0; i < 3; i++) {
    gc();
    await new Promise((r) => setTimeout(r, 50));
  }
  return process.memoryUsage();
}

async function main(): Promise<void> {
  const dataDir = await mkdtemp(join(tmpdir(), 'gavel-audit-probe-'));
  const lots = Math.ceil(BIDS / PER_LOT);
  const config = makeConfig({
    teams: 2,
    lots,
    rules: { purse: 1e12, squadMax: lots, gapMs: 0, increments: { kind: 'fixed', step: 1 } },
  });
  const host = await startHost({
    port: 0,
    host: '127.0.0.1',
    dataDir,
    config,
    clock: new FakeClock(),
    rateLimits: { ...DEFAULT_RATE_LIMITS, commandBurst: 1e9, commandPerSecond: 1e9 },
  });
  const admin = connectGavel({
    url: `http://127.0.0.1:${host.port}`,
    code: host.joinCodes.admin,
    clockSyncIntervalMs: 0,
  });
  try {
    await admin.waitFor((c) => c.state !== null, 10_000);
    const must = async (p: Promise<{ ok: boolean }>, what: string): Promise<void> => {
      const r = await p;
      if (!r.ok) throw new Error(`${what}: ${JSON.stringify(r)}`);
    };
    await must(admin.send('auction:start', {}), 'start');
    const before = await settle();
    const seq0 = host.room.state.seq;
    const cpu0 = process.cpuUsage();
    for (let i = 0; i < BIDS; i++) {
      const lot = Math.floor(i / PER_LOT);
      const teamId = i % 2 === 0 ? 'T1' : 'T2';
      await must(
        admin.send('bid:floor', { bidId: `b${i}`, lotId: `L${lot + 1}`, teamId, amount: 100 + (i % PER_LOT) }),
        `bid ${i}`,
      );
      if ((i + 1) % PER_LOT === 0 && i + 1 < BIDS) await must(admin.send('lot:hammer', {}), `hammer ${lot}`);
    }
    const cpu = process.cpuUsage(cpu0);
    const events = host.room.state.seq - seq0;
    const after = await settle();
    // The CPU one full page costs, host and client together (the client decodes it too): 20 pages.
    const pageCpu0 = process.cpuUsage();
    for (let i = 0; i < 20; i++) {
      const page = await admin.readAudit({ fromSeq: 1 + ((i * 997) % (host.room.state.seq - 500)), limit: 500 });
      if (!page.ok || page.data.events.length !== 500) throw new Error('audit page failed');
    }
    const pageCpu = process.cpuUsage(pageCpu0);
    const per = (k: 'heapUsed' | 'rss'): string => ((after[k] - before[k]) / events).toFixed(0);
    // What a host resumed on this journal holds: its heap less the heap once the first host has gone.
    admin.close();
    await host.close();
    const closed = await settle();
    const resumed = await startHost({ port: 0, host: '127.0.0.1', dataDir, resumeId: host.auctionId });
    const resumedAfter = await settle();
    await resumed.close();
    console.log(
      JSON.stringify({
        events,
        heapUsedBefore: before.heapUsed,
        heapUsedAfter: after.heapUsed,
        rssBefore: before.rss,
        rssAfter: after.rss,
        heapBytesPerEvent: Number(per('heapUsed')),
        rssBytesPerEvent: Number(per('rss')),
        resumedHeapBytesPerEvent: Math.round((resumedAfter.heapUsed - closed.heapUsed) / host.room.state.seq),
        cpuUsPerEvent: Math.round((cpu.user + cpu.system) / events),
        cpuUsPerPage500: Math.round((pageCpu.user + pageCpu.system) / 20),
        loadavg: loadavg().map((l) => l.toFixed(2)),
      }),
    );
  } finally {
    admin.close();
    await host.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}

void main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
