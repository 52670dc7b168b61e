import type { EventOf } from '../../shared/auction/events';
import { findProxy } from '../../shared/auction/proxy';
import { findLot, highBid, maxBid, nextMinBid } from '../../shared/auction/rules';
import type { AuctionState, Lot, TeamId } from '../../shared/auction/types';
import { formatAmount } from './format';

/**
 * The bidder's "My maximums" card [PRX1]–[PRX5]: the open lot and the lots
 * coming up, each with the team's own maximum (from its own view of the
 * state [PRX6]), the bounds the engine will check it against, and whether
 * it leads. The numbers come from the engine's rules, not restated here.
 */

/** How many lots coming up the card lists (besides any the team already left a maximum on). */
export const UPCOMING_SHOWN = 5;

export interface ProxyRow {
  readonly lot: Lot;
  /** The lot on the block now. */
  readonly isOpen: boolean;
  /** The team's maximum on it, or null. */
  readonly max: number | null;
  /** The least a maximum may be now: the next bid, the team's own standing bid, or the base price. */
  readonly min: number;
  /** The most: the team's max bid [MAX1]. */
  readonly cap: number;
  /**
   * - `leading`: the open lot's high bid is the team's;
   * - `behind`: another team leads the open lot (a maximum answers at once, so only while paused);
   * - `waiting`: a maximum on a lot still to come;
   * - `none`: no maximum.
   */
  readonly standing: 'leading' | 'behind' | 'waiting' | 'none';
  /** The row's status in words. */
  readonly words: string;
}

/** The rows of the card, the open lot first; empty before the start, once finished, or for a non-team. */
export function readProxyRows(state: AuctionState, teamId: TeamId | null): ProxyRow[] {
  if (teamId === null || state.status === 'setup' || state.status === 'finished') return [];
  const rules = state.config.rules;
  const cap = maxBid(state, teamId);
  const rows: ProxyRow[] = [];
  const current = state.phase === 'open' ? state.current : null;
  const openLot = current ? findLot(state.config, current.lotId) : undefined;
  if (openLot) {
    const max = findProxy(state, teamId, openLot.id)?.max ?? null;
    const high = highBid(state);
    const isMine = high?.teamId === teamId;
    const min = isMine && high ? high.amount : (nextMinBid(state) ?? openLot.basePrice);
    const standing = max === null ? 'none' : isMine ? 'leading' : 'behind';
    const words =
      max === null
        ? 'No maximum'
        : isMine && high
          ? `Your maximum of ${formatAmount(rules, max)} leads at ${formatAmount(rules, high.amount)}`
          : `Your maximum of ${formatAmount(rules, max)} is not leading`;
    rows.push({ lot: openLot, isOpen: true, max, min, cap, standing, words });
  }
  const withMax = new Set((state.proxies ?? []).filter((p) => p.teamId === teamId).map((p) => p.lotId));
  const upcoming = state.queue.filter((lotId, i) => i < UPCOMING_SHOWN || withMax.has(lotId));
  for (const lotId of upcoming) {
    const lot = findLot(state.config, lotId);
    if (!lot || lot.id === openLot?.id) continue;
    const max = findProxy(state, teamId, lot.id)?.max ?? null;
    rows.push({
      lot,
      isOpen: false,
      max,
      min: lot.basePrice,
      cap,
      standing: max === null ? 'none' : 'waiting',
      words: max === null ? 'No maximum' : `Bids for you up to ${formatAmount(rules, max)} when it opens`,
    });
  }
  return rows;
}

/**
 * Whether `amount` can be sent as a maximum for the row, and why not: the
 * same bounds the engine checks [PRX1], so the button and the host agree.
 */
export function checkMaximum(row: ProxyRow, amount: number | null, state: AuctionState): string | null {
  const rules = state.config.rules;
  if (amount === null || amount <= 0) return 'Enter an amount';
  if (amount < row.min) return `At least ${formatAmount(rules, row.min)}`;
  if (amount > row.cap) return `At most ${formatAmount(rules, row.cap)} (your max bid)`;
  return null;
}

/** [PRX4] What the team is told when its maximum lapses. */
export function describeLapse(event: EventOf<'proxy:lapsed'>, state: AuctionState): string {
  const name = findLot(state.config, event.lotId)?.name ?? 'a lot';
  return event.reason === 'outbid'
    ? `Your maximum on ${name} was outbid.`
    : `Your maximum on ${name} stopped: ${event.message}`;
}
