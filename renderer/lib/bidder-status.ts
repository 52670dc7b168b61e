import { canBid, highBid, nextMinBid } from '../../shared/auction/rules';
import type { AuctionState, TeamId } from '../../shared/auction/types';
import type { ClosedLot } from './connection.svelte';

/**
 * The one state a bidder must never misread, in order of precedence. The
 * banner, its colour and its test id all come from `kind`.
 */
export type BidderStatusKind =
  | 'waiting'
  | 'open'
  | 'cannot-bid'
  | 'leading'
  | 'outbid'
  | 'sold-to-you'
  | 'sold-to-other'
  | 'unsold'
  | 'nominating'
  | 'your-nomination'
  | 'rtm'
  | 'finished';

export interface BidderStatus {
  readonly kind: BidderStatusKind;
  readonly isPaused: boolean;
}

export function readBidderStatus(state: AuctionState, teamId: TeamId | null, closed: ClosedLot | null): BidderStatus {
  const isPaused = state.status === 'paused';
  const status = (kind: BidderStatusKind): BidderStatus => ({ kind, isPaused });
  if (state.status === 'setup') return status('waiting');
  // [RTM3] the bidding is over and the lot waits on its RTM team's decision.
  if (state.phase === 'rtm' && state.rtm) return status('rtm');
  if (state.phase === 'open' && state.current) {
    const high = highBid(state);
    if (high && high.teamId === teamId) return status('leading');
    if (high && teamId !== null && state.current.bidders.includes(teamId)) return status('outbid');
    return teamId !== null && teamCannotBid(state, teamId) ? status('cannot-bid') : status('open');
  }
  // The end outranks the last lot's result: a finished auction says so [AUC7].
  if (state.status === 'finished') return status('finished');
  if (closed && (state.phase === 'gap' || state.phase === 'idle')) {
    if (closed.teamId === null) return status('unsold');
    return status(closed.teamId === teamId ? 'sold-to-you' : 'sold-to-other');
  }
  if (state.phase === 'nominating') return status(state.nominator === teamId ? 'your-nomination' : 'nominating');
  return status('waiting');
}

/** Refusals that are about this team, not the moment: no bid it could send would count. */
const TEAM_REFUSALS: ReadonlySet<string> = new Set([
  'squad_full',
  'category_full',
  'quota_full',
  'quota_minimum',
  'over_max_bid',
]);

/**
 * True when even the next valid bid on the open lot is refused for a reason of
 * the team's own. A pause is the room's reason, not the team's: the lot is
 * judged as it will be on resume, so a full squad reads "cannot bid" while
 * paused too, never an invitation to bid.
 */
export function teamCannotBid(state: AuctionState, teamId: TeamId): boolean {
  const amount = nextMinBid(state);
  if (amount === null) return false;
  const asResumed: AuctionState = state.status === 'paused' ? { ...state, status: 'running' } : state;
  const problem = canBid(asResumed, teamId, amount);
  return problem !== null && TEAM_REFUSALS.has(problem.code);
}
