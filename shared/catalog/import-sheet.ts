import type { AuctionRules } from '../auction/types';
import { MAX_ID_LENGTH, MAX_TEXT_LENGTH } from '../auction/config';
import { formatMoney, parseMoney } from '../core/money';
import { parseCsv, type CsvParseOptions } from './csv';

/**
 * Catalog import: teams and lots from CSV (`teams-csv.ts`, `lots-csv.ts`),
 * rules from JSON (`rules-json.ts`). Every problem is reported, not just the
 * first, each naming the spreadsheet row (the header is row 1) and the column
 * as the file spells it, so a host can fix the file in one pass. Nothing here
 * throws on bad input. This file holds what the two CSV imports share: the
 * issue they report, reading a sheet by header aliases, one row's cells, and
 * money cells.
 */

/** A problem with one cell. `row` is 1-based as a spreadsheet shows it (header = 1); `column` is the header text, or '' for the whole row or file. */
export interface ImportIssue {
  readonly row: number;
  readonly column: string;
  readonly message: string;
}

/**
 * One line for a person: `row 7, column "base_price": "12x" is not an amount`.
 */
export function describeIssue(issue: ImportIssue): string {
  const where = issue.row > 0 ? `row ${issue.row}` : 'file';
  return issue.column ? `${where}, column "${issue.column}": ${issue.message}` : `${where}: ${issue.message}`;
}

/** `Base Price (₹)` → `base_price`. */
export function normaliseHeader(header: string): string {
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

export function readSheet<K extends string>(
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

export class RowReader<K extends string> {
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

export function describeMoney(minor: number, rules: AuctionRules): string {
  return formatMoney(minor, rules.currency, rules.moneyStyle);
}

/** A money cell: must parse and be above zero. Reports through `error` and returns null otherwise. */
export function readAmount(raw: string, rules: AuctionRules, error: (message: string) => void): number | null {
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
export function nextFreeId(prefix: string, from: number, width: number, used: Set<string>): [string, number] {
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
export function claim(seen: Map<string, number>, value: string, row: number): number | null {
  const key = value.toLowerCase();
  const first = seen.get(key);
  if (first !== undefined) return first;
  seen.set(key, row);
  return null;
}
