/**
 * Money as people type it and as they read it.
 *
 * Amounts are integers in the currency's minor unit (paise, cents; yen have
 * none). Parsing and formatting use integer (BigInt) arithmetic and hand
 * `Intl.NumberFormat` an exact decimal string, so `20,00,000` is exactly
 * 200000000 paise and 2.05 crore never shows as 2.0499999 crore.
 */

export type MoneyStyle = 'standard' | 'lakh';

export type MoneyResult =
  { readonly ok: true; readonly value: number } | { readonly ok: false; readonly error: string };

const MAX_INPUT_LENGTH = 40;

/** Power of ten of each unit word people write after a number. */
const UNITS: Readonly<Record<string, number>> = {
  k: 3,
  thousand: 3,
  l: 5,
  lac: 5,
  lacs: 5,
  lakh: 5,
  lakhs: 5,
  m: 6,
  mn: 6,
  million: 6,
  cr: 7,
  crs: 7,
  crore: 7,
  crores: 7,
  b: 9,
  bn: 9,
  billion: 9,
};

/** Symbols that name one currency beyond doubt, to catch "$200" typed into a rupee auction. */
const SYMBOLS: readonly string[] = ['₹', '$', '€', '£', '¥', 'rs.', 'rs'];

/** Intl formatters are costly to build and formatting runs on every render: build each once. */
const formatterCache = new Map<string, Intl.NumberFormat>();
function numberFormat(locale: string, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const key = `${locale}|${JSON.stringify(options)}`;
  let formatter = formatterCache.get(key);
  if (!formatter) {
    formatter = new Intl.NumberFormat(locale, options);
    formatterCache.set(key, formatter);
  }
  return formatter;
}

const digitsCache = new Map<string, number>();
const symbolCache = new Map<string, readonly string[]>();

function isKnownCurrency(currency: string): boolean {
  if (!/^[A-Z]{3}$/.test(currency)) return false;
  try {
    numberFormat('en', { style: 'currency', currency });
    return true;
  } catch {
    return false;
  }
}

/**
 * How many minor-unit digits the currency has (INR 2, USD 2, JPY 0, KWD 3),
 * as `Intl` knows it. Throws a RangeError for a malformed currency code.
 */
export function minorDigits(currency: string): number {
  const cached = digitsCache.get(currency);
  if (cached !== undefined) return cached;
  const digits = numberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits;
  // Node's small-ICU and odd codes may say undefined; 2 is the common case.
  const value = typeof digits === 'number' ? digits : 2;
  digitsCache.set(currency, value);
  return value;
}

/** The symbols and words that may stand for `currency` in typed text, lowercase. */
function symbolsOf(currency: string): readonly string[] {
  const cached = symbolCache.get(currency);
  if (cached) return cached;
  const found = new Set<string>([currency.toLowerCase()]);
  for (const currencyDisplay of ['symbol', 'narrowSymbol'] as const) {
    const parts = numberFormat('en', { style: 'currency', currency, currencyDisplay }).formatToParts(0);
    const symbol = parts.find((part) => part.type === 'currency')?.value;
    if (symbol) found.add(symbol.toLowerCase());
  }
  if (currency === 'INR') {
    found.add('rs');
    found.add('rs.');
  }
  const list = [...found];
  symbolCache.set(currency, list);
  return list;
}

/** Strip one currency marker from the start or end; report a marker of another currency. */
function stripCurrency(text: string, currency: string): { ok: true; text: string } | { ok: false } {
  const own = symbolsOf(currency);
  const candidates = [...own, ...SYMBOLS].sort((a, b) => b.length - a.length);
  let rest = text;
  for (const marker of candidates) {
    const isWord = /^[a-z.]+$/.test(marker);
    if (rest.startsWith(marker) && (!isWord || !/^[a-z]/.test(rest.slice(marker.length)))) {
      if (!own.includes(marker)) return { ok: false };
      rest = rest.slice(marker.length).trim();
      break;
    }
  }
  const trailingCode = /(?<=\d)\s*([a-z]{3})$/.exec(rest);
  if (trailingCode && trailingCode[1] !== undefined && !(trailingCode[1] in UNITS)) {
    if (trailingCode[1] !== currency.toLowerCase()) return { ok: false };
    rest = rest.slice(0, trailingCode.index).trim();
  }
  for (const marker of SYMBOLS.filter((s) => !/^[a-z.]+$/.test(s))) {
    if (rest.endsWith(marker)) {
      if (!own.includes(marker)) return { ok: false };
      rest = rest.slice(0, -marker.length).trim();
      break;
    }
  }
  return { ok: true, text: rest };
}

