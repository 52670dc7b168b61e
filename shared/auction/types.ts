/**
 * The auction's data model. Everything here is plain, serialisable data: the
 * same objects travel in the journal, over the wire and into the renderer.
 *
 * Money is always an integer in the currency's minor unit (paise, cents): never
 * a float. Times are milliseconds on the host's clock, always passed in by the
 * caller (`ctx.now`); `shared/` never reads a clock itself.
 */

export type TeamId = string;
export type LotId = string;

/** Within `upTo` (exclusive, minor units of the current high bid) the step is `step`; the last slab has `upTo: null`. */
export interface IncrementSlab {
  readonly upTo: number | null;
  readonly step: number;
}

/** [INC1] a fixed step, or [INC2] a slab table chosen by the current high bid. */
export type IncrementRule =
  | { readonly kind: 'fixed'; readonly step: number }
  | { readonly kind: 'slabs'; readonly slabs: readonly IncrementSlab[] };

/** How lots are ordered: [ORD1] catalog order, [ORD2] sets drawn with a seed, [ORD3] teams nominating in turn. */
export type OrderRule =
  | { readonly mode: 'catalog' }
  | { readonly mode: 'sets'; readonly seed: number }
  | { readonly mode: 'nominate'; readonly nominateMs: number };

export interface CategoryQuota {
  /** At most this many lots of the category in one squad. */
  readonly max: number;
}

/**
 * [QUO1] What a quota counts: lots of a category (the role), or lots whose
 * attribute (a catalog column kept in `Lot.extra`) has a value. Attribute
 * values compare as `normaliseAttribute` reads them, so `Yes`, `Y`, `true`
 * and `1` all count for `value: 'yes'`.
 */
export type QuotaTarget = { readonly category: string } | { readonly attribute: string; readonly value: string };

/** [QUO1] A quota: at most `max` and/or at least `min` matching lots in one squad. */
export type Quota = QuotaTarget & {
  readonly max?: number;
  readonly min?: number;
};

export interface AuctionRules {
  /** ISO 4217 code, used only for display (`Intl.NumberFormat`). */
  readonly currency: string;
  /** Display hint: `lakh` shows INR amounts as lakh / crore. */
  readonly moneyStyle: 'standard' | 'lakh';
  /** Default purse of a team that does not set its own, minor units. */
  readonly purse: number;
  readonly squadMin: number;
  readonly squadMax: number;
  /** [SQD3] Legacy form of a category maximum; read as `{ category, max }` quotas [QUO1]. */
  readonly categoryQuotas: Readonly<Record<string, CategoryQuota>>;
  /** [QUO1] Quotas by category or attribute, with a maximum and/or a minimum. Absent in old configs. */
  readonly quotas?: readonly Quota[];
  /** The price used by the max-bid guard [MAX1] to reserve money for the squad still to fill. */
  readonly minimumPrice: number;
  readonly increments: IncrementRule;
  /** A lot opens with `endsAt = now + lotOpenMs` [CLK1]. */
  readonly lotOpenMs: number;
  /** An accepted bid sets `endsAt = max(endsAt, now + bidExtendMs)` [CLK2]. */
  readonly bidExtendMs: number;
  /** Bids are still accepted this long after `endsAt` to absorb network latency [CLK3]. */
  readonly graceMs: number;
  /** Pause between a lot closing and the next opening [CLK5]. */
  readonly gapMs: number;
  readonly order: OrderRule;
  /** Rounds in all: unsold lots come back in the next round until this many rounds have run [ORD4]. */
  readonly rounds: number;
  /** [RTM1] Right-to-match cards each team holds unless it sets its own; absent = 0 (no RTM). */
  readonly rtmCards?: number;
  /** [RTM4] How long each RTM decision waits (the RTM team's, then the winner's); absent = 30 s. */
  readonly rtmDecisionMs?: number;
  /**
   * [ACC1] When a round ends with unsold lots, wait for the auctioneer to pick
   * which come back (`round:pick`) instead of bringing them all back. Absent = false.
   */
  readonly pickUnsold?: boolean;
  /** [ACC3] After a close the next lot opens only on `lot:next`: no gap timer. Absent = false. */
  readonly manualAdvance?: boolean;
}

export interface Team {
  readonly id: TeamId;
  readonly name: string;
  /** Short label for tight spaces (projector board, hotkeys). */
  readonly short: string;
  /** Starting purse in minor units. */
  readonly purse: number;
  /** [RTM1] This team's right-to-match cards, instead of `rules.rtmCards`. */
  readonly rtmCards?: number;
}

