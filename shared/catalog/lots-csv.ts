import type { AuctionRules, Lot, Retention } from '../auction/types';
import { minorDigits } from '../core/money';
import { CSV_LIMITS, type CsvParseOptions } from './csv';
import { photoFileNameProblem } from './photos';
import { readSheet, RowReader, describeMoney, readAmount, nextFreeId, claim, type ImportIssue } from './import-sheet';

export type LotsImport =
  | {
      readonly ok: true;
      readonly lots: Lot[];
      readonly warnings: ImportIssue[];
      /** [DSP1] The `photo` column: lot id → an image file name, pending until the host has the image. */
      readonly photoFiles: ReadonlyMap<string, string>;
    }
  | { readonly ok: false; readonly errors: ImportIssue[]; readonly warnings: ImportIssue[] };

/** Header aliases in priority order: an exact canonical name beats an alias. Compared after `normaliseHeader`. */
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
  // [RET1] a player kept by a team before the night: the team's id and the price.
  retainedBy: ['retained_by', 'retained_team', 'retained'],
  retainedPrice: ['retained_price', 'retention_price'],
  // [RTM2] the team that may match the winning bid: its id, as in the teams sheet.
  rtmTeam: ['rtm_team', 'rtm_team_id', 'previous_team', 'prev_team', 'rtm'],
  // [DSP1] an image file beside the CSV; never a path or a URL.
  photo: ['photo', 'photo_file', 'image', 'picture', 'photo_filename'],
} as const;

/**
 * [RET1] The `retained_by` / `retained_price` pair of a row: both or neither.
 * The team id is checked against the teams with the whole config ([RET1] in
 * `validateConfig`), since a lots sheet may be read before the teams'.
 */
function readRetention(
  reader: RowReader<keyof typeof LOT_COLUMNS>,
  row: number,
  cells: readonly string[],
  rules: AuctionRules,
): Retention | null {
  const teamId = reader.field(row, cells, 'retainedBy');
  const rawPrice = reader.raw(cells, 'retainedPrice');
  if (teamId === '' && rawPrice === '') return null;
  if (teamId === '') {
    reader.error(row, reader.header('retainedPrice'), 'a retained price needs the team in retained_by');
    return null;
  }
  if (rawPrice === '') {
    reader.error(row, reader.header('retainedBy'), `${teamId} retains this player: retained_price is empty`);
    return null;
  }
  const column = reader.header('retainedPrice');
  const price = readAmount(rawPrice, rules, (message) => reader.error(row, column, message));
  return price === null ? null : { teamId, price };
}

/**
 * Read a lots CSV.
 *
 * Columns (case-insensitive, with aliases): `name` (or player, item) required;
 * `base_price` (or base, reserve, price) required, any amount {@link parseMoney}
 * reads in the rules' currency; optional `id` (or lot_id; blank ids become
 * L001, L002, ...), `category` (or role, type), `set` (or pool),
 * `retained_by` + `retained_price` [RET1] (a team id and a price),
 * `rtm_team` (or previous_team) [RTM2], the id of the team that may match it,
 * `photo` (or image, picture) [DSP1], an image file name beside the CSV,
 * returned in `photoFiles` (not in the lot) until the image is uploaded. Every other
 * column goes to `extra` under its header.
 * Errors: a bad or missing required value, a duplicate id, a photo that is
 * a path, a URL or no image file name. Warnings: a
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
  const drafts: { row: number; id: string; lot: Omit<Lot, 'id'>; photo: string }[] = [];

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
    const retained = readRetention(reader, row, cells, rules);
    // [RTM2] checked against the teams with the whole config, as retained_by is.
    const rtmTeamId = reader.field(row, cells, 'rtmTeam');
    // Raw, not `field`: a file name is compared as written, and a formula-like one is simply no file name.
    const photo = reader.raw(cells, 'photo');
    const photoProblem = photo === '' ? null : photoFileNameProblem(photo);
    if (photoProblem !== null) reader.error(row, reader.header('photo'), photoProblem);

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
      photo,
      lot: {
        name,
        category,
        basePrice: basePrice ?? 0,
        set,
        extra: Object.fromEntries(extra),
        ...(retained ? { retained } : {}),
        ...(rtmTeamId === '' ? {} : { rtmTeamId }),
      },
    });
  }

  if (errors.length > 0) return { ok: false, errors, warnings };
  const used = new Set(ids.keys());
  let next = 1;
  const photoFiles = new Map<string, string>();
  const lots = drafts.map(({ id, lot, photo }, i) => {
    let lotId = id;
    if (lotId === '') {
      const [generated, after] = nextFreeId('L', Math.max(next, i + 1), 3, used);
      next = after;
      lotId = generated;
    }
    if (photo !== '') photoFiles.set(lotId, photo);
    return { id: lotId, ...lot };
  });
  return { ok: true, lots, warnings, photoFiles };
}
