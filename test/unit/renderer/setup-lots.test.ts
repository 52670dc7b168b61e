import { describe, expect, it } from 'vitest';
import type { AuctionRules, Lot } from '../../../shared/auction/types';
import { presetRules } from '../../../shared/catalog';
import {
  columnLabel,
  lotAttributeColumns,
  priceFixes,
  suggestPriceFix,
  withLotPatch,
  withoutLot,
  withPriceFixes,
} from '../../../renderer/lib/setup-lots';

const ipl = presetRules('ipl');
const RUPEE = 100; // paise
const LAKH = 100_000 * RUPEE;

const lot = (id: string, basePrice: number, extra: Record<string, string> = {}): Lot => ({
  id,
  name: `Player ${id}`,
  category: 'Batter',
  basePrice,
  set: 'Marquee',
  extra,
});

describe('setup players table', () => {
  it('lists every attribute column in the order the catalog first has it', () => {
    const lots = [lot('L1', LAKH, { overseas: 'Yes' }), lot('L2', LAKH, { country: 'India', overseas: 'No' })];
    expect(lotAttributeColumns(lots)).toEqual(['overseas', 'country']);
    expect(lotAttributeColumns([])).toEqual([]);
    expect(columnLabel('batting_style')).toBe('batting style');
  });

  it('edits one player and leaves the others; an empty name or a bad price is ignored', () => {
    const lots = [lot('L1', LAKH), lot('L2', LAKH)];
    const edited = withLotPatch(lots, 'L2', { name: '  Ravi  ', category: 'Bowler ', basePrice: 50 * LAKH });
    expect(edited[0]).toBe(lots[0]);
    expect(edited[1]).toMatchObject({ id: 'L2', name: 'Ravi', category: 'Bowler', basePrice: 50 * LAKH });
    expect(withLotPatch(lots, 'L1', { name: ' ', basePrice: -1 })[0]).toEqual(lots[0]);
    expect(withLotPatch(lots, 'L1', { basePrice: 1.5 })[0]?.basePrice).toBe(LAKH);
  });

  it('withdraws one player from the draft', () => {
    const lots = [lot('L1', LAKH), lot('L2', LAKH), lot('L3', LAKH)];
    expect(withoutLot(lots, 'L2').map((l) => l.id)).toEqual(['L1', 'L3']);
    expect(withoutLot(lots, 'L9')).toEqual(lots);
  });

  it('suggests "₹20 → ₹20 L?" for a lakh-style price under one lakh, and nothing otherwise', () => {
    const fix = suggestPriceFix(lot('L1', 20 * RUPEE), ipl);
    expect(fix).toEqual({ lotId: 'L1', from: 20 * RUPEE, to: 20 * LAKH, label: '₹20 → ₹20 L?' });
    expect(suggestPriceFix(lot('L1', 20 * LAKH), ipl)).toBeNull();
    expect(suggestPriceFix(lot('L1', 0), ipl)).toBeNull();
    expect(suggestPriceFix(lot('L1', 2050), ipl)).toBeNull(); // ₹20.50: not a whole number of rupees
    const dollars: AuctionRules = { ...ipl, currency: 'USD', moneyStyle: 'standard' };
    expect(suggestPriceFix(lot('L1', 2000), dollars)).toBeNull();
  });

  it('applies the fixes only to lots still at the price they were suggested for', () => {
    const lots = [lot('L1', 20 * RUPEE), lot('L2', 2 * LAKH * 100), lot('L3', 75 * RUPEE)];
    const fixes = priceFixes(lots, ipl);
    expect(fixes.map((f) => f.lotId)).toEqual(['L1', 'L3']);
    const changed = withPatchedPrice(lots, 'L3', 80 * RUPEE);
    const fixed = withPriceFixes(changed, fixes);
    expect(fixed.map((l) => l.basePrice)).toEqual([20 * LAKH, 2 * LAKH * 100, 80 * RUPEE]);
  });
});

function withPatchedPrice(lots: Lot[], lotId: string, basePrice: number): Lot[] {
  return withLotPatch(lots, lotId, { basePrice });
}
