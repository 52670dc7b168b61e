import { MAX_ID_LENGTH, MAX_TEXT_LENGTH, validateConfig } from '../auction/config';
import { isPlainObject } from '../core/objects';
import type { AuctionRules, CategoryQuota, IncrementRule, IncrementSlab, Lot, OrderRule, Team } from '../auction/types';
import { CSV_LIMITS, parseCsv, type CsvParseOptions } from './csv';
import { formatMoney, minorDigits, parseMoney } from '../core/money';
import { isPresetName, presetRules, PRESET_NAMES } from './presets';

/**
 * Catalog import: teams and lots from CSV, rules from JSON. Every problem is
 * reported, not just the first, each naming the spreadsheet row (the header is
 * row 1) and the column as the file spells it, so a host can fix the file in
 * one pass. Nothing here throws on bad input.
 */

/** A problem with one cell. `row` is 1-based as a spreadsheet shows it (header = 1); `column` is the header text, or '' for the whole row or file. */
export interface ImportIssue {
  readonly row: number;
  readonly column: string;
  readonly message: string;
}

export type TeamsImport =
  | { readonly ok: true; readonly teams: Team[]; readonly warnings: ImportIssue[] }
  | { readonly ok: false; readonly errors: ImportIssue[]; readonly warnings: ImportIssue[] };

export type LotsImport =
  | { readonly ok: true; readonly lots: Lot[]; readonly warnings: ImportIssue[] }
  | { readonly ok: false; readonly errors: ImportIssue[]; readonly warnings: ImportIssue[] };

/**
 * One line for a person: `row 7, column "base_price": "12x" is not an amount`.
 */
export function describeIssue(issue: ImportIssue): string {
  const where = issue.row > 0 ? `row ${issue.row}` : 'file';
  return issue.column ? `${where}, column "${issue.column}": ${issue.message}` : `${where}: ${issue.message}`;
}

// The teams CSV has always held shorts to 10 characters, within the config's MAX_SHORT_LENGTH,
// so whatever it accepts the config accepts too.
const MAX_SHORT_LENGTH = 10;

/** Header aliases in priority order: an exact canonical name beats an alias. Compared after {@link normaliseHeader}. */
const LOT_COLUMNS = {
  id: ['id', 'lot_id', 'lot_no', 'lot_number', 'player_id'],
  name: ['name', 'player', 'player_name', 'lot_name', 'item', 'title'],
  category: ['category', 'role', 'type', 'cat'],
  basePrice: [
    'base_price',
    'base',
    'reserve',
    'reserve_price',
    'baseprice',
    'price',
    'starting_price',
    'start_price',
    'opening_bid',
  ],
  set: ['set', 'pool', 'set_name', 'group'],
} as const;

const TEAM_COLUMNS = {
  id: ['id', 'team_id'],
  name: ['name', 'team', 'team_name'],
  short: ['short', 'code', 'short_name', 'abbr', 'abbreviation', 'tag'],
  purse: ['purse', 'budget', 'purse_amount', 'wallet'],
} as const;

/** `Base Price (₹)` → `base_price`. */
function normaliseHeader(header: string): string {
  return header
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '_')
    .replace(/^_+|_+$/g, '');
}

interface Sheet<K extends string> {
  /** Column index of each known field found in the header. */
  readonly columns: Partial<Record<K, number>>;
  /** Header text of each column, as the file spells it. */
  readonly headers: readonly string[];
  /** Columns that are no known field: index and header. */
  readonly others: readonly { readonly index: number; readonly header: string }[];
  /** Data rows with their spreadsheet row numbers, blank rows skipped. */
  readonly rows: readonly { readonly row: number; readonly cells: readonly string[] }[];
}

type SheetResult<K extends string> =
  { readonly ok: true; readonly sheet: Sheet<K> } | { readonly ok: false; readonly errors: ImportIssue[] };

