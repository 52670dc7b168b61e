import { describe, expect, it } from 'vitest';
import { formatMoney, minorDigits, parseMoney } from '../../../shared/core/money';

const LAKH = 10_000_000; // paise
const CRORE = 100 * LAKH;

function ok(text: string, currency: string): number {
  const result = parseMoney(text, currency);
  if (!result.ok) throw new Error(`${text}: ${result.error}`);
  return result.value;
}

function err(text: string, currency: string): string {
  const result = parseMoney(text, currency);
  if (result.ok) throw new Error(`${text} parsed as ${result.value}`);
  return result.error;
}

describe('minorDigits', () => {
  it('follows Intl', () => {
    expect(minorDigits('INR')).toBe(2);
    expect(minorDigits('USD')).toBe(2);
    expect(minorDigits('JPY')).toBe(0);
    expect(minorDigits('KWD')).toBe(3);
  });
});

describe('parseMoney', () => {
  it.each([
    ['2000000', 'INR', 20 * LAKH],
    ['20,00,000', 'INR', 20 * LAKH],
    ['2,000,000', 'INR', 20 * LAKH],
    ['2 Cr', 'INR', 2 * CRORE],
    ['2cr', 'INR', 2 * CRORE],
    ['2 crore', 'INR', 2 * CRORE],
    ['2.05 Cr', 'INR', 205 * LAKH],
    ['1.2345678 cr', 'INR', 12_345_678_00],
    ['50L', 'INR', 50 * LAKH],
    ['50 lakh', 'INR', 50 * LAKH],
    ['7.5 lakhs', 'INR', 750 * 100_000],
    ['₹50 L', 'INR', 50 * LAKH],
    ['₹ 2 Cr', 'INR', 2 * CRORE],
    ['Rs. 20 lakh', 'INR', 20 * LAKH],
    ['INR 75,000', 'INR', 75_000_00],
    ['75,000.50', 'INR', 75_000_50],
    ['1.5', 'USD', 150],
    ['.5', 'USD', 50],
    ['1.50', 'USD', 150],
    ['1.5k', 'USD', 150_000],
    ['2m', 'USD', 200_000_000],
    ['$200', 'USD', 20_000],
    ['$1,250', 'USD', 125_000],
    ['200 USD', 'USD', 20_000],
    ['usd200', 'USD', 20_000],
    ['€200', 'EUR', 20_000],
    ['200 €', 'EUR', 20_000],
    ['¥1,250', 'JPY', 1250],
    ['0', 'USD', 0],
    ['  42  ', 'USD', 4200],
    ['2.000', 'JPY', 2],
  ])('reads %j in %s', (text, currency, expected) => {
    expect(ok(text, currency)).toBe(expected);
  });

  it('reads amounts exactly, where float arithmetic would drift', () => {
    expect(ok('0.29', 'USD')).toBe(29); // 0.29 * 100 === 28.999999999999996
    expect(ok('1.15', 'USD')).toBe(115);
    expect(ok('90071992547409.91', 'USD')).toBe(Number.MAX_SAFE_INTEGER);
  });

  it.each([
    ['-5', /negative/],
    ['$-5', /negative/],
    ['(5)', /negative/],
    ['−5', /negative/],
    ['', /empty/],
    ['   ', /empty/],
    ['12x', /not an amount.*units/],
    ['abc', /not an amount/],
    ['NaN', /not an amount/],
    ['Infinity', /not an amount/],
    ['1e6', /not an amount/],
    ['0x10', /not an amount/],
    ['1.2.3', /not an amount/],
    ['1,5', /dot for decimals/],
    ['12,50', /dot for decimals/],
    ['1,0000', /check the commas|not an amount/],
    ['1.234', /at most 2 decimal places/],
    ['€200', /in USD/],
    ['₹200', /in USD/],
    ['200 EUR', /in USD/],
    ['90071992547409.92', /too large/],
    ['99999999999999999999999', /too large/],
    ['9'.repeat(60), /not an amount/],
  ])('rejects %j', (text, message) => {
    expect(err(text, 'USD')).toMatch(message);
  });

  it('rejects decimals a currency does not have', () => {
    expect(err('1.5', 'JPY')).toMatch(/JPY amounts are whole numbers/);
    expect(err('1.5000', 'JPY')).toMatch(/whole numbers/);
    expect(ok('1.5k', 'JPY')).toBe(1500);
    expect(err('1.001', 'INR')).toMatch(/at most 2/);
  });

  it('rejects a malformed currency code', () => {
    expect(err('5', 'dollars')).toMatch(/not a currency code/);
  });

  it('reads back what formatMoney writes', () => {
    const cases: [number, string, 'standard' | 'lakh'][] = [
      [205 * LAKH, 'INR', 'lakh'],
      [50 * LAKH, 'INR', 'lakh'],
      [75_000_50, 'INR', 'lakh'],
      [12_345_678_00, 'INR', 'lakh'],
      [123_456, 'USD', 'standard'],
      [20_000, 'EUR', 'standard'],
      [1250, 'JPY', 'standard'],
      [12_345, 'KWD', 'standard'],
    ];
    for (const [minor, currency, style] of cases) {
      expect(ok(formatMoney(minor, currency, style), currency)).toBe(minor);
    }
  });
});

