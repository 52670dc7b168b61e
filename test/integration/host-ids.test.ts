import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { makeCredentials } from '../../main/host/credentials';
import { startHost } from '../../main/host/host-server';
import { auctionDir, JOURNAL_FILE, writeCredentials } from '../../main/host/journal';
import { connectGavel } from '../../renderer/lib/gavel-client';
import type { AuctionEvent } from '../../shared/auction/events';
import { bid, makeConfig, makeRunningWithEvents, run } from '../helpers/builders';
import { FakeClock } from '../helpers/fake-clock';
import { startTestHost, type TestHost } from '../helpers/host';

/**
 * Identifiers the host owns. A client's `bidId` is its own idempotency key:
 * two teams may pick the same one, and neither may see the other's. Every
 * bid the room sees carries an id the host assigned, unique in the auction,
 * so a screen can key its lists by it.
 */

let t: TestHost | null = null;
afterEach(async () => {
  await t?.close();
  t = null;
});

describe("bid ids: the host assigns them, a client's bidId stays its own", () => {
  it('two teams reusing one bidId are both accepted, with distinct host ids, and nobody else sees the bidId', async () => {
    t = await startTestHost(makeConfig({ teams: 3, lots: 2 }));
    const admin = await t.admin();
    const watcher = await t.team('T3');
    const seen: AuctionEvent[] = [];
    watcher.subscribe((change) => {
      if (change.kind === 'event') seen.push(change.event);
    });
    expect((await admin.send('auction:start', {})).ok).toBe(true);
    const t1 = await t.team('T1');
    const t2 = await t.team('T2');
    const first = await t1.placeBid('L1', 100, 'same-id');
    const second = await t2.placeBid('L1', 110, 'same-id');
    expect(first.ok && second.ok).toBe(true);
    if (!first.ok || !second.ok) return;
    // Each sender gets its own request id back in its ack, and the host's id beside it.
    expect(first.data.bidId).toBe('same-id');
    expect(second.data.bidId).toBe('same-id');
    expect(typeof first.data.bid.id).toBe('number');
    expect(first.data.bid.id).not.toBe(second.data.bid.id);

    await watcher.waitFor((c) => (c.state?.current?.bids.length ?? 0) === 2);
    const ids = watcher.state?.current?.bids.map((b) => b.id) ?? [];
    expect(new Set(ids).size).toBe(2);
    // The room never sees a client's request id: not in a broadcast, not in a snapshot.
    const snapshot = await watcher.send('snapshot:get' as never, {} as never);
    expect(JSON.stringify(seen)).not.toContain('same-id');
    expect(JSON.stringify(snapshot)).not.toContain('same-id');

    // A retry from the same team still gets its first answer; the other team's key is separate.
    const retry = await t1.placeBid('L1', 100, 'same-id');
    expect(retry).toEqual(first);
  });

  it('sales carry the host id of their lot:sold event', async () => {
    t = await startTestHost(makeConfig({ teams: 2, lots: 2, rules: { gapMs: 0 } }));
    const admin = await t.admin();
    expect((await admin.send('auction:start', {})).ok).toBe(true);
    const t1 = await t.team('T1');
    expect((await t1.placeBid('L1', 100)).ok).toBe(true);
    expect((await admin.send('lot:hammer', {})).ok).toBe(true);
    const sale = t.host.room.state.sales[0];
    const sold = t.host.room.state.seq - 1; // lot:sold, then lot:opened for L2
    expect(sale?.id).toBe(sold);
  });
});

describe('journals written before host ids', () => {
  it('resume: bids get ids, and a bid retried with its old bidId gets its first answer', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'gavel-legacy-'));
    const config = makeConfig({ teams: 2, lots: 2, rules: { lotOpenMs: 60_000 } });
    const start = makeRunningWithEvents({ teams: 2, lots: 2, rules: { lotOpenMs: 60_000 } });
    const later = run(start.state, [bid('T1', 100, { bidId: 'legacy-1' }), bid('T2', 110, { bidId: 'legacy-1' })]);
    // The shape today's code wrote before this change: the bidder's bidId inside the broadcast bid.
    const legacy = [...start.events, ...later.events].map((event) => {
      if (event.type !== 'bid:accepted') return event;
      const { id: _id, ...fields } = event.bid;
      const { bidId, ...rest } = event;
      return { ...rest, bid: { bidId, ...fields } };
    });
    const auctionId = (start.events[0] as AuctionEvent & { auctionId: string }).auctionId;
    const dir = auctionDir(dataDir, auctionId);
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, JOURNAL_FILE), legacy.map((e) => JSON.stringify(e) + '\n').join(''));
    const credentials = makeCredentials(config.teams.map((team) => team.id));
    await writeCredentials(dir, credentials);

    const clock = new FakeClock();
    const host = await startHost({ port: 0, host: '127.0.0.1', resumeId: auctionId, dataDir, clock });
    const client = connectGavel({
      url: `http://127.0.0.1:${host.port}`,
      code: credentials.teams['T1'] ?? '',
      clockSyncIntervalMs: 0,
      socketOptions: { reconnection: false },
    });
    try {
      await client.waitFor((c) => c.state !== null);
      const bids = host.room.state.current?.bids ?? [];
      expect(bids.map((b) => b.id)).toEqual([start.state.seq + 1, start.state.seq + 2]);
      expect(JSON.stringify(client.state)).not.toContain('legacy-1');
      const retried = await client.placeBid('L1', 100, 'legacy-1');
      expect(retried).toEqual({ ok: true, data: { seq: start.state.seq + 1, bid: bids[0], bidId: 'legacy-1' } });
    } finally {
      client.close();
      await host.close();
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
