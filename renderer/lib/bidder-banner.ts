import { canBid, findLot, highBid, nextMinBid } from '../../shared/auction/rules';
import { explainBidProblem } from './bid-pad';
import type { AuctionState, TeamId } from '../../shared/auction/types';
import type { BidderStatus, BidderStatusKind } from './bidder-status';
import type { ClosedLot } from './connection.svelte';
import { formatAmount } from './format';

/**
 * The words and the colour of the bidder's banner for each status of
 * `readBidderStatus`, kept out of the page so they can be tested in node.
 */

export type BannerTone = 'neutral' | 'info' | 'good' | 'bad' | 'win';

export interface Banner {
  readonly tone: BannerTone;
  readonly title: string;
}

const BANNERS: Record<BidderStatusKind, Banner> = {
  waiting: { tone: 'neutral', title: 'Waiting for the next lot' },
  open: { tone: 'info', title: 'Bidding is open' },
  'cannot-bid': { tone: 'neutral', title: 'You cannot bid on this one' },
  leading: { tone: 'good', title: 'You are the highest bidder' },
  outbid: { tone: 'bad', title: 'You have been outbid' },
  'sold-to-you': { tone: 'win', title: 'Sold to you!' },
  'sold-to-other': { tone: 'neutral', title: 'Sold' },
  unsold: { tone: 'neutral', title: 'Unsold' },
  nominating: { tone: 'neutral', title: 'Nomination' },
  'your-nomination': { tone: 'info', title: 'Your turn to nominate' },
  rtm: { tone: 'info', title: 'Right to match' },
  finished: { tone: 'neutral', title: 'The auction is over' },
};

/** The banner's colour and title; an open lot reads as paused while the auction is paused. */
export function readBanner(status: BidderStatus): Banner {
  return status.isPaused && status.kind === 'open'
    ? { tone: 'neutral', title: 'Bidding is paused' }
    : BANNERS[status.kind];
}

/** The banner's second line: who leads, what sold to whom, whose turn it is; empty when there is nothing to add. */
export function bannerDetail(
  status: BidderStatus,
  state: AuctionState,
  closed: ClosedLot | null,
  nameOf: (teamId: TeamId | null) => string,
  teamOfPage: TeamId | null = null,
): string {
  const rules = state.config.rules;
  const high = highBid(state);
  const closedName = closed ? findLot(state.config, closed.lotId)?.name : undefined;
  switch (status.kind) {
    case 'waiting':
      return state.status === 'setup' ? 'The auctioneer has not started yet. Stay on this page.' : '';
    case 'open':
      if (high) return `${nameOf(high.teamId)} leads with ${formatAmount(rules, high.amount)}.`;
      // Paused, a bid would be refused: say what happens next, not "be the first".
      return state.status === 'paused'
        ? 'No bids yet. Bidding reopens when the auctioneer resumes.'
        : 'No bids yet. Be the first.';
    case 'cannot-bid': {
      const teamId = state.current ? teamOfPage : null;
      const amount = nextMinBid(state);
      // The team's own reason, as it will stand on resume (a pause is the room's reason, said by the tag).
      const judged: AuctionState = state.status === 'paused' ? { ...state, status: 'running' } : state;
      const problem = teamId && amount !== null ? canBid(judged, teamId, amount) : null;
      return problem ? (explainBidProblem(problem, state, teamId) ?? problem.message) : '';
    }
    case 'leading':
      return high ? `Your ${formatAmount(rules, high.amount)} leads.` : '';
    case 'outbid':
      return high ? `${nameOf(high.teamId)} bid ${formatAmount(rules, high.amount)}.` : '';
    case 'sold-to-you':
      return closed && closedName ? `${closedName} joins your squad for ${formatAmount(rules, closed.amount)}.` : '';
    case 'sold-to-other':
      return closed && closedName
        ? `${closedName} to ${nameOf(closed.teamId)} for ${formatAmount(rules, closed.amount)}.`
        : '';
    case 'unsold':
      return closedName ? `${closedName} went unsold.` : '';
    case 'nominating':
      return `${nameOf(state.nominator)} is picking the next lot.`;
    case 'your-nomination':
      return 'Pick the next lot to put up.';
    case 'rtm':
      return state.rtm
        ? `${nameOf(state.rtm.winnerId)} won the bidding; ${nameOf(state.rtm.teamId)} holds the right to match.`
        : '';
    case 'finished':
      return closed && closedName
        ? `Last up: ${closedName}, ${closed.teamId === null ? 'unsold' : `to ${closed.teamId === teamOfPage ? 'you' : nameOf(closed.teamId)} for ${formatAmount(rules, closed.amount)}`}. Your squad is below.`
        : 'Thanks for bidding. Your squad is below.';
  }
}
