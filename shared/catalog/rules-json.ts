import { listRuleProblems, rulesSchema } from '../auction/config';
import type { AuctionRules, CategoryQuota, IncrementRule, IncrementSlab, OrderRule, Quota } from '../auction/types';
import { parseMoney } from '../core/money';
import { isPlainObject } from '../core/objects';
import { parseDuration, type DurationField } from './durations';
import { isPresetName, presetRules, PRESET_NAMES } from './presets';

/**
 * Rules from JSON: a preset and the settings that differ from it, in the
 * units people write (`"120 Cr"`, `"30s"`). Every problem is reported, each
 * naming its setting.
 */

/** A problem with one setting: `field` is its path (`increments.slabs[1].step`), '' for the whole file. */
export interface RulesIssue {
  readonly field: string;
  readonly message: string;
}

/** One line for a person: `purse: "12x" is not an amount`, or just the message for the whole file. */
export function describeRulesIssue(issue: RulesIssue): string {
  return issue.field ? `${issue.field}: ${issue.message}` : issue.message;
}

export type RulesImport =
  { readonly ok: true; readonly rules: AuctionRules } | { readonly ok: false; readonly errors: RulesIssue[] };

const MAX_RULES_JSON = 100_000;

type Mutable<T> = { -readonly [K in keyof T]?: T[K] };

const RULE_KEYS: readonly (keyof AuctionRules)[] = [
  'currency',
  'moneyStyle',
  'purse',
  'squadMin',
  'squadMax',
  'categoryQuotas',
  'minimumPrice',
  'increments',
  'lotOpenMs',
  'bidExtendMs',
  'graceMs',
  'gapMs',
  'order',
  'rounds',
];

/**
 * Read rules from JSON, merged onto a base: the preset named by a `"preset"`
 * key (`ipl`, `fantasy`, `charity`), else `base`, else nothing (then every
 * field is required). Top-level fields replace the base's whole value.
 *
 * Friendlier than the raw type: money may be a number in minor units or a
 * string in the auction's currency (`"purse": "120 Cr"`); durations are
 * strings with their unit (`"30s"`, `"1500ms"`, `"2m"`), never a bare number,
 * and not below their floor [CFG4]; a category quota may be a bare number
 * (`{"wicketkeeper": 2}`); `quotas` a list of `{ "category" | "attribute",
 * "value", "max", "min" }`, where an attribute without a value means `"yes"`
 * [QUO1]; `increments` may be a bare amount (a fixed step); `order` a bare
 * mode (`"catalog"`). Unknown fields are errors, so a typo never passes
 * silently. Every problem of the file comes in one pass [CFG5]: the fields'
 * own, the missing ones and those between fields, as the engine's
 * `validateConfig` [CFG2] would find them one at a time.
 *
 * @example parseRulesJson('{"preset":"ipl","purse":"100 Cr","squadMax":20}')
 */
