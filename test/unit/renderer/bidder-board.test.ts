import { describe, expect, it } from 'vitest';
import { summariseTeams } from '../../../shared/auction/views';
import { readBoard } from '../../../renderer/lib/bidder-board';
import { makeLot, makeRunning, run, sell } from '../../helpers/builders';

describe('the bidder’s board of every team', () => {
  it('[MAX1] [QUO7] one row a team: purse left, max bid, places left, quota use; ours and the leader marked', () => {
    const lots = [1, 2, 3].map((i) => makeLot(i, { extra: { overseas: i === 1 ? 'Yes' : 'No' } }));
    const rules = { squadMax: 3, gapMs: 0, quotas: [{ attribute: 'overseas', value: 'yes', max: 1 }] };
    const state = run(makeRunning({ teams: 3, lots, rules }), [...sell('T2', 300)]).state;
    const rows = readBoard(summariseTeams(state), state.config.rules, 'T1', 'T3');
    expect(rows.map((row) => row.id)).toEqual(['T1', 'T2', 'T3']);
    expect(rows.map((row) => [row.isMine, row.isLeading])).toEqual([
      [true, false],
      [false, false],
      [false, true],
    ]);
    const t2 = rows[1];
    expect(t2?.slots).toBe('2/3');
    expect(t2?.slotsLeft).toBe(2);
    expect(t2?.left).toBe('₹7.00');
    expect(t2?.quotas.map((quota) => [quota.label, quota.text, quota.isFull])).toEqual([['overseas', '1/1', true]]);
    expect(rows[0]?.quotas[0]?.text).toBe('0/1');
  });
});
