import { ownValue } from '../../shared/auction/records';
import { categoryCount, findLot } from '../../shared/auction/rules';
import type { AuctionState, Lot, TeamId } from '../../shared/auction/types';

/** What a bidder's own team panel lists beyond the board's numbers: quotas [SQD3] and the lots bought. */

export interface QuotaLine {
  readonly category: string;
  readonly count: number;
  readonly max: number;
  readonly isFull: boolean;
}

/** [SQD3] each category quota with what the team holds of it, in the rules' order. */
export function readQuotas(state: AuctionState, teamId: TeamId): QuotaLine[] {
  return Object.entries(state.config.rules.categoryQuotas).map(([category, quota]) => {
    const count = categoryCount(state, teamId, category);
    return { category, count, max: quota.max, isFull: count >= quota.max };
  });
}

export interface SquadLine {
  readonly lot: Lot | undefined;
  readonly amount: number;
}

/** The lots the team bought, in order, each with its price. */
export function readSquad(state: AuctionState, teamId: TeamId): SquadLine[] {
  return (ownValue(state.ledger, teamId)?.lots ?? []).map((lotId) => ({
    lot: findLot(state.config, lotId),
    amount: state.sales.find((sale) => sale.lotId === lotId && sale.teamId === teamId)?.amount ?? 0,
  }));
}
