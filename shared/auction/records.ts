/**
 * Records keyed by user strings (team ids, lot ids, categories, detail
 * names) travel as plain JSON objects, so on every client they inherit from
 * Object.prototype: `ledger['constructor']` is `Object` unless read with an
 * own-property check. Every read of such a record goes through `ownValue`.
 */

/**
 * The record's own value for `key`, never one inherited from
 * Object.prototype.
 *
 * @example ownValue({}, 'toString') === undefined; ({} as Record<string, number>)['toString'] is a function.
 */
export function ownValue<T>(record: Readonly<Record<string, T>> | null | undefined, key: string): T | undefined {
  return record !== null && record !== undefined && Object.hasOwn(record, key) ? record[key] : undefined;
}

/**
 * The names every user string is tested with: each member of
 * Object.prototype (`constructor`, `toString`, `__proto__`, ...). Only
 * `__proto__` is refused as an id or key; the rest are ordinary names.
 */
export const PROTOTYPE_MEMBER_NAMES: readonly string[] = Object.getOwnPropertyNames(Object.prototype);
