import { formatMoney } from '../core/money';
import { makeError, type AppError } from '../core/errors';
import { maySend, type Command, type CommandOf, type CommandType } from './commands';
import { DEFAULT_RTM_DECISION_MS, validateConfig } from './config';
import type { AuctionEvent, EventBody } from './events';
import { answerByProxy, setProxy, withdrawProxy } from './proxy';
import { phaseDeadline } from './queries';
import {
  correctionRefusal,
  findSale,
  holdAfterClose,
  isRoundOverWithUnsold,
  pickRefusal,
  reasonRefusal,
  wishlistRefusal,
} from './sales';
import {
  areAllSquadsFull,
  canBid,
  canMatch,
  findLot,
  findTeam,
  highBid,
  incrementAt,
  isMoney,
  isSquadFull,
  maxBid,
  orderForRound,
  purseLeft,
  rtmCardsLeft,
} from './rules';
import type { Actor, AuctionConfig, AuctionState, Bid, Ctx, RtmOffer, TeamId } from './types';
import { evolve, initialState } from './evolve';

export { evolve, validateConfig };

/**
 * The auction engine: one pure function, `apply`, decides every command; the
 * state is the fold (`evolve`) of the events it yields. Rule ids refer to
 * shared/auction/RULES.md.
 */

/** The answer of `apply`: the next state and the events that lead to it, or why nothing happened. */
export type ApplyResult =
  | { readonly ok: true; readonly state: AuctionState; readonly events: AuctionEvent[] }
  | { readonly ok: false; readonly error: AppError };

/** Thrown by `createAuction` for a bad config; `error` is what `validateConfig` returns. */
export class InvalidConfigError extends Error {
  readonly error: AppError;
  constructor(error: AppError) {
    super(error.message);
    this.name = 'InvalidConfigError';
    this.error = error;
  }
}

/**
 * Create an auction: the `auction:created` event (seq 1) and the state it
 * folds to (status `setup`, phase `idle`).
 *
 * @throws InvalidConfigError when `validateConfig(config)` finds a problem;
 *   call `validateConfig` first to get the error without throwing.
 */
export function createAuction(
  auctionId: string,
  config: AuctionConfig,
  now: number,
): { state: AuctionState; events: AuctionEvent[] } {
  const error = validateConfig(config);
  if (error) throw new InvalidConfigError(error);
  const events: AuctionEvent[] = [{ type: 'auction:created', auctionId, config, seq: 1, at: now }];
  return { state: replay(events), events };
}

/**
 * [EVT5] An event as today's engine writes it. Journals written before bids
 * had host ids hold `bid: { bidId, teamId, amount, at, floor }`; the bid then
 * gets the event's `seq` as its id and its `bidId` moves to the event, where
 * the host finds it for retries and never broadcasts it. Other events pass
 * through unchanged (the same object).
 */
export function upgradeEvent(event: AuctionEvent): AuctionEvent {
  if (event.type !== 'bid:accepted' || typeof (event.bid as Partial<Bid>).id === 'number') return event;
  const legacy = event.bid as Partial<Bid> & { bidId?: unknown };
  const bid: Bid = {
    id: event.seq,
    teamId: String(legacy.teamId),
    amount: Number(legacy.amount),
    at: Number(legacy.at),
    floor: legacy.floor === true,
  };
  const bidId = typeof legacy.bidId === 'string' ? legacy.bidId : event.bidId;
  return { ...event, bid, ...(bidId === undefined ? {} : { bidId }) };
}

/** Rebuild a state from a whole, trusted journal (first event `auction:created`, seq 1, 2, 3, ...). */
export function replay(journal: readonly AuctionEvent[]): AuctionState {
  const events = journal.map(upgradeEvent);
  const [created, ...rest] = events;
  if (!created || created.type !== 'auction:created') {
    throw new Error('replay: the first event must be auction:created');
  }
  if (created.seq !== 1) throw new Error(`replay: auction:created must have seq 1, not ${created.seq}`);
  let state = evolve(initialState(created), created);
  for (const event of rest) {
    if (event.seq !== state.seq + 1) {
      throw new Error(`replay: expected seq ${state.seq + 1} but found ${event.seq} (${event.type})`);
    }
    if (event.type === 'auction:created') throw new Error(`replay: a second auction:created at seq ${event.seq}`);
    state = evolve(state, event);
  }
  return state;
}

