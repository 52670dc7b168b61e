import { describe, expect, it } from 'vitest';
import type { AuctionState, TeamId } from '../../../shared/auction/types';
import { bannerDetail, readBanner } from '../../../renderer/lib/bidder-banner';
import { readBidderStatus } from '../../../renderer/lib/bidder-status';
import type { ClosedLot } from '../../../renderer/lib/connection.svelte';
import { readQuotas, readSquad } from '../../../renderer/lib/team-card';
import { bid, makeLot, makeRunning, makeSetup, run, sell, T0 } from '../../helpers/builders';

const nameOf = (teamId: TeamId | null): string => (teamId ? `Team ${teamId.slice(1)}` : '—');

function words(state: AuctionState, teamId: TeamId | null, closed: ClosedLot | null = null): [string, string, string] {
  const status = readBidderStatus(state, teamId, closed);
  const banner = readBanner(status);
  return [banner.tone, banner.title, bannerDetail(status, state, closed, nameOf)];
}

describe('the bidder banner', () => {
  it('waiting before the start asks the team to stay', () => {
    expect(words(makeSetup().state, 'T1')).toEqual([
      'neutral',
      'Waiting for the next lot',
      'The auctioneer has not started yet. Stay on this page.',
    ]);
  });

  it('open, leading and outbid say who bid what', () => {
    const open = makeRunning();
    expect(words(open, 'T1')).toEqual(['info', 'Bidding is open', 'No bids yet. Be the first.']);
    const bidOn = run(open, [bid('T1', 100), bid('T2', 110)]).state;
    expect(words(bidOn, 'T3')).toEqual(['info', 'Bidding is open', 'Team 2 leads with ₹1.10.']);
    expect(words(bidOn, 'T2')).toEqual(['good', 'You are the highest bidder', 'Your ₹1.10 leads.']);
    expect(words(bidOn, 'T1')).toEqual(['bad', 'You have been outbid', 'Team 2 bid ₹1.10.']);
  });

  it('an open lot reads as paused while the auction is paused', () => {
    const paused = run(makeRunning(), [{ type: 'auction:pause' }]).state;
    expect(words(paused, 'T1')).toEqual([
      'neutral',
      'Bidding is paused',
      'No bids yet. Bidding reopens when the auctioneer resumes.',
    ]);
  });

  it('paused with a full squad: the team’s own reason, never an invitation to bid', () => {
    const full = run(makeRunning({ lots: 3, rules: { squadMax: 1, gapMs: 0 } }), sell('T1', 100)).state;
    const paused = run(full, [{ type: 'auction:pause' }]).state;
    const status = readBidderStatus(paused, 'T1', null);
    expect(readBanner(status)).toEqual({ tone: 'neutral', title: 'You cannot bid on this one' });
    expect(bannerDetail(status, paused, null, nameOf, 'T1')).toBe('Your squad is full (1 of 1).');
  });

  it('after a close: sold to you, sold to another, unsold', () => {
    const sold = run(makeRunning(), sell('T1', 100)).state;
    const closed: ClosedLot = { lotId: 'L1', teamId: 'T1', amount: 100, at: T0 };
    expect(words(sold, 'T1', closed)).toEqual(['win', 'Sold to you!', 'Lot 1 joins your squad for ₹1.00.']);
    expect(words(sold, 'T2', closed)).toEqual(['neutral', 'Sold', 'Lot 1 to Team 1 for ₹1.00.']);
    const unsold = run(makeRunning(), [{ type: 'lot:skip' }]).state;
    expect(words(unsold, 'T1', { ...closed, teamId: null, amount: 0 })).toEqual([
      'neutral',
      'Unsold',
      'Lot 1 went unsold.',
    ]);
  });

  it('the end, never the last lot’s result, with that result as the detail', () => {
    const state = run(makeRunning({ lots: 1 }), sell('T2', 100)).state;
    const closed: ClosedLot = { lotId: 'L1', teamId: 'T2', amount: 100, at: T0 };
    const [tone, title, detail] = words(state, 'T1', closed);
    expect([tone, title]).toEqual(['neutral', 'The auction is over']);
    expect(detail).toBe('Last up: Lot 1, to Team 2 for ₹1.00. Your squad is below.');
    const mine = bannerDetail(readBidderStatus(state, 'T2', closed), state, closed, nameOf, 'T2');
    expect(mine).toBe('Last up: Lot 1, to you for ₹1.00. Your squad is below.');
  });

  it('cannot-bid: one neutral banner with the team’s own reason, no "Be the first", no "lots"', () => {
    const state = run(makeRunning({ lots: 3, rules: { squadMax: 1, gapMs: 0 } }), sell('T1', 100)).state;
    const status = readBidderStatus(state, 'T1', null);
    expect(readBanner(status)).toEqual({ tone: 'neutral', title: 'You cannot bid on this one' });
    const detail = bannerDetail(status, state, null, nameOf, 'T1');
    expect(detail).toBe('Your squad is full (1 of 1).');
    expect(detail).not.toMatch(/Be the first|\blots?\b/);
  });

  it('nomination: whose turn it is', () => {
    const turn = makeRunning({ rules: { order: { mode: 'nominate', nominateMs: 20_000 } } });
    expect(words(turn, 'T1')).toEqual(['info', 'Your turn to nominate', 'Pick the next lot to put up.']);
    expect(words(turn, 'T2')).toEqual(['neutral', 'Nomination', 'Team 1 is picking the next lot.']);
  });
});

describe('the team card', () => {
  it('[SQD3] [QUO7] lists each quota with what the team holds, full ones marked', () => {
    const lots = [makeLot(1, { category: 'bowl' }), makeLot(2, { category: 'bat' })];
    const quotas = { bowl: { max: 1 }, bat: { max: 2 } };
    const state = run(makeRunning({ lots, rules: { categoryQuotas: quotas } }), sell('T1', 100)).state;
    expect(readQuotas(state, 'T1').map((q) => [q.label, q.text, q.isFull, q.isShort])).toEqual([
      ['bowl', '1/1', true, false],
      ['bat', '0/2', false, false],
    ]);
  });

  it('[QUO7] shows attribute quotas and minimums with their bounds, short ones marked', () => {
    const lots = [makeLot(1, { category: 'keeper', extra: { overseas: 'Yes' } }), makeLot(2)];
    const quotas = [
      { attribute: 'overseas', value: 'yes', max: 2 },
      { category: 'keeper', min: 1 },
      { category: 'bat', min: 1, max: 3 },
    ];
    const state = run(makeRunning({ lots, rules: { quotas } }), sell('T1', 100)).state;
    expect(readQuotas(state, 'T2').map((q) => [q.label, q.text, q.title, q.isFull, q.isShort])).toEqual([
      ['overseas', '0/2', 'At most 2', false, false],
      ['keeper', '0/min 1', 'At least 1', false, true],
      ['bat', '0/1–3', 'At least 1, at most 3', false, true],
    ]);
    expect(readQuotas(state, 'T1').map((q) => q.text)).toEqual(['1/2', '1/min 1', '0/1–3']);
  });

  it('lists the lots bought with their prices, in order', () => {
    const state = run(makeRunning({ rules: { gapMs: 0 } }), [...sell('T1', 100), ...sell('T1', 150)]).state;
    expect(readSquad(state, 'T1').map((line) => [line.lot?.name, line.amount])).toEqual([
      ['Lot 1', 100],
      ['Lot 2', 150],
    ]);
    expect(readSquad(state, 'T2')).toEqual([]);
  });
});
