import { Connection, type JoinTarget } from './connection.svelte';
import { saveSessionJoin } from './join-store';

/**
 * The page's one connection to a host. Joining replaces any previous
 * connection; the join is kept in sessionStorage so a reload rejoins as the
 * same team.
 */
class Session {
  #connection = $state.raw<Connection | null>(null);

  get connection(): Connection | null {
    return this.#connection;
  }

  join(target: JoinTarget): Connection {
    this.#connection?.close();
    const connection = new Connection(target);
    this.#connection = connection;
    saveSessionJoin(target);
    return connection;
  }

  /** Disconnects and forgets this tab's join. */
  leave(): void {
    this.#connection?.close();
    this.#connection = null;
    saveSessionJoin(null);
  }
}

export const session = new Session();