function readSheet<K extends string>(
  text: string,
  spec: Readonly<Record<K, readonly string[]>>,
  required: readonly K[],
  what: string,
  warnings: ImportIssue[],
  options: CsvParseOptions,
): SheetResult<K> {
  const parsed = parseCsv(text, options);
  if (!parsed.ok) {
    const { row, column, message } = parsed.error;
    return { ok: false, errors: [{ row, column: column > 0 ? `#${column}` : '', message }] };
  }
  const [header, ...body] = parsed.rows;
  if (!header || header.every((cell) => cell.trim() === '')) {
    return {
      ok: false,
      errors: [{ row: 1, column: '', message: `The file is empty: the first row must name the columns.` }],
    };
  }
  const headers = header.map((cell, i) => cell.trim() || `#${i + 1}`);
  const errors: ImportIssue[] = [];

  const seen = new Map<string, number>();
  header.forEach((cell, i) => {
    const key = normaliseHeader(cell);
    if (key === '') return;
    const first = seen.get(key);
    if (first !== undefined) {
      errors.push({ row: 1, column: headers[i] ?? '', message: `appears twice (also column ${first + 1})` });
    } else seen.set(key, i);
    // Headers become `extra` keys; `__proto__` is the one key a plain object cannot hold
    // (other prototype member names are ordinary keys, read as own properties only).
    if (cell.trim().toLowerCase() === '__proto__') {
      errors.push({ row: 1, column: headers[i] ?? '', message: 'is not allowed as a column name' });
    }
  });

  const columns: Partial<Record<K, number>> = {};
  const claimed = new Set<number>();
  for (const field of Object.keys(spec) as K[]) {
    for (const alias of spec[field]) {
      const index = seen.get(alias);
      if (index !== undefined && !claimed.has(index)) {
        columns[field] = index;
        claimed.add(index);
        break;
      }
    }
  }
  for (const field of required) {
    if (columns[field] === undefined) {
      const names = spec[field].slice(0, 4).join(', ');
      errors.push({
        row: 1,
        column: '',
        message: `the file has no "${spec[field][0]}" column (accepted names: ${names})`,
      });
    }
  }

  const rows: { row: number; cells: string[] }[] = [];
  body.forEach((cells, i) => {
    if (cells.every((cell) => cell.trim() === '')) return;
    const row = i + 2;
    if (cells.length > header.length && cells.slice(header.length).some((cell) => cell.trim() !== '')) {
      warnings.push({
        row,
        column: '',
        message: 'has more cells than the first row has columns; the extra cells are ignored',
      });
    }
    rows.push({ row, cells });
  });
  if (rows.length === 0 && errors.length === 0) {
    errors.push({ row: 2, column: '', message: `there are no ${what} below the header row` });
  }

  const others = header
    .map((cell, index) => ({ index, header: cell.trim() }))
    .filter(({ index, header: name }) => !claimed.has(index) && name !== '');
  header.forEach((cell, index) => {
    if (cell.trim() === '' && rows.some(({ cells }) => (cells[index] ?? '').trim() !== '')) {
      warnings.push({
        row: 1,
        column: `#${index + 1}`,
        message: 'has no name in the first row; its cells are ignored',
      });
    }
  });

  return errors.length > 0 ? { ok: false, errors } : { ok: true, sheet: { columns, headers, others, rows } };
}

/** Starts with =, + or @ and is not a number: a spreadsheet would run it ([CSV injection](https://owasp.org/www-community/attacks/CSV_Injection)). */
const FORMULA_LIKE = /^[=+@]/;
const PLAIN_NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

class RowReader<K extends string> {
  constructor(
    private readonly sheet: Sheet<K>,
    private readonly errors: ImportIssue[],
    private readonly warnings: ImportIssue[],
  ) {}

  header(field: K): string {
    const index = this.sheet.columns[field];
    return index === undefined ? String(field) : (this.sheet.headers[index] ?? String(field));
  }

  raw(cells: readonly string[], field: K): string {
    const index = this.sheet.columns[field];
    return index === undefined ? '' : (cells[index] ?? '').trim();
  }

  error(row: number, column: string, message: string): void {
    this.errors.push({ row, column, message });
  }

  /**
   * A text cell, cleaned: line breaks and tabs become spaces, other control
   * characters go, and a formula-like value is kept as text behind an
   * apostrophe (with a warning) so no spreadsheet that later opens an export runs it.
   */
  text(row: number, column: string, value: string, maxLength = MAX_TEXT_LENGTH): string {
    const clean = value
      .replace(/[\r\n\t]+/g, ' ')
      // eslint-disable-next-line no-control-regex -- stripping control characters is the point
      .replace(/[\u0000-\u001f\u007f]/g, '')
      .trim();
    if (clean.length > maxLength) {
      this.error(row, column, `is ${clean.length} characters long; the limit is ${maxLength}`);
      return clean;
    }
    if (FORMULA_LIKE.test(clean) && !PLAIN_NUMBER.test(clean)) {
      this.warnings.push({
        row,
        column,
        message: `"${truncate(clean)}" looks like a spreadsheet formula; it is kept as plain text ('${truncate(clean)})`,
      });
      return `'${clean}`;
    }
    return clean;
  }

