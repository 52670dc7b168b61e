import { describe, expect, it } from 'vitest';
import { validateConfig } from '../../../shared/auction/config';
import type { AuctionRules } from '../../../shared/auction/types';
import { formatDuration, readDuration } from '../../../shared/catalog/durations';
import {
  DURATION_FIELDS,
  RULE_FIELDS,
  setupProblem,
  withIncrementKind,
  withOrderMode,
  quotaRows,
  readBound,
  suggestQuota,
  withQuotaRows,
  withSlab,
  withSlabAdded,
  withSlabRemoved,
  withLotRtmTeam,
  withTeamRtmCards,
} from '../../../renderer/lib/rules-form';
import { DEFAULT_RULES, IPL_SLABS, makeConfig, makeLot, makeTeam } from '../../helpers/builders';

const rules: AuctionRules = DEFAULT_RULES;

describe('the rules form number fields', () => {
  it('[CFG4] durations are milliseconds in the rules, written with a unit on screen', () => {
    expect(DURATION_FIELDS.lotOpen.read(rules)).toBe(10_000);
    expect(DURATION_FIELDS.lotOpen.write(rules, 45_000).lotOpenMs).toBe(45_000);
    expect(DURATION_FIELDS.bidExtend.write(rules, 2_500).bidExtendMs).toBe(2_500);
    expect(DURATION_FIELDS.gap.write(rules, 0).gapMs).toBe(0);
    expect(DURATION_FIELDS.grace.write(rules, 300).graceMs).toBe(300);
    expect(formatDuration(DURATION_FIELDS.lotOpen.read(rules))).toBe('10s');
    expect(readDuration('45s')).toEqual({ ok: true, ms: 45_000 });
    expect(readDuration('45')).toEqual({ ok: false, error: 'needs a unit: write "45s", "45ms" or "45m"' });
  });

  it('[CFG4] Setup will not save or start a duration a rules file would refuse, and says why', () => {
    const config = makeConfig();
    expect(setupProblem(config)).toBeNull();
    // The 25 ms lots: a number without a unit once became milliseconds.
    const tiny = { ...config, rules: DURATION_FIELDS.lotOpen.write(config.rules, 25) };
    expect(validateConfig(tiny)).not.toBeNull();
    expect(setupProblem(tiny)?.message).toMatch(/^lotOpenMs: 25ms must be at least 5s/);
    const short = { ...config, rules: DURATION_FIELDS.lotOpen.write(config.rules, 2_000) };
    expect(validateConfig(short)).toBeNull();
    expect(setupProblem(short)?.message).toBe(
      'lotOpenMs: 2s must be at least 5s: a lot shorter than 5s closes before bidders on phones have read its name',
    );
    const halfGap = { ...config, rules: DURATION_FIELDS.gap.write(config.rules, 500) };
    expect(setupProblem(halfGap)?.message).toMatch(/^gapMs: 500ms must be at least 1s/);
    const nominate = { ...config, rules: DURATION_FIELDS.nominate.write(config.rules, 3_000) };
    expect(setupProblem(nominate)?.message).toMatch(/^order\.nominateMs: 3s must be at least 5s/);
  });

  it('[QUO5] Setup checks the whole config: a quota that counts no lot stops it', () => {
    const config = makeConfig({ rules: { quotas: [{ category: 'wicketkeeper', min: 1 }] } });
    expect(setupProblem(config)?.message).toMatch(/^rules\.quotas\[0\] counts no lot/);
  });

  it('an emptied field falls back to its least sensible value', () => {
    expect(RULE_FIELDS.squadMin.write(rules, Number.NaN).squadMin).toBe(0);
    expect(RULE_FIELDS.squadMax.write(rules, Number.NaN).squadMax).toBe(1);
    expect(RULE_FIELDS.rounds.write(rules, Number.NaN).rounds).toBe(1);
    expect(RULE_FIELDS.rounds.write(rules, 0).rounds).toBe(1);
  });

  it('seed and nomination time belong to their order mode', () => {
    const sets = withOrderMode(rules, 'sets', 42);
    expect(RULE_FIELDS.seed.read(sets)).toBe(42);
    expect(RULE_FIELDS.seed.write(sets, 7.6).order).toEqual({ mode: 'sets', seed: 8 });
    const nominate = withOrderMode(rules, 'nominate', 0);
    expect(DURATION_FIELDS.nominate.read(nominate)).toBe(30_000);
    expect(DURATION_FIELDS.nominate.write(nominate, 20_000).order).toEqual({ mode: 'nominate', nominateMs: 20_000 });
    expect(withOrderMode(nominate, 'catalog', 0).order).toEqual({ mode: 'catalog' });
  });

  it('each field has its own id, and only the documented ones have test ids', () => {
    const fields = [...Object.values(RULE_FIELDS), ...Object.values(DURATION_FIELDS)];
    expect(new Set(fields.map((field) => field.id)).size).toBe(fields.length);
    expect(fields.flatMap((field) => ('testid' in field ? [field.testid] : []))).toEqual([
      'setup-squad-min',
      'setup-squad-max',
      'setup-rounds',
      'setup-rtm-cards',
      'setup-lot-open',
      'setup-extend',
      'setup-gap',
      'setup-grace',
      'setup-nominate',
      'setup-rtm-decision',
    ]);
  });
});

