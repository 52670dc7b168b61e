/**
 * A small schema library for untrusted input. Each schema parses `unknown`
 * into a fresh value built only from the keys it knows, so extra keys,
 * `__proto__` and friends never reach the engine.
 */
import { isPlainObject } from './objects';

export type ParseResult<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly message: string };

export interface Schema<T> {
  parse(input: unknown, path: string): ParseResult<T>;
}

export type Infer<S> = S extends Schema<infer T> ? T : never;

const ok = <T>(value: T): ParseResult<T> => ({ ok: true, value });
/** Messages read as one sentence naming the field: `teams[2].purse must be a positive integer`. */
const fail = (path: string, message: string): ParseResult<never> => ({
  ok: false,
  message: path ? `${path} ${message}` : message,
});

/** `'a', 'b' or 'c'`. */
function listOf(values: readonly string[]): string {
  const quoted = values.map((v) => `'${v}'`);
  return quoted.length > 1 ? `${quoted.slice(0, -1).join(', ')} or ${quoted.at(-1)}` : (quoted[0] ?? '');
}

export function string(opts: { min?: number; max: number; pattern?: RegExp; hint?: string }): Schema<string> {
  const min = opts.min ?? 0;
  return {
    parse(input, path) {
      if (typeof input !== 'string') return fail(path, 'must be a string');
      if (input.length < min) return fail(path, min === 1 ? 'must not be empty' : `must be at least ${min} characters`);
      // The pattern before the length: its hint (`an ISO 4217 code`) says more than a character count.
      if (opts.pattern && !opts.pattern.test(input)) {
        return fail(path, opts.hint ?? 'has an invalid format');
      }
      if (input.length > opts.max) return fail(path, `must be at most ${opts.max} characters`);
      return ok(input);
    },
  };
}

/**
 * A safe integer within [min, max]: money, counts and milliseconds are all
 * integers. The message names the kind first (`must be a positive integer`)
 * and the range when the kind was right but the size was not.
 */
export function int(opts: { min: number; max: number }): Schema<number> {
  const kind = opts.min >= 1 ? 'a positive integer' : opts.min === 0 ? 'a non-negative integer' : 'an integer';
  return {
    parse(input, path) {
      if (typeof input !== 'number' || !Number.isSafeInteger(input)) return fail(path, `must be ${kind}`);
      if (input < Math.min(opts.min, 1) && opts.min >= 0) return fail(path, `must be ${kind}`);
      if (input < opts.min || input > opts.max) {
        return fail(path, `must be ${kind} between ${opts.min} and ${opts.max}`);
      }
      return ok(input);
    },
  };
}

export const boolean: Schema<boolean> = {
  parse(input, path) {
    return typeof input === 'boolean' ? ok(input) : fail(path, 'must be true or false');
  },
};

export function literal<const T extends string>(...values: T[]): Schema<T> {
  return {
    parse(input, path) {
      return typeof input === 'string' && (values as string[]).includes(input)
        ? ok(input as T)
        : fail(path, `must be ${listOf(values)}`);
    },
  };
}

/** `inner`, then a check that needs the whole value (`not "__proto__"`); `check` returns the problem or null. */
export function refine<T>(inner: Schema<T>, check: (value: T) => string | null): Schema<T> {
  return {
    parse(input, path) {
      const r = inner.parse(input, path);
      if (!r.ok) return r;
      const problem = check(r.value);
      return problem === null ? r : fail(path, problem);
    },
  };
}

/** `null` is accepted and kept; `undefined` is not. */
export function nullable<T>(inner: Schema<T>): Schema<T | null> {
  return {
    parse(input, path) {
      return input === null ? ok(null) : inner.parse(input, path);
    },
  };
}

export function array<T>(item: Schema<T>, opts: { max: number; min?: number }): Schema<T[]> {
  return {
    parse(input, path) {
      if (!Array.isArray(input)) return fail(path, 'must be an array');
      if (input.length > opts.max) return fail(path, `must have at most ${opts.max} items`);
      if (input.length < (opts.min ?? 0)) {
        return fail(path, opts.min === 1 ? 'must be a non-empty array' : `must have at least ${opts.min} items`);
      }
      const out: T[] = [];
      for (let i = 0; i < input.length; i++) {
        const r = item.parse(input[i], `${path}[${i}]`);
        if (!r.ok) return r;
        out.push(r.value);
      }
      return ok(out);
    },
  };
}

