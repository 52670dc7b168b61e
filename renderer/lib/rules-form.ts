import type { AuctionRules, IncrementSlab, OrderRule } from '../../shared/auction/types';

/**
 * The number fields of Setup's rules form, one entry each: its label, its
 * bounds and how a typed number becomes the rule (seconds on screen,
 * milliseconds in the rules). The page draws every one with NumberField.
 */

/** Milliseconds as seconds with one decimal, for a field. */
export function msToSeconds(ms: number): number {
  return Math.round(ms / 100) / 10;
}

/** Seconds typed in a field as whole milliseconds, never negative. */
export function secondsToMs(value: number): number {
  return Math.max(0, Math.round(value * 1000));
}

export interface RuleField {
  readonly id: string;
  readonly label: string;
  readonly min?: number;
  readonly step?: number;
  readonly testid?: string;
  /** What the field shows for these rules. */
  readonly read: (rules: AuctionRules) => number;
  /** The rules after the field changed to `value` (NaN when the field was emptied). */
  readonly write: (rules: AuctionRules, value: number) => AuctionRules;
}

export const RULE_FIELDS = {
  squadMin: {
    id: 'setup-squad-min',
    label: 'Squad minimum',
    min: 0,
    testid: 'setup-squad-min',
    read: (rules) => rules.squadMin,
    write: (rules, value) => ({ ...rules, squadMin: value || 0 }),
  },
  squadMax: {
    id: 'setup-squad-max',
    label: 'Squad maximum',
    min: 1,
    testid: 'setup-squad-max',
    read: (rules) => rules.squadMax,
    write: (rules, value) => ({ ...rules, squadMax: value || 1 }),
  },
  lotOpen: {
    id: 'setup-lot-open',
    label: 'Lot open (s)',
    min: 1,
    step: 1,
    testid: 'setup-lot-open',
    read: (rules) => msToSeconds(rules.lotOpenMs),
    write: (rules, value) => ({ ...rules, lotOpenMs: secondsToMs(value || 1) }),
  },
  bidExtend: {
    id: 'setup-extend',
    label: 'A bid extends to (s)',
    min: 0,
    step: 1,
    testid: 'setup-extend',
    read: (rules) => msToSeconds(rules.bidExtendMs),
    write: (rules, value) => ({ ...rules, bidExtendMs: secondsToMs(value || 0) }),
  },
  gap: {
    id: 'setup-gap',
    label: 'Gap between lots (s)',
    min: 0,
    step: 1,
    testid: 'setup-gap',
    read: (rules) => msToSeconds(rules.gapMs),
    write: (rules, value) => ({ ...rules, gapMs: secondsToMs(value || 0) }),
  },
  grace: {
    id: 'setup-grace',
    label: 'Latency grace (ms)',
    min: 0,
    step: 50,
    read: (rules) => rules.graceMs,
    write: (rules, value) => ({ ...rules, graceMs: Math.max(0, Math.round(value || 0)) }),
  },
  seed: {
    id: 'setup-seed',
    label: 'Draw seed',
    step: 1,
    read: (rules) => (rules.order.mode === 'sets' ? rules.order.seed : 0),
    write: (rules, value) => ({ ...rules, order: { mode: 'sets', seed: Math.round(value || 0) } }),
  },
  nominate: {
    id: 'setup-nominate',
    label: 'Time to nominate (s)',
    min: 1,
    read: (rules) => (rules.order.mode === 'nominate' ? msToSeconds(rules.order.nominateMs) : 0),
    write: (rules, value) => ({ ...rules, order: { mode: 'nominate', nominateMs: secondsToMs(value || 1) } }),
  },
  rounds: {
    id: 'setup-rounds',
    label: 'Rounds (unsold lots return)',
    min: 1,
    testid: 'setup-rounds',
    read: (rules) => rules.rounds,
    write: (rules, value) => ({ ...rules, rounds: Math.max(1, Math.round(value || 1)) }),
  },
} as const satisfies Record<string, RuleField>;

/**
 * [SQD3] The quotas after the "At most" field of `category` changed to
 * `text`: a number sets the quota (at least 0), an empty field removes it.
 * Rebuilt from entries: `quotas[category] = ...` on a plain object would set
 * the prototype for "__proto__".
 */
export function withQuota(
  quotas: AuctionRules['categoryQuotas'],
  category: string,
  text: string,
): AuctionRules['categoryQuotas'] {
  const others = Object.entries(quotas).filter(([name]) => name !== category);
  const max = Number.parseInt(text, 10);
  const isCleared = text.trim() === '' || !Number.isFinite(max);
  return Object.fromEntries(isCleared ? others : [...others, [category, { max: Math.max(0, max) }]]);
}

/** [INC1] [INC2] The rules with a fixed step or slabs, carrying the current step over. */
export function withIncrementKind(rules: AuctionRules, kind: 'fixed' | 'slabs'): AuctionRules {
  const inc = rules.increments;
  if (inc.kind === kind) return rules;
  const step = inc.kind === 'fixed' ? inc.step : (inc.slabs[0]?.step ?? rules.minimumPrice);
  return {
    ...rules,
    increments: kind === 'fixed' ? { kind: 'fixed', step } : { kind: 'slabs', slabs: [{ upTo: null, step }] },
  };
}

function slabsOf(rules: AuctionRules): readonly IncrementSlab[] {
  return rules.increments.kind === 'slabs' ? rules.increments.slabs : [];
}

function withSlabs(rules: AuctionRules, slabs: IncrementSlab[]): AuctionRules {
  return { ...rules, increments: { kind: 'slabs', slabs } };
}

/** The rules with slab `index` changed. */
export function withSlab(rules: AuctionRules, index: number, patch: Partial<IncrementSlab>): AuctionRules {
  return withSlabs(
    rules,
    slabsOf(rules).map((slab, i) => (i === index ? { ...slab, ...patch } : slab)),
  );
}

/** A new slab before the open-ended last one, at a bound above the one before. */
export function withSlabAdded(rules: AuctionRules): AuctionRules {
  const slabs = [...slabsOf(rules)];
  const last = slabs[slabs.length - 1];
  const previousUpTo = slabs[slabs.length - 2]?.upTo ?? 0;
  const bound = Math.max(previousUpTo * 2, previousUpTo + (last?.step ?? 1) * 10);
  slabs.splice(slabs.length - 1, 0, { upTo: bound, step: last?.step ?? 1 });
  return withSlabs(rules, slabs);
}

/** Slab `index` removed; the last slab stays open-ended. */
export function withSlabRemoved(rules: AuctionRules, index: number): AuctionRules {
  const slabs = slabsOf(rules).filter((_, i) => i !== index);
  const last = slabs[slabs.length - 1];
  if (last) slabs[slabs.length - 1] = { ...last, upTo: null };
  return withSlabs(rules, slabs);
}

/** [ORD1]–[ORD3] The rules in another order mode; `seed` is the draw for sets (the page rolls it). */
export function withOrderMode(rules: AuctionRules, mode: OrderRule['mode'], seed: number): AuctionRules {
  const order: OrderRule =
    mode === 'sets' ? { mode, seed } : mode === 'nominate' ? { mode, nominateMs: 30_000 } : { mode };
  return { ...rules, order };
}
