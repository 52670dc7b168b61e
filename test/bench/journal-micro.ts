import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Journal } from '../../main/host/journal';
import type { AuctionEvent } from '../../shared/auction/events';
import { percentiles } from './stats';

/**
 * The durable journal alone, without sockets: `concurrency` writers each
 * append one bid event and wait for it to be durable, again and again, for
 * `--ms`. Shows what grouped fsync gives and what one append costs.
 *
 *   npx tsx test/bench/journal-micro.ts [--ms 2000]
 */

const ms = Number(process.argv[process.argv.indexOf('--ms') + 1]) || 2_000;

function bidEvent(seq: number): AuctionEvent {
  return {
    type: 'bid:accepted',
    seq,
    at: Date.now(),
    lotId: 'L1',
    bid: { id: seq, teamId: 'T1', amount: 1_000 + seq, at: Date.now(), floor: false },
    endsAt: Date.now() + 10_000,
    bidId: `bid-${seq}-0123456789abcdef`,
  };
}

async function run(concurrency: number, durable: boolean): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'gavel-journal-'));
  const journal = await Journal.openForAppend(join(dir, 'journal.jsonl'), { durable });
  let seq = 0;
  const latencies: number[] = [];
  const end = performance.now() + ms;
  const writer = async (): Promise<void> => {
    while (performance.now() < end) {
      const t0 = performance.now();
      await journal.append([bidEvent(++seq)]).durable;
      latencies.push(performance.now() - t0);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, writer));
  await journal.close();
  await rm(dir, { recursive: true, force: true });
  const p = percentiles(latencies);
  return (
    `durable=${String(durable).padEnd(5)} writers=${String(concurrency).padStart(3)}  ` +
    `${Math.round((latencies.length / ms) * 1000)
      .toString()
      .padStart(6)} appends/s  ${(latencies.length / Math.max(1, journal.syncs)).toFixed(1).padStart(5)} per sync  ` +
    `latency p50 ${p.p50.toFixed(2)} p99 ${p.p99.toFixed(2)} ms`
  );
}

for (const durable of [true, false]) {
  for (const concurrency of [1, 10, 50]) console.log(await run(concurrency, durable));
}
