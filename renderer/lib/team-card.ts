import { quotaUse, type QuotaUse } from '../../shared/auction/quotas';
import { ownValue } from '../../shared/auction/records';
import { findLot } from '../../shared/auction/rules';
import type { AuctionState, Lot, TeamId } from '../../shared/auction/types';

/** What a bidder's own team panel lists beyond the board's numbers: quotas [QUO7] and the lots bought. */

/** [QUO7] One quota as a team panel or board cell shows it. */
export interface QuotaLine {
  /** What it counts: `overseas`, `wicketkeeper`, `country India`. */
  readonly label: string;
  readonly count: number;
  readonly min: number | null;
  readonly max: number | null;
  /** [QUO2] at its maximum: no more of these. */
  readonly isFull: boolean;
  /** [QUO3] below its minimum: the team still needs some. */
  readonly isShort: boolean;
  /** The count against its bounds, short: `1/2`, `0/min 1`, `1/1–3`. */
  readonly text: string;
  /** The bounds in words, for a tooltip or a screen reader: `At most 2`, `At least 1`. */
  readonly title: string;
}

/** [QUO7] A quota's use as words and flags. */
export function toQuotaLine(use: QuotaUse): QuotaLine {
  const { label, count, min, max } = use;
  const bounds = max !== null && min !== null ? `${min}–${max}` : max !== null ? `${max}` : `min ${min ?? 0}`;
  const title =
    max !== null && min !== null
      ? `At least ${min}, at most ${max}`
      : max !== null
        ? `At most ${max}`
        : `At least ${min ?? 0}`;
  return {
    label,
    count,
    min,
    max,
    isFull: max !== null && count >= max,
    isShort: min !== null && count < min,
    text: `${count}/${bounds}`,
    title,
  };
}

/** [QUO7] Every quota with what the team holds of it, in the rules' order. */
export function readQuotas(state: AuctionState, teamId: TeamId): QuotaLine[] {
  return quotaUse(state, teamId).map(toQuotaLine);
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
