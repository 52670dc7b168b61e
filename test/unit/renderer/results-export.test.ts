import { describe, expect, it } from 'vitest';
import type { AuctionEvent } from '../../../shared/auction/events';
import { parseCsv } from '../../../shared/catalog';
import {
  extraKeys,
  formatDelta,
  readAdjustments,
  resultsToCsv,
  resultsToJson,
  UNLISTED_REASON,
  withUnlisted,
} from '../../../renderer/lib/results';
import { readSquadSheets } from '../../../renderer/lib/squad-sheet';
import { makeLot, makeRunningWithEvents, makeTeam, run, sell } from '../../helpers/builders';

/**
 * Issue 17, exports: every catalog column in the results CSV, the purse
 * adjustments with their reasons, and the printable squad sheet.
 */

/** Paise. */
const LAKH = 100_000 * 100;
const CRORE = 100 * LAKH;

/** An IPL-style night in rupees (lakh style): attributes on some lots only, one hostile attribute name each. */
function makeNight() {
  const start = makeRunningWithEvents({
    teams: [makeTeam(1, { name: 'Mumbai', purse: CRORE * 100 }), makeTeam(2, { name: 'Chennai', purse: CRORE * 100 })],
    lots: [
      makeLot(1, {
        name: 'Retained Star',
        category: 'batter',
        extra: { overseas: 'no', country: 'India' },
        retained: { teamId: 'T1', price: CRORE * 18 },
      }),
      makeLot(2, { name: 'Pace Ace', category: 'bowler', set: 'M1', extra: { country: 'Australia', overseas: 'yes' } }),
      makeLot(3, {
        name: 'Odd One',
        category: 'all-rounder',
        extra: { constructor: 'x', '=cmd': '@SUM(A1)', note: 'n' },
      }),
      makeLot(4, { name: 'Spare Keeper', category: 'keeper', basePrice: LAKH * 20 }),
    ],
    rules: { currency: 'INR', moneyStyle: 'lakh', purse: CRORE * 100, minimumPrice: 100, gapMs: 0 },
  });
  const night = run(start.state, [
    ...sell('T2', CRORE * 5),
    { type: 'purse:adjust', teamId: 'T2', delta: -CRORE * 90, reason: 'penalty: slow over rate, =1+1' },
    { type: 'purse:adjust', teamId: 'T1', delta: CRORE * 5, reason: 'sponsor bonus' },
    ...sell('T1', LAKH),
    { type: 'lot:skip' },
  ]);
  return { state: night.state, events: [...start.events, ...night.events] };
}

describe('extraKeys', () => {
  it('is the union of every lot’s attributes, in the order the catalog first names them', () => {
    expect(extraKeys(makeNight().state.config.lots)).toEqual(['overseas', 'country', 'constructor', '=cmd', 'note']);
  });
});

describe('readAdjustments', () => {
  it('lists every purse adjustment of the log with its reason, oldest first', () => {
    const adjustments = readAdjustments(makeNight().events);
    expect(adjustments.map(({ teamId, delta, reason }) => [teamId, delta, reason])).toEqual([
      ['T2', -CRORE * 90, 'penalty: slow over rate, =1+1'],
      ['T1', CRORE * 5, 'sponsor bonus'],
    ]);
    expect(adjustments.every((adjustment) => adjustment.seq > 0 && adjustment.at > 0)).toBe(true);
  });

  it('forgets adjustments from before a configure (a new auction)', () => {
    const { state, events } = makeNight();
    const configured: AuctionEvent = { type: 'auction:configured', config: state.config, seq: 99, at: 1 };
    expect(readAdjustments([...events, configured])).toEqual([]);
  });
});

