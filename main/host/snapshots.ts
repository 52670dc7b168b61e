import { createHash } from 'node:crypto';
import type { AuctionConfig, AuctionState } from '../../shared/auction/types';
import { ownValue } from '../../shared/auction/records';
import { hasWishlists, toAuctioneerState, toPublicState, toTeamState } from '../../shared/auction/views';
import {
  MAX_CONFIG_VERSION_LENGTH,
  PROTOCOL_VERSION,
  type JoinCodes,
  type Presence,
  type SnapshotMessage,
} from '../../shared/protocol/messages';
import type { Identity } from './credentials';

/**
 * Snapshots, built once per version instead of once per connect.
 *
 * The config (teams, catalog, rules) is about four fifths of a snapshot
 * (docs/PERFORMANCE.md, "Findings") and changes only in setup
 * (`auction:created`, `auction:configured`). So the host names each config
 * by a hash of its JSON, made once when the config first goes out, and
 * keeps that JSON: a client that names the current version gets the
 * snapshot without the config, and one that does not gets the config's JSON
 * spliced in as it was encoded the first time. Encoding the snapshot
 * per connect was 10 % of the host's CPU while 1,000 clients connected
 * (`encodeAsString` + `hasBinary` in socket.io-parser); what is left per
 * connect is the small part.
 *
 * A content hash, not the seq of the event that set the config: a host
 * resumed after a power cut can lose a broadcast `auction:configured` and
 * then set a different config at the same seq; equal hashes always mean
 * equal configs, whatever auction or host they came from.
 */

/** Hash bytes kept: 128 bits, base64url, 22 characters. */
const VERSION_BYTES = 16;

export interface ConfigVersion {
  readonly config: AuctionConfig;
  readonly version: string;
  /** `JSON.stringify(config)`, made once. */
  readonly json: string;
}

/** Who a snapshot is for, and what it holds besides the state. */
export interface SnapshotFor {
  readonly identity: Identity;
  readonly hostNow: number;
  readonly presence: Presence;
  readonly joinCodes: JoinCodes | null;
  /** The config version the client says it holds; only the current version counts. */
  readonly heldVersion: string | null;
}

/** A claimed version as the host reads it: a string of a version's length, or nothing. */
export function readVersionClaim(value: unknown): string | null {
  return typeof value === 'string' && value.length > 0 && value.length <= MAX_CONFIG_VERSION_LENGTH ? value : null;
}

export class SnapshotBuilder {
  readonly #auctionId: string;
  #config: ConfigVersion | null = null;
  /** The public view of the last published state, and its JSON without the config: one per seq. */
  #publicOf: AuctionState | null = null;
  #publicState: AuctionState | null = null;
  #publicJson: string | null = null;
  #presenceOf: Presence | null = null;
  #presenceText = '';

  constructor(auctionId: string) {
    this.#auctionId = auctionId;
  }

  /** The current config's version, hashed the first time this config object is asked about. */
  configVersion(state: AuctionState): ConfigVersion {
    // `evolve` replaces the config object only when the config changes, so identity is enough.
    if (this.#config?.config === state.config) return this.#config;
    const json = JSON.stringify(state.config);
    const version = createHash('sha256')
      .update(json)
      .digest('base64url')
      .slice(0, Math.ceil((VERSION_BYTES * 4) / 3));
    this.#config = { config: state.config, version, json };
    return this.#config;
  }

  /** The snapshot as an object (for `snapshot:get`'s ack, which Socket.IO encodes itself). */
  message(published: AuctionState, to: SnapshotFor): SnapshotMessage {
    const { version } = this.configVersion(published);
    const state = this.#viewOf(published, to.identity);
    return {
      ...this.#head(to, version),
      state: to.heldVersion === version ? withoutConfig(state) : state,
    };
  }

  /**
   * The snapshot as the JSON text of an `auction:snapshot` message: the
   * config's JSON as encoded once per version, the state's once per seq for
   * every public view, and only the head per connect.
   */
  json(published: AuctionState, to: SnapshotFor): string {
    const config = this.configVersion(published);
    const view = this.#viewOf(published, to.identity);
    const stateJson =
      view === this.#publicState && this.#publicJson !== null ? this.#publicJson : JSON.stringify(withoutConfig(view));
    const { presence: _presence, ...rest } = this.#head(to, config.version);
    const head = JSON.stringify(rest);
    const state = to.heldVersion === config.version ? stateJson : withConfig(config.json, stateJson);
    return `${head.slice(0, -1)},"presence":${this.#presenceJson(to.presence)},"state":${state}}`;
  }

  /** Presence is the same object until it changes (PresenceBoard): its JSON is made once per change. */
  #presenceJson(presence: Presence): string {
    if (this.#presenceOf !== presence) {
      this.#presenceOf = presence;
      this.#presenceText = JSON.stringify(presence);
    }
    return this.#presenceText;
  }

  #head(to: SnapshotFor, configVersion: string): Omit<SnapshotMessage, 'state'> {
    return {
      protocol: PROTOCOL_VERSION,
      auctionId: this.#auctionId,
      hostNow: to.hostNow,
      role: to.identity.role,
      teamId: to.identity.teamId,
      presence: to.presence,
      joinCodes: to.joinCodes,
      configVersion,
    };
  }

  /**
   * [PRX6] [ACC2] A team's own view carries its own maximums and wish list,
   * the auctioneer's every wish list; everyone else gets the public view.
   * A view with nothing beyond the public one is the public one, so its JSON
   * is shared: a reconnect storm is mostly teams and spectators with no
   * secret of their own.
   */
  #viewOf(published: AuctionState, identity: Identity): AuctionState {
    if (this.#publicOf !== published) {
      this.#publicOf = published;
      this.#publicState = toPublicState(published);
      this.#publicJson = JSON.stringify(withoutConfig(this.#publicState));
    }
    const shared = this.#publicState as AuctionState;
    if (identity.role === 'team' && identity.teamId) {
      const teamId = identity.teamId;
      const hasOwn =
        (published.proxies?.some((p) => p.teamId === teamId) ?? false) ||
        (published.wishlists !== undefined && ownValue(published.wishlists, teamId) !== undefined);
      return hasOwn ? toTeamState(published, teamId) : shared;
    }
    if (identity.role === 'admin') {
      return hasWishlists(published) ? toAuctioneerState(published) : shared;
    }
    return shared;
  }
}

function withoutConfig(state: AuctionState): Omit<AuctionState, 'config'> {
  // JSON leaves out a property whose value is undefined: one shallow copy, no config.
  return { ...state, config: undefined } as unknown as Omit<AuctionState, 'config'>;
}

/** The state's JSON with the config's JSON put back in front. */
function withConfig(configJson: string, stateJson: string): string {
  return stateJson === '{}' ? `{"config":${configJson}}` : `{"config":${configJson},${stateJson.slice(1)}`;
}
