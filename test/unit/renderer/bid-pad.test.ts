import { describe, expect, it } from 'vitest';
import { makeError } from '../../../shared/core/errors';
import type { AuctionState } from '../../../shared/auction/types';
import {
  bidLadder,
  customBidWarning,
  describeRefusal,
  explainBidProblem,
  isLargeJump,
  quickBidsBlocked,
  readQuickBids,
  stepsLabel,
} from '../../../renderer/lib/bid-pad';
import { bid, IPL_SLABS, makeRunning, makeSetup, run, sell } from '../../helpers/builders';

/** Base price 100, step 10, purse 1000 (builders' defaults), in paise: ₹1.00, ₹0.10, ₹10.00. */
const open = (): AuctionState => makeRunning();

describe('bidLadder and the quick bids', () => {
  it('climbs from the next valid bid one increment at a time', () => {
    expect(bidLadder(open())).toEqual([100, 110, 120, 130, 140, 150]);
    const bidOn = run(open(), [bid('T1', 100)]).state;
    expect(bidLadder(bidOn)).toEqual([110, 120, 130, 140, 150, 160]);
  });

  it('[INC2] follows the slabs across a boundary', () => {
    const state = run(makeRunning({ rules: { increments: IPL_SLABS } }), [bid('T1', 190)]).state;
    expect(bidLadder(state)).toEqual([200, 220, 240, 260, 280, 300]);
  });

  it('is empty with no lot open', () => {
    expect(bidLadder(makeSetup().state)).toEqual([]);
  });

  it('offers the next bid, then +1, +3 and +5 steps', () => {
    const state = open();
    const quick = readQuickBids(state, 'T1', bidLadder(state));
    expect(quick.map((q) => [q.steps, q.amount, q.problem])).toEqual([
      [0, 100, null],
      [1, 110, null],
      [3, 130, null],
      [5, 150, null],
    ]);
    expect(quick.slice(1).map((q) => stepsLabel(q.steps))).toEqual(['+1 step', '+3 steps', '+5 steps']);
  });

  it('asks before a custom amount more than three steps above the next bid', () => {
    const ladder = bidLadder(open());
    expect(isLargeJump(130, ladder)).toBe(false);
    expect(isLargeJump(131, ladder)).toBe(true);
    expect(isLargeJump(1_000_000, [])).toBe(false);
  });
});

describe('why a bid may not go', () => {
  /** T1 keeps 2 × 50 for its squad: max bid 1000 − 100 = 900 (₹9.00). */
  const reserved = (): AuctionState => makeRunning({ rules: { squadMin: 3, minimumPrice: 50 } });

  it('[MAX1] over the max bid: says what the purse keeps and for how many places', () => {
    const problem = makeError('over_max_bid', 'host words');
    expect(explainBidProblem(problem, reserved(), 'T1')).toBe(
      'Above your max bid of ₹9.00: you must keep ₹1.00 to fill 2 more squad places.',
    );
    const oneLeft = run(reserved(), sell('T1', 100)).state;
    expect(explainBidProblem(problem, oneLeft, 'T1')).toBe(
      'Above your max bid of ₹8.50: you must keep ₹0.50 to fill 1 more squad place.',
    );
    expect(explainBidProblem(problem, open(), 'T1')).toBe('Above your max bid of ₹10.00 (your purse left).');
  });

  it('the quick bids say why they are off: the main one first, else the larger jumps', () => {
    const state = run(open(), [bid('T1', 100)]).state;
    const leading = readQuickBids(state, 'T1', bidLadder(state));
    expect(quickBidsBlocked(leading, state, 'T1')).toBe('You hold the high bid.');
    const tight = makeRunning({ rules: { purse: 320, squadMin: 3, minimumPrice: 100 } });
    const quick = readQuickBids(tight, 'T1', bidLadder(tight));
    expect(quick.map((q) => q.problem?.code ?? null)).toEqual([null, null, 'over_max_bid', 'over_max_bid']);
    expect(quickBidsBlocked(quick, tight, 'T1')).toBe(
      'Larger jumps: Above your max bid of ₹1.20: you must keep ₹2.00 to fill 2 more squad places.',
    );
    expect(quickBidsBlocked(readQuickBids(open(), 'T1', bidLadder(open())), open(), 'T1')).toBeNull();
  });

  it('warns about a custom amount, but not about leading (the host decides)', () => {
    expect(customBidWarning(open(), 'T1', 90)).toBe('The next bid must be at least ₹1.00.');
    expect(customBidWarning(open(), 'T1', 200)).toBeNull();
    expect(customBidWarning(open(), 'T1', null)).toBeNull();
    const leading = run(open(), [bid('T1', 100)]).state;
    expect(customBidWarning(leading, 'T1', 500)).toBeNull();
  });

  it('a refusal gets a title and our words, with a fallback for codes the page cannot explain', () => {
    expect(describeRefusal(makeError('bid_too_low', 'x'), open(), 'T1')).toEqual({
      title: 'Bid too low',
      text: 'The next bid must be at least ₹1.00.',
    });
    expect(describeRefusal(makeError('rate_limited', 'x'), open(), 'T1')).toEqual({
      title: 'Slow down',
      text: 'Too many bids in a short time. Wait a moment, then bid again.',
    });
    expect(describeRefusal(makeError('not_in_setup', 'x'), open(), 'T1')).toEqual({
      title: 'Bid refused',
      text: 'The host did not accept this bid.',
    });
  });

  it("[QUO2] [QUO4] a quota refusal keeps the host's words, which name the quota", () => {
    const minimum = makeError('quota_minimum', 'Needs 1 more wicketkeeper: Team 1 may bid at most ₹9.00');
    expect(describeRefusal(minimum, open(), 'T1')).toEqual({ title: 'Room kept for a quota', text: minimum.message });
    const full = makeError('quota_full', 'At most 2 overseas: Team 1 already has 2');
    expect(describeRefusal(full, open(), 'T1')).toEqual({ title: 'Quota full', text: full.message });
  });

  it('a page without a known team has no words of its own', () => {
    expect(explainBidProblem(makeError('squad_full', 'x'), open(), null)).toBeNull();
    expect(explainBidProblem(makeError('squad_full', 'x'), open(), 'nobody')).toBeNull();
  });

  it('a full category names the category in the room’s words, never "lots"', () => {
    const text = explainBidProblem(makeError('category_full', 'full'), makeRunning(), 'T1');
    expect(text).toBe('Your bat quota is full.');
    expect(text).not.toMatch(/\blots?\b/);
  });
});