export interface Lot {
  readonly id: LotId;
  readonly name: string;
  readonly category: string;
  readonly basePrice: number;
  /** Set (pool) name for [ORD2]; empty when unused. */
  readonly set: string;
  /** The lot's attributes [QUO1]: free extra fields from the catalog (overseas, country, capped, ...). */
  readonly extra: Readonly<Record<string, string>>;
  /** [RTM2] The team that may match this lot's winning bid (its previous team), if any. */
  readonly rtmTeamId?: TeamId;
  /** [RET1] Pre-assigned to a team before the start: never comes up for bidding. */
  readonly retained?: Retention;
  /** [DSP1] The player's photo: a media name the host serves at `/media/<name>` (never a URL outside the LAN). */
  readonly photo?: string;
}

/** [RET1] A player kept by a team before the night, at a price that comes off its purse at the start. */
export interface Retention {
  readonly teamId: TeamId;
  /** Minor units, at least 1. */
  readonly price: number;
}

/** Everything needed to create an auction; it is the payload of `auction:created`. */
export interface AuctionConfig {
  readonly name: string;
  readonly rules: AuctionRules;
  readonly teams: readonly Team[];
  readonly lots: readonly Lot[];
  /** [DSP2] How the room's screens present the auction; absent in configs written before it. */
  readonly display?: Display;
}

/** [DSP2] What the organiser picks for the projector: nothing here changes who wins what. */
export interface Display {
  /** The league's name, above the auction's own name. */
  readonly league?: string;
  /** The league's logo: a media name, like `Lot.photo`. */
  readonly logo?: string;
  /** Catalog columns (keys of `Lot.extra`) shown as stats on the projector's player card, in order. */
  readonly stats?: readonly string[];
}

/**
 * An accepted bid as the room sees it. `id` is the host's: the `seq` of the
 * `bid:accepted` event that carried it, unique in the auction, so screens key
 * their lists by it. The bidder's own `bidId` (its idempotency key) is not
 * here: only the journal and the bidder's ack carry it.
 */
export interface Bid {
  readonly id: number;
  readonly teamId: TeamId;
  readonly amount: number;
  readonly at: number;
  /** True when the auctioneer placed it for the team (a bid called out in the room). */
  readonly floor: boolean;
  /** [PRX3] True when the host placed it for the team's proxy maximum; absent otherwise. Never carries the maximum. */
  readonly auto?: boolean;
}

/**
 * [PRX1] A team's secret maximum on a lot: the host bids for it the least
 * needed to lead, up to `max`. Only its own team ever sees it [PRX6].
 */
export interface ProxyBid {
  readonly teamId: TeamId;
  readonly lotId: LotId;
  readonly max: number;
  /** The `seq` of the `proxy:set` that last raised it: of two equal maxima the earlier wins [PRX3]. */
  readonly since: number;
}

export type Status = 'setup' | 'running' | 'paused' | 'finished';

/**
 * - `open`: a lot takes bids until `endsAt + graceMs`.
 * - `gap`: between lots; the next opens at `gapEndsAt`.
 * - `nominating`: [ORD3] waiting for `nominator` to pick the next lot until `nominateEndsAt`.
 * - `rtm`: [RTM3] the open lot's bidding is over and its RTM team decides, until `rtm.endsAt`.
 * - `idle`: before the start or after the end.
 */
export type Phase = 'idle' | 'open' | 'gap' | 'nominating' | 'rtm';

export interface OpenLot {
  readonly lotId: LotId;
  readonly openedAt: number;
  readonly endsAt: number;
  /**
   * The latest accepted bids, oldest first; the last one is the high bid.
   * Only the last MAX_BIDS_KEPT are kept [EVT4]: a bidding war of thousands
   * of bids must not make every bid copy a long list. The journal has them all.
   */
  readonly bids: readonly Bid[];
  /** Accepted bids on this lot in all. */
  readonly bidCount: number;
  /** Every team that has bid on this lot, in the order of their first bid. */
  readonly bidders: readonly TeamId[];
}

/** How many of the open lot's bids the state keeps [EVT4]. */
export const MAX_BIDS_KEPT = 50;

/** [RTM4] The decision clock when the rules set none. */
export const DEFAULT_RTM_DECISION_MS = 30_000;

