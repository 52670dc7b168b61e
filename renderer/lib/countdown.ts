import { DEFAULT_RTM_DECISION_MS } from '../../shared/auction/types';
import { phaseDeadline } from '../../shared/auction/queries';
import type { AuctionState, Phase } from '../../shared/auction/types';

/** What a countdown shows: the clock of the current phase, on host time. */
export interface Countdown {
  readonly phase: Phase;
  readonly remainingMs: number;
  /** The length of a full ring for this phase. */
  readonly totalMs: number;
  readonly isPaused: boolean;
}

/** The countdown of the open lot, the gap or the nomination turn; null when no clock runs. */
export function readCountdown(state: AuctionState | null, hostNow: number): Countdown | null {
  if (!state) return null;
  const rules = state.config.rules;
  if (state.status === 'paused' && state.paused) {
    const phase = state.paused.phase;
    return { phase, remainingMs: state.paused.remainingMs, totalMs: totalFor(state, phase), isPaused: true };
  }
  if (state.status !== 'running') return null;
  const endsAt = phaseDeadline(state);
  if (endsAt === null) return null;
  const remainingMs = Math.max(0, endsAt - hostNow);
  // Only a lot's clock is pushed back to bidExtendMs [CLK2]; a gap or a turn rings over its own length.
  const floorMs = state.phase === 'open' ? rules.bidExtendMs : 0;
  const totalMs = Math.max(totalFor(state, state.phase), remainingMs, floorMs, 1);
  return { phase: state.phase, remainingMs, totalMs, isPaused: false };
}

function totalFor(state: AuctionState, phase: Phase): number {
  const rules = state.config.rules;
  switch (phase) {
    case 'open':
      return rules.lotOpenMs;
    case 'gap':
      return rules.gapMs;
    case 'nominating':
      return rules.order.mode === 'nominate' ? rules.order.nominateMs : rules.lotOpenMs;
    case 'rtm':
      return rules.rtmDecisionMs ?? DEFAULT_RTM_DECISION_MS;
    case 'idle':
      return 1;
  }
}

/** Whole seconds left, rounded up so "0" appears only when the time is really up. */
export function formatSeconds(ms: number): string {
  const seconds = Math.ceil(Math.max(0, ms) / 1000);
  if (seconds < 60) return String(seconds);
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
}
