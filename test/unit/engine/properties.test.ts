import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  apply,
  categoryCount,
  createAuction,
  evolve,
  incrementAt,
  minimumsNeeded,
  nextMinBid,
  purseLeft,
  quotaCount,
  quotasOf,
  replay,
  rtmCardsLeft,
  rtmCardsOf,
  toPublicState,
  type Actor,
  type AuctionConfig,
  type AuctionEvent,
  type AuctionState,
  type Command,
  type LotId,
  type TeamId,
} from '../../../shared/auction';
import { ADMIN, IPL_SLABS, makeConfig, makeLot, SYSTEM, T0, teamActor } from '../../helpers/builders';

/** What a random step does; amounts and targets are resolved against the state when it runs. */
type Op =
  | {
      readonly kind: 'bid';
      readonly team: number;
      readonly extraSteps: number;
      readonly raw: number | null;
      readonly floor: boolean;
    }
  | { readonly kind: 'wait'; readonly ms: number; readonly tick: boolean }
  | {
      readonly kind: 'admin';
      readonly command: 'lot:hammer' | 'lot:skip' | 'sale:undo' | 'auction:pause' | 'auction:resume';
    }
  | { readonly kind: 'extend'; readonly ms: number }
  | { readonly kind: 'adjust'; readonly team: number; readonly delta: number }
  | { readonly kind: 'nominate'; readonly team: number | null; readonly lot: number }
  /** [RTM3]–[RTM7] a right-to-match decision: by the team whose step it is, another team, or the auctioneer. */
  | {
      readonly kind: 'rtm';
      /** Null: the command that fits the current step (`yes` picks use/raise/match, else decline/final/pass). */
      readonly command: RtmCommand | null;
      readonly yes: boolean;
      readonly by: 'decider' | 'admin' | number;
      readonly steps: number;
    };

/** [PRX1] [PRX5] a team's maximum on the open lot (`lot` null) or a lot of the catalog, `steps` increments over the next bid. */
type ProxyOp = {
  readonly kind: 'proxy';
  readonly team: number;
  readonly lot: number | null;
  readonly steps: number;
  readonly withdraw: boolean;
};

type RtmCommand = 'rtm:use' | 'rtm:decline' | 'rtm:raise' | 'rtm:final' | 'rtm:match' | 'rtm:pass';

/** Team indexes 0–8 pick a real team; 9 names a team that does not exist. */
const teamIndexArb = fc.nat(9);

const opArb: fc.Arbitrary<Op | ProxyOp> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('proxy' as const),
      team: teamIndexArb,
      lot: fc.option(fc.nat(10)),
      steps: fc.nat(30),
      withdraw: fc.boolean(),
    }),
  },
  {
    weight: 8,
    arbitrary: fc.record({
      kind: fc.constant('bid' as const),
      team: teamIndexArb,
      extraSteps: fc.nat(3),
      // Mostly a valid amount (the minimum plus a few steps); sometimes anything, or a fraction.
      raw: fc.oneof(
        { weight: 8, arbitrary: fc.constant(null) },
        { weight: 1, arbitrary: fc.integer({ min: -10, max: 3_000 }) },
        { weight: 1, arbitrary: fc.constant(12.5) },
      ),
      floor: fc.boolean(),
    }),
  },
  {
    weight: 5,
    arbitrary: fc.record({
      kind: fc.constant('wait' as const),
      ms: fc.oneof({ weight: 3, arbitrary: fc.nat(3_000) }, { weight: 1, arbitrary: fc.nat(15_000) }),
      tick: fc.boolean(),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('admin' as const),
      command: fc.constantFrom('lot:hammer', 'lot:skip', 'sale:undo', 'auction:pause', 'auction:resume'),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('extend' as const), ms: fc.integer({ min: 0, max: 5_000 }) }) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('adjust' as const),
      team: teamIndexArb,
      delta: fc.integer({ min: -800, max: 800 }),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({ kind: fc.constant('nominate' as const), team: fc.option(teamIndexArb), lot: fc.nat(10) }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('rtm' as const),
      command: fc.option(
        fc.constantFrom<RtmCommand>('rtm:use', 'rtm:decline', 'rtm:raise', 'rtm:final', 'rtm:match', 'rtm:pass'),
        { freq: 4 },
      ),
      yes: fc.boolean(),
      by: fc.oneof(
        { weight: 4, arbitrary: fc.constant('decider' as const) },
        { weight: 1, arbitrary: fc.constant('admin' as const) },
        { weight: 1, arbitrary: teamIndexArb },
      ),
      steps: fc.integer({ min: 0, max: 40 }),
    }),
  },
);

