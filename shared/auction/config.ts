import { makeError, type AppError } from '../core/errors';
import { isPlainObject } from '../core/objects';
import {
  array,
  boolean,
  int,
  literal,
  nullable,
  object,
  objectWithOptional,
  record,
  refine,
  string,
  tagged,
  type ParseResult,
  type Schema,
} from '../core/schema';
import { quotasNamingNothing, quotasOf } from './quotas';
import type { AuctionConfig, AuctionRules, Display, Lot, Quota, Team } from './types';
import { DEFAULT_RTM_DECISION_MS } from './types';

/**
 * [CFG2] What a valid configuration is, once: these schemas check each field
 * (type and range), `checkConfig` the rules between fields. The engine, the
 * host's wire schema (`auction:configure` is built from these), the CLI, the
 * desktop IPC and the Setup screen all ask `validateConfig`, so no path
 * accepts what another refuses. Messages name the first bad field by its path
 * (`teams[2].purse must be a positive integer`).
 */

/** Largest amount of money accepted anywhere (minor units): far above any real purse, far below 2^53. */
export const MAX_MONEY = 1e15;
/** Longest clock setting: a day. */
export const MAX_MS = 86_400_000;
/** A lot shorter than a second closes before a bidder on a phone has seen it. */
export const MIN_LOT_OPEN_MS = 1_000;
/** Grace absorbs network delay after a lot's deadline; longer would be a hidden extension. */
export const MAX_GRACE_MS = 10_000;
export const MAX_ROUNDS = 20;
export const MAX_TEAMS = 100;
export const MAX_LOTS = 5_000;
export const MAX_ID_LENGTH = 64;
/** Names, categories and sets. */
export const MAX_TEXT_LENGTH = 200;
export const MAX_SHORT_LENGTH = 12;
/** [RTM1] Right-to-match cards a team may hold. */
export const MAX_RTM_CARDS = 50;
/** [RTM4] An RTM decision is made by people talking in a room: under 5 s nobody could. */
export const MIN_RTM_DECISION_MS = 5_000;
/** [RTM4] The decision clock when the rules set none (kept in types.ts, which every screen already loads). */
export { DEFAULT_RTM_DECISION_MS };

/** Ids come from users' catalogs ("L 01", "P#12"): any printable text but the one key a record cannot hold. */
export const idSchema: Schema<string> = refine(
  string({
    min: 1,
    max: MAX_ID_LENGTH,
    // eslint-disable-next-line no-control-regex
    pattern: /^[^\u0000-\u001f\u007f]+$/,
    hint: 'must be printable text',
  }),
  // Ids are record keys (ledger, outcomes); this one would reach the prototype.
  (value) => (value === '__proto__' ? 'must not be __proto__' : null),
);

/**
 * [DSP1] A stored image: the host names it by its content's SHA-256 (hex) and
 * its type, so a name is never a path, a URL or a way out of the media folder.
 */
export const MEDIA_NAME_PATTERN = /^[0-9a-f]{16,64}\.(?:png|jpg|webp|gif)$/;
export const mediaNameSchema: Schema<string> = string({
  min: 1,
  max: 80,
  pattern: MEDIA_NAME_PATTERN,
  hint: 'must be a media name the host gave (hex digits and .png, .jpg, .webp or .gif)',
});

/** A name a person reads: not empty, not only spaces. */
const label = (max: number): Schema<string> =>
  refine(string({ min: 1, max }), (value) => (value.trim() === '' ? 'must not be empty' : null));

const money = int({ min: 0, max: MAX_MONEY });
const positiveMoney = int({ min: 1, max: MAX_MONEY });
const ms = int({ min: 0, max: MAX_MS });
const count = int({ min: 0, max: 1_000 });

const increments = tagged('kind', {
  fixed: object({ kind: literal('fixed'), step: positiveMoney }),
  slabs: object({
    kind: literal('slabs'),
    // Rising `upTo` ending in null: checkConfig, which sees the whole list.
    slabs: array(object({ upTo: nullable(positiveMoney), step: positiveMoney }), { min: 1, max: 50 }),
  }),
});

const order = tagged('mode', {
  catalog: object({ mode: literal('catalog') }),
  // The PRNG takes the seed modulo 2^32, so any safe integer names a draw.
  sets: object({ mode: literal('sets'), seed: int({ min: Number.MIN_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER }) }),
  nominate: object({ mode: literal('nominate'), nominateMs: int({ min: MIN_LOT_OPEN_MS, max: MAX_MS }) }),
});

