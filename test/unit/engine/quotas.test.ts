import { describe, expect, it } from 'vitest';
import {
  apply,
  bidLimit,
  createAuction,
  highBid,
  lotMatchesQuota,
  maxBid,
  minimumsNeeded,
  normaliseAttribute,
  quotaUse,
  quotasNamingNothing,
  replay,
  summariseTeams,
  validateConfig,
  type AuctionRules,
  type Lot,
  type Quota,
} from '../../../shared/auction';
import {
  ADMIN,
  attempt,
  bid,
  errorOf,
  makeConfig,
  makeLot,
  makeRunning,
  makeSetup,
  run,
  sell,
  T0,
} from '../../helpers/builders';

const OVERSEAS: Quota = { attribute: 'overseas', value: 'yes', max: 2 };
const KEEPER: Quota = { category: 'wicketkeeper', min: 1 };

/** A league sheet's player: the role as category, overseas its own Yes/No column. */
function player(i: number, role: string, overseas: string, extra: Record<string, string> = {}): Lot {
  return makeLot(i, {
    category: role,
    extra: { overseas, country: overseas === 'No' ? 'India' : 'Elsewhere', ...extra },
  });
}

function league(lots: readonly Lot[], rules: Partial<AuctionRules> = {}) {
  return makeRunning({ lots, rules: { gapMs: 0, squadMax: 5, quotas: [OVERSEAS], ...rules } });
}

