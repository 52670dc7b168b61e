import type { AuctionRules } from '../../shared/auction/types';
import type { TeamSummary } from '../../shared/auction/views';
import type { AppError } from '../../shared/core/errors';
import { formatAmount } from './format';

/**
 * The arithmetic and the words of the console's purse adjustment
 * (`purse:adjust`, rule AUC9), kept out of the dialog so they can be tested
 * in plain node.
 */

export type Direction = 'add' | 'remove';

/** An amount typed with a sign in front: "+5 Cr", "-50 L", "− $20". */
export interface SignedText {
  /** The typed sign, or null when there was none. */
  readonly direction: Direction | null;
  /** The text after the sign, for `parseMoney`. */
  readonly rest: string;
}

/** Splits a leading `+`, `-` or `−` off an amount, so the money parser (which refuses signs) sees the rest. */
export function splitSign(text: string): SignedText {
  const match = /^\s*([+\-−])\s*(.*)$/s.exec(text);
  if (!match) return { direction: null, rest: text };
  return { direction: match[1] === '+' ? 'add' : 'remove', rest: match[2] ?? '' };
}

export interface AdjustmentPreview {
  /** Signed minor units, as `purse:adjust` takes it. */
  readonly delta: number;
  readonly purseAfter: number;
  readonly leftAfter: number;
  /** What the purse must still cover: the team's standing high bid, or 0 [AUC9]. */
  readonly committed: number;
  /** True when the host will refuse it with `purse_negative`. */
  readonly isTooLow: boolean;
}

/** What the purse becomes; `committed` is the team's own high bid on the open lot, if it leads. */
export function previewAdjustment(
  team: TeamSummary,
  amount: number,
  direction: Direction,
  committed: number,
): AdjustmentPreview {
  const delta = direction === 'add' ? amount : -amount;
  const leftAfter = team.left + delta;
  return { delta, purseAfter: team.purse + delta, leftAfter, committed, isTooLow: leftAfter < committed };
}

/** Why the purse cannot shrink that far, in our words; null when it can. */
export function explainShortfall(rules: AuctionRules, team: TeamSummary, preview: AdjustmentPreview): string | null {
  if (!preview.isTooLow) return null;
  const most = Math.max(0, team.left - preview.committed);
  const after = formatAmount(rules, preview.leftAfter);
  return preview.committed > 0
    ? `That leaves ${team.name} ${after}, less than its high bid of ${formatAmount(rules, preview.committed)}. Remove at most ${formatAmount(rules, most)}.`
    : `That takes ${team.name} below zero (${after} left). Remove at most ${formatAmount(rules, most)}.`;
}

const REFUSALS: Partial<Record<AppError['code'], string>> = {
  purse_negative: 'The purse would no longer cover what the team has spent and its standing high bid.',
  not_running: 'Purses change only once the auction has started; before that, edit the team in Setup.',
  unknown_team: 'The host does not know this team.',
  invalid_payload: 'The host could not read the amount. Check it and try again.',
  not_authorized: 'Only the auctioneer may adjust a purse.',
  rate_limited: 'Too many commands in a short time. Wait a moment, then try again.',
  internal_error: 'The host could not record the change, so nothing changed. Try again.',
};

/** A refused adjustment, in our words first; the dialog shows the host's message under it. */
export function explainAdjustRefusal(error: AppError): string {
  return REFUSALS[error.code] ?? 'The host did not accept this adjustment.';
}