/** [QUO1] Quotas in one config: far more than any league counts. */
export const MAX_QUOTAS = 50;

const quotaFields = objectWithOptional(
  {
    category: string({ max: MAX_TEXT_LENGTH }),
    attribute: refine(string({ min: 1, max: 40 }), (value) => (value.trim() === '' ? 'must not be empty' : null)),
    value: string({ min: 1, max: 500 }),
    max: count,
    min: count,
  },
  ['category', 'attribute', 'value', 'max', 'min'],
);

/**
 * [QUO1] A quota counts a category or an attribute value, with a `max`
 * and/or a `min`: `{ category: 'wicketkeeper', min: 1 }`,
 * `{ attribute: 'overseas', value: 'yes', max: 8 }`.
 */
const quotaSchema: Schema<Quota> = {
  parse(input, path) {
    const parsed = quotaFields.parse(input, path);
    if (!parsed.ok) return parsed;
    const { category, attribute, value, max, min } = parsed.value;
    const problem = (message: string): ParseResult<Quota> => ({ ok: false, message: `${path} ${message}` });
    if ((category === undefined) === (attribute === undefined)) {
      return problem('must name either a category or an attribute (with its value)');
    }
    if (attribute !== undefined && value === undefined) return problem('must give the value of its attribute');
    if (category !== undefined && value !== undefined) return problem('has a value but no attribute');
    if (max === undefined && min === undefined) return problem('must set a max, a min or both');
    if (max !== undefined && min !== undefined && min > max) return problem('min must not exceed max');
    const bounds = { ...(max === undefined ? {} : { max }), ...(min === undefined ? {} : { min }) };
    const quota: Quota =
      category !== undefined ? { category, ...bounds } : { attribute: attribute ?? '', value: value ?? '', ...bounds };
    return { ok: true, value: quota };
  },
};

export const rulesSchema: Schema<AuctionRules> = objectWithOptional(
  {
    currency: string({ min: 3, max: 3, pattern: /^[A-Z]{3}$/, hint: 'must be an ISO 4217 code such as INR or USD' }),
    moneyStyle: literal('standard', 'lakh'),
    purse: positiveMoney,
    squadMin: count,
    squadMax: int({ min: 1, max: 1_000 }),
    categoryQuotas: record(object({ max: count }), { maxKeys: 50, keyMax: 40 }),
    minimumPrice: money,
    increments,
    lotOpenMs: int({ min: MIN_LOT_OPEN_MS, max: MAX_MS }),
    bidExtendMs: ms,
    graceMs: int({ min: 0, max: MAX_GRACE_MS }),
    gapMs: ms,
    order,
    rounds: int({ min: 1, max: MAX_ROUNDS }),
    // [QUO1] quotas by category or attribute; configs written before them have none.
    quotas: array(quotaSchema, { max: MAX_QUOTAS }),
    // [RTM1] [RTM4] right to match; configs written before it have neither.
    rtmCards: int({ min: 0, max: MAX_RTM_CARDS }),
    rtmDecisionMs: int({ min: MIN_RTM_DECISION_MS, max: MAX_MS }),
    // [ACC1] [ACC3] configs written before them have neither.
    pickUnsold: boolean,
    manualAdvance: boolean,
  },
  ['rtmCards', 'rtmDecisionMs', 'pickUnsold', 'manualAdvance', 'quotas'],
);

export const teamSchema: Schema<Team> = objectWithOptional(
  {
    id: idSchema,
    name: label(MAX_TEXT_LENGTH),
    short: label(MAX_SHORT_LENGTH),
    purse: positiveMoney,
    rtmCards: int({ min: 0, max: MAX_RTM_CARDS }),
  },
  ['rtmCards'],
);

export const lotSchema: Schema<Lot> = objectWithOptional(
  {
    id: idSchema,
    name: label(MAX_TEXT_LENGTH),
    category: string({ max: MAX_TEXT_LENGTH }),
    // A lot opens at its base price; a bid is at least 1, so 0 would only pretend to be a price.
    basePrice: positiveMoney,
    set: string({ max: MAX_TEXT_LENGTH }),
    extra: record(string({ max: 500 }), { maxKeys: 30, keyMax: 40 }),
    rtmTeamId: idSchema,
    // [RET1] a player kept by a team before the night.
    retained: object({ teamId: idSchema, price: positiveMoney }),
    // [DSP1] a media name the host stored; never a path or a URL.
    photo: mediaNameSchema,
  },
  ['rtmTeamId', 'retained', 'photo'],
);

