import { MAX_DISPLAY_STATS } from '../../shared/auction/config';
import { lotAttribute, normaliseAttribute } from '../../shared/auction/quotas';
import { findLot, findTeam } from '../../shared/auction/rules';
import type { AuctionState, Lot, Sale, TeamId } from '../../shared/auction/types';
import type { TeamSummary } from '../../shared/auction/views';
import { readBoard, type BoardRow } from './bidder-board';
import type { ClosedLot } from './connection.svelte';
import { formatAmount, formatQuantity } from './format';
import { readResults } from './results';
import { describeRtmSale } from './rtm-panel';
import { readUpNext } from './up-next';

/**
 * What the projector shows, as words and flags: the player card [DSP1]–[DSP3],
 * the SOLD moment, the team board, the ticker of sales, "up next", the
 * banners and the end-of-night summary. Pure: numbers come from `shared/`
 * (`summariseTeams`, `quotaUse`) through the existing view-models; nothing
 * here restates a rule. The `.svelte` files only lay it out.
 */

// ---------------------------------------------------------------- header

export interface ProjectorHeader {
  /** [DSP2] the league's name, empty when the organiser gave none. */
  readonly league: string;
  /** [DSP2] the league's logo, a media name, or null. */
  readonly logo: string | null;
  readonly name: string;
  /** "Round 1 · 12 to go" while running; empty in setup and once finished. */
  readonly progress: string;
}

export function readHeader(state: AuctionState): ProjectorHeader {
  const display = state.config.display;
  const isLive = state.status === 'running' || state.status === 'paused';
  return {
    league: display?.league?.trim() ?? '',
    logo: display?.logo ?? null,
    name: state.config.name,
    progress: isLive ? `Round ${Math.max(1, state.round)} · ${state.queue.length} to go` : '',
  };
}

// ---------------------------------------------------------------- player card

export interface StatLine {
  /** The catalog column, unique on the card: lists key by it. */
  readonly key: string;
  readonly label: string;
  readonly value: string;
}

export interface Badge {
  readonly key: string;
  readonly label: string;
  /** `attribute`: a yes-column of the catalog (overseas); `rtm`: a team may match [RTM2]. */
  readonly kind: 'attribute' | 'rtm';
}

export interface PlayerCard {
  readonly lotId: string;
  readonly name: string;
  /** A name too long for the biggest type (a 40-character name would take four lines): set smaller. */
  readonly isLongName: boolean;
  /** Shown in a tile when there is no photo or it does not load. */
  readonly initials: string;
  /** [DSP1] a media name, or null. */
  readonly photo: string | null;
  /** The lot's category: the player's role. */
  readonly role: string;
  readonly set: string;
  readonly basePrice: string;
  readonly badges: readonly Badge[];
  /** [DSP3] the organiser's stats, in its order, without the ones this lot has no value for. */
  readonly stats: readonly StatLine[];
}

/** "batting_avg" → "batting avg": a column's name as a label. */
function toLabel(key: string): string {
  return key.replace(/[_-]+/g, ' ').trim();
}

/**
 * A yes/no column in words (`Yes`, `N`, `true`): a badge when yes. Quotas also read `1` and `0`
 * as yes and no [QUO1], but on a card `wickets: 1` is a number, not a flag.
 */
function isFlag(value: string): boolean {
  return /^\s*(?:yes|y|true|no|n|false)\s*$/i.test(value);
}

/** Scripts whose letters join: initials of these get a zero-width non-joiner between them. */
const JOINING_SCRIPT = /[\p{Script=Arabic}\p{Script=Syriac}\p{Script=Nko}\p{Script=Mongolian}]/u;

/**
 * Up to two letters for a name's tile: the first letters of its first and last
 * words, by code point (so a surrogate pair stays whole), upper-cased where the
 * script has case. "?" for a name with no letters at all.
 */
export function initialsOf(name: string): string {
  const words = name
    .split(/\s+/u)
    .map((word) => word.replace(/^[^\p{L}\p{N}]+/u, ''))
    .filter((word) => word !== '');
  const first = words[0];
  const last = words.length > 1 ? words[words.length - 1] : undefined;
  const letters = [first, last].map((word) => (word ? (Array.from(word)[0] ?? '') : '')).filter((l) => l !== '');
  if (letters.length === 0) return '?';
  // Letters of a joining script (Arabic) would join into a word: a zero-width non-joiner keeps them apart.
  const glue = letters.some((letter) => JOINING_SCRIPT.test(letter)) ? '\u200c' : '';
  return letters.join(glue).toLocaleUpperCase();
}

