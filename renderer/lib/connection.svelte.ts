import { findLot, findTeam, highBid, maxBid, nextMinBid } from '../../shared/auction/rules';
import type { AuctionEvent } from '../../shared/auction/events';
import type { AuctionState, Bid, Lot, Team, TeamId } from '../../shared/auction/types';
import { summariseTeams, type TeamSummary } from '../../shared/auction/views';
import type { AppError } from '../../shared/core/errors';
import type {
  Ack,
  AuditPage,
  AuditQuery,
  BidResult,
  ClientCommandType,
  CommandPayload,
  CommandResult,
  JoinCodes,
  Presence,
  Role,
} from '../../shared/protocol/messages';
import { connectGavel, type ClientChange, type ConnectionStatus, type GavelClient } from './gavel-client';

/**
 * The Svelte side of one connection to a host: the typed client's state
 * mirrored into `$state.raw` fields (replaced whole on every change, never
 * mutated), plus what every screen derives from it. Screens read getters;
 * only `#sync` writes.
 */

/** The last lot that closed, for the SOLD / UNSOLD moment between lots. */
export interface ClosedLot {
  readonly lotId: string;
  /** The buyer, or null when the lot went unsold. */
  readonly teamId: TeamId | null;
  readonly amount: number;
  /** Host time of the close. */
  readonly at: number;
}

export interface JoinTarget {
  readonly url: string;
  readonly code: string;
}

type ResultOf<T extends ClientCommandType> = T extends 'bid:place' | 'bid:floor' ? BidResult : CommandResult;

/** How close (ms) a sale must be to the start of the gap to count as the lot that just closed, after a reload. */
const CLOSE_MATCH_SLACK_MS = 2_000;

export class Connection {
  readonly target: JoinTarget;
  readonly #client: GavelClient;
  #status = $state.raw<ConnectionStatus>('connecting');
  #refusal = $state.raw<AppError | null>(null);
  #state = $state.raw<AuctionState | null>(null);
  #presence = $state.raw<Presence | null>(null);
  #role = $state.raw<Role | null>(null);
  #teamId = $state.raw<TeamId | null>(null);
  #joinCodes = $state.raw<JoinCodes | null>(null);
  #auctionId = $state.raw<string | null>(null);
  #closed = $state.raw<ClosedLot | null>(null);
  #rtt = $state.raw<number | null>(null);
  #unsubscribe: () => void;

