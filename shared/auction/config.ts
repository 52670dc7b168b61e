import { makeError, type AppError } from '../core/errors';

/**
 * [CFG2] Configuration validation. The config may come from JSON or CSV, so
 * every field is checked for its type as well as its range; the message names
 * the first bad field by its path (`teams[2].purse must be a positive integer`).
 */

type Check = string | null;
type Obj = Readonly<Record<string, unknown>>;

const MAX_ID_LENGTH = 64;
const MAX_TEXT_LENGTH = 200;

function isObject(value: unknown): value is Obj {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isInt(value: unknown, min: number): boolean {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= min;
}

function positiveInt(value: unknown, path: string): Check {
  return isInt(value, 1) ? null : `${path} must be a positive integer`;
}

function nonNegativeInt(value: unknown, path: string): Check {
  return isInt(value, 0) ? null : `${path} must be a non-negative integer`;
}

function text(value: unknown, path: string, allowEmpty = false): Check {
  if (typeof value !== 'string') return `${path} must be a string`;
  if (!allowEmpty && value.trim() === '') return `${path} must not be empty`;
  return value.length <= MAX_TEXT_LENGTH ? null : `${path} must be at most ${MAX_TEXT_LENGTH} characters`;
}

function id(value: unknown, path: string): Check {
  if (typeof value !== 'string' || value === '') return `${path} must be a non-empty string`;
  if (value.length > MAX_ID_LENGTH) return `${path} must be at most ${MAX_ID_LENGTH} characters`;
  // Ids are record keys (ledger, outcomes); this one would reach the prototype.
  return value === '__proto__' ? `${path} must not be __proto__` : null;
}

function first(...checks: (() => Check)[]): Check {
  for (const check of checks) {
    const problem = check();
    if (problem) return problem;
  }
  return null;
}

function checkIncrements(inc: unknown): Check {
  if (!isObject(inc)) return 'rules.increments must be an object';
  if (inc['kind'] === 'fixed') return positiveInt(inc['step'], 'rules.increments.step');
  if (inc['kind'] !== 'slabs') return "rules.increments.kind must be 'fixed' or 'slabs'";
  const slabs = inc['slabs'];
  if (!Array.isArray(slabs) || slabs.length === 0) return 'rules.increments.slabs must be a non-empty array';
  let previous = 0;
  for (const [i, slab] of slabs.entries()) {
    const path = `rules.increments.slabs[${i}]`;
    if (!isObject(slab)) return `${path} must be an object`;
    const step = positiveInt(slab['step'], `${path}.step`);
    if (step) return step;
    const upTo = slab['upTo'];
    const isLast = i === slabs.length - 1;
    if (isLast && upTo !== null) return `${path}.upTo must be null (the last slab is open-ended)`;
    if (!isLast && (!isInt(upTo, 1) || (upTo as number) <= previous)) {
      return `${path}.upTo must be an integer above the previous slab's`;
    }
    if (!isLast) previous = upTo as number;
  }
  return null;
}

function checkOrder(order: unknown): Check {
  if (!isObject(order)) return 'rules.order must be an object';
  switch (order['mode']) {
    case 'catalog':
      return null;
    case 'sets':
      return isInt(order['seed'], Number.MIN_SAFE_INTEGER) ? null : 'rules.order.seed must be an integer';
    case 'nominate':
      return positiveInt(order['nominateMs'], 'rules.order.nominateMs');
    default:
      return "rules.order.mode must be 'catalog', 'sets' or 'nominate'";
  }
}

function checkQuotas(quotas: unknown): Check {
  if (!isObject(quotas)) return 'rules.categoryQuotas must be an object';
  for (const [category, quota] of Object.entries(quotas)) {
    const path = `rules.categoryQuotas[${JSON.stringify(category)}]`;
    // The one key a plain object cannot hold safely; every other name is an ordinary category.
    if (category === '__proto__') return `${path} must not be __proto__`;
    if (!isObject(quota)) return `${path} must be an object`;
    const max = nonNegativeInt(quota['max'], `${path}.max`);
    if (max) return max;
  }
  return null;
}

function checkRules(rules: unknown): Check {
  if (!isObject(rules)) return 'rules must be an object';
  const r = rules;
  return first(
    () =>
      typeof r['currency'] === 'string' && /^[A-Z]{3}$/.test(r['currency'])
        ? null
        : 'rules.currency must be an ISO 4217 code',
    () =>
      r['moneyStyle'] === 'standard' || r['moneyStyle'] === 'lakh'
        ? null
        : "rules.moneyStyle must be 'standard' or 'lakh'",
    () => positiveInt(r['purse'], 'rules.purse'),
    () => nonNegativeInt(r['squadMin'], 'rules.squadMin'),
    () => positiveInt(r['squadMax'], 'rules.squadMax'),
    () =>
      (r['squadMin'] as number) <= (r['squadMax'] as number) ? null : 'rules.squadMin must not exceed rules.squadMax',
    () => checkQuotas(r['categoryQuotas']),
    () => nonNegativeInt(r['minimumPrice'], 'rules.minimumPrice'),
    () => checkIncrements(r['increments']),
    () => positiveInt(r['lotOpenMs'], 'rules.lotOpenMs'),
    () => nonNegativeInt(r['bidExtendMs'], 'rules.bidExtendMs'),
    () => nonNegativeInt(r['graceMs'], 'rules.graceMs'),
    () => nonNegativeInt(r['gapMs'], 'rules.gapMs'),
    () => checkOrder(r['order']),
    () => positiveInt(r['rounds'], 'rules.rounds'),
  );
}

function checkTeams(teams: unknown, rules: Obj): Check {
  if (!Array.isArray(teams)) return 'teams must be an array';
  const seen = new Set<string>();
  const reserve = (rules['squadMin'] as number) * (rules['minimumPrice'] as number);
  for (const [i, team] of teams.entries()) {
    const path = `teams[${i}]`;
    if (!isObject(team)) return `${path} must be an object`;
    const problem = first(
      () => id(team['id'], `${path}.id`),
      () => (seen.has(team['id'] as string) ? `${path}.id duplicates ${JSON.stringify(team['id'])}` : null),
      () => text(team['name'], `${path}.name`),
      () => text(team['short'], `${path}.short`),
      () => positiveInt(team['purse'], `${path}.purse`),
      // [MAX1] a purse below the squad reserve could never bid at all.
      () =>
        (team['purse'] as number) >= reserve ? null : `${path}.purse must cover squadMin × minimumPrice (${reserve})`,
    );
    if (problem) return problem;
    seen.add(team['id'] as string);
  }
  return null;
}

function checkExtra(extra: unknown, path: string): Check {
  if (!isObject(extra)) return `${path} must be an object`;
  for (const [key, value] of Object.entries(extra)) {
    if (key === '__proto__') return `${path} must not have the key __proto__`;
    if (typeof value !== 'string') return `${path}[${JSON.stringify(key)}] must be a string`;
  }
  return null;
}

function checkLots(lots: unknown): Check {
  if (!Array.isArray(lots)) return 'lots must be an array';
  const seen = new Set<string>();
  for (const [i, lot] of lots.entries()) {
    const path = `lots[${i}]`;
    if (!isObject(lot)) return `${path} must be an object`;
    const problem = first(
      () => id(lot['id'], `${path}.id`),
      () => (seen.has(lot['id'] as string) ? `${path}.id duplicates ${JSON.stringify(lot['id'])}` : null),
      () => text(lot['name'], `${path}.name`),
      () => text(lot['category'], `${path}.category`, true),
      () => positiveInt(lot['basePrice'], `${path}.basePrice`),
      () => text(lot['set'], `${path}.set`, true),
      () => checkExtra(lot['extra'], `${path}.extra`),
    );
    if (problem) return problem;
    seen.add(lot['id'] as string);
  }
  return null;
}

/**
 * [CFG2] Check a whole configuration. Returns an `invalid_config` error whose
 * message names the first bad field, or null when the config is usable.
 * Teams and lots may be empty here (setup fills them in); [AUC1] the start
 * needs at least one of each.
 */
export function validateConfig(config: unknown): AppError | null {
  if (!isObject(config)) return makeError('invalid_config', 'config must be an object');
  const problem = first(
    () => text(config['name'], 'name'),
    () => checkRules(config['rules']),
    () => checkTeams(config['teams'], config['rules'] as Obj),
    () => checkLots(config['lots']),
  );
  return problem ? makeError('invalid_config', problem) : null;
}