/** [DSP3] Most stats a projector card shows: more would not be read from the back of the room. */
export const MAX_DISPLAY_STATS = 6;

/** [DSP2] The projector's presentation. */
export const displaySchema: Schema<Display> = objectWithOptional(
  {
    league: string({ max: MAX_TEXT_LENGTH }),
    logo: mediaNameSchema,
    stats: array(string({ min: 1, max: 40 }), { max: MAX_DISPLAY_STATS }),
  },
  ['league', 'logo', 'stats'],
);

/** The name of the auction. */
export const auctionNameSchema: Schema<string> = label(MAX_TEXT_LENGTH);
/** Teams of a config; empty while setup fills them in ([AUC1] the start needs one). */
export const teamsSchema: Schema<Team[]> = array(teamSchema, { max: MAX_TEAMS });
/** Lots of a config, or of one `auction:configure` page ([CFG3]); empty while setup fills them in. */
export const lotsSchema: Schema<Lot[]> = array(lotSchema, { max: MAX_LOTS });

const configSchema: Schema<AuctionConfig> = objectWithOptional(
  {
    name: auctionNameSchema,
    rules: rulesSchema,
    teams: teamsSchema,
    lots: lotsSchema,
    display: displaySchema,
  },
  ['display'],
);

function checkSlabs(rules: AuctionRules): string | null {
  if (rules.increments.kind !== 'slabs') return null;
  const slabs = rules.increments.slabs;
  let previous = 0;
  for (const [i, slab] of slabs.entries()) {
    const path = `rules.increments.slabs[${i}]`;
    if (i === slabs.length - 1) {
      return slab.upTo === null ? null : `${path}.upTo must be null (the last slab is open-ended)`;
    }
    if (slab.upTo === null || slab.upTo <= previous) return `${path}.upTo must be an integer above the previous slab's`;
    previous = slab.upTo;
  }
  return null;
}

function firstDuplicate(items: readonly { readonly id: string }[], list: string): string | null {
  const seen = new Set<string>();
  for (const [i, item] of items.entries()) {
    if (seen.has(item.id)) return `${list}[${i}].id duplicates ${JSON.stringify(item.id)}`;
    seen.add(item.id);
  }
  return null;
}

/** [RTM2] A lot's RTM team is one of the teams: a typo would otherwise silently give no one the right. */
function checkRtmTeams(config: AuctionConfig): string | null {
  const teams = new Set(config.teams.map((team) => team.id));
  const lot = config.lots.findIndex((item) => item.rtmTeamId !== undefined && !teams.has(item.rtmTeamId));
  if (lot < 0) return null;
  return `lots[${lot}].rtmTeamId names no team ${JSON.stringify(config.lots[lot]?.rtmTeamId)}`;
}

/**
 * [RET1] Retained lots name a team, and each team's retentions fit it: at most
 * `squadMax` lots, within every category quota, and a price that leaves the
 * purse able to fill the squad to `squadMin` at `minimumPrice` [MAX1].
 */
function checkRetentions(config: AuctionConfig): string | null {
  const { rules } = config;
  const teams = new Map(config.teams.map((team) => [team.id, team]));
  const kept = new Map<string, { count: number; price: number; categories: Map<string, number> }>();
  for (const [i, lot] of config.lots.entries()) {
    if (!lot.retained) continue;
    const team = teams.get(lot.retained.teamId);
    if (!team) return `lots[${i}].retained.teamId names no team ${JSON.stringify(lot.retained.teamId)}`;
    let tally = kept.get(team.id);
    if (!tally) kept.set(team.id, (tally = { count: 0, price: 0, categories: new Map() }));
    tally.count += 1;
    tally.price += lot.retained.price;
    const inCategory = (tally.categories.get(lot.category) ?? 0) + 1;
    tally.categories.set(lot.category, inCategory);
    if (tally.count > rules.squadMax) {
      return `lots[${i}].retained: ${team.name} would retain more than squadMax (${rules.squadMax}) players`;
    }
    const quota = Object.hasOwn(rules.categoryQuotas, lot.category) ? rules.categoryQuotas[lot.category] : undefined;
    if (quota && inCategory > quota.max) {
      return `lots[${i}].retained: ${team.name} would retain more than ${quota.max} "${lot.category}"`;
    }
    const reserve = Math.max(0, rules.squadMin - tally.count) * rules.minimumPrice;
    if (tally.price + reserve > team.purse) {
      return `lots[${i}].retained.price: ${team.name}'s retentions (${tally.price}) and the squad reserve (${reserve}) exceed its purse (${team.purse})`;
    }
  }
  return null;
}

