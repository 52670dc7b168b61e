import type { AppError } from '../../shared/core/errors';
import { squadReserve } from '../../shared/auction/queries';
import { canBid, findLot, findTeam, incrementAt, maxBid, nextMinBid } from '../../shared/auction/rules';
import type { AuctionState, TeamId } from '../../shared/auction/types';
import { formatAmount, formatQuantity } from './format';

/**
 * The bidder's pad, without the page: the quick-bid amounts, whether each may
 * be sent, and every refusal in our words. Each rule comes from shared/auction
 * (canBid, maxBid, squadReserve); nothing here repeats one.
 */

/** Quick-bid buttons: the next valid amount, then this many increments above it. */
export const QUICK_STEPS = [0, 1, 3, 5] as const;
/** A custom amount more than this many increments above the next valid bid asks for confirmation. */
export const LARGE_JUMP_STEPS = 3;

/** The bid ladder from the next valid amount upward, one increment [INC1] [INC2] at a time; empty with no open lot. */
export function bidLadder(state: AuctionState): number[] {
  const first = nextMinBid(state);
  if (first === null) return [];
  const steps = [first];
  const last = QUICK_STEPS[QUICK_STEPS.length - 1] ?? 0;
  for (let i = 1; i <= Math.max(last, LARGE_JUMP_STEPS); i++) {
    const previous = steps[i - 1] ?? first;
    steps.push(previous + incrementAt(state.config.rules, previous));
  }
  return steps;
}

export interface QuickBid {
  readonly amount: number;
  /** Increments above the next valid bid: 0 is the main "Bid" button. */
  readonly steps: number;
  /** Why this team may not bid it now, or null. */
  readonly problem: AppError | null;
}

/** The quick-bid buttons for `teamId` (a page without a team sees every amount allowed). */
export function readQuickBids(state: AuctionState, teamId: TeamId | null, ladder: readonly number[]): QuickBid[] {
  return QUICK_STEPS.flatMap((steps) => {
    const amount = ladder[steps];
    return amount === undefined ? [] : [{ amount, steps, problem: teamId ? canBid(state, teamId, amount) : null }];
  });
}

/** A quick button's small print: "+1 step", "+3 steps". */
export function stepsLabel(steps: number): string {
  return `+${steps} ${steps === 1 ? 'step' : 'steps'}`;
}

/** True when a custom amount jumps far enough above the next valid bid to ask first. */
export function isLargeJump(amount: number, ladder: readonly number[]): boolean {
  const threshold = ladder[LARGE_JUMP_STEPS];
  return threshold !== undefined && amount > threshold;
}

/** Our own words for a refusal, from what the page knows; null when the code needs the host's words. */
export function explainBidProblem(problem: AppError, state: AuctionState, teamId: TeamId | null): string | null {
  if (!teamId || !findTeam(state.config, teamId)) return null;
  const rules = state.config.rules;
  switch (problem.code) {
    case 'over_max_bid': {
      const max = formatAmount(rules, maxBid(state, teamId));
      const reserve = squadReserve(state, teamId);
      return reserve.places > 0
        ? `Above your max bid of ${max}: you must keep ${formatAmount(rules, reserve.amount)} to fill ${formatQuantity(reserve.places, 'more squad place')}.`
        : `Above your max bid of ${max} (your purse left).`;
    }
    case 'squad_full':
      return `Your squad is full (${rules.squadMax} of ${rules.squadMax}).`;
    case 'category_full': {
      const lot = state.current ? findLot(state.config, state.current.lotId) : undefined;
      // The room's words: the category's own name, never "lots".
      return lot ? `Your ${lot.category} quota is full.` : 'That category is full in your squad.';
    }
    // [QUO2] [QUO3] [QUO4] the host's words name the quota ("Needs 1 more wicketkeeper: ...").
    case 'quota_full':
    case 'quota_minimum':
      return problem.message;
    case 'already_leading':
      return 'You hold the high bid.';
    case 'auction_paused':
      return 'Bidding is paused.';
    case 'lot_closed':
      return 'No lot is open.';
    case 'not_running':
      return 'The auction is not running.';
    case 'bid_too_low':
      return `The next bid must be at least ${formatAmount(rules, nextMinBid(state) ?? 0)}.`;
    default:
      return null;
  }
}

/** What a refused bid means for the bidder, when the page cannot tell more. */
const REFUSAL_FALLBACKS: Partial<Record<AppError['code'], string>> = {
  rate_limited: 'Too many bids in a short time. Wait a moment, then bid again.',
  internal_error: 'The host could not record the bid, so it did not count. Try again.',
  not_authorized: 'This page may not bid for that team. Rejoin with your team’s code.',
  wrong_phase: 'Bids are not taken right now.',
  unknown_lot: 'That lot is not up for auction.',
  not_your_turn: 'It is another team’s turn to nominate.',
  invalid_payload: 'The host could not read the bid. Reload the page and try again.',
};

const REFUSAL_TITLES: Partial<Record<AppError['code'], string>> = {
  over_max_bid: 'Over your max bid',
  bid_too_low: 'Bid too low',
  lot_closed: 'Too late: the lot has closed',
  already_leading: 'You already lead',
  squad_full: 'Squad full',
  category_full: 'Category quota full',
  quota_full: 'Quota full',
  quota_minimum: 'Room kept for a quota',
  auction_paused: 'The auction is paused',
  rate_limited: 'Slow down',
  internal_error: 'No answer from the host',
};

/** A refusal from the host, always in our words; the page shows the host's message under it. */
export function describeRefusal(
  error: AppError,
  state: AuctionState,
  teamId: TeamId | null,
): { title: string; text: string } {
  return {
    title: REFUSAL_TITLES[error.code] ?? 'Bid refused',
    text:
      explainBidProblem(error, state, teamId) ?? REFUSAL_FALLBACKS[error.code] ?? 'The host did not accept this bid.',
  };
}

/** Why the quick bids are disabled: the main one's problem, else the first larger jump's; null when all may go. */
export function quickBidsBlocked(
  quick: readonly QuickBid[],
  state: AuctionState,
  teamId: TeamId | null,
): string | null {
  const first = quick[0];
  if (!first) return null;
  if (first.problem) return explainBidProblem(first.problem, state, teamId) ?? first.problem.message;
  const blocked = quick.find((bid) => bid.problem)?.problem;
  return blocked ? `Larger jumps: ${explainBidProblem(blocked, state, teamId) ?? blocked.message}` : null;
}

/** A local warning for a typed amount (it is still sent: the host decides); null when fine or merely leading. */
export function customBidWarning(state: AuctionState, teamId: TeamId | null, amount: number | null): string | null {
  if (amount === null || !teamId) return null;
  const problem = canBid(state, teamId, amount);
  return problem && problem.code !== 'already_leading'
    ? (explainBidProblem(problem, state, teamId) ?? problem.message)
    : null;
}
