import type { AuctionConfig } from '../../shared/auction/types';
import { isPlainObject } from '../../shared/core/objects';
import { MAX_CONFIG_VERSION_LENGTH } from '../../shared/protocol/messages';

/**
 * Where a client keeps the last config it received, under the version the
 * host named it by (`Snapshot.configVersion`), so that a reconnect, and in a
 * browser a reload, names that version in its handshake and gets the
 * snapshot without the catalog. One config is kept: a phone is in one
 * auction at a time, and a content hash never names two configs.
 */

export interface HeldConfig {
  readonly version: string;
  readonly config: AuctionConfig;
}

export interface ConfigStore {
  read(): HeldConfig | null;
  write(held: HeldConfig): void;
}

export const CONFIG_STORAGE_KEY = 'gavel.config';
/**
 * The largest config kept, in UTF-16 code units of its JSON (browsers give
 * an origin about 5 MB of localStorage, which the join list shares). An IPL
 * catalog of 600 players is about 120 KB; a bigger one is simply fetched
 * whole on each reload.
 */
export const MAX_STORED_CONFIG_CHARS = 1_000_000;

/** A stored value as a `HeldConfig`, or null when it is anything else (an old format, a hand-edited entry). */
export function readHeldConfig(value: unknown): HeldConfig | null {
  if (!isPlainObject(value)) return null;
  const { version, config } = value;
  if (typeof version !== 'string' || version.length === 0 || version.length > MAX_CONFIG_VERSION_LENGTH) return null;
  if (!isPlainObject(config) || !Array.isArray(config.teams) || !Array.isArray(config.lots)) return null;
  if (!isPlainObject(config.rules) || typeof config.name !== 'string') return null;
  return { version, config: config as unknown as AuctionConfig };
}

/**
 * A store in a Web Storage area (localStorage: it outlives the tab, so a
 * phone that reopens the page does not download the catalog again). Every
 * failure (storage off, full, private mode) just means nothing is kept.
 */
export function webConfigStore(storage: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>): ConfigStore {
  return {
    read() {
      try {
        const text = storage.getItem(CONFIG_STORAGE_KEY);
        if (text === null || text.length > MAX_STORED_CONFIG_CHARS) return null;
        return readHeldConfig(JSON.parse(text));
      } catch {
        return null;
      }
    },
    write(held) {
      try {
        const text = JSON.stringify(held);
        if (text.length > MAX_STORED_CONFIG_CHARS) storage.removeItem(CONFIG_STORAGE_KEY);
        else storage.setItem(CONFIG_STORAGE_KEY, text);
      } catch {
        // A full or disabled storage keeps nothing; the next load fetches the config whole.
      }
    },
  };
}

/** A store in memory (tests, and Node where there is no localStorage). */
export function memoryConfigStore(): ConfigStore & { held: HeldConfig | null } {
  return {
    held: null,
    read() {
      return this.held;
    },
    write(held) {
      this.held = held;
    },
  };
}

/** The browser's localStorage when there is one (a page, the desktop window); otherwise none. */
export function defaultConfigStore(): ConfigStore | null {
  try {
    const storage = (globalThis as { localStorage?: Storage }).localStorage;
    return storage ? webConfigStore(storage) : null;
  } catch {
    // Reading `localStorage` itself throws where storage is blocked.
    return null;
  }
}