/**
 * The host time at which the host must send `clock:tick`: the open lot's
 * `endsAt + graceMs` [CLK3], the end of the gap [CLK5] or of the nomination
 * turn [ORD3]; null when paused, in setup or finished (nothing is due).
 */
export function nextDeadline(state: AuctionState): number | null {
  if (state.status !== 'running') return null;
  const deadline = phaseDeadline(state);
  if (deadline === null) return null;
  return state.phase === 'open' ? deadline + state.config.rules.graceMs : deadline;
}

/** Collects events for one command, folding each as it is emitted so later steps see its effect. */
class Tx {
  state: AuctionState;
  readonly events: AuctionEvent[] = [];
  readonly now: number;
  readonly by: Actor['role'];

  constructor(state: AuctionState, now: number, by: Actor['role']) {
    this.state = state;
    this.now = now;
    this.by = by;
  }

  /** The event `body` would become if emitted now: [EVT1] seq and time, [EVT6] who caused it. */
  stamp(body: EventBody): AuctionEvent {
    // A copy and three stores, not `{ ...body, seq, at, by }`: every event type passes through
    // this one line, so the spread is megamorphic, and V8's generic path for it allocated about
    // 1.1 KB an event (a bid too) against about 0.15 KB this way.
    const event = Object.assign({}, body) as EventBody & { seq: number; at: number; by: Actor['role'] };
    event.seq = this.state.seq + 1;
    event.at = this.now;
    event.by = this.by;
    return event;
  }

  emit(body: EventBody): void {
    const event = this.stamp(body);
    this.state = evolve(this.state, event);
    this.events.push(event);
  }
}

type Handler<T extends CommandType> = (tx: Tx, command: CommandOf<T>, actor: Actor) => AppError | null;

/** [AUTH1]–[AUTH4]: who may send what, by the one table `SENDERS`. */
function authorise(state: AuctionState, command: Command, actor: Actor): AppError | null {
  // An actor naming no configured team is told so before anything else.
  if (actor.role === 'team' && !findTeam(state.config, actor.teamId)) {
    return makeError('unknown_team', `no team ${actor.teamId}`);
  }
  if (!maySend(actor.role, command.type)) {
    return makeError('not_authorized', `${actor.role} may not send ${command.type}`);
  }
  // [AUTH2] a bidder acts only for its own team.
  if (actor.role === 'team' && command.type === 'bid:place' && command.teamId !== undefined) {
    if (command.teamId !== actor.teamId) {
      return makeError('not_authorized', `team ${actor.teamId} may not bid for team ${command.teamId}`);
    }
  }
  return null;
}

function notRunning(state: AuctionState): AppError | null {
  if (state.status === 'setup') return makeError('not_running', 'the auction has not started');
  if (state.status === 'finished') return makeError('not_running', 'the auction is finished');
  if (state.status === 'paused') return makeError('auction_paused', 'the auction is paused');
  return null;
}

function isOver(state: AuctionState): boolean {
  if (areAllSquadsFull(state)) return true;
  const anotherRound = state.round < state.config.rules.rounds && state.unsold.length > 0;
  return state.queue.length === 0 && !anotherRound;
}

/** [ORD3] The next team with room in its squad, after the one whose turn it was last. */
function nextNominator(state: AuctionState): TeamId | null {
  const teams = state.config.teams;
  const last = state.nominator === null ? -1 : teams.findIndex((team) => team.id === state.nominator);
  for (let i = 1; i <= teams.length; i += 1) {
    const team = teams[(last + i) % teams.length];
    if (team && !isSquadFull(state, team.id)) return team.id;
  }
  return null;
}

/** Open the next lot [ORD1]/[ORD2], or hand the turn to the next nominator [ORD3]. */
function openNext(tx: Tx): void {
  const { state, now } = tx;
  const rules = state.config.rules;
  if (rules.order.mode === 'nominate') {
    const teamId = nextNominator(state);
    if (teamId !== null) {
      tx.emit({ type: 'lot:nominating', teamId, endsAt: now + rules.order.nominateMs });
      return;
    }
  }
  const lotId = state.queue[0];
  if (lotId === undefined) {
    tx.emit({ type: 'auction:finished' });
    return;
  }
  // [CLK1]
  tx.emit({ type: 'lot:opened', lotId, endsAt: now + rules.lotOpenMs, nominatedBy: null });
}

