import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { startHost } from '../../main/host/host-server';
import { JOURNAL_FILE } from '../../main/host/journal';
import { connectGavel } from '../../renderer/lib/gavel-client';
import { makeConfig } from '../helpers/builders';
import { FakeClock } from '../helpers/fake-clock';
import { failFsyncs, holdFsyncs, settledNow } from '../helpers/fsync';
import { startTestHost, type TestHost } from '../helpers/host';

/**
 * What the room sees and what a bidder is promised, against a slow and a
 * failing disk. The host is real, with its journal on a real file; only the
 * file's fsync is held back or made to fail.
 */

let dataDir = '';
let t: TestHost | null = null;
beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'gavel-durability-'));
});
afterEach(async () => {
  vi.restoreAllMocks();
  await t?.close();
  t = null;
  await rm(dataDir, { recursive: true, force: true });
});

async function runningAuction(): Promise<TestHost> {
  t = await startTestHost(makeConfig({ teams: 2, lots: 2 }), { dataDir });
  const admin = await t.admin();
  expect((await admin.send('auction:start', {})).ok).toBe(true);
  return t;
}

function journalLines(host: TestHost): Promise<string> {
  return readFile(join(dataDir, host.host.auctionId, JOURNAL_FILE), 'utf8');
}

describe('durability', () => {
  it('broadcasts a bid once it is in the journal file, and acks it only once fsync has it on disk', async () => {
    const host = await runningAuction();
    const rival = await host.team('T2');
    const bidder = await host.team('T1');
    const fsync = holdFsyncs();

    const ack = bidder.placeBid('L1', 100, 'slow-disk-1');
    await rival.waitFor((c) => c.state?.current?.bids.at(-1)?.teamId === 'T1');
    expect(await journalLines(host)).toContain('"bidId":"slow-disk-1"');
    expect(await settledNow({ ack }), 'the ack waits for the disk').toEqual([]);

    fsync.release();
    const answer = await ack;
    expect(answer.ok && answer.data.bid.amount).toBe(100);
  });

  it('sends the broadcast of a bid before it asks for the fsync', async () => {
    const host = await runningAuction();
    const bidder = await host.team('T1');
    const fsync = holdFsyncs();
    const io = host.host.io;
    const emit = io.emit.bind(io) as (event: string, ...args: unknown[]) => boolean;
    const fsyncsAtBroadcast: number[] = [];
    vi.spyOn(io, 'emit').mockImplementation(((event: string, ...args: unknown[]) => {
      if (event === 'bid:accepted') fsyncsAtBroadcast.push(fsync.calls());
      return emit(event, ...args);
    }) as typeof io.emit);

    const ack = bidder.placeBid('L1', 100, 'broadcast-first-1');
    try {
      await vi.waitFor(() => expect(fsync.calls()).toBe(1));
      expect(fsyncsAtBroadcast).toEqual([0]);
    } finally {
      fsync.release();
    }
    expect((await ack).ok).toBe(true);
  });

  it('stops the auction when fsync fails: the bid is never acked and later commands are refused', async () => {
    const host = await runningAuction();
    const rival = await host.team('T2');
    const bidder = await host.team('T1');
    failFsyncs(Object.assign(new Error('EIO: i/o error'), { code: 'EIO' }));

    const answer = await bidder.placeBid('L1', 100, 'failed-disk-1');
    expect(answer.ok).toBe(false);
    expect(!answer.ok && answer.error.code).toBe('internal_error');
    expect(!answer.ok && answer.error.message).toMatch(/could not write its journal/);
    const later = await rival.placeBid('L1', 110);
    expect(!later.ok && later.error.code).toBe('internal_error');
    expect(host.host.room.state.current?.bids.map((b) => b.amount)).toEqual([100]);
  });

  it("after a power cut lost the last broadcast events, clients take the resumed host's state, though it is older", async () => {
    const clock = new FakeClock();
    const first = await startHost({
      port: 0,
      host: '127.0.0.1',
      config: makeConfig({ teams: 2, lots: 2 }),
      dataDir,
      clock,
    });
    const url = `http://127.0.0.1:${first.port}`;
    const fast = { reconnectionDelay: 20, reconnectionDelayMax: 50 };
    const admin = connectGavel({ url, code: first.joinCodes.admin, clockSyncIntervalMs: 0, socketOptions: fast });
    const team = connectGavel({ url, code: first.joinCodes.teams['T1']!, clockSyncIntervalMs: 0, socketOptions: fast });
    const watcher = connectGavel({ url, code: '', clockSyncIntervalMs: 0, socketOptions: fast });
    try {
      await Promise.all([admin, team, watcher].map((c) => c.waitFor((x) => x.state !== null)));
      expect((await admin.send('auction:start', {})).ok).toBe(true);
      expect((await team.placeBid('L1', 100)).ok).toBe(true);
      const floor = { bidId: 'floor-1', lotId: 'L1', teamId: 'T2', amount: 110 };
      expect((await admin.send('bid:floor', floor)).ok).toBe(true);
      await watcher.waitFor((c) => c.state?.current?.bids.length === 2);
      const seenSeq = watcher.state!.seq;
      await first.close();

      // The last two lines were written and broadcast, but a power cut came before their fsync (so
      // neither was acked; here they were, as the host was shut down cleanly to stand in for it).
      const file = join(dataDir, first.auctionId, JOURNAL_FILE);
      const lines = (await readFile(file, 'utf8')).trimEnd().split('\n');
      expect(lines.slice(-2).every((l) => l.includes('"type":"bid:accepted"'))).toBe(true);
      await writeFile(file, lines.slice(0, -2).join('\n') + '\n');

      const second = await startHost({
        port: first.port,
        host: '127.0.0.1',
        resumeId: first.auctionId,
        dataDir,
        clock,
      });
      try {
        const hostSeq = second.room.state.seq;
        expect(hostSeq).toBe(seenSeq - 1); // the resume's pause took the first lost event's number
        await watcher.waitFor((c) => c.state?.seq === hostSeq && c.state.status === 'paused');
        expect(watcher.state).toEqual(second.room.publishedState);
        await admin.waitFor((c) => c.state?.seq === hostSeq);

        // And the auction goes on from there for everyone.
        expect((await admin.send('auction:resume', {})).ok).toBe(true);
        expect((await team.placeBid('L1', 100)).ok).toBe(true);
        await watcher.waitFor((c) => c.state?.current?.bids.length === 1 && c.state.seq === second.room.state.seq);
        expect(watcher.state).toEqual(second.room.publishedState);
      } finally {
        await second.close();
      }
    } finally {
      for (const c of [admin, team, watcher]) c.close();
    }
  });
});
