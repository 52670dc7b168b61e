import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  forgetRecentJoin,
  readRecentJoins,
  readSessionJoin,
  rememberJoin,
  saveSessionJoin,
  type RecentJoin,
} from '../../../renderer/lib/join-store';

/** A Storage in memory; `isFull` makes every write throw, as a full or refused storage does. */
class MemoryStorage implements Storage {
  readonly #items = new Map<string, string>();
  isFull = false;
  get length(): number {
    return this.#items.size;
  }
  clear(): void {
    this.#items.clear();
  }
  getItem(key: string): string | null {
    return this.#items.get(key) ?? null;
  }
  key(index: number): string | null {
    return [...this.#items.keys()][index] ?? null;
  }
  removeItem(key: string): void {
    this.#items.delete(key);
  }
  setItem(key: string, value: string): void {
    if (this.isFull) throw new Error('QuotaExceededError');
    this.#items.set(key, value);
  }
}

let session: MemoryStorage;
let local: MemoryStorage;

beforeEach(() => {
  session = new MemoryStorage();
  local = new MemoryStorage();
  vi.stubGlobal('sessionStorage', session);
  vi.stubGlobal('localStorage', local);
});

afterEach(() => {
  vi.unstubAllGlobals();
});

function makeJoin(i: number, overrides: Partial<RecentJoin> = {}): RecentJoin {
  return { url: `http://host-${i}:4700`, code: `CODE-${i}`, label: `Team ${i}`, auction: 'Cup', at: i, ...overrides };
}

describe('the tab’s own join (sessionStorage)', () => {
  it('reads back what was saved, without extra fields', () => {
    saveSessionJoin(makeJoin(1));
    expect(readSessionJoin()).toEqual({ url: 'http://host-1:4700', code: 'CODE-1' });
  });

  it('forgets it when saved as null', () => {
    saveSessionJoin(makeJoin(1));
    saveSessionJoin(null);
    expect(readSessionJoin()).toBeNull();
    expect(session.length).toBe(0);
  });

  it('is null when nothing, garbage or the wrong shape is stored', () => {
    expect(readSessionJoin()).toBeNull();
    session.setItem('gavel.join', '{not json');
    expect(readSessionJoin()).toBeNull();
    session.setItem('gavel.join', JSON.stringify({ url: 'http://host', code: 42 }));
    expect(readSessionJoin()).toBeNull();
  });

  it('does not throw when the storage refuses the write', () => {
    session.isFull = true;
    expect(() => saveSessionJoin(makeJoin(1))).not.toThrow();
    expect(readSessionJoin()).toBeNull();
  });
});

describe('recent joins (localStorage)', () => {
  it('keeps the newest first', () => {
    rememberJoin(makeJoin(1));
    rememberJoin(makeJoin(2));
    expect(readRecentJoins().map((join) => join.code)).toEqual(['CODE-2', 'CODE-1']);
  });

  it('moves a join made again to the front instead of listing it twice', () => {
    rememberJoin(makeJoin(1));
    rememberJoin(makeJoin(2));
    rememberJoin(makeJoin(1, { label: 'Team 1 again', at: 9 }));
    expect(readRecentJoins().map((join) => [join.code, join.label])).toEqual([
      ['CODE-1', 'Team 1 again'],
      ['CODE-2', 'Team 2'],
    ]);
  });

  it('treats the same code on another host as another join', () => {
    rememberJoin(makeJoin(1));
    rememberJoin(makeJoin(1, { url: 'http://other:4700' }));
    expect(readRecentJoins()).toHaveLength(2);
  });

  it('keeps six at most', () => {
    for (let i = 1; i <= 8; i++) rememberJoin(makeJoin(i));
    expect(readRecentJoins().map((join) => join.at)).toEqual([8, 7, 6, 5, 4, 3]);
  });

  it('forgets one join by host and code', () => {
    rememberJoin(makeJoin(1));
    rememberJoin(makeJoin(2));
    forgetRecentJoin({ url: 'http://host-1:4700', code: 'CODE-1' });
    expect(readRecentJoins().map((join) => join.code)).toEqual(['CODE-2']);
  });

  it('drops stored entries that are not joins', () => {
    local.setItem(
      'gavel.recent',
      JSON.stringify([makeJoin(1), { url: 'x' }, null, makeJoin(2, { at: 'late' as never })]),
    );
    expect(readRecentJoins().map((join) => join.code)).toEqual(['CODE-1']);
    local.setItem('gavel.recent', JSON.stringify({ not: 'a list' }));
    expect(readRecentJoins()).toEqual([]);
  });
});
