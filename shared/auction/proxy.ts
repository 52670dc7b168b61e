import { formatMoney } from '../core/money';
import { makeError, type AppError } from '../core/errors';
import type { CommandOf } from './commands';
import type { AuctionEvent, EventBody, EventOf } from './events';
import { canBid, findLot, highBid, incrementAt, isMoney, isSquadFull, maxBid, nextMinBid } from './rules';
import type { AuctionRules, AuctionState, LotId, ProxyBid, TeamId } from './types';

/**
 * [PRX1]–[PRX7] Proxy bids, as auction houses run commission bids: a team
 * leaves a secret maximum on a lot and the host bids for it the least needed
 * to lead. Everything is decided inside the engine's `apply`, with no timer:
 * after every accepted command the open lot's proxies answer ([PRX3]), each
 * answer a normal `bid:accepted` marked `auto: true`.
 */

/** What the engine's transaction offers: the state so far, the time, and a way to emit. */
export interface ProxyTx {
  readonly state: AuctionState;
  readonly now: number;
  emit(body: EventBody): void;
}

/** More steps than any lot can need (each step bids higher or removes a proxy); a guard, not a limit. */
const MAX_STEPS = 10_000;

function proxiesOf(state: AuctionState): readonly ProxyBid[] {
  return state.proxies ?? [];
}

/** The team's maximum on `lotId`, or undefined. */
export function findProxy(state: AuctionState, teamId: TeamId, lotId: LotId): ProxyBid | undefined {
  return proxiesOf(state).find((p) => p.teamId === teamId && p.lotId === lotId);
}

function moneyOf(rules: AuctionRules): (value: number) => string {
  return (value) => formatMoney(value, rules.currency, rules.moneyStyle);
}

/** [PRX1] the lot is open for bids, or still to come in this round or a later one. */
function isComingUp(state: AuctionState, lotId: LotId): boolean {
  if (state.current?.lotId === lotId) return state.phase === 'open';
  if (state.queue.includes(lotId)) return true;
  return state.unsold.includes(lotId) && state.round < state.config.rules.rounds;
}

/** [PRX1] `proxy:set`: checks the maximum as a bid would be checked now, then records it. */
export function setProxy(tx: ProxyTx, teamId: TeamId, command: CommandOf<'proxy:set'>): AppError | null {
  const state = tx.state;
  if (!isMoney(command.max) || command.max <= 0) {
    return makeError('invalid_payload', 'max must be a positive integer in minor units');
  }
  if (state.status === 'setup') return makeError('not_running', 'maximums can be left once the auction starts');
  if (state.status === 'finished') return makeError('not_running', 'the auction is finished');
  const lot = findLot(state.config, command.lotId);
  if (!lot) return makeError('unknown_lot', `no lot ${command.lotId}`);
  if (!isComingUp(state, lot.id)) return makeError('lot_closed', `${lot.name} is not open and not coming up`);
  const money = moneyOf(state.config.rules);
  if (isSquadFull(state, teamId)) {
    return makeError('squad_full', `your squad is full (${state.config.rules.squadMax})`);
  }
  const cap = maxBid(state, teamId);
  if (command.max > cap) return makeError('over_max_bid', `you may bid at most ${money(cap)}`);
  const isOpen = state.current?.lotId === lot.id;
  const high = isOpen ? highBid(state) : null;
  if (high?.teamId === teamId) {
    // The team's own standing bid is a commitment a maximum cannot go under.
    if (command.max < high.amount) {
      return makeError('bid_too_low', `your bid of ${money(high.amount)} already stands`);
    }
  } else if (isOpen) {
    // A maximum that could not bid now is refused, with the bid's own reason (quotas included).
    const min = nextMinBid(state) ?? lot.basePrice;
    if (command.max < min) return makeError('bid_too_low', `the next bid must be at least ${money(min)}`);
    // While paused it is checked again when it bids, as every maximum is [PRX4].
    const refused = canBid(state, teamId, command.max, tx.now);
    if (refused && refused.code !== 'auction_paused') return refused;
    // A lot paused with no time left (and no grace) closes the moment the auction resumes:
    // no bid, live or automatic, could reach it, so a maximum would promise what it cannot do.
    if (refused && state.paused && state.paused.remainingMs + state.config.rules.graceMs <= 0) {
      return makeError('lot_closed', `time is up for ${lot.name}: it closes when the auction resumes`);
    }
  } else if (command.max < lot.basePrice) {
    return makeError('bid_too_low', `the base price is ${money(lot.basePrice)}`);
  }
  tx.emit({ type: 'proxy:set', lotId: lot.id, teamId, max: command.max });
  return null;
}

