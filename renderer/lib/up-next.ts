import { findLot } from '../../shared/auction/rules';
import type { AuctionState, Lot, Sale } from '../../shared/auction/types';

/** The console's queue card: what comes next, in what order, and whether it may open now. */

/** How many waiting lots the card lists. */
export const QUEUE_SHOWN = 8;

export interface UpNext {
  /** "Waiting lots" once teams nominate, else "Up next". */
  readonly title: string;
  /**
   * - `nominating`: a team picks from the waiting lots;
   * - `order-unknown`: before the start in sets or nominate mode (drawn or picked later);
   * - `empty`: nothing queued;
   * - `queue`: `lots` in order.
   */
  readonly kind: 'nominating' | 'order-unknown' | 'empty' | 'queue';
  /** Lots still to come: the queue once started; before the start, the catalog. */
  readonly pending: number;
  readonly lots: readonly Lot[];
  /** Waiting lots beyond the ones listed. */
  readonly more: number;
  /** [ORD3] between lots the auctioneer may put any waiting lot up at once, in every order mode. */
  readonly canOpenNow: boolean;
  /** Why nothing is listed (kinds `order-unknown` and `empty`). */
  readonly note: string;
  /** The last sale and its lot, for the card under it (and the undo question). */
  readonly lastSale: { readonly sale: Sale; readonly lot: Lot } | null;
}

export function readUpNext(state: AuctionState): UpNext {
  const rules = state.config.rules;
  const isSetup = state.status === 'setup';
  const pendingIds = isSetup ? state.config.lots.map((lot) => lot.id) : state.queue;
  const isOrderUnknown = isSetup && rules.order.mode !== 'catalog';
  const sale = state.sales[state.sales.length - 1];
  const saleLot = sale ? findLot(state.config, sale.lotId) : undefined;
  const lots = pendingIds
    .slice(0, QUEUE_SHOWN)
    .map((lotId) => findLot(state.config, lotId))
    .filter((lot) => lot !== undefined);
  const kind =
    state.phase === 'nominating'
      ? 'nominating'
      : isOrderUnknown
        ? 'order-unknown'
        : lots.length === 0
          ? 'empty'
          : 'queue';
  let note = '';
  if (kind === 'order-unknown') {
    note =
      rules.order.mode === 'nominate'
        ? 'Teams nominate lots in turn once the auction starts.'
        : 'Sets run in catalog order; the order inside each set is drawn at the start.';
  } else if (kind === 'empty') {
    const comesBack = state.unsold.length > 0 && state.round < rules.rounds;
    note =
      state.status === 'finished'
        ? 'Nothing left.'
        : `Nothing queued${comesBack ? '; unsold lots return next round' : ''}.`;
  }
  return {
    title: rules.order.mode === 'nominate' && !isSetup ? 'Waiting lots' : 'Up next',
    kind,
    pending: pendingIds.length,
    lots: kind === 'queue' ? lots : [],
    more: Math.max(0, pendingIds.length - QUEUE_SHOWN),
    canOpenNow: state.status === 'running' && state.phase === 'gap',
    note,
    lastSale: sale && saleLot ? { sale, lot: saleLot } : null,
  };
}
