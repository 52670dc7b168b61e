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

/** One row per lot (sold and unsold); every cell goes through toCsv's formula neutralising. */
export function resultsToCsv(state: AuctionState): string {
  const { currency } = state.config.rules;
  const results = readResults(state);
  const rows: CsvCell[][] = [
    [
      'status',
      'team_id',
      'team',
      'lot_id',
      'lot',
      'category',
      'set',
      'round',
      `price_${currency.toLowerCase()}`,
      'price',
      'note',
    ],
  ];
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
        toMajorDecimal(line.amount, minorDigits(currency)),
        formatAmount(state.config.rules, line.amount),
        correctionNote(state, line.corrected),
      ]);
    }
  }
  for (const lot of results.unsold) {
    rows.push(['unsold', '', '', lot.id, lot.name, lot.category, lot.set, '', '', '', '']);
  }
  return toCsv(rows);
}

/** [COR1] "corrected from Team 2 at ₹1.5 Cr: wrong paddle", or empty. */
export function correctionNote(state: AuctionState, corrected: SaleCorrection | null): string {
  if (!corrected) return '';
  const from = findTeam(state.config, corrected.fromTeamId)?.name ?? corrected.fromTeamId;
  return `corrected from ${from} at ${formatAmount(state.config.rules, corrected.fromAmount)}: ${corrected.reason}`;
}

export function resultsToJson(state: AuctionState, auctionId: string | null): string {
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
          round: line.round,
          amount: line.amount,
          ...(line.retained ? { retained: true } : {}),
          ...(line.corrected ? { corrected: line.corrected } : {}),
          ...(line.rtm ? { rtm: true } : {}),
        })),
      })),
      unsold: results.unsold.map((lot) => ({ lotId: lot.id, name: lot.name, category: lot.category })),
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
