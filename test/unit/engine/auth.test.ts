import { describe, expect, it } from 'vitest';
import type { Actor, Command } from '../../../shared/auction';
import {
  ADMIN,
  at,
  bid,
  errorOf,
  makeRunning,
  makeSetup,
  run,
  SPECTATOR,
  SYSTEM,
  teamActor,
  tick,
  T0,
} from '../../helpers/builders';

const BID: Command = { type: 'bid:place', bidId: 'b1', lotId: 'L1', amount: 100 };

const EVERY_COMMAND: readonly Command[] = [
  { type: 'auction:configure', name: 'x' },
  { type: 'auction:start' },
  { type: 'auction:pause' },
  { type: 'auction:resume' },
  { type: 'lot:hammer' },
  { type: 'lot:skip' },
  { type: 'lot:extend', ms: 1_000 },
  { type: 'sale:undo' },
  BID,
  { type: 'bid:floor', bidId: 'b2', lotId: 'L1', teamId: 'T1', amount: 100 },
  { type: 'purse:adjust', teamId: 'T1', delta: 10, reason: '' },
  { type: 'lot:nominate', lotId: 'L1' },
  { type: 'clock:tick' },
];

function as(actor: Actor, command: Command) {
  return { command, actor };
}

describe('authorisation', () => {
  it('[AUTH1] admin runs the auctioneer commands but neither bids as a team nor ticks', () => {
    const state = makeRunning();
    expect(errorOf(state, as(ADMIN, BID))).toBe('not_authorized');
    expect(errorOf(state, as(ADMIN, { type: 'clock:tick' }))).toBe('not_authorized');
    for (const command of [{ type: 'lot:hammer' }, { type: 'lot:extend', ms: 5 }, { type: 'auction:pause' }] as const) {
      expect(run(state, [as(ADMIN, command)]).events.length).toBeGreaterThan(0);
    }
  });

  it('[AUTH2] a team bids for itself only and sends no auctioneer command', () => {
    const state = makeRunning();
    expect(errorOf(state, as(teamActor('T1'), { ...BID, teamId: 'T2' }))).toBe('not_authorized');
    expect(run(state, [as(teamActor('T1'), { ...BID, teamId: 'T1' })]).state.current?.bids).toHaveLength(1);
    for (const command of EVERY_COMMAND.filter((c) => c.type !== 'bid:place' && c.type !== 'lot:nominate')) {
      expect(errorOf(state, as(teamActor('T1'), command))).toBe('not_authorized');
    }
    expect(errorOf(state, bid('T9', 100))).toBe('unknown_team');
  });

  it('[AUTH3] a spectator may send nothing', () => {
    const state = makeRunning();
    for (const command of EVERY_COMMAND) expect(errorOf(state, as(SPECTATOR, command))).toBe('not_authorized');
  });

  it('[AUTH4] the system sends only clock:tick', () => {
    const state = makeRunning();
    for (const command of EVERY_COMMAND.filter((c) => c.type !== 'clock:tick')) {
      expect(errorOf(state, as(SYSTEM, command))).toBe('not_authorized');
    }
    expect(run(state, [tick(T0 + 10_300)]).events).toHaveLength(1);
  });

  it('[STA1] a paused auction refuses bids and clock commands with auction_paused', () => {
    const paused = run(makeRunning(), [{ type: 'auction:pause' }]).state;
    expect(errorOf(paused, bid('T1', 100))).toBe('auction_paused');
    for (const command of [{ type: 'lot:hammer' }, { type: 'lot:skip' }, { type: 'lot:extend', ms: 5 }] as const) {
      expect(errorOf(paused, command)).toBe('auction_paused');
    }
    expect(errorOf(paused, { type: 'lot:nominate', lotId: 'L2' })).toBe('auction_paused');
    expect(errorOf(paused, tick(T0 + 60_000))).toBe('auction_paused');
  });

  it('[STA1] in setup or once finished, bids and clock commands get not_running', () => {
    const setup = makeSetup().state;
    expect(errorOf(setup, bid('T1', 100, { lotId: 'L1' }))).toBe('not_running');
    expect(errorOf(setup, { type: 'lot:hammer' })).toBe('not_running');
    expect(errorOf(setup, { type: 'auction:pause' })).toBe('not_running');
    const finished = run(makeRunning({ lots: 1 }), [{ type: 'lot:skip' }]).state;
    expect(errorOf(finished, bid('T1', 100, { lotId: 'L1' }))).toBe('not_running');
    expect(errorOf(finished, at(T0, { type: 'lot:extend', ms: 10 }))).toBe('not_running');
    expect(errorOf(finished, tick(T0 + 99_000))).toBe('not_running');
  });
});
