import { formatMoney } from '../core/money';
import { makeError, type AppError } from '../core/errors';
import { lotMatchesQuota, quotaCount, quotaLabel, quotasOf, unmetMinimums, type UnmetMinimum } from './quotas';
import { ownValue } from './records';
import type { AuctionConfig, AuctionRules, AuctionState, Bid, Lot, LotId, Team, TeamId } from './types';

/**
 * Pure rule helpers shared by the engine and the UI. Rule ids refer to
 * shared/auction/RULES.md. Nothing here reads a clock or a random source.
 */

interface ConfigIndex {
  readonly lots: ReadonlyMap<LotId, Lot>;
  readonly lotOrder: ReadonlyMap<LotId, number>;
  readonly teams: ReadonlyMap<TeamId, Team>;
}

// Configs are immutable and shared between states, so an index per config object is built once.
const INDEXES = new WeakMap<AuctionConfig, ConfigIndex>();

function indexOf(config: AuctionConfig): ConfigIndex {
  let index = INDEXES.get(config);
  if (!index) {
    index = {
      lots: new Map(config.lots.map((lot) => [lot.id, lot])),
      lotOrder: new Map(config.lots.map((lot, i) => [lot.id, i])),
      teams: new Map(config.teams.map((team) => [team.id, team])),
    };
    INDEXES.set(config, index);
  }
  return index;
}

/** The lot with this id in the catalog, or undefined. O(1) after the first call per config. */
export function findLot(config: AuctionConfig, lotId: LotId): Lot | undefined {
  return indexOf(config).lots.get(lotId);
}

/** The team with this id, or undefined. O(1) after the first call per config. */
export function findTeam(config: AuctionConfig, teamId: TeamId): Team | undefined {
  return indexOf(config).teams.get(teamId);
}

/**
 * The bid step that applies above `highBid`: [INC1] the fixed step, or [INC2]
 * the step of the first slab whose `upTo` is above `highBid` (the last slab,
 * `upTo: null`, covers the rest).
 *
 * @example IPL slabs in lakh: incrementAt(ipl, 95) === 5; incrementAt(ipl, 100) === 10.
 */
export function incrementAt(rules: AuctionRules, highBid: number): number {
  const inc = rules.increments;
  if (inc.kind === 'fixed') return inc.step;
  for (const slab of inc.slabs) {
    if (slab.upTo === null || highBid < slab.upTo) return slab.step;
  }
  // validateConfig guarantees a final open-ended slab; the last step is the safe fallback.
  return inc.slabs[inc.slabs.length - 1]?.step ?? 1;
}

/** The high bid on the open lot, or null when no lot is open or nobody has bid. */
export function highBid(state: AuctionState): Bid | null {
  const bids = state.current?.bids;
  return bids?.[bids.length - 1] ?? null;
}

/**
 * The smallest acceptable bid on the open lot: [BID1] the base price when
 * nobody has bid, else [BID2] high bid + increment. Null when no lot is open.
 */
export function nextMinBid(state: AuctionState): number | null {
  if (state.phase !== 'open' || !state.current) return null;
  const high = highBid(state);
  if (!high) return findLot(state.config, state.current.lotId)?.basePrice ?? null;
  return high.amount + incrementAt(state.config.rules, high.amount);
}

/** Purse minus money spent, in minor units; 0 for an unknown team. */
export function purseLeft(state: AuctionState, teamId: TeamId): number {
  const ledger = findTeam(state.config, teamId) ? ownValue(state.ledger, teamId) : undefined;
  return ledger ? ledger.purse - ledger.spent : 0;
}

/** Lots the team has bought so far. */
export function squadCount(state: AuctionState, teamId: TeamId): number {
  const ledger = findTeam(state.config, teamId) ? ownValue(state.ledger, teamId) : undefined;
  return ledger ? ledger.lots.length : 0;
}

/** Lots of `category` the team has bought so far [SQD3]. */
export function categoryCount(state: AuctionState, teamId: TeamId, category: string): number {
  const ledger = findTeam(state.config, teamId) ? ownValue(state.ledger, teamId) : undefined;
  if (!ledger) return 0;
  let count = 0;
  for (const lotId of ledger.lots) {
    if (findLot(state.config, lotId)?.category === category) count += 1;
  }
  return count;
}

/** [SQD2] true when the team holds `squadMax` lots. */
export function isSquadFull(state: AuctionState, teamId: TeamId): boolean {
  return squadCount(state, teamId) >= state.config.rules.squadMax;
}

/** True when every team's squad is full: the auction ends early [ORD4]. */
export function areAllSquadsFull(state: AuctionState): boolean {
  return state.config.teams.every((team) => isSquadFull(state, team.id));
}

/**
 * [MAX1] The most the team may bid now, so that it can still fill its squad
 * to `squadMin` at `minimumPrice` a lot:
 * `purseLeft − max(0, squadMin − squadNow − 1) × minimumPrice`, never below 0,
 * and 0 when the squad is full [SQD2].
 *
 * @example purse left 100, squadMin 5, 2 bought, minimumPrice 10 → 100 − 2 × 10 = 80.
 */
