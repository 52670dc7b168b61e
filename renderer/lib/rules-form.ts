import { validateConfig } from '../../shared/auction/config';
import { quotasOf } from '../../shared/auction/quotas';
import type {
  AuctionConfig,
  AuctionRules,
  IncrementSlab,
  Lot,
  OrderRule,
  Quota,
  Team,
} from '../../shared/auction/types';
import { durationProblems, type DurationField } from '../../shared/catalog/durations';

/**
 * The fields of Setup's rules form, one entry each: its label, its bounds
 * and how what is typed becomes the rule. Number fields are drawn with
 * NumberField; durations with DurationField, written with their unit
 * ("25s", "5m", "1500ms") and held to the floors of a rules file [CFG4].
 */

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
  seed: {
    id: 'setup-seed',
    label: 'Draw seed',
    step: 1,
    read: (rules) => (rules.order.mode === 'sets' ? rules.order.seed : 0),
    write: (rules, value) => ({ ...rules, order: { mode: 'sets', seed: Math.round(value || 0) } }),
  },
  rounds: {
    id: 'setup-rounds',
    label: 'Rounds (unsold lots return)',
    min: 1,
    testid: 'setup-rounds',
    read: (rules) => rules.rounds,
    write: (rules, value) => ({ ...rules, rounds: Math.max(1, Math.round(value || 1)) }),
  },
  rtmCards: {
    id: 'setup-rtm-cards',
    label: 'Right-to-match cards per team',
    min: 0,
    testid: 'setup-rtm-cards',
    read: (rules) => rules.rtmCards ?? 0,
    // [RTM1] 0–50; a team's own count in the teams table overrides it.
    write: (rules, value) => ({ ...rules, rtmCards: Math.min(50, Math.max(0, Math.round(value || 0))) }),
  },
} as const satisfies Record<string, RuleField>;

/** A duration setting of the form: shown and typed with its unit, in milliseconds in the rules [CFG4]. */
export interface DurationRuleField {
  readonly id: string;
  readonly label: string;
  readonly kind: DurationField;
  readonly testid?: string;
  readonly read: (rules: AuctionRules) => number;
  readonly write: (rules: AuctionRules, ms: number) => AuctionRules;
}

export const DURATION_FIELDS = {
  lotOpen: {
    id: 'setup-lot-open',
    label: 'Lot open',
    kind: 'lotOpenMs',
    testid: 'setup-lot-open',
    read: (rules) => rules.lotOpenMs,
    write: (rules, ms) => ({ ...rules, lotOpenMs: ms }),
  },
  bidExtend: {
    id: 'setup-extend',
    label: 'A bid extends to',
    kind: 'bidExtendMs',
    testid: 'setup-extend',
    read: (rules) => rules.bidExtendMs,
    write: (rules, ms) => ({ ...rules, bidExtendMs: ms }),
  },
  gap: {
    id: 'setup-gap',
    label: 'Gap between lots',
    kind: 'gapMs',
    testid: 'setup-gap',
    read: (rules) => rules.gapMs,
    write: (rules, ms) => ({ ...rules, gapMs: ms }),
  },
  grace: {
    id: 'setup-grace',
    label: 'Latency grace',
    kind: 'graceMs',
    testid: 'setup-grace',
    read: (rules) => rules.graceMs,
    write: (rules, ms) => ({ ...rules, graceMs: ms }),
  },
  nominate: {
    id: 'setup-nominate',
    label: 'Time to nominate',
    kind: 'nominateMs',
    testid: 'setup-nominate',
    read: (rules) => (rules.order.mode === 'nominate' ? rules.order.nominateMs : 30_000),
    write: (rules, ms) => ({ ...rules, order: { mode: 'nominate', nominateMs: ms } }),
  },
  rtmDecision: {
    id: 'setup-rtm-decision',
    label: 'Right-to-match decision',
    kind: 'rtmDecisionMs',
    testid: 'setup-rtm-decision',
    // [RTM4] each step of a decision runs on this clock; 30 s when unset.
    read: (rules) => rules.rtmDecisionMs ?? 30_000,
    write: (rules, ms) => ({ ...rules, rtmDecisionMs: ms }),
  },
} as const satisfies Record<string, DurationRuleField>;

