import { describe, expect, it } from 'vitest';
import type { AuctionState, Display } from '../../../shared/auction/types';
import { summariseTeams } from '../../../shared/auction/views';
import type { ClosedLot } from '../../../renderer/lib/connection.svelte';
import {
  initialsOf,
  readBanners,
  readBadges,
  readHeader,
  readMoment,
  readPlayerCard,
  readProjectorUpNext,
  readStats,
  readSummary,
  readTicker,
  readTiles,
  TICKER_LENGTH,
  TOP_BUYS_SHOWN,
} from '../../../renderer/lib/projector-view';
import { at, bid, makeLot, makeRunning, makeSetup, makeTeam, run, sell, T0 } from '../../helpers/builders';

const PHOTO = `${'ab'.repeat(32)}.png`;

/** A state with `display` set, as `auction:configure` leaves it [DSP2]. */
function withDisplay(state: AuctionState, display: Display): AuctionState {
  return { ...state, config: { ...state.config, display } };
}

function closedOf(state: AuctionState, lotId: string): ClosedLot {
  const sale = state.sales.findLast((s) => s.lotId === lotId);
  return { lotId, teamId: sale?.teamId ?? null, amount: sale?.amount ?? 0, at: sale?.at ?? 0 };
}

describe('the projector’s player card', () => {
  it('[DSP3] the organiser’s stats in its order, any case, without empty values or repeats', () => {
    const lot = makeLot(1, { extra: { Batting_Avg: '38.5', strike_rate: '142.7', wickets: '  ', country: 'India' } });
    const state = withDisplay(makeRunning({ lots: [lot] }), {
      stats: ['country', 'wickets', 'batting_avg', 'COUNTRY', 'economy', 'strike_rate'],
    });
    expect(readStats(state, lot)).toEqual([
      { key: 'country', label: 'country', value: 'India' },
      { key: 'batting_avg', label: 'batting avg', value: '38.5' },
      { key: 'strike_rate', label: 'strike rate', value: '142.7' },
    ]);
    expect(readStats(withDisplay(makeRunning({ lots: [lot] }), { stats: [] }), lot)).toEqual([]);
  });

  it('[DSP3] no stats picked: the lot’s own columns, as the lot card showed them, without its yes/no badges', () => {
    const extra = {
      overseas: 'Yes',
      country: 'India',
      batting_avg: '38.5',
      capped: 'no',
      a: '1x',
      b: '2',
      c: '3',
      d: '4',
    };
    const lot = makeLot(1, { extra });
    expect(readStats(makeRunning({ lots: [lot] }), lot).map((line) => line.key)).toEqual([
      'country',
      'batting_avg',
      'a',
      'b',
      'c',
      'd',
    ]);
  });

  it('[QUO1] [RTM2] badges: each yes-column (not one shown as a stat), and the team that may match', () => {
    const lot = makeLot(1, {
      extra: { overseas: 'Y', capped: 'yes', uncapped: 'No', country: 'India' },
      rtmTeamId: 'T2',
    });
    const state = withDisplay(makeRunning({ lots: [lot] }), { stats: ['Capped'] });
    expect(readBadges(state, lot)).toEqual([
      { key: 'overseas', label: 'overseas', kind: 'attribute' },
      { key: '#rtm', label: 'RTM: T2', kind: 'rtm' },
    ]);
  });

  it('[DSP1] the card: photo name, initials, role, set and base price', () => {
    const lot = makeLot(1, { name: 'Jos Buttler', category: ' Wicketkeeper ', set: 'Marquee', photo: PHOTO });
    const card = readPlayerCard(makeRunning({ lots: [lot] }), lot);
    expect(card).toMatchObject({
      lotId: 'L1',
      name: 'Jos Buttler',
      isLongName: false,
      initials: 'JB',
      photo: PHOTO,
      role: 'Wicketkeeper',
      set: 'Marquee',
      basePrice: '₹1.00',
    });
    const long = makeLot(2, { name: 'Aarav Venkataraman Sharma-Whitfield Junior' });
    expect(readPlayerCard(makeRunning({ lots: [long] }), long)).toMatchObject({ photo: null, isLongName: true });
  });

  it('initials: first and last word, by code point; Arabic kept apart; never empty', () => {
    expect(initialsOf('virat kohli')).toBe('VK');
    expect(initialsOf('  Rohit  ')).toBe('R');
    expect(initialsOf('Aarav Venkataraman Sharma-Whitfield Junior')).toBe('AJ');
    expect(initialsOf('"Mahi" Dhoni')).toBe('MD');
    expect(initialsOf('𝒜lex 𝒵ed')).toBe('𝒜𝒵');
    expect(initialsOf('محمد عبد الرحمن')).toBe('م\u200cا');
    expect(initialsOf('דוד לוי')).toBe('דל');
    expect(initialsOf('— ...')).toBe('?');
    expect(initialsOf('')).toBe('?');
  });
});