export function maxBid(state: AuctionState, teamId: TeamId, lotId: LotId | undefined = state.current?.lotId): number {
  return bidLimit(state, teamId, lotId).max;
}

/**
 * [MAX1] [QUO4] The max bid and what sets it. After buying `lotId` (by
 * default the open lot) a team still needs `squadMin − squadNow − 1` lots
 * for its squad and, for its quota minimums not met by this lot, the lots
 * of `unmetMinimums`; the reserve is `minimumPrice` for the larger of the
 * two. `withoutQuotas` is the max the squad minimum alone would allow;
 * `byQuota` the first unmet minimum when it is lower (so a refusal can name
 * it), else null.
 *
 * @example squadMin 0, 1 wicketkeeper needed, minimumPrice 10, purse left 100:
 *   a batter may take at most 90; the wicketkeeper 100.
 */
export function bidLimit(
  state: AuctionState,
  teamId: TeamId,
  lotId: LotId | undefined = state.current?.lotId,
): { readonly max: number; readonly withoutQuotas: number; readonly byQuota: UnmetMinimum | null } {
  if (!findTeam(state.config, teamId) || isSquadFull(state, teamId)) return { max: 0, withoutQuotas: 0, byQuota: null };
  const { squadMin, minimumPrice } = state.config.rules;
  const lot = lotId === undefined ? undefined : findLot(state.config, lotId);
  const forSquad = Math.max(0, squadMin - squadCount(state, teamId) - 1);
  const unmet = unmetMinimums(state, teamId, lot);
  const forQuotas = unmet.reduce((sum, minimum) => sum + minimum.needed, 0);
  const left = purseLeft(state, teamId);
  const max = Math.max(0, left - Math.max(forSquad, forQuotas) * minimumPrice);
  const withoutQuotas = Math.max(0, left - forSquad * minimumPrice);
  return { max, withoutQuotas, byQuota: max < withoutQuotas ? (unmet[0] ?? null) : null };
}

/** True when `value` is an integer amount of money the engine can add safely. */
export function isMoney(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value);
}

/**
 * Why `teamId` may not bid `amount` on the open lot now, or null if it may.
 * Checks, in this order: a positive integer amount, the auction running, a
 * lot open (and, when `now` is given, its clock not run out [CLK3]), the
 * team, [SQD2] squad, [SQD3] category, [BID4] not already leading, [BID1]/
 * [BID2] minimum, [MAX1] max bid. The engine also checks the bid's lotId
 * [BID5]. Equal amounts lose to the earlier bid [BID3] because a later bid
 * must exceed the high bid by the (positive) increment.
 */
export function canBid(state: AuctionState, teamId: TeamId, amount: number, now?: number): AppError | null {
  if (!isMoney(amount) || amount <= 0) {
    return makeError('invalid_payload', 'amount must be a positive integer in minor units');
  }
  if (state.status === 'setup' || state.status === 'finished') {
    return makeError('not_running', `the auction is ${state.status === 'setup' ? 'not started' : 'finished'}`);
  }
  if (state.status === 'paused') return makeError('auction_paused', 'the auction is paused');
  const current = state.current;
  if (state.phase !== 'open' || !current) return makeError('lot_closed', 'no lot is open');
  if (now !== undefined && now >= current.endsAt + state.config.rules.graceMs) {
    return makeError('lot_closed', `time is up for ${findLot(state.config, current.lotId)?.name ?? current.lotId}`);
  }
  const team = findTeam(state.config, teamId);
  if (!team) return makeError('unknown_team', `no team ${teamId}`);
  const rules = state.config.rules;
  // Messages are read by people: team names and money as the room writes it, never ids or minor units.
  const money = (value: number): string => formatMoney(value, rules.currency, rules.moneyStyle);
  const roster = rosterRefusal(state, team, current.lotId);
  if (roster) return roster;
  const high = highBid(state);
  if (high?.teamId === teamId) return makeError('already_leading', `${team.name} already holds the high bid`);
  const min = nextMinBid(state) ?? 0;
  if (amount < min) {
    return makeError(
      'bid_too_low',
      high ? `the next bid must be at least ${money(min)}` : `the base price is ${money(min)}`,
    );
  }
  const { max, withoutQuotas, byQuota } = bidLimit(state, teamId);
  if (amount > max && byQuota && amount <= withoutQuotas) {
    // [QUO4] the money kept for a minimum is what stops this bid: say which.
    return makeError(
      'quota_minimum',
      `Needs ${byQuota.needed} more ${byQuota.label}: ${team.name} may bid at most ${money(max)} and keep enough to buy ${byQuota.needed === 1 ? 'it' : 'them'}`,
    );
  }
  if (amount > max) return makeError('over_max_bid', `${team.name} may bid at most ${money(max)}`);
  return null;
}

/**
 * Why `team` may not take `lotId` into its squad: [SQD2] a full squad, [SQD3]
 * a full category. Asked of a bidder [canBid] and of a team matching [RTM5].
 */