/** [RTM1] A team's own right-to-match cards from Setup's teams table: blank takes the rules' number. */
export function withTeamRtmCards(teams: readonly Team[], teamId: string, typed: string): Team[] {
  const text = typed.trim();
  const cards = text === '' ? null : Math.min(50, Math.max(0, Math.round(Number(text))));
  return teams.map((team) => {
    if (team.id !== teamId) return team;
    const { rtmCards: _old, ...rest } = team;
    return cards === null || Number.isNaN(cards) ? rest : { ...rest, rtmCards: cards };
  });
}

/** [RTM2] The team that may match a lot, from Setup's lots table: '' for none. */
export function withLotRtmTeam(lots: readonly Lot[], lotId: string, teamId: string): Lot[] {
  return lots.map((lot) => {
    if (lot.id !== lotId) return lot;
    const { rtmTeamId: _old, ...rest } = lot;
    return teamId === '' ? rest : { ...rest, rtmTeamId: teamId };
  });
}

/**
 * What stops Setup from saving or starting `config`, or null: a duration
 * below the floor a rules file would refuse [CFG4], then the engine's
 * whole-config check [CFG2] with every quota counting a lot [QUO5].
 */
export function setupProblem(config: AuctionConfig): { readonly message: string } | null {
  // The floor's reason says more than the wire's bounds ("at least 5s: ..." over "between 1000 and ...").
  const [duration] = durationProblems(config.rules);
  if (duration) return { message: `${duration.field}: ${duration.message}` };
  return validateConfig(config, { complete: true });
}

/** [QUO1] One row of Setup's quota table: what it counts and its bounds, as typed. */
export interface QuotaRow {
  readonly kind: 'category' | 'attribute';
  /** The category, or the attribute's column. */
  readonly name: string;
  /** The attribute's value; '' for a category. */
  readonly value: string;
  readonly min: number | null;
  readonly max: number | null;
}

/** [QUO1] [QUO6] Every quota of the rules as rows: the legacy category maximums first, then `quotas`. */
export function quotaRows(rules: AuctionRules): QuotaRow[] {
  return quotasOf(rules).map((quota) => ({
    kind: 'category' in quota ? 'category' : 'attribute',
    name: 'category' in quota ? quota.category : quota.attribute,
    value: 'category' in quota ? '' : quota.value,
    min: quota.min ?? null,
    max: quota.max ?? null,
  }));
}

function toQuota(row: QuotaRow): Quota {
  const bounds = { ...(row.max === null ? {} : { max: row.max }), ...(row.min === null ? {} : { min: row.min }) };
  return row.kind === 'category'
    ? { category: row.name, ...bounds }
    : { attribute: row.name, value: row.value, ...bounds };
}

/**
 * [QUO1] The rules with these quota rows: all of them in `quotas`, the
 * legacy `categoryQuotas` emptied, so one list is edited and nothing counts
 * twice. An empty bound is no bound.
 */
export function withQuotaRows(rules: AuctionRules, rows: readonly QuotaRow[]): AuctionRules {
  return { ...rules, categoryQuotas: {}, quotas: rows.map(toQuota) };
}

/** A bound as typed: a whole number of at least 0, or null when the field is empty. */
export function readBound(text: string): number | null {
  const value = Number.parseInt(text, 10);
  return text.trim() === '' || !Number.isFinite(value) ? null : Math.max(0, value);
}

/** A new row: the first category of the catalog not yet counted, at least one of it. */
export function suggestQuota(rows: readonly QuotaRow[], categories: readonly string[]): QuotaRow {
  const counted = new Set(rows.filter((row) => row.kind === 'category').map((row) => row.name));
  const name = categories.find((category) => !counted.has(category)) ?? categories[0] ?? '';
  return { kind: 'category', name, value: '', min: 1, max: null };
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
