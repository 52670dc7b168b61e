import { describe, expect, it } from 'vitest';
import { validateConfig } from '../../../shared/auction/config';
import { incrementAt } from '../../../shared/auction/rules';
import {
  CRORE_PAISE,
  LAKH_PAISE,
  isPresetName,
  PRESET_NAMES,
  PRESETS,
  presetRules,
} from '../../../shared/catalog/presets';
import { formatMoney } from '../../../shared/core/money';

describe('PRESETS', () => {
  it.each(PRESET_NAMES)('%s is sane and passes the engine validation', (name) => {
    const rules = PRESETS[name];
    expect(rules.squadMin).toBeLessThanOrEqual(rules.squadMax);
    // [MAX1] a full purse must be able to fill the minimum squad.
    expect(rules.squadMin * rules.minimumPrice).toBeLessThanOrEqual(rules.purse);
    expect(rules.minimumPrice).toBeGreaterThan(0);
    expect(rules.bidExtendMs).toBeLessThanOrEqual(rules.lotOpenMs);
    expect(rules.graceMs).toBeLessThan(1000);
    for (const value of [rules.purse, rules.minimumPrice, rules.lotOpenMs, rules.gapMs]) {
      expect(Number.isSafeInteger(value)).toBe(true);
    }
    expect(validateConfig({ name, rules, teams: [], lots: [] })).toBeNull();
  });

  it('ipl: ₹120 Cr in paise, 18–25 squads, 8 overseas, ₹20 L minimum, slabs in lakh', () => {
    const ipl = PRESETS.ipl;
    expect(LAKH_PAISE).toBe(100_000 * 100);
    expect(ipl.purse).toBe(120 * CRORE_PAISE);
    expect(formatMoney(ipl.purse, ipl.currency, ipl.moneyStyle)).toBe('₹120 Cr');
    expect(formatMoney(ipl.minimumPrice, ipl.currency, ipl.moneyStyle)).toBe('₹20 L');
    expect(ipl).toMatchObject({
      currency: 'INR',
      moneyStyle: 'lakh',
      squadMin: 18,
      squadMax: 25,
      // [QUO6] overseas is an attribute the quota counts, not a category.
      categoryQuotas: {},
      quotas: [{ attribute: 'overseas', value: 'yes', max: 8 }],
      lotOpenMs: 30_000,
      bidExtendMs: 10_000,
      graceMs: 300,
      gapMs: 5000,
      order: { mode: 'sets', seed: 1 },
      rounds: 2,
    });
    const step = (lakh: number) => incrementAt(ipl, lakh * LAKH_PAISE) / LAKH_PAISE;
    expect([step(20), step(95), step(100), step(195), step(200), step(480), step(500), step(1500)]).toEqual([
      5, 5, 10, 10, 20, 20, 25, 25,
    ]);
  });

  it('fantasy: $200 purse, 15 a squad, $1 steps, teams nominate', () => {
    expect(PRESETS.fantasy).toMatchObject({
      currency: 'USD',
      purse: 20_000,
      squadMin: 15,
      squadMax: 15,
      minimumPrice: 100,
      increments: { kind: 'fixed', step: 100 },
      lotOpenMs: 20_000,
      bidExtendMs: 8000,
      graceMs: 300,
      gapMs: 4000,
      order: { mode: 'nominate', nominateMs: 30_000 },
      rounds: 1,
    });
  });

  it('charity: a practically unlimited purse, $10 steps, catalog order', () => {
    expect(PRESETS.charity).toMatchObject({
      purse: 1_000_000_00,
      squadMin: 0,
      squadMax: 99,
      minimumPrice: 1000,
      increments: { kind: 'fixed', step: 1000 },
      order: { mode: 'catalog' },
      rounds: 1,
      lotOpenMs: 60_000,
      bidExtendMs: 15_000,
    });
  });
});

describe('presetRules', () => {
  it('returns a copy that can be edited without touching the preset', () => {
    const copy = presetRules('ipl') as unknown as { purse: number; quotas: { max: number }[] };
    expect(copy).toEqual(PRESETS.ipl);
    copy.purse = 1;
    copy.quotas[0]!.max = 1;
    expect(PRESETS.ipl.purse).toBe(120 * CRORE_PAISE);
    expect(PRESETS.ipl.quotas?.[0]?.max).toBe(8);
  });

  it('names presets', () => {
    expect(PRESET_NAMES.filter(isPresetName)).toEqual(['ipl', 'fantasy', 'charity']);
    expect(isPresetName('toString')).toBe(false);
    expect(isPresetName('IPL')).toBe(false);
  });
});