/** [PRX5] `proxy:withdraw`: the maximum goes; a bid it already placed stands. */
export function withdrawProxy(tx: ProxyTx, teamId: TeamId, command: CommandOf<'proxy:withdraw'>): AppError | null {
  if (typeof command.lotId !== 'string') return makeError('invalid_payload', 'lotId must be a string');
  if (!findProxy(tx.state, teamId, command.lotId)) {
    return makeError(
      'no_proxy',
      `you have no maximum on ${findLot(tx.state.config, command.lotId)?.name ?? 'that lot'}`,
    );
  }
  tx.emit({ type: 'proxy:withdrawn', lotId: command.lotId, teamId });
  return null;
}

/**
 * The fold of the proxy events, and of the events that end a lot's proxies:
 * [PRX7] a lot's maximums go when it closes (sold or unsold) and all go when
 * the auction finishes. Returns null for events that do not touch proxies.
 */
export function evolveProxies(state: AuctionState, event: AuctionEvent): readonly ProxyBid[] | null {
  const proxies = proxiesOf(state);
  switch (event.type) {
    case 'proxy:set': {
      const earlier = proxies.find((p) => p.teamId === event.teamId && p.lotId === event.lotId);
      // [PRX3] a raised maximum counts from now; a lowered one keeps its place.
      const since = earlier && event.max <= earlier.max ? earlier.since : event.seq;
      const proxy: ProxyBid = { teamId: event.teamId, lotId: event.lotId, max: event.max, since };
      return earlier ? proxies.map((p) => (p === earlier ? proxy : p)) : [...proxies, proxy];
    }
    case 'proxy:withdrawn':
    case 'proxy:lapsed':
      return proxies.filter((p) => !(p.teamId === event.teamId && p.lotId === event.lotId));
    case 'lot:sold':
    case 'lot:unsold':
      return proxies.length === 0 ? null : proxies.filter((p) => p.lotId !== event.lotId);
    case 'auction:finished':
      return proxies.length === 0 ? null : [];
    default:
      return null;
  }
}

/**
 * [PRX3] The open lot's maximums answer: run after every accepted command
 * (a bid, a lot opening, a maximum set, a resume, a purse change). Each step
 * either places one automatic bid, higher than the last, or lapses one
 * proxy, so it ends; a state it leaves is one it would leave unchanged.
 */
export function answerByProxy(tx: ProxyTx): void {
  for (let steps = 0; steps < MAX_STEPS && stepProxies(tx); steps += 1);
}

interface Contender {
  readonly proxy: ProxyBid;
  /** The most it can bid now: its maximum, within the max-bid guard [MAX1]. */
  readonly reach: number;
}

