import { highBid } from '../../shared/auction/rules';
import type { AuctionState, TeamId } from '../../shared/auction/types';
import type { ClosedLot } from './connection.svelte';

/**
 * The one state a bidder must never misread, in order of precedence. The
 * banner, its colour and its test id all come from `kind`.
 */
export type BidderStatusKind =
  | 'waiting'
  | 'open'
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
    return status('open');
  }
  if (closed && (state.phase === 'gap' || state.status === 'finished' || state.phase === 'idle')) {
    if (closed.teamId === null) return status('unsold');
    return status(closed.teamId === teamId ? 'sold-to-you' : 'sold-to-other');
  }
  if (state.status === 'finished') return status('finished');
  if (state.phase === 'nominating') return status(state.nominator === teamId ? 'your-nomination' : 'nominating');
  return status('waiting');
}
