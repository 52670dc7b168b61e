import { randomInt } from 'node:crypto';
import { ownValue } from '../../shared/auction/records';
import type { TeamId } from '../../shared/auction/types';
import type { Role } from '../../shared/protocol/messages';

/**
 * Join codes: one per team, one for spectators, and the admin key. Codes use
 * an alphabet without look-alikes (no 0/O, 1/I/L) so they survive being read
 * aloud or copied from a projector: 8 characters of 31 give 8.5e11 codes.
 */
export const CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
const TEAM_CODE_LENGTH = 8;
const ADMIN_KEY_LENGTH = 16;

export interface Credentials {
  readonly admin: string;
  readonly spectator: string;
  readonly teams: Readonly<Record<TeamId, string>>;
}

export type Identity = { readonly role: Role; readonly teamId: TeamId | null };

export function makeCode(length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)];
  // Grouped in fours for reading aloud: ABCD-EFGH.
  return out.replace(/(.{4})(?=.)/g, '$1-');
}

/**
 * Codes for `teamIds`, keeping each team's code from `previous` (a resumed
 * auction, or setup changing its teams). Team ids are user strings: a team
 * called `constructor` or `toString` reads only its own entry of `previous`,
 * never Object.prototype's, and a saved code that is not a code is replaced.
 */
export function makeCredentials(teamIds: readonly TeamId[], previous?: Credentials): Credentials {
  const teams = new Map<TeamId, string>();
  const used = new Set<string>();
  for (const id of teamIds) {
    const kept = ownValue(previous?.teams, id);
    let code = isCode(kept) ? kept : makeCode(TEAM_CODE_LENGTH);
    while (used.has(code)) code = makeCode(TEAM_CODE_LENGTH);
    used.add(code);
    teams.set(id, code);
  }
  return {
    admin: isCode(previous?.admin) ? previous.admin : makeCode(ADMIN_KEY_LENGTH),
    spectator: isCode(previous?.spectator) ? previous.spectator : makeCode(TEAM_CODE_LENGTH),
    teams: Object.fromEntries(teams),
  };
}

function isCode(value: unknown): value is string {
  return typeof value === 'string' && normaliseCode(value).length > 0;
}

/** Codes are compared without case, spaces or dashes, so `abcd efgh` works. */
export function normaliseCode(code: string): string {
  return code.toUpperCase().replace(/[\s-]/g, '');
}

/**
 * Who a code is. The codes are indexed once per `Credentials` (they change
 * only in setup): normalising every team's code on every handshake was 1.6 %
 * of the host's CPU while 1,000 clients connected to 100 teams.
 */
export function identify(credentials: Credentials, code: string): Identity | null {
  const key = normaliseCode(code);
  if (key.length === 0) return null;
  return indexOf(credentials).get(key) ?? null;
}

const indexes = new WeakMap<Credentials, Map<string, Identity>>();

function indexOf(credentials: Credentials): Map<string, Identity> {
  let index = indexes.get(credentials);
  if (index) return index;
  // A Map: the keys are codes, never looked up on a prototype. Admin and spectator win a clash, as before.
  index = new Map<string, Identity>();
  for (const [teamId, teamCode] of Object.entries(credentials.teams)) {
    const teamKey = typeof teamCode === 'string' ? normaliseCode(teamCode) : '';
    if (teamKey.length > 0 && !index.has(teamKey)) index.set(teamKey, { role: 'team', teamId });
  }
  const spectator = normaliseCode(credentials.spectator);
  if (spectator.length > 0) index.set(spectator, { role: 'spectator', teamId: null });
  const admin = normaliseCode(credentials.admin);
  if (admin.length > 0) index.set(admin, { role: 'admin', teamId: null });
  indexes.set(credentials, index);
  return index;
}