describe('quotas', () => {
  it('[QUO1] a quota counts a category or an attribute value; yes/no spellings are one value', () => {
    expect(['Yes', 'y', ' TRUE ', '1'].map(normaliseAttribute)).toEqual(['yes', 'yes', 'yes', 'yes']);
    expect(['No', 'N', 'false', '0'].map(normaliseAttribute)).toEqual(['no', 'no', 'no', 'no']);
    expect(normaliseAttribute(' India ')).toBe('india');
    const lot = player(1, 'Wicketkeeper', 'Y');
    expect(lotMatchesQuota(lot, OVERSEAS)).toBe(true);
    expect(lotMatchesQuota(lot, { attribute: 'Overseas', value: 'true', max: 1 })).toBe(true);
    expect(lotMatchesQuota(lot, { attribute: 'overseas', value: 'no', max: 1 })).toBe(false);
    expect(lotMatchesQuota(lot, KEEPER)).toBe(true);
    expect(lotMatchesQuota(lot, { attribute: 'country', value: 'elsewhere', max: 1 })).toBe(true);
    expect(lotMatchesQuota(player(2, 'Batter', 'No'), KEEPER)).toBe(false);
    // A lot without the column is not counted, whatever the value asked.
    expect(lotMatchesQuota(makeLot(3), { attribute: 'overseas', value: 'no', max: 1 })).toBe(false);
  });

  it('[QUO1] names like prototype members, long and right-to-left text are plain names', () => {
    const lot = makeLot(1, { category: 'constructor', extra: { toString: 'نعم', ['x'.repeat(40)]: 'Y' } });
    expect(lotMatchesQuota(lot, { category: 'constructor', max: 1 })).toBe(true);
    expect(lotMatchesQuota(lot, { attribute: 'toString', value: 'نعم', max: 1 })).toBe(true);
    expect(lotMatchesQuota(lot, { attribute: 'x'.repeat(40), value: 'yes', max: 1 })).toBe(true);
    // A member of Object.prototype is not an attribute of a lot that lacks it.
    expect(lotMatchesQuota(makeLot(2), { attribute: 'constructor', value: 'yes', max: 1 })).toBe(false);
    expect(lotMatchesQuota(makeLot(2), { attribute: 'hasOwnProperty', value: 'no', max: 1 })).toBe(false);
    const config = makeConfig({
      lots: [makeLot(2)],
      rules: { quotas: [{ attribute: '__proto__', value: 'yes', max: 1 }] },
    });
    expect(validateConfig(config, { complete: true })?.message).toMatch(/^rules\.quotas\[0\] counts no lot/);
    expect(({} as Record<string, unknown>)['max']).toBeUndefined();
  });

  it('[QUO1] a config with quotas of each shape is valid; a quota naming both or neither is refused with its path', () => {
    const config = makeConfig({ lots: [player(1, 'Wicketkeeper', 'Yes')], rules: { quotas: [OVERSEAS, KEEPER] } });
    expect(validateConfig(config)).toBeNull();
    const both = {
      ...config,
      rules: { ...config.rules, quotas: [{ category: 'x', attribute: 'y', value: 'z', max: 1 }] },
    };
    expect(validateConfig(both)?.message).toBe(
      'rules.quotas[0] must name either a category or an attribute (with its value)',
    );
    const noBound = { ...config, rules: { ...config.rules, quotas: [{ category: 'Wicketkeeper' }] } };
    expect(validateConfig(noBound)?.message).toBe('rules.quotas[0] must set a max, a min or both');
    const upside = { ...config, rules: { ...config.rules, quotas: [{ category: 'Wicketkeeper', min: 3, max: 2 }] } };
    expect(validateConfig(upside)?.message).toBe('rules.quotas[0] min must not exceed max');
    const noValue = { ...config, rules: { ...config.rules, quotas: [{ attribute: 'overseas', max: 2 }] } };
    expect(validateConfig(noValue)?.message).toBe('rules.quotas[0] must give the value of its attribute');
  });

  it('[QUO2] an attribute maximum refuses the next matching bid with quota_full and its name', () => {
    const lots = [
      player(1, 'Batter', 'Yes'),
      player(2, 'Bowler', 'y'),
      player(3, 'Batter', 'TRUE'),
      player(4, 'Batter', 'No'),
    ];
    const state = run(league(lots), [...sell('T1', 100), ...sell('T1', 100)]).state;
    expect(state.current?.lotId).toBe('L3');
    const refused = attempt(state, bid('T1', 100));
    expect(!refused.ok && refused.error).toEqual({
      code: 'quota_full',
      message: 'At most 2 overseas: Team 1 already has 2',
    });
    // Another team, and a lot the quota does not count, are fine.
    expect(highBid(run(state, [bid('T2', 100)]).state)?.teamId).toBe('T2');
    const onL4 = run(state, [...sell('T2', 100)]).state;
    expect(highBid(run(onL4, [bid('T1', 100)]).state)?.teamId).toBe('T1');
  });

  it('[QUO3] the places left must hold the minimums: a bid that would leave too few is refused with quota_minimum', () => {
    const lots = [player(1, 'Batter', 'No'), player(2, 'Batter', 'No'), player(3, 'Wicketkeeper', 'No')];
    const state = run(league(lots, { squadMax: 2, quotas: [KEEPER] }), sell('T1', 100)).state;
    expect(state.current?.lotId).toBe('L2');
    const refused = attempt(state, bid('T1', 100));
    expect(!refused.ok && refused.error.code).toBe('quota_minimum');
    expect(!refused.ok && refused.error.message).toMatch(/^Needs 1 more wicketkeeper: Team 1 would have 0 places left/);
    // The wicketkeeper itself fills the last place.
    const onKeeper = run(state, [...sell('T2', 100)]).state;
    expect(onKeeper.current?.lotId).toBe('L3');
    expect(highBid(run(onKeeper, [bid('T1', 100)]).state)?.teamId).toBe('T1');
  });

  it('[QUO4] the max bid keeps minimumPrice back for each lot the minimums still need, and a bid over it names the quota', () => {
    const lots = [player(1, 'Batter', 'No'), player(2, 'Wicketkeeper', 'No')];
    const state = league(lots, { squadMin: 0, minimumPrice: 50, quotas: [{ category: 'wicketkeeper', min: 2 }] });
    // Purse 1000; two wicketkeepers still needed after a batter: 2 × 50 kept back.
    expect(maxBid(state, 'T1')).toBe(900);
    expect(bidLimit(state, 'T1')).toMatchObject({ max: 900, withoutQuotas: 1000 });
    const refused = attempt(state, bid('T1', 950));
    expect(!refused.ok && refused.error).toEqual({
      code: 'quota_minimum',
      message: 'Needs 2 more wicketkeeper: Team 1 may bid at most ₹9 and keep enough to buy them',
    });
    // Over what the purse allows anyway: the plain max-bid refusal.
    expect(errorOf(state, bid('T1', 1100))).toBe('over_max_bid');
    // On the wicketkeeper only one more is needed after it.
    const onKeeper = run(state, sell('T2', 100)).state;
    expect(maxBid(onKeeper, 'T1', 'L2')).toBe(950);
    // The squad minimum and the quota minimums are not added: the larger one is kept.
    const both = league(lots, { squadMin: 3, minimumPrice: 50, quotas: [{ category: 'wicketkeeper', min: 1 }] });
    expect(maxBid(both, 'T1')).toBe(1000 - 2 * 50);
  });

  it('[QUO4] a purse must cover the minimums the quotas ask for', () => {
    const config = makeConfig({
      lots: [player(1, 'Wicketkeeper', 'No')],
      rules: { squadMin: 1, squadMax: 5, minimumPrice: 400, quotas: [{ category: 'wicketkeeper', min: 3 }] },
    });
    expect(validateConfig(config)?.message).toBe(
      'teams[0].purse must cover the quota minimums (3) × minimumPrice (1200)',
    );
    const tooMany = makeConfig({
      lots: [player(1, 'Wicketkeeper', 'No')],
      rules: { squadMax: 2, quotas: [{ category: 'wicketkeeper', min: 3 }] },
    });
    expect(validateConfig(tooMany)?.message).toBe('rules.quotas[0].min must not exceed squadMax (2)');
  });

  it('[QUO5] a quota that counts no lot of the catalog refuses the start, naming it', () => {
    const lots = [player(1, 'Batter', 'No'), player(2, 'Wicketkeeper', 'No')];
    const config = makeConfig({ lots, rules: { categoryQuotas: { overseas: { max: 2 } }, quotas: [OVERSEAS] } });
    expect(quotasNamingNothing(config)).toEqual([
      { path: 'rules.categoryQuotas["overseas"]', label: 'overseas', hint: expect.stringMatching(/is a column/) },
      { path: 'rules.quotas[0]', label: 'overseas', hint: null },
    ]);
    // Setup may still be filling the catalog in, page by page [CFG3]; the whole config is checked.
    expect(validateConfig(config)).toBeNull();
    expect(validateConfig(config, { complete: true })?.message).toMatch(
      /^rules\.categoryQuotas\["overseas"\] counts no lot: no lot in the catalog is "overseas"/,
    );
    const { state } = createAuction('a', config, T0);
    const refused = apply(state, { type: 'auction:start' }, { now: T0, actor: ADMIN });
    expect(!refused.ok && refused.error.code).toBe('invalid_config');
    expect(!refused.ok && refused.error.message).toMatch(/counts no lot/);
    // A category quota on a yes/no column says where the column goes.
    expect(validateConfig(config, { complete: true })?.message).toMatch(/"overseas" is a column/);
  });

  it('[QUO6] old configs: categoryQuotas count their category, and no quotas field is needed', () => {
    const lots = [makeLot(1, { category: 'overseas' }), makeLot(2, { category: 'overseas' }), makeLot(3)];
    const { state } = makeSetup({ lots, rules: { categoryQuotas: { overseas: { max: 1 } }, gapMs: 0 } });
    expect(state.config.rules.quotas).toBeUndefined();
    const started = run(state, [{ type: 'auction:start' }, ...sell('T1', 100)]).state;
    expect(errorOf(started, bid('T1', 100))).toBe('category_full');
    expect(quotaUse(started, 'T1')).toEqual([{ label: 'overseas', count: 1, min: null, max: 1 }]);
  });

  it('[QUO7] every team row carries its quota use; the journal replays to the same state', () => {
    const lots = [player(1, 'Wicketkeeper', 'Yes'), player(2, 'Batter', 'No'), player(3, 'Batter', 'Yes')];
    const { state: setup, events: created } = makeSetup({ lots, rules: { gapMs: 0, quotas: [OVERSEAS, KEEPER] } });
    const result = run(setup, [{ type: 'auction:start' }, ...sell('T1', 100), ...sell('T2', 100)]);
    const rows = summariseTeams(result.state);
    expect(rows[0]?.quotas).toEqual([
      { label: 'overseas', count: 1, min: null, max: 2 },
      { label: 'wicketkeeper', count: 1, min: 1, max: null },
    ]);
    expect(rows[1]?.quotas).toEqual([
      { label: 'overseas', count: 0, min: null, max: 2 },
      { label: 'wicketkeeper', count: 0, min: 1, max: null },
    ]);
    expect(minimumsNeeded(result.state, 'T2')).toBe(1);
    expect(replay([...created, ...result.events])).toEqual(result.state);
  });
});
