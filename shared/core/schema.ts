/**
 * A small schema library for untrusted input. Each schema parses `unknown`
 * into a fresh value built only from the keys it knows, so extra keys,
 * `__proto__` and friends never reach the engine.
 */

export type ParseResult<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly message: string };

export interface Schema<T> {
  parse(input: unknown, path: string): ParseResult<T>;
}

export type Infer<S> = S extends Schema<infer T> ? T : never;

const ok = <T>(value: T): ParseResult<T> => ({ ok: true, value });
const fail = (path: string, message: string): ParseResult<never> => ({
  ok: false,
  message: path ? `${path}: ${message}` : message,
});

function describe(input: unknown): string {
  if (input === null) return 'null';
  if (Array.isArray(input)) return 'an array';
  return typeof input === 'object' ? 'an object' : typeof input;
}

export function string(opts: { min?: number; max: number; pattern?: RegExp; hint?: string }): Schema<string> {
  const min = opts.min ?? 0;
  return {
    parse(input, path) {
      if (typeof input !== 'string') return fail(path, `expected a string, got ${describe(input)}`);
      if (input.length < min) return fail(path, min === 1 ? 'must not be empty' : `must be at least ${min} characters`);
      if (input.length > opts.max) return fail(path, `must be at most ${opts.max} characters`);
      if (opts.pattern && !opts.pattern.test(input)) return fail(path, opts.hint ?? 'has an invalid format');
      return ok(input);
    },
  };
}

/** A safe integer within [min, max]: money, counts and milliseconds are all integers. */
export function int(opts: { min: number; max: number }): Schema<number> {
  return {
    parse(input, path) {
      if (typeof input !== 'number' || !Number.isSafeInteger(input)) {
        return fail(path, `expected an integer, got ${typeof input === 'number' ? input : describe(input)}`);
      }
      if (input < opts.min || input > opts.max) return fail(path, `must be between ${opts.min} and ${opts.max}`);
      return ok(input);
    },
  };
}

export const boolean: Schema<boolean> = {
  parse(input, path) {
    return typeof input === 'boolean' ? ok(input) : fail(path, `expected true or false, got ${describe(input)}`);
  },
};

export function literal<const T extends string>(...values: T[]): Schema<T> {
  return {
    parse(input, path) {
      return typeof input === 'string' && (values as string[]).includes(input)
        ? ok(input as T)
        : fail(path, `expected one of ${values.map((v) => JSON.stringify(v)).join(', ')}`);
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
      if (!Array.isArray(input)) return fail(path, `expected an array, got ${describe(input)}`);
      if (input.length > opts.max) return fail(path, `must have at most ${opts.max} items`);
      if (input.length < (opts.min ?? 0)) return fail(path, `must have at least ${opts.min} items`);
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

function isPlainObject(input: unknown): input is Record<string, unknown> {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return false;
  const proto = Object.getPrototypeOf(input) as unknown;
  return proto === Object.prototype || proto === null;
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
      if (!isPlainObject(input)) return fail(path, `expected an object, got ${describe(input)}`);
      const keys = Object.keys(input);
      if (keys.length > opts.maxKeys) return fail(path, `must have at most ${opts.maxKeys} keys`);
      const out: Record<string, T> = Object.create(null) as Record<string, T>;
      for (const key of keys) {
        if (FORBIDDEN_KEYS.has(key)) return fail(path, `key "${key}" is not allowed`);
        if (key.length === 0 || key.length > opts.keyMax) return fail(path, `key length must be 1 to ${opts.keyMax}`);
        const r = value.parse(input[key], `${path}.${key}`);
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
      if (!isPlainObject(input)) return fail(path, `expected an object, got ${describe(input)}`);
      for (const key of Object.keys(input)) {
        if (!Object.hasOwn(shape, key)) return fail(path, `unknown field "${key.slice(0, 40)}"`);
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
      if (!isPlainObject(input)) return fail(path, `expected an object, got ${describe(input)}`);
      const tag = input[key];
      if (typeof tag !== 'string' || !Object.hasOwn(variants, tag)) {
        return fail(path ? `${path}.${key}` : key, `expected one of ${Object.keys(variants).join(', ')}`);
      }
      return (variants[tag] as Schema<Infer<M[keyof M]>>).parse(input, path);
    },
  };
}
