import type { AuctionEvent } from '../../shared/auction/events';
import { ownValue } from '../../shared/auction/records';
import { findLot } from '../../shared/auction/rules';
import type { AuctionState, TeamId } from '../../shared/auction/types';
import { formatAmount } from './format';

/**
 * What the host did to this team's money or squad outside the bidding, as
 * the phone says it: a purse adjustment with the auctioneer's reason, a sale
 * of ours undone. (A correction of our sale is `readCorrectionNotice`'s.)
 */

export interface BidderNotice {
  readonly kind: 'purse' | 'undo';
  /** The lot an undo notice is about: buying it again ends the notice. */
  readonly lotId?: string;
  readonly tone: 'good' | 'bad';
  readonly text: string;
}

/** The notice an event means for `teamId` (read against the state after it), or null when it is not ours. */
export function noticeFor(event: AuctionEvent, state: AuctionState, teamId: TeamId | null): BidderNotice | null {
  if (teamId === null) return null;
  const rules = state.config.rules;
  switch (event.type) {
    case 'purse:adjusted': {
      if (event.teamId !== teamId) return null;
      const ledger = ownValue(state.ledger, teamId);
      const change = `${event.delta < 0 ? '−' : '+'}${formatAmount(rules, Math.abs(event.delta))}`;
      const left = ledger ? ` (now ${formatAmount(rules, ledger.purse - ledger.spent)} left)` : '';
      return {
        kind: 'purse',
        tone: event.delta < 0 ? 'bad' : 'good',
        text: `Purse adjusted ${change}${left}. Reason: ${event.reason}`,
      };
    }
    case 'sale:undone': {
      if (event.teamId !== teamId) return null;
      const name = findLot(state.config, event.lotId)?.name ?? event.lotId;
      return {
        kind: 'undo',
        lotId: event.lotId,
        tone: 'bad',
        text: `Sale undone: ${name} (${formatAmount(rules, event.amount)}) is no longer in your squad; the money is back in your purse.`,
      };
    }
    default:
      return null;
  }
}

/** How many notices a phone keeps at once, newest first: more would push the bid button below the fold. */
export const MAX_NOTICES = 2;

/** The notices after `event`: a new one goes first; buying an undone lot again ends its undo notice. */
export function foldNotice(
  notices: readonly BidderNotice[],
  event: AuctionEvent,
  state: AuctionState,
  teamId: TeamId | null,
): readonly BidderNotice[] {
  if (event.type === 'lot:sold' && event.teamId === teamId) {
    const kept = notices.filter((notice) => notice.lotId !== event.lotId);
    return kept.length === notices.length ? notices : kept;
  }
  const notice = noticeFor(event, state, teamId);
  return notice ? [notice, ...notices].slice(0, MAX_NOTICES) : notices;
}