/**
 * `__proto__` is the one key a plain object cannot hold safely (assigning it
 * sets the prototype). Every other name, `constructor` and `toString`
 * included, is an ordinary key: whoever reads these records reads own
 * properties only (`ownValue`).
 */
const FORBIDDEN_KEYS = new Set(['__proto__']);

/** A string-keyed map, e.g. free extra fields or category quotas. */
export function record<T>(value: Schema<T>, opts: { maxKeys: number; keyMax: number }): Schema<Record<string, T>> {
  return {
    parse(input, path) {
      if (!isPlainObject(input)) return fail(path, 'must be an object');
      const keys = Object.keys(input);
      if (keys.length > opts.maxKeys) return fail(path, `must have at most ${opts.maxKeys} keys`);
      const out: Record<string, T> = Object.create(null) as Record<string, T>;
      for (const key of keys) {
        if (FORBIDDEN_KEYS.has(key)) return fail(path, `must not have the key "${key}"`);
        if (key.length === 0 || key.length > opts.keyMax)
          return fail(path, `keys must be 1 to ${opts.keyMax} characters`);
        // Keys are users' words ("Wicket keeper"), so the path quotes them.
        const r = value.parse(input[key], `${path}[${JSON.stringify(key)}]`);
        if (!r.ok) return r;
        out[key] = r.value;
      }
      return ok({ ...out });
    },
  };
}

type Shape = Record<string, Schema<unknown>>;
type OptionalKeys<S extends Shape, O extends keyof S> = { [K in O]?: Infer<S[K]> };
type RequiredKeys<S extends Shape, O extends keyof S> = { [K in Exclude<keyof S, O>]: Infer<S[K]> };
export type ObjectOf<S extends Shape, O extends keyof S = never> = RequiredKeys<S, O> & OptionalKeys<S, O>;

/**
 * An object with exactly the keys of `shape`. Unknown keys are an error: a typo in a bot should fail loudly.
 */
export function object<S extends Shape>(shape: S): Schema<ObjectOf<S>> {
  return objectWithOptional(shape, []);
}

/** Like `object`, where the keys in `optional` may be absent. */
export function objectWithOptional<S extends Shape, O extends keyof S>(
  shape: S,
  optional: readonly O[],
): Schema<ObjectOf<S, O>> {
  const optionalSet = new Set<string>(optional as readonly string[]);
  return {
    parse(input, path) {
      if (!isPlainObject(input)) return fail(path, 'must be an object');
      for (const key of Object.keys(input)) {
        if (!Object.hasOwn(shape, key)) return fail(path, `has an unknown field "${key.slice(0, 40)}"`);
      }
      const out: Record<string, unknown> = {};
      for (const key of Object.keys(shape)) {
        const schema = shape[key] as Schema<unknown>;
        const field = path ? `${path}.${key}` : key;
        if (!Object.hasOwn(input, key) || input[key] === undefined) {
          if (optionalSet.has(key)) continue;
          return fail(field, 'is required');
        }
        const r = schema.parse(input[key], field);
        if (!r.ok) return r;
        out[key] = r.value;
      }
      return ok(out as ObjectOf<S, O>);
    },
  };
}

/** A union of object schemas told apart by a string field (`kind`, `mode`). */
export function tagged<K extends string, M extends Record<string, Schema<unknown>>>(
  key: K,
  variants: M,
): Schema<Infer<M[keyof M]>> {
  return {
    parse(input, path) {
      if (!isPlainObject(input)) return fail(path, 'must be an object');
      const tag = input[key];
      if (typeof tag !== 'string' || !Object.hasOwn(variants, tag)) {
        return fail(path ? `${path}.${key}` : key, `must be ${listOf(Object.keys(variants))}`);
      }
      return (variants[tag] as Schema<Infer<M[keyof M]>>).parse(input, path);
    },
  };
}
