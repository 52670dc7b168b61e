import { appendFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { apply, createAuction, replay } from '../../../shared/auction/engine';
import type { AuctionEvent } from '../../../shared/auction/events';
import {
  Journal,
  JournalCorruptError,
  JournalReadError,
  LineIndex,
  listAuctions,
  readJournal,
} from '../../../main/host/journal';
import { ADMIN, makeConfig, teamActor } from '../../helpers/builders';
import { failFsyncs, holdFsyncs, settledNow } from '../../helpers/fsync';

let dir = '';
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'gavel-journal-'));
});
afterEach(async () => {
  vi.restoreAllMocks();
  await rm(dir, { recursive: true, force: true });
});

/** A few real events: created, started, opened, two bids. */
function someEvents(): AuctionEvent[] {
  const created = createAuction('a1', makeConfig({ teams: 2, lots: 2 }), 1000);
  const events = [...created.events];
  let state = created.state;
  const steps = [
    { command: { type: 'auction:start' } as const, actor: ADMIN },
    { command: { type: 'bid:place', bidId: 'b1', lotId: 'L1', amount: 100 } as const, actor: teamActor('T1') },
    { command: { type: 'bid:place', bidId: 'b2', lotId: 'L1', amount: 110 } as const, actor: teamActor('T2') },
  ];
  for (const { command, actor } of steps) {
    const r = apply(state, command, { now: 2000, actor });
    if (!r.ok) throw new Error(r.error.message);
    state = r.state;
    events.push(...r.events);
  }
  return events;
}

