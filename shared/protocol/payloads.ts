import type { AuctionRules, Lot, Team } from '../auction/types';
import { makeError, type AppError } from '../core/errors';
import type { ClientCommand, ClientCommandType } from './messages';
import { CLIENT_COMMAND_TYPES, MAX_AUDIT_PAGE } from './messages';
import {
  array,
  boolean,
  int,
  literal,
  nullable,
  object,
  objectWithOptional,
  record,
  string,
  tagged,
  type Schema,
} from '../core/schema';

/**
 * A schema for every inbound payload. The host runs `parseCommand` on each
 * command before it reaches the engine; anything that fails gets
 * `invalid_payload` with a message naming the field.
 */

/** Largest amount of money accepted anywhere (minor units): far above any real purse, far below 2^53. */
export const MAX_MONEY = 1e15;
/** Longest clock setting: a day. */
export const MAX_MS = 86_400_000;
export const MAX_TEAMS = 100;
export const MAX_LOTS = 5_000;

/** Ids come from users' catalogs ("L 01", "P#12"), so any printable text; the same rule as the engine's validateConfig. */
const id = string({
  min: 1,
  max: 64,
  // eslint-disable-next-line no-control-regex
  pattern: /^(?!__proto__$)[^\u0000-\u001f\u007f]+$/,
  hint: 'must be printable text and not "__proto__"',
});
const bidId = string({ min: 1, max: 64, pattern: /^[A-Za-z0-9_-]+$/, hint: 'may use letters, digits, _ and -' });
/** Names, categories and sets: the engine's MAX_TEXT_LENGTH. */
const label = string({ min: 1, max: 200 });
const money = int({ min: 0, max: MAX_MONEY });
const positiveMoney = int({ min: 1, max: MAX_MONEY });
const ms = int({ min: 0, max: MAX_MS });

const increments = tagged('kind', {
  fixed: object({ kind: literal('fixed'), step: positiveMoney }),
  slabs: object({
    kind: literal('slabs'),
    slabs: array(object({ upTo: nullable(positiveMoney), step: positiveMoney }), { min: 1, max: 50 }),
  }),
});

const order = tagged('mode', {
  catalog: object({ mode: literal('catalog') }),
  sets: object({ mode: literal('sets'), seed: int({ min: 0, max: 2 ** 32 - 1 }) }),
  nominate: object({ mode: literal('nominate'), nominateMs: int({ min: 1_000, max: MAX_MS }) }),
});

export const rulesSchema: Schema<AuctionRules> = object({
  currency: string({ min: 3, max: 3, pattern: /^[A-Z]{3}$/, hint: 'must be an ISO 4217 code such as INR or USD' }),
  moneyStyle: literal('standard', 'lakh'),
  purse: positiveMoney,
  squadMin: int({ min: 0, max: 1_000 }),
  squadMax: int({ min: 1, max: 1_000 }),
  categoryQuotas: record(object({ max: int({ min: 0, max: 1_000 }) }), { maxKeys: 50, keyMax: 40 }),
  minimumPrice: money,
  increments,
  lotOpenMs: int({ min: 1_000, max: MAX_MS }),
  bidExtendMs: ms,
  graceMs: int({ min: 0, max: 10_000 }),
  gapMs: ms,
  order,
  rounds: int({ min: 1, max: 20 }),
});

export const teamSchema: Schema<Team> = object({
  id,
  name: label,
  short: string({ min: 1, max: 12 }),
  purse: positiveMoney,
});

export const lotSchema: Schema<Lot> = object({
  id,
  name: label,
  category: string({ max: 200 }),
  basePrice: money,
  set: string({ max: 200 }),
  extra: record(string({ max: 500 }), { maxKeys: 30, keyMax: 40 }),
});

const payloadSchemas: { [T in ClientCommandType]: Schema<unknown> } = {
  'auction:configure': objectWithOptional(
    {
      name: label,
      rules: rulesSchema,
      teams: array(teamSchema, { min: 1, max: MAX_TEAMS }),
      lots: array(lotSchema, { min: 1, max: MAX_LOTS }),
      appendLots: boolean,
    },
    ['name', 'rules', 'teams', 'lots', 'appendLots'],
  ),
  'auction:start': object({}),
  'auction:pause': object({}),
  'auction:resume': object({}),
  'lot:hammer': object({}),
  'lot:skip': object({}),
  'lot:extend': object({ ms: int({ min: 1, max: MAX_MS }) }),
  'sale:undo': object({}),
  'bid:place': objectWithOptional({ bidId, lotId: id, amount: positiveMoney, teamId: id }, ['teamId']),
  'bid:floor': object({ bidId, lotId: id, teamId: id, amount: positiveMoney }),
  'purse:adjust': object({
    teamId: id,
    delta: int({ min: -MAX_MONEY, max: MAX_MONEY }),
    reason: string({ max: 200 }),
  }),
  'lot:nominate': object({ lotId: id }),
};

/** Payloads of `snapshot:get` and `time:ping`: an empty object. */
export const emptySchema = object({});

/** `audit:page`: where to start and how many events. */
export const auditQuerySchema = objectWithOptional(
  { fromSeq: int({ min: 1, max: Number.MAX_SAFE_INTEGER }), limit: int({ min: 1, max: MAX_AUDIT_PAGE }) },
  ['fromSeq', 'limit'],
);

export function isClientCommandType(type: string): type is ClientCommandType {
  return (CLIENT_COMMAND_TYPES as readonly string[]).includes(type);
}

/**
 * Validates an inbound payload for the command `type`.
 * A missing payload (a client that sends only an ack) counts as `{}`.
 */
export function parseCommand(
  type: ClientCommandType,
  payload: unknown,
): { ok: true; command: ClientCommand } | { ok: false; error: AppError } {
  const r = payloadSchemas[type].parse(payload === undefined ? {} : payload, '');
  if (!r.ok) return { ok: false, error: makeError('invalid_payload', `${type}: ${r.message}`) };
  return { ok: true, command: { ...(r.value as object), type } as ClientCommand };
}
