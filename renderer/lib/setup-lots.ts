import type { AuctionRules, Lot } from '../../shared/auction/types';
import { minorDigits } from '../../shared/core/money';
import { formatAmount } from './format';

/**
 * Setup's players table: its columns (every attribute the catalog has), one
 * player's edit or withdrawal, and the likely fix for a base price that reads
 * as a unit slip ("20" taken as ₹20 in a lakh/crore league).
 */

/** One lakh in major units: a lakh-style price below it is almost always a missing "L". */
const LAKH = 100_000;

/** The attribute columns (`lot.extra` keys: overseas, country, ...) in the order the catalog first has them. */
export function lotAttributeColumns(lots: readonly Lot[]): string[] {
  const seen = new Set<string>();
  for (const lot of lots) for (const key of Object.keys(lot.extra)) seen.add(key);
  return [...seen];
}

/** A column's heading: `batting_style` reads "batting style". */
export function columnLabel(key: string): string {
  return key.replace(/[_-]+/g, ' ').trim();
}

export type LotPatch = Partial<Pick<Lot, 'name' | 'category' | 'basePrice'>>;

/** The lots with one lot's name, category or base price changed; names and categories are trimmed. */
export function withLotPatch(lots: readonly Lot[], lotId: string, patch: LotPatch): Lot[] {
  const name = patch.name?.trim();
  const category = patch.category?.trim();
  const price = patch.basePrice;
  return lots.map((lot) =>
    lot.id !== lotId
      ? lot
      : {
          ...lot,
          ...(name ? { name } : {}),
          ...(category !== undefined ? { category } : {}),
          ...(price !== undefined && Number.isSafeInteger(price) && price >= 0 ? { basePrice: price } : {}),
        },
  );
}

/** The lots without one: a withdrawn player leaves the draft (and its retention and RTM team with it). */
export function withoutLot(lots: readonly Lot[], lotId: string): Lot[] {
  return lots.filter((lot) => lot.id !== lotId);
}

export interface PriceFix {
  readonly lotId: string;
  readonly from: number;
  readonly to: number;
  /** "₹20 → ₹20 L?" */
  readonly label: string;
}

/**
 * The likely fix for a base price that looks like a unit slip: in a
 * lakh/crore league a price under one lakh ("20" read as ₹20) was almost
 * surely meant in lakh, so 20 becomes 20 L. The same threshold as the lots
 * CSV's warning (shared/catalog/lots-csv.ts). Null for any other price.
 */
export function suggestPriceFix(lot: Lot, rules: AuctionRules): PriceFix | null {
  if (rules.moneyStyle !== 'lakh') return null;
  const unit = 10 ** minorDigits(rules.currency);
  const lakh = LAKH * unit;
  if (lot.basePrice <= 0 || lot.basePrice >= lakh || lot.basePrice % unit !== 0) return null;
  const to = lot.basePrice * LAKH;
  return {
    lotId: lot.id,
    from: lot.basePrice,
    to,
    label: `${formatAmount(rules, lot.basePrice)} → ${formatAmount(rules, to)}?`,
  };
}

/** Every lot's likely price fix, in catalog order. */
export function priceFixes(lots: readonly Lot[], rules: AuctionRules): PriceFix[] {
  return lots.map((lot) => suggestPriceFix(lot, rules)).filter((fix) => fix !== null);
}

/** The lots with the given fixes applied (each only if the lot still has the price it was suggested for). */
export function withPriceFixes(lots: readonly Lot[], fixes: readonly PriceFix[]): Lot[] {
  const byId = new Map(fixes.map((fix) => [fix.lotId, fix]));
  return lots.map((lot) => {
    const fix = byId.get(lot.id);
    return fix && lot.basePrice === fix.from ? { ...lot, basePrice: fix.to } : lot;
  });
}
