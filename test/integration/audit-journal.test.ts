import fs from 'node:fs';
import { appendFile, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { auctionDir, JOURNAL_FILE, LineIndex, readJournal } from '../../main/host/journal';
import type { GavelClient } from '../../renderer/lib/gavel-client';
import type { AuctionEvent } from '../../shared/auction/events';
import { toPublicEvent } from '../../shared/auction/views';
import type { AuditPage } from '../../shared/protocol/messages';
import { makeConfig } from '../helpers/builders';
import { FakeClock } from '../helpers/fake-clock';
import { startTestHost, type TestHost } from '../helpers/host';

/**
 * A host with a journal reads its audit pages back from the file instead of
 * keeping every event in memory (journal.ts, `readEvents`). What the
 * auctioneer gets must not change: the same pages, byte for byte, as a
 * memory-only host gives for the same commands, private events withheld
 * [PRX6] [ACC2], across a resume and a torn last line; a failed read answers
 * that request with an error and the host goes on.
 */

const hosts: TestHost[] = [];
const dirs: string[] = [];
afterEach(async () => {
  vi.restoreAllMocks();
  for (const t of hosts.splice(0)) await t.close();
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});

const CONFIG = makeConfig({ teams: 3, lots: 4, rules: { gapMs: 0, purse: 1_000_000, squadMax: 4 } });
/** Floor bids in the script: over two of the index's blocks, so pages cross block boundaries. */
const FLOOR_BIDS = LineIndex.BLOCK * 2 + 9;

async function dataDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'gavel-audit-journal-'));
  dirs.push(dir);
  return dir;
}

async function start(dir: string | null, options: { resumeId?: string; clock?: FakeClock } = {}): Promise<TestHost> {
  const t = await startTestHost(CONFIG, {
    dataDir: dir,
    ...options,
    ...(options.resumeId ? { config: undefined } : {}),
  });
  hosts.push(t);
  return t;
}

function ok<T>(ack: { ok: true; data: T } | { ok: false; error: { message: string } }): T {
  if (!ack.ok) throw new Error(ack.error.message);
  return ack.data;
}

/** Commands with a private proxy maximum, a private wish list, and enough bids to cross index blocks. */
async function play(t: TestHost): Promise<void> {
  const admin = await t.admin();
  const t1 = await t.team('T1');
  const t2 = await t.team('T2');
  ok(await admin.send('auction:start', {}));
  ok(await t1.send('proxy:set', { lotId: 'L1', max: 437 }));
  ok(await t2.placeBid('L1', 200, 'first'));
  for (let i = 0; i < FLOOR_BIDS; i++) {
    ok(
      await admin.send('bid:floor', { bidId: `f${i}`, lotId: 'L1', teamId: i % 2 ? 'T2' : 'T3', amount: 500 + i * 10 }),
    );
  }
  ok(await admin.send('lot:hammer', {}));
  ok(await admin.send('lot:skip', {}));
  ok(await t1.send('wishlist:set', { lotIds: ['L2'] }));
  ok(await admin.send('purse:adjust', { teamId: 'T3', delta: 50, reason: 'late fee waived' }));
}

/** Every page with `limit` from seq 1, as the acks' JSON with the auction id made neutral. */
async function pagesJson(t: TestHost, admin: GavelClient, limit: number): Promise<string[]> {
  const out: string[] = [];
  let fromSeq: number | null = 1;
  for (let pages = 0; fromSeq !== null && pages < 1_000; pages++) {
    const page: AuditPage = ok(await admin.readAudit({ fromSeq, limit }));
    out.push(JSON.stringify(page).replaceAll(t.host.auctionId, 'AUCTION'));
    fromSeq = page.nextSeq;
  }
  // Past the end, as today: no events, no next page.
  out.push(JSON.stringify(ok(await admin.readAudit({ fromSeq: t.host.room.state.seq + 5, limit }))));
  return out;
}

function expectGapFree(pages: string[], lastSeq: number): void {
  const events = pages.flatMap((p) => (JSON.parse(p) as AuditPage).events);
  expect(events.map((e) => e.seq)).toEqual(Array.from({ length: lastSeq }, (_, i) => i + 1));
}

async function journalEvents(dir: string, auctionId: string): Promise<AuctionEvent[]> {
  return (await readJournal(join(auctionDir(dir, auctionId), JOURNAL_FILE))).events;
}