const configArb: fc.Arbitrary<AuctionConfig> = fc
  .record({
    teams: fc.integer({ min: 1, max: 4 }),
    lots: fc.array(
      fc.record({
        category: fc.constantFrom('bat', 'bowl'),
        // [QUO1] an attribute column as a league sheet writes it.
        overseas: fc.constantFrom('Yes', 'No', 'y', 'N'),
        set: fc.constantFrom('A', 'B'),
        base: fc.integer({ min: 20, max: 200 }),
      }),
      {
        minLength: 1,
        maxLength: 8,
      },
    ),
    squadMin: fc.nat(2),
    squadMax: fc.integer({ min: 2, max: 4 }),
    purse: fc.integer({ min: 200, max: 2_000 }),
    slabs: fc.boolean(),
    quota: fc.boolean(),
    // [QUO1]–[QUO4] an overseas maximum and a bowler minimum, each sometimes.
    overseasMax: fc.option(fc.nat(2), { nil: undefined }),
    bowlMin: fc.option(fc.integer({ min: 1, max: 2 }), { nil: undefined }),
    gapMs: fc.constantFrom(0, 1_000),
    graceMs: fc.constantFrom(0, 300),
    bidExtendMs: fc.constantFrom(0, 3_000),
    rounds: fc.integer({ min: 1, max: 3 }),
    order: fc.oneof(
      fc.constant({ mode: 'catalog' } as const),
      fc.record({ mode: fc.constant('sets' as const), seed: fc.integer() }),
      fc.constant({ mode: 'nominate', nominateMs: 8_000 } as const),
    ),
    // [RTM1] [RTM2] some lots are T1's or T2's to match, with 0–2 cards each.
    rtmCards: fc.nat(2),
  })
  .map((c) =>
    makeConfig({
      teams: c.teams,
      lots: c.lots.map((lot, i) =>
        makeLot(i + 1, {
          category: lot.category,
          set: lot.set,
          basePrice: lot.base,
          extra: { overseas: lot.overseas },
          ...(i % 3 === 2 ? {} : { rtmTeamId: `T${(i % Math.min(2, c.teams)) + 1}` }),
        }),
      ),
      rules: {
        squadMin: c.squadMin,
        squadMax: c.squadMax,
        purse: c.purse,
        minimumPrice: 20,
        increments: c.slabs ? IPL_SLABS : { kind: 'fixed', step: 10 },
        // [QUO5] a quota must count some lot of the catalog.
        categoryQuotas: c.quota && c.lots.some((lot) => lot.category === 'bowl') ? { bowl: { max: 1 } } : {},
        quotas: [
          ...(c.overseasMax !== undefined && c.lots.some((lot) => /^y/i.test(lot.overseas))
            ? [{ attribute: 'overseas', value: 'yes', max: c.overseasMax }]
            : []),
          ...(c.bowlMin !== undefined && c.lots.some((lot) => lot.category === 'bowl') && !c.quota
            ? [{ category: 'bowl', min: Math.min(c.bowlMin, c.squadMax) }]
            : []),
        ],
        gapMs: c.gapMs,
        graceMs: c.graceMs,
        bidExtendMs: c.bidExtendMs,
        rounds: c.rounds,
        order: c.order,
        rtmCards: c.rtmCards,
        rtmDecisionMs: 5_000,
      },
    }),
  );

interface Run {
  readonly state: AuctionState;
  readonly events: AuctionEvent[];
}

let bidCounter = 0;

/** [RTM4] The decision that fits the RTM step now: `yes` uses, raises or matches; otherwise declines, stands or passes. */
function fittingRtm(state: AuctionState, yes: boolean): RtmCommand {
  const step = state.rtm?.step ?? 'decide';
  if (step === 'decide') return yes ? 'rtm:use' : 'rtm:decline';
  if (step === 'raise') return yes ? 'rtm:raise' : 'rtm:final';
  return yes ? 'rtm:match' : 'rtm:pass';
}