describe('quotas and slabs', () => {
  it('[QUO1] [QUO6] quota rows: legacy maximums and quotas in one list, written back as quotas', () => {
    const old = {
      ...rules,
      categoryQuotas: { bowler: { max: 3 } },
      quotas: [{ attribute: 'overseas', value: 'yes', min: 1 }],
    };
    const rows = quotaRows(old);
    expect(rows).toEqual([
      { kind: 'category', name: 'bowler', value: '', min: null, max: 3 },
      { kind: 'attribute', name: 'overseas', value: 'yes', min: 1, max: null },
    ]);
    const next = withQuotaRows(old, [...rows, { kind: 'category', name: '__proto__', value: '', min: null, max: 2 }]);
    expect(next.categoryQuotas).toEqual({});
    expect(next.quotas).toEqual([
      { category: 'bowler', max: 3 },
      { attribute: 'overseas', value: 'yes', min: 1 },
      { category: '__proto__', max: 2 },
    ]);
    expect(quotaRows(next)).toEqual([...rows, { kind: 'category', name: '__proto__', value: '', min: null, max: 2 }]);
    expect([readBound('3'), readBound(''), readBound('-2'), readBound('x')]).toEqual([3, null, 0, null]);
    expect(suggestQuota(rows, ['bowler', 'keeper'])).toEqual({
      kind: 'category',
      name: 'keeper',
      value: '',
      min: 1,
      max: null,
    });
  });

  it('[INC1] [INC2] switching kinds carries the step over', () => {
    const slabs = withIncrementKind(rules, 'slabs');
    expect(slabs.increments).toEqual({ kind: 'slabs', slabs: [{ upTo: null, step: 10 }] });
    expect(withIncrementKind(slabs, 'fixed').increments).toEqual({ kind: 'fixed', step: 10 });
    expect(withIncrementKind(rules, 'fixed')).toBe(rules);
  });

  it('adds a slab before the open-ended one, edits and removes slabs, and stays valid', () => {
    const ipl = { ...rules, increments: IPL_SLABS };
    const added = withSlabAdded(ipl);
    expect(added.increments.kind === 'slabs' && added.increments.slabs.map((slab) => slab.upTo)).toEqual([
      100,
      200,
      500,
      1000,
      null,
    ]);
    expect(validateConfig(makeConfig({ rules: added }))).toBeNull();
    const edited = withSlab(ipl, 0, { step: 2 });
    expect(edited.increments.kind === 'slabs' && edited.increments.slabs[0]).toEqual({ upTo: 100, step: 2 });
    const removed = withSlabRemoved(ipl, 3);
    expect(removed.increments.kind === 'slabs' && removed.increments.slabs.at(-1)).toEqual({ upTo: null, step: 20 });
    expect(validateConfig(makeConfig({ rules: removed }))).toBeNull();
  });
});

describe('right to match in Setup', () => {
  it('[RTM1] every team’s cards from the rules, 0 to 50, and a team’s own count or blank for the rules’ number', () => {
    expect(RULE_FIELDS.rtmCards.read(rules)).toBe(0);
    expect(RULE_FIELDS.rtmCards.write(rules, 2).rtmCards).toBe(2);
    expect(RULE_FIELDS.rtmCards.write(rules, 99).rtmCards).toBe(50);
    expect(RULE_FIELDS.rtmCards.write(rules, -3).rtmCards).toBe(0);
    const teams = [makeTeam(1), makeTeam(2)];
    const own = withTeamRtmCards(teams, 'T2', ' 3 ');
    expect(own.map((t) => t.rtmCards)).toEqual([undefined, 3]);
    expect(withTeamRtmCards(own, 'T2', '')[1]).not.toHaveProperty('rtmCards');
    expect(withTeamRtmCards(own, 'T2', 'lots')[1]).not.toHaveProperty('rtmCards');
  });

  it('[RTM2] [RTM4] a lot’s matching team, and the decision clock with its unit', () => {
    const lots = [makeLot(1), makeLot(2)];
    const named = withLotRtmTeam(lots, 'L1', 'T1');
    expect(named.map((l) => l.rtmTeamId)).toEqual(['T1', undefined]);
    expect(withLotRtmTeam(named, 'L1', '')[0]).not.toHaveProperty('rtmTeamId');
    expect(DURATION_FIELDS.rtmDecision.read(rules)).toBe(30_000);
    expect(DURATION_FIELDS.rtmDecision.write(rules, 20_000).rtmDecisionMs).toBe(20_000);
    const tooShort = makeConfig({ rules: DURATION_FIELDS.rtmDecision.write(rules, 1_000) });
    expect(setupProblem(tooShort)?.message).toMatch(/rtmDecisionMs/);
  });
});
