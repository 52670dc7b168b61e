import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  apply,
  nextMinBid,
  ownValue,
  PROTOTYPE_MEMBER_NAMES,
  replay,
  summariseTeams,
  validateConfig,
  type AuctionConfig,
  type AuctionEvent,
  type AuctionState,
  type Command,
} from '../../../shared/auction';
import { parseCommand } from '../../../shared/protocol/payloads';
import { readResults } from '../../../renderer/lib/results';
import { ADMIN, DEFAULT_RULES, SYSTEM, T0, teamActor } from '../../helpers/builders';
import { createAuction } from '../../../shared/auction/engine';

/**
 * [CFG2] Ids, categories and detail names are user strings. Every member
 * name of Object.prototype but `__proto__` is an ordinary name: an auction
 * whose teams, lots, categories, quotas and lot details are all called
 * `constructor`, `toString`, `hasOwnProperty`, ... runs like any other, and
 * nothing reads through the prototype. `__proto__` is refused with a message.
 */

const NAMES = PROTOTYPE_MEMBER_NAMES.filter((name) => name !== '__proto__');

interface Plan {
  readonly teamIds: string[];
  readonly lotIds: string[];
  readonly categories: string[];
  readonly detailKeys: string[];
  readonly quotaCategory: string;
  /** Per lot: which teams bid, in turn. */
  readonly bidders: number[][];
}

const plan: fc.Arbitrary<Plan> = fc.record({
  teamIds: fc.shuffledSubarray(NAMES, { minLength: 2 }),
  lotIds: fc.shuffledSubarray(NAMES, { minLength: 1 }),
  categories: fc.array(fc.constantFrom(...NAMES), { minLength: NAMES.length, maxLength: NAMES.length }),
  detailKeys: fc.shuffledSubarray(NAMES, { minLength: 1 }),
  quotaCategory: fc.constantFrom(...NAMES),
  bidders: fc.array(fc.array(fc.nat({ max: 20 }), { maxLength: 6 }), {
    minLength: NAMES.length,
    maxLength: NAMES.length,
  }),
});

function configOf(p: Plan): AuctionConfig {
  return {
    name: 'constructor',
    rules: { ...DEFAULT_RULES, purse: 10_000, squadMax: 20, categoryQuotas: { [p.quotaCategory]: { max: 2 } } },
    teams: p.teamIds.map((id) => ({ id, name: id, short: id.slice(0, 12), purse: 10_000 })),
    lots: p.lotIds.map((id, i) => ({
      id,
      name: id,
      // [QUO5] the quota counts at least the first lot.
      category: i === 0 ? p.quotaCategory : (p.categories[i] ?? 'toString'),
      basePrice: 100,
      set: id,
      extra: Object.fromEntries(p.detailKeys.map((key) => [key, `${key} of ${id}`])),
    })),
  };
}

/** Runs the whole auction: each lot gets its planned bids, then the hammer; ticks close the gaps. */
function runAuction(config: AuctionConfig, p: Plan): { state: AuctionState; events: AuctionEvent[] } {
  const created = createAuction('proto', config, T0);
  let state = created.state;
  const events = [...created.events];
  let now = T0;
  const step = (command: Command, actor = ADMIN): boolean => {
    const r = apply(state, command, { now, actor });
    if (!r.ok) return false;
    state = r.state;
    events.push(...r.events);
    return true;
  };
  expect(step({ type: 'auction:start' })).toBe(true);
  for (let guard = 0; guard < 200 && state.status !== 'finished'; guard++) {
    now += 1_000;
    if (state.phase === 'open' && state.current) {
      const lotIndex = config.lots.findIndex((lot) => lot.id === state.current?.lotId);
      for (const pick of p.bidders[lotIndex] ?? []) {
        const teamId = config.teams[pick % config.teams.length]?.id as string;
        const amount = nextMinBid(state) ?? 100;
        step({ type: 'bid:place', bidId: `b${events.length}`, lotId: state.current.lotId, amount }, teamActor(teamId));
      }
      expect(step({ type: 'lot:hammer' })).toBe(true);
    } else {
      now += 60_000;
      step({ type: 'clock:tick' }, SYSTEM);
    }
  }
  return { state, events };
}

describe('[CFG2] names of Object.prototype members are ordinary names', () => {
  it('an auction of teams, lots, categories, quotas and details named like prototype members runs and replays', () => {
    fc.assert(
      fc.property(plan, (p) => {
        const config = configOf(p);
        expect(validateConfig(config)).toBeNull();
        // The same config through the wire schema, as a JSON payload: accepted whole.
        const wire = parseCommand('auction:configure', JSON.parse(JSON.stringify(config)));
        expect(wire.ok).toBe(true);
        const { state, events } = runAuction(config, p);
        expect(state.status).toBe('finished');
        expect(replay(JSON.parse(JSON.stringify(events)) as AuctionEvent[])).toEqual(state);
        for (const team of config.teams) {
          const ledger = ownValue(state.ledger, team.id);
          expect(ledger, team.id).toBeDefined();
          const bought = state.sales.filter((s) => s.teamId === team.id);
          expect(ledger?.spent).toBe(bought.reduce((sum, s) => sum + s.amount, 0));
          // [SQD3] the quota held, whatever the category is called.
          const ofQuota = bought.filter((s) => config.lots.find((l) => l.id === s.lotId)?.category === p.quotaCategory);
          expect(ofQuota.length).toBeLessThanOrEqual(2);
        }
        for (const row of summariseTeams(state)) {
          const held = new Map<string, number>();
          for (const lotId of ownValue(state.ledger, row.id)?.lots ?? []) {
            const category = config.lots.find((l) => l.id === lotId)?.category as string;
            held.set(category, (held.get(category) ?? 0) + 1);
          }
          expect(Object.entries(row.categories).sort()).toEqual([...held].sort());
          expect(typeof row.left).toBe('number');
        }
        const results = readResults(state);
        expect(results.unsold.length + state.sales.length).toBe(config.lots.length);
        expect(results.pending).toEqual([]);
      }),
      { numRuns: 60, seed: 14 },
    );
  });

  it('__proto__ is refused as a team id, lot id, quota category or detail name, with the field named', () => {
    const base = configOf({
      teamIds: ['T1'],
      lotIds: ['L1'],
      categories: ['bat'],
      detailKeys: ['role'],
      quotaCategory: 'bat',
      bidders: [],
    });
    const asJson = (config: unknown): unknown =>
      JSON.parse(JSON.stringify(config).replaceAll('"PROTO"', '"__proto__"'));
    const cases: [unknown, string][] = [
      [asJson({ ...base, teams: [{ ...base.teams[0], id: 'PROTO' }] }), 'teams[0].id'],
      [asJson({ ...base, lots: [{ ...base.lots[0], id: 'PROTO' }] }), 'lots[0].id'],
      [asJson({ ...base, rules: { ...base.rules, categoryQuotas: { PROTO: { max: 1 } } } }), 'categoryQuotas'],
      [asJson({ ...base, lots: [{ ...base.lots[0], extra: { PROTO: 'x' } }] }), 'lots[0].extra'],
    ];
    for (const [config, field] of cases) {
      expect(validateConfig(config)?.message).toContain(field);
      const wire = parseCommand('auction:configure', config);
      expect(wire.ok).toBe(false);
    }
    expect(Object.prototype).not.toHaveProperty('polluted');
  });
});
