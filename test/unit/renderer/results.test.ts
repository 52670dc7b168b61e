import { describe, expect, it } from 'vitest';
import { makeFileStem, readResults, resultsToCsv, resultsToJson } from '../../../renderer/lib/results';
import { makeLot, makeRunning, makeTeam, run, sell } from '../../helpers/builders';

/** Four lots in dollars: T2 buys L1 for $15, L2 goes unsold, T1 buys L3 for $20, L4 is still to come. */
function makeMidAuction() {
  const start = makeRunning({
    teams: [makeTeam(1, { name: '=Mumbai, "Mavericks"', purse: 100_000 }), makeTeam(2, { purse: 100_000 })],
    lots: [makeLot(1), makeLot(2, { name: 'Ben Carter', set: 'S2' }), makeLot(3), makeLot(4)],
    rules: { currency: 'USD', purse: 100_000, minimumPrice: 100, increments: { kind: 'fixed', step: 100 }, gapMs: 0 },
  });
  return run(start, [...sell('T2', 1_500), { type: 'lot:skip' }, ...sell('T1', 2_000)]).state;
}

describe('readResults', () => {
  const results = readResults(makeMidAuction());

  it('lists every team in config order with its squad, price and round', () => {
    expect(results.teams.map(({ team }) => team.id)).toEqual(['T1', 'T2']);
    expect(results.teams[0]?.lines.map((line) => [line.lot.id, line.amount, line.round])).toEqual([['L3', 2_000, 1]]);
    expect(results.teams[1]?.lines.map((line) => [line.lot.id, line.amount, line.round])).toEqual([['L1', 1_500, 1]]);
    expect(results.teams[1]?.team).toMatchObject({ spent: 1_500, left: 98_500, squad: 1 });
  });

  it('separates lots that went unsold from lots still to come', () => {
    expect(results.unsold.map((lot) => lot.id)).toEqual(['L2']);
    expect(results.pending.map((lot) => lot.id)).toEqual(['L4']);
  });

  it('gives a team that bought nothing an empty squad', () => {
    const fresh = readResults(makeRunning());
    expect(fresh.teams.every(({ lines }) => lines.length === 0)).toBe(true);
    expect(fresh.unsold).toEqual([]);
    expect(fresh.pending).toHaveLength(5);
  });
});

describe('resultsToCsv', () => {
  const lines = resultsToCsv(makeMidAuction()).split('\r\n');

  it('has a header naming the currency of the exact price column', () => {
    expect(lines[0]).toBe(
      'status,team_id,team,lot_id,lot,category,set,round,price_usd,price,note,base_price_usd,base_price',
    );
  });

  it('writes one row per sale, with the exact decimal and the formatted price', () => {
    expect(lines).toContain('sold,T2,Team 2,L1,Lot 1,bat,S1,1,15.00,$15,,1.00,$1');
  });

  it('neutralises a formula and quotes separators and quotes in a team name', () => {
    const row = lines.find((line) => line.includes(',L3,'));
    expect(row).toBe(`sold,T1,"'=Mumbai, ""Mavericks""",L3,Lot 3,bat,S1,1,20.00,$20,,1.00,$1`);
  });

  it('lists unsold lots without team or price, and ends with a line break', () => {
    expect(lines).toContain('unsold,,,L2,Ben Carter,bat,S2,,,,,1.00,$1');
    expect(lines[lines.length - 1]).toBe('');
    expect(lines.filter((line) => line.startsWith('sold,') || line.startsWith('unsold,'))).toHaveLength(3);
  });
});

describe('resultsToJson', () => {
  it('keeps amounts in minor units and names the auction', () => {
    const json = JSON.parse(resultsToJson(makeMidAuction(), 'auction-1')) as Record<string, unknown>;
    expect(json.auction).toEqual({
      id: 'auction-1',
      name: 'Test league',
      status: 'running',
      currency: 'USD',
      moneyStyle: 'standard',
    });
    expect(json.teams).toEqual([
      expect.objectContaining({
        id: 'T1',
        purse: 100_000,
        spent: 2_000,
        left: 98_000,
        squad: [
          {
            lotId: 'L3',
            name: 'Lot 3',
            category: 'bat',
            set: 'S1',
            basePrice: 100,
            extra: {},
            round: 1,
            amount: 2_000,
          },
        ],
        adjustments: [],
      }),
      expect.objectContaining({ id: 'T2', spent: 1_500 }),
    ]);
    expect(json.unsold).toEqual([
      { lotId: 'L2', name: 'Ben Carter', category: 'bat', set: 'S2', basePrice: 100, extra: {} },
    ]);
    expect(json.pending).toEqual(['L4']);
  });
});

describe('makeFileStem', () => {
  it('slugs the auction name', () => {
    expect(makeFileStem('IPL Mega 2026')).toBe('ipl-mega-2026-results');
    expect(makeFileStem('  Club Draft: Round #2!  ')).toBe('club-draft-round-2-results');
  });

  it('falls back to "auction" when nothing is left of the name', () => {
    expect(makeFileStem('')).toBe('auction-results');
    expect(makeFileStem('★★★')).toBe('auction-results');
  });
});

describe('[RET2] [COR1] retained players and corrected sales in the results', () => {
  function makeNight() {
    const start = makeRunning({
      teams: [makeTeam(1, { purse: 100_000 }), makeTeam(2, { purse: 100_000 })],
      lots: [makeLot(1, { retained: { teamId: 'T1', price: 5_000 } }), makeLot(2), makeLot(3)],
      rules: { currency: 'USD', purse: 100_000, minimumPrice: 100, increments: { kind: 'fixed', step: 100 }, gapMs: 0 },
    });
    return run(start, [
      ...sell('T2', 1_500),
      { type: 'sale:correct', lotId: 'L2', teamId: 'T1', amount: 1_400, reason: 'wrong paddle, =cmd' },
    ]).state;
  }

  it('marks retained lines and carries the correction', () => {
    const results = readResults(makeNight());
    expect(results.teams[0]?.lines.map((line) => [line.lot.id, line.retained, line.corrected?.reason ?? null])).toEqual(
      [
        ['L1', true, null],
        ['L2', false, 'wrong paddle, =cmd'],
      ],
    );
  });

  it('writes retained rows and the correction note to the CSV', () => {
    const lines = resultsToCsv(makeNight()).split('\r\n');
    expect(lines).toContain('retained,T1,Team 1,L1,Lot 1,bat,S1,0,50.00,$50,,1.00,$1');
    expect(lines).toContain(
      'sold,T1,Team 1,L2,Lot 2,bat,S1,1,14.00,$14,"corrected from Team 2 at $15: wrong paddle, =cmd",1.00,$1',
    );
  });

  it('marks them in the JSON export', () => {
    const json = JSON.parse(resultsToJson(makeNight(), null)) as { teams: { squad: Record<string, unknown>[] }[] };
    expect(json.teams[0]?.squad[0]).toMatchObject({ lotId: 'L1', retained: true, round: 0 });
    expect(json.teams[0]?.squad[1]).toMatchObject({
      lotId: 'L2',
      corrected: { fromTeamId: 'T2', fromAmount: 1_500, reason: 'wrong paddle, =cmd' },
    });
  });
});
