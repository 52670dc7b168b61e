/**
 * True for an object literal, a `JSON.parse` result or an `Object.create(null)`
 * record: the shapes untrusted input arrives in. Arrays, `null` and class
 * instances (a `Date`, a `Map`) are not, so their own prototype never stands
 * in for fields a reader expects.
 */
export function isPlainObject(input: unknown): input is Record<string, unknown> {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return false;
  const proto = Object.getPrototypeOf(input) as unknown;
  return proto === Object.prototype || proto === null;
}
