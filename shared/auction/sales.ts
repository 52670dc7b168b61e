import { formatMoney } from '../core/money';
import { makeError, type AppError } from '../core/errors';
import type { EventOf } from './events';
import { ownValue } from './records';
import { findTeam, highBid, isMoney, maxBid, rosterRefusal } from './rules';
import type { AuctionState, Hold, LotId, Sale, TeamId, TeamLedger } from './types';

/**
 * Sales outside the hammer: retained players [RET1]–[RET3], corrections
 * [COR1]–[COR3], and what the auction waits for between lots [ACC1]–[ACC3].
 * The folds here are called by `evolve`; the checks by `apply` and the screens.
 * Rule ids refer to shared/auction/RULES.md.
 */

/** The longest reason a correction may give, in characters. */
export const MAX_REASON_LENGTH = 200;

function withLedger(state: AuctionState, teamId: TeamId, change: (ledger: TeamLedger) => TeamLedger): AuctionState {
  const ledger = ownValue(state.ledger, teamId);
  return ledger ? { ...state, ledger: { ...state.ledger, [teamId]: change(ledger) } } : state;
}

function withoutLot(lots: readonly LotId[], lotId: LotId): readonly LotId[] {
  const at = lots.lastIndexOf(lotId);
  return at < 0 ? lots : [...lots.slice(0, at), ...lots.slice(at + 1)];
}

/** [RET2] The fold of `lot:retained`: the lot joins the team's squad at its price, as a sale of round 0. */
export function foldRetained(state: AuctionState, event: EventOf<'lot:retained'>): AuctionState {
  const next = withLedger(state, event.teamId, (ledger) => ({
    ...ledger,
    spent: ledger.spent + event.amount,
    lots: [...ledger.lots, event.lotId],
  }));
  if (next === state) return state;
  const sale: Sale = {
    id: event.seq,
    lotId: event.lotId,
    teamId: event.teamId,
    amount: event.amount,
    round: 0,
    at: event.at,
    retained: true,
  };
  return { ...next, sales: [...state.sales, sale], outcomes: { ...state.outcomes, [event.lotId]: 'sold' } };
}

/** [COR1] The fold of `sale:corrected`: the money and the lot move from the old buyer and price to the new. */
export function foldCorrection(state: AuctionState, event: EventOf<'sale:corrected'>): AuctionState {
  let next = state;
  if (event.fromTeamId === event.teamId) {
    next = withLedger(next, event.teamId, (ledger) => ({
      ...ledger,
      spent: ledger.spent - event.fromAmount + event.amount,
    }));
  } else {
    next = withLedger(next, event.fromTeamId, (ledger) => ({
      ...ledger,
      spent: ledger.spent - event.fromAmount,
      lots: withoutLot(ledger.lots, event.lotId),
    }));
    next = withLedger(next, event.teamId, (ledger) => ({
      ...ledger,
      spent: ledger.spent + event.amount,
      lots: [...ledger.lots, event.lotId],
    }));
  }
  const corrected = { fromTeamId: event.fromTeamId, fromAmount: event.fromAmount, reason: event.reason, at: event.at };
  return {
    ...next,
    sales: state.sales.map((sale) =>
      sale.id === event.saleId ? { ...sale, teamId: event.teamId, amount: event.amount, corrected } : sale,
    ),
  };
}

/** The sale of `lotId` standing now, or undefined (never sold, or undone). */
export function findSale(state: AuctionState, lotId: LotId): Sale | undefined {
  for (let i = state.sales.length - 1; i >= 0; i -= 1) {
    const sale = state.sales[i];
    if (sale?.lotId === lotId) return sale;
  }
  return undefined;
}

/**
 * [COR2] Why the sale of `sale.lotId` may not become `teamId` at `amount`,
 * or null if it may. Checked as for any sale, on the state without this
 * sale: the buyer's squad and quotas [SQD2] [SQD3] (when the buyer changes),
 * the max-bid guard [MAX1], and a buyer standing high on the open lot must
 * still be able to take that lot (squad, quotas) and pay that bid [AUC9].
 */
