import type { AuctionEvent } from '../../shared/auction/events';
import { findLot, findTeam } from '../../shared/auction/rules';
import type { AuctionConfig } from '../../shared/auction/types';
import { toCsv, type CsvCell } from '../../shared/catalog';
import { minorDigits } from '../../shared/core/money';
import { formatAmount, toMajorDecimal } from './format';

/**
 * The audit log as people read it: one row per event of the auction, with
 * host time, the lot and team by name, the amount, whether the auctioneer
 * entered a bid (floor) or the host's clock caused the event (automatic),
 * and the reason of a purse adjustment. The console pages through it and
 * exports it as CSV.
 */

export interface AuditRow {
  /** The event's seq: unique in the auction, the row's key. */
  readonly seq: number;
  /** Host time, ms. */
  readonly at: number;
  readonly type: AuctionEvent['type'];
  readonly lotId: string | null;
  readonly lot: string;
  readonly teamId: string | null;
  readonly team: string;
  /** Minor units, or null when the event moves no money. */
  readonly amount: number | null;
  readonly isFloor: boolean;
  /** Caused by the host's clock (a lot closed or opened on time) [EVT6]. */
  readonly isAutomatic: boolean;
  /** Who caused it: `system`, `admin`, `team`, or '' for events from before [EVT6]. */
  readonly by: string;
  /** What else a reader needs: an adjustment's reason, a new deadline, a round. */
  readonly note: string;
}

/** The rows of `events`, named with `config` (the auction's config now; a lot or team since removed keeps its id). */
export function toAuditRows(events: readonly AuctionEvent[], config: AuctionConfig): AuditRow[] {
  const lotName = (id: string | null): string => (id === null ? '' : (findLot(config, id)?.name ?? id));
  const teamName = (id: string | null): string => (id === null ? '' : (findTeam(config, id)?.name ?? id));
  return events.map((event) => {
    let lotId: string | null = null;
    let teamId: string | null = null;
    let amount: number | null = null;
    let isFloor = false;
    let note = '';
    switch (event.type) {
      case 'bid:accepted':
        lotId = event.lotId;
        teamId = event.bid.teamId;
        amount = event.bid.amount;
        isFloor = event.bid.floor;
        // [PRX3] placed by the team's maximum (the maximum itself never reaches the auctioneer).
        note = event.bid.auto === true ? `auto bid ${event.bid.id}` : `bid ${event.bid.id}`;
        break;
      case 'lot:opened':
        lotId = event.lotId;
        teamId = event.nominatedBy;
        note = event.nominatedBy === null ? '' : 'nominated';
        break;
      case 'lot:sold':
        lotId = event.lotId;
        teamId = event.teamId;
        amount = event.amount;
        // [RTM6] bought back with a right-to-match card.
        note = event.rtm === true ? 'right to match' : '';
        break;
      case 'sale:undone':
        lotId = event.lotId;
        teamId = event.teamId;
        amount = event.amount;
        break;
      // [RTM3]–[RTM6] each right-to-match decision: the team that took it (the winner for a raise).
      case 'rtm:offered':
        lotId = event.lotId;
        teamId = event.teamId;
        amount = event.amount;
        note = `won by ${teamName(event.winnerId)}`;
        break;
      case 'rtm:raised':
      case 'rtm:matched':
        lotId = event.lotId;
        teamId = event.teamId;
        amount = event.amount;
        break;
      case 'rtm:used':
      case 'rtm:declined':
      case 'rtm:stood':
      case 'rtm:passed':
        lotId = event.lotId;
        teamId = event.teamId;
        break;
      case 'lot:unsold':
        lotId = event.lotId;
        break;
      case 'lot:nominating':
        teamId = event.teamId;
        break;
      case 'purse:adjusted':
        teamId = event.teamId;
        amount = event.delta;
        note = event.reason;
        break;
      case 'lot:extended':
      case 'auction:resumed':
        note = `${event.phase} until ${new Date(event.endsAt).toISOString()}`;
        break;
      case 'auction:paused':
        note = `${event.phase}, ${event.remainingMs} ms left`;
        break;
      case 'round:started':
        note = `round ${event.round}, ${event.queue.length} lots`;
        break;
      case 'event:withheld':
        // [PRX6] a team's own proxy event: only that team may know what it said.
        note = 'private to a team';
        break;
      default:
        break;
    }
    return {
      seq: event.seq,
      at: event.at,
      type: event.type,
      lotId,
      lot: lotName(lotId),
      teamId,
      team: teamName(teamId),
      amount,
      isFloor,
      isAutomatic: event.by === 'system',
      by: event.by ?? '',
      note,
    };
  });
}

/** The audit log as CSV; every cell goes through toCsv's formula neutralising (names and reasons are user text). */
export function auditToCsv(rows: readonly AuditRow[], config: AuctionConfig): string {
  const { currency } = config.rules;
  const digits = minorDigits(currency);
  const table: CsvCell[][] = [
    [
      'seq',
      'host_time_utc',
      'event',
      'lot_id',
      'lot',
      'team_id',
      'team',
      `amount_${currency.toLowerCase()}`,
      'amount',
      'floor',
      'automatic',
      'by',
      'note',
    ],
  ];
  for (const row of rows) {
    table.push([
      row.seq,
      new Date(row.at).toISOString(),
      row.type,
      row.lotId ?? '',
      row.lot,
      row.teamId ?? '',
      row.team,
      row.amount === null ? '' : toMajorDecimal(row.amount, digits),
      row.amount === null ? '' : formatAmount(config.rules, row.amount),
      row.isFloor ? 'yes' : '',
      row.isAutomatic ? 'yes' : '',
      row.by,
      row.note,
    ]);
  }
  return toCsv(table);
}
