import { ownValue } from './records';
import { quotaUse, type QuotaUse } from './quotas';
import { categoryCount, findLot, maxBid, purseLeft, squadCount } from './rules';
import type { AuctionEvent } from './events';
import type { AuctionState, LotId, TeamId } from './types';

/**
 * Per-role views of the state. Two things in it are secrets: a team's proxy
 * maximum [PRX6], which only that team sees, and a team's wish list
 * [ACC2], which that team and the auctioneer see (the auctioneer picks the
 * next round's lots from the lists). The public view (spectators, the
 * projector, other teams) has neither. Whatever these return keeps
 * everything `evolve` reads, because clients fold the event stream onto the
 * snapshot with the same `evolve`.
 */

/** The state as spectators, the projector and other teams may see it. */
export type PublicState = AuctionState;

const NO_WISHLISTS: Readonly<Record<TeamId, readonly LotId[]>> = Object.freeze({});

/** [ACC2] Some team has a wish list: the public view then differs from the auctioneer's. */
export function hasWishlists(state: AuctionState): boolean {
  return state.wishlists !== undefined && Object.keys(state.wishlists).length > 0;
}

/** [PRX6] [ACC2] The state with no proxy maximum and no wish list: for spectators, the projector, other teams. */
export function toPublicState(state: AuctionState): PublicState {
  const hasProxies = state.proxies !== undefined && state.proxies.length > 0;
  const hasLists = hasWishlists(state);
  if (!hasProxies && !hasLists) return state;
  return {
    ...state,
    ...(hasProxies ? { proxies: [] } : {}),
    ...(hasLists ? { wishlists: NO_WISHLISTS } : {}),
  };
}

/** [PRX6] [ACC2] The state as the auctioneer's sockets see it: every wish list, no maximum. */
export function toAuctioneerState(state: AuctionState): AuctionState {
  return state.proxies === undefined || state.proxies.length === 0 ? state : { ...state, proxies: [] };
}

/** [PRX6] [ACC2] The state as `teamId`'s own sockets see it: its own maximums and wish list, nobody else's. */
export function toTeamState(state: AuctionState, teamId: TeamId): AuctionState {
  const proxies = state.proxies;
  const wishlists = state.wishlists;
  const hidesProxies = proxies !== undefined && !proxies.every((p) => p.teamId === teamId);
  const hidesWishlists = wishlists !== undefined && Object.keys(wishlists).some((id) => id !== teamId);
  if (!hidesProxies && !hidesWishlists) return state;
  const own = wishlists === undefined ? undefined : ownValue(wishlists, teamId);
  return {
    ...state,
    ...(hidesProxies ? { proxies: proxies.filter((p) => p.teamId === teamId) } : {}),
    // A computed key defines an own property, whatever the id (even "__proto__").
    ...(hidesWishlists ? { wishlists: own ? { [teamId]: own } : NO_WISHLISTS } : {}),
  };
}

/** Who a private event is for: its team's sockets, and the auctioneer's too for a wish list. */
export interface Audience {
  readonly teamId: TeamId;
  readonly withAuctioneer: boolean;
}

/** [PRX6] [ACC2] Who may see an event, or null when everyone may. */
export function audienceOf(event: AuctionEvent): Audience | null {
  switch (event.type) {
    case 'proxy:set':
    case 'proxy:withdrawn':
    case 'proxy:lapsed':
      return { teamId: event.teamId, withAuctioneer: false };
    case 'wishlist:updated':
      return { teamId: event.teamId, withAuctioneer: true };
    default:
      return null;
  }
}

/** [PRX6] [ACC2] The team a private event is for (the auctioneer may see it too: `audienceOf`), or null for a public event. */
export function privateAudience(event: AuctionEvent): TeamId | null {
  return audienceOf(event)?.teamId ?? null;
}

/**
 * [EVT5] An event as the room may see it: a `bid:accepted` loses the
 * sender's `bidId` (an idempotency key only its sender ever sees back, in
 * its ack). [PRX6] A private event becomes `event:withheld` with its `seq`
 * and time and nothing else. Every other event is returned unchanged.
 */
export function toPublicEvent(event: AuctionEvent): AuctionEvent {
  if (privateAudience(event) !== null) return { type: 'event:withheld', seq: event.seq, at: event.at };
  if (event.type !== 'bid:accepted' || event.bidId === undefined) return event;
  // Every field named, in the order the engine writes them: the host copies each bid once a
  // broadcast, and an object rest (`{ bidId, ...rest }`) is V8's slow generic copy.
  const { type, lotId, bid, endsAt, seq, at, by } = event;
  return by === undefined ? { type, lotId, bid, endsAt, seq, at } : { type, lotId, bid, endsAt, seq, at, by };
}

/** [PRX6] An event as `teamId`'s own sockets see it: its own private events whole, the rest as the room sees them. */
export function toTeamEvent(event: AuctionEvent, teamId: TeamId): AuctionEvent {
  return privateAudience(event) === teamId ? event : toPublicEvent(event);
}

/** [ACC2] An event as the auctioneer's sockets see it: wish lists whole, maximums withheld. */
export function toAuctioneerEvent(event: AuctionEvent): AuctionEvent {
  return audienceOf(event)?.withAuctioneer === true ? event : toPublicEvent(event);
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
  /** [QUO7] Every quota of the auction, in rules order, with the team's count against its min and max. */
  readonly quotas: readonly QuotaUse[];
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
      quotas: quotaUse(state, team.id),
    };
  });
}