/**
 * [DSP3] the organiser's stats for this lot: `display.stats` in order, skipping empty values and
 * repeats. An auction whose organiser picked none (no `stats` at all, e.g. a config written before
 * [DSP2]) shows the lot's own columns as the lot card always did, up to MAX_DISPLAY_STATS, leaving
 * out the yes/no columns its badges show; an empty pick shows none.
 */
export function readStats(state: AuctionState, lot: Lot): StatLine[] {
  const picked = state.config.display?.stats;
  const keys =
    picked ??
    Object.entries(lot.extra)
      .filter(([, value]) => !isFlag(value))
      .map(([key]) => key);
  const lines: StatLine[] = [];
  const seen = new Set<string>();
  for (const key of keys) {
    const id = key.trim().toLowerCase();
    if (seen.has(id) || lines.length >= MAX_DISPLAY_STATS) continue;
    seen.add(id);
    const value = lotAttribute(lot, key)?.trim() ?? '';
    if (value !== '') lines.push({ key, label: toLabel(key), value });
  }
  return lines;
}

/**
 * The lot's badges: each catalog column that says yes (`overseas: Y`), unless
 * the organiser already shows it as a stat, and the team that may match [RTM2].
 */
export function readBadges(state: AuctionState, lot: Lot): Badge[] {
  const stats = new Set((state.config.display?.stats ?? []).map((key) => key.trim().toLowerCase()));
  const badges: Badge[] = Object.entries(lot.extra)
    .filter(
      ([key, value]) => isFlag(value) && normaliseAttribute(value) === 'yes' && !stats.has(key.trim().toLowerCase()),
    )
    .map(([key]) => ({ key, label: toLabel(key), kind: 'attribute' }));
  if (lot.rtmTeamId) {
    const team = findTeam(state.config, lot.rtmTeamId);
    badges.push({ key: '#rtm', label: `RTM: ${team?.short ?? lot.rtmTeamId}`, kind: 'rtm' });
  }
  return badges;
}

/** Names longer than this many characters get the smaller type. */
export const LONG_NAME_CHARS = 18;

export function readPlayerCard(state: AuctionState, lot: Lot): PlayerCard {
  return {
    lotId: lot.id,
    name: lot.name,
    isLongName: Array.from(lot.name).length > LONG_NAME_CHARS,
    initials: initialsOf(lot.name),
    photo: lot.photo ?? null,
    role: lot.category.trim(),
    set: lot.set.trim(),
    basePrice: formatAmount(state.config.rules, lot.basePrice),
    badges: readBadges(state, lot),
    stats: readStats(state, lot),
  };
}

// ---------------------------------------------------------------- the SOLD moment

export interface Moment {
  readonly card: PlayerCard | null;
  readonly lotName: string;
  readonly isSold: boolean;
  readonly teamId: TeamId | null;
  readonly teamName: string;
  readonly price: string;
  /** [RTM6] "by right to match", or empty. */
  readonly rtm: string;
  /** [COR1] "Corrected: was T2's at $15.00", or empty; the banner gives the reason. */
  readonly correction: string;
}

function teamNameOf(state: AuctionState, teamId: TeamId): string {
  return findTeam(state.config, teamId)?.name ?? teamId;
}

/**
 * The lot that just closed, as the room should read it now. The buyer and the
 * price are the standing sale's: a correction [COR1] made after the hammer
 * shows at once, not the hammer's first word. A sale since undone reads unsold.
 */
export function readMoment(state: AuctionState, closed: ClosedLot): Moment {
  const lot = findLot(state.config, closed.lotId);
  const sale = closed.teamId === null ? undefined : state.sales.findLast((item) => item.lotId === closed.lotId);
  return {
    card: lot ? readPlayerCard(state, lot) : null,
    lotName: lot?.name ?? closed.lotId,
    isSold: sale !== undefined,
    teamId: sale?.teamId ?? null,
    teamName: sale ? teamNameOf(state, sale.teamId) : '',
    price: sale ? formatAmount(state.config.rules, sale.amount) : '',
    rtm: sale ? describeRtmSale(state, sale.lotId) : '',
    correction: sale ? describeCorrectionShort(state, sale) : '',
  };
}

/** [COR1] What the sale was before its latest correction, in a few words: "Corrected: was CHE's at $80". */
export function describeCorrectionShort(state: AuctionState, sale: Sale): string {
  const corrected = sale.corrected;
  if (!corrected) return '';
  const price = formatAmount(state.config.rules, corrected.fromAmount);
  if (corrected.fromTeamId === sale.teamId) return `Corrected: was ${price}`;
  const team = findTeam(state.config, corrected.fromTeamId);
  return `Corrected: was ${team?.short ?? corrected.fromTeamId}'s at ${price}`;
}