  field(row: number, cells: readonly string[], field: K, maxLength = MAX_TEXT_LENGTH): string {
    return this.text(row, this.header(field), this.raw(cells, field), maxLength);
  }

  id(row: number, cells: readonly string[], field: K): string {
    const value = this.field(row, cells, field, MAX_ID_LENGTH);
    if (value === '__proto__') this.error(row, this.header(field), 'is not allowed as an id');
    return value;
  }

  /** An id that must not repeat: `seen` remembers the row of each id so far (case-insensitive). */
  uniqueId(row: number, cells: readonly string[], field: K, seen: Map<string, number>): string {
    const id = this.id(row, cells, field);
    if (id !== '') {
      const first = claim(seen, id, row);
      if (first !== null) this.error(row, this.header(field), `id "${id}" is already used on row ${first}`);
    }
    return id;
  }
}

function truncate(text: string): string {
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}

function describeMoney(minor: number, rules: AuctionRules): string {
  return formatMoney(minor, rules.currency, rules.moneyStyle);
}

/** A money cell: must parse and be above zero. Reports through `error` and returns null otherwise. */
function readAmount(raw: string, rules: AuctionRules, error: (message: string) => void): number | null {
  const parsed = parseMoney(raw, rules.currency);
  if (!parsed.ok) {
    error(parsed.error);
    return null;
  }
  if (parsed.value === 0) {
    error('must be more than zero');
    return null;
  }
  return parsed.value;
}

/** `prefix` + the smallest number ≥ `from` that gives an id nobody uses; zero-padded to `width`. */
function nextFreeId(prefix: string, from: number, width: number, used: Set<string>): [string, number] {
  let n = from;
  let id = `${prefix}${String(n).padStart(width, '0')}`;
  while (used.has(id.toLowerCase())) {
    n += 1;
    id = `${prefix}${String(n).padStart(width, '0')}`;
  }
  used.add(id.toLowerCase());
  return [id, n + 1];
}

/** Remember `value` case-insensitively; report the row that used it first. */
function claim(seen: Map<string, number>, value: string, row: number): number | null {
  const key = value.toLowerCase();
  const first = seen.get(key);
  if (first !== undefined) return first;
  seen.set(key, row);
  return null;
}

/**
 * Read a lots CSV.
 *
 * Columns (case-insensitive, with aliases): `name` (or player, item) required;
 * `base_price` (or base, reserve, price) required, any amount {@link parseMoney}
 * reads in the rules' currency; optional `id` (or lot_id; blank ids become
 * L001, L002, ...), `category` (or role, type), `set` (or pool). Every other
 * column goes to `extra` under its header.
 * Errors: a bad or missing required value, a duplicate id. Warnings: a
 * formula-like cell (kept as text behind an apostrophe), a duplicate name, a
 * base price above the purse, a suspiciously small lakh-style price.
 */
