import type { AuctionEvent, EventOf } from './events';
import { evolveProxies } from './proxy';
import { withPhaseDeadline } from './queries';
import { ownValue } from './records';
import { foldCorrection, foldRetained } from './sales';
import type { AuctionConfig, AuctionState, Bid, Phase, TeamId, TeamLedger } from './types';
import { MAX_BIDS_KEPT } from './types';

/**
 * The fold: the state after an event. Every client folds the host's events
 * with it, so it lives apart from `apply` (engine.ts) and imports nothing
 * of the commands or the config validator: a phone's bidder page carries
 * the fold, never the decisions only the host makes.
 */

function freshLedger(config: AuctionConfig): Record<TeamId, TeamLedger> {
  return Object.fromEntries(config.teams.map((team) => [team.id, { purse: team.purse, spent: 0, lots: [] }]));
}

export function initialState(created: EventOf<'auction:created'>): AuctionState {
  return {
    config: created.config,
    seq: 0,
    status: 'setup',
    phase: 'idle',
    round: 0,
    queue: [],
    unsold: [],
    current: null,
    gapEndsAt: null,
    nominator: null,
    nominateEndsAt: null,
    paused: null,
    rtm: null,
    hold: null,
    wishlists: {},
    sales: [],
    ledger: freshLedger(created.config),
    outcomes: {},
    proxies: [],
  };
}

function withDeadline(state: AuctionState, phase: Phase, endsAt: number): AuctionState {
  return withPhaseDeadline(state, phase, endsAt);
}

function afterClose(state: AuctionState, gapEndsAt: number | null): AuctionState {
  // A null gap means more events follow at once (the next lot, a round or the finish).
  return { ...state, current: null, rtm: null, phase: gapEndsAt === null ? 'idle' : 'gap', gapEndsAt };
}

/**
 * The fold: the state after `event`. Pure and total for events the engine
 * made; it trusts them (validation happened in `apply`). Only what changes is
 * copied, so a bid copies the open lot's bid list and nothing else.
 */
export function evolve(state: AuctionState, event: AuctionEvent): AuctionState {
  const body = evolveBody(state, event);
  // [PRX7] proxy maximums follow their own events and the lot's close.
  const proxies = evolveProxies(state, event);
  const next = proxies === null ? body : { ...body, proxies };
  return next.seq === event.seq ? next : { ...next, seq: event.seq };
}

