import { ownValue } from './records';
import { categoryCount, findLot, maxBid, purseLeft, squadCount } from './rules';
import type { AuctionEvent } from './events';
import type { AuctionState, TeamId } from './types';

/**
 * Per-role views of the state. The state holds no secrets today (no proxy
 * maximums, no hidden bids), so the public state is the whole state; this is
 * the one place to strip secrets when they arrive. Whatever it returns must
 * keep everything `evolve` reads, because clients fold the event stream onto
 * the snapshot with the same `evolve`.
 */

/** Public state is the state itself while nothing in it is secret. */
export type PublicState = AuctionState;

/** The state as spectators, the projector and other teams may see it. Returns `state` unchanged (no secrets yet). */
export function toPublicState(state: AuctionState): PublicState {
  return state;
}

/**
 * [EVT5] An event as the room may see it: a `bid:accepted` loses the
 * sender's `bidId` (an idempotency key only its sender ever sees back, in
 * its ack). Every other event is returned unchanged.
 */
export function toPublicEvent(event: AuctionEvent): AuctionEvent {
  if (event.type !== 'bid:accepted' || event.bidId === undefined) return event;
  const { bidId: _private, ...rest } = event;
  return rest;
}

/** One row of a team board: money in minor units, counts of lots bought. */
export interface TeamSummary {
  readonly id: TeamId;
  readonly name: string;
  readonly short: string;
  /** Starting purse plus adjustments. */
  readonly purse: number;
  readonly spent: number;
  /** purse − spent. */
  readonly left: number;
  /** Lots bought. */
  readonly squad: number;
  /** [MAX1] the most the team may bid now. */
  readonly maxBid: number;
  /** Lots bought per category (only categories the team holds); read it with `ownValue`. */
  readonly categories: Readonly<Record<string, number>>;
}

/** Every team's board row, in config order. */
export function summariseTeams(state: AuctionState): TeamSummary[] {
  return state.config.teams.map((team) => {
    const ledger = ownValue(state.ledger, team.id);
    // Categories are user strings ("constructor" is a fine category): counted in a Map.
    const categories = new Map<string, number>();
    for (const lotId of ledger?.lots ?? []) {
      const category = findLot(state.config, lotId)?.category;
      if (category !== undefined && !categories.has(category)) {
        categories.set(category, categoryCount(state, team.id, category));
      }
    }
    return {
      id: team.id,
      name: team.name,
      short: team.short,
      purse: ledger?.purse ?? team.purse,
      spent: ledger?.spent ?? 0,
      left: purseLeft(state, team.id),
      squad: squadCount(state, team.id),
      maxBid: maxBid(state, team.id),
      categories: Object.fromEntries(categories),
    };
  });
}