/**
 * Read an amount as a person types it and return it in minor units.
 *
 * Accepts plain numbers (`2000000`, `1.5`), thousands separators in western or
 * Indian grouping (`2,000,000`, `20,00,000`), units (`1.5k`, `2m`, `50L`,
 * `50 lakh`, `2 Cr`, `2 crore`) and the auction's own currency symbol or code
 * (`$200`, `₹50 L`, `Rs. 20 lakh`, `200 USD`). A bare number is in major
 * units (rupees, dollars). Rejects negatives, another currency's symbol, more
 * decimals than the currency has (`1.234` dollars, `1.5` yen) and amounts
 * beyond `Number.MAX_SAFE_INTEGER` minor units.
 *
 * @example parseMoney('2 Cr', 'INR') → { ok: true, value: 2_000_000_000 } (paise)
 */
export function parseMoney(text: string, currency: string): MoneyResult {
  const shown = text.length > MAX_INPUT_LENGTH ? `${text.slice(0, MAX_INPUT_LENGTH)}…` : text;
  const notAmount = (hint = ''): MoneyResult => ({ ok: false, error: `"${shown}" is not an amount${hint}` });
  if (!isKnownCurrency(currency)) return { ok: false, error: `"${currency}" is not a currency code (e.g. INR, USD)` };
  if (text.length > MAX_INPUT_LENGTH) return notAmount();

  let rest = text
    .replace(/[\s\u00a0\u202f]+/g, ' ')
    .trim()
    .toLowerCase();
  if (rest === '') return { ok: false, error: 'the amount is empty' };
  if (/^[-−(]|^[^\d]*-\s*\d/.test(rest))
    return { ok: false, error: `"${shown}" is negative; amounts cannot be below zero` };

  const stripped = stripCurrency(rest, currency);
  if (!stripped.ok) return notAmount(` in ${currency}, the currency of this auction`);
  rest = stripped.text;

  let exponent = 0;
  const unit = /^(.*\d\.?)\s*([a-z]+)$/.exec(rest);
  if (unit) {
    const power = unit[2] !== undefined ? UNITS[unit[2]] : undefined;
    if (power === undefined) return notAmount(' (units understood: k, L or lakh, Cr or crore, m)');
    exponent = power;
    rest = unit[1] ?? '';
  }

  // "1,5" or "12,50" is a decimal comma, not a thousands separator.
  if (/^\d+,\d{1,2}$/.test(rest)) return notAmount(' (use a dot for decimals, e.g. 1.5)');
  const number = /^(\d{1,3}(?:,\d{2,3})*|\d+)(?:\.(\d*))?$|^\.(\d+)$/.exec(rest);
  if (!number) return notAmount();
  const whole = (number[1] ?? '0').replaceAll(',', '');
  // Indian grouping (12,34,567) or western (1,234,567): the last group always has 3 digits.
  if (number[1]?.includes(',') && !/,\d{3}$/.test(number[1])) return notAmount(' (check the commas)');
  const fraction = number[2] ?? number[3] ?? '';

  const digits = minorDigits(currency);
  const scale = exponent + digits;
  const significant = fraction.replace(/0+$/, '');
  if (significant.length > scale) {
    return {
      ok: false,
      error:
        digits === 0
          ? `"${shown}" has too many decimals: ${currency} amounts are whole numbers`
          : `"${shown}" has too many decimals: ${currency} amounts have at most ${digits} decimal places`,
    };
  }
  const minor = BigInt(whole + significant.padEnd(scale, '0'));
  if (minor > BigInt(Number.MAX_SAFE_INTEGER)) return { ok: false, error: `"${shown}" is too large` };
  return { ok: true, value: Number(minor) };
}

export interface FormatMoneyOptions {
  /** Short form for tight spaces: `$1.3M`, `₹2.35Cr`. Rounded, so not for receipts. */
  readonly compact?: boolean;
  /** BCP 47 locale for the `standard` style; defaults to `en`. */
  readonly locale?: string;
}

/** The exact decimal string of `minor / 10^scale`, trailing zeros kept to `minFraction` places. */
function toDecimal(minor: bigint, scale: number, minFraction = 0): `${number}` {
  const negative = minor < 0n;
  const abs = (negative ? -minor : minor).toString().padStart(scale + 1, '0');
  const whole = abs.slice(0, abs.length - scale);
  let fraction = abs.slice(abs.length - scale).replace(/0+$/, '');
  fraction = fraction.padEnd(minFraction, '0');
  return `${negative ? '-' : ''}${whole}${fraction ? `.${fraction}` : ''}` as `${number}`;
}

/** Round `minor` to a multiple of 10^drop (half away from zero). */
function roundTo(minor: bigint, drop: number): bigint {
  if (drop <= 0) return minor;
  const unit = 10n ** BigInt(drop);
  const negative = minor < 0n;
  const abs = negative ? -minor : minor;
  const rounded = ((abs + unit / 2n) / unit) * unit;
  return negative ? -rounded : rounded;
}

/** How many decimals `minor / 10^scale` needs to be shown exactly. */
function decimalsNeeded(minor: bigint, scale: number): number {
  const fraction = toDecimal(minor, scale).split('.')[1];
  return fraction ? fraction.length : 0;
}

/** The narrow symbol (`₹`, `$`), or the code and a space when the currency has none (`KWD `). */
function currencySymbol(currency: string): string {
  const symbol =
    numberFormat('en', { style: 'currency', currency, currencyDisplay: 'narrowSymbol' })
      .formatToParts(0)
      .find((part) => part.type === 'currency')?.value ?? currency;
  return /^[A-Za-z]+$/.test(symbol) ? `${symbol}\u00a0` : symbol;
}

/**
 * Show an amount in minor units for people.
 *
 * - `standard`: `$1,250`, `€200`, `$12.50` (cents only when there are any), `¥1,250`.
 * - `lakh`: `₹2.5 Cr` from a crore up, `₹50 L` from a lakh up, `₹75,000` below.
 *   Exact: an amount that 2 decimals of crore or lakh cannot hold is shown in
 *   full with Indian grouping (`₹1,23,45,678`).
 * - `compact`: `$1.3K`, `₹2.35Cr`, `₹50L`; rounded, for tight spaces.
 *
 * @example formatMoney(2_500_000_000, 'INR', 'lakh') → '₹25 Cr'
 */
export function formatMoney(
  minor: number,
  currency: string,
  style: MoneyStyle = 'standard',
  opts: FormatMoneyOptions = {},
): string {
  if (!Number.isFinite(minor)) return '—';
  const digits = minorDigits(currency);
  const amount = BigInt(Math.trunc(minor));
  if (style === 'lakh') return formatLakh(amount, currency, digits, opts.compact === true);

  const fraction = decimalsNeeded(amount, digits) > 0 ? digits : 0;
  if (opts.compact) {
    return numberFormat(opts.locale ?? 'en', {
      style: 'currency',
      currency,
      notation: 'compact',
      minimumFractionDigits: 0,
      maximumFractionDigits: 1,
    }).format(toDecimal(amount, digits));
  }
  return numberFormat(opts.locale ?? 'en', {
    style: 'currency',
    currency,
    minimumFractionDigits: fraction,
    maximumFractionDigits: fraction,
  }).format(toDecimal(amount, digits));
}

function formatLakh(amount: bigint, currency: string, digits: number, compact: boolean): string {
  const symbol = currencySymbol(currency);
  const sign = amount < 0n ? '-' : '';
  const abs = amount < 0n ? -amount : amount;
  const gap = compact ? '' : ' ';
  for (const [power, label] of [
    [7, 'Cr'],
    [5, 'L'],
  ] as const) {
    const scale = power + digits;
    if (abs < 10n ** BigInt(scale)) continue;
    const shown = compact ? roundTo(abs, scale - 2) : abs;
    if (decimalsNeeded(shown, scale) <= 2) {
      const number = numberFormat('en-IN', { maximumFractionDigits: 2 }).format(toDecimal(shown, scale));
      return `${sign}${symbol}${number}${gap}${label}`;
    }
  }
  const fraction = decimalsNeeded(abs, digits) > 0 ? digits : 0;
  const number = numberFormat('en-IN', {
    minimumFractionDigits: fraction,
    maximumFractionDigits: fraction,
  }).format(toDecimal(abs, digits));
  return `${sign}${symbol}${number}`;
}
