import { MAX_DISPLAY_STATS } from '../../shared/auction/config';
import type { Display, Lot } from '../../shared/auction/types';
import { columnLabel, lotAttributeColumns } from './setup-lots';

/**
 * [DSP2] [DSP3] Setup's projector section: the league's name and logo and the
 * stats the projector's player card shows, picked from the catalog's own
 * columns, at most 6, in the organiser's order.
 */

/** The schema's limit on a stat's name (shared/auction/config.ts): a longer header cannot be a stat. */
const MAX_STAT_NAME = 40;

export interface StatChoice {
  readonly column: string;
  readonly label: string;
  /** 1-based place on the card, or null when not shown. */
  readonly position: number | null;
  /** Cannot be ticked: the card is full, or the header is too long to be a stat. */
  readonly disabled: boolean;
  /** Chosen before, but the catalog has no such column now (a new import): shown so it can be untied. */
  readonly isMissing: boolean;
}

/** The catalog's columns as choices, the chosen ones first in their order. */
export function statChoices(lots: readonly Lot[], stats: readonly string[]): StatChoice[] {
  const columns = lotAttributeColumns(lots);
  const present = new Set(columns);
  const isFull = stats.length >= MAX_DISPLAY_STATS;
  const chosen = stats.map((column, i) => ({
    column,
    label: columnLabel(column),
    position: i + 1,
    disabled: false,
    isMissing: !present.has(column),
  }));
  const rest = columns
    .filter((column) => !stats.includes(column))
    .map((column) => ({
      column,
      label: columnLabel(column),
      position: null,
      disabled: isFull || column.length > MAX_STAT_NAME,
      isMissing: false,
    }));
  return [...chosen, ...rest];
}

/** Ticks or unticks a column; a seventh stays out (the card holds 6). */
export function toggleStat(stats: readonly string[], column: string): string[] {
  if (stats.includes(column)) return stats.filter((stat) => stat !== column);
  if (stats.length >= MAX_DISPLAY_STATS || column.length === 0 || column.length > MAX_STAT_NAME) return [...stats];
  return [...stats, column];
}

/** Moves a chosen stat one place up (−1) or down (+1). */
export function moveStat(stats: readonly string[], column: string, delta: -1 | 1): string[] {
  const from = stats.indexOf(column);
  const to = from + delta;
  if (from < 0 || to < 0 || to >= stats.length) return [...stats];
  const next = [...stats];
  [next[from], next[to]] = [next[to] as string, column];
  return next;
}

export interface DisplayDraft {
  readonly league: string;
  readonly logo: string | null;
  readonly stats: readonly string[];
}

export function toDisplayDraft(display: Display | undefined): DisplayDraft {
  return { league: display?.league ?? '', logo: display?.logo ?? null, stats: display?.stats ?? [] };
}

/** The config's display: a blank league name, no logo or no stats are left out; nothing at all is undefined. */
export function fromDisplayDraft(draft: DisplayDraft): Display | undefined {
  const league = draft.league.trim();
  const display: Display = {
    ...(league === '' ? {} : { league }),
    ...(draft.logo === null ? {} : { logo: draft.logo }),
    ...(draft.stats.length === 0 ? {} : { stats: [...draft.stats] }),
  };
  return Object.keys(display).length === 0 ? undefined : display;
}