describe('the projector’s header, board and ticker', () => {
  it('[DSP2] league name and logo beside the auction’s name; progress once running', () => {
    const setup = withDisplay(makeSetup().state, { league: ' Premier League ', logo: PHOTO });
    expect(readHeader(setup)).toEqual({ league: 'Premier League', logo: PHOTO, name: 'Test league', progress: '' });
    expect(readHeader(makeRunning({ lots: 3 }))).toEqual({
      league: '',
      logo: null,
      name: 'Test league',
      progress: 'Round 1 · 2 to go',
    });
  });

  it('[MAX1] [QUO7] a tile a team: purse left, max bid, slots left and quota use in one line', () => {
    const lots = [1, 2].map((i) => makeLot(i, { extra: { overseas: i === 1 ? 'yes' : 'no' } }));
    const rules = { squadMax: 2, gapMs: 0, quotas: [{ attribute: 'overseas', value: 'yes', max: 1 }] };
    const state = run(makeRunning({ teams: 2, lots, rules }), sell('T1', 300)).state;
    const tiles = readTiles(summariseTeams(state), state, 'T2');
    expect(tiles.map((t) => [t.id, t.left, t.maxBid, t.slotsLeft, t.isSquadFull, t.quotaText, t.isLeading])).toEqual([
      ['T1', '₹7.00', '₹7.00', 1, false, 'overseas 1/1', false],
      ['T2', '₹10.00', '₹10.00', 2, false, 'overseas 0/1', true],
    ]);
  });

  it(`[RET2] [RTM6] [COR1] the ticker: the latest ${TICKER_LENGTH} sales, newest first, marked`, () => {
    const lots = [
      makeLot(1, { retained: { teamId: 'T3', price: 50 } }),
      ...Array.from({ length: 8 }, (_, i) => makeLot(i + 2)),
    ];
    let state = makeRunning({ lots, rules: { gapMs: 0 } });
    for (let i = 0; i < 7; i += 1) state = run(state, sell(i % 2 === 0 ? 'T1' : 'T2', 100 + i * 10)).state;
    state = run(state, [{ type: 'sale:correct', lotId: 'L8', teamId: 'T3', reason: 'wrong paddle' }]).state;
    const ticker = readTicker(state);
    expect(ticker).toHaveLength(TICKER_LENGTH);
    expect(ticker.map((item) => [item.lotId, item.teamShort, item.price, item.mark])).toEqual([
      ['L8', 'T3', '₹1.60', 'corrected'],
      ['L7', 'T2', '₹1.50', null],
      ['L6', 'T1', '₹1.40', null],
      ['L5', 'T2', '₹1.30', null],
      ['L4', 'T1', '₹1.20', null],
      ['L3', 'T2', '₹1.10', null],
    ]);
    expect(readTicker(state, 20).at(-1)).toMatchObject({ lotId: 'L1', mark: 'retained' });
  });
});

describe('the SOLD moment', () => {
  it('[COR1] names the buyer and price of the standing sale: a correction shows at once', () => {
    const sold = run(makeRunning({ teams: 3 }), sell('T1', 150)).state;
    const closed = closedOf(sold, 'L1');
    expect(readMoment(sold, closed)).toMatchObject({ isSold: true, teamId: 'T1', teamName: 'Team 1', price: '₹1.50' });
    const corrected = run(sold, [
      { type: 'sale:correct', lotId: 'L1', teamId: 'T2', amount: 120, reason: 'wrong paddle' },
    ]).state;
    // The close the page remembers still says T1 at 150; the moment reads the sale.
    expect(readMoment(corrected, closed)).toMatchObject({
      isSold: true,
      teamId: 'T2',
      teamName: 'Team 2',
      price: '₹1.20',
      correction: "Corrected: was T1's at ₹1.50",
    });
  });

  it('[RTM6] a matched sale says so; an unsold lot or an undone sale reads unsold', () => {
    const lots = [makeLot(1, { rtmTeamId: 'T1' }), makeLot(2)];
    const rules = { rtmCards: 1, rtmDecisionMs: 10_000 };
    const rtm = run(makeRunning({ lots, rules }), [bid('T2', 200), { type: 'lot:hammer' }]).state;
    const matched = run(rtm, [
      // [RTM7] the auctioneer acts for either team.
      { type: 'rtm:use', lotId: 'L1' },
      { type: 'rtm:final', lotId: 'L1' },
      { type: 'rtm:match', lotId: 'L1' },
    ]).state;
    expect(readMoment(matched, closedOf(matched, 'L1'))).toMatchObject({ teamId: 'T1', rtm: 'by right to match' });

    const skipped = run(makeRunning(), [{ type: 'lot:skip' }]).state;
    expect(readMoment(skipped, { lotId: 'L1', teamId: null, amount: 0, at: 0 })).toMatchObject({
      isSold: false,
      teamName: '',
      lotName: 'Lot 1',
    });
    const undone = run(run(makeRunning(), sell('T1', 150)).state, [{ type: 'sale:undo' }]).state;
    expect(readMoment(undone, { lotId: 'L1', teamId: 'T1', amount: 150, at: 0 }).isSold).toBe(false);
  });
});

