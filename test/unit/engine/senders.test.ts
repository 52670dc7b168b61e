import { describe, expect, it } from 'vitest';
import { EVENT_TYPES, maySend, SENDERS, type Actor, type Command, type CommandType } from '../../../shared/auction';
import { CLIENT_COMMAND_TYPES } from '../../../shared/protocol/messages';
import { ADMIN, attempt, makeRunning, SPECTATOR, SYSTEM, teamActor } from '../../helpers/builders';

/** The matrix of [AUTH1]–[AUTH4] as RULES.md words it, written out once more on purpose: the table must say the same. */
const EXPECTED: Record<Actor['role'], readonly CommandType[]> = {
  admin: [
    'auction:configure',
    'auction:start',
    'auction:pause',
    'auction:resume',
    'lot:hammer',
    'lot:skip',
    'lot:extend',
    'sale:undo',
    'bid:floor',
    'purse:adjust',
    'lot:nominate',
    'sale:correct',
    'round:pick',
    'lot:next',
    // [RTM7] the auctioneer may decide for a team, as it bids for one.
    'rtm:use',
    'rtm:decline',
    'rtm:raise',
    'rtm:final',
    'rtm:match',
    'rtm:pass',
  ],
  team: [
    'bid:place',
    'lot:nominate',
    'wishlist:set',
    'proxy:set',
    'proxy:withdraw',
    'rtm:use',
    'rtm:decline',
    'rtm:raise',
    'rtm:final',
    'rtm:match',
    'rtm:pass',
  ],
  spectator: [],
  system: ['clock:tick'],
};

const ONE_OF_EACH: { readonly [T in CommandType]: Extract<Command, { type: T }> } = {
  'auction:configure': { type: 'auction:configure', name: 'x' },
  'auction:start': { type: 'auction:start' },
  'auction:pause': { type: 'auction:pause' },
  'auction:resume': { type: 'auction:resume' },
  'lot:hammer': { type: 'lot:hammer' },
  'lot:skip': { type: 'lot:skip' },
  'lot:extend': { type: 'lot:extend', ms: 1_000 },
  'sale:undo': { type: 'sale:undo' },
  'bid:place': { type: 'bid:place', bidId: 'b1', lotId: 'L1', amount: 100 },
  'bid:floor': { type: 'bid:floor', bidId: 'b2', lotId: 'L1', teamId: 'T1', amount: 100 },
  'purse:adjust': { type: 'purse:adjust', teamId: 'T1', delta: 10, reason: '' },
  'lot:nominate': { type: 'lot:nominate', lotId: 'L1' },
  'sale:correct': { type: 'sale:correct', lotId: 'L1', amount: 100, reason: 'typo' },
  'round:pick': { type: 'round:pick', lotIds: [] },
  'wishlist:set': { type: 'wishlist:set', lotIds: [] },
  'lot:next': { type: 'lot:next' },
  'proxy:set': { type: 'proxy:set', lotId: 'L1', max: 200 },
  'proxy:withdraw': { type: 'proxy:withdraw', lotId: 'L1' },
  'clock:tick': { type: 'clock:tick' },
  'rtm:use': { type: 'rtm:use', lotId: 'L1' },
  'rtm:decline': { type: 'rtm:decline', lotId: 'L1' },
  'rtm:raise': { type: 'rtm:raise', lotId: 'L1', amount: 200 },
  'rtm:final': { type: 'rtm:final', lotId: 'L1' },
  'rtm:match': { type: 'rtm:match', lotId: 'L1' },
  'rtm:pass': { type: 'rtm:pass', lotId: 'L1' },
};

const ACTORS: Record<Actor['role'], Actor> = {
  admin: ADMIN,
  team: teamActor('T1'),
  spectator: SPECTATOR,
  system: SYSTEM,
};

describe('[AUTH1]–[AUTH4] one table of who may send what', () => {
  it('says what the rules say, role by role', () => {
    for (const [role, commands] of Object.entries(EXPECTED) as [Actor['role'], readonly CommandType[]][]) {
      const allowed = (Object.keys(SENDERS) as CommandType[]).filter((type) => maySend(role, type));
      expect(allowed.sort(), role).toEqual([...commands].sort());
    }
  });

  it('is what the engine authorises by', () => {
    const state = makeRunning();
    for (const role of Object.keys(ACTORS) as Actor['role'][]) {
      for (const command of Object.values(ONE_OF_EACH)) {
        const result = attempt(state, { command, actor: ACTORS[role] });
        const isDenied = !result.ok && result.error.code === 'not_authorized';
        expect(isDenied, `${role} ${command.type}`).toBe(!maySend(role, command.type));
      }
    }
  });

  it('gives the protocol every command but the clock, in the order they were always registered', () => {
    expect(CLIENT_COMMAND_TYPES).toEqual([
      'auction:configure',
      'auction:start',
      'auction:pause',
      'auction:resume',
      'lot:hammer',
      'lot:skip',
      'lot:extend',
      'sale:undo',
      'bid:place',
      'bid:floor',
      'purse:adjust',
      'lot:nominate',
      'sale:correct',
      'round:pick',
      'wishlist:set',
      'lot:next',
      'proxy:set',
      'proxy:withdraw',
      'rtm:use',
      'rtm:decline',
      'rtm:raise',
      'rtm:final',
      'rtm:match',
      'rtm:pass',
    ]);
  });

  it('names every event a client subscribes to', () => {
    expect(EVENT_TYPES).toEqual([
      'auction:created',
      'auction:configured',
      'auction:started',
      'round:started',
      'lot:nominating',
      'lot:opened',
      'bid:accepted',
      'lot:extended',
      'lot:sold',
      'lot:unsold',
      'auction:paused',
      'auction:resumed',
      'sale:undone',
      'purse:adjusted',
      'proxy:set',
      'proxy:withdrawn',
      'proxy:lapsed',
      'event:withheld',
      'auction:finished',
      'lot:retained',
      'sale:corrected',
      'auction:held',
      'wishlist:updated',
      'rtm:offered',
      'rtm:used',
      'rtm:declined',
      'rtm:raised',
      'rtm:stood',
      'rtm:matched',
      'rtm:passed',
    ]);
  });
});
