import type { AuctionRules, Lot } from '../../shared/auction/types';
import { formatMoney, minorDigits } from '../../shared/core/money';

/**
 * Display helpers. Money always goes through core's `formatMoney` with
 * the auction's own currency and style (₹ in lakh / crore, $, €), at the
 * auction's one precision (see `hasWholeUnits`).
 */

const wholeUnitsCache = new WeakMap<AuctionRules, boolean>();
const fixedFormatters = new Map<string, Intl.NumberFormat>();

/**
 * True when the purse, the minimum price and every increment are whole major
 * units (dollars, rupees): the auction's amounts then read best without
 * cents. Otherwise every amount shows its cents, so `$1.00` sits next to
 * `$1.10`, never `$1`.
 */
export function hasWholeUnits(rules: AuctionRules): boolean {
  const cached = wholeUnitsCache.get(rules);
  if (cached !== undefined) return cached;
  const unit = 10 ** minorDigits(rules.currency);
  const steps = rules.increments.kind === 'fixed' ? [rules.increments.step] : rules.increments.slabs.map((s) => s.step);
  const isWhole = [rules.purse, rules.minimumPrice, ...steps].every((amount) => amount % unit === 0);
  wholeUnitsCache.set(rules, isWhole);
  return isWhole;
}

/** Minor units as an exact plain decimal with every minor digit: 1250 cents → "12.50". */
export function toMajorDecimal(minor: number, digits: number): `${number}` {
  if (digits === 0) return `${minor}`;
  const text = String(Math.abs(Math.trunc(minor))).padStart(digits + 1, '0');
  return `${minor < 0 ? '-' : ''}${text.slice(0, -digits)}.${text.slice(-digits)}` as `${number}`;
}

function formatWithMinorUnits(minor: number, currency: string, digits: number): string {
  let formatter = fixedFormatters.get(currency);
  if (!formatter) {
    formatter = new Intl.NumberFormat('en', {
      style: 'currency',
      currency,
      minimumFractionDigits: digits,
      maximumFractionDigits: digits,
    });
    fixedFormatters.set(currency, formatter);
  }
  return formatter.format(toMajorDecimal(minor, digits));
}

/**
 * An amount as people read it, at one precision for the whole auction:
 * `$1` and `$150` when the rules deal in whole units, `$1.00` and `$1.10`
 * when they do not. A stray amount with cents in a whole-unit auction still
 * shows its cents: exact beats uniform. Lakh / crore keep their own style.
 */
export function formatAmount(rules: AuctionRules | null | undefined, minor: number): string {
  if (!rules) return String(minor);
  const digits = minorDigits(rules.currency);
  if (!Number.isFinite(minor) || rules.moneyStyle === 'lakh' || digits === 0 || hasWholeUnits(rules)) {
    return formatMoney(minor, rules.currency, rules.moneyStyle);
  }
  return formatWithMinorUnits(minor, rules.currency, digits);
}

/**
 * The extra catalog fields worth showing on a lot card (role, country, ...).
 * `key` is the field's own name, unique in the lot: lists key by it, never by
 * `label`, because `batting_style` and `batting-style` read alike.
 */
export function listLotDetails(lot: Lot): { key: string; label: string; value: string }[] {
  return Object.entries(lot.extra)
    .filter(([, value]) => typeof value === 'string' && value.trim() !== '')
    .map(([key, value]) => ({ key, label: key.replace(/[_-]+/g, ' '), value }));
}

/** "3 of 8" style counts for quotas; "3" when there is no maximum. */
export function formatCount(count: number, max?: number): string {
  return max === undefined ? String(count) : `${count} of ${max}`;
}

const pluralRules = new Intl.PluralRules('en');

/**
 * A count with its noun in the right number: "1 lot", "3 lots", "0 lots",
 * "1 spectator". Pass `other` for irregular plurals ("1 squad place").
 */
export function formatQuantity(count: number, one: string, other = `${one}s`): string {
  return `${count} ${pluralRules.select(count) === 'one' ? one : other}`;
}