/** The auctioneer's decision for the waiting RTM lot (a raise of two increments). */
function rtmDecision(state: AuctionState, yes: boolean): Command {
  const rtm = state.rtm;
  const lotId = rtm?.lotId ?? 'L1';
  const type = fittingRtm(state, yes);
  if (type !== 'rtm:raise') return { type, lotId };
  const amount = (rtm?.amount ?? 0) + 2 * incrementAt(state.config.rules, rtm?.amount ?? 0);
  return { type, lotId, amount };
}

/** Turn an abstract op into a command, an actor and a time. */
function toCommand(
  op: Op | ProxyOp,
  state: AuctionState,
  now: number,
): { command: Command; actor: Actor; now: number } {
  const teams = state.config.teams;
  const teamAt = (i: number): TeamId => (i < 9 ? teams[i % teams.length]?.id : undefined) ?? 'nobody';
  switch (op.kind) {
    case 'proxy': {
      const lotId: LotId =
        op.lot === null
          ? (state.current?.lotId ?? 'L1')
          : (state.config.lots[op.lot % state.config.lots.length]?.id ?? 'L1');
      const actor = teamActor(teamAt(op.team));
      if (op.withdraw) return { command: { type: 'proxy:withdraw', lotId }, actor, now };
      const min = (state.current?.lotId === lotId ? nextMinBid(state) : null) ?? 100;
      const max = min + op.steps * incrementAt(state.config.rules, min);
      return { command: { type: 'proxy:set', lotId, max }, actor, now };
    }
    case 'bid': {
      const min = nextMinBid(state) ?? 100;
      const amount = op.raw ?? min + op.extraSteps * incrementAt(state.config.rules, min);
      const teamId = teamAt(op.team);
      const lotId = state.current?.lotId ?? 'L1';
      bidCounter += 1;
      const bidId = `p${bidCounter}`;
      return op.floor
        ? { command: { type: 'bid:floor', bidId, lotId, teamId, amount }, actor: ADMIN, now }
        : { command: { type: 'bid:place', bidId, lotId, amount }, actor: teamActor(teamId), now };
    }
    case 'wait':
      return { command: { type: 'clock:tick' }, actor: SYSTEM, now: now + op.ms };
    case 'admin':
      return { command: { type: op.command }, actor: ADMIN, now };
    case 'extend':
      return { command: { type: 'lot:extend', ms: op.ms }, actor: ADMIN, now };
    case 'adjust':
      return {
        command: { type: 'purse:adjust', teamId: teamAt(op.team), delta: op.delta, reason: 'prop' },
        actor: ADMIN,
        now,
      };
    case 'nominate': {
      const lotId: LotId = state.config.lots[op.lot % state.config.lots.length]?.id ?? 'L1';
      const actor = op.team === null ? ADMIN : teamActor(state.nominator ?? teamAt(op.team));
      return { command: { type: 'lot:nominate', lotId }, actor, now };
    }
    case 'rtm': {
      const rtm = state.rtm;
      const type = op.command ?? fittingRtm(state, op.yes);
      const lotId = rtm?.lotId ?? state.current?.lotId ?? 'L1';
      const decider = rtm ? (type === 'rtm:raise' || type === 'rtm:final' ? rtm.winnerId : rtm.teamId) : 'T1';
      const actor: Actor = op.by === 'admin' ? ADMIN : teamActor(op.by === 'decider' ? decider : teamAt(op.by));
      const command: Command =
        type === 'rtm:raise' ? { type, lotId, amount: (rtm?.amount ?? 100) + op.steps * 5 } : { type, lotId };
      return { command, actor, now };
    }
  }
}