export function parseLotsCsv(text: string, rules: AuctionRules, options: CsvParseOptions = {}): LotsImport {
  const warnings: ImportIssue[] = [];
  const read = readSheet(text, LOT_COLUMNS, ['name', 'basePrice'], 'lots', warnings, options);
  if (!read.ok) return { ok: false, errors: read.errors, warnings };
  const { sheet } = read;
  const errors: ImportIssue[] = [];
  const reader = new RowReader<keyof typeof LOT_COLUMNS>(sheet, errors, warnings);

  const ids = new Map<string, number>();
  const names = new Map<string, number>();
  const drafts: { row: number; id: string; lot: Omit<Lot, 'id'> }[] = [];

  for (const { row, cells } of sheet.rows) {
    const id = reader.uniqueId(row, cells, 'id', ids);
    const name = reader.field(row, cells, 'name');
    if (name === '') reader.error(row, reader.header('name'), 'the name is empty');
    else {
      const first = claim(names, name, row);
      if (first !== null) {
        warnings.push({ row, column: reader.header('name'), message: `"${name}" is also the name on row ${first}` });
      }
    }
    const category = reader.field(row, cells, 'category');
    const set = reader.field(row, cells, 'set');

    const priceColumn = reader.header('basePrice');
    const rawPrice = reader.raw(cells, 'basePrice');
    const basePrice =
      rawPrice === ''
        ? (reader.error(row, priceColumn, 'the base price is empty'), null)
        : readAmount(rawPrice, rules, (message) => reader.error(row, priceColumn, message));
    if (basePrice !== null) {
      if (basePrice > rules.purse) {
        warnings.push({
          row,
          column: priceColumn,
          message: `${describeMoney(basePrice, rules)} is more than a team's purse (${describeMoney(rules.purse, rules)}); nobody can buy this lot`,
        });
      }
      // "20" in an IPL sheet almost always means 20 lakh, not 20 rupees.
      if (
        rules.moneyStyle === 'lakh' &&
        /^[\d,.]+$/.test(rawPrice) &&
        basePrice < 100_000 * 10 ** minorDigits(rules.currency)
      ) {
        warnings.push({
          row,
          column: priceColumn,
          message: `${rawPrice} is read as ${describeMoney(basePrice, rules)}; for lakh write "${rawPrice} L", for crore "${rawPrice} Cr"`,
        });
      }
    }

    const extra: [string, string][] = sheet.others.map(({ index, header }) => [
      header,
      reader.text(row, header, (cells[index] ?? '').trim(), CSV_LIMITS.maxFieldLength),
    ]);
    drafts.push({
      row,
      id,
      lot: { name, category, basePrice: basePrice ?? 0, set, extra: Object.fromEntries(extra) },
    });
  }

  if (errors.length > 0) return { ok: false, errors, warnings };
  const used = new Set(ids.keys());
  let next = 1;
  const lots = drafts.map(({ id, lot }, i) => {
    if (id !== '') return { id, ...lot };
    const [generated, after] = nextFreeId('L', Math.max(next, i + 1), 3, used);
    next = after;
    return { id: generated, ...lot };
  });
  return { ok: true, lots, warnings };
}

/** A short label from a name: initials of several words (`Harbour Hawks` → `HH`), else the first three letters. */
function deriveShort(name: string): string {
  const words = name
    .replace(/^'/, '')
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word !== '');
  const short =
    words.length >= 2
      ? words
          .slice(0, 4)
          .map((word) => [...word][0] ?? '')
          .join('')
      : [...(words[0] ?? 'T')].slice(0, 3).join('');
  return short.toUpperCase();
}

/**
 * Read a teams CSV.
 *
 * Columns (case-insensitive, with aliases): `name` (or team) required;
 * optional `id` (blank ids become T1, T2, ...), `short` (or code; derived from
 * the name and made unique when blank), `purse` (or budget; defaults to
 * `rules.purse`, and must cover `squadMin × minimumPrice` [MAX1]).
 * Errors: duplicate ids, names or short names; a bad purse. Other columns are
 * ignored with a warning.
 */
