import { describe, expect, it } from 'vitest';
import type { AuctionRules } from '../../../shared/auction/types';
import {
  formatAmount,
  formatCount,
  formatQuantity,
  hasWholeUnits,
  listLotDetails,
  toMajorDecimal,
} from '../../../renderer/lib/format';
import { DEFAULT_RULES, IPL_SLABS, makeLot } from '../../helpers/builders';

function makeRules(overrides: Partial<AuctionRules>): AuctionRules {
  return { ...DEFAULT_RULES, ...overrides };
}

/** $1,000 purses, $100 minimum, $50 steps: every amount the rules make is whole dollars. */
const WHOLE_DOLLARS = makeRules({
  currency: 'USD',
  purse: 100_000,
  minimumPrice: 10_000,
  increments: { kind: 'fixed', step: 5_000 },
});
/** A charity night in cents: 10-cent steps. */
const CENTS = makeRules({
  currency: 'USD',
  purse: 100_000,
  minimumPrice: 100,
  increments: { kind: 'fixed', step: 10 },
});
/** IPL in lakh: purses and prices in paise, shown as lakh and crore. */
const LAKH = makeRules({
  currency: 'INR',
  moneyStyle: 'lakh',
  purse: 100_00_00_000_00,
  minimumPrice: 20_00_000_00,
  increments: { kind: 'fixed', step: 5_00_000_00 },
});

describe('hasWholeUnits', () => {
  it('is true when the purse, the minimum price and the fixed step are whole major units', () => {
    expect(hasWholeUnits(WHOLE_DOLLARS)).toBe(true);
  });

  it('is false when any of them has cents', () => {
    expect(hasWholeUnits(CENTS)).toBe(false);
    expect(hasWholeUnits({ ...WHOLE_DOLLARS, minimumPrice: 10_050 })).toBe(false);
    expect(hasWholeUnits({ ...WHOLE_DOLLARS, purse: 100_001 })).toBe(false);
  });

  it('checks every slab step', () => {
    const slabs: AuctionRules['increments'] = {
      kind: 'slabs',
      slabs: [
        { upTo: 10_000, step: 500 },
        { upTo: null, step: 1_050 },
      ],
    };
    expect(hasWholeUnits({ ...WHOLE_DOLLARS, increments: slabs })).toBe(false);
    expect(hasWholeUnits({ ...WHOLE_DOLLARS, currency: 'INR', increments: IPL_SLABS })).toBe(false);
  });

  it('treats every amount as whole in a currency without minor units', () => {
    expect(
      hasWholeUnits(
        makeRules({ currency: 'JPY', purse: 1_001, minimumPrice: 7, increments: { kind: 'fixed', step: 3 } }),
      ),
    ).toBe(true);
  });
});

describe('toMajorDecimal', () => {
  it('writes every minor digit', () => {
    expect(toMajorDecimal(1250, 2)).toBe('12.50');
    expect(toMajorDecimal(100, 2)).toBe('1.00');
  });

  it('pads amounts below one major unit', () => {
    expect(toMajorDecimal(5, 2)).toBe('0.05');
    expect(toMajorDecimal(0, 2)).toBe('0.00');
  });

  it('keeps the sign', () => {
    expect(toMajorDecimal(-1250, 2)).toBe('-12.50');
    expect(toMajorDecimal(-5, 2)).toBe('-0.05');
  });

  it('is the integer itself with no minor digits', () => {
    expect(toMajorDecimal(1500, 0)).toBe('1500');
  });

  it('stays exact beyond float precision of a division', () => {
    expect(toMajorDecimal(9_007_199_254_740_991, 2)).toBe('90071992547409.91');
  });
});

