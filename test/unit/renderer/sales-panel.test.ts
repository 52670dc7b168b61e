import { describe, expect, it } from 'vitest';
import {
  readCorrectionNotice,
  readPickRows,
  readSaleRows,
  readWishlist,
  toggleWish,
  withRetention,
} from '../../../renderer/lib/sales-panel';
import { makeLot, makeRunning, run, sell, teamActor } from '../../helpers/builders';

function makeNight() {
  const start = makeRunning({
    lots: [makeLot(1, { retained: { teamId: 'T1', price: 300 } }), makeLot(2), makeLot(3), makeLot(4), makeLot(5)],
    rules: { gapMs: 0, rounds: 2, pickUnsold: true },
  });
  return run(start, [
    ...sell('T2', 150),
    { type: 'sale:correct', lotId: 'L2', teamId: 'T3', amount: 140, reason: 'wrong paddle' },
    { type: 'lot:skip' },
    { type: 'lot:skip' },
    { command: { type: 'wishlist:set', lotIds: ['L4'] }, actor: teamActor('T2') },
    { command: { type: 'wishlist:set', lotIds: ['L4', 'L3'] }, actor: teamActor('T3') },
    { type: 'lot:skip' },
  ]).state;
}

describe('sales panel', () => {
  it('[COR1] [RET2] lists sales newest first, with retained and corrected notes', () => {
    const rows = readSaleRows(makeNight());
    expect(rows.map((row) => [row.lot.id, row.teamName, row.price, row.note])).toEqual([
      ['L2', 'Team 3', '₹1.40', 'Corrected from Team 2 at ₹1.50: wrong paddle'],
      ['L1', 'Team 1', '₹3.00', 'Retained'],
    ]);
  });

  it('[COR1] tells the teams a correction touched, and the room', () => {
    const state = makeNight();
    const notice = "Sale corrected: Lot 2 is now Team 3's at ₹1.40 (was Team 2's at ₹1.50). Reason: wrong paddle";
    expect(readCorrectionNotice(state, 'T2')).toBe(notice);
    expect(readCorrectionNotice(state, 'T3')).toBe(notice);
    expect(readCorrectionNotice(state, null)).toBe(notice);
    expect(readCorrectionNotice(state, 'T1')).toBeNull();
    const priced = run(state, [{ type: 'sale:correct', lotId: 'L1', amount: 250, reason: 'typo' }]).state;
    expect(readCorrectionNotice(priced, 'T1')).toBe(
      "Sale corrected: Lot 1 is now Team 1's at ₹2.50 (was ₹3.00). Reason: typo",
    );
  });

  it('[ACC1] [ACC2] the pick lists unsold lots, most wished first, with who wished them', () => {
    const state = makeNight();
    expect(state.hold).toBe('pick');
    expect(readPickRows(state).map((row) => [row.lot.id, row.wishedBy])).toEqual([
      ['L4', ['Team 2', 'Team 3']],
      ['L3', ['Team 3']],
      ['L5', []],
    ]);
  });

  it('[ACC2] toggles a wish in the order of the unsold lots', () => {
    const state = makeNight();
    expect(readWishlist(state, 'T3')).toEqual(['L4', 'L3']);
    expect(toggleWish(state, 'T3', 'L5')).toEqual(['L3', 'L4', 'L5']);
    expect(toggleWish(state, 'T3', 'L4')).toEqual(['L3']);
    expect(readWishlist(state, 'constructor')).toEqual([]);
    expect(readWishlist(state, null)).toEqual([]);
  });
});

describe('[RET1] Setup: retain a lot for a team', () => {
  it('sets, changes and clears a retention, touching no other lot', () => {
    const lots = [makeLot(1), makeLot(2)];
    const kept = withRetention(lots, 'L1', 'T2', 500);
    expect(kept[0]).toMatchObject({ retained: { teamId: 'T2', price: 500 } });
    expect(kept[1]).toBe(lots[1]);
    expect(withRetention(kept, 'L1', 'T3', 600)[0]?.retained).toEqual({ teamId: 'T3', price: 600 });
    const cleared = withRetention(kept, 'L1', null, 0);
    expect(cleared[0]).toEqual(makeLot(1));
    expect('retained' in (cleared[0] ?? {})).toBe(false);
  });
});
