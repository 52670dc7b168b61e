import { describe, expect, it } from 'vitest';
import { purseLeft, replay, squadCount, type AuctionState, type Command } from '../../../shared/auction';
import { canCorrect } from '../../../shared/auction/queries';
import {
  at,
  bid,
  errorOf,
  makeLot,
  makeRunningWithEvents,
  run,
  sell,
  teamActor,
  T0,
  typesOf,
} from '../../helpers/builders';

function correct(lotId: string, change: { teamId?: string; amount?: number }, reason = 'wrong paddle'): Command {
  return { type: 'sale:correct', lotId, ...change, reason };
}

/** L1 sold to T1 at 200, L2 to T2 at 300; L3 open. */
function twoSales(options: Parameters<typeof makeRunningWithEvents>[0] = {}) {
  const start = makeRunningWithEvents({ rules: { gapMs: 0 }, ...options });
  const sold = run(start.state, [...sell('T1', 200), ...sell('T2', 300)]);
  return { state: sold.state, events: [...start.events, ...sold.events] };
}

function totals(state: AuctionState): { spent: number; lots: number } {
  const ledgers = Object.values(state.ledger);
  return {
    spent: ledgers.reduce((sum, ledger) => sum + ledger.spent, 0),
    lots: ledgers.reduce((sum, ledger) => sum + ledger.lots.length, 0),
  };
}

