import { describe, expect, it } from 'vitest';
import { highBid, maxBid } from '../../../shared/auction';
import { bid, errorOf, floorBid, makeLot, makeRunning, run, sell, T0 } from '../../helpers/builders';

describe('bids', () => {
  it('[BID1] the first bid must reach the base price', () => {
    const state = makeRunning();
    expect(errorOf(state, bid('T1', 90))).toBe('bid_too_low');
    const after = run(state, [bid('T1', 100)]).state;
    expect(highBid(after)).toMatchObject({ teamId: 'T1', amount: 100, floor: false, at: T0 });
  });

  it('[BID2] a later bid must reach high + increment', () => {
    const state = run(makeRunning(), [bid('T1', 100)]).state;
    expect(errorOf(state, bid('T2', 105))).toBe('bid_too_low');
    expect(highBid(run(state, [bid('T2', 110)]).state)?.amount).toBe(110);
    // A jump bid above the minimum is fine.
    expect(highBid(run(state, [bid('T2', 400)]).state)?.amount).toBe(400);
  });

  it('[BID3] equal amounts lose to the earlier one', () => {
    const state = run(makeRunning(), [bid('T1', 150)]).state;
    expect(errorOf(state, bid('T2', 150))).toBe('bid_too_low');
    expect(highBid(state)?.teamId).toBe('T1');
  });

  it('[BID4] a team does not outbid itself', () => {
    const state = run(makeRunning(), [bid('T1', 100)]).state;
    expect(errorOf(state, bid('T1', 200))).toBe('already_leading');
  });

  it('[BID5] bids only on the open lot, until endsAt + grace', () => {
    const state = makeRunning();
    const endsAt = T0 + 10_000;
    expect(errorOf(state, bid('T1', 100, { lotId: 'L2' }))).toBe('lot_closed');
    expect(errorOf(state, bid('T1', 100, { now: endsAt + 300 }))).toBe('lot_closed');
    expect(highBid(run(state, [bid('T1', 100, { now: endsAt + 299 })]).state)?.amount).toBe(100);
    const inGap = run(state, [{ type: 'lot:skip' }]).state;
    expect(inGap.phase).toBe('gap');
    expect(errorOf(inGap, bid('T1', 100, { lotId: 'L1' }))).toBe('lot_closed');
  });

  it('[MAX1] a team bids at most purseLeft − (squadMin − squadNow − 1) × minimumPrice', () => {
    const state = makeRunning({ rules: { squadMin: 3, minimumPrice: 100, gapMs: 0 } });
    expect(maxBid(state, 'T1')).toBe(1000 - 2 * 100);
    expect(errorOf(state, bid('T1', 810))).toBe('over_max_bid');
    const bought = run(state, sell('T1', 800)).state;
    // 200 left, one more needed after the next lot: 200 − 1 × 100.
    expect(maxBid(bought, 'T1')).toBe(100);
    expect(errorOf(bought, bid('T1', 110))).toBe('over_max_bid');
    expect(highBid(run(bought, [bid('T1', 100)]).state)?.amount).toBe(100);
  });

  it('[MAX1] the max bid is 0 once the squad is full', () => {
    const state = run(makeRunning({ rules: { squadMax: 1, gapMs: 0 } }), sell('T1', 100)).state;
    expect(maxBid(state, 'T1')).toBe(0);
  });

  it('[SQD1] the max-bid guard keeps money back for the squad minimum', () => {
    const state = makeRunning({ rules: { squadMin: 3, minimumPrice: 100, purse: 500, gapMs: 0 } });
    // 500 purse, 3 to buy at 100 at least: the first lot may take 300, no more.
    expect(maxBid(state, 'T1')).toBe(300);
    const afterTwo = run(state, [...sell('T1', 300), ...sell('T1', 100)]).state;
    expect(maxBid(afterTwo, 'T1')).toBe(100);
    const afterThree = run(afterTwo, sell('T1', 100)).state;
    expect(afterThree.ledger['T1']).toMatchObject({ spent: 500, lots: ['L1', 'L2', 'L3'] });
  });

  it('[SQD2] a team with a full squad may not bid', () => {
    const state = run(makeRunning({ rules: { squadMax: 1, gapMs: 0 } }), sell('T1', 100)).state;
    expect(state.current?.lotId).toBe('L2');
    expect(errorOf(state, bid('T1', 100))).toBe('squad_full');
    expect(highBid(run(state, [bid('T2', 100)]).state)?.teamId).toBe('T2');
  });

  it('[SQD3] a team with a full category quota may not bid on that category', () => {
    const lots = [makeLot(1, { category: 'overseas' }), makeLot(2, { category: 'overseas' }), makeLot(3)];
    const options = { lots, rules: { categoryQuotas: { overseas: { max: 1 } }, gapMs: 0 } };
    const state = run(makeRunning(options), sell('T1', 100)).state;
    expect(errorOf(state, bid('T1', 100))).toBe('category_full');
    const onL3 = run(state, [...sell('T2', 100)]).state;
    expect(onL3.current?.lotId).toBe('L3');
    expect(highBid(run(onL3, [bid('T1', 100)]).state)?.teamId).toBe('T1');
  });

  it('[AUC8] a floor bid follows every bid rule and is marked floor', () => {
    const state = run(makeRunning(), [bid('T1', 100)]).state;
    expect(errorOf(state, floorBid('T2', 105))).toBe('bid_too_low');
    expect(errorOf(state, floorBid('T1', 200))).toBe('already_leading');
    expect(errorOf(state, floorBid('T9', 200))).toBe('unknown_team');
    expect(highBid(run(state, [floorBid('T2', 110)]).state)).toMatchObject({ teamId: 'T2', amount: 110, floor: true });
  });

  it('[MON1] a bid amount must be a positive integer', () => {
    const state = makeRunning();
    expect(errorOf(state, bid('T1', 100.5))).toBe('invalid_payload');
    expect(errorOf(state, bid('T1', -100))).toBe('invalid_payload');
    expect(errorOf(state, bid('T1', Number.NaN))).toBe('invalid_payload');
  });
});
