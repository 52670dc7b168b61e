import type { AuctionEvent } from '../../shared/auction/events';
import { ownValue } from '../../shared/auction/records';
import { findLot, findTeam } from '../../shared/auction/rules';
import type { AuctionState, Lot, SaleCorrection, TeamId } from '../../shared/auction/types';
import { summariseTeams, type TeamSummary } from '../../shared/auction/views';
import { toCsv, type CsvCell } from '../../shared/catalog';
import { minorDigits } from '../../shared/core/money';
import { formatAmount, toMajorDecimal } from './format';

/** Results as tables: every team's squad with prices, and the lots nobody bought. */

export interface SquadLine {
  readonly lot: Lot;
  readonly amount: number;
  readonly round: number;
  /** [RET2] kept by the team before the night, not bought under the hammer. */
  readonly retained: boolean;
  /** [COR1] the sale's latest correction, or null. */
  readonly corrected: SaleCorrection | null;
  /** [RTM6] bought back with a right-to-match card. */
  readonly rtm: boolean;
}

export interface TeamResult {
  readonly team: TeamSummary;
  readonly lines: readonly SquadLine[];
}

export interface Results {
  readonly teams: readonly TeamResult[];
  readonly unsold: readonly Lot[];
  /** Lots that have not come up yet (the auction is still running). */
  readonly pending: readonly Lot[];
}

export function readResults(state: AuctionState): Results {
  const lines = new Map<TeamId, SquadLine[]>();
  for (const sale of state.sales) {
    const lot = findLot(state.config, sale.lotId);
    if (!lot) continue;
    const list = lines.get(sale.teamId) ?? [];
    list.push({
      lot,
      amount: sale.amount,
      round: sale.round,
      retained: sale.retained === true,
      corrected: sale.corrected ?? null,
      rtm: sale.rtm === true,
    });
    lines.set(sale.teamId, list);
  }
  const sold = new Set(state.sales.map((sale) => sale.lotId));
  const unsold = state.config.lots.filter((lot) => !sold.has(lot.id) && ownValue(state.outcomes, lot.id) === 'unsold');
  const pending = state.config.lots.filter(
    (lot) => !sold.has(lot.id) && ownValue(state.outcomes, lot.id) === undefined,
  );
  return {
    teams: summariseTeams(state).map((team) => ({ team, lines: lines.get(team.id) ?? [] })),
    unsold,
    pending,
  };
}

/** [AUC9] A change to a team's purse after the start, with the reason the auctioneer typed. */
export interface PurseAdjustment {
  /** The event's seq in the audit log. */
  readonly seq: number;
  /** Host time, ms. */
  readonly at: number;
  readonly teamId: TeamId;
  /** Signed minor units. */
  readonly delta: number;
  readonly reason: string;
}

/**
 * The purse adjustments of the audit log, oldest first. Adjustments live
 * only in the log (the state keeps their sum in `ledger[team].purse`), so an
 * export asks the host for the whole log; a configure starts a new auction,
 * so only adjustments after the last one count.
 */
export function readAdjustments(events: readonly AuctionEvent[]): PurseAdjustment[] {
  const list: PurseAdjustment[] = [];
  for (const event of events) {
    if (event.type === 'auction:configured') list.length = 0;
    else if (event.type === 'purse:adjusted') {
      list.push({ seq: event.seq, at: event.at, teamId: event.teamId, delta: event.delta, reason: event.reason });
    }
  }
  return list;
}

/** The note of an adjustment known only by its sum (the log was not readable). */
export const UNLISTED_REASON = 'purse adjusted; the reasons are in the auctioneer’s log';

/** Each team's purse now minus its starting purse: the sum of its adjustments, known to every role. */
export function netAdjustment(state: AuctionState, teamId: TeamId): number {
  const start = findTeam(state.config, teamId)?.purse ?? 0;
  return (ownValue(state.ledger, teamId)?.purse ?? start) - start;
}

/**
 * `adjustments`, plus one row per team whose purse moved by more than the
 * listed ones add up to (a team cannot read the log, so it has none listed):
 * the difference, with {@link UNLISTED_REASON}. Nothing changes a purse silently.
 */
export function withUnlisted(state: AuctionState, adjustments: readonly PurseAdjustment[]): PurseAdjustment[] {
  const list = [...adjustments];
  for (const team of state.config.teams) {
    const listed = adjustments.filter((a) => a.teamId === team.id).reduce((sum, a) => sum + a.delta, 0);
    const rest = netAdjustment(state, team.id) - listed;
    if (rest !== 0) list.push({ seq: 0, at: 0, teamId: team.id, delta: rest, reason: UNLISTED_REASON });
  }
  return list;
}

/**
 * "−₹90 Cr" or "+₹5 Cr": an adjustment for people. The minus is U+2212, which
 * no spreadsheet reads as a formula; `plus: false` drops the "+" for a CSV
 * cell, where a leading "+" would have to be neutralised.
 */
export function formatDelta(state: AuctionState, delta: number, plus = true): string {
  const amount = formatAmount(state.config.rules, Math.abs(delta));
  return delta < 0 ? `\u2212${amount}` : plus ? `+${amount}` : amount;
}

/**
 * Every catalog attribute (`lot.extra`) any lot has, in the order the
 * catalog first names them, so the export has the same columns every time.
 */
export function extraKeys(lots: readonly Lot[]): string[] {
  const keys: string[] = [];
  const seen = new Set<string>();
  for (const lot of lots) {
    for (const key of Object.keys(lot.extra)) {
      if (!seen.has(key)) {
        seen.add(key);
        keys.push(key);
      }
    }
  }
  return keys;
}

