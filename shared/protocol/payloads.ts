import {
  auctionNameSchema,
  idSchema,
  lotsSchema,
  displaySchema,
  MAX_LOTS,
  MAX_MONEY,
  MAX_MS,
  rulesSchema,
  teamsSchema,
} from '../auction/config';
import { makeError, type AppError } from '../core/errors';
import type { ClientCommand, ClientCommandType } from './messages';
import { CLIENT_COMMAND_TYPES, MAX_AUDIT_PAGE, MAX_CONFIG_VERSION_LENGTH } from './messages';
import { array, boolean, int, object, objectWithOptional, string, type Schema } from '../core/schema';
import { MAX_REASON_LENGTH } from '../auction/sales';

/**
 * A schema for every inbound payload. The host runs `parseCommand` on each
 * command before it reaches the engine; anything that fails gets
 * `invalid_payload` with a message naming the field.
 */

const bidId = string({ min: 1, max: 64, pattern: /^[A-Za-z0-9_-]+$/, hint: 'may use letters, digits, _ and -' });
const positiveMoney = int({ min: 1, max: MAX_MONEY });

const payloadSchemas: { [T in ClientCommandType]: Schema<unknown> } = {
  'auction:configure': objectWithOptional(
    {
      // [CFG2] the config's own field schemas; the engine checks the merged whole.
      name: auctionNameSchema,
      rules: rulesSchema,
      teams: teamsSchema,
      lots: lotsSchema,
      display: displaySchema,
      appendLots: boolean,
    },
    ['name', 'rules', 'teams', 'lots', 'display', 'appendLots'],
  ),
  'auction:start': object({}),
  'auction:pause': object({}),
  'auction:resume': object({}),
  'lot:hammer': object({}),
  'lot:skip': object({}),
  'lot:extend': object({ ms: int({ min: 1, max: MAX_MS }) }),
  'sale:undo': object({}),
  'bid:place': objectWithOptional({ bidId, lotId: idSchema, amount: positiveMoney, teamId: idSchema }, ['teamId']),
  'bid:floor': object({ bidId, lotId: idSchema, teamId: idSchema, amount: positiveMoney }),
  'purse:adjust': object({
    teamId: idSchema,
    delta: int({ min: -MAX_MONEY, max: MAX_MONEY }),
    reason: string({ max: 200 }),
  }),
  'lot:nominate': object({ lotId: idSchema }),
  // [COR1] buyer and/or price; the engine refuses a correction that changes neither.
  'sale:correct': objectWithOptional(
    { lotId: idSchema, teamId: idSchema, amount: positiveMoney, reason: string({ min: 1, max: MAX_REASON_LENGTH }) },
    ['teamId', 'amount'],
  ),
  // [ACC1] [ACC2] lot ids of this round's unsold lots (the engine checks each).
  'round:pick': object({ lotIds: array(idSchema, { max: MAX_LOTS }) }),
  'wishlist:set': object({ lotIds: array(idSchema, { max: MAX_LOTS }) }),
  // [ACC3]
  'lot:next': object({}),
  // [PRX1] [PRX5] a team's own maximum; the engine checks it as a bid.
  'proxy:set': object({ lotId: idSchema, max: positiveMoney }),
  'proxy:withdraw': object({ lotId: idSchema }),
  // [RTM3]–[RTM5] right to match; `lotId` names the lot waiting, so a late tap cannot decide another.
  'rtm:use': object({ lotId: idSchema }),
  'rtm:decline': object({ lotId: idSchema }),
  'rtm:raise': object({ lotId: idSchema, amount: positiveMoney }),
  'rtm:final': object({ lotId: idSchema }),
  'rtm:match': object({ lotId: idSchema }),
  'rtm:pass': object({ lotId: idSchema }),
};

/** Payloads of `time:ping`: an empty object. */
export const emptySchema = object({});

/** `snapshot:get`: the config version the client holds, if any (a version is letters, digits, _ and -). */
export const snapshotQuerySchema = objectWithOptional(
  {
    configVersion: string({
      min: 1,
      max: MAX_CONFIG_VERSION_LENGTH,
      pattern: /^[A-Za-z0-9_-]+$/,
      hint: 'must be a configVersion from a snapshot',
    }),
  },
  ['configVersion'],
);

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
