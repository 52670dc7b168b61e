import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { apply, type AuctionConfig } from '../../../shared/auction';
import { MAX_GRACE_MS, MAX_MONEY, MAX_MS, MAX_ROUNDS, validateConfig } from '../../../shared/auction/config';
import { parseCommand } from '../../../shared/protocol/payloads';
import { REQUEST_PARSERS } from '../../../main/ipc';
import { ADMIN, DEFAULT_RULES, IPL_SLABS, makeLot, makeSetup, makeTeam, T0 } from '../../helpers/builders';

/**
 * [CFG2] One definition of a valid config: Setup and the CLI ask
 * `validateConfig`, the desktop asks the IPC parser, a client's
 * `auction:configure` meets the wire schema and then the engine. Configs are
 * generated around every bound, so a bound kept in two places that drift
 * apart shows up as a config one path accepts and another refuses.
 */

/** Just inside and just outside each bound, plus a value nobody would argue about. */
const around = (min: number, max: number, typical: number): fc.Arbitrary<number> =>
  fc.constantFrom(min - 1, min, typical, max, max + 1, min + 0.5);

const text = (max: number): fc.Arbitrary<string> =>
  fc.constantFrom('', ' ', 'A', 'constructor', 'x'.repeat(max), 'x'.repeat(max + 1), 'tab\there');

const id = fc.constantFrom('', 'T1', 'L 01', 'x'.repeat(64), 'x'.repeat(65), '__proto__', 'bell\u0007', 'toString');

const rules = fc.record({
  currency: fc.constantFrom('INR', 'USD', 'inr', 'RUPEES', ''),
  moneyStyle: fc.constantFrom('standard', 'lakh', 'crore'),
  purse: fc.constantFrom(0, 1, 1_000, MAX_MONEY, MAX_MONEY + 1, 99.5),
  squadMin: fc.constantFrom(-1, 0, 2, 1_000, 1_001),
  squadMax: fc.constantFrom(0, 1, 5, 1_000, 1_001),
  categoryQuotas: fc.constantFrom<Record<string, unknown>>(
    {},
    { bat: { max: 0 } },
    { bat: { max: 1_001 } },
    { bat: 3 },
    Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`c${i}`, { max: 1 }])),
  ),
  minimumPrice: around(0, MAX_MONEY, 10),
  increments: fc.constantFrom<unknown>(
    { kind: 'fixed', step: 10 },
    { kind: 'fixed', step: 0 },
    IPL_SLABS,
    { kind: 'slabs', slabs: [] },
    { kind: 'slabs', slabs: [{ upTo: 100, step: 5 }] },
    { kind: 'slabs', slabs: [{ upTo: null, step: 5 }] },
    { kind: 'slabs', slabs: Array.from({ length: 51 }, (_, i) => ({ upTo: i === 50 ? null : i + 1, step: 1 })) },
  ),
  lotOpenMs: fc.constantFrom(0, 1, 500, 999, 1_000, 10_000, MAX_MS, MAX_MS + 1),
  bidExtendMs: around(0, MAX_MS, 5_000),
  graceMs: fc.constantFrom(-1, 0, 300, MAX_GRACE_MS, MAX_GRACE_MS + 1, 20_000),
  gapMs: around(0, MAX_MS, 2_000),
  order: fc.constantFrom<unknown>(
    { mode: 'catalog' },
    { mode: 'sets', seed: -7 },
    { mode: 'sets', seed: 2 ** 32 },
    { mode: 'sets', seed: 1.5 },
    { mode: 'nominate', nominateMs: 999 },
    { mode: 'nominate', nominateMs: 60_000 },
    { mode: 'random' },
  ),
  rounds: fc.constantFrom(0, 1, 3, MAX_ROUNDS, MAX_ROUNDS + 1, 25),
});

const team = fc.record({
  id,
  name: text(200),
  short: fc.constantFrom('', ' ', 'T1', 'x'.repeat(12), 'x'.repeat(13)),
  purse: fc.constantFrom(1, 5, 1_000, MAX_MONEY + 1),
});

