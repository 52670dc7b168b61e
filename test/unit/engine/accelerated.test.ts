import { describe, expect, it } from 'vitest';
import { nextDeadline, replay, type AuctionState } from '../../../shared/auction';
import { evolve } from '../../../shared/auction/evolve';
import {
  audienceOf,
  toAuctioneerEvent,
  toAuctioneerState,
  toPublicEvent,
  toPublicState,
  toTeamEvent,
  toTeamState,
} from '../../../shared/auction/views';
import { canOpenNext, isWaitingForPick } from '../../../shared/auction/queries';
import {
  ADMIN,
  at,
  errorOf,
  makeRunningWithEvents,
  run,
  sell,
  teamActor,
  tick,
  T0,
  typesOf,
  type StepLike,
} from '../../helpers/builders';

const PICK = { rounds: 3, pickUnsold: true, gapMs: 2_000 } as const;

function wish(teamId: string, lotIds: string[], now?: number): StepLike {
  return { command: { type: 'wishlist:set', lotIds }, actor: teamActor(teamId), now };
}

/** Round 1 of 4 lots: L1 sold, L2–L4 unsold; waiting for the pick. */
function roundOver(rules: Record<string, unknown> = PICK) {
  const start = makeRunningWithEvents({ lots: 4, rules: rules as never });
  const steps = run(start.state, [
    ...sell('T1', 100),
    at(T0 + 2_000, { type: 'lot:next' }),
    { type: 'lot:skip' },
    at(T0 + 4_000, { type: 'lot:next' }),
    wish('T2', ['L2']),
    { type: 'lot:skip' },
    at(T0 + 6_000, { type: 'lot:next' }),
    { type: 'lot:skip' },
  ]);
  return { state: steps.state, events: [...start.events, ...steps.events] };
}

