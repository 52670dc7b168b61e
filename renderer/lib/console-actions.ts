import { canExtend, canOpenNext, canUndo, isLotOpen } from '../../shared/auction/queries';
import type { AuctionState } from '../../shared/auction/types';

/**
 * The console's actions in one list: each draws its button, answers its key
 * and writes its part of the key legend, so a label or a key is written
 * once. Whether an action may run comes from shared/auction/queries, the
 * engine's own rules.
 */

/** +10 s on the clock (E); the other extend button adds three times this. */
export const EXTEND_MS = 10_000;

/** A command the console sends, with the words the status strip shows once it is accepted. */
export type ConsoleCommand =
  | { readonly type: 'auction:start' }
  | { readonly type: 'auction:pause' }
  | { readonly type: 'auction:resume' }
  | { readonly type: 'lot:hammer' }
  | { readonly type: 'lot:skip' }
  | { readonly type: 'lot:extend'; readonly ms: number }
  | { readonly type: 'lot:next' };

/** What pressing a button or its key does: send a command, or ask first (undo). */
export type ConsoleEffect =
  | { readonly kind: 'send'; readonly command: ConsoleCommand; readonly done: string }
  /** [AUC7] asks first; `done` is shown once the host took the `sale:undo`. */
  | { readonly kind: 'ask-undo'; readonly done: string };

export type ConsoleActionId =
  'start' | 'pause' | 'resume' | 'hammer' | 'skip' | 'extend' | 'extend-30' | 'next' | 'undo';

export interface ConsoleAction {
  readonly id: ConsoleActionId;
  /** The button's words; its test id is `control-{id}`. */
  readonly label: string;
  /** The key (as `KeyboardEvent.key`, lower case) and how the button and the legend write it. */
  readonly key: { readonly value: string; readonly label: string } | null;
  /** Its words in the key legend; null keeps it out (resume shares pause's Space). */
  readonly legend: string | null;
  readonly tone: 'primary' | 'danger' | null;
  readonly big?: boolean;
  readonly effect: ConsoleEffect;
  /** The button is on the console in this state. */
  readonly isShown: (state: AuctionState) => boolean;
  /** The engine would take it now (the page also waits for its last command). */
  readonly isEnabled: (state: AuctionState) => boolean;
}

const isStarted = (state: AuctionState): boolean => state.status === 'running' || state.status === 'paused';
const isRunning = (state: AuctionState): boolean => state.status === 'running';
const isPaused = (state: AuctionState): boolean => state.status === 'paused';
const send = (command: ConsoleCommand, done: string): ConsoleEffect => ({ kind: 'send', command, done });

const SPACE = { value: ' ', label: 'Space' };
/** Opens the projector window; its button is in the join codes panel. */
export const PROJECTOR_KEY = { value: 'p', label: 'P' } as const;

/** In the order the buttons stand. */
export const CONSOLE_ACTIONS: readonly ConsoleAction[] = [
  {
    id: 'start',
    label: 'Start auction',
    key: null,
    legend: null,
    tone: 'primary',
    big: true,
    effect: send({ type: 'auction:start' }, 'Started'),
    isShown: (state) => state.status === 'setup',
    isEnabled: (state) => state.status === 'setup',
  },
  {
    id: 'resume',
    label: 'Resume',
    key: SPACE,
    legend: null,
    tone: 'primary',
    effect: send({ type: 'auction:resume' }, 'Resumed'),
    isShown: isPaused,
    isEnabled: isPaused,
  },
  {
    id: 'pause',
    label: 'Pause',
    key: SPACE,
    legend: 'pause/resume',
    tone: null,
    effect: send({ type: 'auction:pause' }, 'Paused'),
    isShown: isRunning,
    isEnabled: isRunning,
  },
  {
    id: 'hammer',
    label: 'Hammer',
    key: { value: 'h', label: 'H' },
    legend: 'hammer',
    tone: 'primary',
    effect: send({ type: 'lot:hammer' }, 'Hammer'),
    isShown: isStarted,
    isEnabled: isLotOpen,
  },
  {
    id: 'skip',
    label: 'Skip',
    key: { value: 's', label: 'S' },
    legend: 'skip',
    tone: null,
    effect: send({ type: 'lot:skip' }, 'Lot skipped'),
    isShown: isStarted,
    isEnabled: isLotOpen,
  },
  {
    id: 'extend',
    label: '+10 s',
    key: { value: 'e', label: 'E' },
    legend: '+10 s',
    tone: null,
    effect: send({ type: 'lot:extend', ms: EXTEND_MS }, 'Extended 10 s'),
    isShown: isStarted,
    isEnabled: canExtend,
  },
  {
    id: 'extend-30',
    label: '+30 s',
    key: null,
    legend: null,
    tone: null,
    effect: send({ type: 'lot:extend', ms: 3 * EXTEND_MS }, 'Extended 30 s'),
    isShown: isStarted,
    isEnabled: canExtend,
  },
  {
    // [ACC3] the next lot now: ends a gap, or the wait of manualAdvance.
    id: 'next',
    label: 'Next lot',
    key: { value: 'n', label: 'N' },
    legend: 'next lot',
    tone: 'primary',
    effect: send({ type: 'lot:next' }, 'Next lot'),
    isShown: (state) => isStarted(state) && state.phase === 'gap' && state.hold !== 'pick',
    isEnabled: canOpenNext,
  },
  {
    id: 'undo',
    label: 'Undo last sale',
    key: { value: 'u', label: 'U' },
    legend: 'undo',
    tone: 'danger',
    effect: { kind: 'ask-undo', done: 'Last sale undone' },
    // [AUC7] a finished auction keeps the button: its last sale can still be undone.
    isShown: (state) => state.status !== 'setup',
    isEnabled: canUndo,
  },
];