/** What follows a gap (or a close without one): the next lot, the next round [ORD4] or the finish. */
function advance(tx: Tx): void {
  const state = tx.state;
  if (areAllSquadsFull(state)) {
    tx.emit({ type: 'auction:finished' });
    return;
  }
  if (state.queue.length === 0) {
    // [ACC1] the auctioneer picks which unsold lots come back.
    if (state.config.rules.pickUnsold === true && isRoundOverWithUnsold(state)) {
      tx.emit({ type: 'auction:held', hold: 'pick' });
      return;
    }
    if (state.round < state.config.rules.rounds && state.unsold.length > 0) {
      const round = state.round + 1;
      tx.emit({ type: 'round:started', round, queue: orderForRound(state.config, state.unsold, round) });
    } else {
      tx.emit({ type: 'auction:finished' });
      return;
    }
  }
  openNext(tx);
}

/** [CLK4] close the open lot: sold to the high bidder, or unsold (always unsold when `skip` [AUC5]). */
function closeLot(tx: Tx, skip: boolean): void {
  const state = tx.state;
  const current = state.current;
  if (!current) return;
  const high = skip ? null : highBid(state);
  if (high && offerRtm(tx, current.lotId, high.teamId, high.amount)) return;
  endLot(
    tx,
    high
      ? { type: 'lot:sold', lotId: current.lotId, teamId: high.teamId, amount: high.amount, gapEndsAt: null }
      : { type: 'lot:unsold', lotId: current.lotId, gapEndsAt: null },
  );
}

/** The RTM decision clock [RTM4]. */
function rtmDecisionMs(state: AuctionState): number {
  return state.config.rules.rtmDecisionMs ?? DEFAULT_RTM_DECISION_MS;
}

/**
 * [RTM3] A lot won by a team other than its RTM team goes to that team's
 * decision instead of selling, when the RTM team still holds a card and could
 * bid the winning price itself [RTM5]; otherwise there is nothing to decide.
 */
function offerRtm(tx: Tx, lotId: string, winnerId: TeamId, amount: number): boolean {
  const state = tx.state;
  const teamId = findLot(state.config, lotId)?.rtmTeamId;
  if (teamId === undefined || teamId === winnerId || !findTeam(state.config, teamId)) return false;
  if (rtmCardsLeft(state, teamId) <= 0 || canMatch(state, teamId, lotId, amount)) return false;
  tx.emit({ type: 'rtm:offered', lotId, teamId, winnerId, amount, endsAt: tx.now + rtmDecisionMs(state) });
  return true;
}

/** The lot leaves the block sold or unsold, then the gap [CLK5] or what follows at once. */
function endLot(tx: Tx, body: Extract<EventBody, { type: 'lot:sold' | 'lot:unsold' }>): void {
  const { state, now } = tx;
  const gapMs = state.config.rules.gapMs;
  const after = evolve(state, tx.stamp(body));
  const over = isOver(after);
  // [ACC1] [ACC3] wait for the auctioneer's pick or `lot:next` instead of a gap timer.
  const hold = over ? null : holdAfterClose(after);
  // [CLK5] a gap only when something follows it and it lasts; otherwise go on at once.
  const hasGap = hold === null && gapMs > 0 && !over;
  tx.emit({ ...body, gapEndsAt: hasGap ? now + gapMs : null });
  if (hold) tx.emit({ type: 'auction:held', hold });
  else if (!hasGap) advance(tx);
}

/** [RTM5] [RTM6] The RTM lot sells: to the winner, or to the RTM team when it matched (a card spent). */
function sellRtmLot(tx: Tx, rtm: RtmOffer, matched: boolean): void {
  const teamId = matched ? rtm.teamId : rtm.winnerId;
  endLot(tx, {
    type: 'lot:sold',
    lotId: rtm.lotId,
    teamId,
    amount: rtm.amount,
    gapEndsAt: null,
    ...(matched ? { rtm: true } : {}),
  });
}

/**
 * [RTM7] The RTM lot waiting on `step`, if `actor` may take it now: the
 * auction running, the lot named the one waiting, the step the current one,
 * and a team acting only on its own decision (the RTM team's at `decide` and
 * `match`, the winner's at `raise`). The auctioneer may act for either.
 */