describe('formatAmount precision', () => {
  it('shows whole units when the rules deal in them', () => {
    expect(formatAmount(WHOLE_DOLLARS, 15_000)).toBe('$150');
    expect(formatAmount(WHOLE_DOLLARS, 100_000)).toBe('$1,000');
    expect(formatAmount(WHOLE_DOLLARS, 0)).toBe('$0');
  });

  it('still shows the cents of a stray amount in a whole-unit auction: exact beats uniform', () => {
    expect(formatAmount(WHOLE_DOLLARS, 15_050)).toBe('$150.50');
  });

  it('shows cents on every amount once the rules have any, so $1.00 sits next to $1.10', () => {
    expect(formatAmount(CENTS, 100)).toBe('$1.00');
    expect(formatAmount(CENTS, 110)).toBe('$1.10');
    expect(formatAmount(CENTS, 123_456_789)).toBe('$1,234,567.89');
  });

  it('formats negative amounts with the sign before the symbol', () => {
    expect(formatAmount(CENTS, -250)).toBe('-$2.50');
  });

  it('keeps lakh and crore in their own style', () => {
    expect(formatAmount(LAKH, 2_00_00_000_00)).toBe('₹2 Cr');
    expect(formatAmount(LAKH, 2_35_00_000_00)).toBe('₹2.35 Cr');
    expect(formatAmount(LAKH, 75_00_000_00)).toBe('₹75 L');
  });

  it('uses whole units in a currency without minor units', () => {
    expect(
      formatAmount(
        makeRules({ currency: 'JPY', purse: 100_000, minimumPrice: 1_000, increments: { kind: 'fixed', step: 500 } }),
        1_500,
      ),
    ).toBe('¥1,500');
  });

  it('shows a dash for a value that is not a number', () => {
    expect(formatAmount(CENTS, Number.NaN)).toBe('—');
  });

  it('falls back to the bare number before the rules are known', () => {
    expect(formatAmount(null, 1234)).toBe('1234');
    expect(formatAmount(undefined, 0)).toBe('0');
  });

  it('answers the same for the same rules object (the whole-unit check is cached per rules)', () => {
    expect(formatAmount(CENTS, 200)).toBe('$2.00');
    expect(formatAmount(CENTS, 200)).toBe('$2.00');
    expect(formatAmount({ ...CENTS, increments: { kind: 'fixed', step: 100 }, minimumPrice: 100 }, 200)).toBe('$2');
  });
});

describe('formatQuantity', () => {
  it('uses the singular for exactly one', () => {
    expect(formatQuantity(1, 'lot')).toBe('1 lot');
    expect(formatQuantity(1, 'spectator')).toBe('1 spectator');
  });

  it('uses the plural for zero and for many', () => {
    expect(formatQuantity(0, 'lot')).toBe('0 lots');
    expect(formatQuantity(2, 'lot')).toBe('2 lots');
    expect(formatQuantity(120, 'team')).toBe('120 teams');
  });

  it('takes an irregular plural', () => {
    expect(formatQuantity(1, 'squad place', 'squad places')).toBe('1 squad place');
    expect(formatQuantity(3, 'category', 'categories')).toBe('3 categories');
  });
});

describe('formatCount', () => {
  it('reads "n of max" with a maximum and the bare count without one', () => {
    expect(formatCount(3, 8)).toBe('3 of 8');
    expect(formatCount(0, 0)).toBe('0 of 0');
    expect(formatCount(3)).toBe('3');
  });
});

describe('listLotDetails', () => {
  it('turns extra fields into labels, skipping blank values', () => {
    const lot = makeLot(1, {
      extra: { country: 'India', batting_style: 'Left-hand', 'bowling-arm': 'Right', notes: '  ' },
    });
    expect(listLotDetails(lot)).toEqual([
      { key: 'country', label: 'country', value: 'India' },
      { key: 'batting_style', label: 'batting style', value: 'Left-hand' },
      { key: 'bowling-arm', label: 'bowling arm', value: 'Right' },
    ]);
  });

  it('look-alike names keep distinct keys, so a list keyed by them never clashes', () => {
    const lot = makeLot(1, { extra: { batting_style: 'l', 'batting-style': 'r', 'batting style': 'x' } });
    const details = listLotDetails(lot);
    expect(details.map((d) => d.label)).toEqual(['batting style', 'batting style', 'batting style']);
    expect(new Set(details.map((d) => d.key)).size).toBe(3);
  });

  it('is empty for a lot without extras', () => {
    expect(listLotDetails(makeLot(1))).toEqual([]);
  });
});
