import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  apply,
  categoryCount,
  createAuction,
  nextMinBid,
  purseLeft,
  replay,
  squadCount,
  type Actor,
  type AuctionConfig,
  type AuctionEvent,
  type AuctionState,
  type Command,
} from '../../../shared/auction';
import { ADMIN, makeConfig, makeLot, SYSTEM, T0, teamActor } from '../../helpers/builders';

/**
 * Properties of the sales outside the hammer: retentions [RET1]–[RET3],
 * corrections [COR1]–[COR3], the pick and `lot:next` [ACC1]–[ACC3], mixed
 * with bids, the clock, undo, pause and resume.
 */

type Op =
  | { readonly kind: 'bid'; readonly team: number; readonly steps: number }
  | { readonly kind: 'wait'; readonly ms: number }
  | {
      readonly kind: 'admin';
      readonly command: 'lot:hammer' | 'lot:skip' | 'sale:undo' | 'auction:pause' | 'auction:resume' | 'lot:next';
    }
  | { readonly kind: 'correct'; readonly sale: number; readonly team: number | null; readonly amount: number | null }
  | { readonly kind: 'pick'; readonly mask: number }
  | { readonly kind: 'wish'; readonly team: number; readonly mask: number };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 8, arbitrary: fc.record({ kind: fc.constant('bid' as const), team: fc.nat(3), steps: fc.nat(3) }) },
  { weight: 5, arbitrary: fc.record({ kind: fc.constant('wait' as const), ms: fc.nat(12_000) }) },
  {
    weight: 5,
    arbitrary: fc.record({
      kind: fc.constant('admin' as const),
      command: fc.constantFrom('lot:hammer', 'lot:skip', 'sale:undo', 'auction:pause', 'auction:resume', 'lot:next'),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('correct' as const),
      sale: fc.nat(8),
      team: fc.option(fc.nat(3)),
      amount: fc.option(fc.integer({ min: 1, max: 1_500 })),
    }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('pick' as const), mask: fc.nat(255) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('wish' as const), team: fc.nat(3), mask: fc.nat(255) }) },
);

const configArb: fc.Arbitrary<AuctionConfig> = fc
  .record({
    teams: fc.integer({ min: 2, max: 4 }),
    lots: fc.array(fc.record({ category: fc.constantFrom('bat', 'bowl'), base: fc.integer({ min: 20, max: 200 }) }), {
      minLength: 2,
      maxLength: 8,
    }),
    // lot 1 retained by T1, lot 2 by T2, at these prices (or not retained)
    retain: fc.tuple(fc.option(fc.integer({ min: 1, max: 300 })), fc.option(fc.integer({ min: 1, max: 300 }))),
    squadMin: fc.nat(2),
    squadMax: fc.integer({ min: 2, max: 4 }),
    quota: fc.boolean(),
    gapMs: fc.constantFrom(0, 1_000),
    rounds: fc.integer({ min: 1, max: 3 }),
    pickUnsold: fc.boolean(),
    manualAdvance: fc.boolean(),
  })
  .map((c) =>
    makeConfig({
      teams: c.teams,
      lots: c.lots.map((lot, i) => {
        const price = i < 2 ? c.retain[i] : null;
        return makeLot(i + 1, {
          category: i < 2 ? 'bat' : lot.category,
          basePrice: lot.base,
          ...(price ? { retained: { teamId: `T${i + 1}`, price } } : {}),
        });
      }),
      rules: {
        squadMin: c.squadMin,
        squadMax: c.squadMax,
        purse: 1_000,
        minimumPrice: 20,
        categoryQuotas: c.quota ? { bat: { max: 1 } } : {},
        gapMs: c.gapMs,
        rounds: c.rounds,
        pickUnsold: c.pickUnsold,
        manualAdvance: c.manualAdvance,
      },
    }),
  );

function pickFrom<T>(items: readonly T[], mask: number): T[] {
  return items.filter((_, i) => (mask >> i) & 1);
}