// ---------------------------------------------------------------- team board

export interface ProjectorTile extends BoardRow {
  /** [QUO7] the quota use in one line, `overseas 1/8 · Wicketkeeper 0/min 1`; empty without quotas. */
  readonly quotaText: string;
  readonly isSquadFull: boolean;
}

/** Every team's tile: purse left, max bid [MAX1], places left and quota use [QUO7], from the bidder board's rows. */
export function readTiles(
  teams: readonly TeamSummary[],
  state: AuctionState,
  leaderId: TeamId | null,
): ProjectorTile[] {
  return readBoard(teams, state.config.rules, null, leaderId).map((row) => ({
    ...row,
    quotaText: row.quotas.map((line) => `${line.label} ${line.text}`).join(' · '),
    isSquadFull: row.slotsLeft === 0,
  }));
}

/** Up to this many teams get roomy tiles (two rows of six); more get compact one-line tiles. */
export const ROOMY_TILES_MAX = 12;

// ---------------------------------------------------------------- ticker

/** [RET2] retained, [RTM6] matched, [COR1] corrected: how a sale is marked wherever sales are listed. */
export type SaleMark = 'retained' | 'rtm' | 'corrected';

export const MARK_LABEL: Readonly<Record<SaleMark, string>> = {
  retained: 'Retained',
  rtm: 'RTM',
  corrected: 'Corrected',
};

export function markOf(sale: Sale): SaleMark | null {
  if (sale.retained) return 'retained';
  if (sale.rtm) return 'rtm';
  if (sale.corrected) return 'corrected';
  return null;
}

export interface TickerItem {
  readonly saleId: number;
  readonly lotId: string;
  readonly lotName: string;
  readonly teamName: string;
  readonly teamShort: string;
  readonly price: string;
  readonly mark: SaleMark | null;
}

/** How many sales the ticker holds; the screen shows as many as fit in one line. */
export const TICKER_LENGTH = 6;

/** The latest sales, newest first. */
export function readTicker(state: AuctionState, length = TICKER_LENGTH): TickerItem[] {
  const items: TickerItem[] = [];
  for (let i = state.sales.length - 1; i >= 0 && items.length < length; i -= 1) {
    const sale = state.sales[i];
    if (!sale) continue;
    const team = findTeam(state.config, sale.teamId);
    items.push({
      saleId: sale.id,
      lotId: sale.lotId,
      lotName: findLot(state.config, sale.lotId)?.name ?? sale.lotId,
      teamName: team?.name ?? sale.teamId,
      teamShort: team?.short ?? sale.teamId,
      price: formatAmount(state.config.rules, sale.amount),
      mark: markOf(sale),
    });
  }
  return items;
}

// ---------------------------------------------------------------- up next

export interface UpNextLine {
  readonly lotId: string;
  readonly name: string;
  readonly role: string;
  readonly basePrice: string;
}

export interface ProjectorUpNext {
  readonly lots: readonly UpNextLine[];
  /** Lots waiting beyond the ones listed. */
  readonly more: number;
  /** Why nothing is listed ("Teams nominate…", "Nothing left."), else empty. */
  readonly note: string;
}

/** How many lots "up next" lists on the projector. */
export const UP_NEXT_SHOWN = 3;

/** What comes next, from the console's queue card. */
export function readProjectorUpNext(state: AuctionState): ProjectorUpNext {
  const up = readUpNext(state);
  const lots = up.lots.slice(0, UP_NEXT_SHOWN).map((lot) => ({
    lotId: lot.id,
    name: lot.name,
    role: lot.category.trim(),
    basePrice: formatAmount(state.config.rules, lot.basePrice),
  }));
  const note =
    up.kind === 'nominating' || state.config.rules.order.mode === 'nominate'
      ? 'Teams nominate the next lot in turn.'
      : up.note;
  return { lots: up.kind === 'queue' ? lots : [], more: Math.max(0, up.pending - lots.length), note };
}

// ---------------------------------------------------------------- banners

export interface Banner {
  readonly kind: 'paused' | 'rtm' | 'correction';
  readonly title: string;
  readonly detail: string;
}

/**
 * [COR1] The latest correction while it is news: until a lot opens or closes
 * after it. `since` is the latest of those (the open lot's opening, else the
 * last close); null when unknown (after a reload), and the correction shows.
 */