  #teams = $derived(this.#state ? summariseTeams(this.#state) : []);
  #lot = $derived.by((): Lot | null => {
    const state = this.#state;
    return state?.current ? (findLot(state.config, state.current.lotId) ?? null) : null;
  });
  #high = $derived(this.#state ? highBid(this.#state) : null);
  #nextMin = $derived(this.#state ? nextMinBid(this.#state) : null);

  constructor(target: JoinTarget) {
    this.target = target;
    this.#client = connectGavel({ url: target.url, code: target.code });
    this.#unsubscribe = this.#client.subscribe((change) => this.#sync(change));
  }

  get status(): ConnectionStatus {
    return this.#status;
  }
  get refusal(): AppError | null {
    return this.#refusal;
  }
  /** The auction as this role sees it; null until the first snapshot. */
  get state(): AuctionState | null {
    return this.#state;
  }
  get presence(): Presence | null {
    return this.#presence;
  }
  get role(): Role | null {
    return this.#role;
  }
  get teamId(): TeamId | null {
    return this.#teamId;
  }
  get joinCodes(): JoinCodes | null {
    return this.#joinCodes;
  }
  /** The host's id of this auction (from the snapshot); null until the first one. */
  get auctionId(): string | null {
    return this.#auctionId;
  }
  /** Round trip to the host of the best clock sample, ms. */
  get rtt(): number | null {
    return this.#rtt;
  }
  get teams(): TeamSummary[] {
    return this.#teams;
  }
  /** The open lot's catalog entry. */
  get lot(): Lot | null {
    return this.#lot;
  }
  get highBid(): Bid | null {
    return this.#high;
  }
  /** The smallest acceptable bid now, or null when no lot is open. */
  get nextMin(): number | null {
    return this.#nextMin;
  }
  get closedLot(): ClosedLot | null {
    return this.#closed;
  }

  /** The host's clock now; every countdown uses it, never the device's clock alone. */
  hostNow(): number {
    return this.#client.hostNow();
  }

  team(teamId: TeamId | null | undefined): Team | undefined {
    return teamId && this.#state ? findTeam(this.#state.config, teamId) : undefined;
  }

  teamName(teamId: TeamId | null | undefined): string {
    return this.team(teamId)?.name ?? '—';
  }

  maxBidOf(teamId: TeamId): number {
    return this.#state ? maxBid(this.#state, teamId) : 0;
  }

  send<T extends ClientCommandType>(type: T, payload: CommandPayload<T>): Promise<Ack<ResultOf<T>>> {
    return this.#client.send(type, payload);
  }

  /** Sends a whole configuration; a long catalog goes in pages that fit the host's message limit. */
  configure(config: Parameters<GavelClient['configureAuction']>[0]): Promise<Ack<CommandResult>> {
    return this.#client.configureAuction(config);
  }

  placeBid(lotId: string, amount: number): Promise<Ack<BidResult>> {
    return this.#client.placeBid(lotId, amount);
  }

  /** Admin: a page of the audit log. */
  readAudit(query: AuditQuery): Promise<Ack<AuditPage>> {
    return this.#client.readAudit(query);
  }

  /** Admin: the whole audit log, for an export. */
  readWholeAudit(): Promise<Ack<AuctionEvent[]>> {
    return this.#client.readWholeAudit();
  }

  /** Calls `listener` with every auction event as it is folded in; returns the unsubscribe function. */
  onEvent(listener: (event: AuctionEvent) => void): () => void {
    return this.#client.subscribe((change) => {
      if (change.kind === 'event') listener(change.event);
    });
  }

  close(): void {
    this.#unsubscribe();
    this.#client.close();
  }

  #sync(change: ClientChange): void {
    const client = this.#client;
    this.#status = client.status;
    this.#refusal = client.refusal;
    this.#rtt = client.clockRtt;
    this.#presence = client.presence;
    if (change.kind === 'status' || change.kind === 'clock' || change.kind === 'presence') return;
    this.#state = client.state;
    this.#role = client.role;
    this.#teamId = client.teamId;
    this.#joinCodes = client.joinCodes;
    this.#auctionId = client.auctionId;
    if (change.kind === 'event') this.#track(change.event);
    else this.#closed = inferClosedLot(client.state);
  }

  #track(event: AuctionEvent): void {
    switch (event.type) {
      case 'lot:sold':
        this.#closed = { lotId: event.lotId, teamId: event.teamId, amount: event.amount, at: event.at };
        break;
      case 'lot:unsold':
        this.#closed = { lotId: event.lotId, teamId: null, amount: 0, at: event.at };
        break;
      case 'lot:opened':
      case 'lot:nominating':
      case 'auction:configured':
        this.#closed = null;
        break;
      case 'sale:undone':
        if (this.#closed?.lotId === event.lotId) this.#closed = null;
        break;
    }
  }
}

/**
 * After a snapshot (a reload or a reconnect during the gap between lots) the
 * lot that just closed is not in the state as such; the last sale made just
 * before the gap started is, and so is the last unsold lot.
 */
function inferClosedLot(state: AuctionState | null): ClosedLot | null {
  if (!state || state.phase !== 'gap' || state.gapEndsAt === null) return null;
  const gapStart = state.gapEndsAt - state.config.rules.gapMs;
  const sale = state.sales[state.sales.length - 1];
  if (sale && Math.abs(sale.at - gapStart) <= CLOSE_MATCH_SLACK_MS) {
    return { lotId: sale.lotId, teamId: sale.teamId, amount: sale.amount, at: sale.at };
  }
  const unsold = state.unsold[state.unsold.length - 1];
  return unsold ? { lotId: unsold, teamId: null, amount: 0, at: gapStart } : null;
}
