import { describe, expect, it } from 'vitest';
import { apply, type AuctionState, type Command } from '../../../shared/auction';
import { toTeamState } from '../../../shared/auction/views';
import { checkMaximum, describeLapse, readProxyRows, UPCOMING_SHOWN } from '../../../renderer/lib/proxy-panel';
import { bid, makeRunning, makeSetup, run, T0, teamActor } from '../../helpers/builders';

function setMax(state: AuctionState, teamId: string, lotId: string, max: number): AuctionState {
  const command: Command = { type: 'proxy:set', lotId, max };
  const result = apply(state, command, { now: T0, actor: teamActor(teamId) });
  if (!result.ok) throw new Error(result.error.message);
  return result.state;
}

describe('the bidder’s maximums card', () => {
  it('[PRX1] lists the open lot first, then the lots coming up, with the bounds the engine checks', () => {
    const state = run(makeRunning({ lots: 8, rules: { squadMin: 2, minimumPrice: 100 } }), [bid('T2', 150)]).state;
    const rows = readProxyRows(state, 'T1');
    expect(rows.map((r) => r.lot.id)).toEqual(['L1', 'L2', 'L3', 'L4', 'L5', 'L6']);
    expect(rows.length).toBe(1 + UPCOMING_SHOWN);
    expect(rows[0]).toMatchObject({ isOpen: true, max: null, min: 160, cap: 900, standing: 'none' });
    expect(rows[1]).toMatchObject({ isOpen: false, min: 100, standing: 'none' });
    expect(checkMaximum(rows[0]!, 150, state)).toMatch(/At least/);
    expect(checkMaximum(rows[0]!, 950, state)).toMatch(/At most/);
    expect(checkMaximum(rows[0]!, null, state)).toBe('Enter an amount');
    expect(checkMaximum(rows[0]!, 400, state)).toBeNull();
  });

  it('[PRX3] says whether the maximum leads, and lists a far lot once it has a maximum', () => {
    let state = makeRunning({ lots: 9 });
    state = setMax(state, 'T1', 'L1', 400);
    state = setMax(state, 'T1', 'L9', 300);
    const rows = readProxyRows(toTeamState(state, 'T1'), 'T1');
    expect(rows[0]).toMatchObject({ max: 400, standing: 'leading', min: 100 });
    expect(rows[0]?.words).toMatch(/leads at/);
    expect(rows.at(-1)).toMatchObject({ lot: { id: 'L9' }, max: 300, standing: 'waiting' });
    // Another team's view never shows T1's maximum.
    expect(readProxyRows(toTeamState(state, 'T2'), 'T2').every((r) => r.max === null)).toBe(true);
  });

  it('[PRX4] words a lapse for its team', () => {
    const state = makeRunning();
    expect(
      describeLapse(
        { type: 'proxy:lapsed', lotId: 'L1', teamId: 'T1', reason: 'outbid', message: 'x', seq: 9, at: 0 },
        state,
      ),
    ).toBe('Your maximum on Lot 1 was outbid.');
    expect(
      describeLapse(
        {
          type: 'proxy:lapsed',
          lotId: 'L1',
          teamId: 'T1',
          reason: 'squad_full',
          message: 'your squad is full',
          seq: 9,
          at: 0,
        },
        state,
      ),
    ).toMatch(/stopped: your squad is full/);
  });

  it('shows nothing before the start or to a non-team', () => {
    expect(readProxyRows(makeSetup().state, 'T1')).toEqual([]);
    expect(readProxyRows(makeRunning(), null)).toEqual([]);
  });
});
