import { describe, expect, it } from 'vitest';
import type { AuctionEvent } from '../../../shared/auction/events';
import { foldNotice, MAX_NOTICES, noticeFor } from '../../../renderer/lib/bidder-notices';
import { makeRunning, run, sell } from '../../helpers/builders';

describe('the bidder’s notices', () => {
  it('a purse adjustment of ours, with its sign, what is left and the auctioneer’s reason', () => {
    const adjusted = run(makeRunning(), [{ type: 'purse:adjust', teamId: 'T1', delta: -400, reason: 'late list' }]);
    const event = adjusted.events.find((e) => e.type === 'purse:adjusted');
    if (!event) throw new Error('no purse:adjusted event');
    expect(noticeFor(event, adjusted.state, 'T1')).toEqual({
      kind: 'purse',
      tone: 'bad',
      text: 'Purse adjusted −₹4.00 (now ₹6.00 left). Reason: late list',
    });
    expect(noticeFor(event, adjusted.state, 'T2')).toBeNull();
    expect(noticeFor(event, adjusted.state, null)).toBeNull();
  });

  it('a refund reads as good news', () => {
    const event: AuctionEvent = { type: 'purse:adjusted', teamId: 'T1', delta: 250, reason: 'refund', seq: 9, at: 0 };
    expect(noticeFor(event, makeRunning(), 'T1')?.tone).toBe('good');
    expect(noticeFor(event, makeRunning(), 'T1')?.text).toMatch(/^Purse adjusted \+₹2\.50 .*Reason: refund$/);
  });

  it('[AUC7] an undone sale of ours names the lot and the price; another team’s is not ours', () => {
    const sold = run(makeRunning({ rules: { gapMs: 5_000 } }), sell('T1', 300)).state;
    const undone = run(sold, [{ type: 'sale:undo' }]);
    const event = undone.events.find((e) => e.type === 'sale:undone');
    if (!event) throw new Error('no sale:undone event');
    expect(noticeFor(event, undone.state, 'T1')).toEqual({
      kind: 'undo',
      lotId: 'L1',
      tone: 'bad',
      text: 'Sale undone: Lot 1 (₹3.00) is no longer in your squad; the money is back in your purse.',
    });
    expect(noticeFor(event, undone.state, 'T2')).toBeNull();
  });

  it('other events say nothing', () => {
    const event = run(makeRunning(), [{ type: 'auction:pause' }]).events[0];
    if (!event) throw new Error('no event');
    expect(noticeFor(event, makeRunning(), 'T1')).toBeNull();
  });

  it('keeps the newest few; buying an undone lot again ends its undo notice', () => {
    const sold = run(makeRunning({ rules: { gapMs: 5_000 } }), sell('T1', 300)).state;
    const undone = run(sold, [{ type: 'sale:undo' }]);
    const undoEvent = undone.events.find((e) => e.type === 'sale:undone');
    if (!undoEvent) throw new Error('no sale:undone event');
    let notices = foldNotice([], undoEvent, undone.state, 'T1');
    expect(notices.map((n) => n.kind)).toEqual(['undo']);
    for (const delta of [1, 2, 3]) {
      const event: AuctionEvent = { type: 'purse:adjusted', teamId: 'T1', delta, reason: 'r', seq: 9, at: 0 };
      notices = foldNotice(notices, event, undone.state, 'T1');
    }
    expect(notices).toHaveLength(MAX_NOTICES);
    expect(notices[0]?.text).toMatch(/^Purse adjusted \+₹0\.03/);

    const kept = foldNotice([], undoEvent, undone.state, 'T1');
    const soldAgain: AuctionEvent = {
      type: 'lot:sold',
      lotId: 'L1',
      teamId: 'T1',
      amount: 300,
      gapEndsAt: null,
      seq: 20,
      at: 0,
    };
    expect(foldNotice(kept, soldAgain, undone.state, 'T1')).toEqual([]);
    const soldElsewhere: AuctionEvent = { ...soldAgain, teamId: 'T2' };
    expect(foldNotice(kept, soldElsewhere, undone.state, 'T1')).toBe(kept);
  });
});