describe('formatMoney', () => {
  it('formats the standard style with Intl, cents only when there are any', () => {
    expect(formatMoney(125_000, 'USD')).toBe('$1,250');
    expect(formatMoney(1250, 'USD')).toBe('$12.50');
    expect(formatMoney(20_000, 'EUR', 'standard')).toBe('€200');
    expect(formatMoney(1250, 'JPY')).toBe('¥1,250');
    expect(formatMoney(0, 'USD')).toBe('$0');
    expect(formatMoney(Number.MAX_SAFE_INTEGER, 'USD')).toBe('$90,071,992,547,409.91');
  });

  it('formats the lakh style in crore, lakh and below a lakh', () => {
    expect(formatMoney(120 * CRORE, 'INR', 'lakh')).toBe('₹120 Cr');
    expect(formatMoney((25 * CRORE) / 10, 'INR', 'lakh')).toBe('₹2.5 Cr');
    expect(formatMoney(205 * LAKH, 'INR', 'lakh')).toBe('₹2.05 Cr');
    expect(formatMoney(1 * CRORE, 'INR', 'lakh')).toBe('₹1 Cr');
    expect(formatMoney(50 * LAKH, 'INR', 'lakh')).toBe('₹50 L');
    expect(formatMoney(1 * LAKH, 'INR', 'lakh')).toBe('₹1 L');
    expect(formatMoney(75_000_00, 'INR', 'lakh')).toBe('₹75,000');
    expect(formatMoney(75_000_50, 'INR', 'lakh')).toBe('₹75,000.50');
  });

  it('stays exact in the lakh style: an amount two decimals cannot hold is shown in full', () => {
    expect(formatMoney(12_345_678_00, 'INR', 'lakh')).toBe('₹1,23,45,678');
    expect(formatMoney(12_345_000_00, 'INR', 'lakh')).toBe('₹123.45 L');
  });

  it('has a compact form for tight spaces', () => {
    expect(formatMoney(2_345_678_900, 'INR', 'lakh', { compact: true })).toBe('₹2.35Cr');
    expect(formatMoney(50 * LAKH, 'INR', 'lakh', { compact: true })).toBe('₹50L');
    expect(formatMoney(125_000_000, 'USD', 'standard', { compact: true })).toBe('$1.3M');
    expect(formatMoney(20_000, 'USD', 'standard', { compact: true })).toBe('$200');
  });

  it('shows negative amounts and a currency without a symbol', () => {
    expect(formatMoney(-50 * LAKH, 'INR', 'lakh')).toBe('-₹50 L');
    expect(formatMoney(-1250, 'USD')).toBe('-$12.50');
    expect(formatMoney(12_345, 'KWD', 'lakh')).toBe('KWD\u00a012.345');
  });

  it('takes a locale for the standard style', () => {
    expect(formatMoney(125_050, 'EUR', 'standard', { locale: 'de-DE' })).toBe('1.250,50\u00a0€');
  });
});
