/**
 * RFC 4180 CSV: a parser with limits and a writer that neutralises formulas.
 *
 * Pure and platform-free: it runs in the host CLI and in the browser renderer.
 * Rows are numbered as a spreadsheet shows them (the first record is row 1,
 * a quoted field spanning several lines is still one row), so an error message
 * points at the row the user sees when they open the file in Excel or Sheets.
 */

/** Limits that keep a hostile or mistaken file from eating the host's memory. */
export interface CsvLimits {
  /** Largest input accepted, in characters (for bytes, see {@link decodeCsvBytes}). */
  readonly maxChars: number;
  /** Longest single cell, in characters. */
  readonly maxFieldLength: number;
  /** Most records (rows, header included). */
  readonly maxRows: number;
}

/** The default limits: 2 MB, 500 characters a cell, 5000 rows. */
export const CSV_LIMITS: CsvLimits = { maxChars: 2_000_000, maxFieldLength: 500, maxRows: 5000 };

/** Where parsing stopped and why. `row` is 1-based; `column` is 1-based, or 0 when the problem is the whole file. */
export interface CsvError {
  readonly row: number;
  readonly column: number;
  readonly message: string;
}

export type CsvParseResult =
  | { readonly ok: true; readonly rows: string[][]; readonly delimiter: CsvDelimiter }
  | { readonly ok: false; readonly error: CsvError };

export type CsvDelimiter = ',' | ';' | '\t';

export interface CsvParseOptions {
  /** Defaults to {@link CSV_LIMITS}; give only the limits to change. */
  readonly limits?: Partial<CsvLimits>;
  /**
   * The separator. By default a comma, unless the first row holds no comma
   * but semicolons or tabs (Excel in many European locales saves with `;`).
   */
  readonly delimiter?: CsvDelimiter;
}

const BOM = '\uFEFF';

function formatSize(chars: number): string {
  return chars >= 1_000_000 ? `${chars / 1_000_000} MB` : `${Math.round(chars / 1000)} KB`;
}

/** Guess the separator from the first line: a comma unless it has none and `;` or a tab appears. */
function detectDelimiter(text: string): CsvDelimiter {
  let inQuotes = false;
  const counts = { ',': 0, ';': 0, '\t': 0 };
  for (const ch of text) {
    if (ch === '"') inQuotes = !inQuotes;
    else if (!inQuotes && (ch === '\n' || ch === '\r')) break;
    else if (!inQuotes && (ch === ',' || ch === ';' || ch === '\t')) counts[ch] += 1;
  }
  if (counts[','] > 0) return ',';
  if (counts[';'] >= counts['\t'] && counts[';'] > 0) return ';';
  return counts['\t'] > 0 ? '\t' : ',';
}

/**
 * Parse CSV text into rows of cells (strings, untrimmed).
 *
 * Handles quoted fields with embedded separators, newlines and doubled quotes
 * (`"say ""hi"""` → `say "hi"`), CRLF or LF line ends, and a leading BOM.
 * A final line end does not make an extra row; blank lines in the middle are
 * kept as `['']` so row numbers stay those a spreadsheet shows.
 * A quote inside an unquoted field is kept as text (`5'10"`), as spreadsheets do.
 *
 * @example parseCsv('name,price\r\n"Hawks, The",20\r\n') → rows [['name','price'],['Hawks, The','20']]
 */
export function parseCsv(text: string, options: CsvParseOptions = {}): CsvParseResult {
  const limits = { ...CSV_LIMITS, ...options.limits };
  if (text.length > limits.maxChars) {
    return fail(
      0,
      0,
      `The file is too large (${formatSize(text.length)}); the limit is ${formatSize(limits.maxChars)}.`,
    );
  }
  const input = text.startsWith(BOM) ? text.slice(1) : text;
  const delimiter = options.delimiter ?? detectDelimiter(input);

  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  /** The current field was quoted, so `""` at the end of the text is still a cell. */
  let fieldQuoted = false;
  let i = 0;
  const n = input.length;

  function endField(): void {
    row.push(field);
    field = '';
    fieldQuoted = false;
  }
  function endRow(): CsvError | null {
    endField();
    rows.push(row);
    row = [];
    if (rows.length > limits.maxRows) {
      return {
        row: rows.length,
        column: 0,
        message: `The file has too many rows; the limit is ${limits.maxRows}.`,
      };
    }
    return null;
  }

  function tooLong(): CsvParseResult {
    return fail(
      rows.length + 1,
      row.length + 1,
      `A cell is too long (more than ${limits.maxFieldLength} characters); the limit is ${limits.maxFieldLength}.`,
    );
  }

  while (i < n) {
    const ch = input[i];
    if (ch === '"' && field === '' && !fieldQuoted) {
      // A quoted field: read to the closing quote, "" being a literal quote.
      fieldQuoted = true;
      i += 1;
      let closed = false;
      while (i < n) {
        const q = input.indexOf('"', i);
        if (q === -1) break;
        field += input.slice(i, q);
        if (input[q + 1] === '"') {
          field += '"';
          i = q + 2;
        } else {
          i = q + 1;
          closed = true;
          break;
        }
        if (field.length > limits.maxFieldLength) break;
      }
      if (!closed && field.length <= limits.maxFieldLength) {
        // The usual cause: a stray quote swallowed the rest of the file.
        return fail(
          rows.length + 1,
          row.length + 1,
          'A quoted cell is never closed: a closing double quote (") is missing from here on.',
        );
      }
      if (field.length > limits.maxFieldLength) return tooLong();
      const next = input[i];
      if (i < n && next !== delimiter && next !== '\n' && next !== '\r') {
        return fail(
          rows.length + 1,
          row.length + 1,
          'There is text after the closing quote of a quoted cell. Put the whole cell in quotes, and write a quote inside it as "".',
        );
      }
      continue;
    }
    if (ch === delimiter) {
      endField();
      i += 1;
    } else if (ch === '\r' || ch === '\n') {
      const problem = endRow();
      if (problem) return { ok: false, error: problem };
      i += ch === '\r' && input[i + 1] === '\n' ? 2 : 1;
    } else {
      // Copy a run of plain characters at once; per-character concatenation is slow on 2 MB.
      let j = i + 1;
      while (j < n) {
        const c = input[j];
        if (c === delimiter || c === '\r' || c === '\n') break;
        j += 1;
      }
      field += input.slice(i, j);
      if (field.length > limits.maxFieldLength) return tooLong();
      i = j;
    }
  }
  // The last row, unless the text ended with a line break (or was empty).
  if (field !== '' || fieldQuoted || row.length > 0) {
    const problem = endRow();
    if (problem) return { ok: false, error: problem };
  }
  return { ok: true, rows, delimiter };
}