const lot = fc.record({
  id,
  name: text(200),
  category: text(200),
  basePrice: fc.constantFrom(0, 1, 100, MAX_MONEY, MAX_MONEY + 1),
  set: fc.constantFrom('', 'S1', 'x'.repeat(201)),
  extra: fc.constantFrom<Record<string, unknown>>({}, { role: 'bat' }, { role: 'x'.repeat(501) }, { role: 7 }),
});

/** Mostly the well-formed builders' values, each field swapped for a bound now and then. */
const config = fc.record({
  name: fc.oneof({ weight: 3, arbitrary: fc.constant('League') }, text(200)),
  rules: fc.oneof({ weight: 1, arbitrary: fc.constant(DEFAULT_RULES) }, rules),
  teams: fc.oneof(
    fc.constant([makeTeam(1), makeTeam(2)]),
    fc.constant([]),
    fc.constant([makeTeam(1), makeTeam(1)]),
    fc.array(team, { maxLength: 3 }),
  ),
  lots: fc.oneof(
    fc.constant([makeLot(1), makeLot(2)]),
    fc.constant([]),
    fc.constant([makeLot(1), makeLot(1)]),
    fc.array(lot, { maxLength: 3 }),
  ),
});

/** A client's path: the wire schema, then the engine on the merged config. */
function isAcceptedOnTheWire(candidate: unknown): boolean {
  const parsed = parseCommand('auction:configure', JSON.parse(JSON.stringify(candidate)));
  if (!parsed.ok) return false;
  return apply(makeSetup().state, parsed.command, { actor: ADMIN, now: T0 }).ok;
}

function isAcceptedByTheDesktop(candidate: unknown): boolean {
  try {
    REQUEST_PARSERS['hosting:start']({ config: candidate });
    return true;
  } catch {
    return false;
  }
}

describe('[CFG2] every path agrees on what a valid config is', () => {
  it('a config around the bounds is accepted by all of them or refused by all of them', () => {
    let accepted = 0;
    let refused = 0;
    fc.assert(
      fc.property(config, (candidate) => {
        const isValid = validateConfig(candidate) === null;
        expect(isAcceptedOnTheWire(candidate), JSON.stringify(validateConfig(candidate))).toBe(isValid);
        expect(isAcceptedByTheDesktop(candidate)).toBe(isValid);
        if (isValid) accepted++;
        else refused++;
      }),
      { numRuns: 2_000, seed: 15 },
    );
    // Both verdicts were reached, so the agreement was put to the test.
    expect(accepted).toBeGreaterThan(50);
    expect(refused).toBeGreaterThan(50);
  });

  it('each disputed bound has one answer', () => {
    const base: AuctionConfig = { name: 'League', rules: DEFAULT_RULES, teams: [makeTeam(1)], lots: [makeLot(1)] };
    const withRules = (patch: Partial<typeof DEFAULT_RULES>): AuctionConfig => ({
      ...base,
      rules: { ...DEFAULT_RULES, ...patch },
    });
    const refused: [AuctionConfig, string][] = [
      [withRules({ rounds: 25 }), 'rules.rounds must be a positive integer between 1 and 20'],
      [withRules({ graceMs: 20_000 }), 'rules.graceMs must be a non-negative integer between 0 and 10000'],
      [withRules({ lotOpenMs: 500 }), 'rules.lotOpenMs must be a positive integer between 1000 and 86400000'],
      [{ ...base, lots: [makeLot(1, { basePrice: 0 })] }, 'lots[0].basePrice must be a positive integer'],
      [{ ...base, name: '   ' }, 'name must not be empty'],
      [{ ...base, teams: [makeTeam(1, { short: 'x'.repeat(13) })] }, 'teams[0].short must be at most 12 characters'],
    ];
    for (const [candidate, message] of refused) {
      expect(validateConfig(candidate)?.message).toBe(message);
      expect(isAcceptedOnTheWire(candidate), message).toBe(false);
    }
    const fine = [withRules({ rounds: 20, graceMs: 10_000, lotOpenMs: 1_000 }), { ...base, teams: [], lots: [] }];
    for (const candidate of fine) {
      expect(validateConfig(candidate)).toBeNull();
      expect(isAcceptedOnTheWire(candidate)).toBe(true);
    }
  });
});