export function readCorrectionBanner(state: AuctionState, since: number | null): Banner | null {
  const latest = state.sales.reduce<Sale | null>(
    (found, sale) => (sale.corrected && (!found?.corrected || sale.corrected.at >= found.corrected.at) ? sale : found),
    null,
  );
  const corrected = latest?.corrected;
  if (!latest || !corrected || (since !== null && corrected.at < since)) return null;
  // Team short names, as the board shows them, keep the line to one row on the wall.
  const rules = state.config.rules;
  const short = (teamId: TeamId): string => findTeam(state.config, teamId)?.short ?? teamId;
  const lot = findLot(state.config, latest.lotId)?.name ?? latest.lotId;
  const was =
    corrected.fromTeamId === latest.teamId
      ? formatAmount(rules, corrected.fromAmount)
      : `${short(corrected.fromTeamId)} at ${formatAmount(rules, corrected.fromAmount)}`;
  const detail = `${lot} → ${short(latest.teamId)} at ${formatAmount(rules, latest.amount)} (was ${was}). Reason: ${corrected.reason}`;
  return { kind: 'correction', title: 'Sale corrected', detail };
}

/** The banners over the stage, most urgent first: paused, a right-to-match decision [RTM3], a fresh correction. */
export function readBanners(state: AuctionState, closed: ClosedLot | null): Banner[] {
  const banners: Banner[] = [];
  if (state.status === 'paused') {
    banners.push({ kind: 'paused', title: 'Paused', detail: 'Bidding is on hold; the clock is stopped.' });
  }
  if (state.phase === 'rtm' && state.rtm) {
    const rtm = state.rtm;
    const decider = teamNameOf(state, rtm.step === 'raise' ? rtm.winnerId : rtm.teamId);
    banners.push({ kind: 'rtm', title: 'Right to match', detail: `${decider} is deciding` });
  }
  const since = state.current?.openedAt ?? closed?.at ?? null;
  const correction = readCorrectionBanner(state, since);
  if (correction) banners.push(correction);
  return banners;
}

// ---------------------------------------------------------------- the end of the night

export interface SummaryLine {
  readonly lotId: string;
  readonly name: string;
  readonly price: string;
  readonly amount: number;
  readonly mark: SaleMark | null;
}

export interface SummaryTeam {
  readonly id: TeamId;
  readonly name: string;
  readonly short: string;
  readonly spent: string;
  readonly left: string;
  readonly count: number;
  /** The squad, dearest first (retained players among them, marked). */
  readonly squad: readonly SummaryLine[];
}

export interface TopBuy extends SummaryLine {
  readonly teamName: string;
  readonly teamShort: string;
}

export interface Summary {
  readonly teams: readonly SummaryTeam[];
  /** The dearest players bought on the night (retained ones are not bought), dearest first. */
  readonly topBuys: readonly TopBuy[];
  /** "18 sold · 4 unsold · $1,240 spent" */
  readonly totals: string;
}

/** How many top buys the summary lists. */
export const TOP_BUYS_SHOWN = 5;

function toLine(state: AuctionState, sale: Sale): SummaryLine {
  return {
    lotId: sale.lotId,
    name: findLot(state.config, sale.lotId)?.name ?? sale.lotId,
    price: formatAmount(state.config.rules, sale.amount),
    amount: sale.amount,
    mark: markOf(sale),
  };
}

/** Dearest first; of two at one price, the earlier sale first. */
function byPrice(a: { amount: number; index: number }, b: { amount: number; index: number }): number {
  return b.amount - a.amount || a.index - b.index;
}

/** Each team's squad with prices, money spent and left, and the top buys, from the results. */
export function readSummary(state: AuctionState): Summary {
  const rules = state.config.rules;
  const results = readResults(state);
  const indexed = state.sales.map((sale, index) => ({ sale, amount: sale.amount, index }));
  const teams = results.teams.map(({ team }) => {
    const squad = indexed
      .filter((item) => item.sale.teamId === team.id)
      .sort(byPrice)
      .map((item) => toLine(state, item.sale));
    return {
      id: team.id,
      name: team.name,
      short: team.short,
      spent: formatAmount(rules, team.spent),
      left: formatAmount(rules, team.left),
      count: team.squad,
      squad,
    };
  });
  const topBuys = indexed
    .filter((item) => !item.sale.retained)
    .sort(byPrice)
    .slice(0, TOP_BUYS_SHOWN)
    .map((item) => {
      const team = findTeam(state.config, item.sale.teamId);
      return {
        ...toLine(state, item.sale),
        teamName: team?.name ?? item.sale.teamId,
        teamShort: team?.short ?? item.sale.teamId,
      };
    });
  const spent = results.teams.reduce((sum, { team }) => sum + team.spent, 0);
  const totals = [
    `${formatQuantity(state.sales.length, 'player')} sold`,
    `${results.unsold.length} unsold`,
    `${formatAmount(rules, spent)} spent`,
  ].join(' · ');
  return { teams, topBuys, totals };
}