describe('the projector’s banners and up next', () => {
  it('[AUC5] paused, [RTM3] a right-to-match decision, [COR1] a correction until the next lot opens', () => {
    const paused = run(makeRunning(), [{ type: 'auction:pause' }]).state;
    expect(readBanners(paused, null).map((b) => b.kind)).toEqual(['paused']);

    const lots = [makeLot(1, { rtmTeamId: 'T1' }), makeLot(2)];
    const rtm = run(makeRunning({ lots, rules: { rtmCards: 1 } }), [bid('T2', 200), { type: 'lot:hammer' }]).state;
    expect(readBanners(rtm, null)).toEqual([{ kind: 'rtm', title: 'Right to match', detail: 'Team 1 is deciding' }]);

    const sold = run(makeRunning({ rules: { gapMs: 5_000 } }), sell('T1', 150)).state;
    const closed = closedOf(sold, 'L1');
    const corrected = run(sold, [
      { type: 'sale:correct', lotId: 'L1', teamId: 'T2', amount: 120, reason: 'wrong paddle' },
    ]).state;
    expect(readBanners(corrected, closed)).toEqual([
      {
        kind: 'correction',
        title: 'Sale corrected',
        detail: 'Lot 1 → T2 at ₹1.20 (was T1 at ₹1.50). Reason: wrong paddle',
      },
    ]);
    const next = run(corrected, [at(T0 + 1_000, { type: 'lot:next' })]).state;
    expect(next.current?.lotId).toBe('L2');
    expect(readBanners(next, closed)).toEqual([]);
  });

  it('[ORD3] up next: the next lots in the gap with role and base price; teams nominating say so', () => {
    const gap = run(makeRunning({ lots: 6 }), sell('T1', 150)).state;
    const up = readProjectorUpNext(gap);
    expect(up.lots.map((lot) => [lot.lotId, lot.role, lot.basePrice])).toEqual([
      ['L2', 'bat', '₹1.00'],
      ['L3', 'bat', '₹1.00'],
      ['L4', 'bat', '₹1.00'],
    ]);
    expect(up.more).toBe(2);
    const nominate = makeRunning({ rules: { order: { mode: 'nominate', nominateMs: 1000 } } });
    expect(readProjectorUpNext(nominate)).toEqual({ lots: [], more: 5, note: 'Teams nominate the next lot in turn.' });
  });
});

describe('the end of the night', () => {
  it('[RET2] each squad dearest first with spent and left; top buys leave retained players out', () => {
    const lots = [
      makeLot(1, { name: 'Kept', retained: { teamId: 'T2', price: 400 } }),
      makeLot(2),
      makeLot(3),
      makeLot(4),
    ];
    const teams = [makeTeam(1), makeTeam(2), makeTeam(3, { name: 'constructor' })];
    let state = makeRunning({ teams, lots, rules: { gapMs: 0 } });
    state = run(state, [...sell('T1', 120), ...sell('T1', 300), { type: 'lot:skip' }]).state;
    expect(state.status).toBe('finished');
    const summary = readSummary(state);
    expect(summary.teams.map((t) => [t.id, t.spent, t.left, t.count])).toEqual([
      ['T1', '₹4.20', '₹5.80', 2],
      ['T2', '₹4.00', '₹6.00', 1],
      ['T3', '₹0.00', '₹10.00', 0],
    ]);
    expect(summary.teams[0]?.squad.map((line) => [line.lotId, line.price])).toEqual([
      ['L3', '₹3.00'],
      ['L2', '₹1.20'],
    ]);
    expect(summary.teams[1]?.squad[0]).toMatchObject({ name: 'Kept', mark: 'retained' });
    expect(summary.topBuys.map((buy) => [buy.lotId, buy.teamShort])).toEqual([
      ['L3', 'T1'],
      ['L2', 'T1'],
    ]);
    expect(summary.totals).toBe('3 players sold · 1 unsold · ₹8.20 spent');
  });

  it(`lists at most ${TOP_BUYS_SHOWN} top buys; of two at one price the earlier first`, () => {
    let state = makeRunning({ lots: 8, rules: { gapMs: 0, squadMax: 8, purse: 10_000 } });
    for (const amount of [100, 200, 200, 150, 300, 120, 110, 130]) state = run(state, sell('T1', amount)).state;
    expect(readSummary(state).topBuys.map((buy) => [buy.lotId, buy.price])).toEqual([
      ['L5', '₹3.00'],
      ['L2', '₹2.00'],
      ['L3', '₹2.00'],
      ['L4', '₹1.50'],
      ['L8', '₹1.30'],
    ]);
  });
});
