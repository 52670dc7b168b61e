import type { AuctionRules, TeamId } from '../../shared/auction/types';
import type { TeamSummary } from '../../shared/auction/views';
import { formatAmount } from './format';
import { toQuotaLine, type QuotaLine } from './team-card';

/**
 * The bidder's board of every team, one short row each: what a rival can
 * still spend (purse left, max bid [MAX1]), how many squad places it has left
 * and its quota use [QUO7]. Numbers come from `summariseTeams`; nothing here
 * restates a rule.
 */

export interface BoardRow {
  readonly id: TeamId;
  readonly name: string;
  readonly short: string;
  readonly isMine: boolean;
  /** This team holds the open lot's high bid. */
  readonly isLeading: boolean;
  readonly left: string;
  readonly maxBid: string;
  /** Squad places left of the most allowed, as `3/25`. */
  readonly slots: string;
  readonly slotsLeft: number;
  readonly quotas: readonly QuotaLine[];
}

/** Every team's board row, in config order, with this team's row marked. */
export function readBoard(
  teams: readonly TeamSummary[],
  rules: AuctionRules,
  teamId: TeamId | null,
  leaderId: TeamId | null,
): BoardRow[] {
  return teams.map((team) => {
    const slotsLeft = Math.max(0, rules.squadMax - team.squad);
    return {
      id: team.id,
      name: team.name,
      short: team.short,
      isMine: team.id === teamId,
      isLeading: team.id === leaderId,
      left: formatAmount(rules, team.left),
      maxBid: formatAmount(rules, team.maxBid),
      slots: `${slotsLeft}/${rules.squadMax}`,
      slotsLeft,
      quotas: team.quotas.map(toQuotaLine),
    };
  });
}