function rtmAt(
  state: AuctionState,
  lotId: unknown,
  actor: Actor,
  step: RtmOffer['step'],
): { readonly rtm: RtmOffer } | { readonly error: AppError } {
  if (typeof lotId !== 'string') return { error: makeError('invalid_payload', 'lotId must be a string') };
  const stopped = notRunning(state);
  if (stopped) return { error: stopped };
  const rtm = state.rtm;
  if (state.phase !== 'rtm' || !rtm) return { error: makeError('wrong_phase', 'no lot is waiting on right to match') };
  if (lotId !== rtm.lotId) {
    return {
      error: makeError(
        'wrong_phase',
        `${findLot(state.config, rtm.lotId)?.name ?? rtm.lotId} is waiting on right to match, not that lot`,
      ),
    };
  }
  if (rtm.step !== step) return { error: makeError('wrong_phase', `right to match is at its ${rtm.step} step`) };
  const decider = step === 'raise' ? rtm.winnerId : rtm.teamId;
  if (actor.role === 'team' && actor.teamId !== decider) {
    return {
      error: makeError('not_your_turn', `it is ${findTeam(state.config, decider)?.name ?? decider}'s decision`),
    };
  }
  return { rtm };
}

/** The running clock's deadline in `state.phase`. */
function deadlineOf(state: AuctionState): number | null {
  return phaseDeadline(state);
}

function placeBid(
  tx: Tx,
  teamId: TeamId,
  command: CommandOf<'bid:place' | 'bid:floor'>,
  floor: boolean,
): AppError | null {
  const state = tx.state;
  if (typeof command.bidId !== 'string' || command.bidId === '') {
    return makeError('invalid_payload', 'bidId must be a non-empty string');
  }
  if (!isMoney(command.amount) || command.amount <= 0) {
    return makeError('invalid_payload', 'amount must be a positive integer in minor units');
  }
  const stopped = notRunning(state);
  if (stopped) return stopped;
  if (!findTeam(state.config, teamId)) return makeError('unknown_team', `no team ${teamId}`);
  const current = state.current;
  // [BID5] only the open lot, and only until its clock (plus grace) runs out.
  if (state.phase !== 'open' || !current) return makeError('lot_closed', 'no lot is open');
  if (command.lotId !== current.lotId) {
    return makeError(
      'lot_closed',
      `that lot is not open; ${findLot(state.config, current.lotId)?.name ?? current.lotId} is`,
    );
  }
  const refused = canBid(state, teamId, command.amount, tx.now);
  if (refused) return refused;
  // [EVT5] the host's id of the bid is the seq of its event: unique in the auction, whatever bidId says.
  const bid: Bid = { id: state.seq + 1, teamId, amount: command.amount, at: tx.now, floor };
  // [CLK2] soft close: a bid near the end pushes the end out.
  const endsAt = Math.max(current.endsAt, tx.now + state.config.rules.bidExtendMs);
  tx.emit({ type: 'bid:accepted', lotId: current.lotId, bid, endsAt, bidId: command.bidId });
  return null;
}