/**
 * [QUO4] Squad places the rules make every team fill: the squad minimum, or
 * the quota minimums together when they ask for more.
 */
export function reservedPlaces(rules: AuctionRules): number {
  const minimums = quotasOf(rules).reduce((sum, quota) => sum + (quota.min ?? 0), 0);
  return Math.max(rules.squadMin, minimums);
}

/**
 * [CFG2] [CFG5] Every problem between the fields of valid rules, each as
 * `rules.<path> <message>`, so a rules file hears of all of them at once.
 */
export function listRuleProblems(rules: AuctionRules): string[] {
  const problems: string[] = [];
  if (rules.squadMin > rules.squadMax) problems.push('rules.squadMin must not exceed rules.squadMax');
  const slabs = checkSlabs(rules);
  if (slabs) problems.push(slabs);
  // [QUO3] minimums the squad could not hold are a promise the engine cannot keep.
  for (const [i, quota] of (rules.quotas ?? []).entries()) {
    if (quota.min !== undefined && quota.min > rules.squadMax) {
      problems.push(`rules.quotas[${i}].min must not exceed squadMax (${rules.squadMax})`);
    }
  }
  const minimums = quotasOf(rules).reduce((sum, quota) => sum + (quota.min ?? 0), 0);
  if (minimums > rules.squadMax) {
    problems.push(`rules.quotas minimums add up to ${minimums}, more than squadMax (${rules.squadMax})`);
  }
  return problems;
}

/** What `validateConfig` checks beyond the fields. */
export interface ConfigCheckOptions {
  /**
   * [QUO5] The config is the whole auction (Setup's draft, the CLI's files, the
   * start): every quota must count some lot of the catalog. Pages of lots
   * arriving one `auction:configure` at a time [CFG3] are checked at the start.
   */
  readonly complete?: boolean;
}

/** [CFG2] The rules between fields of a config whose every field is already valid. */
export function checkConfig(config: AuctionConfig, options: ConfigCheckOptions = {}): string | null {
  const { rules } = config;
  const [ruleProblem] = listRuleProblems(rules);
  if (ruleProblem) return ruleProblem;
  const teams = firstDuplicate(config.teams, 'teams');
  if (teams) return teams;
  // [MAX1] [QUO4] a purse below the squad reserve could never bid at all.
  const places = reservedPlaces(rules);
  const reserve = places * rules.minimumPrice;
  const poor = config.teams.findIndex((team) => team.purse < reserve);
  if (poor >= 0) {
    return places === rules.squadMin
      ? `teams[${poor}].purse must cover squadMin × minimumPrice (${reserve})`
      : `teams[${poor}].purse must cover the quota minimums (${places}) × minimumPrice (${reserve})`;
  }
  if (options.complete) {
    const [nothing] = quotasNamingNothing(config);
    if (nothing) {
      const problem = `${nothing.path} counts no lot: no lot in the catalog is ${JSON.stringify(nothing.label)}`;
      return nothing.hint ? `${problem}; ${nothing.hint}` : problem;
    }
  }
  const rtm = checkRtmTeams(config);
  if (rtm) return rtm;
  const retained = checkRetentions(config);
  if (retained) return retained;
  return firstDuplicate(config.lots, 'lots');
}

/**
 * [CFG2] Parse a whole configuration: a fresh `AuctionConfig` built from the
 * known keys only, or an `invalid_config` error naming the first bad field.
 * Teams and lots may be empty here (setup fills them in); [AUC1] the start
 * needs at least one of each.
 */
export function parseConfig(
  input: unknown,
  options: ConfigCheckOptions = {},
): { readonly ok: true; readonly config: AuctionConfig } | { readonly ok: false; readonly error: AppError } {
  if (!isPlainObject(input)) return { ok: false, error: makeError('invalid_config', 'config must be an object') };
  const parsed: ParseResult<AuctionConfig> = configSchema.parse(input, '');
  if (!parsed.ok) return { ok: false, error: makeError('invalid_config', parsed.message) };
  const problem = checkConfig(parsed.value, options);
  return problem ? { ok: false, error: makeError('invalid_config', problem) } : { ok: true, config: parsed.value };
}

/** [CFG2] `parseConfig`'s verdict alone: the error, or null when the config is usable. */
export function validateConfig(config: unknown, options: ConfigCheckOptions = {}): AppError | null {
  const parsed = parseConfig(config, options);
  return parsed.ok ? null : parsed.error;
}
