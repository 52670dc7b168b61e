import type { Presence } from '../../shared/protocol/messages';
import type { Identity } from './credentials';

/** Presence changes within this window go out as one `presence:changed`. */
export const PRESENCE_COALESCE_MS = 100;

/**
 * Who is connected: sockets per team, admins, spectators. Changes are
 * coalesced, so a room of 500 phones joining at once sends a handful of
 * updates, not 500 × 500.
 */
export class PresenceBoard {
  // Keyed by team ids, which are user strings ("constructor" is a fine id): a Map, never `{}`.
  readonly #teams: Map<string, number>;
  readonly #emit: (presence: Presence) => void;
  readonly #coalesceMs: number;
  #admins = 0;
  #spectators = 0;
  #timer: ReturnType<typeof setTimeout> | null = null;

  constructor(teamIds: readonly string[], emit: (presence: Presence) => void, coalesceMs = PRESENCE_COALESCE_MS) {
    this.#teams = new Map(teamIds.map((id) => [id, 0]));
    this.#emit = emit;
    this.#coalesceMs = coalesceMs;
  }

  get current(): Presence {
    return { teams: Object.fromEntries(this.#teams), admins: this.#admins, spectators: this.#spectators };
  }

  /** A socket of `identity` connected (+1) or left (−1). */
  change(identity: Identity, delta: 1 | -1): void {
    if (identity.role === 'team' && identity.teamId) {
      this.#teams.set(identity.teamId, (this.#teams.get(identity.teamId) ?? 0) + delta);
    } else if (identity.role === 'admin') this.#admins += delta;
    else this.#spectators += delta;
    this.#timer ??= setTimeout(() => {
      this.#timer = null;
      this.#emit(this.current);
    }, this.#coalesceMs);
  }

  /** Setup changed the teams: removed ones drop out, new ones start at 0. */
  setTeams(teamIds: readonly string[]): void {
    for (const id of [...this.#teams.keys()]) if (!teamIds.includes(id)) this.#teams.delete(id);
    for (const id of teamIds) if (!this.#teams.has(id)) this.#teams.set(id, 0);
  }

  close(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
  }
}