const HANDLERS: { readonly [T in CommandType]: Handler<T> } = {
  'auction:configure': (tx, command) => {
    const state = tx.state;
    // [CFG1]
    if (state.status !== 'setup')
      return makeError('not_in_setup', 'the configuration is fixed once the auction starts');
    const config: AuctionConfig = {
      name: command.name ?? state.config.name,
      rules: command.rules ?? state.config.rules,
      teams: command.teams ?? state.config.teams,
      // [CFG3] a long catalog arrives in pages that each fit one small message.
      lots: command.appendLots ? [...state.config.lots, ...(command.lots ?? [])] : (command.lots ?? state.config.lots),
      // [DSP2] kept absent rather than undefined, so a config without it reads as before.
      ...((command.display ?? state.config.display) ? { display: command.display ?? state.config.display } : {}),
    };
    const invalid = validateConfig(config);
    if (invalid) return invalid;
    tx.emit({ type: 'auction:configured', config });
    return null;
  },

  'auction:start': (tx) => {
    const state = tx.state;
    // [AUC1]
    if (state.status !== 'setup') return makeError('not_in_setup', 'the auction has already started');
    if (state.config.teams.length === 0)
      return makeError('invalid_config', 'teams: at least one team is needed to start');
    if (state.config.lots.length === 0) return makeError('invalid_config', 'lots: at least one lot is needed to start');
    // [QUO5] the catalog is whole now: a quota that counts no lot is an error, not a silent zero.
    const incomplete = validateConfig(state.config, { complete: true });
    if (incomplete) return incomplete;
    tx.emit({ type: 'auction:started' });
    // [RET2] retained players join their squads at their price and never come up for bidding.
    for (const lot of state.config.lots) {
      if (lot.retained) {
        tx.emit({ type: 'lot:retained', lotId: lot.id, teamId: lot.retained.teamId, amount: lot.retained.price });
      }
    }
    const queue = orderForRound(
      state.config,
      state.config.lots.filter((lot) => !lot.retained).map((lot) => lot.id),
      1,
    );
    tx.emit({ type: 'round:started', round: 1, queue });
    openNext(tx);
    return null;
  },

  'auction:pause': (tx, command) => {
    const state = tx.state;
    const stopped = notRunning(state);
    if (stopped) return stopped;
    // [AUC2] keep what is left on the clock of the current phase.
    const deadline = deadlineOf(state) ?? tx.now;
    const left = Math.max(0, deadline - tx.now);
    // [AUC10] after a crash an open lot (or an RTM decision [RTM8]) gets at least `minRemainingMs` once resumed.
    const hasFloor = state.phase === 'open' || state.phase === 'rtm';
    const floor = hasFloor && isMoney(command.minRemainingMs) ? command.minRemainingMs : 0;
    tx.emit({ type: 'auction:paused', phase: state.phase, remainingMs: Math.max(left, floor) });
    return null;
  },

  'auction:resume': (tx) => {
    const state = tx.state;
    if (state.status === 'running') return makeError('wrong_phase', 'the auction is not paused');
    if (state.status !== 'paused' || !state.paused) return notRunning(state);
    // [AUC3]
    const { phase, remainingMs } = state.paused;
    tx.emit({ type: 'auction:resumed', phase, endsAt: tx.now + remainingMs });
    return null;
  },

  'lot:hammer': (tx) => {
    const stopped = notRunning(tx.state);
    if (stopped) return stopped;
    if (tx.state.phase !== 'open') return makeError('wrong_phase', 'no lot is open');
    // [AUC4]
    closeLot(tx, false);
    return null;
  },

  'lot:skip': (tx) => {
    const stopped = notRunning(tx.state);
    if (stopped) return stopped;
    if (tx.state.phase !== 'open') return makeError('wrong_phase', 'no lot is open');
    // [AUC5]
    closeLot(tx, true);
    return null;
  },

  'lot:extend': (tx, command) => {
    if (!isMoney(command.ms) || command.ms <= 0) return makeError('invalid_payload', 'ms must be a positive integer');
    const state = tx.state;
    const stopped = notRunning(state);
    if (stopped) return stopped;
    const deadline = deadlineOf(state);
    if (deadline === null) return makeError('wrong_phase', 'there is no clock to extend');
    // [AUC6] from the deadline, or from now if the deadline has passed (e.g. in the grace window).
    tx.emit({ type: 'lot:extended', phase: state.phase, endsAt: Math.max(deadline, tx.now) + command.ms });
    return null;
  },

  'sale:undo': (tx) => {
    const state = tx.state;
    if (state.status === 'setup') return makeError('not_running', 'the auction has not started');
    const sale = state.sales[state.sales.length - 1];
    if (!sale) return makeError('nothing_to_undo', 'there is no sale to undo');
    // [RET3] a retained player never comes up for bidding: correct its sale instead.
    if (sale.retained) return makeError('nothing_to_undo', 'no sale since the retentions; correct a retention instead');
    // [AUC7]
    tx.emit({ type: 'sale:undone', lotId: sale.lotId, teamId: sale.teamId, amount: sale.amount });
    return null;
  },

  'bid:place': (tx, command, actor) =>
    // authorise() has already refused a team naming another team [AUTH2].
    actor.role === 'team' ? placeBid(tx, actor.teamId, command, false) : makeError('not_authorized', 'only teams bid'),

  // [AUC8]
  'bid:floor': (tx, command) =>
    typeof command.teamId === 'string'
      ? placeBid(tx, command.teamId, command, true)
      : makeError('invalid_payload', 'teamId must be a string'),

  'purse:adjust': (tx, command) => {
    const state = tx.state;
    if (!isMoney(command.delta) || command.delta === 0) {
      return makeError('invalid_payload', 'delta must be a non-zero integer in minor units');
    }
    if (typeof command.reason !== 'string') return makeError('invalid_payload', 'reason must be a string');
    if (state.status === 'setup') {
      return makeError('not_running', 'before the start, set the purse with auction:configure');
    }
    const team = findTeam(state.config, command.teamId);
    if (!team) return makeError('unknown_team', `no team ${command.teamId}`);
    // [AUC9] the purse must still cover what is spent and the team's standing high bid
    // (while right to match is decided [RTM3], the winning price, raised or not).
    const high = state.rtm ? { teamId: state.rtm.winnerId, amount: state.rtm.amount } : highBid(state);
    const committed = high?.teamId === command.teamId ? high.amount : 0;
    const left = purseLeft(state, command.teamId) + command.delta;
    if (left < committed) {
      const { currency, moneyStyle } = state.config.rules;
      const money = (value: number): string => formatMoney(value, currency, moneyStyle);
      return makeError(
        'purse_negative',
        committed === 0
          ? `${team.name} would have ${money(left)} left, less than nothing`
          : `${team.name} would have ${money(left)} left, less than its high bid of ${money(committed)}`,
      );
    }
    tx.emit({ type: 'purse:adjusted', teamId: command.teamId, delta: command.delta, reason: command.reason });
    return null;
  },

  'sale:correct': (tx, command) => {
    const state = tx.state;
    if (state.status === 'setup') return makeError('not_running', 'the auction has not started');
    // [COR1] a reason, then [COR2] the checks of any sale.
    const badReason = reasonRefusal(command.reason);
    if (badReason) return badReason;
    if (typeof command.lotId !== 'string') return makeError('invalid_payload', 'lotId must be a string');
    const sale = findSale(state, command.lotId);
    if (!sale) return makeError('unknown_lot', `lot ${command.lotId.slice(0, 64)} has no sale to correct`);
    const teamId = command.teamId ?? sale.teamId;
    const amount = command.amount ?? sale.amount;
    const refused = correctionRefusal(state, sale, teamId, amount);
    if (refused) return refused;
    tx.emit({
      type: 'sale:corrected',
      saleId: sale.id,
      lotId: sale.lotId,
      fromTeamId: sale.teamId,
      fromAmount: sale.amount,
      teamId,
      amount,
      reason: command.reason,
    });
    return null;
  },

  'round:pick': (tx, command) => {
    const state = tx.state;
    const stopped = notRunning(state);
    if (stopped) return stopped;
    if (state.hold !== 'pick') return makeError('wrong_phase', 'no round is waiting for a pick');
    const refused = pickRefusal(state, command.lotIds);
    if (refused) return refused;
    // [ACC1] none picked: nothing comes back, the auction is over.
    if (command.lotIds.length === 0) {
      tx.emit({ type: 'auction:finished' });
      return null;
    }
    const round = state.round + 1;
    tx.emit({ type: 'round:started', round, queue: orderForRound(state.config, command.lotIds, round) });
    openNext(tx);
    return null;
  },

  'wishlist:set': (tx, command, actor) => {
    const state = tx.state;
    if (actor.role !== 'team') return makeError('not_authorized', 'only teams keep wish lists');
    if (state.status === 'setup') return makeError('not_running', 'the auction has not started');
    if (state.status === 'finished') return makeError('not_running', 'the auction is finished');
    // [ACC2]
    const refused = wishlistRefusal(state, command.lotIds);
    if (refused) return refused;
    tx.emit({ type: 'wishlist:updated', teamId: actor.teamId, lotIds: [...command.lotIds] });
    return null;
  },

  'lot:next': (tx) => {
    const state = tx.state;
    const stopped = notRunning(state);
    if (stopped) return stopped;
    if (state.phase !== 'gap') return makeError('wrong_phase', 'the next lot opens only between lots');
    if (state.hold === 'pick') {
      return makeError('wrong_phase', 'pick the unsold lots that come back first (round:pick)');
    }
    // [ACC3] end the wait (or the gap) now.
    advance(tx);
    return null;
  },

  'lot:nominate': (tx, command, actor) => {
    const state = tx.state;
    const stopped = notRunning(state);
    if (stopped) return stopped;
    if (actor.role === 'team') {
      // [ORD3] a team nominates only on its turn.
      if (state.phase !== 'nominating') return makeError('wrong_phase', 'nobody is nominating now');
      if (state.nominator !== actor.teamId) return makeError('not_your_turn', `it is team ${state.nominator}'s turn`);
    } else if (state.phase !== 'nominating' && state.phase !== 'gap') {
      return makeError('wrong_phase', 'a lot can be nominated only between lots');
    }
    if (!findLot(state.config, command.lotId)) return makeError('unknown_lot', `no lot ${command.lotId}`);
    if (!state.queue.includes(command.lotId)) {
      return makeError('unknown_lot', `lot ${command.lotId} is not waiting in this round`);
    }
    const nominatedBy = state.phase === 'nominating' ? state.nominator : null;
    // [CLK1]
    tx.emit({ type: 'lot:opened', lotId: command.lotId, endsAt: tx.now + state.config.rules.lotOpenMs, nominatedBy });
    return null;
  },

  // [PRX1] [PRX2] a team's own maximum only (authorise has kept every other role out).
  'proxy:set': (tx, command, actor) =>
    actor.role === 'team'
      ? setProxy(tx, actor.teamId, command)
      : makeError('not_authorized', 'only teams leave maximums'),

  // [PRX5]
  'proxy:withdraw': (tx, command, actor) =>
    actor.role === 'team'
      ? withdrawProxy(tx, actor.teamId, command)
      : makeError('not_authorized', 'only teams withdraw maximums'),

  'clock:tick': (tx) => {
    const state = tx.state;
    const stopped = notRunning(state);
    if (stopped) return stopped;
    const deadline = nextDeadline(state);
    // [CLK6] a tick before the deadline changes nothing (the host re-arms its timer).
    if (deadline === null || tx.now < deadline) return null;
    if (state.phase === 'open') {
      closeLot(tx, false); // [CLK3] [CLK4]
    } else if (state.phase === 'gap') {
      advance(tx); // [CLK5]
    } else if (state.phase === 'nominating') {
      // [ORD3] the turn ran out: the next lot in catalog order opens for the nominator.
      const lotId = state.queue[0];
      if (lotId === undefined) advance(tx);
      else
        tx.emit({
          type: 'lot:opened',
          lotId,
          endsAt: tx.now + state.config.rules.lotOpenMs,
          nominatedBy: state.nominator,
        });
    } else if (state.phase === 'rtm' && state.rtm) {
      rtmTimeout(tx, state.rtm);
    }
    return null;
  },

  'rtm:use': (tx, command, actor) => {
    const at = rtmAt(tx.state, command.lotId, actor, 'decide');
    if ('error' in at) return at.error;
    const { rtm } = at;
    // [RTM5] a team cannot say it will match what it could not bid.
    if (rtmCardsLeft(tx.state, rtm.teamId) <= 0) return makeError('wrong_phase', 'no right-to-match card is left');
    const refused = canMatch(tx.state, rtm.teamId, rtm.lotId, rtm.amount);
    if (refused) return refused;
    // [RTM4] now the winner's clock: raise once or stand.
    tx.emit({ type: 'rtm:used', lotId: rtm.lotId, teamId: rtm.teamId, endsAt: tx.now + rtmDecisionMs(tx.state) });
    return null;
  },

  'rtm:decline': (tx, command, actor) => {
    const at = rtmAt(tx.state, command.lotId, actor, 'decide');
    if ('error' in at) return at.error;
    tx.emit({ type: 'rtm:declined', lotId: at.rtm.lotId, teamId: at.rtm.teamId });
    sellRtmLot(tx, at.rtm, false);
    return null;
  },

  'rtm:raise': (tx, command, actor) => {
    if (!isMoney(command.amount) || command.amount <= 0) {
      return makeError('invalid_payload', 'amount must be a positive integer in minor units');
    }
    const state = tx.state;
    const at = rtmAt(state, command.lotId, actor, 'raise');
    if ('error' in at) return at.error;
    const { rtm } = at;
    const { currency, moneyStyle } = state.config.rules;
    const money = (value: number): string => formatMoney(value, currency, moneyStyle);
    // [RTM4] one raise of at least one increment, within the winner's max bid [MAX1].
    const min = rtm.amount + incrementAt(state.config.rules, rtm.amount);
    if (command.amount < min) return makeError('bid_too_low', `a raise must be at least ${money(min)}`);
    const max = maxBid(state, rtm.winnerId);
    if (command.amount > max) {
      const name = findTeam(state.config, rtm.winnerId)?.name ?? rtm.winnerId;
      return makeError('over_max_bid', `${name} may bid at most ${money(max)}`);
    }
    tx.emit({
      type: 'rtm:raised',
      lotId: rtm.lotId,
      teamId: rtm.winnerId,
      amount: command.amount,
      endsAt: tx.now + rtmDecisionMs(state),
    });
    return null;
  },

  'rtm:final': (tx, command, actor) => {
    const at = rtmAt(tx.state, command.lotId, actor, 'raise');
    if ('error' in at) return at.error;
    const { rtm } = at;
    tx.emit({ type: 'rtm:stood', lotId: rtm.lotId, teamId: rtm.winnerId, endsAt: tx.now + rtmDecisionMs(tx.state) });
    return null;
  },

  'rtm:match': (tx, command, actor) => {
    const at = rtmAt(tx.state, command.lotId, actor, 'match');
    if ('error' in at) return at.error;
    const { rtm } = at;
    // [RTM5] the final price, raised or not, under every check a bid of it would meet.
    const refused = canMatch(tx.state, rtm.teamId, rtm.lotId, rtm.amount);
    if (refused) return refused;
    tx.emit({ type: 'rtm:matched', lotId: rtm.lotId, teamId: rtm.teamId, amount: rtm.amount });
    sellRtmLot(tx, rtm, true);
    return null;
  },

  'rtm:pass': (tx, command, actor) => {
    const at = rtmAt(tx.state, command.lotId, actor, 'match');
    if ('error' in at) return at.error;
    tx.emit({ type: 'rtm:passed', lotId: at.rtm.lotId, teamId: at.rtm.teamId });
    sellRtmLot(tx, at.rtm, false);
    return null;
  },
};

