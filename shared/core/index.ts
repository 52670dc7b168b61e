/**
 * What every other part of `shared/` stands on: error codes, money and the
 * schema combinators. It imports nothing of ours, so `auction` can use it and
 * `protocol` and `catalog` can use both.
 */
export * from './errors';
export * from './money';
export * from './schema';
