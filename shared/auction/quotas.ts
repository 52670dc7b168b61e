import { ownValue } from './records';
import type { AuctionConfig, AuctionRules, AuctionState, Lot, Quota, TeamId } from './types';

/**
 * Quotas [QUO1]–[QUO7]: what they count, how many a team holds, and how many
 * more lots its unmet minimums still need. Rule ids refer to
 * shared/auction/RULES.md. Pure; `rules.ts` builds the bid checks on it.
 */

const YES = new Set(['yes', 'y', 'true', '1']);
const NO = new Set(['no', 'n', 'false', '0']);

/**
 * [QUO1] An attribute value as quotas compare it: trimmed, lower case, and
 * the spellings of a yes/no column read as `yes` / `no`.
 *
 * @example normaliseAttribute(' Y ') === 'yes'; normaliseAttribute('India') === 'india'.
 */
export function normaliseAttribute(value: string): string {
  const text = value.trim().toLowerCase();
  if (YES.has(text)) return 'yes';
  if (NO.has(text)) return 'no';
  return text;
}

/** Names (categories, attribute names) compare trimmed and case-blind: "Wicketkeeper" is "wicketkeeper". */
function sameName(a: string, b: string): boolean {
  return a.trim().toLowerCase() === b.trim().toLowerCase();
}

/** [QUO1] The lot's value of attribute `name` (a catalog column, any case), or undefined. */
export function lotAttribute(lot: Lot, name: string): string | undefined {
  const exact = ownValue(lot.extra, name);
  if (exact !== undefined) return exact;
  for (const key of Object.keys(lot.extra)) {
    if (sameName(key, name)) return ownValue(lot.extra, key);
  }
  return undefined;
}

/** [QUO1] True when the quota counts this lot. */
export function lotMatchesQuota(lot: Lot, quota: Quota): boolean {
  if ('category' in quota) return sameName(lot.category, quota.category);
  const value = lotAttribute(lot, quota.attribute);
  return value !== undefined && normaliseAttribute(value) === normaliseAttribute(quota.value);
}

/**
 * [QUO6] Every quota of the rules: the legacy `categoryQuotas` (each a
 * category maximum) first, then `quotas`. Old configs have no `quotas`.
 */
export function quotasOf(rules: AuctionRules): readonly Quota[] {
  const legacy = Object.entries(rules.categoryQuotas).map(([category, quota]): Quota => ({ category, max: quota.max }));
  return rules.quotas ? [...legacy, ...rules.quotas] : legacy;
}

/**
 * The words a person reads for a quota: the category, the attribute for a
 * yes-attribute (`overseas`), `not overseas` for a no, else `country India`.
 */
export function quotaLabel(quota: Quota): string {
  if ('category' in quota) return quota.category;
  const value = normaliseAttribute(quota.value);
  if (value === 'yes') return quota.attribute;
  if (value === 'no') return `not ${quota.attribute}`;
  return `${quota.attribute} ${quota.value.trim()}`;
}

// Configs are immutable and shared between states: one index per config object.
const LOTS = new WeakMap<AuctionConfig, ReadonlyMap<string, Lot>>();

function lotsById(config: AuctionConfig): ReadonlyMap<string, Lot> {
  let lots = LOTS.get(config);
  if (!lots) {
    lots = new Map(config.lots.map((lot) => [lot.id, lot]));
    LOTS.set(config, lots);
  }
  return lots;
}

/** Lots of the team's squad the quota counts. */
export function quotaCount(state: AuctionState, teamId: TeamId, quota: Quota): number {
  const ledger = ownValue(state.ledger, teamId);
  if (!ledger) return 0;
  let count = 0;
  const lots = lotsById(state.config);
  for (const lotId of ledger.lots) {
    const lot = lots.get(lotId);
    if (lot && lotMatchesQuota(lot, quota)) count += 1;
  }
  return count;
}

/** [QUO7] One quota as a team stands against it. */
export interface QuotaUse {
  readonly label: string;
  readonly count: number;
  readonly min: number | null;
  readonly max: number | null;
}

/** [QUO7] Every quota of the auction with the team's count, in rules order. */
export function quotaUse(state: AuctionState, teamId: TeamId): QuotaUse[] {
  return quotasOf(state.config.rules).map((quota) => ({
    label: quotaLabel(quota),
    count: quotaCount(state, teamId, quota),
    min: quota.min ?? null,
    max: quota.max ?? null,
  }));
}

/** A minimum the team has not met yet, and how many more lots it needs. */
export interface UnmetMinimum {
  readonly quota: Quota;
  readonly label: string;
  readonly needed: number;
}

/**
 * [QUO3] The minimums the team would still have to meet after buying `lot`
 * (when given: it counts towards the quotas it matches). Minimums are
 * reserved separately, one lot each, even when one lot could count for two
 * (an overseas wicketkeeper): the guard errs on the side of a squad that can
 * still be completed.
 */
export function unmetMinimums(state: AuctionState, teamId: TeamId, lot?: Lot): UnmetMinimum[] {
  const unmet: UnmetMinimum[] = [];
  for (const quota of quotasOf(state.config.rules)) {
    if (!quota.min) continue;
    const counted = quotaCount(state, teamId, quota) + (lot && lotMatchesQuota(lot, quota) ? 1 : 0);
    if (counted < quota.min) unmet.push({ quota, label: quotaLabel(quota), needed: quota.min - counted });
  }
  return unmet;
}

/** [QUO3] Lots the unmet minimums still need after `lot`: the sum of `unmetMinimums`. */
export function minimumsNeeded(state: AuctionState, teamId: TeamId, lot?: Lot): number {
  return unmetMinimums(state, teamId, lot).reduce((sum, minimum) => sum + minimum.needed, 0);
}

/**
 * [QUO5] The quotas that count no lot of the catalog, each with its path in
 * the rules and its label: a quota on a category nobody has, or on an
 * attribute value no lot carries, would otherwise read "0 of 2" all night
 * while teams buy what it meant.
 */
export function quotasNamingNothing(
  config: AuctionConfig,
): { readonly path: string; readonly label: string; readonly hint: string | null }[] {
  const rules = config.rules;
  const named: { readonly path: string; readonly quota: Quota }[] = [
    ...Object.entries(rules.categoryQuotas).map(([category, quota]) => ({
      path: `rules.categoryQuotas[${JSON.stringify(category)}]`,
      quota: { category, max: quota.max },
    })),
    ...(rules.quotas ?? []).map((quota, i) => ({ path: `rules.quotas[${i}]`, quota })),
  ];
  return named.flatMap(({ path, quota }) => {
    if (config.lots.some((lot) => lotMatchesQuota(lot, quota))) return [];
    // A category quota on what is a column of the sheet (overseas) is the mistake leagues make.
    const column = 'category' in quota && config.lots.some((lot) => lotAttribute(lot, quota.category) !== undefined);
    const hint = column
      ? `${JSON.stringify(quota.category)} is a column: count it with { "attribute": ${JSON.stringify(quota.category)}, "value": "yes" } in quotas`
      : null;
    return [{ path, label: quotaLabel(quota), hint }];
  });
}
