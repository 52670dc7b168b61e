import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startHost } from '../../main/host/host-server';
import { readJournal, auctionDir, JOURNAL_FILE } from '../../main/host/journal';
import { connectGavel } from '../../renderer/lib/gavel-client';
import { toPublicEvent } from '../../shared/auction/views';
import type { AuctionEvent } from '../../shared/auction/events';
import { makeConfig } from '../helpers/builders';
import { FakeClock } from '../helpers/fake-clock';
import { startTestHost, type TestHost } from '../helpers/host';

/**
 * The audit log a dispute needs: the auctioneer pages through every event of
 * the auction over the protocol, every bid of every lot (closed ones too)
 * with host time, the floor flag and who caused it, undos and purse
 * adjustments with their reasons.
 */

let t: TestHost | null = null;
afterEach(async () => {
  await t?.close();
  t = null;
});

describe('audit:page', () => {
  it('pages through every event, bids of closed lots included, as the room saw them', async () => {
    t = await startTestHost(makeConfig({ teams: 3, lots: 3, rules: { gapMs: 0 } }));
    const admin = await t.admin();
    const t1 = await t.team('T1');
    const t2 = await t.team('T2');
    expect((await admin.send('auction:start', {})).ok).toBe(true);
    expect((await t1.placeBid('L1', 100, 'mine')).ok).toBe(true);
    expect((await admin.send('bid:floor', { bidId: 'floor-1', lotId: 'L1', teamId: 'T2', amount: 110 })).ok).toBe(true);
    expect((await admin.send('lot:extend', { ms: 5_000 })).ok).toBe(true);
    expect((await admin.send('lot:hammer', {})).ok).toBe(true);
    expect((await t2.placeBid('L2', 100)).ok).toBe(true);
    expect((await admin.send('lot:hammer', {})).ok).toBe(true);
    expect((await admin.send('sale:undo', {})).ok).toBe(true);
    expect((await admin.send('purse:adjust', { teamId: 'T3', delta: 50, reason: 'late fee waived' })).ok).toBe(true);
    // A lot closed by the clock, not the hammer.
    await t.clock.advance(60_000);

    const paged: AuctionEvent[] = [];
    let fromSeq: number | null = 1;
    for (let pages = 0; fromSeq !== null && pages < 100; pages++) {
      const page = await admin.readAudit({ fromSeq, limit: 3 });
      if (!page.ok) throw new Error(page.error.message);
      expect(page.data.events.length).toBeLessThanOrEqual(3);
      paged.push(...page.data.events);
      fromSeq = page.data.nextSeq;
    }
    expect(paged.map((e) => e.seq)).toEqual(paged.map((_, i) => i + 1));
    expect(paged.length).toBe(t.host.room.state.seq);
    const whole = await admin.readWholeAudit();
    expect(whole.ok && whole.data).toEqual(paged);

    const bids = paged.filter((e) => e.type === 'bid:accepted');
    expect(
      bids.map((e) => e.type === 'bid:accepted' && [e.lotId, e.bid.teamId, e.bid.amount, e.bid.floor, e.by]),
    ).toEqual([
      ['L1', 'T1', 100, false, 'team'],
      ['L1', 'T2', 110, true, 'admin'],
      ['L2', 'T2', 100, false, 'team'],
    ]);
    for (const e of bids) expect(e.at).toBeTypeOf('number');
    expect(paged.find((e) => e.type === 'sale:undone')).toMatchObject({ lotId: 'L2', teamId: 'T2', by: 'admin' });
    expect(paged.find((e) => e.type === 'purse:adjusted')).toMatchObject({ reason: 'late fee waived', delta: 50 });
    expect(paged.find((e) => e.type === 'lot:extended')).toMatchObject({ by: 'admin' });
    const closedByClock = paged.filter((e) => (e.type === 'lot:sold' || e.type === 'lot:unsold') && e.by === 'system');
    expect(closedByClock.length).toBeGreaterThan(0);
    // A bidder's own bidId stays its own, even in the auctioneer's audit log.
    expect(JSON.stringify(paged)).not.toContain('mine');
    expect(JSON.stringify(paged)).not.toContain('floor-1');
  });

  it("is the auctioneer's only: a team or a spectator is not_authorized; a bad query is invalid_payload", async () => {
    t = await startTestHost(makeConfig());
    const team = await t.team('T1');
    const spectator = await t.connect('');
    expect(await team.readAudit()).toMatchObject({ ok: false, error: { code: 'not_authorized' } });
    expect(await spectator.readAudit()).toMatchObject({ ok: false, error: { code: 'not_authorized' } });
    const admin = await t.admin();
    expect(await admin.readAudit({ limit: 10_000 })).toMatchObject({ ok: false, error: { code: 'invalid_payload' } });
    expect(await admin.readAudit({ fromSeq: 0 })).toMatchObject({ ok: false, error: { code: 'invalid_payload' } });
    expect(await admin.readAudit({ fromSeq: 999 })).toEqual({
      ok: true,
      data: { events: [], nextSeq: null, lastSeq: 1 },
    });
  });

  it("a resumed host has the whole log, the journal's events before the crash included", async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'gavel-audit-'));
    const clock = new FakeClock();
    const first = await startHost({ port: 0, host: '127.0.0.1', dataDir, config: makeConfig(), clock });
    const url = (port: number): string => `http://127.0.0.1:${port}`;
    const admin = connectGavel({ url: url(first.port), code: first.joinCodes.admin, clockSyncIntervalMs: 0 });
    const team = connectGavel({
      url: url(first.port),
      code: first.joinCodes.teams['T1'] ?? '',
      clockSyncIntervalMs: 0,
    });
    try {
      await admin.waitFor((c) => c.state !== null);
      await team.waitFor((c) => c.state !== null);
      expect((await admin.send('auction:start', {})).ok).toBe(true);
      expect((await team.placeBid('L1', 100)).ok).toBe(true);
      admin.close();
      team.close();
      await first.close();
      const second = await startHost({ port: 0, host: '127.0.0.1', dataDir, resumeId: first.auctionId, clock });
      const admin2 = connectGavel({ url: url(second.port), code: first.joinCodes.admin, clockSyncIntervalMs: 0 });
      try {
        await admin2.waitFor((c) => c.state !== null);
        const whole = await admin2.readWholeAudit();
        const { events } = await readJournal(join(auctionDir(dataDir, first.auctionId), JOURNAL_FILE));
        expect(whole.ok && whole.data).toEqual(events.map(toPublicEvent));
        expect(whole.ok && whole.data.at(-1)?.type).toBe('auction:paused');
      } finally {
        admin2.close();
        await second.close();
      }
    } finally {
      admin.close();
      team.close();
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
