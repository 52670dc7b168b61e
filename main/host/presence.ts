import type { Presence } from '../../shared/protocol/messages';
import type { Identity } from './credentials';

/** Presence changes within this window go out as one `presence:changed` to the auctioneer's sockets. */
export const PRESENCE_COALESCE_MS = 100;
/**
 * ... and within this one to everyone else. Only the console shows presence;
 * other screens read it from their snapshot, if at all. While 1,000 clients
 * connected in about 2 s, one update per 100 ms to every socket was ~20
 * broadcasts to an average of 500 sockets (10,000 writes of 2 KB for 100
 * teams), ten times the snapshots themselves; at one a second it was still
 * over a quarter of the host's CPU for the connects. A room that comes back
 * at once now gets one update, after it is back.
 */
export const PRESENCE_ROOM_COALESCE_MS = 5_000;

export interface PresenceEmitters {
  /** To the auctioneer's sockets. */
  readonly admins: (presence: Presence) => void;
  /** To every other socket. */
  readonly others: (presence: Presence) => void;
}

/**
 * Who is connected: sockets per team, admins, spectators. Changes are
 * coalesced, so a room of 500 phones joining at once sends a handful of
 * updates, not 500 × 500. `current` is made again only when an update goes
 * out to the console, so a snapshot carries presence as of the last update
 * (at most PRESENCE_COALESCE_MS old, and the console's next update follows):
 * made per connect, it was 1.6 % of the host's CPU while 1,000 clients
 * connected, and its JSON as much again.
 */
export class PresenceBoard {
  // Keyed by team ids, which are user strings ("constructor" is a fine id): a Map, never `{}`.
  readonly #teams: Map<string, number>;
  readonly #emit: PresenceEmitters;
  readonly #coalesceMs: number;
  readonly #roomCoalesceMs: number;
  #admins = 0;
  #spectators = 0;
  #current: Presence | null = null;
  #adminTimer: ReturnType<typeof setTimeout> | null = null;
  #roomTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    teamIds: readonly string[],
    emit: PresenceEmitters,
    { coalesceMs = PRESENCE_COALESCE_MS, roomCoalesceMs = PRESENCE_ROOM_COALESCE_MS } = {},
  ) {
    this.#teams = new Map(teamIds.map((id) => [id, 0]));
    this.#emit = emit;
    this.#coalesceMs = coalesceMs;
    this.#roomCoalesceMs = roomCoalesceMs;
  }

  get current(): Presence {
    this.#current ??= {
      teams: Object.fromEntries(this.#teams),
      admins: this.#admins,
      spectators: this.#spectators,
    };
    return this.#current;
  }

  /** A socket of `identity` connected (+1) or left (−1). */
  change(identity: Identity, delta: 1 | -1): void {
    if (identity.role === 'team' && identity.teamId) {
      this.#teams.set(identity.teamId, (this.#teams.get(identity.teamId) ?? 0) + delta);
    } else if (identity.role === 'admin') this.#admins += delta;
    else this.#spectators += delta;
    this.#changed();
  }

  /** Setup changed the teams: removed ones drop out, new ones start at 0. */
  setTeams(teamIds: readonly string[]): void {
    for (const id of [...this.#teams.keys()]) if (!teamIds.includes(id)) this.#teams.delete(id);
    for (const id of teamIds) if (!this.#teams.has(id)) this.#teams.set(id, 0);
    this.#changed();
  }

  close(): void {
    if (this.#adminTimer) clearTimeout(this.#adminTimer);
    if (this.#roomTimer) clearTimeout(this.#roomTimer);
    this.#adminTimer = null;
    this.#roomTimer = null;
  }

  #changed(): void {
    this.#adminTimer ??= setTimeout(() => {
      this.#adminTimer = null;
      this.#current = null;
      this.#emit.admins(this.current);
    }, this.#coalesceMs);
    this.#roomTimer ??= setTimeout(() => {
      this.#roomTimer = null;
      this.#emit.others(this.current);
    }, this.#roomCoalesceMs);
  }
}