/**
 * One table: a row per lot (sold, retained, matched, unsold), then a row per
 * purse adjustment (status `adjustment`, the signed amount in the price
 * columns, the reason in `note`). One header and one row shape, so a
 * spreadsheet filters and sums it as it is. Then the catalog's own columns:
 * base price and every attribute of `lot.extra` (overseas, country, ...).
 * Every cell, headers too (an attribute may be named `=cmd`), goes through
 * toCsv's formula neutralising; attributes are read as own properties only
 * (an attribute named `constructor` is a column like any other).
 */
export function resultsToCsv(state: AuctionState, adjustments: readonly PurseAdjustment[] = []): string {
  const { currency } = state.config.rules;
  const digits = minorDigits(currency);
  const unit = currency.toLowerCase();
  const results = readResults(state);
  const fixed = [
    'status',
    'team_id',
    'team',
    'lot_id',
    'lot',
    'category',
    'set',
    'round',
    `price_${unit}`,
    'price',
    'note',
    `base_price_${unit}`,
    'base_price',
  ];
  const keys = extraKeys(state.config.lots);
  const taken = new Set(fixed);
  const extraHeaders = keys.map((key) => {
    let header = key;
    // An attribute named like a fixed column ("note", "team") keeps its own column.
    while (taken.has(header.toLowerCase())) header = `extra_${header}`;
    taken.add(header.toLowerCase());
    return header;
  });
  const lotCells = (lot: Lot): CsvCell[] => [
    toMajorDecimal(lot.basePrice, digits),
    formatAmount(state.config.rules, lot.basePrice),
    ...keys.map((key) => ownValue(lot.extra, key) ?? ''),
  ];
  const rows: CsvCell[][] = [[...fixed, ...extraHeaders]];
  for (const { team, lines } of results.teams) {
    for (const line of lines) {
      rows.push([
        // [RET2] a retained player is not a sale of the night; [RTM6] a matched one was bought back
        line.retained ? 'retained' : line.rtm ? 'rtm' : 'sold',
        team.id,
        team.name,
        line.lot.id,
        line.lot.name,
        line.lot.category,
        line.lot.set,
        line.round,
        toMajorDecimal(line.amount, digits),
        formatAmount(state.config.rules, line.amount),
        correctionNote(state, line.corrected),
        ...lotCells(line.lot),
      ]);
    }
  }
  for (const lot of results.unsold) {
    rows.push(['unsold', '', '', lot.id, lot.name, lot.category, lot.set, '', '', '', '', ...lotCells(lot)]);
  }
  const blanks = (): CsvCell[] => ['', '', ...keys.map(() => '')];
  for (const adjustment of withUnlisted(state, adjustments)) {
    const team = findTeam(state.config, adjustment.teamId);
    rows.push([
      'adjustment',
      adjustment.teamId,
      team?.name ?? adjustment.teamId,
      '',
      '',
      '',
      '',
      '',
      toMajorDecimal(adjustment.delta, digits),
      formatDelta(state, adjustment.delta, false),
      adjustment.reason,
      ...blanks(),
    ]);
  }
  return toCsv(rows);
}

/** [COR1] "corrected from Team 2 at ₹1.5 Cr: wrong paddle", or empty. */
export function correctionNote(state: AuctionState, corrected: SaleCorrection | null): string {
  if (!corrected) return '';
  const from = findTeam(state.config, corrected.fromTeamId)?.name ?? corrected.fromTeamId;
  return `corrected from ${from} at ${formatAmount(state.config.rules, corrected.fromAmount)}: ${corrected.reason}`;
}

export function resultsToJson(
  state: AuctionState,
  auctionId: string | null,
  adjustments: readonly PurseAdjustment[] = [],
): string {
  const results = readResults(state);
  const { currency, moneyStyle } = state.config.rules;
  return JSON.stringify(
    {
      auction: { id: auctionId, name: state.config.name, status: state.status, currency, moneyStyle },
      note: 'Amounts are integers in the currency’s minor unit (paise, cents).',
      teams: results.teams.map(({ team, lines }) => ({
        id: team.id,
        name: team.name,
        purse: team.purse,
        spent: team.spent,
        left: team.left,
        squad: lines.map((line) => ({
          lotId: line.lot.id,
          name: line.lot.name,
          category: line.lot.category,
          set: line.lot.set,
          basePrice: line.lot.basePrice,
          extra: { ...line.lot.extra },
          round: line.round,
          amount: line.amount,
          ...(line.retained ? { retained: true } : {}),
          ...(line.corrected ? { corrected: line.corrected } : {}),
          ...(line.rtm ? { rtm: true } : {}),
        })),
        adjustments: adjustments
          .filter((adjustment) => adjustment.teamId === team.id)
          .map(({ seq, at, delta, reason }) => ({ seq, at, delta, reason })),
      })),
      unsold: results.unsold.map((lot) => ({
        lotId: lot.id,
        name: lot.name,
        category: lot.category,
        set: lot.set,
        basePrice: lot.basePrice,
        extra: { ...lot.extra },
      })),
      pending: results.pending.map((lot) => lot.id),
    },
    null,
    2,
  );
}

/** A file name from the auction's name: "IPL Mega 2026" → "ipl-mega-2026-results". */
export function makeFileStem(name: string): string {
  const slug = name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
  return `${slug || 'auction'}-results`;
}
