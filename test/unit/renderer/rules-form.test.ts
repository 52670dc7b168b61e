import { describe, expect, it } from 'vitest';
import { validateConfig } from '../../../shared/auction/config';
import type { AuctionRules } from '../../../shared/auction/types';
import {
  msToSeconds,
  RULE_FIELDS,
  secondsToMs,
  withIncrementKind,
  withOrderMode,
  withQuota,
  withSlab,
  withSlabAdded,
  withSlabRemoved,
} from '../../../renderer/lib/rules-form';
import { DEFAULT_RULES, IPL_SLABS, makeConfig } from '../../helpers/builders';

const rules: AuctionRules = DEFAULT_RULES;

describe('the rules form number fields', () => {
  it('show seconds for the clocks and write milliseconds', () => {
    expect(RULE_FIELDS.lotOpen.read(rules)).toBe(10);
    expect(RULE_FIELDS.lotOpen.write(rules, 45).lotOpenMs).toBe(45_000);
    expect(RULE_FIELDS.bidExtend.write(rules, 2.5).bidExtendMs).toBe(2_500);
    expect(RULE_FIELDS.gap.write(rules, 0).gapMs).toBe(0);
    expect(msToSeconds(1_250)).toBe(1.3);
    expect(secondsToMs(-3)).toBe(0);
  });

  it('an emptied field falls back to its least sensible value', () => {
    expect(RULE_FIELDS.squadMin.write(rules, Number.NaN).squadMin).toBe(0);
    expect(RULE_FIELDS.squadMax.write(rules, Number.NaN).squadMax).toBe(1);
    expect(RULE_FIELDS.lotOpen.write(rules, Number.NaN).lotOpenMs).toBe(1_000);
    expect(RULE_FIELDS.rounds.write(rules, Number.NaN).rounds).toBe(1);
    expect(RULE_FIELDS.rounds.write(rules, 0).rounds).toBe(1);
    expect(RULE_FIELDS.grace.write(rules, -20).graceMs).toBe(0);
  });

  it('seed and nomination time belong to their order mode', () => {
    const sets = withOrderMode(rules, 'sets', 42);
    expect(RULE_FIELDS.seed.read(sets)).toBe(42);
    expect(RULE_FIELDS.seed.write(sets, 7.6).order).toEqual({ mode: 'sets', seed: 8 });
    const nominate = withOrderMode(rules, 'nominate', 0);
    expect(RULE_FIELDS.nominate.read(nominate)).toBe(30);
    expect(RULE_FIELDS.nominate.write(nominate, 20).order).toEqual({ mode: 'nominate', nominateMs: 20_000 });
    expect(withOrderMode(nominate, 'catalog', 0).order).toEqual({ mode: 'catalog' });
  });

  it('each field has its own id, and only the documented ones have test ids', () => {
    const fields = Object.values(RULE_FIELDS);
    expect(new Set(fields.map((field) => field.id)).size).toBe(fields.length);
    expect(fields.flatMap((field) => ('testid' in field ? [field.testid] : []))).toEqual([
      'setup-squad-min',
      'setup-squad-max',
      'setup-lot-open',
      'setup-extend',
      'setup-gap',
      'setup-rounds',
    ]);
  });
});

describe('quotas and slabs', () => {
  it('[SQD3] a number sets a quota, an empty field removes it, "__proto__" is a plain category', () => {
    const set = withQuota({}, 'bowler', '3');
    expect(set).toEqual({ bowler: { max: 3 } });
    expect(withQuota(set, 'bowler', '')).toEqual({});
    expect(withQuota(set, 'keeper', '-2')).toEqual({ bowler: { max: 3 }, keeper: { max: 0 } });
    const odd = withQuota({}, '__proto__', '1');
    expect(Object.getPrototypeOf(odd)).toBe(Object.prototype);
    expect(Object.keys(odd)).toEqual(['__proto__']);
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
