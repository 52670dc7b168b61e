import { MAX_GRACE_MS, MAX_MS, MIN_RTM_DECISION_MS } from '../auction/config';
import type { AuctionRules } from '../auction/types';

/**
 * [CFG4] Durations as people write them in a rules file and in Setup: a
 * number with its unit (`"25s"`, `"5m"`, `"1500ms"`, `"1.5s"`), never a bare
 * number, since `25` was read as 25 milliseconds by one league and as 25
 * seconds by everyone in the room. Each setting has a floor below which an
 * auction cannot be run, refused with the reason.
 */

/** The duration settings people write, and the floor of each. */
export type DurationField = 'lotOpenMs' | 'bidExtendMs' | 'graceMs' | 'gapMs' | 'nominateMs' | 'rtmDecisionMs';

interface Floor {
  /** The least accepted, in ms. */
  readonly min: number;
  /** True when 0 is accepted too (it switches the clock off). */
  readonly zeroAllowed: boolean;
  readonly max: number;
  /** Why the floor is where it is, for the refusal. */
  readonly why: string;
}

/** [CFG4] The floor of every duration setting. */
export const DURATION_FLOORS: { readonly [F in DurationField]: Floor } = {
  lotOpenMs: {
    min: 5_000,
    zeroAllowed: false,
    max: MAX_MS,
    why: 'a lot shorter than 5s closes before bidders on phones have read its name',
  },
  nominateMs: {
    min: 5_000,
    zeroAllowed: false,
    max: MAX_MS,
    why: 'a nomination turn shorter than 5s passes before a team has picked',
  },
  bidExtendMs: {
    min: 1_000,
    zeroAllowed: true,
    max: MAX_MS,
    why: 'a soft close shorter than 1s gives nobody time to answer a bid (0s switches it off)',
  },
  gapMs: {
    min: 1_000,
    zeroAllowed: true,
    max: MAX_MS,
    why: 'a gap shorter than 1s hides the result before the room has seen it (0s opens the next lot at once)',
  },
  // [RTM4] each right-to-match step's clock.
  rtmDecisionMs: {
    min: MIN_RTM_DECISION_MS,
    zeroAllowed: false,
    max: MAX_MS,
    why: 'a right-to-match decision shorter than 5s passes before the team has said a word',
  },
  graceMs: {
    min: 0,
    zeroAllowed: true,
    max: MAX_GRACE_MS,
    why: 'grace absorbs network delay; longer than 10s would be a hidden extension',
  },
};

const UNITS: Readonly<Record<string, number>> = {
  ms: 1,
  s: 1_000,
  sec: 1_000,
  secs: 1_000,
  second: 1_000,
  seconds: 1_000,
  m: 60_000,
  min: 60_000,
  mins: 60_000,
  minute: 60_000,
  minutes: 60_000,
};

export type DurationResult =
  { readonly ok: true; readonly ms: number } | { readonly ok: false; readonly error: string };

/**
 * [CFG4] Milliseconds from `"25s"`, `"1.5s"`, `"5m"`, `"1500ms"`, checked
 * against the floor of `field`. A bare number, a number without a unit or
 * a negative one is refused, saying how to write it.
 *
 * @example parseDuration('25s', 'lotOpenMs') → { ok: true, ms: 25_000 }
 * @example parseDuration(25, 'lotOpenMs') → { ok: false, error: 'needs a unit: "25s", ...' }
 */
export function parseDuration(value: unknown, field: DurationField): DurationResult {
  const read = readDuration(value);
  return read.ok ? checkDuration(read.ms, field) : read;
}

/** [CFG4] Milliseconds from a duration with its unit, before any floor: what Setup's field applies. */
export function readDuration(value: unknown): DurationResult {
  if (typeof value === 'number') {
    return { ok: false, error: `needs a unit: write "${value}s", "${value}ms" or "${value}m"` };
  }
  if (typeof value !== 'string') return { ok: false, error: 'must be a duration such as "30s", "2m" or "1500ms"' };
  const text = value.trim();
  if (text.length > 40) return { ok: false, error: 'must be a duration such as "30s", "2m" or "1500ms"' };
  const match = /^(\d+(?:\.\d+)?)\s*([a-z]*)$/i.exec(text);
  if (!match) return { ok: false, error: `"${text}" is not a duration such as "30s", "2m" or "1500ms"` };
  const unit = (match[2] ?? '').toLowerCase();
  if (unit === '') return { ok: false, error: `needs a unit: write "${text}s", "${text}ms" or "${text}m"` };
  const factor = Object.hasOwn(UNITS, unit) ? UNITS[unit] : undefined;
  if (factor === undefined) return { ok: false, error: `"${unit}" is not a unit; use ms, s or m` };
  const ms = Math.round(Number(match[1]) * factor);
  return Number.isSafeInteger(ms) ? { ok: true, ms } : { ok: false, error: 'is too long' };
}

/** [CFG4] `ms` against the floor and ceiling of `field`, with the reason when refused. */
export function checkDuration(ms: number, field: DurationField): DurationResult {
  const floor = DURATION_FLOORS[field];
  if (!Number.isSafeInteger(ms) || ms < 0) return { ok: false, error: 'must be a duration of zero or more' };
  if (ms === 0 && floor.zeroAllowed) return { ok: true, ms };
  if (ms < floor.min) return { ok: false, error: `must be at least ${formatDuration(floor.min)}: ${floor.why}` };
  if (ms > floor.max) return { ok: false, error: `must be at most ${formatDuration(floor.max)}` };
  return { ok: true, ms };
}

/**
 * [CFG4] The duration settings of `rules` below their floor or above their
 * ceiling, each with its field and reason: Setup refuses to start with any.
 */
export function durationProblems(rules: AuctionRules): { readonly field: string; readonly message: string }[] {
  const settings: [string, number, DurationField][] = [
    ['lotOpenMs', rules.lotOpenMs, 'lotOpenMs'],
    ['bidExtendMs', rules.bidExtendMs, 'bidExtendMs'],
    ['graceMs', rules.graceMs, 'graceMs'],
    ['gapMs', rules.gapMs, 'gapMs'],
  ];
  if (rules.order.mode === 'nominate') settings.push(['order.nominateMs', rules.order.nominateMs, 'nominateMs']);
  return settings.flatMap(([field, ms, kind]) => {
    const checked = checkDuration(ms, kind);
    return checked.ok ? [] : [{ field, message: `${formatDuration(ms)} ${checked.error}` }];
  });
}

/**
 * A duration as a person writes it back: `"25s"`, `"5m"`, `"1500ms"`; the
 * form `parseDuration` reads, so Setup's fields round-trip.
 */
export function formatDuration(ms: number): string {
  if (ms !== 0 && ms % 60_000 === 0) return `${ms / 60_000}m`;
  if (ms % 1_000 === 0) return `${ms / 1_000}s`;
  return `${ms}ms`;
}
