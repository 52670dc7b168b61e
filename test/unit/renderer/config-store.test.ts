import { describe, expect, it } from 'vitest';
import {
  CONFIG_STORAGE_KEY,
  MAX_STORED_CONFIG_CHARS,
  readHeldConfig,
  webConfigStore,
} from '../../../renderer/lib/config-store';
import { makeConfig, makeLot } from '../../helpers/builders';

/** renderer/lib/config-store.ts: the config a page keeps across reloads, and what it refuses to keep or read. */

function fakeStorage(): Storage & { map: Map<string, string> } {
  const map = new Map<string, string>();
  return {
    map,
    get length() {
      return map.size;
    },
    clear: () => map.clear(),
    key: (i: number) => [...map.keys()][i] ?? null,
    getItem: (k: string) => map.get(k) ?? null,
    setItem: (k: string, v: string) => void map.set(k, v),
    removeItem: (k: string) => void map.delete(k),
  };
}

describe('webConfigStore', () => {
  it('keeps one config under its version and reads it back', () => {
    const storage = fakeStorage();
    const store = webConfigStore(storage);
    const config = makeConfig({ teams: 3, lots: 5 });
    store.write({ version: 'v1', config });
    store.write({ version: 'v2', config });
    expect(storage.map.size).toBe(1);
    expect(store.read()).toEqual({ version: 'v2', config });
  });

  it('keeps nothing bigger than its limit, and drops the older config then', () => {
    const storage = fakeStorage();
    const store = webConfigStore(storage);
    store.write({ version: 'small', config: makeConfig() });
    const huge = makeConfig({ lots: 1, teams: 2 });
    const big = { ...huge, lots: [makeLot(1, { name: 'x'.repeat(MAX_STORED_CONFIG_CHARS) })] };
    store.write({ version: 'big', config: big });
    expect(store.read()).toBeNull();
    expect(storage.map.has(CONFIG_STORAGE_KEY)).toBe(false);
  });

  it('reads nothing from a broken, hostile or foreign entry, and never throws', () => {
    const storage = fakeStorage();
    const store = webConfigStore(storage);
    for (const text of [
      'not json',
      'null',
      '[]',
      '{"version":42,"config":{}}',
      '{"version":"v","config":{"teams":"x","lots":[],"rules":{},"name":"n"}}',
      '{"__proto__":{"version":"v"}}',
      `{"version":"${'v'.repeat(65)}","config":{"teams":[],"lots":[],"rules":{},"name":"n"}}`,
    ]) {
      storage.setItem(CONFIG_STORAGE_KEY, text);
      expect(store.read()).toBeNull();
    }
    const throwing = {
      getItem: () => {
        throw new Error('SecurityError');
      },
      setItem: () => {
        throw new Error('QuotaExceededError');
      },
      removeItem: () => undefined,
    };
    const blocked = webConfigStore(throwing);
    expect(blocked.read()).toBeNull();
    expect(() => blocked.write({ version: 'v', config: makeConfig() })).not.toThrow();
  });

  it('readHeldConfig takes a well-formed entry', () => {
    const config = makeConfig();
    expect(readHeldConfig(JSON.parse(JSON.stringify({ version: 'abc', config })))).toEqual({ version: 'abc', config });
  });
});
