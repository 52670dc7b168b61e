import type { AuctionRules, Lot } from '../../shared/auction/types';
import { formatMoney } from '../../shared/catalog';

/**
 * Display helpers. Money always goes through the catalog's `formatMoney` with
 * the auction's own currency and style (₹ in lakh / crore, $, €).
 */

export function formatAmount(rules: AuctionRules | null | undefined, minor: number): string {
  if (!rules) return String(minor);
  return formatMoney(minor, rules.currency, rules.moneyStyle);
}

/** The extra catalog fields worth showing on a lot card (role, country, ...), as label/value pairs. */
export function listLotDetails(lot: Lot): { label: string; value: string }[] {
  return Object.entries(lot.extra)
    .filter(([, value]) => value.trim() !== '')
    .map(([key, value]) => ({ label: key.replace(/[_-]+/g, ' '), value }));
}

/** "3 of 8" style counts for quotas; "3" when there is no maximum. */
export function formatCount(count: number, max?: number): string {
  return max === undefined ? String(count) : `${count} of ${max}`;
}
