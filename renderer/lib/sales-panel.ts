import { ownValue } from '../../shared/auction/records';
import { findLot, findTeam } from '../../shared/auction/rules';
import type { AuctionState, Lot, Sale, TeamId } from '../../shared/auction/types';
import { formatAmount } from './format';

/**
 * The words of the sales the console can correct [COR1], the notices a
 * correction leaves on the screens, and the auctioneer's pick of unsold lots
 * with the teams' wish lists [ACC1] [ACC2]. Pure: the components lay it out.
 */

export interface SaleRow {
  readonly sale: Sale;
  readonly lot: Lot;
  readonly teamName: string;
  readonly price: string;
  /** "Retained" [RET2], "Corrected from Team 2 at ₹1.5 Cr: wrong paddle" [COR1], or empty. */
  readonly note: string;
}

function teamName(state: AuctionState, teamId: TeamId): string {
  return findTeam(state.config, teamId)?.name ?? teamId;
}

/** [COR1] "Corrected from Team 2 at ₹1.5 Cr: wrong paddle", or empty. */
export function describeCorrection(state: AuctionState, sale: Sale): string {
  const corrected = sale.corrected;
  if (!corrected) return '';
  const rules = state.config.rules;
  const from =
    corrected.fromTeamId === sale.teamId
      ? `was ${formatAmount(rules, corrected.fromAmount)}`
      : `from ${teamName(state, corrected.fromTeamId)} at ${formatAmount(rules, corrected.fromAmount)}`;
  return `Corrected ${from}: ${corrected.reason}`;
}

/** Every standing sale, newest first, with the words of its row. */
export function readSaleRows(state: AuctionState): SaleRow[] {
  const rows: SaleRow[] = [];
  for (let i = state.sales.length - 1; i >= 0; i -= 1) {
    const sale = state.sales[i];
    const lot = sale ? findLot(state.config, sale.lotId) : undefined;
    if (!sale || !lot) continue;
    const notes = [sale.retained ? 'Retained' : '', describeCorrection(state, sale)].filter((note) => note !== '');
    rows.push({
      sale,
      lot,
      teamName: teamName(state, sale.teamId),
      price: formatAmount(state.config.rules, sale.amount),
      note: notes.join(' · '),
    });
  }
  return rows;
}

/**
 * [COR1] The latest correction that touched `teamId` (as the buyer now or
 * before), in words for that team's page; null when none did.
 */
export function readCorrectionNotice(state: AuctionState, teamId: TeamId | null): string | null {
  let latest: Sale | null = null;
  for (const sale of state.sales) {
    const corrected = sale.corrected;
    if (!corrected) continue;
    if (teamId !== null && sale.teamId !== teamId && corrected.fromTeamId !== teamId) continue;
    if (!latest || (latest.corrected && corrected.at >= latest.corrected.at)) latest = sale;
  }
  if (!latest?.corrected) return null;
  const lot = findLot(state.config, latest.lotId)?.name ?? latest.lotId;
  const rules = state.config.rules;
  const now = `${lot} is now ${teamName(state, latest.teamId)}'s at ${formatAmount(rules, latest.amount)}`;
  const before =
    latest.corrected.fromTeamId === latest.teamId
      ? `was ${formatAmount(rules, latest.corrected.fromAmount)}`
      : `was ${teamName(state, latest.corrected.fromTeamId)}'s at ${formatAmount(rules, latest.corrected.fromAmount)}`;
  return `Sale corrected: ${now} (${before}). Reason: ${latest.corrected.reason}`;
}

export interface PickRow {
  readonly lot: Lot;
  /** Names of the teams whose wish list has the lot, in config order. */
  readonly wishedBy: readonly string[];
}

/** [ACC1] [ACC2] This round's unsold lots for the pick, most wished first, then in catalog order. */
export function readPickRows(state: AuctionState): PickRow[] {
  const rows = state.unsold
    .map((lotId, index) => {
      const lot = findLot(state.config, lotId);
      const wishedBy = state.config.teams
        .filter((team) => ownValue(state.wishlists, team.id)?.includes(lotId) === true)
        .map((team) => team.name);
      return lot ? { lot, wishedBy, index } : null;
    })
    .filter((row) => row !== null);
  rows.sort((a, b) => b.wishedBy.length - a.wishedBy.length || a.index - b.index);
  return rows.map(({ lot, wishedBy }) => ({ lot, wishedBy }));
}

/** [ACC2] A team's wish list as it stands. */
export function readWishlist(state: AuctionState, teamId: TeamId | null): readonly string[] {
  return teamId === null ? [] : (ownValue(state.wishlists, teamId) ?? []);
}

/** [ACC2] The wish list with `lotId` added or taken out, in the order of this round's unsold lots. */
export function toggleWish(state: AuctionState, teamId: TeamId, lotId: string): string[] {
  const current = new Set(readWishlist(state, teamId));
  if (current.has(lotId)) current.delete(lotId);
  else current.add(lotId);
  return state.unsold.filter((id) => current.has(id));
}

/**
 * [RET1] Setup: the lots with `lotId` retained by `teamId` at `price`, or no
 * longer retained (`teamId` null). The host's validation says whether it fits.
 */
export function withRetention(lots: readonly Lot[], lotId: string, teamId: TeamId | null, price: number): Lot[] {
  return lots.map((lot) => {
    if (lot.id !== lotId) return lot;
    if (teamId === null) {
      const { retained: _dropped, ...rest } = lot;
      return rest;
    }
    return { ...lot, retained: { teamId, price } };
  });
}
