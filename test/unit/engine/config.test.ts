import { describe, expect, it } from 'vitest';
import { createAuction, InvalidConfigError, validateConfig, type AuctionConfig } from '../../../shared/auction';
import { errorOf, IPL_SLABS, makeConfig, makeLot, makeRunning, makeSetup, makeTeam, run } from '../../helpers/builders';

function withRules(rules: Record<string, unknown>): unknown {
  const config = makeConfig();
  return { ...config, rules: { ...config.rules, ...rules } };
}

describe('configuration', () => {
  it('[CFG1] configure replaces parts of the config in setup, and is refused afterwards', () => {
    const setup = makeSetup().state;
    const teams = [makeTeam(1, { purse: 5_000 }), makeTeam(2)];
    const configured = run(setup, [{ type: 'auction:configure', teams, name: 'Renamed' }]);
    expect(configured.events[0]?.type).toBe('auction:configured');
    expect(configured.state.config).toMatchObject({ name: 'Renamed', teams, lots: setup.config.lots });
    expect(configured.state.ledger).toEqual({
      T1: { purse: 5_000, spent: 0, lots: [] },
      T2: { purse: 1_000, spent: 0, lots: [] },
    });
    expect(errorOf(setup, { type: 'auction:configure', lots: [makeLot(1), makeLot(1)] })).toBe('invalid_config');
    expect(errorOf(makeRunning(), { type: 'auction:configure', name: 'Late' })).toBe('not_in_setup');
  });

  it('[CFG2] validation names the first bad field', () => {
    const config = makeConfig();
    const cases: [unknown, string][] = [
      [
        { ...config, teams: [makeTeam(1), makeTeam(2), makeTeam(3, { purse: 10.5 })] },
        'teams[2].purse must be a positive integer',
      ],
      [{ ...config, teams: [makeTeam(1), makeTeam(1)] }, 'teams[1].id duplicates "T1"'],
      [{ ...config, lots: [makeLot(1), makeLot(2), makeLot(2)] }, 'lots[2].id duplicates "L2"'],
      [{ ...config, lots: [makeLot(1, { basePrice: 0 })] }, 'lots[0].basePrice must be a positive integer'],
      [{ ...config, teams: [makeTeam(1, { id: '__proto__' })] }, 'teams[0].id must not be __proto__'],
      [withRules({ squadMin: 6, squadMax: 5 }), 'rules.squadMin must not exceed rules.squadMax'],
      [withRules({ increments: { kind: 'slabs', slabs: [] } }), 'rules.increments.slabs must be a non-empty array'],
      [
        withRules({ increments: { kind: 'slabs', slabs: [{ upTo: 100, step: 5 }] } }),
        'rules.increments.slabs[0].upTo must be null',
      ],
      [
        withRules({
          increments: {
            kind: 'slabs',
            slabs: [
              { upTo: 100, step: 5 },
              { upTo: 50, step: 5 },
              { upTo: null, step: 5 },
            ],
          },
        }),
        'rules.increments.slabs[1].upTo must be an integer above',
      ],
      [withRules({ increments: { kind: 'fixed', step: 0.5 } }), 'rules.increments.step must be a positive integer'],
      [withRules({ lotOpenMs: 0 }), 'rules.lotOpenMs must be a positive integer'],
      [withRules({ gapMs: -1 }), 'rules.gapMs must be a non-negative integer'],
      [withRules({ rounds: 0 }), 'rules.rounds must be a positive integer'],
      [withRules({ currency: 'rupees' }), 'rules.currency must be an ISO 4217 code'],
      [withRules({ order: { mode: 'random' } }), "rules.order.mode must be 'catalog', 'sets' or 'nominate'"],
      [withRules({ categoryQuotas: { overseas: { max: -1 } } }), 'rules.categoryQuotas["overseas"].max'],
      [withRules({ squadMin: 5, minimumPrice: 300 }), 'teams[0].purse must cover squadMin × minimumPrice (1500)'],
      [{ ...config, name: '' }, 'name must not be empty'],
      [null, 'config must be an object'],
    ];
    for (const [bad, message] of cases) {
      const error = validateConfig(bad);
      expect(error?.code, message).toBe('invalid_config');
      expect(error?.message).toContain(message);
    }
    expect(validateConfig(config)).toBeNull();
    expect(validateConfig(withRules({ increments: IPL_SLABS, order: { mode: 'sets', seed: -7 } }))).toBeNull();
  });

  it('[CFG2] createAuction refuses a bad config with the validation error', () => {
    const bad = { ...makeConfig(), lots: [makeLot(1), makeLot(1)] } as AuctionConfig;
    expect(() => createAuction('a', bad, 0)).toThrow(InvalidConfigError);
    expect(() => createAuction('a', bad, 0)).toThrow('lots[1].id duplicates "L1"');
  });

  it('[CFG3] appendLots adds a page of lots after those configured, validated as a whole', () => {
    const setup = makeSetup({ lots: 2 }).state;
    const paged = run(setup, [
      { type: 'auction:configure', lots: [makeLot(1), makeLot(2)] },
      { type: 'auction:configure', lots: [makeLot(3), makeLot(4)], appendLots: true },
    ]);
    expect(paged.state.config.lots.map((l) => l.id)).toEqual(['L1', 'L2', 'L3', 'L4']);
    expect(errorOf(paged.state, { type: 'auction:configure', lots: [makeLot(4)], appendLots: true })).toBe(
      'invalid_config',
    );
  });

  it('[MON1] money in the config must be integer minor units', () => {
    expect(validateConfig(withRules({ purse: 99.99 }))?.message).toBe('rules.purse must be a positive integer');
    expect(validateConfig(withRules({ minimumPrice: 0.1 }))?.message).toBe(
      'rules.minimumPrice must be a non-negative integer',
    );
    expect(validateConfig({ ...makeConfig(), lots: [makeLot(1, { basePrice: 1e20 })] })?.code).toBe('invalid_config');
  });
});
