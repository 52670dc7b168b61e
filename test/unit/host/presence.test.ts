import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { PRESENCE_COALESCE_MS, PRESENCE_ROOM_COALESCE_MS, PresenceBoard } from '../../../main/host/presence';
import type { Presence } from '../../../shared/protocol/messages';

/** main/host/presence.ts: a storm of joins is a few updates, to the console first, and `current` is made per update. */

beforeEach(() => void vi.useFakeTimers());
afterEach(() => void vi.useRealTimers());

describe('PresenceBoard', () => {
  it('coalesces 500 joins into one update to the console and one to everyone else', () => {
    const admins: Presence[] = [];
    const others: Presence[] = [];
    const board = new PresenceBoard(['T1', 'constructor'], {
      admins: (p) => void admins.push(p),
      others: (p) => void others.push(p),
    });
    board.change({ role: 'admin', teamId: null }, 1);
    for (let i = 0; i < 450; i++) board.change({ role: 'spectator', teamId: null }, 1);
    for (let i = 0; i < 49; i++) board.change({ role: 'team', teamId: i % 2 === 0 ? 'T1' : 'constructor' }, 1);
    vi.advanceTimersByTime(PRESENCE_COALESCE_MS);
    expect(admins).toEqual([{ teams: { T1: 25, constructor: 24 }, admins: 1, spectators: 450 }]);
    expect(others).toEqual([]);
    vi.advanceTimersByTime(PRESENCE_ROOM_COALESCE_MS);
    expect(others).toEqual(admins);
    board.close();
  });

  it('keeps one presence object between updates, and makes a new one when the console is told', () => {
    const board = new PresenceBoard(['T1'], { admins: () => undefined, others: () => undefined });
    const before = board.current;
    board.change({ role: 'team', teamId: 'T1' }, 1);
    // A snapshot made before the update carries the presence of the last one.
    expect(board.current).toBe(before);
    vi.advanceTimersByTime(PRESENCE_COALESCE_MS);
    expect(board.current).not.toBe(before);
    expect(board.current.teams).toEqual({ T1: 1 });
    board.close();
  });
});