describe('accelerated round', () => {
  it('[ACC1] with pickUnsold the round ends waiting for the pick, with no clock', () => {
    const { state, events } = roundOver();
    expect(typesOf(events.slice(-2))).toEqual(['lot:unsold', 'auction:held']);
    expect(state).toMatchObject({ status: 'running', phase: 'gap', hold: 'pick', gapEndsAt: null, round: 1 });
    expect(state.unsold).toEqual(['L2', 'L3', 'L4']);
    expect(nextDeadline(state)).toBeNull();
    expect(isWaitingForPick(state)).toBe(true);
    expect(canOpenNext(state)).toBe(false);
    expect(errorOf(state, { type: 'lot:next' })).toBe('wrong_phase');
    // a tick long after changes nothing
    expect(run(state, [tick(T0 + 1e9)]).events).toEqual([]);
  });

  it('[ACC1] the pick: some lots come back in the next round, in catalog order', () => {
    const { state, events } = roundOver();
    const picked = run(state, [at(T0 + 9_000, { type: 'round:pick', lotIds: ['L4', 'L2'] })]);
    expect(typesOf(picked.events)).toEqual(['round:started', 'lot:opened']);
    expect(picked.events[0]).toMatchObject({ round: 2, queue: ['L2', 'L4'] });
    expect(picked.state).toMatchObject({ phase: 'open', hold: null, round: 2, unsold: [], queue: ['L4'] });
    expect(picked.state.outcomes['L3']).toBe('unsold');
    expect(replay([...events, ...picked.events])).toEqual(picked.state);
  });

  it('[ACC1] all, or none (the auction finishes)', () => {
    const { state } = roundOver();
    const all = run(state, [{ type: 'round:pick', lotIds: [...state.unsold] }]).state;
    expect(all.queue).toEqual(['L3', 'L4']);
    const none = run(state, [{ type: 'round:pick', lotIds: [] }]);
    expect(typesOf(none.events)).toEqual(['auction:finished']);
    expect(none.state).toMatchObject({ status: 'finished', hold: null });
  });

  it('[ACC1] only this round’s unsold lots, once each, only when a pick is awaited', () => {
    const { state } = roundOver();
    expect(errorOf(state, { type: 'round:pick', lotIds: ['L1'] })).toBe('unknown_lot');
    expect(errorOf(state, { type: 'round:pick', lotIds: ['constructor'] })).toBe('unknown_lot');
    expect(errorOf(state, { type: 'round:pick', lotIds: ['L2', 'L2'] })).toBe('invalid_payload');
    expect(errorOf(state, { command: { type: 'round:pick', lotIds: [] }, actor: teamActor('T1') })).toBe(
      'not_authorized',
    );
    const open = makeRunningWithEvents({ rules: PICK }).state;
    expect(errorOf(open, { type: 'round:pick', lotIds: [] })).toBe('wrong_phase');
  });

  it('[ACC1] without pickUnsold every unsold lot comes back as before [ORD4]', () => {
    const start = makeRunningWithEvents({ lots: 2, rules: { rounds: 2, gapMs: 0 } });
    const steps = run(start.state, [{ type: 'lot:skip' }, { type: 'lot:skip' }]);
    expect(typesOf(steps.events)).toContain('round:started');
    expect(steps.state).toMatchObject({ round: 2, phase: 'open', hold: null });
  });

  it('[ACC1] the last round, or no unsold lot, finishes without waiting', () => {
    const start = makeRunningWithEvents({ lots: 1, rules: { ...PICK, rounds: 1 } });
    expect(run(start.state, [{ type: 'lot:skip' }]).state.status).toBe('finished');
    const sold = makeRunningWithEvents({ lots: 1, rules: PICK });
    expect(run(sold.state, sell('T1', 100)).state.status).toBe('finished');
  });

  it('[ACC1] pause and resume keep the wait; undo while waiting sells the lot again first', () => {
    const { state, events } = roundOver();
    const resumed = run(state, [
      at(T0 + 10_000, { type: 'auction:pause' }),
      at(T0 + 20_000, { type: 'auction:resume' }),
    ]);
    expect(resumed.state).toMatchObject({ status: 'running', hold: 'pick', gapEndsAt: null });
    const undone = run(resumed.state, [{ type: 'sale:undo' }]);
    expect(undone.state).toMatchObject({ hold: 'next', queue: ['L1'], phase: 'gap' });
    const reopened = run(undone.state, [{ type: 'lot:next' }]);
    expect(reopened.state).toMatchObject({ phase: 'open', current: { lotId: 'L1' } });
    const again = run(reopened.state, [{ type: 'lot:skip' }]);
    expect(again.state).toMatchObject({ hold: 'pick', unsold: ['L2', 'L3', 'L4', 'L1'] });
    expect(replay([...events, ...resumed.events, ...undone.events, ...reopened.events, ...again.events])).toEqual(
      again.state,
    );
  });

  it('[ACC2] a team’s wish list of unsold lots, for the auctioneer to see', () => {
    const { state, events } = roundOver();
    expect(state.wishlists?.['T2']).toEqual(['L2']);
    const wished = run(state, [wish('T1', ['L3', 'L4']), wish('T2', [])]);
    expect(typesOf(wished.events)).toEqual(['wishlist:updated', 'wishlist:updated']);
    expect(wished.state.wishlists).toEqual({ T1: ['L3', 'L4'], T2: [] });
    expect(errorOf(state, wish('T1', ['L1']))).toBe('unknown_lot');
    expect(errorOf(state, wish('T1', ['L3', 'L3']))).toBe('invalid_payload');
    expect(errorOf(state, { command: { type: 'wishlist:set', lotIds: [] }, actor: ADMIN })).toBe('not_authorized');
    expect(replay([...events, ...wished.events])).toEqual(wished.state);
    // the next round starts a new list
    const next = run(wished.state, [{ type: 'round:pick', lotIds: ['L3'] }]).state;
    expect(next.wishlists).toEqual({});
  });

  it('[ACC2] a wish list is its team’s and the auctioneer’s: the room gets it withheld, and every view folds on', () => {
    const { state } = roundOver();
    const wished = run(state, [wish('T1', ['L3', 'L4'])]);
    const [event] = wished.events;
    if (event?.type !== 'wishlist:updated') throw new Error('expected the wish list event');
    expect(audienceOf(event)).toEqual({ teamId: 'T1', withAuctioneer: true });
    const after = wished.state;
    expect(after.wishlists).toEqual({ T1: ['L3', 'L4'], T2: ['L2'] });

    // Spectators, the projector and other teams: no list at all, and the event withheld at its seq.
    expect(toPublicState(after).wishlists).toEqual({});
    expect(toPublicEvent(event)).toEqual({ type: 'event:withheld', seq: event.seq, at: event.at });
    expect(toTeamEvent(event, 'T2')).toEqual(toPublicEvent(event));
    // The team: its own list only; the auctioneer: every list.
    expect(toTeamState(after, 'T1').wishlists).toEqual({ T1: ['L3', 'L4'] });
    expect(toTeamState(after, 'T2').wishlists).toEqual({ T2: ['L2'] });
    expect(toTeamState(after, 'T3').wishlists).toEqual({});
    expect(toTeamEvent(event, 'T1')).toBe(event);
    expect(toAuctioneerState(after).wishlists).toEqual(after.wishlists);
    expect(toAuctioneerEvent(event)).toBe(event);

    // Each view, folded on with what its sockets receive, lands on the same view of the next state.
    for (const [view, seen] of [
      [toPublicState, toPublicEvent],
      [(s: AuctionState) => toTeamState(s, 'T2'), (e: typeof event) => toTeamEvent(e, 'T2')],
      [(s: AuctionState) => toTeamState(s, 'T1'), (e: typeof event) => toTeamEvent(e, 'T1')],
      [toAuctioneerState, toAuctioneerEvent],
    ] as const) {
      expect(evolve(view(state), seen(event))).toEqual(view(after));
    }
  });

  it('[ACC3] manualAdvance: the next lot opens only on lot:next', () => {
    const rules = { manualAdvance: true, gapMs: 2_000 };
    const start = makeRunningWithEvents({ lots: 2, rules });
    const closed = run(start.state, sell('T1', 100));
    expect(typesOf(closed.events)).toEqual(['bid:accepted', 'lot:sold', 'auction:held']);
    expect(closed.state).toMatchObject({ phase: 'gap', hold: 'next', gapEndsAt: null });
    expect(nextDeadline(closed.state)).toBeNull();
    expect(canOpenNext(closed.state)).toBe(true);
    const paused = run(closed.state, [
      at(T0 + 50_000, { type: 'auction:pause' }),
      at(T0 + 90_000, { type: 'auction:resume' }),
    ]);
    expect(paused.state).toMatchObject({ hold: 'next', gapEndsAt: null, phase: 'gap' });
    const next = run(paused.state, [at(T0 + 100_000, { type: 'lot:next' })]);
    expect(typesOf(next.events)).toEqual(['lot:opened']);
    expect(next.state.current).toMatchObject({ lotId: 'L2', endsAt: T0 + 110_000 });
    expect(errorOf(next.state, { type: 'lot:next' })).toBe('wrong_phase');
    // the last lot finishes the auction at once
    const done = run(next.state, [{ type: 'lot:skip' }]);
    expect(done.state.status).toBe('finished');
    // [AUC7] undo of a finished auction comes back waiting for lot:next
    const undone = run(done.state, [{ type: 'sale:undo' }, { type: 'auction:resume' }]).state;
    expect(undone).toMatchObject({ status: 'running', phase: 'gap', hold: 'next', gapEndsAt: null, queue: ['L1'] });
    const all = [...start.events, ...closed.events, ...paused.events, ...next.events, ...done.events];
    expect(replay(all)).toEqual(done.state);
  });

  it('[ACC3] lot:next also cuts a timed gap short', () => {
    const start = makeRunningWithEvents({ lots: 2 });
    const gap = run(start.state, sell('T1', 100)).state;
    expect(gap.gapEndsAt).toBe(T0 + 2_000);
    const next: AuctionState = run(gap, [at(T0 + 500, { type: 'lot:next' })]).state;
    expect(next.current).toMatchObject({ lotId: 'L2', openedAt: T0 + 500 });
  });
});
