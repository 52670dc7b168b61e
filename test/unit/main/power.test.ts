import { describe, expect, it } from 'vitest';
import { PowerGuard } from '../../../main/power';
import { closeQuitsApp, quitQuestion } from '../../../main/quit-guard';

/** Electron's powerSaveBlocker, as far as the guard uses it: ids and what each blocks. */
function fakeBlocker() {
  let next = 1;
  const active = new Map<number, string>();
  return {
    active,
    start(type: 'prevent-app-suspension' | 'prevent-display-sleep') {
      active.set(next, type);
      return next++;
    },
    stop(id: number) {
      active.delete(id);
      return true;
    },
    isStarted: (id: number) => active.has(id),
  };
}

describe('keeping the computer awake', () => {
  it('holds app suspension off while hosting, display sleep off while projecting, each once', () => {
    const blocker = fakeBlocker();
    const guard = new PowerGuard(blocker);
    guard.setHosting(true);
    guard.setHosting(true);
    guard.setProjecting(true);
    expect([...blocker.active.values()].sort()).toEqual(['prevent-app-suspension', 'prevent-display-sleep']);
    guard.setProjecting(false);
    expect([...blocker.active.values()]).toEqual(['prevent-app-suspension']);
    guard.setHosting(false);
    guard.setHosting(false);
    expect(blocker.active.size).toBe(0);
  });
});

describe('quitting while hosting', () => {
  it('asks, says the room loses the auction, and puts the safe choice first', () => {
    expect(quitQuestion(null)).toBeNull();
    const question = quitQuestion('Sunday league');
    expect(question?.message).toBe('Gavel is hosting “Sunday league”. Quit and stop the auction?');
    expect(question?.detail).toMatch(/Phones and laptops connected to this computer lose the auction/);
    expect(question?.buttons).toEqual(['Keep hosting', 'Stop and quit']);
  });

  it('treats closing the window as quitting everywhere but macOS', () => {
    expect(closeQuitsApp('win32')).toBe(true);
    expect(closeQuitsApp('linux')).toBe(true);
    expect(closeQuitsApp('darwin')).toBe(false);
  });
});
