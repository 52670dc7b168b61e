import { findTeam, isSquadFull, maxBid, purseLeft } from './rules';
import type { AuctionState, Phase, TeamId } from './types';

/**
 * Questions the screens ask of a state, answered from the rules the engine
 * decides by, so a button and the engine cannot disagree. Rule ids refer to
 * shared/auction/RULES.md. Pure: nothing here reads a clock.
 */

/** Where each phase keeps its clock: the open lot's `endsAt`, `gapEndsAt` [CLK5], `nominateEndsAt` [ORD3]. */
const PHASE_CLOCKS: {
  readonly [P in Phase]: {
    readonly read: (state: AuctionState) => number | null;
    readonly write: (state: AuctionState, endsAt: number) => AuctionState;
  };
} = {
  open: {
    read: (state) => state.current?.endsAt ?? null,
    write: (state, endsAt) => (state.current ? { ...state, current: { ...state.current, endsAt } } : state),
  },
  gap: {
    read: (state) => state.gapEndsAt,
    write: (state, endsAt) => ({ ...state, gapEndsAt: endsAt }),
  },
  nominating: {
    read: (state) => state.nominateEndsAt,
    write: (state, endsAt) => ({ ...state, nominateEndsAt: endsAt }),
  },
  // [RTM4] the clock of the current RTM decision.
  rtm: {
    read: (state) => state.rtm?.endsAt ?? null,
    write: (state, endsAt) => (state.rtm ? { ...state, rtm: { ...state.rtm, endsAt } } : state),
  },
  idle: {
    read: () => null,
    write: (state) => state,
  },
};

/**
 * The deadline of `phase`'s clock (by default the current phase): the open
 * lot's `endsAt` (without the grace of [CLK3]), the end of the gap [CLK5] or
 * of the nomination turn [ORD3]; null when that phase has no clock.
 */
export function phaseDeadline(state: AuctionState, phase: Phase = state.phase): number | null {
  return PHASE_CLOCKS[phase].read(state);
}

/** The state with `phase`'s clock set to end at `endsAt` ([AUC3] resume, [AUC6] extend). */
export function withPhaseDeadline(state: AuctionState, phase: Phase, endsAt: number): AuctionState {
  return PHASE_CLOCKS[phase].write(state, endsAt);
}

/** True while a lot is on the block (running or paused): hammer [AUC4], skip [AUC5] and floor bids [AUC8] are about it. */
export function isLotOpen(state: AuctionState): boolean {
  return state.phase === 'open' && state.current !== null;
}

/** [AUC6] the engine accepts `lot:extend` now: running, and the current phase has a clock. */
export function canExtend(state: AuctionState): boolean {
  return state.status === 'running' && phaseDeadline(state) !== null;
}

/**
 * [AUC7] the engine accepts `sale:undo` now: there is a sale and the auction
 * has started. A finished auction included: hammering the last lot finishes
 * it at once, and that sale can still be taken back.
 */
export function canUndo(state: AuctionState): boolean {
  // [RET3] a retention is never undone (it would put the player up for bidding).
  return state.status !== 'setup' && state.sales.length > 0 && state.sales[state.sales.length - 1]?.retained !== true;
}

/** [COR1] the engine may accept `sale:correct` now: the auction has started and something is sold. */
export function canCorrect(state: AuctionState): boolean {
  return state.status !== 'setup' && state.sales.length > 0;
}

/** [ACC1] the round is over and waits for the auctioneer's `round:pick`. */
export function isWaitingForPick(state: AuctionState): boolean {
  return state.status === 'running' && state.hold === 'pick';
}

/** [ACC3] the engine accepts `lot:next` now: running, between lots, and no pick is awaited. */
export function canOpenNext(state: AuctionState): boolean {
  return state.status === 'running' && state.phase === 'gap' && state.hold !== 'pick';
}

/** [AUC9] purses change through `purse:adjust` once the auction has started; before, through the config. */
export function canAdjustPurse(state: AuctionState): boolean {
  return state.status !== 'setup';
}

/** [MAX1] `maxBid` in words, for the screens that explain it (Setup). */
export const MAX_BID_IN_WORDS =
  'Max bid = purse left − (squad minimum − squad now − 1) × minimum price, so every team can still fill its squad.';

/** What the max bid holds back so a team can still fill its squad [MAX1] [SQD1]. */
export interface SquadReserve {
  /** Squad places still to fill after the lot on the block. */
  readonly places: number;
  /** The money kept for them: purse left − max bid. */
  readonly amount: number;
}

/**
 * [MAX1] [SQD1] The part of the purse the team may not bid now, read off the
 * engine's own `maxBid`, and the squad places it is kept for (at
 * `minimumPrice` each). Nothing is kept once the squad is full [SQD2].
 */
export function squadReserve(state: AuctionState, teamId: TeamId): SquadReserve {
  if (!findTeam(state.config, teamId) || isSquadFull(state, teamId)) return { places: 0, amount: 0 };
  const amount = purseLeft(state, teamId) - maxBid(state, teamId);
  const { minimumPrice } = state.config.rules;
  return { places: minimumPrice > 0 ? Math.ceil(amount / minimumPrice) : 0, amount };
}