function runOps(config: AuctionConfig, ops: readonly (Op | ProxyOp)[], undoAtEnd = false): Run {
  const created = createAuction('prop', config, T0 - 1);
  const events = [...created.events];
  const started = apply(created.state, { type: 'auction:start' }, { now: T0, actor: ADMIN });
  if (!started.ok) throw new Error(started.error.message);
  events.push(...started.events);
  let state = started.state;
  let now = T0;
  for (const op of ops) {
    const step = toCommand(op, state, now);
    now = step.now;
    // A wait without a tick only moves time (the host's timer has not fired yet).
    if (op.kind === 'wait' && !op.tick) continue;
    const result = apply(state, step.command, { now, actor: step.actor });
    if (!result.ok) {
      expect(result.error.code).toMatch(/^[a-z_]+$/);
      continue;
    }
    if (step.command.type !== 'clock:tick') expect(result.events.length).toBeGreaterThan(0);
    state = result.state;
    events.push(...result.events);
  }
  // Drive the clock to the end so every run also exercises rounds and the finish; then, if
  // asked, undo the last sale of the finished auction [AUC7] and drive it to the end again.
  const drive = (): void => {
    for (let i = 0; i < 200 && state.status !== 'finished'; i += 1) {
      const command: Command =
        state.status === 'paused'
          ? { type: 'auction:resume' }
          : state.rtm
            ? rtmDecision(state, state.seq % 3 !== 0)
            : { type: 'clock:tick' };
      now += 10_000;
      let result = apply(state, command, { now, actor: command.type === 'clock:tick' ? SYSTEM : ADMIN });
      // [RTM5] a match or use the team cannot afford is refused: the clock decides instead.
      if (!result.ok && command.type.startsWith('rtm:')) {
        result = apply(state, { type: 'clock:tick' }, { now, actor: SYSTEM });
      }
      if (!result.ok) throw new Error(result.error.message);
      state = result.state;
      events.push(...result.events);
    }
  };
  drive();
  const undo = apply(state, { type: 'sale:undo' }, { now, actor: ADMIN });
  if (undoAtEnd && undo.ok) {
    state = undo.state;
    events.push(...undo.events);
    drive();
  }
  return { state, events };
}

/** Invariants over the event stream: seq, sales against the bids, nothing sold twice. */
function checkEvents(events: readonly AuctionEvent[]): void {
  expect(events.map((event) => event.seq)).toEqual(events.map((_, i) => i + 1));
  let bids: { teamId: TeamId; amount: number }[] = [];
  const owned = new Set<LotId>();
  let rtm: { holder: TeamId; winner: TeamId; amount: number } | null = null;
  // [PRX3] the live maximums, by `teamId lotId`.
  const maxima = new Map<string, number>();
  for (const event of events) {
    checkProxyEvent(maxima, event, rtm !== null);
    switch (event.type) {
      case 'lot:opened':
        bids = [];
        break;
      case 'bid:accepted':
        // Each accepted bid beats the previous one, so the last is the highest [BID2][BID3].
        expect(event.bid.amount).toBeGreaterThan(bids.at(-1)?.amount ?? 0);
        bids.push(event.bid);
        break;
      case 'rtm:offered': {
        // [RTM3] the decision is about the highest bid, by another team than the RTM team.
        const best = bids.reduce((a, b) => (b.amount > a.amount ? b : a));
        expect({ teamId: event.winnerId, amount: event.amount }).toEqual({ teamId: best.teamId, amount: best.amount });
        expect(event.teamId).not.toBe(event.winnerId);
        rtm = { holder: event.teamId, winner: event.winnerId, amount: event.amount };
        break;
      }
      case 'rtm:raised':
        // [RTM4] one raise, above the winning bid, by the winner.
        expect(rtm !== null && event.teamId === rtm.winner && event.amount > rtm.amount).toBe(true);
        if (rtm !== null) rtm = { holder: rtm.holder, winner: rtm.winner, amount: event.amount };
        break;
      case 'lot:sold': {
        if (rtm) {
          // [RTM6] matched: the RTM team at the final price; else the winner at it.
          const teamId = event.rtm === true ? rtm.holder : rtm.winner;
          expect({ teamId: event.teamId, amount: event.amount }).toEqual({ teamId, amount: rtm.amount });
          rtm = null;
          expect(owned.has(event.lotId)).toBe(false);
          owned.add(event.lotId);
          break;
        }
        expect(event.rtm).toBeUndefined();
        const best = bids.reduce((a, b) => (b.amount > a.amount ? b : a));
        expect({ teamId: event.teamId, amount: event.amount }).toEqual({ teamId: best.teamId, amount: best.amount });
        expect(owned.has(event.lotId)).toBe(false);
        owned.add(event.lotId);
        break;
      }
      case 'sale:undone':
        owned.delete(event.lotId);
        break;
      default:
        break;
    }
  }
}

/**
 * [PRX3] [PRX4] [PRX7] An automatic bid never goes over its team's maximum; when a lot sells under
 * the hammer (not by right to match), no other team's maximum on it survives: each either bid
 * past it or lapsed. A lot's maximums go when it closes.
 */