export function rosterRefusal(state: AuctionState, team: Team, lotId: LotId): AppError | null {
  const rules = state.config.rules;
  if (isSquadFull(state, team.id)) {
    return makeError('squad_full', `${team.name} already has a full squad of ${rules.squadMax}`);
  }
  const lot = findLot(state.config, lotId);
  if (!lot) return null;
  for (const quota of quotasOf(rules)) {
    // [SQD3] [QUO2] a quota at its maximum takes no more matching lots.
    if (quota.max === undefined || !lotMatchesQuota(lot, quota)) continue;
    if (quotaCount(state, team.id, quota) < quota.max) continue;
    const label = quotaLabel(quota);
    return 'category' in quota
      ? makeError('category_full', `${team.name} already has ${quota.max} of ${quota.max} "${label}"`)
      : makeError('quota_full', `At most ${quota.max} ${label}: ${team.name} already has ${quota.max}`);
  }
  // [QUO3] the places left after this lot must hold the minimums still unmet.
  const unmet = unmetMinimums(state, team.id, lot);
  const needed = unmet.reduce((sum, minimum) => sum + minimum.needed, 0);
  const placesAfter = rules.squadMax - squadCount(state, team.id) - 1;
  const [first] = unmet;
  if (first && needed > placesAfter) {
    const places = placesAfter === 1 ? '1 place' : `${Math.max(0, placesAfter)} places`;
    return makeError(
      'quota_minimum',
      `Needs ${first.needed} more ${first.label}: ${team.name} would have ${places} left after ${lot.name}, too few for ${needed} still needed`,
    );
  }
  return null;
}

/** [RTM1] The right-to-match cards a team starts with: its own count, else `rules.rtmCards`, else 0. */
export function rtmCardsOf(config: AuctionConfig, teamId: TeamId): number {
  return findTeam(config, teamId)?.rtmCards ?? config.rules.rtmCards ?? 0;
}

/** [RTM1] [RTM6] Cards still in hand: a card is spent only by a match, and an undone match gives it back. */
export function rtmCardsLeft(state: AuctionState, teamId: TeamId): number {
  let used = 0;
  for (const sale of state.sales) if (sale.rtm === true && sale.teamId === teamId) used += 1;
  return Math.max(0, rtmCardsOf(state.config, teamId) - used);
}

/**
 * [RTM5] Why `teamId` may not match `amount` for `lotId`: what would stop it
 * bidding that much — [SQD2], [SQD3] and the max-bid guard [MAX1] — since a
 * team cannot match what it could not have bid.
 */
export function canMatch(state: AuctionState, teamId: TeamId, lotId: LotId, amount: number): AppError | null {
  const team = findTeam(state.config, teamId);
  if (!team) return makeError('unknown_team', `no team ${teamId}`);
  const roster = rosterRefusal(state, team, lotId);
  if (roster) return roster;
  const max = maxBid(state, teamId, lotId);
  if (amount > max) {
    const { currency, moneyStyle } = state.config.rules;
    return makeError(
      'over_max_bid',
      `${team.name} may bid at most ${formatMoney(max, currency, moneyStyle)}, so it cannot match ${formatMoney(amount, currency, moneyStyle)}`,
    );
  }
  return null;
}

/**
 * A seeded PRNG (mulberry32): returns a function yielding floats in [0, 1).
 * Same seed, same sequence, on every platform.
 */
export function createPrng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * [ORD2] The order of `lots` in sets mode: sets in order of first appearance
 * in `lots`, and inside each set a Fisher–Yates shuffle drawn from a PRNG
 * seeded by `seed` and `round`, so every round draws afresh but replays alike.
 */
export function drawOrder(lots: readonly Lot[], seed: number, round: number): LotId[] {
  const sets = new Map<string, LotId[]>();
  for (const lot of lots) {
    const members = sets.get(lot.set);
    if (members) members.push(lot.id);
    else sets.set(lot.set, [lot.id]);
  }
  const random = createPrng(Math.imul(seed | 0, 0x9e3779b1) ^ Math.imul(round | 0, 0x85ebca6b));
  const order: LotId[] = [];
  for (const members of sets.values()) {
    for (let i = members.length - 1; i > 0; i -= 1) {
      const j = Math.floor(random() * (i + 1));
      const a = members[i] as LotId;
      members[i] = members[j] as LotId;
      members[j] = a;
    }
    order.push(...members);
  }
  return order;
}

/**
 * The queue of a round: the given lots in catalog order [ORD1] (also the
 * nomination pool [ORD3]), or drawn by set [ORD2].
 */
export function orderForRound(config: AuctionConfig, lotIds: readonly LotId[], round: number): LotId[] {
  const { lots, lotOrder } = indexOf(config);
  const sorted = [...lotIds].sort((a, b) => (lotOrder.get(a) ?? 0) - (lotOrder.get(b) ?? 0));
  const order = config.rules.order;
  if (order.mode !== 'sets') return sorted;
  return drawOrder(
    sorted.map((id) => lots.get(id)).filter((lot): lot is Lot => lot !== undefined),
    order.seed,
    round,
  );
}
