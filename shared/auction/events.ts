import type { ErrorCode } from '../core/errors';
import type { Actor, AuctionConfig, Bid, Hold, LotId, Phase, TeamId } from './types';

/**
 * Facts. Every accepted command yields one or more events; the state is the
 * fold of all events (`evolve`), so the journal replays to the same state.
 * Event names are past tense; `seq` rises by one per event, from 1.
 */
export type EventBody =
  | { readonly type: 'auction:created'; readonly auctionId: string; readonly config: AuctionConfig }
  | { readonly type: 'auction:configured'; readonly config: AuctionConfig }
  | { readonly type: 'auction:started' }
  | { readonly type: 'round:started'; readonly round: number; readonly queue: readonly LotId[] }
  | { readonly type: 'lot:nominating'; readonly teamId: TeamId; readonly endsAt: number }
  | { readonly type: 'lot:opened'; readonly lotId: LotId; readonly endsAt: number; readonly nominatedBy: TeamId | null }
  | {
      readonly type: 'bid:accepted';
      readonly lotId: LotId;
      readonly bid: Bid;
      readonly endsAt: number;
      /**
       * The sender's idempotency key (`bid:place`'s `bidId`), kept in the
       * journal so a bid retried after a crash gets its first answer. Never
       * broadcast: `toPublicEvent` drops it.
       */
      readonly bidId?: string;
    }
  | { readonly type: 'lot:extended'; readonly phase: Phase; readonly endsAt: number }
  | {
      readonly type: 'lot:sold';
      readonly lotId: LotId;
      readonly teamId: TeamId;
      readonly amount: number;
      readonly gapEndsAt: number | null;
      /** [RTM6] The lot's RTM team bought it by matching (a card spent). */
      readonly rtm?: boolean;
    }
  | { readonly type: 'lot:unsold'; readonly lotId: LotId; readonly gapEndsAt: number | null }
  | { readonly type: 'auction:paused'; readonly phase: Phase; readonly remainingMs: number }
  | { readonly type: 'auction:resumed'; readonly phase: Phase; readonly endsAt: number }
  | { readonly type: 'sale:undone'; readonly lotId: LotId; readonly teamId: TeamId; readonly amount: number }
  | { readonly type: 'purse:adjusted'; readonly teamId: TeamId; readonly delta: number; readonly reason: string }
  /** [RET2] At the start, a retained lot joins its team's squad at its price. */
  | { readonly type: 'lot:retained'; readonly lotId: LotId; readonly teamId: TeamId; readonly amount: number }
  /** [COR1] The sale `saleId` of `lotId` now belongs to `teamId` at `amount` (it was `fromTeamId` at `fromAmount`). */
  | {
      readonly type: 'sale:corrected';
      readonly saleId: number;
      readonly lotId: LotId;
      readonly fromTeamId: TeamId;
      readonly fromAmount: number;
      readonly teamId: TeamId;
      readonly amount: number;
      readonly reason: string;
    }
  /** [ACC1] [ACC3] The auction waits in a clockless gap for the auctioneer: `pick` (`round:pick`) or `next` (`lot:next`). */
  | { readonly type: 'auction:held'; readonly hold: Hold }
  /** [ACC2] A team's wish list of unsold lots. */
  | { readonly type: 'wishlist:updated'; readonly teamId: TeamId; readonly lotIds: readonly LotId[] }
  // [PRX1]–[PRX6] proxy bids. These three carry a team's secret maximum (or news of it) and
  // reach only that team's sockets; everyone else gets `event:withheld` at the same seq.
  /** [PRX1] The team's maximum on `lotId` is now `max` (set, raised or lowered). Private. */
  | { readonly type: 'proxy:set'; readonly lotId: LotId; readonly teamId: TeamId; readonly max: number }
  /** [PRX5] The team withdrew its maximum on `lotId`. Private. */
  | { readonly type: 'proxy:withdrawn'; readonly lotId: LotId; readonly teamId: TeamId }
  /** [PRX4] The maximum can no longer bid: `outbid`, or the refusal code of the bid it would have placed. Private. */
  | {
      readonly type: 'proxy:lapsed';
      readonly lotId: LotId;
      readonly teamId: TeamId;
      readonly reason: 'outbid' | ErrorCode;
      readonly message: string;
    }
  /**
   * [PRX6] What every other client receives at the seq of a private event:
   * nothing but the seq, so its stream stays gap-free. Never in a journal.
   */
  | { readonly type: 'event:withheld' }
  | { readonly type: 'auction:finished' }
  // [RTM3]–[RTM6] right to match, one event per step and decision.
  | {
      readonly type: 'rtm:offered';
      readonly lotId: LotId;
      readonly teamId: TeamId;
      readonly winnerId: TeamId;
      readonly amount: number;
      readonly endsAt: number;
    }
  | { readonly type: 'rtm:used'; readonly lotId: LotId; readonly teamId: TeamId; readonly endsAt: number }
  | { readonly type: 'rtm:declined'; readonly lotId: LotId; readonly teamId: TeamId }
  | {
      readonly type: 'rtm:raised';
      readonly lotId: LotId;
      readonly teamId: TeamId;
      readonly amount: number;
      readonly endsAt: number;
    }
  | { readonly type: 'rtm:stood'; readonly lotId: LotId; readonly teamId: TeamId; readonly endsAt: number }
  | { readonly type: 'rtm:matched'; readonly lotId: LotId; readonly teamId: TeamId; readonly amount: number }
  | { readonly type: 'rtm:passed'; readonly lotId: LotId; readonly teamId: TeamId };

/**
 * `by` [EVT6] is the role whose command caused the event: `system` when the
 * host's clock did (a lot closed or opened on time), `admin` for the
 * auctioneer, `team` for a bidder. Journals written before it have none.
 */
export type AuctionEvent = EventBody & { readonly seq: number; readonly at: number; readonly by?: Actor['role'] };
export type EventType = EventBody['type'];
export type EventOf<T extends EventType> = Extract<AuctionEvent, { type: T }>;

/**
 * Keyed by every event name, so an event added to `EventBody` without a line
 * here does not compile: a client that missed one would see a gap in `seq`
 * and resync on every such event.
 */
const EVENT_NAMES = {
  'auction:created': true,
  'auction:configured': true,
  'auction:started': true,
  'round:started': true,
  'lot:nominating': true,
  'lot:opened': true,
  'bid:accepted': true,
  'lot:extended': true,
  'lot:sold': true,
  'lot:unsold': true,
  'auction:paused': true,
  'auction:resumed': true,
  'sale:undone': true,
  'purse:adjusted': true,
  'proxy:set': true,
  'proxy:withdrawn': true,
  'proxy:lapsed': true,
  'event:withheld': true,
  'auction:finished': true,
  'lot:retained': true,
  'sale:corrected': true,
  'auction:held': true,
  'wishlist:updated': true,
  'rtm:offered': true,
  'rtm:used': true,
  'rtm:declined': true,
  'rtm:raised': true,
  'rtm:stood': true,
  'rtm:matched': true,
  'rtm:passed': true,
} as const satisfies Record<EventType, true>;

/** Every event name, for clients that subscribe to all of them. */
export const EVENT_TYPES: readonly EventType[] = Object.keys(EVENT_NAMES) as EventType[];