export function correctionRefusal(state: AuctionState, sale: Sale, teamId: TeamId, amount: number): AppError | null {
  const team = findTeam(state.config, teamId);
  if (!team) return makeError('unknown_team', `no team ${teamId}`);
  if (!isMoney(amount) || amount <= 0) {
    return makeError('invalid_payload', 'amount must be a positive integer in minor units');
  }
  if (teamId === sale.teamId && amount === sale.amount) {
    return makeError('invalid_payload', 'the correction changes neither the buyer nor the price');
  }
  const { currency, moneyStyle } = state.config.rules;
  const money = (value: number): string => formatMoney(value, currency, moneyStyle);
  const withoutSale = withLedger(state, sale.teamId, (ledger) => ({
    ...ledger,
    spent: ledger.spent - sale.amount,
    lots: withoutLot(ledger.lots, sale.lotId),
  }));
  if (teamId !== sale.teamId) {
    const roster = rosterRefusal(withoutSale, team, sale.lotId);
    if (roster) return roster;
  }
  const max = maxBid(withoutSale, teamId, sale.lotId);
  if (amount > max) {
    return makeError('over_max_bid', `${team.name} may pay at most ${money(max)} and still fill its squad`);
  }
  // What the buyer stands to pay on the lot on the block: its high bid, or in a right-to-match
  // decision [RTM3] the price it won or raised to.
  const standing = standingPrice(state, teamId);
  if (standing !== null) {
    const after = withLedger(withoutSale, teamId, (ledger) => ({
      ...ledger,
      spent: ledger.spent + amount,
      lots: [...ledger.lots, sale.lotId],
    }));
    // The lot on the block would then join this squad too: it must still fit [SQD2] [SQD3].
    const onBlock = rosterRefusal(after, team, standing.lotId);
    if (onBlock) {
      return makeError(onBlock.code, `${onBlock.message}, and holds the high bid on the lot on the block`);
    }
    if (standing.amount > maxBid(after, teamId, standing.lotId)) {
      return makeError('purse_negative', `${team.name} could no longer pay its high bid of ${money(standing.amount)}`);
    }
  }
  return null;
}

/** The lot on the block and what `teamId` would pay for it: its high bid, or the RTM winner's price [RTM3]. */
function standingPrice(state: AuctionState, teamId: TeamId): { lotId: LotId; amount: number } | null {
  const rtm = state.rtm;
  if (rtm) return rtm.winnerId === teamId ? { lotId: rtm.lotId, amount: rtm.amount } : null;
  const high = highBid(state);
  const lotId = state.current?.lotId;
  return high?.teamId === teamId && lotId !== undefined ? { lotId, amount: high.amount } : null;
}

/** [COR1] A reason is text a person reads: not empty, at most MAX_REASON_LENGTH characters. */
export function reasonRefusal(reason: unknown): AppError | null {
  if (typeof reason !== 'string' || reason.trim() === '') {
    return makeError('invalid_payload', 'a correction needs a reason');
  }
  if (reason.length > MAX_REASON_LENGTH) {
    return makeError('invalid_payload', `the reason must be at most ${MAX_REASON_LENGTH} characters`);
  }
  return null;
}

/**
 * [ACC1] [ACC3] What the auction waits for after a lot closes, in `state`
 * after the close (null: the gap of [CLK5] runs as before): the pick when
 * the round is over with unsold lots and another round to run, else `next`
 * under `manualAdvance`.
 */
export function holdAfterClose(state: AuctionState): Hold | null {
  const rules = state.config.rules;
  if (rules.pickUnsold === true && isRoundOverWithUnsold(state)) return 'pick';
  return rules.manualAdvance === true ? 'next' : null;
}

/** [ORD4] The round's queue is empty, some lots went unsold and another round may run. */
export function isRoundOverWithUnsold(state: AuctionState): boolean {
  return state.queue.length === 0 && state.unsold.length > 0 && state.round < state.config.rules.rounds;
}

/** [ACC1] Why `lotIds` cannot be the pick for the next round, or null. */
export function pickRefusal(state: AuctionState, lotIds: readonly LotId[]): AppError | null {
  return lotListRefusal(state, lotIds, 'pick');
}

/** [ACC2] Why `lotIds` cannot be a wish list now, or null. */
export function wishlistRefusal(state: AuctionState, lotIds: readonly LotId[]): AppError | null {
  return lotListRefusal(state, lotIds, 'wish list');
}

function lotListRefusal(state: AuctionState, lotIds: readonly LotId[], what: string): AppError | null {
  if (!Array.isArray(lotIds)) return makeError('invalid_payload', 'lotIds must be a list of lot ids');
  const seen = new Set<LotId>();
  const unsold = new Set(state.unsold);
  for (const lotId of lotIds) {
    if (typeof lotId !== 'string') return makeError('invalid_payload', 'lotIds must be a list of lot ids');
    if (seen.has(lotId)) return makeError('invalid_payload', `the ${what} names ${lotId.slice(0, 64)} twice`);
    seen.add(lotId);
    if (!unsold.has(lotId)) {
      return makeError('unknown_lot', `lot ${lotId.slice(0, 64)} is not among this round's unsold lots`);
    }
  }
  return null;
}