describe('audit:page read back from the journal', () => {
  it('gives the pages a memory-only host gives for the same commands, private events withheld', async () => {
    const dir = await dataDir();
    const memory = await start(null);
    const durable = await start(dir);
    await play(memory);
    await play(durable);
    const seq = memory.host.room.state.seq;
    expect(durable.host.room.state.seq).toBe(seq);
    const memoryAdmin = await memory.admin();
    const durableAdmin = await durable.admin();
    for (const limit of [1, 7, LineIndex.BLOCK, 500]) {
      const fromMemory = await pagesJson(memory, memoryAdmin, limit);
      expect(await pagesJson(durable, durableAdmin, limit)).toEqual(fromMemory);
      expectGapFree(fromMemory.slice(0, -1), seq);
    }
    // A page starting mid-block and ending mid-block.
    const mid = { fromSeq: LineIndex.BLOCK - 3, limit: LineIndex.BLOCK + 5 };
    expect(JSON.stringify(await durableAdmin.readAudit(mid)).replaceAll(durable.host.auctionId, 'A')).toBe(
      JSON.stringify(await memoryAdmin.readAudit(mid)).replaceAll(memory.host.auctionId, 'A'),
    );
    // The secrets are in the journal, withheld from the pages.
    const whole = JSON.stringify(ok(await durableAdmin.readWholeAudit()));
    const journal = await readFile(join(auctionDir(dir, durable.host.auctionId), JOURNAL_FILE), 'utf8');
    expect(journal).toContain('437');
    expect(journal).toContain('"lotIds":["L2"]');
    expect(whole).not.toContain('437');
    expect(whole).not.toContain('"lotIds":["L2"]');
  });

  /** A played auction, closed, optionally damaged on disk, resumed, and one bid after the restart. */
  async function playRestartAndBid(damage: (journalFile: string) => Promise<void> = async () => undefined) {
    const dir = await dataDir();
    const clock = new FakeClock();
    const first = await start(dir, { clock });
    await play(first);
    const { auctionId } = first.host;
    await first.close();
    hosts.splice(hosts.indexOf(first), 1);
    await damage(join(auctionDir(dir, auctionId), JOURNAL_FILE));

    const second = await start(dir, { resumeId: auctionId, clock });
    const admin = await second.admin();
    ok(await admin.send('auction:resume', {}));
    ok(await admin.send('bid:floor', { bidId: 'after', lotId: 'L3', teamId: 'T2', amount: 100 }));
    const seq = second.host.room.state.seq;
    const expected = (await journalEvents(dir, auctionId)).map(toPublicEvent);
    expect(expected.length).toBe(seq);
    /** The pages of `limit` events: gap-free, and the journal's events as the room saw them. */
    const expectPages = async (limit: number): Promise<void> => {
      const pages = await pagesJson(second, admin, limit);
      expectGapFree(pages.slice(0, -1), seq);
      const events = pages.slice(0, -1).flatMap((p) => (JSON.parse(p) as AuditPage).events);
      expect(JSON.stringify(events)).toBe(JSON.stringify(expected).replaceAll(auctionId, 'AUCTION'));
    };
    return { expectPages };
  }

  it('a resumed host pages the events before the restart and after it, gap-free', async () => {
    const { expectPages } = await playRestartAndBid();
    for (const limit of [5, LineIndex.BLOCK + 1, 500]) await expectPages(limit);
  });

  it('a torn last line cut off at resume does not shift the pages', async () => {
    const { expectPages } = await playRestartAndBid(async (file) => {
      const whole = await readFile(file, 'utf8');
      // A crash mid-write: half of a bid's line, no newline.
      await appendFile(file, '{"seq":' + String(whole.split('\n').length) + ',"type":"bid:acc');
    });
    await expectPages(11);
  });

  it('a failed read answers that request with internal_error, and the host goes on', async () => {
    const logs: string[] = [];
    const t = await startTestHost(CONFIG, { dataDir: await dataDir(), log: (m) => logs.push(m) });
    hosts.push(t);
    await play(t);
    const admin = await t.admin();
    const spy = vi.spyOn(fs, 'read').mockImplementation(((...args: unknown[]) => {
      const callback = args.at(-1) as (err: NodeJS.ErrnoException | null, bytesRead: number) => void;
      const err = Object.assign(new Error('EIO: i/o error, read'), { code: 'EIO' });
      process.nextTick(callback, err, 0);
    }) as unknown as typeof fs.read);
    expect(await admin.readAudit({ fromSeq: 1, limit: 10 })).toEqual({
      ok: false,
      error: expect.objectContaining({
        code: 'internal_error',
        message: 'the audit log could not be read from the journal',
      }) as unknown,
    });
    expect(spy).toHaveBeenCalled();
    expect(logs.some((l) => l.includes('EIO'))).toBe(true);
    // The auction goes on, and the log reads again once the disk does.
    ok(await admin.send('bid:floor', { bidId: 'later', lotId: 'L3', teamId: 'T2', amount: 100 }));
    spy.mockRestore();
    const events = ok(await admin.readWholeAudit());
    expect(events.map((e) => e.seq)).toEqual(Array.from({ length: t.host.room.state.seq }, (_, i) => i + 1));
  });
});