/** The buttons to draw in this state, in order, each with whether the engine would take it. */
export function consoleButtons(state: AuctionState): { action: ConsoleAction; isEnabled: boolean }[] {
  return CONSOLE_ACTIONS.filter((action) => action.isShown(state)).map((action) => ({
    action,
    isEnabled: action.isEnabled(state),
  }));
}

/** What a key press on the console means. */
export type ConsoleKey =
  | { readonly kind: 'action'; readonly action: ConsoleAction }
  | { readonly kind: 'floor-team'; readonly index: number }
  /** [RTM7] The auctioneer decides right to match for the team whose step it is: the panel's nth button. */
  | { readonly kind: 'rtm'; readonly index: number }
  | { readonly kind: 'floor-submit' }
  | { readonly kind: 'floor-clear' }
  | { readonly kind: 'projector' }
  /** Space with nothing to pause or resume: the console keeps it (the page does not scroll). */
  | { readonly kind: 'hold' };

/** The key press as the console sees it, without the DOM. */
export interface KeyPress {
  readonly key: string;
  readonly hasModifier: boolean;
  /** The focus is in a field (input, textarea, select, contenteditable). */
  readonly isTyping: boolean;
  /** A dialog is open: it has the keyboard. */
  readonly isDialogOpen: boolean;
  /** The focus is on a button, which Space and Enter press. */
  readonly isOnButton: boolean;
  /** A floor-bid team is picked. */
  readonly hasFloorTeam: boolean;
}

/**
 * What a key does in `state`, or null when the console leaves it alone. An
 * action's key works only when its button would be enabled; the page calls
 * `preventDefault` for Space (`hold`, pause, resume) and the floor keys.
 */
export function readConsoleKey(press: KeyPress, state: AuctionState): ConsoleKey | null {
  if (press.hasModifier || press.isTyping || press.isDialogOpen) return null;
  const key = press.key.toLowerCase();
  if (/^[1-9]$/.test(key)) {
    const index = Number(key) - 1;
    // While a lot waits on right to match no lot is open, so the digits are free for its buttons.
    if (state.phase === 'rtm' && state.rtm) return isRunning(state) ? { kind: 'rtm', index } : null;
    return index < state.config.teams.length && isLotOpen(state) ? { kind: 'floor-team', index } : null;
  }
  switch (key) {
    case 'enter':
      return press.isOnButton || !press.hasFloorTeam ? null : { kind: 'floor-submit' };
    case 'escape':
      return { kind: 'floor-clear' };
    case PROJECTOR_KEY.value:
      return { kind: 'projector' };
    case ' ':
      if (press.isOnButton) return null;
  }
  const action = CONSOLE_ACTIONS.find(
    (candidate) => candidate.key?.value === key && candidate.isShown(state) && candidate.isEnabled(state),
  );
  if (action) return { kind: 'action', action };
  return key === ' ' ? { kind: 'hold' } : null;
}

/** One entry of the key legend: keys (a range when `isRange`) and what they do. */
export interface LegendEntry {
  readonly keys: readonly string[];
  readonly isRange: boolean;
  readonly text: string;
}

/** The key legend under the console, from the same list as the buttons. */
export const KEY_LEGEND: readonly LegendEntry[] = [
  ...CONSOLE_ACTIONS.flatMap((action): LegendEntry[] =>
    action.key && action.legend ? [{ keys: [action.key.label], isRange: false, text: action.legend }] : [],
  ),
  { keys: ['1', '9'], isRange: true, text: 'floor bid' },
  { keys: [PROJECTOR_KEY.label], isRange: false, text: 'projector' },
];

/** The legend as plain text, e.g. for a title or a test: "Space pause/resume · H hammer · …". */
export function legendText(legend: readonly LegendEntry[] = KEY_LEGEND): string {
  return legend.map((entry) => `${entry.keys.join(entry.isRange ? '–' : ' ')} ${entry.text}`).join(' · ');
}
