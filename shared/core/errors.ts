/**
 * Every error code a client can receive, in one place. Codes are stable
 * snake_case strings: bots switch on them, people read `message`.
 */
export const ERROR_CODES = {
  /** The payload failed its schema (wrong type, missing field, too large). */
  invalid_payload: 'invalid_payload',
  /** This role may not send this command, or not for that team. */
  not_authorized: 'not_authorized',
  /** Too many messages from this socket, or codes from this address; `retryAfterMs` says how long to wait. */
  rate_limited: 'rate_limited',
  /** Handshake: this address has the most connections the host allows; `retryAfterMs` says when to try again. */
  too_many_connections: 'too_many_connections',
  /** The join code or admin key is unknown. */
  bad_credentials: 'bad_credentials',
  /** The client speaks another protocol version. */
  unsupported_version: 'unsupported_version',
  /** Configuration is only allowed before the start. */
  not_in_setup: 'not_in_setup',
  /** The configuration breaks a rule (message says which field). */
  invalid_config: 'invalid_config',
  /** The auction is not running (setup or finished). */
  not_running: 'not_running',
  /** The auction is paused. */
  auction_paused: 'auction_paused',
  /** No lot is open, the bid names another lot, or the lot's clock ran out. */
  lot_closed: 'lot_closed',
  /** Below the base price or below high bid + increment. */
  bid_too_low: 'bid_too_low',
  /** Above the team's max bid [MAX1]. */
  over_max_bid: 'over_max_bid',
  /** The team's squad is full [SQD2]. */
  squad_full: 'squad_full',
  /** The team's quota for the lot's category is full [SQD3]. */
  category_full: 'category_full',
  /** [QUO2] The team holds the most its quota allows of what this lot is (an attribute quota: "At most 2 overseas"). */
  quota_full: 'quota_full',
  /** [QUO3] [QUO4] The bid would leave the team unable to meet a quota minimum ("Needs 1 more wicketkeeper"). */
  quota_minimum: 'quota_minimum',
  /** The team already holds the high bid [BID4]. */
  already_leading: 'already_leading',
  /** The command does not fit the current phase (e.g. hammer with no open lot). */
  wrong_phase: 'wrong_phase',
  /** There is no sale to undo. */
  nothing_to_undo: 'nothing_to_undo',
  unknown_team: 'unknown_team',
  unknown_lot: 'unknown_lot',
  /** [ORD3] another team nominates now. */
  not_your_turn: 'not_your_turn',
  /** [PRX5] The team has no proxy maximum on that lot. */
  no_proxy: 'no_proxy',
  /** A purse adjustment would take the purse below what is spent. */
  purse_negative: 'purse_negative',
  /** The host failed to persist the command; it was not applied. */
  internal_error: 'internal_error',
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

export interface AppError {
  readonly code: ErrorCode;
  readonly message: string;
  /** `rate_limited`, `too_many_connections`: host milliseconds to wait before trying again. */
  readonly retryAfterMs?: number;
}

export function makeError(code: ErrorCode, message: string, retryAfterMs?: number): AppError {
  return retryAfterMs === undefined ? { code, message } : { code, message, retryAfterMs };
}
