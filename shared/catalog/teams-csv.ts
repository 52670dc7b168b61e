import type { AuctionRules, Team } from '../auction/types';
import { MAX_RTM_CARDS } from '../auction/config';
import type { CsvParseOptions } from './csv';
import { readSheet, RowReader, describeMoney, readAmount, nextFreeId, claim, type ImportIssue } from './import-sheet';

export type TeamsImport =
  | { readonly ok: true; readonly teams: Team[]; readonly warnings: ImportIssue[] }
  | { readonly ok: false; readonly errors: ImportIssue[]; readonly warnings: ImportIssue[] };

// The teams CSV has always held shorts to 10 characters, within the config's MAX_SHORT_LENGTH,
// so whatever it accepts the config accepts too.
const MAX_SHORT_LENGTH = 10;

/** Header aliases in priority order: an exact canonical name beats an alias. Compared after `normaliseHeader`. */
const TEAM_COLUMNS = {
  id: ['id', 'team_id'],
  name: ['name', 'team', 'team_name'],
  short: ['short', 'code', 'short_name', 'abbr', 'abbreviation', 'tag'],
  purse: ['purse', 'budget', 'purse_amount', 'wallet'],
  // [RTM1] the team's own right-to-match cards, instead of the rules' default.
  rtmCards: ['rtm_cards', 'rtm', 'rtm_card'],
} as const;

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

/** [RTM1] A row's `rtm_cards`: null when blank, else a whole number 0–MAX_RTM_CARDS (an error otherwise). */
function readRtmCards(
  reader: RowReader<keyof typeof TEAM_COLUMNS>,
  row: number,
  cells: readonly string[],
): number | null {
  const raw = reader.raw(cells, 'rtmCards');
  if (raw === '') return null;
  const cards = /^\d{1,3}$/.test(raw) ? Number(raw) : NaN;
  if (Number.isInteger(cards) && cards <= MAX_RTM_CARDS) return cards;
  reader.error(
    row,
    reader.header('rtmCards'),
    `"${raw.slice(0, 20)}" is not a number of RTM cards (0 to ${MAX_RTM_CARDS})`,
  );
  return null;
}

/**
 * Read a teams CSV.
 *
 * Columns (case-insensitive, with aliases): `name` (or team) required;
 * optional `id` (blank ids become T1, T2, ...), `short` (or code; derived from
 * the name and made unique when blank), `purse` (or budget; defaults to
 * `rules.purse`, and must cover `squadMin × minimumPrice` [MAX1]), `rtm_cards`
 * [RTM1] (a whole number 0–50; blank: the rules' `rtmCards`).
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
  const drafts: { row: number; id: string; name: string; short: string; purse: number; rtmCards: number | null }[] = [];

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
    const rtmCards = readRtmCards(reader, row, cells);
    drafts.push({ row, id, name, short, purse, rtmCards });
  }

  if (errors.length > 0) return { ok: false, errors, warnings };
  const usedIds = new Set(ids.keys());
  const usedShorts = new Set(shorts.keys());
  let next = 1;
  const teams = drafts.map(({ id, name, short, purse, rtmCards }, i): Team => {
    let teamId = id;
    if (teamId === '') [teamId, next] = nextFreeId('T', Math.max(next, i + 1), 0, usedIds);
    let label = short;
    if (label === '') {
      const base = deriveShort(name);
      label = base;
      for (let n = 2; usedShorts.has(label.toLowerCase()); n += 1) label = `${base}${n}`;
      usedShorts.add(label.toLowerCase());
    }
    return { id: teamId, name, short: label, purse, ...(rtmCards === null ? {} : { rtmCards }) };
  });
  return { ok: true, teams, warnings };
}