export function parseTeamsCsv(text: string, rules: AuctionRules, options: CsvParseOptions = {}): TeamsImport {
  const warnings: ImportIssue[] = [];
  const read = readSheet(text, TEAM_COLUMNS, ['name'], 'teams', warnings, options);
  if (!read.ok) return { ok: false, errors: read.errors, warnings };
  const { sheet } = read;
  const errors: ImportIssue[] = [];
  const reader = new RowReader<keyof typeof TEAM_COLUMNS>(sheet, errors, warnings);
  for (const { header } of sheet.others) {
    warnings.push({ row: 1, column: header, message: 'is not a team column Gavel knows; it is ignored' });
  }

  const ids = new Map<string, number>();
  const names = new Map<string, number>();
  const shorts = new Map<string, number>();
  const reserve = rules.squadMin * rules.minimumPrice;
  const drafts: { row: number; id: string; name: string; short: string; purse: number }[] = [];

  for (const { row, cells } of sheet.rows) {
    const id = reader.uniqueId(row, cells, 'id', ids);
    const name = reader.field(row, cells, 'name');
    if (name === '') reader.error(row, reader.header('name'), 'the team name is empty');
    else {
      const first = claim(names, name, row);
      if (first !== null) reader.error(row, reader.header('name'), `"${name}" is already a team on row ${first}`);
    }
    const short = reader.field(row, cells, 'short', MAX_SHORT_LENGTH);
    if (short !== '') {
      const first = claim(shorts, short, row);
      if (first !== null) {
        reader.error(row, reader.header('short'), `short name "${short}" is already used on row ${first}`);
      }
    }

    let purse = rules.purse;
    const rawPurse = reader.raw(cells, 'purse');
    if (rawPurse !== '') {
      const column = reader.header('purse');
      const parsed = readAmount(rawPurse, rules, (message) => reader.error(row, column, message));
      if (parsed !== null && parsed < reserve) {
        reader.error(
          row,
          column,
          `${describeMoney(parsed, rules)} is too small: a team must be able to fill its squad of ${rules.squadMin} at ${describeMoney(rules.minimumPrice, rules)} each (${describeMoney(reserve, rules)})`,
        );
      }
      if (parsed !== null) purse = parsed;
    }
    drafts.push({ row, id, name, short, purse });
  }

  if (errors.length > 0) return { ok: false, errors, warnings };
  const usedIds = new Set(ids.keys());
  const usedShorts = new Set(shorts.keys());
  let next = 1;
  const teams = drafts.map(({ id, name, short, purse }, i): Team => {
    let teamId = id;
    if (teamId === '') [teamId, next] = nextFreeId('T', Math.max(next, i + 1), 0, usedIds);
    let label = short;
    if (label === '') {
      const base = deriveShort(name);
      label = base;
      for (let n = 2; usedShorts.has(label.toLowerCase()); n += 1) label = `${base}${n}`;
      usedShorts.add(label.toLowerCase());
    }
    return { id: teamId, name, short: label, purse };
  });
  return { ok: true, teams, warnings };
}

// ---------------------------------------------------------------------------
// Rules from JSON

/** A problem with one setting: `field` is its path (`increments.slabs[1].step`), '' for the whole file. */
export interface RulesIssue {
  readonly field: string;
  readonly message: string;
}

/** One line for a person: `purse: "12x" is not an amount`, or just the message for the whole file. */
export function describeRulesIssue(issue: RulesIssue): string {
  return issue.field ? `${issue.field}: ${issue.message}` : issue.message;
}

export type RulesImport =
  { readonly ok: true; readonly rules: AuctionRules } | { readonly ok: false; readonly errors: RulesIssue[] };

const MAX_RULES_JSON = 100_000;

type Mutable<T> = { -readonly [K in keyof T]?: T[K] };

const RULE_KEYS: readonly (keyof AuctionRules)[] = [
  'currency',
  'moneyStyle',
  'purse',
  'squadMin',
  'squadMax',
  'categoryQuotas',
  'minimumPrice',
  'increments',
  'lotOpenMs',
  'bidExtendMs',
  'graceMs',
  'gapMs',
  'order',
  'rounds',
];

/**
 * Read rules from JSON, merged onto a base: the preset named by a `"preset"`
 * key (`ipl`, `fantasy`, `charity`), else `base`, else nothing (then every
 * field is required). Top-level fields replace the base's whole value.
 *
 * Friendlier than the raw type: money may be a number in minor units or a
 * string in the auction's currency (`"purse": "120 Cr"`); durations a number
 * of milliseconds or a string (`"30s"`, `"500ms"`, `"2m"`); a quota may be a
 * bare number (`{"overseas": 8}`); `increments` may be a bare amount (a fixed
 * step); `order` may be a bare mode (`"catalog"`). Unknown fields are errors,
 * so a typo never passes silently. The result passes the engine's
 * `validateConfig` [CFG2].
 *
 * @example parseRulesJson('{"preset":"ipl","purse":"100 Cr","squadMax":20}')
 */