describe('journal', () => {
  it('writes events as JSONL and reads them back to the same state', async () => {
    const file = join(dir, 'journal.jsonl');
    const events = someEvents();
    const journal = await Journal.openForAppend(file);
    await journal.append(events.slice(0, 2)).durable;
    await journal.append(events.slice(2)).durable;
    await journal.close();
    const text = await readFile(file, 'utf8');
    expect(text.trim().split('\n')).toHaveLength(events.length);
    const read = await readJournal(file);
    expect(read.droppedTornLine).toBe(false);
    expect(replay(read.events)).toEqual(replay(events));
  });

  it('groups the appends of one tick into one fsync', async () => {
    const journal = await Journal.openForAppend(join(dir, 'journal.jsonl'));
    const events = someEvents();
    await Promise.all(events.map((e) => journal.append([e]).durable));
    expect(journal.syncs).toBe(1);
    await journal.close();
  });

  it('asks for the fsync only after the continuations of `written` have run', async () => {
    const fsync = holdFsyncs();
    const journal = await Journal.openForAppend(join(dir, 'journal.jsonl'));
    const appended = journal.append(someEvents());
    // A chain of continuations several hops long, as the room's broadcast is.
    const fsyncsBeforeTheBroadcast = await appended.written
      .then(() => Promise.resolve())
      .then(async () => {
        await null;
        return fsync.calls();
      });
    expect(fsyncsBeforeTheBroadcast).toBe(0);
    await vi.waitFor(() => expect(fsync.calls()).toBe(1));
    fsync.release();
    await appended.durable;
    expect(journal.syncs).toBe(1);
    await journal.close();
  });

  it('writes the next batch while an fsync is in flight, and resolves durable only after its fsync', async () => {
    const file = join(dir, 'journal.jsonl');
    const events = someEvents();
    const fsync = holdFsyncs();
    const journal = await Journal.openForAppend(file);
    const first = journal.append(events.slice(0, 2));
    await first.written;
    const second = journal.append(events.slice(2));
    await second.written; // not held back by the first batch's fsync
    expect((await readFile(file, 'utf8')).trim().split('\n')).toHaveLength(events.length);
    expect(await settledNow({ first: first.durable, second: second.durable }), 'no durable before its fsync').toEqual(
      [],
    );
    expect(fsync.calls()).toBe(1); // the second batch waits for the fsync in flight, then shares the next
    fsync.release();
    await Promise.all([first.durable, second.durable]);
    expect(journal.syncs).toBe(2);
    await journal.close();
  });

  it('after a failed fsync rejects every unsynced append and refuses new ones', async () => {
    failFsyncs(Object.assign(new Error('EIO: i/o error, fdatasync'), { code: 'EIO' }));
    const journal = await Journal.openForAppend(join(dir, 'journal.jsonl'));
    const events = someEvents();
    const first = journal.append(events.slice(0, 2));
    await first.written; // in the file, so it could be broadcast; never acked
    await expect(first.durable).rejects.toThrow(/EIO/);
    const later = journal.append(events.slice(2));
    await expect(later.written).rejects.toThrow(/EIO/);
    await expect(later.durable).rejects.toThrow(/EIO/);
    await journal.close();
  });

  // /dev/full takes the open and fails every write with ENOSPC: a full disk, for real.
  it.skipIf(!existsSync('/dev/full'))('after a failed write rejects both stages', async () => {
    const journal = await Journal.openForAppend('/dev/full');
    const appended = journal.append(someEvents());
    await expect(appended.written).rejects.toThrow(/ENOSPC/);
    await expect(appended.durable).rejects.toThrow(/ENOSPC/);
    expect(journal.syncs).toBe(0);
    await expect(journal.append(someEvents()).written).rejects.toThrow(/ENOSPC/);
    await journal.close();
  });

  it('drops a torn last line (a crash mid-write) and truncates the file to the last whole event', async () => {
    const file = join(dir, 'journal.jsonl');
    const events = someEvents();
    await writeFile(file, events.map((e) => JSON.stringify(e) + '\n').join(''));
    const whole = await readFile(file, 'utf8');
    await appendFile(file, JSON.stringify({ ...events[1], seq: events.length + 1 }).slice(0, 25));
    const read = await readJournal(file);
    expect(read.droppedTornLine).toBe(true);
    expect(read.events).toHaveLength(events.length);
    expect(await readFile(file, 'utf8')).toBe(whole);
  });

  it('stops at a corrupt line in the middle with an error naming the line, and overwrites nothing', async () => {
    const file = join(dir, 'journal.jsonl');
    const lines = someEvents().map((e) => JSON.stringify(e));
    lines[2] = '{"seq": 3, "type": "bid:acc';
    const text = lines.join('\n') + '\n';
    await writeFile(file, text);
    await expect(readJournal(file)).rejects.toThrow(JournalCorruptError);
    await expect(readJournal(file)).rejects.toThrow(/line 3 is corrupt/);
    expect(await readFile(file, 'utf8')).toBe(text);
  });

  it('refuses a journal whose seq jumps, naming the line', async () => {
    const file = join(dir, 'journal.jsonl');
    const events = someEvents();
    events.splice(1, 1);
    await writeFile(file, events.map((e) => JSON.stringify(e) + '\n').join(''));
    await expect(readJournal(file)).rejects.toThrow(/line 2 is corrupt \(expected event seq 2\)/);
  });

  it('reads back any run of written events, across its index blocks and a resume, as readJournal does', async () => {
    const file = join(dir, 'journal.jsonl');
    const created = createAuction('a1', makeConfig({ teams: 2, lots: 2 }), 1000);
    // Events past three blocks, a name with multi-byte characters among them (offsets are bytes).
    const events: AuctionEvent[] = [...created.events];
    while (events.length < LineIndex.BLOCK * 3 + 5) {
      events.push({
        ...(events[0] as AuctionEvent),
        seq: events.length + 1,
        auctionId: 'ü€𝄞'.repeat(events.length % 4),
      } as AuctionEvent);
    }
    const journal = await Journal.openForAppend(file);
    await journal.append(events.slice(0, 100)).written;
    await journal.append(events.slice(100)).durable;
    expect(journal.writtenEvents).toBe(events.length);
    const runs: [number, number][] = [
      [1, 1],
      [1, events.length],
      [LineIndex.BLOCK, 2],
      [LineIndex.BLOCK + 1, LineIndex.BLOCK],
      [63, 130],
      [events.length, 1],
    ];
    for (const [fromSeq, count] of runs) {
      expect(await journal.readEvents(fromSeq, count)).toEqual(events.slice(fromSeq - 1, fromSeq - 1 + count));
    }
    await expect(journal.readEvents(events.length, 2)).rejects.toBeInstanceOf(JournalReadError);
    await expect(journal.readEvents(0, 1)).rejects.toBeInstanceOf(JournalReadError);
    await journal.close();

    const { index } = await readJournal(file);
    const resumed = await Journal.openForAppend(file, { index });
    for (const [fromSeq, count] of runs) {
      expect(await resumed.readEvents(fromSeq, count)).toEqual(events.slice(fromSeq - 1, fromSeq - 1 + count));
    }
    await resumed.close();
  });

  it('lists auctions with their names, newest first', async () => {
    for (const id of ['a1', 'a2']) {
      const events = someEvents();
      await mkdir(join(dir, id));
      await writeFile(join(dir, id, 'journal.jsonl'), events.map((e) => JSON.stringify(e) + '\n').join(''));
    }
    const list = await listAuctions(dir);
    expect(list.map((a) => a.id).sort()).toEqual(['a1', 'a2']);
    expect(list[0]!.name).toBe('Test league');
    expect(list[0]!.status).toBe('running');
  });
});
