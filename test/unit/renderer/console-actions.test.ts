import { describe, expect, it } from 'vitest';
import type { AuctionState } from '../../../shared/auction/types';
import {
  CONSOLE_ACTIONS,
  consoleButtons,
  KEY_LEGEND,
  legendText,
  readConsoleKey,
  type KeyPress,
} from '../../../renderer/lib/console-actions';
import { bid, makeLot, makeRunning, makeSetup, makeTeam, run, sell } from '../../helpers/builders';

/** The buttons in `state` as `id` (enabled) or `id:off` (shown, disabled). */
function buttons(state: AuctionState): string[] {
  return consoleButtons(state).map(({ action, isEnabled }) => (isEnabled ? action.id : `${action.id}:off`));
}

const PRESS: KeyPress = {
  key: '',
  hasModifier: false,
  isTyping: false,
  isDialogOpen: false,
  isOnButton: false,
  hasFloorTeam: false,
};
const press = (key: string, more: Partial<KeyPress> = {}): KeyPress => ({ ...PRESS, key, ...more });

/** The action a key runs in `state`, or what else it does, or null. */
function keyDoes(state: AuctionState, key: string, more: Partial<KeyPress> = {}): string | null {
  const read = readConsoleKey(press(key, more), state);
  if (!read) return null;
  return read.kind === 'action' ? read.action.id : read.kind;
}

/** One lot only: hammering it finishes the auction at once. */
const lastLot = (): AuctionState => makeRunning({ lots: 1 });

describe('console actions: which buttons, enabled when', () => {
  it('setup: only Start', () => {
    expect(buttons(makeSetup().state)).toEqual(['start']);
  });

  it('a lot open: pause, hammer, skip, extend; undo waits for a sale', () => {
    expect(buttons(makeRunning())).toEqual(['pause', 'hammer', 'skip', 'extend', 'extend-30', 'undo:off']);
  });

  it('paused on an open lot: resume instead of pause; the clock cannot be extended', () => {
    const state = run(makeRunning(), [{ type: 'auction:pause' }]).state;
    expect(buttons(state)).toEqual(['resume', 'hammer', 'skip', 'extend:off', 'extend-30:off', 'undo:off']);
  });

  it('in the gap after a sale: no lot to hammer or skip, the gap can be extended, the sale undone', () => {
    const state = run(makeRunning(), sell('T1', 100)).state;
    expect(state.phase).toBe('gap');
    expect(buttons(state)).toEqual(['pause', 'hammer:off', 'skip:off', 'extend', 'extend-30', 'next', 'undo']);
    expect(keyDoes(state, 'n')).toBe('next');
  });

  it('[ACC3] under manualAdvance the gap has no clock: next opens the lot; [ACC1] a pick hides it', () => {
    const manual = run(makeRunning({ rules: { manualAdvance: true } }), sell('T1', 100)).state;
    expect(buttons(manual)).toEqual(['pause', 'hammer:off', 'skip:off', 'extend:off', 'extend-30:off', 'next', 'undo']);
    const pick = run(makeRunning({ lots: 1, rules: { pickUnsold: true, rounds: 2 } }), [{ type: 'lot:skip' }]).state;
    expect(pick.hold).toBe('pick');
    expect(buttons(pick)).toEqual(['pause', 'hammer:off', 'skip:off', 'extend:off', 'extend-30:off', 'undo:off']);
    expect(keyDoes(pick, 'n')).toBeNull();
  });

  it('[AUC7] the last lot hammered finishes the auction, and its sale can still be undone', () => {
    const state = run(lastLot(), sell('T1', 100)).state;
    expect(state.status).toBe('finished');
    expect(buttons(state)).toEqual(['undo']);
    expect(keyDoes(state, 'u')).toBe('undo');
  });

  it('finished with no sale: Undo is shown, disabled', () => {
    const state = run(lastLot(), [{ type: 'lot:skip' }]).state;
    expect(state.status).toBe('finished');
    expect(buttons(state)).toEqual(['undo:off']);
    expect(keyDoes(state, 'u')).toBeNull();
  });

  it('each action says what the status strip shows once done', () => {
    const done = Object.fromEntries(CONSOLE_ACTIONS.map((action) => [action.id, action.effect.done]));
    expect(done).toEqual({
      start: 'Started',
      resume: 'Resumed',
      pause: 'Paused',
      hammer: 'Hammer',
      skip: 'Lot skipped',
      extend: 'Extended 10 s',
      'extend-30': 'Extended 30 s',
      next: 'Next lot',
      undo: 'Last sale undone',
    });
  });
});

