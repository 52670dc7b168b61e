import type { JoinTarget } from './connection.svelte';

/**
 * Where a join is remembered. The tab's own join lives in sessionStorage, so
 * a reload keeps its team while two tabs in one browser (admin and a team)
 * stay apart; recent joins live in localStorage for the Home screen.
 */

const SESSION_KEY = 'gavel.join';
const RECENT_KEY = 'gavel.recent';
const RECENT_MAX = 6;

export interface RecentJoin extends JoinTarget {
  /** What the join was, for the list: "Mumbai Mavericks", "Auctioneer", "Projector". */
  readonly label: string;
  readonly auction: string;
  readonly at: number;
}

function readJson(storage: Storage, key: string): unknown {
  try {
    const raw = storage.getItem(key);
    return raw ? (JSON.parse(raw) as unknown) : null;
  } catch {
    return null;
  }
}

function writeJson(storage: Storage, key: string, value: unknown): void {
  try {
    if (value === null) storage.removeItem(key);
    else storage.setItem(key, JSON.stringify(value));
  } catch {
    // Storage can be full or refused (private mode); the join still works, it just is not remembered.
  }
}

function isJoinTarget(value: unknown): value is JoinTarget {
  const v = value as Partial<JoinTarget> | null;
  return typeof v?.url === 'string' && typeof v.code === 'string';
}

export function readSessionJoin(): JoinTarget | null {
  const value = readJson(sessionStorage, SESSION_KEY);
  return isJoinTarget(value) ? { url: value.url, code: value.code } : null;
}

export function saveSessionJoin(target: JoinTarget | null): void {
  writeJson(sessionStorage, SESSION_KEY, target);
}

export function readRecentJoins(): RecentJoin[] {
  const value = readJson(localStorage, RECENT_KEY);
  if (!Array.isArray(value)) return [];
  return value.filter(
    (item): item is RecentJoin =>
      isJoinTarget(item) &&
      typeof (item as RecentJoin).label === 'string' &&
      typeof (item as RecentJoin).at === 'number',
  );
}

export function rememberJoin(join: RecentJoin): void {
  const others = readRecentJoins().filter((item) => item.url !== join.url || item.code !== join.code);
  writeJson(localStorage, RECENT_KEY, [join, ...others].slice(0, RECENT_MAX));
}

export function forgetRecentJoin(target: JoinTarget): void {
  writeJson(
    localStorage,
    RECENT_KEY,
    readRecentJoins().filter((item) => item.url !== target.url || item.code !== target.code),
  );
}