export interface Sale {
  /** The host's id: the `seq` of the `lot:sold` event, unique in the auction. */
  readonly id: number;
  readonly lotId: LotId;
  readonly teamId: TeamId;
  readonly amount: number;
  readonly round: number;
  readonly at: number;
  /** [RTM6] True when the lot's RTM team bought it by matching (a card spent). */
  readonly rtm?: boolean;
  /** [RET2] Retained before the start (round 0), not bought under the hammer. */
  readonly retained?: true;
  /** [COR1] The latest correction of this sale: what it was before, and why. */
  readonly corrected?: SaleCorrection;
}

/** [COR1] What a sale was before its latest correction. */
export interface SaleCorrection {
  readonly fromTeamId: TeamId;
  readonly fromAmount: number;
  readonly reason: string;
  readonly at: number;
}

/**
 * [ACC1] [ACC3] What a clockless gap waits for: `pick` the auctioneer's
 * choice of unsold lots for the next round (`round:pick`), `next` the
 * auctioneer's `lot:next`.
 */
export type Hold = 'pick' | 'next';

export interface TeamLedger {
  /** Starting purse plus every adjustment. */
  readonly purse: number;
  readonly spent: number;
  /** Lots bought, in order. */
  readonly lots: readonly LotId[];
}

/**
 * [RTM3]–[RTM6] A lot whose bidding is over, waiting on right to match. `step`:
 * - `decide`: the RTM team (`teamId`) says it will match (`rtm:use`) or declines;
 * - `raise`: it will; the winner (`winnerId`) may raise once (`rtm:raise`) or stand (`rtm:final`);
 * - `match`: the RTM team matches `amount` (`rtm:match`) or lets the lot go (`rtm:pass`).
 * Whoever's step it is decides until `endsAt`.
 */
export interface RtmOffer {
  readonly lotId: LotId;
  /** The team holding the card. */
  readonly teamId: TeamId;
  /** The team whose bid won the lot. */
  readonly winnerId: TeamId;
  /** The winning price; after a raise, the raised price. */
  readonly amount: number;
  readonly step: 'decide' | 'raise' | 'match';
  /** True once the winner has raised. */
  readonly raised: boolean;
  readonly endsAt: number;
}

export interface PausedClock {
  readonly phase: Phase;
  /** Time left on the clock of `phase` when paused, never negative. */
  readonly remainingMs: number;
}

export interface AuctionState {
  readonly config: AuctionConfig;
  /** `seq` of the last event folded in; 0 for an empty auction. */
  readonly seq: number;
  readonly status: Status;
  readonly phase: Phase;
  readonly round: number;
  /** Lots still to come in this round, in order (for [ORD3], the pool to nominate from). */
  readonly queue: readonly LotId[];
  /** Lots that went unsold in this round, for the next one. */
  readonly unsold: readonly LotId[];
  readonly current: OpenLot | null;
  readonly gapEndsAt: number | null;
  /**
   * [ORD3] whose turn it is to nominate (phase `nominating`), and until when. In other
   * phases it names the team whose turn it was last (the team that nominated the open
   * lot); the next turn passes to the team after it. Null before the first turn.
   */
  readonly nominator: TeamId | null;
  readonly nominateEndsAt: number | null;
  readonly paused: PausedClock | null;
  /** [RTM3] The lot waiting on right to match (phase `rtm`), else null. */
  readonly rtm: RtmOffer | null;
  /** Every sale in order; undo removes the last. */
  readonly sales: readonly Sale[];
  readonly ledger: Readonly<Record<TeamId, TeamLedger>>;
  /** Lot id → the outcome of its last close (`sold` or `unsold`). */
  readonly outcomes: Readonly<Record<LotId, 'sold' | 'unsold'>>;
  /**
   * [ACC1] [ACC3] Non-null while the auction waits, in phase `gap` with no
   * clock (`gapEndsAt: null`), for the auctioneer. Absent in states older than it.
   */
  readonly hold?: Hold | null;
  /** [ACC2] Each team's wish list of unsold lots for the next round; read it with `ownValue`. */
  readonly wishlists?: Readonly<Record<TeamId, readonly LotId[]>>;
  /**
   * [PRX1] Proxy maxima on the open lot and lots to come, in the order set.
   * Secret [PRX6]: the public view has none, a team's view only its own.
   * Absent in states older than it.
   */
  readonly proxies?: readonly ProxyBid[];
}

/** Who sends a command. The engine authorises by role. */
export type Actor =
  | { readonly role: 'admin' }
  | { readonly role: 'team'; readonly teamId: TeamId }
  | { readonly role: 'spectator' }
  | { readonly role: 'system' };

export interface Ctx {
  /** Host time in ms. */
  readonly now: number;
  readonly actor: Actor;
}
