import type { AuctionState, TeamId } from '../../shared/auction/types';
import { formatAmount } from './format';
import { correctionNote, formatDelta, readResults, withUnlisted, type PurseAdjustment } from './results';

/**
 * The printable squad sheet: one page per team with its squad and prices
 * (retained and matched players marked), what it spent and has left, and
 * every adjustment of its purse with the reason. Words and amounts are
 * formatted here so the page only lays them out.
 */

export interface SheetLine {
  readonly lotId: string;
  readonly name: string;
  readonly category: string;
  readonly price: string;
  /** "retained", "RTM" or "" [RET2] [RTM6]. */
  readonly mark: string;
  /** [COR1] the correction, or "". */
  readonly note: string;
}

export interface SheetAdjustment {
  /** The event's seq; 0 for a sum whose reasons the reader cannot see. */
  readonly seq: number;
  /** "−₹90 Cr", "+₹5 Cr". */
  readonly amount: string;
  readonly reason: string;
}

export interface SquadSheet {
  readonly teamId: TeamId;
  readonly name: string;
  readonly lines: readonly SheetLine[];
  readonly purse: string;
  readonly spent: string;
  readonly left: string;
  /** "3 players" / "1 player". */
  readonly count: string;
  readonly adjustments: readonly SheetAdjustment[];
}

export function readSquadSheets(state: AuctionState, adjustments: readonly PurseAdjustment[] = []): SquadSheet[] {
  const { rules } = state.config;
  return readResults(state).teams.map(({ team, lines }) => ({
    teamId: team.id,
    name: team.name,
    lines: lines.map((line) => ({
      lotId: line.lot.id,
      name: line.lot.name,
      category: line.lot.category,
      price: formatAmount(rules, line.amount),
      mark: line.retained ? 'retained' : line.rtm ? 'RTM' : '',
      note: correctionNote(state, line.corrected),
    })),
    purse: formatAmount(rules, team.purse),
    spent: formatAmount(rules, team.spent),
    left: formatAmount(rules, team.left),
    count: `${team.squad} ${team.squad === 1 ? 'player' : 'players'}`,
    adjustments: withUnlisted(state, adjustments)
      .filter((adjustment) => adjustment.teamId === team.id)
      .map((adjustment) => ({
        seq: adjustment.seq,
        amount: formatDelta(state, adjustment.delta),
        reason: adjustment.reason,
      })),
  }));
}