describe('resultsToCsv with the catalog and the adjustments', () => {
  const { state, events } = makeNight();
  const csv = resultsToCsv(state, readAdjustments(events));
  const parsed = parseCsv(csv);
  if (!parsed.ok) throw new Error('the CSV does not parse');
  const [header = [], ...rows] = parsed.rows;
  const row = (status: string, id: string): Record<string, string> => {
    const found = rows.find((cells) => cells[0] === status && (cells[3] === id || cells[1] === id));
    if (!found) throw new Error(`no ${status} row for ${id}:\n${csv}`);
    return Object.fromEntries(header.map((name, i) => [name, found[i] ?? '']));
  };

  it('has the base price and every attribute as columns; hostile names neutralised or renamed', () => {
    expect(header).toEqual([
      'status',
      'team_id',
      'team',
      'lot_id',
      'lot',
      'category',
      'set',
      'round',
      'price_inr',
      'price',
      'note',
      'base_price_inr',
      'base_price',
      'overseas',
      'country',
      'constructor',
      "'=cmd",
      'extra_note',
    ]);
  });

  it('writes each lot’s own attributes, blank where it has none (never Object.prototype’s)', () => {
    expect(row('retained', 'L1')).toMatchObject({ team: 'Mumbai', overseas: 'no', country: 'India', price: '₹18 Cr' });
    expect(row('sold', 'L2')).toMatchObject({ category: 'bowler', set: 'M1', overseas: 'yes', country: 'Australia' });
    expect(row('sold', 'L3')).toMatchObject({ constructor: 'x', "'=cmd": "'@SUM(A1)", extra_note: 'n', note: '' });
    expect(row('unsold', 'L4')).toMatchObject({
      constructor: '',
      overseas: '',
      base_price: '₹20 L',
      base_price_inr: '2000000.00',
    });
    expect(csv).not.toMatch(/(^|,)[=@]/m);
  });

  it('adds a row per purse adjustment with its signed amount and reason', () => {
    expect(row('adjustment', 'T2')).toMatchObject({
      team: 'Chennai',
      price_inr: '-900000000.00',
      price: '−₹90 Cr',
      note: 'penalty: slow over rate, =1+1',
      lot_id: '',
    });
    expect(row('adjustment', 'T1')).toMatchObject({ price_inr: '50000000.00', price: '₹5 Cr', note: 'sponsor bonus' });
    expect(rows.every((cells) => cells.length === header.length)).toBe(true);
  });
});

describe('withUnlisted', () => {
  it('adds nothing when the log lists every adjustment', () => {
    const { state, events } = makeNight();
    expect(withUnlisted(state, readAdjustments(events))).toHaveLength(2);
  });

  it('gives a reader without the log each team’s net adjustment, saying where the reasons are', () => {
    const { state } = makeNight();
    expect(withUnlisted(state, []).map(({ teamId, delta, reason }) => [teamId, delta, reason])).toEqual([
      ['T1', CRORE * 5, UNLISTED_REASON],
      ['T2', -CRORE * 90, UNLISTED_REASON],
    ]);
    const lines = resultsToCsv(state).split('\r\n');
    expect(lines.filter((line) => line.startsWith('adjustment,T2,Chennai,,,,,,-900000000.00,−₹90 Cr,'))).toHaveLength(
      1,
    );
    expect(readSquadSheets(state)[1]?.adjustments).toEqual([{ seq: 0, amount: '−₹90 Cr', reason: UNLISTED_REASON }]);
  });
});

describe('resultsToJson', () => {
  it('carries the auction id, each lot’s catalog columns and each team’s adjustments', () => {
    const { state, events } = makeNight();
    const json = JSON.parse(resultsToJson(state, 'a-17', readAdjustments(events))) as {
      auction: { id: string };
      teams: { id: string; squad: Record<string, unknown>[]; adjustments: Record<string, unknown>[] }[];
    };
    expect(json.auction.id).toBe('a-17');
    const chennai = json.teams.find((team) => team.id === 'T2');
    expect(chennai?.squad[0]).toMatchObject({ lotId: 'L2', extra: { overseas: 'yes', country: 'Australia' } });
    expect(chennai?.adjustments).toEqual([
      expect.objectContaining({ delta: -CRORE * 90, reason: 'penalty: slow over rate, =1+1' }),
    ]);
  });
});

describe('readSquadSheets', () => {
  it('gives each team its squad with prices and marks, spent, left and its adjustments', () => {
    const { state, events } = makeNight();
    const [mumbai, chennai] = readSquadSheets(state, readAdjustments(events));
    expect(mumbai).toMatchObject({ name: 'Mumbai', count: '2 players', spent: '₹18.01 Cr', purse: '₹105 Cr' });
    expect(mumbai?.lines.map((line) => [line.name, line.price, line.mark])).toEqual([
      ['Retained Star', '₹18 Cr', 'retained'],
      ['Odd One', '₹1 L', ''],
    ]);
    expect(mumbai?.adjustments.map((a) => [a.amount, a.reason])).toEqual([['+₹5 Cr', 'sponsor bonus']]);
    expect(chennai).toMatchObject({ count: '1 player', left: '₹5 Cr' });
    expect(chennai?.adjustments.map((a) => a.amount)).toEqual(['−₹90 Cr']);
  });

  it('formats a delta with a sign, and without the plus for a CSV cell', () => {
    const { state } = makeNight();
    expect(formatDelta(state, CRORE * 5)).toBe('+₹5 Cr');
    expect(formatDelta(state, CRORE * 5, false)).toBe('₹5 Cr');
  });
});