let counter = 0;
function toStep(op: Op, state: AuctionState, now: number): { command: Command; actor: Actor; now: number } {
  const teamAt = (i: number): string => state.config.teams[i % state.config.teams.length]?.id ?? 'T1';
  switch (op.kind) {
    case 'bid': {
      const min = nextMinBid(state) ?? 100;
      counter += 1;
      const command: Command = {
        type: 'bid:place',
        bidId: `s${counter}`,
        lotId: state.current?.lotId ?? 'L1',
        amount: min + op.steps * 10,
      };
      return { command, actor: teamActor(teamAt(op.team)), now };
    }
    case 'wait':
      return { command: { type: 'clock:tick' }, actor: SYSTEM, now: now + op.ms };
    case 'admin':
      return { command: { type: op.command }, actor: ADMIN, now };
    case 'correct': {
      const sale = state.sales[op.sale % Math.max(1, state.sales.length)];
      const command: Command = {
        type: 'sale:correct',
        lotId: sale?.lotId ?? 'L1',
        ...(op.team === null ? {} : { teamId: teamAt(op.team) }),
        ...(op.amount === null ? {} : { amount: op.amount }),
        reason: 'property',
      };
      return { command, actor: ADMIN, now };
    }
    case 'pick':
      return { command: { type: 'round:pick', lotIds: pickFrom(state.unsold, op.mask) }, actor: ADMIN, now };
    case 'wish':
      return {
        command: { type: 'wishlist:set', lotIds: pickFrom(state.unsold, op.mask) },
        actor: teamActor(teamAt(op.team)),
        now,
      };
  }
}

/** Books that add up, squads and quotas within bounds, retained lots never on the block, a wait with no clock. */
function expectInvariants(state: AuctionState): void {
  const { rules, teams, lots } = state.config;
  const soldLots = state.sales.map((sale) => sale.lotId);
  expect(new Set(soldLots).size).toBe(soldLots.length);
  for (const team of teams) {
    const ledger = state.ledger[team.id]!;
    const sales = state.sales.filter((sale) => sale.teamId === team.id);
    expect(purseLeft(state, team.id)).toBeGreaterThanOrEqual(0);
    expect(ledger.spent + purseLeft(state, team.id)).toBe(ledger.purse);
    expect(ledger.spent).toBe(sales.reduce((sum, sale) => sum + sale.amount, 0));
    expect([...ledger.lots].sort()).toEqual(sales.map((sale) => sale.lotId).sort());
    expect(squadCount(state, team.id)).toBeLessThanOrEqual(rules.squadMax);
    for (const [category, quota] of Object.entries(rules.categoryQuotas)) {
      expect(categoryCount(state, team.id, category)).toBeLessThanOrEqual(quota.max);
    }
  }
  for (const lot of lots) {
    if (!lot.retained) continue;
    expect(state.current?.lotId).not.toBe(lot.id);
    expect(state.queue).not.toContain(lot.id);
    expect(state.unsold).not.toContain(lot.id);
    expect(state.sales.find((sale) => sale.lotId === lot.id)).toMatchObject({ retained: true });
  }
  if (state.hold) expect(state).toMatchObject({ phase: 'gap', gapEndsAt: null });
}

describe('sales outside the hammer: properties', () => {
  it('[RET2] [COR2] [ACC1] [EVT1] books add up at every step and the journal replays', () => {
    fc.assert(
      fc.property(configArb, fc.array(opArb, { maxLength: 60 }), (config, ops) => {
        const created = createAuction('props', config, T0 - 1);
        const events: AuctionEvent[] = [...created.events];
        const started = apply(created.state, { type: 'auction:start' }, { now: T0, actor: ADMIN });
        if (!started.ok) throw new Error(started.error.message);
        events.push(...started.events);
        let state = started.state;
        let now = T0;
        expectInvariants(state);
        for (const op of ops) {
          const step = toStep(op, state, now);
          now = step.now;
          const result = apply(state, step.command, { now, actor: step.actor });
          if (!result.ok) continue;
          state = result.state;
          events.push(...result.events);
          expectInvariants(state);
        }
        expect(replay(events)).toEqual(state);
      }),
      { numRuns: 150 },
    );
  });
});
