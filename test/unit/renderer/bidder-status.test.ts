import { describe, expect, it } from 'vitest';
import type { AuctionState, TeamId } from '../../../shared/auction/types';
import { readBidderStatus } from '../../../renderer/lib/bidder-status';
import type { ClosedLot } from '../../../renderer/lib/connection.svelte';
import { bid, makeRunning, makeSetup, run, sell, T0 } from '../../helpers/builders';

/** The SOLD / UNSOLD moment a page keeps after a close, as the connection tracks it. */
function soldTo(teamId: TeamId, lotId = 'L1', amount = 100): ClosedLot {
  return { lotId, teamId, amount, at: T0 };
}
function unsoldLot(lotId = 'L1'): ClosedLot {
  return { lotId, teamId: null, amount: 0, at: T0 };
}

const kindOf = (state: AuctionState, teamId: TeamId | null, closed: ClosedLot | null = null): string =>
  readBidderStatus(state, teamId, closed).kind;

describe('readBidderStatus', () => {
  it('waiting: before the start', () => {
    const { state } = makeSetup();
    expect(readBidderStatus(state, 'T1', null)).toEqual({ kind: 'waiting', isPaused: false });
  });

  it('open: a lot is open and this team has not bid, or nobody has', () => {
    const state = makeRunning();
    expect(kindOf(state, 'T1')).toBe('open');
    const bidOn = run(state, [bid('T1', 100)]).state;
    expect(kindOf(bidOn, 'T2')).toBe('open');
  });

  it('open: a page with no team (a spectator) never leads nor is outbid', () => {
    const state = run(makeRunning(), [bid('T1', 100)]).state;
    expect(kindOf(state, null)).toBe('open');
  });

  it('leading: this team holds the high bid', () => {
    const state = run(makeRunning(), [bid('T1', 100), bid('T2', 110), bid('T1', 120)]).state;
    expect(kindOf(state, 'T1')).toBe('leading');
  });

  it('outbid: this team bid on the lot and another team now leads', () => {
    const state = run(makeRunning(), [bid('T1', 100), bid('T2', 110)]).state;
    expect(kindOf(state, 'T1')).toBe('outbid');
    expect(kindOf(state, 'T2')).toBe('leading');
    expect(kindOf(state, 'T3')).toBe('open');
  });

  it('sold-to-you and sold-to-other: between lots, after a sale', () => {
    const state = run(makeRunning(), sell('T1', 100)).state;
    expect(state.phase).toBe('gap');
    const closed = soldTo('T1');
    expect(kindOf(state, 'T1', closed)).toBe('sold-to-you');
    expect(kindOf(state, 'T2', closed)).toBe('sold-to-other');
    expect(kindOf(state, null, closed)).toBe('sold-to-other');
  });

  it('unsold: between lots, after a lot nobody bought', () => {
    const state = run(makeRunning(), [{ type: 'lot:skip' }]).state;
    expect(kindOf(state, 'T1', unsoldLot())).toBe('unsold');
  });

  it('waiting: in the gap when the page did not see the close (nothing to show)', () => {
    const state = run(makeRunning(), [{ type: 'lot:skip' }]).state;
    expect(kindOf(state, 'T1', null)).toBe('waiting');
  });

  it('an open lot outranks the last lot’s SOLD moment', () => {
    const afterSale = run(makeRunning(), sell('T1', 100)).state;
    const closed = soldTo('T1');
    const nextOpen = run(afterSale, [{ type: 'clock:tick' }], T0 + afterSale.config.rules.gapMs).state;
    expect(nextOpen.phase).toBe('open');
    expect(kindOf(nextOpen, 'T1', closed)).toBe('open');
  });

  it('paused: the status under the pause stays, flagged as paused', () => {
    const leading = run(makeRunning(), [bid('T1', 100), { type: 'auction:pause' }]).state;
    expect(readBidderStatus(leading, 'T1', null)).toEqual({ kind: 'leading', isPaused: true });
    expect(readBidderStatus(leading, 'T2', null)).toEqual({ kind: 'open', isPaused: true });
    const inGap = run(makeRunning(), [{ type: 'lot:skip' }, { type: 'auction:pause' }]).state;
    expect(readBidderStatus(inGap, 'T1', unsoldLot())).toEqual({ kind: 'unsold', isPaused: true });
  });

  it('finished: the end outranks the last lot’s SOLD moment (the banner names that lot in its detail)', () => {
    const state = run(makeRunning({ lots: 1 }), sell('T2', 100)).state;
    expect(state.status).toBe('finished');
    expect(kindOf(state, 'T2', soldTo('T2'))).toBe('finished');
    expect(kindOf(state, 'T1', soldTo('T2'))).toBe('finished');
    expect(readBidderStatus(state, 'T1', null)).toEqual({ kind: 'finished', isPaused: false });
  });

  it('cannot-bid: the squad is full, so not even the next valid bid would count; never "open"', () => {
    const full = run(makeRunning({ lots: 3, rules: { squadMax: 1, gapMs: 0 } }), sell('T1', 100)).state;
    expect(full.current?.lotId).toBe('L2');
    expect(kindOf(full, 'T1')).toBe('cannot-bid');
    expect(kindOf(full, 'T2')).toBe('open');
    expect(kindOf(full, null)).toBe('open');
  });

  it('cannot-bid: over the max bid; a pause or a lead is not the team’s own reason', () => {
    const poor = makeRunning({ rules: { purse: 50 } });
    expect(kindOf(poor, 'T1')).toBe('cannot-bid');
    const paused = run(makeRunning(), [{ type: 'auction:pause' }]).state;
    expect(readBidderStatus(paused, 'T1', null)).toEqual({ kind: 'open', isPaused: true });
  });

  it('cannot-bid while paused: a full squad is the team’s own reason, and the pause does not hide it', () => {
    const full = run(makeRunning({ lots: 3, rules: { squadMax: 1, gapMs: 0 } }), sell('T1', 100)).state;
    const paused = run(full, [{ type: 'auction:pause' }]).state;
    expect(readBidderStatus(paused, 'T1', null)).toEqual({ kind: 'cannot-bid', isPaused: true });
    expect(readBidderStatus(paused, 'T2', null)).toEqual({ kind: 'open', isPaused: true });
  });

  describe('nominate mode [ORD3]', () => {
    const nominate = { order: { mode: 'nominate', nominateMs: 30_000 } } as const;

    it('your-nomination for the team on turn, nominating for everyone else', () => {
      const state = makeRunning({ rules: nominate });
      expect(state.phase).toBe('nominating');
      expect(state.nominator).toBe('T1');
      expect(kindOf(state, 'T1')).toBe('your-nomination');
      expect(kindOf(state, 'T2')).toBe('nominating');
      expect(kindOf(state, null)).toBe('nominating');
    });

    it('stays on the turn while paused', () => {
      const state = run(makeRunning({ rules: nominate }), [{ type: 'auction:pause' }]).state;
      expect(readBidderStatus(state, 'T1', null)).toEqual({ kind: 'your-nomination', isPaused: true });
    });
  });
});
