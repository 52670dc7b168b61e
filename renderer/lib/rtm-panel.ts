import type { CommandType } from '../../shared/auction/commands';
import { findLot, incrementAt, maxBid, rtmCardsLeft } from '../../shared/auction/rules';
import type { AuctionState, RtmOffer, TeamId } from '../../shared/auction/types';
import { formatAmount } from './format';

/**
 * [RTM3]–[RTM7] What the console, the bidder page and the projector show of a
 * lot waiting on right to match, and what the viewer may do about it. Pure,
 * so the words and the buttons are tested in node; the engine decides.
 */

export type RtmCommandType = Extract<CommandType, `rtm:${string}`>;

export interface RtmAction {
  readonly type: RtmCommandType;
  readonly label: string;
  /** `rtm:raise` only: the price it raises to. */
  readonly amount?: number;
  readonly isPrimary: boolean;
}

export interface RtmView {
  readonly lotId: string;
  readonly lotName: string;
  readonly step: RtmOffer['step'];
  /** Who holds the card, who won the bidding. */
  readonly holder: string;
  readonly winner: string;
  /** The price as the room writes it: the winning bid, or the raise. */
  readonly price: string;
  readonly title: string;
  readonly detail: string;
  /** Whose decision it is now, for the viewer: `you`, or the team's name. */
  readonly decider: string;
  /** Cards the holder has left (before this one is spent). */
  readonly cardsLeft: number;
  /** What the viewer may send now; empty for spectators and for teams whose step it is not. */
  readonly actions: readonly RtmAction[];
}

/** Who looks: the auctioneer may act for either team ([RTM7]); a team for itself on its step. */
export interface RtmViewer {
  readonly role: 'admin' | 'team' | 'spectator';
  readonly teamId: TeamId | null;
}

/** How many raises the pad offers, as multiples of the increment over the price. */
const RAISE_STEPS = [1, 2, 4] as const;

/** [RTM4] The raises the winner may make: one, two and four increments over the price, within its max bid [MAX1]. */
export function raiseAmounts(state: AuctionState, rtm: RtmOffer): number[] {
  const step = incrementAt(state.config.rules, rtm.amount);
  const max = maxBid(state, rtm.winnerId);
  return RAISE_STEPS.map((n) => rtm.amount + n * step).filter((amount) => amount <= max);
}

function actionsFor(
  state: AuctionState,
  rtm: RtmOffer,
  viewer: RtmViewer,
  nameOf: (id: TeamId) => string,
): RtmAction[] {
  const decider = rtm.step === 'raise' ? rtm.winnerId : rtm.teamId;
  const isAdmin = viewer.role === 'admin';
  if (!isAdmin && !(viewer.role === 'team' && viewer.teamId === decider)) return [];
  // The auctioneer's buttons say for whom it acts.
  const forWhom = isAdmin ? ` (${nameOf(decider)})` : '';
  const rules = state.config.rules;
  const price = formatAmount(rules, rtm.amount);
  switch (rtm.step) {
    case 'decide':
      return [
        { type: 'rtm:use', label: `Use RTM${forWhom}`, isPrimary: true },
        { type: 'rtm:decline', label: `Decline${forWhom}`, isPrimary: false },
      ];
    case 'raise':
      return [
        ...raiseAmounts(state, rtm).map((amount, i): RtmAction => ({
          type: 'rtm:raise',
          label: `Raise to ${formatAmount(rules, amount)}${forWhom}`,
          amount,
          isPrimary: i === 0,
        })),
        { type: 'rtm:final', label: `Stand at ${price}${forWhom}`, isPrimary: false },
      ];
    case 'match':
      return [
        { type: 'rtm:match', label: `Match ${price}${forWhom}`, isPrimary: true },
        { type: 'rtm:pass', label: `Let it go${forWhom}`, isPrimary: false },
      ];
  }
}

/** The lot waiting on right to match as `viewer` sees it, or null when none is. */
export function readRtm(state: AuctionState, viewer: RtmViewer, nameOf: (id: TeamId) => string): RtmView | null {
  const rtm = state.rtm;
  if (state.phase !== 'rtm' || !rtm) return null;
  const you = (id: TeamId): string => (viewer.role === 'team' && viewer.teamId === id ? 'You' : nameOf(id));
  const holder = you(rtm.teamId);
  const winner = you(rtm.winnerId);
  const price = formatAmount(state.config.rules, rtm.amount);
  const lotName = findLot(state.config, rtm.lotId)?.name ?? rtm.lotId;
  let title: string;
  let detail: string;
  switch (rtm.step) {
    case 'decide':
      title = `Right to match: ${holder} may match ${price}`;
      detail = `${winner} won ${lotName} at ${price}. Will ${holder === 'You' ? 'you' : holder} use a right-to-match card?`;
      break;
    case 'raise':
      title = `${holder} will match`;
      detail = `${winner} may raise once, or stand at ${price}.`;
      break;
    case 'match':
      title = rtm.raised ? `${winner} raised to ${price}` : `${winner} stands at ${price}`;
      detail = `${holder}: match ${price} and take ${lotName}, or let it go to ${winner}.`;
      break;
  }
  const decider = you(rtm.step === 'raise' ? rtm.winnerId : rtm.teamId);
  return {
    lotId: rtm.lotId,
    lotName,
    step: rtm.step,
    holder,
    winner,
    price,
    title,
    detail,
    decider,
    cardsLeft: rtmCardsLeft(state, rtm.teamId),
    actions: actionsFor(state, rtm, viewer, nameOf),
  };
}

/** [RTM6] "by right to match" for a sale that was matched, else empty: the sold moment says how the lot went. */
export function describeRtmSale(state: AuctionState, lotId: string): string {
  const sale = state.sales.findLast((item) => item.lotId === lotId);
  return sale?.rtm === true ? 'by right to match' : '';
}