export function parseRulesJson(text: string, base?: AuctionRules): RulesImport {
  if (text.length > MAX_RULES_JSON) {
    return { ok: false, errors: [{ field: '', message: `The rules file is too large; the limit is 100 KB.` }] };
  }
  let json: unknown;
  try {
    json = JSON.parse(text.startsWith('\uFEFF') ? text.slice(1) : text);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    return { ok: false, errors: [{ field: '', message: `The rules file is not valid JSON (${detail}).` }] };
  }
  if (!isPlainObject(json)) {
    return {
      ok: false,
      errors: [{ field: '', message: 'The rules file must be a JSON object: { "purse": ..., ... }.' }],
    };
  }

  const errors: RulesIssue[] = [];
  let start: AuctionRules | undefined = base;
  if (Object.hasOwn(json, 'preset')) {
    const preset = json['preset'];
    if (typeof preset === 'string' && isPresetName(preset)) start = presetRules(preset);
    else {
      errors.push({ field: 'preset', message: `must be one of ${PRESET_NAMES.join(', ')}` });
    }
  }
  // Settings read as written, for the schema to judge [CFG2]: the optional ones others add (rtmCards, ...).
  const passed: Record<string, unknown> = {};
  for (const key of Object.keys(json)) {
    if (key === 'preset' || (RULE_KEYS as readonly string[]).includes(key) || key === 'quotas') continue;
    if (isOptionalRule(key)) passed[key] = json[key];
    else errors.push({ field: key, message: 'is not a setting Gavel knows' });
  }

  const out: Mutable<AuctionRules> = { ...start, ...passed };
  const has = (key: keyof AuctionRules): boolean => Object.hasOwn(json, key);
  /** Settings of the file that could not be read: the checks between fields leave them out. */
  const unread = new Set<string>();
  const refuse = (field: string, message: string): undefined => {
    errors.push({ field, message });
    unread.add(field.split(/[.[]/)[0] ?? field);
    return undefined;
  };

  if (has('currency')) {
    const value = json['currency'];
    if (typeof value === 'string' && /^[A-Za-z]{3}$/.test(value.trim())) out.currency = value.trim().toUpperCase();
    else refuse('currency', 'must be a three-letter currency code such as INR, USD or EUR');
  }
  const currency = out.currency ?? 'USD';
  const money = (value: unknown, field: string): number | undefined => {
    if (typeof value === 'number') {
      if (Number.isSafeInteger(value) && value >= 0) return value;
      return refuse(field, 'must be a whole number of minor units (cents, paise) or a text amount like "20 L"');
    }
    if (typeof value === 'string') {
      const parsed = parseMoney(value, currency);
      return parsed.ok ? parsed.value : refuse(field, parsed.error);
    }
    return refuse(field, 'must be an amount');
  };
  const count = (value: unknown, field: string): number | undefined => {
    if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return value;
    return refuse(field, 'must be a whole number, zero or more');
  };
  const duration = (value: unknown, field: string, kind: DurationField): number | undefined => {
    const parsed = parseDuration(value, kind);
    return parsed.ok ? parsed.ms : refuse(field, parsed.error);
  };

  if (has('moneyStyle')) {
    const value = json['moneyStyle'];
    if (value === 'standard' || value === 'lakh') out.moneyStyle = value;
    else refuse('moneyStyle', 'must be "standard" or "lakh"');
  }
  if (has('purse')) out.purse = money(json['purse'], 'purse');
  if (has('minimumPrice')) out.minimumPrice = money(json['minimumPrice'], 'minimumPrice');
  for (const key of ['squadMin', 'squadMax', 'rounds'] as const) {
    if (has(key)) out[key] = count(json[key], key);
  }
  for (const key of ['lotOpenMs', 'bidExtendMs', 'graceMs', 'gapMs'] as const) {
    if (has(key)) out[key] = duration(json[key], key, key);
  }
  // [RTM4] [CFG4] the right-to-match clock is a duration like the others: with its unit.
  if (has('rtmDecisionMs')) out.rtmDecisionMs = duration(json['rtmDecisionMs'], 'rtmDecisionMs', 'rtmDecisionMs');
  if (has('categoryQuotas')) {
    out.categoryQuotas = readCategoryQuotas(json['categoryQuotas'], refuse);
  }
  if (Object.hasOwn(json, 'quotas')) out.quotas = readQuotaList(json['quotas'], refuse);
  if (has('increments')) out.increments = readIncrements(json['increments'], money, refuse);
  if (has('order')) {
    out.order = readOrder(json['order'], (value, field) => duration(value, field, 'nominateMs'), count, refuse);
  }

  // A preset that could not be read would make every field it holds look missing.
  const presetUnread = Object.hasOwn(json, 'preset') && start === base;
  for (const key of RULE_KEYS) {
    if (out[key] === undefined && !has(key) && !presetUnread) {
      refuse(key, 'is missing (or add "preset": "ipl", "fantasy" or "charity" to start from one)');
    }
  }

  // [CFG5] each setting read against the engine's own schema, alone, so one bad field hides no other.
  const filler = presetRules('charity');
  const candidate: Record<string, unknown> = { ...filler };
  for (const [key, value] of Object.entries(out)) {
    if (value === undefined || unread.has(key)) continue;
    const alone = rulesSchema.parse({ ...filler, [key]: value }, 'rules');
    if (alone.ok) candidate[key] = value;
    else {
      const issue = fromEngine(alone.message);
      refuse(issue.field || key, issue.message);
    }
  }
  // [CFG5] then the rules between fields, among the settings that could be read.
  if (rulesSchema.parse(candidate, 'rules').ok) {
    for (const problem of listRuleProblems(candidate as unknown as AuctionRules)) {
      const issue = fromEngine(problem);
      const involved = Object.keys(candidate).filter((key) => problem.includes(`rules.${key}`));
      if (!involved.some((key) => unread.has(key))) errors.push(issue);
    }
  }
  if (errors.length > 0) return { ok: false, errors };
  const rules = rulesSchema.parse(out, 'rules');
  if (!rules.ok) return { ok: false, errors: [fromEngine(rules.message)] };
  return { ok: true, rules: rules.value };
}

/** `rules.<path> <message>`, as the engine's validation words it, as an issue of the file. */
function fromEngine(message: string): RulesIssue {
  const match = /^rules\.(\S+) (.*)$/.exec(message);
  return match ? { field: match[1] ?? '', message: match[2] ?? '' } : { field: '', message };
}

/** True when the engine's schema knows `key` as an optional rule (it has no "unknown field" to say of it). */
function isOptionalRule(key: string): boolean {
  const probe = rulesSchema.parse({ ...presetRules('charity'), [key]: null }, 'rules');
  return probe.ok || !probe.message.includes('unknown field');
}

type Refuse = (field: string, message: string) => undefined;

/** [SQD3] `{ "wicketkeeper": 2 }` or `{ "wicketkeeper": { "max": 2 } }`: category maximums. */
function readCategoryQuotas(value: unknown, refuse: Refuse): Record<string, CategoryQuota> | undefined {
  if (!isPlainObject(value)) return refuse('categoryQuotas', 'must be an object such as { "wicketkeeper": 2 }');
  const quotas: [string, CategoryQuota][] = [];
  let bad = false;
  for (const [category, quota] of Object.entries(value)) {
    const max = isPlainObject(quota) ? quota['max'] : quota;
    if (typeof max === 'number' && Number.isSafeInteger(max) && max >= 0) quotas.push([category, { max }]);
    else {
      bad = true;
      refuse(
        `categoryQuotas.${category}`,
        'must be a whole number, zero or more (the most of this category a squad may hold)',
      );
    }
  }
  return bad ? undefined : Object.fromEntries(quotas);
}

/**
 * [QUO1] `[{ "attribute": "overseas", "max": 8 }, { "category": "wicketkeeper", "min": 1 }]`:
 * an attribute with no value counts the lots where it says yes.
 */
function readQuotaList(value: unknown, refuse: Refuse): Quota[] | undefined {
  if (!Array.isArray(value)) {
    return refuse(
      'quotas',
      'must be a list such as [{ "attribute": "overseas", "max": 8 }, { "category": "wicketkeeper", "min": 1 }]',
    );
  }
  const quotas: unknown[] = value.map((quota: unknown) =>
    isPlainObject(quota) && typeof quota['attribute'] === 'string' && quota['value'] === undefined
      ? { ...quota, value: 'yes' }
      : quota,
  );
  return quotas as Quota[];
}

function readIncrements(
  value: unknown,
  money: (value: unknown, field: string) => number | undefined,
  refuse: Refuse,
): IncrementRule | undefined {
  if (typeof value === 'number' || typeof value === 'string') {
    const step = money(value, 'increments');
    return step === undefined ? undefined : { kind: 'fixed', step };
  }
  if (!isPlainObject(value)) {
    return refuse('increments', 'must be an amount (a fixed step) or { "kind": "fixed" | "slabs", ... }');
  }
  if (value['kind'] === 'fixed') {
    const step = money(value['step'], 'increments.step');
    return step === undefined ? undefined : { kind: 'fixed', step };
  }
  if (value['kind'] !== 'slabs') {
    return refuse('increments.kind', 'must be "fixed" or "slabs"');
  }
  const slabs = value['slabs'];
  if (!Array.isArray(slabs) || slabs.length === 0) {
    return refuse('increments.slabs', 'must be a list of { "upTo": amount or null, "step": amount }');
  }
  const out: IncrementSlab[] = [];
  slabs.forEach((slab: unknown, i) => {
    const field = `increments.slabs[${i}]`;
    if (!isPlainObject(slab)) {
      refuse(field, 'must be { "upTo": amount or null, "step": amount }');
      return;
    }
    const upTo = slab['upTo'] === null || slab['upTo'] === undefined ? null : money(slab['upTo'], `${field}.upTo`);
    const step = money(slab['step'], `${field}.step`);
    if (upTo !== undefined && step !== undefined) out.push({ upTo, step });
  });
  return out.length === slabs.length ? { kind: 'slabs', slabs: out } : undefined;
}

function readOrder(
  value: unknown,
  duration: (value: unknown, field: string) => number | undefined,
  count: (value: unknown, field: string) => number | undefined,
  refuse: Refuse,
): OrderRule | undefined {
  const spec = typeof value === 'string' ? { mode: value } : value;
  if (!isPlainObject(spec)) {
    return refuse('order', 'must be "catalog", "sets", "nominate" or an object with a "mode"');
  }
  switch (spec['mode']) {
    case 'catalog':
      return { mode: 'catalog' };
    case 'sets': {
      const seed = spec['seed'] === undefined ? 1 : count(spec['seed'], 'order.seed');
      return seed === undefined ? undefined : { mode: 'sets', seed };
    }
    case 'nominate': {
      const nominateMs = spec['nominateMs'] === undefined ? 30_000 : duration(spec['nominateMs'], 'order.nominateMs');
      return nominateMs === undefined ? undefined : { mode: 'nominate', nominateMs };
    }
    default:
      return refuse('order.mode', 'must be "catalog", "sets" or "nominate"');
  }
}