/** One step of [PRX3]; true when it emitted an event. */
function stepProxies(tx: ProxyTx): boolean {
  const state = tx.state;
  const current = state.current;
  const all = proxiesOf(state);
  if (all.length === 0 || state.status !== 'running' || state.phase !== 'open' || !current) return false;
  const onLot = all.filter((p) => p.lotId === current.lotId);
  if (onLot.length === 0) return false;
  const need = nextMinBid(state);
  if (need === null) return false;
  const high = highBid(state);
  const money = moneyOf(state.config.rules);
  const contenders: Contender[] = [];
  for (const proxy of onLot) {
    if (proxy.teamId === high?.teamId) continue;
    if (proxy.max < need) {
      return lapse(tx, proxy, 'outbid', `outbid: the next bid is ${money(need)}, above your maximum`);
    }
    // [PRX4] checked as the bid it would place now: squad, quotas, the max-bid guard.
    const refused = canBid(state, proxy.teamId, need, tx.now);
    if (refused) {
      // The lot's time is up or the room stopped: nothing to do now, and nothing lost.
      if (refused.code === 'lot_closed' || refused.code === 'auction_paused' || refused.code === 'not_running') {
        return false;
      }
      return lapse(tx, proxy, refused.code, refused.message);
    }
    contenders.push({ proxy, reach: Math.min(proxy.max, maxBid(state, proxy.teamId)) });
  }
  const best = contenders.sort(byStrength)[0];
  if (!best) return false;
  const runnerUp = contenders[1];
  const defending = high ? onLot.find((p) => p.teamId === high.teamId) : undefined;
  // The leader holds what it bid, or more with a maximum of its own.
  const defence = high
    ? defending
      ? Math.max(high.amount, Math.min(defending.max, maxBid(state, high.teamId)))
      : high.amount
    : null;
  const rules = state.config.rules;
  const holds =
    defending !== undefined &&
    defence !== null &&
    (defence > best.reach || (defence === best.reach && defending.since < best.proxy.since));
  if (!holds) {
    // The strongest maximum takes the lead at one increment over the next strongest, capped at its reach.
    const other = Math.max(defence ?? -1, runnerUp?.reach ?? -1);
    const amount = other < 0 ? need : Math.max(need, Math.min(other + incrementAt(rules, other), best.reach));
    return placeAutoBid(tx, best.proxy, amount);
  }
  // The leader's maximum holds: the challenger bids as high as still lets the leader answer,
  // and the leader's maximum answers on the next step (a raise over its own bid is no bid [BID4]).
  const amount = highestAnswerable(rules, need, best.reach, defence);
  if (amount === null) {
    return lapse(tx, best.proxy, 'outbid', `outbid: another maximum leads at ${money(high?.amount ?? need)}`);
  }
  return placeAutoBid(tx, best.proxy, amount);
}

/** Higher reach first; of equal reaches the earlier maximum [PRX3]. */
function byStrength(a: Contender, b: Contender): number {
  return b.reach - a.reach || a.proxy.since - b.proxy.since;
}

/**
 * The highest bid `x` with `need ≤ x ≤ reach` that a defender reaching
 * `defence` can still beat (`x + increment(x) ≤ defence`), or null. Per slab
 * of [INC2] the best `x` is the slab's top, `defence − step` or `reach`,
 * whichever is least.
 */
export function highestAnswerable(rules: AuctionRules, need: number, reach: number, defence: number): number | null {
  const inc = rules.increments;
  const slabs =
    inc.kind === 'fixed'
      ? [{ from: 0, upTo: null as number | null, step: inc.step }]
      : inc.slabs.map((slab, i) => ({ from: inc.slabs[i - 1]?.upTo ?? 0, upTo: slab.upTo, step: slab.step }));
  let best: number | null = null;
  for (const slab of slabs) {
    const top = Math.min(slab.upTo === null ? Number.MAX_SAFE_INTEGER : slab.upTo - 1, defence - slab.step, reach);
    if (top < Math.max(slab.from, need)) continue;
    if (top + incrementAt(rules, top) > defence) continue;
    if (best === null || top > best) best = top;
  }
  return best;
}

function placeAutoBid(tx: ProxyTx, proxy: ProxyBid, amount: number): boolean {
  const state = tx.state;
  const current = state.current;
  if (!current) return false;
  // The same checks as any bid, at the moment it is placed [PRX4].
  const refused = canBid(state, proxy.teamId, amount, tx.now);
  if (refused) return lapse(tx, proxy, refused.code, refused.message);
  const endsAt = Math.max(current.endsAt, tx.now + state.config.rules.bidExtendMs); // [CLK2]
  tx.emit({
    type: 'bid:accepted',
    lotId: current.lotId,
    // [EVT5] the bid's id is its event's seq.
    bid: { id: state.seq + 1, teamId: proxy.teamId, amount, at: tx.now, floor: false, auto: true },
    endsAt,
  });
  return true;
}

function lapse(tx: ProxyTx, proxy: ProxyBid, reason: EventOf<'proxy:lapsed'>['reason'], message: string): true {
  tx.emit({ type: 'proxy:lapsed', lotId: proxy.lotId, teamId: proxy.teamId, reason, message });
  return true;
}
