import type { AuctionConfig, AuctionRules, Lot, LotId, Team, TeamId } from './types';

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
  /** Sent by the host's clock when a deadline from `nextDeadline` is due. */
  | { readonly type: 'clock:tick' };

export type CommandType = Command['type'];
export type CommandOf<T extends CommandType> = Extract<Command, { type: T }>;

export type { AuctionConfig };
