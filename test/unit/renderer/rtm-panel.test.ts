import { describe, expect, it } from 'vitest';
import type { AuctionState, Command } from '../../../shared/auction';
import { toAuditRows } from '../../../renderer/lib/audit';
import { readResults, resultsToCsv, resultsToJson } from '../../../renderer/lib/results';
import { bannerDetail, readBanner } from '../../../renderer/lib/bidder-banner';
import { readBidderStatus } from '../../../renderer/lib/bidder-status';
import { describeRtmSale, raiseAmounts, readRtm } from '../../../renderer/lib/rtm-panel';
import { bid, makeLot, makeRunning, makeTeam, run, teamActor, type StepLike } from '../../helpers/builders';

const nameOf = (id: string): string => `Team ${id.slice(1)}`;

/** T2 won L1 (T1's to match) at 300. */
function offered(): AuctionState {
  const start = makeRunning({
    teams: [makeTeam(1), makeTeam(2), makeTeam(3)],
    lots: [makeLot(1, { rtmTeamId: 'T1' }), makeLot(2)],
    rules: { rtmCards: 2, rtmDecisionMs: 10_000 },
  });
  return run(start, [bid('T2', 300), { type: 'lot:hammer' }]).state;
}

function as(teamId: string, command: Command): StepLike {
  return { command, actor: teamActor(teamId) };
}

describe('[RTM3]–[RTM7] the right-to-match panel', () => {
  it('[RTM3] says who may match what, and gives only the deciding team its buttons', () => {
    const state = offered();
    const holder = readRtm(state, { role: 'team', teamId: 'T1' }, nameOf);
    expect(holder).toMatchObject({
      step: 'decide',
      title: 'Right to match: You may match ₹3.00',
      decider: 'You',
      cardsLeft: 2,
    });
    expect(holder?.actions.map((a) => a.type)).toEqual(['rtm:use', 'rtm:decline']);
    expect(readRtm(state, { role: 'team', teamId: 'T2' }, nameOf)?.actions).toEqual([]);
    expect(readRtm(state, { role: 'spectator', teamId: null }, nameOf)).toMatchObject({
      title: 'Right to match: Team 1 may match ₹3.00',
      detail: 'Team 2 won Lot 1 at ₹3.00. Will Team 1 use a right-to-match card?',
      actions: [],
    });
    // [RTM7] the auctioneer acts for the team, and the button says for whom.
    expect(readRtm(state, { role: 'admin', teamId: null }, nameOf)?.actions.map((a) => a.label)).toEqual([
      'Use RTM (Team 1)',
      'Decline (Team 1)',
    ]);
  });

  it('[RTM3] the bidder’s banner says the bidding is over and who holds the right to match', () => {
    const state = offered();
    const status = readBidderStatus(state, 'T3', null);
    expect(status.kind).toBe('rtm');
    expect(readBanner(status).title).toBe('Right to match');
    expect(bannerDetail(status, state, null, (id) => nameOf(id ?? ''))).toBe(
      'Team 2 won the bidding; Team 1 holds the right to match.',
    );
  });

  it('[RTM4] offers the winner raises of 1, 2 and 4 increments within its max bid, or to stand', () => {
    const used = run(offered(), [as('T1', { type: 'rtm:use', lotId: 'L1' })]).state;
    const winner = readRtm(used, { role: 'team', teamId: 'T2' }, nameOf);
    expect(winner?.title).toBe('Team 1 will match');
    expect(winner?.actions.map((a) => [a.type, a.amount ?? null])).toEqual([
      ['rtm:raise', 310],
      ['rtm:raise', 320],
      ['rtm:raise', 340],
      ['rtm:final', null],
    ]);
    if (!used.rtm) throw new Error('no rtm');
    // Within the max bid: a winner with 325 left may raise only to 310 and 320.
    const poor = run(used, [{ type: 'purse:adjust', teamId: 'T2', delta: -675, reason: 'test' }]).state;
    expect(raiseAmounts(poor, used.rtm)).toEqual([310, 320]);
  });

  it('[RTM4] [RTM6] at the match step names the raise, and a matched sale says so', () => {
    const raised = run(offered(), [
      as('T1', { type: 'rtm:use', lotId: 'L1' }),
      as('T2', { type: 'rtm:raise', lotId: 'L1', amount: 400 }),
    ]).state;
    const holder = readRtm(raised, { role: 'team', teamId: 'T1' }, nameOf);
    expect(holder?.title).toBe('Team 2 raised to ₹4.00');
    expect(holder?.actions.map((a) => a.label)).toEqual(['Match ₹4.00', 'Let it go']);
    const matched = run(raised, [as('T1', { type: 'rtm:match', lotId: 'L1' })]).state;
    expect(readRtm(matched, { role: 'team', teamId: 'T1' }, nameOf)).toBeNull();
    expect(describeRtmSale(matched, 'L1')).toBe('by right to match');
  });
});

describe('[RTM8] right to match in the audit log', () => {
  it('names every decision, its team and price, and marks the matched sale', () => {
    const start = offered();
    const r = run(start, [
      as('T1', { type: 'rtm:use', lotId: 'L1' }),
      as('T2', { type: 'rtm:raise', lotId: 'L1', amount: 400 }),
      as('T1', { type: 'rtm:match', lotId: 'L1' }),
    ]);
    const rows = toAuditRows(r.events, r.state.config);
    expect(rows.slice(0, 4).map((row) => [row.type, row.team, row.amount, row.note])).toEqual([
      ['rtm:used', 'Team 1', null, ''],
      ['rtm:raised', 'Team 2', 400, ''],
      ['rtm:matched', 'Team 1', 400, ''],
      ['lot:sold', 'Team 1', 400, 'right to match'],
    ]);
  });
});

describe('[RTM6] a matched lot in the results', () => {
  it('is marked rtm in the squad, the CSV and the JSON export', () => {
    const matched = run(offered(), [
      as('T1', { type: 'rtm:use', lotId: 'L1' }),
      as('T2', { type: 'rtm:final', lotId: 'L1' }),
      as('T1', { type: 'rtm:match', lotId: 'L1' }),
    ]).state;
    expect(readResults(matched).teams[0]?.lines.map((line) => [line.lot.id, line.rtm])).toEqual([['L1', true]]);
    expect(resultsToCsv(matched).split('\r\n')).toContain('rtm,T1,Team 1,L1,Lot 1,bat,S1,1,3.00,₹3.00,,1.00,₹1.00');
    const json = JSON.parse(resultsToJson(matched, null)) as { teams: { squad: Record<string, unknown>[] }[] };
    expect(json.teams[0]?.squad[0]).toMatchObject({ lotId: 'L1', rtm: true, amount: 300 });
  });
});
