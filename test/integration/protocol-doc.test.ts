import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
// The bot in docs/PROTOCOL.md's folder is plain JavaScript written from the document alone.
// @ts-expect-error: an untyped .mjs example
import { startBot } from '../../docs/examples/bidding-bot.mjs';
import { startHost, type HostHandle } from '../../main/host/host-server';
import { DEFAULT_RATE_LIMITS } from '../../main/host/rate-limit';
import { connectGavel, type GavelClient } from '../../renderer/lib/gavel-client';
import type { AuctionState } from '../../shared/auction/types';
import { makeConfig } from '../helpers/builders';
import { FakeClock } from '../helpers/fake-clock';

interface Bot {
  readonly state: { seq: number; status: string };
  close(): void;
}

let dataDir = '';
let hosts: HostHandle[] = [];
let closers: (() => void)[] = [];
afterEach(async () => {
  for (const close of closers) close();
  closers = [];
  for (const h of hosts) await h.close();
  hosts = [];
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
  dataDir = '';
});

/** Polls `check` between turns of the event loop, bounded by a count of polls (a hang guard, not a speed). */
async function until(check: () => boolean): Promise<void> {
  for (let i = 0; i < 2_000 && !check(); i++) await new Promise((resolve) => setTimeout(resolve, 10));
  expect(check()).toBe(true);
}

const CONFIG = makeConfig({ teams: 2, lots: 4, rules: { lotOpenMs: 10_000, gapMs: 1_000 } });

describe('the example bot from docs/PROTOCOL.md', () => {
  it('plays a whole auction against a real host, across a host restart in the middle', async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'gavel-bot-'));
    const clock = new FakeClock();
    const options = { host: '127.0.0.1', dataDir, clock, rateLimits: DEFAULT_RATE_LIMITS };
    const first = await startHost({ ...options, port: 0, config: CONFIG });
    hosts.push(first);
    const url = `http://127.0.0.1:${first.port}`;
    let host = first;
    const admin: GavelClient = connectGavel({ url, code: first.joinCodes.admin, clockSyncIntervalMs: 0 });
    closers.push(() => admin.close());
    await admin.waitFor((c) => c.state !== null);
    const logs: string[] = [];
    const log = (line: string): void => void logs.push(line);
    const low: Bot = await startBot({ url, code: first.joinCodes.teams['T1'], limit: 150, log });
    closers.push(() => low.close());
    const high: Bot = await startBot({ url, code: first.joinCodes.teams['T2'], limit: 300, log });
    closers.push(() => high.close());
    const room = (): AuctionState => host.room.state;
    expect((await admin.send('auction:start', {})).ok).toBe(true);

    /**
     * One lot: the bots bid each other up until T1's limit, then the clock closes it and the gap
     * runs. Either bot may open (both bid when the lot opens), so the bidding has settled only once
     * T2 leads at 150 or more: T1's next bid would be over its limit.
     */
    const hasSettled = (bid: { teamId: string; amount: number } | undefined): boolean =>
      bid !== undefined && bid.teamId === 'T2' && bid.amount >= 150;
    const playLot = async (): Promise<void> => {
      await admin.waitFor((c) => hasSettled(c.state?.current?.bids.at(-1)), 20_000);
      const lotId = room().current?.lotId;
      await clock.advance(10_300);
      await admin.waitFor((c) => c.state?.sales.some((s) => s.lotId === lotId) === true, 20_000);
      await clock.advance(1_000);
    };

    await playLot();
    await playLot();
    // Mid-auction, a bid on the third lot, then the host goes away and comes back on the same port.
    await admin.waitFor((c) => (c.state?.current?.bids.length ?? 0) > 0, 20_000);
    await first.close();
    hosts = [];
    host = await startHost({ ...options, port: first.port, strictPort: true, resumeId: first.auctionId });
    hosts.push(host);
    // PROTOCOL.md §1: a resumed auction comes back paused; the auctioneer resumes it.
    await admin.waitFor((c) => c.state?.status === 'paused' && c.state.seq === room().seq, 20_000);
    expect(room().status).toBe('paused');
    // The bots are back too (Socket.IO reconnects them) and hold the paused snapshot.
    await until(() => [low, high].every((bot) => bot.state.status === 'paused' && bot.state.seq === room().seq));
    expect((await admin.send('auction:resume', {})).ok).toBe(true);
    await playLot();
    await playLot();
    await admin.waitFor((c) => c.state?.status === 'finished', 20_000);

    // They alternate in steps of 10 from 100; T1 cannot go past 150, so T2 wins every lot, at 150
    // when T1 opened and at 160 when T2 did (T1's 150 answered).
    const sales = room().sales;
    expect(sales.map((s) => [s.lotId, s.teamId])).toEqual([
      ['L1', 'T2'],
      ['L2', 'T2'],
      ['L3', 'T2'],
      ['L4', 'T2'],
    ]);
    for (const sale of sales) expect([150, 160]).toContain(sale.amount);
    expect(logs.some((l) => /L4 sold to T2 for 1[56]0/.test(l))).toBe(true);
    expect(logs.some((l) => l.startsWith('disconnected'))).toBe(true);
    expect(logs).toContain('resumed');
    await until(() => high.state.seq === room().seq && low.state.seq === room().seq);
    expect(high.state.status).toBe('finished');
  });
});
