import { validateConfig } from '../auction/config';
import type { AuctionRules, CategoryQuota, IncrementRule, IncrementSlab, OrderRule } from '../auction/types';
import { parseMoney } from '../core/money';
import { isPlainObject } from '../core/objects';
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
 * string in the auction's currency (`"purse": "120 Cr"`); durations a number
 * of milliseconds or a string (`"30s"`, `"500ms"`, `"2m"`); a quota may be a
 * bare number (`{"overseas": 8}`); `increments` may be a bare amount (a fixed
 * step); `order` may be a bare mode (`"catalog"`). Unknown fields are errors,
 * so a typo never passes silently. The result passes the engine's
 * `validateConfig` [CFG2].
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
  for (const key of Object.keys(json)) {
    if (key !== 'preset' && !(RULE_KEYS as readonly string[]).includes(key)) {
      errors.push({ field: key, message: 'is not a setting Gavel knows' });
    }
  }

  const out: Mutable<AuctionRules> = { ...start };
  const has = (key: keyof AuctionRules): boolean => Object.hasOwn(json, key);

  if (has('currency')) {
    const value = json['currency'];
    if (typeof value === 'string' && /^[A-Za-z]{3}$/.test(value.trim())) out.currency = value.trim().toUpperCase();
    else errors.push({ field: 'currency', message: 'must be a three-letter currency code such as INR, USD or EUR' });
  }
  const currency = out.currency ?? 'USD';
  const money = (value: unknown, field: string): number | undefined => {
    if (typeof value === 'number') {
      if (Number.isSafeInteger(value) && value >= 0) return value;
      errors.push({
        field,
        message: 'must be a whole number of minor units (cents, paise) or a text amount like "20 L"',
      });
      return undefined;
    }
    if (typeof value === 'string') {
      const parsed = parseMoney(value, currency);
      if (parsed.ok) return parsed.value;
      errors.push({ field, message: parsed.error });
      return undefined;
    }
    errors.push({ field, message: 'must be an amount' });
    return undefined;
  };
  const count = (value: unknown, field: string): number | undefined => {
    if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return value;
    errors.push({ field, message: 'must be a whole number, zero or more' });
    return undefined;
  };
  const duration = (value: unknown, field: string): number | undefined => {
    const ms = parseDuration(value);
    if (ms === null) errors.push({ field, message: 'must be milliseconds or a duration like "30s", "500ms" or "2m"' });
    return ms ?? undefined;
  };

  if (has('moneyStyle')) {
    const value = json['moneyStyle'];
    if (value === 'standard' || value === 'lakh') out.moneyStyle = value;
    else errors.push({ field: 'moneyStyle', message: 'must be "standard" or "lakh"' });
  }
  if (has('purse')) out.purse = money(json['purse'], 'purse');
  if (has('minimumPrice')) out.minimumPrice = money(json['minimumPrice'], 'minimumPrice');
  for (const key of ['squadMin', 'squadMax', 'rounds'] as const) {
    if (has(key)) out[key] = count(json[key], key);
  }
  for (const key of ['lotOpenMs', 'bidExtendMs', 'graceMs', 'gapMs'] as const) {
    if (has(key)) out[key] = duration(json[key], key);
  }
  if (has('categoryQuotas')) out.categoryQuotas = readQuotas(json['categoryQuotas'], errors);
  if (has('increments')) out.increments = readIncrements(json['increments'], money, errors);
  if (has('order')) out.order = readOrder(json['order'], duration, count, errors);

  if (errors.length > 0) return { ok: false, errors };
  for (const key of RULE_KEYS) {
    if (out[key] === undefined) {
      errors.push({
        field: key,
        message: 'is missing (or add "preset": "ipl", "fantasy" or "charity" to start from one)',
      });
    }
  }
  if (errors.length > 0) return { ok: false, errors };

  const rules = out as AuctionRules;
  const problem = validateConfig({ name: 'rules', rules, teams: [], lots: [] });
  if (problem) {
    // validateConfig names the field as `rules.<path> <message>`.
    const match = /^rules\.(\S+) (.*)$/.exec(problem.message);
    return {
      ok: false,
      errors: [match ? { field: match[1] ?? '', message: match[2] ?? '' } : { field: '', message: problem.message }],
    };
  }
  return { ok: true, rules };
}

/** Milliseconds from a number or `"30s"`, `"1.5s"`, `"500ms"`, `"2m"`; null when unreadable or negative. */
function parseDuration(value: unknown): number | null {
  if (typeof value === 'number') return Number.isSafeInteger(value) && value >= 0 ? value : null;
  if (typeof value !== 'string') return null;
  const match = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|sec|seconds?|m|min|minutes?)?\s*$/i.exec(value);
  if (!match) return null;
  const unit = (match[2] ?? 'ms').toLowerCase();
  const factor = unit === 'ms' ? 1 : unit.startsWith('s') ? 1000 : 60_000;
  const ms = Math.round(Number(match[1]) * factor);
  return Number.isSafeInteger(ms) ? ms : null;
}

function readQuotas(value: unknown, errors: RulesIssue[]): Record<string, CategoryQuota> | undefined {
  if (!isPlainObject(value)) {
    errors.push({ field: 'categoryQuotas', message: 'must be an object such as { "overseas": 8 }' });
    return undefined;
  }
  const quotas: [string, CategoryQuota][] = [];
  for (const [category, quota] of Object.entries(value)) {
    const field = `categoryQuotas.${category}`;
    const max = isPlainObject(quota) ? quota['max'] : quota;
    if (typeof max === 'number' && Number.isSafeInteger(max) && max >= 0) quotas.push([category, { max }]);
    else
      errors.push({
        field,
        message: 'must be a whole number, zero or more (the most of this category a squad may hold)',
      });
  }
  return Object.fromEntries(quotas);
}

function readIncrements(
  value: unknown,
  money: (value: unknown, field: string) => number | undefined,
  errors: RulesIssue[],
): IncrementRule | undefined {
  if (typeof value === 'number' || typeof value === 'string') {
    const step = money(value, 'increments');
    return step === undefined ? undefined : { kind: 'fixed', step };
  }
  if (!isPlainObject(value)) {
    errors.push({
      field: 'increments',
      message: 'must be an amount (a fixed step) or { "kind": "fixed" | "slabs", ... }',
    });
    return undefined;
  }
  if (value['kind'] === 'fixed') {
    const step = money(value['step'], 'increments.step');
    return step === undefined ? undefined : { kind: 'fixed', step };
  }
  if (value['kind'] !== 'slabs') {
    errors.push({ field: 'increments.kind', message: 'must be "fixed" or "slabs"' });
    return undefined;
  }
  const slabs = value['slabs'];
  if (!Array.isArray(slabs) || slabs.length === 0) {
    errors.push({ field: 'increments.slabs', message: 'must be a list of { "upTo": amount or null, "step": amount }' });
    return undefined;
  }
  const out: IncrementSlab[] = [];
  slabs.forEach((slab: unknown, i) => {
    const field = `increments.slabs[${i}]`;
    if (!isPlainObject(slab)) {
      errors.push({ field, message: 'must be { "upTo": amount or null, "step": amount }' });
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
  errors: RulesIssue[],
): OrderRule | undefined {
  const spec = typeof value === 'string' ? { mode: value } : value;
  if (!isPlainObject(spec)) {
    errors.push({ field: 'order', message: 'must be "catalog", "sets", "nominate" or an object with a "mode"' });
    return undefined;
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
      errors.push({ field: 'order.mode', message: 'must be "catalog", "sets" or "nominate"' });
      return undefined;
  }
}