export function parseRulesJson(text: string, base?: AuctionRules): RulesImport {
  if (text.length > MAX_RULES_JSON) {
    return { ok: false, errors: [{ field: '', message: `The rules file is too large; the limit is 100 KB.` }] };
  }
  let json: unknown;
  try {
    json = JSON.parse(text.startsWith('\uFEFF') ? text.slice(1) : text);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    return { ok: false, errors: [{ field: '', message: `The rules file is not valid JSON (${detail}).` }] };
  }
  if (!isPlainObject(json)) {
    return {
      ok: false,
      errors: [{ field: '', message: 'The rules file must be a JSON object: { "purse": ..., ... }.' }],
    };
  }

  const errors: RulesIssue[] = [];
  let start: AuctionRules | undefined = base;
  if (Object.hasOwn(json, 'preset')) {
    const preset = json['preset'];
    if (typeof preset === 'string' && isPresetName(preset)) start = presetRules(preset);
    else {
      errors.push({ field: 'preset', message: `must be one of ${PRESET_NAMES.join(', ')}` });
    }
  }
  for (const key of Object.keys(json)) {
    if (key !== 'preset' && !(RULE_KEYS as readonly string[]).includes(key)) {
      errors.push({ field: key, message: 'is not a setting Gavel knows' });
    }
  }

  const out: Mutable<AuctionRules> = { ...start };
  const has = (key: keyof AuctionRules): boolean => Object.hasOwn(json, key);

  if (has('currency')) {
    const value = json['currency'];
    if (typeof value === 'string' && /^[A-Za-z]{3}$/.test(value.trim())) out.currency = value.trim().toUpperCase();
    else errors.push({ field: 'currency', message: 'must be a three-letter currency code such as INR, USD or EUR' });
  }
  const currency = out.currency ?? 'USD';
  const money = (value: unknown, field: string): number | undefined => {
    if (typeof value === 'number') {
      if (Number.isSafeInteger(value) && value >= 0) return value;
      errors.push({
        field,
        message: 'must be a whole number of minor units (cents, paise) or a text amount like "20 L"',
      });
      return undefined;
    }
    if (typeof value === 'string') {
      const parsed = parseMoney(value, currency);
      if (parsed.ok) return parsed.value;
      errors.push({ field, message: parsed.error });
      return undefined;
    }
    errors.push({ field, message: 'must be an amount' });
    return undefined;
  };
  const count = (value: unknown, field: string): number | undefined => {
    if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return value;
    errors.push({ field, message: 'must be a whole number, zero or more' });
    return undefined;
  };
  const duration = (value: unknown, field: string): number | undefined => {
    const ms = parseDuration(value);
    if (ms === null) errors.push({ field, message: 'must be milliseconds or a duration like "30s", "500ms" or "2m"' });
    return ms ?? undefined;
  };

  if (has('moneyStyle')) {
    const value = json['moneyStyle'];
    if (value === 'standard' || value === 'lakh') out.moneyStyle = value;
    else errors.push({ field: 'moneyStyle', message: 'must be "standard" or "lakh"' });
  }
  if (has('purse')) out.purse = money(json['purse'], 'purse');
  if (has('minimumPrice')) out.minimumPrice = money(json['minimumPrice'], 'minimumPrice');
  for (const key of ['squadMin', 'squadMax', 'rounds'] as const) {
    if (has(key)) out[key] = count(json[key], key);
  }
  for (const key of ['lotOpenMs', 'bidExtendMs', 'graceMs', 'gapMs'] as const) {
    if (has(key)) out[key] = duration(json[key], key);
  }
  if (has('categoryQuotas')) out.categoryQuotas = readQuotas(json['categoryQuotas'], errors);
  if (has('increments')) out.increments = readIncrements(json['increments'], money, errors);
  if (has('order')) out.order = readOrder(json['order'], duration, count, errors);

  if (errors.length > 0) return { ok: false, errors };
  for (const key of RULE_KEYS) {
    if (out[key] === undefined) {
      errors.push({
        field: key,
        message: 'is missing (or add "preset": "ipl", "fantasy" or "charity" to start from one)',
      });
    }
  }
  if (errors.length > 0) return { ok: false, errors };

  const rules = out as AuctionRules;
  const problem = validateConfig({ name: 'rules', rules, teams: [], lots: [] });
  if (problem) {
    // validateConfig names the field as `rules.<path> <message>`.
    const match = /^rules\.(\S+) (.*)$/.exec(problem.message);
    return {
      ok: false,
      errors: [match ? { field: match[1] ?? '', message: match[2] ?? '' } : { field: '', message: problem.message }],
    };
  }
  return { ok: true, rules };
}