function checkProxyEvent(maxima: Map<string, number>, event: AuctionEvent, inRtm: boolean): void {
  const key = (teamId: TeamId, lotId: LotId): string => `${teamId} ${lotId}`;
  const onLot = (lotId: LotId): string[] => [...maxima.keys()].filter((k) => k.endsWith(` ${lotId}`));
  switch (event.type) {
    case 'proxy:set':
      maxima.set(key(event.teamId, event.lotId), event.max);
      break;
    case 'proxy:withdrawn':
    case 'proxy:lapsed':
      expect(maxima.delete(key(event.teamId, event.lotId))).toBe(true);
      break;
    case 'bid:accepted':
      if (event.bid.auto === true) {
        expect(event.bid.amount).toBeLessThanOrEqual(maxima.get(key(event.bid.teamId, event.lotId)) ?? -1);
      }
      break;
    case 'lot:sold':
      if (!inRtm)
        expect(onLot(event.lotId)).toEqual(onLot(event.lotId).filter((k) => k === key(event.teamId, event.lotId)));
      for (const k of onLot(event.lotId)) maxima.delete(k);
      break;
    case 'lot:unsold':
      for (const k of onLot(event.lotId)) maxima.delete(k);
      break;
    case 'auction:finished':
      maxima.clear();
      break;
    default:
      break;
  }
}

/** Invariants over one state: money, squads, sales. */
function checkState(state: AuctionState): void {
  const lotIds = state.sales.map((sale) => sale.lotId);
  expect(new Set(lotIds).size).toBe(lotIds.length);
  for (const team of state.config.teams) {
    const ledger = state.ledger[team.id];
    if (!ledger) throw new Error(`no ledger for ${team.id}`);
    const sales = state.sales.filter((sale) => sale.teamId === team.id);
    expect(ledger.spent).toBe(sales.reduce((sum, sale) => sum + sale.amount, 0));
    expect(ledger.lots).toEqual(sales.map((sale) => sale.lotId));
    expect(purseLeft(state, team.id)).toBeGreaterThanOrEqual(0);
    expect(ledger.spent + purseLeft(state, team.id)).toBe(ledger.purse);
    expect(ledger.lots.length).toBeLessThanOrEqual(state.config.rules.squadMax);
    // [RTM1] [RTM6] a team never matches more lots than it holds cards.
    expect(sales.filter((sale) => sale.rtm === true).length).toBeLessThanOrEqual(rtmCardsOf(state.config, team.id));
    expect(rtmCardsLeft(state, team.id)).toBeGreaterThanOrEqual(0);
    for (const [category, quota] of Object.entries(state.config.rules.categoryQuotas)) {
      expect(categoryCount(state, team.id, category)).toBeLessThanOrEqual(quota.max);
    }
    // [QUO2] no maximum is passed; [QUO3] the places left can always hold the minimums still unmet.
    for (const quota of quotasOf(state.config.rules)) {
      if (quota.max !== undefined) expect(quotaCount(state, team.id, quota)).toBeLessThanOrEqual(quota.max);
    }
    expect(minimumsNeeded(state, team.id)).toBeLessThanOrEqual(state.config.rules.squadMax - ledger.lots.length);
  }
  for (const lotId of lotIds) expect(state.outcomes[lotId]).toBe('sold');
  // [PRX6] no maximum in what the room sees.
  expect(toPublicState(state).proxies ?? []).toEqual([]);
}

describe('engine properties', () => {
  it('[EVT1] over random command sequences: nothing sold twice, purses never negative, highest bid wins, state = fold', () => {
    fc.assert(
      fc.property(configArb, fc.array(opArb, { minLength: 10, maxLength: 100 }), fc.boolean(), (config, ops, undo) => {
        const { state, events } = runOps(config, ops, undo);
        checkEvents(events);
        checkState(state);
        expect(state.status).toBe('finished');
        expect(replay(events)).toEqual(state);
      }),
      { numRuns: 300 },
    );
  });

  it('[EVT1] every intermediate state holds the invariants', () => {
    fc.assert(
      fc.property(configArb, fc.array(opArb, { minLength: 10, maxLength: 50 }), (config, ops) => {
        const { events } = runOps(config, ops);
        let state = replay(events.slice(0, 1));
        for (const event of events.slice(1)) {
          state = evolve(state, event);
          checkState(state);
        }
      }),
      { numRuns: 100 },
    );
  });
});
