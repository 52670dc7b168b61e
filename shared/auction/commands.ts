import type { Actor, AuctionConfig, AuctionRules, Display, Lot, LotId, Team, TeamId } from './types';

/**
 * Everything anyone can ask the engine to do. The host validates the payload
 * (shared/protocol/payloads.ts) and sets the actor from the socket's
 * credentials; the engine then decides.
 */
export type Command =
  /** Setup only: replace any of rules, teams, lots before the start (or append lots, page by page). */
  | {
      readonly type: 'auction:configure';
      readonly name?: string;
      readonly rules?: AuctionRules;
      readonly teams?: readonly Team[];
      readonly lots?: readonly Lot[];
      /** [DSP2] The projector's presentation; replaces the one configured. */
      readonly display?: Display;
      /** Add `lots` after the lots already configured instead of replacing them [CFG3]. */
      readonly appendLots?: boolean;
    }
  | { readonly type: 'auction:start' }
  | {
      readonly type: 'auction:pause';
      /**
       * Host only (clients cannot send it): an open lot keeps at least this
       * long on its clock, so a lot whose time ran out while a crashed host
       * was down still takes bids once resumed [AUC10].
       */
      readonly minRemainingMs?: number;
    }
  | { readonly type: 'auction:resume' }
  | { readonly type: 'lot:hammer' }
  | { readonly type: 'lot:skip' }
  | { readonly type: 'lot:extend'; readonly ms: number }
  | { readonly type: 'sale:undo' }
  | {
      readonly type: 'bid:place';
      readonly bidId: string;
      readonly lotId: LotId;
      readonly amount: number;
      /** Optional: a bidder may name its own team; any other team is refused. */
      readonly teamId?: TeamId;
    }
  | {
      readonly type: 'bid:floor';
      readonly bidId: string;
      readonly lotId: LotId;
      readonly teamId: TeamId;
      readonly amount: number;
    }
  | { readonly type: 'purse:adjust'; readonly teamId: TeamId; readonly delta: number; readonly reason: string }
  | { readonly type: 'lot:nominate'; readonly lotId: LotId }
  /** [COR1] Change the buyer and/or the price of the sale of `lotId`, with a reason. */
  | {
      readonly type: 'sale:correct';
      readonly lotId: LotId;
      readonly teamId?: TeamId;
      readonly amount?: number;
      readonly reason: string;
    }
  /** [ACC1] Between rounds: the unsold lots that come back in the next round (empty: none, the auction ends). */
  | { readonly type: 'round:pick'; readonly lotIds: readonly LotId[] }
  /** [ACC2] A team's wish list of unsold lots for the auctioneer's pick (replaces its previous list). */
  | { readonly type: 'wishlist:set'; readonly lotIds: readonly LotId[] }
  /** [ACC3] Open the next lot now: ends a gap, or the wait of `manualAdvance`. */
  | { readonly type: 'lot:next' }
  /** [PRX1] A team's secret maximum on the open lot or a lot to come: set, raise or lower it. */
  | { readonly type: 'proxy:set'; readonly lotId: LotId; readonly max: number }
  /** [PRX5] A team withdraws its maximum on `lotId`. */
  | { readonly type: 'proxy:withdraw'; readonly lotId: LotId }
  /** Sent by the host's clock when a deadline from `nextDeadline` is due. */
  | { readonly type: 'clock:tick' }
  // [RTM3]–[RTM5] right to match: the RTM team's and the winner's decisions (admin may send them for a team).
  | { readonly type: 'rtm:use'; readonly lotId: LotId }
  | { readonly type: 'rtm:decline'; readonly lotId: LotId }
  | { readonly type: 'rtm:raise'; readonly lotId: LotId; readonly amount: number }
  | { readonly type: 'rtm:final'; readonly lotId: LotId }
  | { readonly type: 'rtm:match'; readonly lotId: LotId }
  | { readonly type: 'rtm:pass'; readonly lotId: LotId };

export type CommandType = Command['type'];
export type CommandOf<T extends CommandType> = Extract<Command, { type: T }>;

/**
 * [AUTH1]–[AUTH4] Who may send each command: the one table the engine
 * authorises by and the protocol derives the client commands from. Keyed by
 * every command, so a new command without a line here does not compile.
 * A team's sending is further narrowed by the engine: `bid:place` for its own
 * team only [AUTH2], `lot:nominate` on its turn [ORD3], `rtm:*` on its own
 * step of right to match [RTM7].
 */
export const SENDERS = {
  'auction:configure': ['admin'],
  'auction:start': ['admin'],
  'auction:pause': ['admin'],
  'auction:resume': ['admin'],
  'lot:hammer': ['admin'],
  'lot:skip': ['admin'],
  'lot:extend': ['admin'],
  'sale:undo': ['admin'],
  'bid:place': ['team'],
  'bid:floor': ['admin'],
  'purse:adjust': ['admin'],
  'lot:nominate': ['admin', 'team'],
  'sale:correct': ['admin'],
  'round:pick': ['admin'],
  'wishlist:set': ['team'],
  'lot:next': ['admin'],
  'proxy:set': ['team'],
  'proxy:withdraw': ['team'],
  'clock:tick': ['system'],
  'rtm:use': ['admin', 'team'],
  'rtm:decline': ['admin', 'team'],
  'rtm:raise': ['admin', 'team'],
  'rtm:final': ['admin', 'team'],
  'rtm:match': ['admin', 'team'],
  'rtm:pass': ['admin', 'team'],
} as const satisfies Record<CommandType, readonly Actor['role'][]>;

/** True when `role` may send commands of this type at all ([AUTH1]–[AUTH4]). */
export function maySend(role: Actor['role'], type: CommandType): boolean {
  return (SENDERS[type] as readonly Actor['role'][]).includes(role);
}

export type { AuctionConfig };