/** Milliseconds from a number or `"30s"`, `"1.5s"`, `"500ms"`, `"2m"`; null when unreadable or negative. */
function parseDuration(value: unknown): number | null {
  if (typeof value === 'number') return Number.isSafeInteger(value) && value >= 0 ? value : null;
  if (typeof value !== 'string') return null;
  const match = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|sec|seconds?|m|min|minutes?)?\s*$/i.exec(value);
  if (!match) return null;
  const unit = (match[2] ?? 'ms').toLowerCase();
  const factor = unit === 'ms' ? 1 : unit.startsWith('s') ? 1000 : 60_000;
  const ms = Math.round(Number(match[1]) * factor);
  return Number.isSafeInteger(ms) ? ms : null;
}

function readQuotas(value: unknown, errors: RulesIssue[]): Record<string, CategoryQuota> | undefined {
  if (!isPlainObject(value)) {
    errors.push({ field: 'categoryQuotas', message: 'must be an object such as { "overseas": 8 }' });
    return undefined;
  }
  const quotas: [string, CategoryQuota][] = [];
  for (const [category, quota] of Object.entries(value)) {
    const field = `categoryQuotas.${category}`;
    const max = isPlainObject(quota) ? quota['max'] : quota;
    if (typeof max === 'number' && Number.isSafeInteger(max) && max >= 0) quotas.push([category, { max }]);
    else
      errors.push({
        field,
        message: 'must be a whole number, zero or more (the most of this category a squad may hold)',
      });
  }
  return Object.fromEntries(quotas);
}

function readIncrements(
  value: unknown,
  money: (value: unknown, field: string) => number | undefined,
  errors: RulesIssue[],
): IncrementRule | undefined {
  if (typeof value === 'number' || typeof value === 'string') {
    const step = money(value, 'increments');
    return step === undefined ? undefined : { kind: 'fixed', step };
  }
  if (!isPlainObject(value)) {
    errors.push({
      field: 'increments',
      message: 'must be an amount (a fixed step) or { "kind": "fixed" | "slabs", ... }',
    });
    return undefined;
  }
  if (value['kind'] === 'fixed') {
    const step = money(value['step'], 'increments.step');
    return step === undefined ? undefined : { kind: 'fixed', step };
  }
  if (value['kind'] !== 'slabs') {
    errors.push({ field: 'increments.kind', message: 'must be "fixed" or "slabs"' });
    return undefined;
  }
  const slabs = value['slabs'];
  if (!Array.isArray(slabs) || slabs.length === 0) {
    errors.push({ field: 'increments.slabs', message: 'must be a list of { "upTo": amount or null, "step": amount }' });
    return undefined;
  }
  const out: IncrementSlab[] = [];
  slabs.forEach((slab: unknown, i) => {
    const field = `increments.slabs[${i}]`;
    if (!isPlainObject(slab)) {
      errors.push({ field, message: 'must be { "upTo": amount or null, "step": amount }' });
      return;
    }
    const upTo = slab['upTo'] === null || slab['upTo'] === undefined ? null : money(slab['upTo'], `${field}.upTo`);
    const step = money(slab['step'], `${field}.step`);
    if (upTo !== undefined && step !== undefined) out.push({ upTo, step });
  });
  return out.length === slabs.length ? { kind: 'slabs', slabs: out } : undefined;
}

function readOrder(
  value: unknown,
  duration: (value: unknown, field: string) => number | undefined,
  count: (value: unknown, field: string) => number | undefined,
  errors: RulesIssue[],
): OrderRule | undefined {
  const spec = typeof value === 'string' ? { mode: value } : value;
  if (!isPlainObject(spec)) {
    errors.push({ field: 'order', message: 'must be "catalog", "sets", "nominate" or an object with a "mode"' });
    return undefined;
  }
  switch (spec['mode']) {
    case 'catalog':
      return { mode: 'catalog' };
    case 'sets': {
      const seed = spec['seed'] === undefined ? 1 : count(spec['seed'], 'order.seed');
      return seed === undefined ? undefined : { mode: 'sets', seed };
    }
    case 'nominate': {
      const nominateMs = spec['nominateMs'] === undefined ? 30_000 : duration(spec['nominateMs'], 'order.nominateMs');
      return nominateMs === undefined ? undefined : { mode: 'nominate', nominateMs };
    }
    default:
      errors.push({ field: 'order.mode', message: 'must be "catalog", "sets" or "nominate"' });
      return undefined;
  }
}