function evolveBody(state: AuctionState, event: AuctionEvent): AuctionState {
  switch (event.type) {
    case 'auction:created':
      return { ...initialState(event), seq: event.seq };
    case 'auction:configured':
      return { ...state, config: event.config, ledger: freshLedger(event.config) };
    case 'auction:started':
      return { ...state, status: 'running' };
    case 'round:started':
      // [ACC2] wish lists were for this pick; the next round's unsold start a new list.
      return { ...state, round: event.round, queue: event.queue, unsold: [], hold: null, wishlists: {} };
    case 'lot:nominating':
      return {
        ...state,
        phase: 'nominating',
        nominator: event.teamId,
        nominateEndsAt: event.endsAt,
        gapEndsAt: null,
        hold: null,
      };
    case 'lot:opened':
      return {
        ...state,
        phase: 'open',
        current: { lotId: event.lotId, openedAt: event.at, endsAt: event.endsAt, bids: [], bidCount: 0, bidders: [] },
        queue: state.queue.filter((id) => id !== event.lotId),
        gapEndsAt: null,
        nominateEndsAt: null,
        hold: null,
      };
    case 'bid:accepted': {
      const current = state.current;
      if (!current) return state;
      // The hottest fold (every client, every bid): one shallow copy of the state, seq included,
      // one of the open lot, and its kept bids. Nothing else: the ledger, the sales, the config
      // and the rest keep their identity [EVT7].
      const isNewBidder = !current.bidders.includes(event.bid.teamId);
      return {
        ...state,
        seq: event.seq,
        current: {
          ...current,
          endsAt: event.endsAt,
          bids: withBid(current.bids, event.bid),
          bidCount: current.bidCount + 1,
          bidders: isNewBidder ? [...current.bidders, event.bid.teamId] : current.bidders,
        },
      };
    }
    case 'lot:extended':
      return withDeadline(state, event.phase, event.endsAt);
    case 'lot:sold': {
      const ledger = ownValue(state.ledger, event.teamId);
      if (!ledger) return state;
      return {
        ...afterClose(state, event.gapEndsAt),
        ledger: {
          ...state.ledger,
          [event.teamId]: { ...ledger, spent: ledger.spent + event.amount, lots: [...ledger.lots, event.lotId] },
        },
        sales: [
          ...state.sales,
          {
            id: event.seq,
            lotId: event.lotId,
            teamId: event.teamId,
            amount: event.amount,
            round: state.round,
            at: event.at,
            ...(event.rtm === true ? { rtm: true } : {}),
          },
        ],
        outcomes: { ...state.outcomes, [event.lotId]: 'sold' },
      };
    }
    case 'lot:unsold':
      return {
        ...afterClose(state, event.gapEndsAt),
        unsold: [...state.unsold, event.lotId],
        outcomes: { ...state.outcomes, [event.lotId]: 'unsold' },
      };
    case 'auction:paused':
      return { ...state, status: 'paused', paused: { phase: event.phase, remainingMs: event.remainingMs } };
    case 'auction:resumed':
      // [ACC1] [ACC3] a wait for the auctioneer has no clock to restore.
      if (state.hold) return { ...state, status: 'running', paused: null };
      return { ...withDeadline(state, event.phase, event.endsAt), status: 'running', paused: null };
    case 'sale:undone':
      return undoSale(state, event);
    case 'purse:adjusted': {
      const ledger = ownValue(state.ledger, event.teamId);
      if (!ledger) return state;
      return {
        ...state,
        ledger: { ...state.ledger, [event.teamId]: { ...ledger, purse: ledger.purse + event.delta } },
      };
    }
    case 'rtm:offered':
      return {
        ...state,
        phase: 'rtm',
        rtm: {
          lotId: event.lotId,
          teamId: event.teamId,
          winnerId: event.winnerId,
          amount: event.amount,
          step: 'decide',
          raised: false,
          endsAt: event.endsAt,
        },
      };
    case 'rtm:used':
      return state.rtm ? { ...state, rtm: { ...state.rtm, step: 'raise', endsAt: event.endsAt } } : state;
    case 'rtm:raised':
      return state.rtm
        ? { ...state, rtm: { ...state.rtm, step: 'match', raised: true, amount: event.amount, endsAt: event.endsAt } }
        : state;
    case 'rtm:stood':
      return state.rtm ? { ...state, rtm: { ...state.rtm, step: 'match', endsAt: event.endsAt } } : state;
    // The lot:sold that follows each of these ends the RTM phase.
    case 'rtm:declined':
    case 'rtm:matched':
    case 'rtm:passed':
      return state;
    // [PRX1] [PRX4] [PRX5] folded by evolveProxies; [PRX6] a withheld event is only its seq.
    case 'proxy:set':
    case 'proxy:withdrawn':
    case 'proxy:lapsed':
    case 'event:withheld':
      return state;
    case 'lot:retained':
      return foldRetained(state, event);
    case 'sale:corrected':
      return foldCorrection(state, event);
    case 'auction:held':
      return { ...state, phase: 'gap', current: null, gapEndsAt: null, hold: event.hold };
    case 'wishlist:updated':
      return { ...state, wishlists: { ...state.wishlists, [event.teamId]: event.lotIds } };
    case 'auction:finished': {
      // [ORD4] lots still waiting when the auction ends early go unsold.
      const outcomes = { ...state.outcomes };
      for (const lotId of state.queue) outcomes[lotId] = 'unsold';
      return {
        ...state,
        status: 'finished',
        phase: 'idle',
        current: null,
        queue: [],
        unsold: [...state.unsold, ...state.queue],
        outcomes,
        gapEndsAt: null,
        nominateEndsAt: null,
        paused: null,
        hold: null,
      };
    }
  }
}

/**
 * [EVT4] The open lot's kept bids with `bid` added: the last MAX_BIDS_KEPT, so a
 * bid copies a short list however long the war. Built at its final length:
 * `slice` + `push` copied the list and then grew it again (1.8 KB allocated
 * per fold with a full list, against about 0.9 KB this way; fold-micro.ts).
 */
function withBid(bids: readonly Bid[], bid: Bid): Bid[] {
  const from = bids.length >= MAX_BIDS_KEPT ? bids.length - MAX_BIDS_KEPT + 1 : 0;
  const kept = bids.length - from;
  const next = new Array<Bid>(kept + 1);
  for (let i = 0; i < kept; i++) next[i] = bids[from + i] as Bid;
  next[kept] = bid;
  return next;
}

function undoSale(state: AuctionState, event: EventOf<'sale:undone'>): AuctionState {
  const ledger = ownValue(state.ledger, event.teamId);
  if (!ledger) return state;
  const at = ledger.lots.lastIndexOf(event.lotId);
  const lots = at < 0 ? ledger.lots : [...ledger.lots.slice(0, at), ...ledger.lots.slice(at + 1)];
  const outcomes = { ...state.outcomes };
  delete outcomes[event.lotId];
  const undone: AuctionState = {
    ...state,
    ledger: { ...state.ledger, [event.teamId]: { ...ledger, spent: ledger.spent - event.amount, lots } },
    sales: state.sales.slice(0, -1),
    outcomes,
    // [AUC7] the lot goes to the front of the queue (or of the nomination pool).
    queue: [event.lotId, ...state.queue],
    // [ACC1] a round waiting for its pick has a lot to sell again first: it waits for `lot:next`.
    ...(state.hold === 'pick' ? { hold: 'next' as const } : {}),
  };
  if (state.status !== 'finished') return undone;
  // [ACC3] under manualAdvance the finished auction comes back waiting for `lot:next`.
  const manual = state.config.rules.manualAdvance === true;
  // [AUC7] a finished auction comes back paused in the gap phase, with a full gap to run.
  return {
    ...undone,
    status: 'paused',
    phase: 'gap',
    gapEndsAt: null,
    hold: manual ? 'next' : null,
    paused: { phase: 'gap', remainingMs: manual ? 0 : state.config.rules.gapMs },
  };
}