describe('correct a sale', () => {
  it('[COR1] the buyer and the price of any sale change; purses, squads and the sale follow', () => {
    const { state, events } = twoSales();
    const moved = run(state, [correct('L1', { teamId: 'T3', amount: 250 })]);
    expect(typesOf(moved.events)).toEqual(['sale:corrected']);
    expect(moved.events[0]).toMatchObject({
      lotId: 'L1',
      fromTeamId: 'T1',
      fromAmount: 200,
      teamId: 'T3',
      amount: 250,
      reason: 'wrong paddle',
      saleId: state.sales[0]?.id,
    });
    const next = moved.state;
    expect([purseLeft(next, 'T1'), purseLeft(next, 'T3')]).toEqual([1000, 750]);
    expect([squadCount(next, 'T1'), squadCount(next, 'T3')]).toEqual([0, 1]);
    expect(next.sales[0]).toMatchObject({
      lotId: 'L1',
      teamId: 'T3',
      amount: 250,
      corrected: { fromTeamId: 'T1', fromAmount: 200, reason: 'wrong paddle' },
    });
    expect(totals(next)).toEqual({ spent: 550, lots: 2 });
    // the price alone, on the last sale
    const priced = run(next, [correct('L2', { amount: 320 })]).state;
    expect(purseLeft(priced, 'T2')).toBe(680);
    expect(priced.ledger['T2']?.lots).toEqual(['L2']);
    expect(replay([...events, ...moved.events, ...run(next, [correct('L2', { amount: 320 })]).events])).toEqual(priced);
  });

  it('[COR1] a correction needs a reason, a sale, a change, and a started auction', () => {
    const { state } = twoSales();
    expect(errorOf(state, correct('L1', { amount: 210 }, ''))).toBe('invalid_payload');
    expect(errorOf(state, correct('L1', { amount: 210 }, '   '))).toBe('invalid_payload');
    expect(errorOf(state, correct('L1', { amount: 210 }, 'x'.repeat(201)))).toBe('invalid_payload');
    expect(errorOf(state, correct('L3', { amount: 210 }))).toBe('unknown_lot');
    expect(errorOf(state, correct('constructor', { amount: 210 }))).toBe('unknown_lot');
    expect(errorOf(state, correct('L1', { teamId: 'T1', amount: 200 }))).toBe('invalid_payload');
    expect(errorOf(state, correct('L1', {}))).toBe('invalid_payload');
    expect(errorOf(state, correct('L1', { teamId: 'toString' }))).toBe('unknown_team');
    expect(errorOf(state, { command: correct('L1', { amount: 1 }), actor: teamActor('T1') })).toBe('not_authorized');
    const setup = makeRunningWithEvents().events.slice(0, 1);
    expect(canCorrect(replay(setup))).toBe(false);
    expect(errorOf(replay(setup), correct('L1', { amount: 1 }))).toBe('not_running');
    expect(canCorrect(state)).toBe(true);
  });

  it('[COR2] a correction cannot overspend a purse, overfill a squad or break a quota', () => {
    const { state } = twoSales();
    // T2 has 700 left plus its own 300 back on L2, but L1 would be a second lot: 700 is all it has.
    expect(errorOf(state, correct('L1', { teamId: 'T2', amount: 701 }))).toBe('over_max_bid');
    expect(run(state, [correct('L1', { teamId: 'T2', amount: 700 })]).state.ledger['T2']?.spent).toBe(1000);
    expect(errorOf(state, correct('L2', { amount: 1001 }))).toBe('over_max_bid');
    expect(run(state, [correct('L2', { amount: 1000 })]).state.ledger['T2']?.spent).toBe(1000);
    // [MAX1] the squad minimum's reserve holds for a correction too
    const reserved = twoSales({ rules: { gapMs: 0, squadMin: 3, minimumPrice: 100 } }).state;
    expect(errorOf(reserved, correct('L2', { amount: 801 }))).toBe('over_max_bid');
    expect(run(reserved, [correct('L2', { amount: 800 })]).state.sales[1]?.amount).toBe(800);
    // [SQD2]
    const full = twoSales({ rules: { gapMs: 0, squadMax: 1 } }).state;
    expect(errorOf(full, correct('L1', { teamId: 'T2' }))).toBe('squad_full');
    // [SQD3]
    const lots = [makeLot(1), makeLot(2), makeLot(3, { category: 'bowl' })];
    const quota = twoSales({ lots, rules: { gapMs: 0, categoryQuotas: { bat: { max: 1 } } } }).state;
    expect(['category_full', 'quota_full']).toContain(errorOf(quota, correct('L1', { teamId: 'T2' })));
  });

  it('[COR2] a buyer standing high on the open lot must still be able to pay that bid', () => {
    const { state } = twoSales();
    const high = run(state, [bid('T3', 600)]).state;
    expect(errorOf(high, correct('L1', { teamId: 'T3', amount: 401 }))).toBe('purse_negative');
    const ok = run(high, [correct('L1', { teamId: 'T3', amount: 400 }), { type: 'lot:hammer' }]).state;
    expect(purseLeft(ok, 'T3')).toBe(0);
    // ...and still take that lot into its squad
    const quota = twoSales({ rules: { gapMs: 0, categoryQuotas: { bat: { max: 1 } } } }).state;
    const holding = run(quota, [bid('T3', 100)]).state;
    expect(errorOf(holding, correct('L1', { teamId: 'T3' }))).toMatch(/^(category_full|quota_full)$/);
  });

  it('[COR2] a winner waiting on right to match must still be able to pay its price', () => {
    const lots = [makeLot(1), makeLot(2, { rtmTeamId: 'T1' }), makeLot(3)];
    const start = makeRunningWithEvents({ lots, rules: { gapMs: 0, rtmCards: 1 } });
    const waiting = run(start.state, [...sell('T2', 100), ...sell('T2', 850)]).state;
    expect(waiting.rtm).toMatchObject({ lotId: 'L2', winnerId: 'T2', amount: 850 });
    expect(errorOf(waiting, correct('L1', { amount: 200 }))).toBe('purse_negative');
    expect(run(waiting, [correct('L1', { amount: 150 })]).state.sales[0]?.amount).toBe(150);
  });

  it('[COR3] undo after a correction gives back the corrected price to the corrected buyer', () => {
    const { state, events } = twoSales();
    const steps = run(state, [correct('L2', { teamId: 'T3', amount: 350 }), { type: 'sale:undo' }]);
    expect(steps.events[1]).toMatchObject({ type: 'sale:undone', lotId: 'L2', teamId: 'T3', amount: 350 });
    expect(purseLeft(steps.state, 'T3')).toBe(1000);
    expect(purseLeft(steps.state, 'T2')).toBe(1000);
    expect(steps.state.queue[0]).toBe('L2');
    expect(replay([...events, ...steps.events])).toEqual(steps.state);
  });

  it('[COR3] a finished or paused auction can still be corrected, and a retained sale too', () => {
    const lots = [makeLot(1, { retained: { teamId: 'T1', price: 300 } }), makeLot(2)];
    const start = makeRunningWithEvents({ lots, rules: { gapMs: 0 } });
    const done = run(start.state, [...sell('T2', 100)]).state;
    expect(done.status).toBe('finished');
    const corrected = run(done, [correct('L2', { amount: 150 }), correct('L1', { amount: 200 })]).state;
    expect(corrected.sales.map((sale) => [sale.lotId, sale.amount, sale.retained === true])).toEqual([
      ['L1', 200, true],
      ['L2', 150, false],
    ]);
    const paused = run(start.state, [at(T0 + 1, { type: 'auction:pause' }), correct('L1', { teamId: 'T2' })]);
    expect(paused.state.sales[0]?.teamId).toBe('T2');
  });
});