function fail(row: number, column: number, message: string): CsvParseResult {
  return { ok: false, error: { row, column, message } };
}

export type DecodeResult =
  { readonly ok: true; readonly text: string } | { readonly ok: false; readonly error: string };

/**
 * Turn a file's bytes into text. Accepts UTF-8 (with or without BOM) and
 * UTF-16 LE/BE with a BOM (Excel's "Unicode text"). Rejects anything else with
 * a message that says how to save the file correctly: invalid UTF-8 (often a
 * Windows "ANSI" CSV), UTF-16 without a BOM, an Excel workbook, a file too large.
 */
export function decodeCsvBytes(bytes: Uint8Array, maxBytes: number = CSV_LIMITS.maxChars): DecodeResult {
  if (bytes.length > maxBytes) {
    return {
      ok: false,
      error: `The file is too large (${formatSize(bytes.length)}); the limit is ${formatSize(maxBytes)}.`,
    };
  }
  const [b0, b1, b2, b3] = bytes;
  if (b0 === 0x50 && b1 === 0x4b && b2 === 0x03 && b3 === 0x04) {
    return {
      ok: false,
      error:
        'This is an Excel workbook (.xlsx), not a CSV file. In Excel choose File → Save As → "CSV UTF-8 (Comma delimited)".',
    };
  }
  let encoding: 'utf-8' | 'utf-16le' | 'utf-16be' = 'utf-8';
  if (b0 === 0xff && b1 === 0xfe) encoding = 'utf-16le';
  else if (b0 === 0xfe && b1 === 0xff) encoding = 'utf-16be';
  else if (bytes.includes(0)) {
    return {
      ok: false,
      error:
        'The file contains zero bytes: it is not a text file, or it is UTF-16 without a byte-order mark. Save it as "CSV UTF-8".',
    };
  }
  let text: string;
  try {
    // `ignoreBOM: false` (the default) strips the BOM.
    text = new TextDecoder(encoding, { fatal: true }).decode(bytes);
  } catch {
    return {
      ok: false,
      error:
        encoding === 'utf-8'
          ? 'The file is not UTF-8 text (it may be saved in an older Windows or Mac encoding). Save it again as "CSV UTF-8".'
          : `The file is not valid ${encoding.toUpperCase()} text. Save it again as "CSV UTF-8".`,
    };
  }
  return { ok: true, text };
}

/** Characters that make a spreadsheet treat a cell as a formula (OWASP "CSV injection"). */
const FORMULA_START = /^[=+\-@\t\r]/;
/** A plain number such as `-5`, `+3.25` or `1e6` is data, not a formula. */
const PLAIN_NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

/** True when a spreadsheet would run `cell` as a formula: it starts with =, +, -, @, tab or CR and is not a plain number. */
export function isFormulaLike(cell: string): boolean {
  return FORMULA_START.test(cell) && !PLAIN_NUMBER.test(cell);
}

/**
 * Make a cell safe to open in a spreadsheet: a formula-like cell gets a
 * leading apostrophe, which spreadsheets show as text. Idempotent.
 *
 * @example neutraliseFormula('=HYPERLINK("http://x")') → `'=HYPERLINK("http://x")`; neutraliseFormula('-5') → '-5'
 */
export function neutraliseFormula(cell: string): string {
  return isFormulaLike(cell) ? `'${cell}` : cell;
}

export type CsvCell = string | number | boolean | null | undefined;

/**
 * Write rows as CSV (RFC 4180: CRLF line ends, a final CRLF). Every cell is
 * neutralised against formula injection ({@link neutraliseFormula}) and quoted
 * when it holds a separator (`,` `;` tab), a quote, a line break or edge spaces. `null`/`undefined` are empty.
 */
export function toCsv(rows: readonly (readonly CsvCell[])[]): string {
  return rows.map((row) => row.map(encodeCell).join(',') + '\r\n').join('');
}

function encodeCell(value: CsvCell): string {
  if (value === null || value === undefined) return '';
  const cell = neutraliseFormula(String(value));
  // `;` and tab are quoted too, so the parser's separator detection can never misread our own output.
  return /[",;\t\r\n]/.test(cell) || /^\s|\s$/.test(cell) ? `"${cell.replaceAll('"', '""')}"` : cell;
}