describe('console actions: keys', () => {
  const open = makeRunning();

  it('a key runs its action only when its button would be enabled', () => {
    expect(keyDoes(open, 'h')).toBe('hammer');
    expect(keyDoes(open, 'H')).toBe('hammer');
    expect(keyDoes(open, 's')).toBe('skip');
    expect(keyDoes(open, 'e')).toBe('extend');
    expect(keyDoes(open, 'u')).toBeNull();
    const gap = run(open, sell('T1', 100)).state;
    expect(keyDoes(gap, 'h')).toBeNull();
    expect(keyDoes(gap, 's')).toBeNull();
    expect(keyDoes(gap, 'u')).toBe('undo');
    expect(keyDoes(makeSetup().state, 'h')).toBeNull();
  });

  it('Space pauses a running auction and resumes a paused one, but presses a focused button instead', () => {
    expect(keyDoes(open, ' ')).toBe('pause');
    const paused = run(open, [{ type: 'auction:pause' }]).state;
    expect(keyDoes(paused, ' ')).toBe('resume');
    expect(keyDoes(open, ' ', { isOnButton: true })).toBeNull();
    // Nothing to pause: the console still keeps Space from scrolling the page.
    expect(keyDoes(makeSetup().state, ' ')).toBe('hold');
  });

  it('hammer and skip keys work while paused, as their buttons do (the host answers)', () => {
    const paused = run(open, [{ type: 'auction:pause' }]).state;
    expect(keyDoes(paused, 'h')).toBe('hammer');
    expect(keyDoes(paused, 'e')).toBeNull();
  });

  it('1–9 pick a floor-bid team while a lot is open, if the team exists', () => {
    expect(readConsoleKey(press('1'), open)).toEqual({ kind: 'floor-team', index: 0 });
    expect(readConsoleKey(press('3'), open)).toEqual({ kind: 'floor-team', index: 2 });
    expect(keyDoes(open, '4')).toBeNull();
    expect(keyDoes(run(open, sell('T1', 100)).state, '1')).toBeNull();
  });

  it('[RTM7] while a lot waits on right to match, 1–9 press the panel’s buttons in order, not while paused', () => {
    const start = makeRunning({
      teams: [makeTeam(1), makeTeam(2), makeTeam(3)],
      lots: [makeLot(1, { rtmTeamId: 'T1' }), makeLot(2)],
      rules: { rtmCards: 2, rtmDecisionMs: 10_000 },
    });
    const offered = run(start, [bid('T2', 300), { type: 'lot:hammer' }]).state;
    expect(offered.phase).toBe('rtm');
    expect(readConsoleKey(press('1'), offered)).toEqual({ kind: 'rtm', index: 0 });
    // The page ignores a digit past the panel's last button; the console does not guess here.
    expect(readConsoleKey(press('9'), offered)).toEqual({ kind: 'rtm', index: 8 });
    expect(keyDoes(run(offered, [{ type: 'auction:pause' }]).state, '1')).toBeNull();
    expect(keyDoes(offered, '1', { isTyping: true })).toBeNull();
  });

  it('Enter places the floor bid once a team is picked, unless a button has the focus; Esc clears it', () => {
    expect(keyDoes(open, 'Enter')).toBeNull();
    expect(keyDoes(open, 'Enter', { hasFloorTeam: true })).toBe('floor-submit');
    expect(keyDoes(open, 'Enter', { hasFloorTeam: true, isOnButton: true })).toBeNull();
    expect(keyDoes(open, 'Escape')).toBe('floor-clear');
  });

  it('P opens the projector in any state', () => {
    expect(keyDoes(makeSetup().state, 'p')).toBe('projector');
    expect(keyDoes(open, 'P')).toBe('projector');
  });

  it('keys are ignored while typing, with a modifier, or under an open dialog', () => {
    for (const more of [{ isTyping: true }, { hasModifier: true }, { isDialogOpen: true }]) {
      expect(keyDoes(open, 'h', more)).toBeNull();
      expect(keyDoes(open, '1', more)).toBeNull();
      expect(keyDoes(open, 'p', more)).toBeNull();
    }
  });
});

describe('console actions: the key legend', () => {
  it('reads as it always has, from the same list as the buttons', () => {
    expect(legendText()).toBe(
      'Space pause/resume · H hammer · S skip · E +10 s · N next lot · U undo · 1–9 floor bid · P projector',
    );
  });

  it('names each action key once, with the key its button shows', () => {
    const keyed = CONSOLE_ACTIONS.filter((action) => action.legend !== null);
    for (const action of keyed) {
      expect(KEY_LEGEND.filter((entry) => entry.text === action.legend)).toEqual([
        { keys: [action.key?.label], isRange: false, text: action.legend },
      ]);
    }
  });
});