/**
 * [RTM4] A decision clock ran out: the RTM team that did not say declines, a
 * winner that did not raise stands, an RTM team that did not match passes.
 */
function rtmTimeout(tx: Tx, rtm: RtmOffer): void {
  if (rtm.step === 'decide') {
    tx.emit({ type: 'rtm:declined', lotId: rtm.lotId, teamId: rtm.teamId });
    sellRtmLot(tx, rtm, false);
  } else if (rtm.step === 'raise') {
    tx.emit({ type: 'rtm:stood', lotId: rtm.lotId, teamId: rtm.winnerId, endsAt: tx.now + rtmDecisionMs(tx.state) });
  } else {
    tx.emit({ type: 'rtm:passed', lotId: rtm.lotId, teamId: rtm.teamId });
    sellRtmLot(tx, rtm, false);
  }
}

/**
 * Decide one command. Pure: never mutates `state`, never reads a clock (time
 * is `ctx.now`), never throws on a user's mistake. Authorises by
 * `ctx.actor.role` [AUTH1]–[AUTH4], then yields events stamped with
 * `seq = state.seq + 1, ...` and `at = ctx.now`, and the state they fold to.
 *
 * An accepted `clock:tick` with nothing due returns no events.
 *
 * @example
 * const r = apply(state, { type: 'bid:place', bidId: 'b1', lotId: 'L1', amount: 200 }, { now, actor: { role: 'team', teamId: 'T1' } });
 * if (!r.ok) ack(r.error); else { journal(r.events); state = r.state; }
 */
export function apply(state: AuctionState, command: Command, ctx: Ctx): ApplyResult {
  const type: unknown = typeof command === 'object' && command !== null ? command.type : undefined;
  if (typeof type !== 'string' || !Object.hasOwn(HANDLERS, type)) {
    return { ok: false, error: makeError('invalid_payload', 'unknown command') };
  }
  const handler = HANDLERS[type as CommandType] as Handler<CommandType>;
  const denied = authorise(state, command, ctx.actor);
  if (denied) return { ok: false, error: denied };
  const tx = new Tx(state, ctx.now, ctx.actor.role);
  const error = handler(tx, command as never, ctx.actor);
  if (error) return { ok: false, error };
  // [PRX3] the open lot's proxy maximums answer whatever the command changed.
  answerByProxy(tx);
  return { ok: true, state: tx.state, events: tx.events };
}
