import { describe, expect, it } from 'vitest';
import {
  highBid,
  highestAnswerable,
  replay,
  toPublicEvent,
  toPublicState,
  toTeamEvent,
  toTeamState,
  type AuctionEvent,
  type AuctionState,
  type Command,
} from '../../../shared/auction';
import {
  ADMIN,
  bid,
  DEFAULT_RULES,
  errorOf,
  IPL_SLABS,
  makeLot,
  makeRunning,
  makeRunningWithEvents,
  makeSetup,
  run,
  SPECTATOR,
  T0,
  teamActor,
  typesOf,
  type ConfigOptions,
  type Step,
  type StepLike,
} from '../../helpers/builders';

/** A team's `proxy:set`. */
function proxy(teamId: string, max: number, options: { lotId?: string; now?: number } = {}): (s: AuctionState) => Step {
  return (state) => ({
    command: { type: 'proxy:set', lotId: options.lotId ?? state.current?.lotId ?? 'none', max },
    actor: teamActor(teamId),
    now: options.now,
  });
}

function withdraw(teamId: string, lotId = 'L1'): Step {
  return { command: { type: 'proxy:withdraw', lotId }, actor: teamActor(teamId) };
}

/** Runs from a fresh auction and checks [EVT1] on the way: the journal replays to the state. */
function play(options: ConfigOptions, steps: readonly StepLike[]): { state: AuctionState; events: AuctionEvent[] } {
  const start = makeRunningWithEvents(options);
  const result = run(start.state, steps);
  const events = [...start.events, ...result.events];
  expect(replay(events)).toEqual(result.state);
  return { state: result.state, events: result.events };
}

const bids = (events: readonly AuctionEvent[]): [string, number, boolean][] =>
  events.flatMap((e) => (e.type === 'bid:accepted' ? [[e.bid.teamId, e.bid.amount, e.bid.auto === true]] : []));

describe('proxy bids', () => {
  it('[PRX1] a maximum on the open lot opens at the base price and answers every live bid', () => {
    const { state, events } = play({}, [proxy('T1', 300), bid('T2', 150), bid('T2', 300)]);
    // The base price first, then one increment over each live bid, until the live bid reaches the maximum.
    expect(bids(events)).toEqual([
      ['T1', 100, true],
      ['T2', 150, false],
      ['T1', 160, true],
      ['T2', 300, false],
    ]);
    expect(highBid(state)?.teamId).toBe('T2');
    // [BID3] at 300 the live bid stands: the maximum cannot beat it by an increment, and lapses.
    expect(state.proxies).toEqual([]);
    expect(events.find((e) => e.type === 'proxy:lapsed')).toMatchObject({ teamId: 'T1', reason: 'outbid' });
  });

  it('[PRX1] a maximum on a lot to come waits for the lot, and is refused on a lot that is not coming', () => {
    const { state, events } = play({ rules: { gapMs: 0 } }, [
      proxy('T2', 250, { lotId: 'L2' }),
      bid('T1', 100),
      { type: 'lot:hammer' },
    ]);
    expect(state.current?.lotId).toBe('L2');
    expect(highBid(state)).toMatchObject({ teamId: 'T2', amount: 100, auto: true });
    expect(typesOf(events)).toEqual(['proxy:set', 'bid:accepted', 'lot:sold', 'lot:opened', 'bid:accepted']);
    expect(errorOf(state, proxy('T3', 500, { lotId: 'L1' }))).toBe('lot_closed');
    expect(errorOf(state, proxy('T3', 500, { lotId: 'nope' }))).toBe('unknown_lot');
  });

  it('[PRX1] a maximum is checked as a bid: price, max-bid guard, squad, quota, status', () => {
    const state = run(makeRunning({ rules: { squadMin: 3, minimumPrice: 100 } }), [bid('T1', 200)]).state;
    expect(errorOf(state, proxy('T2', 200))).toBe('bid_too_low');
    expect(errorOf(state, proxy('T2', 900))).toBe('over_max_bid');
    expect(errorOf(state, proxy('T2', 0))).toBe('invalid_payload');
    expect(errorOf(state, proxy('T2', 12.5))).toBe('invalid_payload');
    expect(errorOf(state, proxy('T2', 50, { lotId: 'L2' }))).toBe('bid_too_low');
    // The leader may leave a maximum at or over its own bid, never under it.
    expect(errorOf(state, proxy('T1', 190))).toBe('bid_too_low');
    expect(run(state, [proxy('T1', 200)]).state.proxies).toHaveLength(1);
    const full = run(makeRunning({ rules: { squadMax: 1, gapMs: 0 } }), [bid('T1', 100), { type: 'lot:hammer' }]);
    expect(errorOf(full.state, proxy('T1', 200))).toBe('squad_full');
    const quota = makeRunning({
      rules: { categoryQuotas: { bat: { max: 1 } }, gapMs: 0 },
      lots: [makeLot(1), makeLot(2)],
    });
    const bought = run(quota, [bid('T1', 100), { type: 'lot:hammer' }]).state;
    expect(['category_full', 'quota_full']).toContain(
      errorOf(bought, proxy('T1', 200, { lotId: 'L2', now: T0 + 3_000 })),
    );
    const paused = run(makeRunning(), [{ type: 'auction:pause' }]).state;
    expect(typesOf(run(paused, [proxy('T1', 200)]).events)).toEqual(['proxy:set']);
    // Paused once its time had run out, with no grace: the lot closes on resume, before any bid.
    const noTime = makeRunning({ rules: { graceMs: 0, bidExtendMs: 0 } });
    const bidOn = run(noTime, [bid('T2', 100)]).state;
    const spent = run(bidOn, [{ type: 'auction:pause' }], T0 + noTime.config.rules.lotOpenMs).state;
    expect(spent.paused?.remainingMs).toBe(0);
    expect(errorOf(spent, proxy('T1', 200, { now: T0 + noTime.config.rules.lotOpenMs }))).toBe('lot_closed');
    expect(errorOf(makeSetup().state, proxy('T1', 200, { lotId: 'L1' }))).toBe('not_running');
  });

  it('[PRX2] only a team leaves a maximum, for itself', () => {
    const state = makeRunning();
    const command: Command = { type: 'proxy:set', lotId: 'L1', max: 200 };
    expect(errorOf(state, { command, actor: ADMIN })).toBe('not_authorized');
    expect(errorOf(state, { command, actor: SPECTATOR })).toBe('not_authorized');
    expect(errorOf(state, { command, actor: teamActor('T9') })).toBe('unknown_team');
  });

  it('[PRX3] two maxima: the higher leads at one increment over the lower, which never shows', () => {
    const { state, events } = play({}, [proxy('T1', 300), proxy('T2', 537)]);
    expect(bids(events)).toEqual([
      ['T1', 100, true],
      ['T2', 310, true],
    ]);
    expect(highBid(state)).toMatchObject({ teamId: 'T2', amount: 310 });
    expect(state.proxies?.map((p) => p.teamId)).toEqual(['T2']);
  });

  it('[PRX3] the leader’s maximum answers a challenger: the challenger bids what it can, the leader one step more', () => {
    const { state, events } = play({}, [proxy('T1', 537), proxy('T2', 300)]);
    expect(bids(events)).toEqual([
      ['T1', 100, true],
      ['T2', 300, true],
      ['T1', 310, true],
    ]);
    expect(highBid(state)?.teamId).toBe('T1');
  });

  it('[PRX3] of two equal maxima the earlier wins, at that maximum', () => {
    const before = play({}, [proxy('T1', 300, { lotId: 'L2' }), proxy('T2', 300, { lotId: 'L2' })]).state;
    expect(before.proxies).toHaveLength(2);
    const opened = play({ rules: { gapMs: 0 } }, [
      proxy('T2', 300, { lotId: 'L2' }),
      proxy('T1', 300, { lotId: 'L2' }),
      { type: 'lot:skip' },
    ]);
    expect(highBid(opened.state)).toMatchObject({ teamId: 'T2', amount: 300, auto: true });
    // While the lot is open too: T1 first, T2 equal later.
    const live = play({}, [proxy('T1', 300), proxy('T2', 300)]);
    expect(highBid(live.state)).toMatchObject({ teamId: 'T1', amount: 300 });
  });

  it('[PRX3] a raised maximum counts from its raise; a lowered one keeps its place', () => {
    const raised = play({}, [proxy('T1', 200), proxy('T2', 300), proxy('T1', 300)]);
    expect(highBid(raised.state)?.teamId).toBe('T2');
    const lowered = play({}, [proxy('T1', 400), proxy('T1', 300), proxy('T2', 300)]);
    expect(highBid(lowered.state)).toMatchObject({ teamId: 'T1', amount: 300 });
  });

  it('[PRX3] automatic bids follow the slabs and soft close, and are journaled like any bid', () => {
    const rules = { increments: IPL_SLABS, basePrice: 20 };
    const { state, events } = play({ rules: { increments: rules.increments } }, [
      proxy('T1', 480, { now: T0 + 9_000 }),
      bid('T2', 150),
    ]);
    const auto = events.filter((e) => e.type === 'bid:accepted' && e.bid.auto === true);
    expect(auto.map((e) => (e.type === 'bid:accepted' ? e.bid.amount : 0))).toEqual([100, 160]);
    // [CLK2] the automatic bid at T0 + 9 s pushed the end to T0 + 14 s.
    expect(auto[0]?.type === 'bid:accepted' && auto[0].endsAt).toBe(T0 + 9_000 + DEFAULT_RULES.bidExtendMs);
    expect(state.current?.endsAt).toBe(T0 + 9_000 + DEFAULT_RULES.bidExtendMs);
    expect(auto.every((e) => e.type === 'bid:accepted' && e.bidId === undefined && !e.bid.floor)).toBe(true);
  });

  it('[PRX3] highestAnswerable finds the highest bid a defender can still beat', () => {
    const fixed = { ...DEFAULT_RULES };
    expect(highestAnswerable(fixed, 110, 300, 537)).toBe(300);
    expect(highestAnswerable(fixed, 110, 300, 300)).toBe(290);
    expect(highestAnswerable(fixed, 300, 300, 305)).toBe(null);
    const ipl = { ...DEFAULT_RULES, increments: IPL_SLABS };
    // Below 100 the step is 5; 195 + 10 = 205 > 200, 190 + 10 = 200.
    expect(highestAnswerable(ipl, 20, 1_000, 200)).toBe(190);
    expect(highestAnswerable(ipl, 20, 1_000, 104)).toBe(99);
  });

  it('[PRX4] a maximum that can no longer bid lapses and its team is told why', () => {
    const squad = play({ rules: { squadMax: 1, gapMs: 0 } }, [
      proxy('T1', 300, { lotId: 'L2' }),
      bid('T1', 100),
      { type: 'lot:hammer' },
    ]);
    expect(squad.events.find((e) => e.type === 'proxy:lapsed')).toMatchObject({
      teamId: 'T1',
      lotId: 'L2',
      reason: 'squad_full',
    });
    expect(squad.state.current?.bids).toEqual([]);
    // The max-bid guard at the moment it bids: a purse cut below the next bid.
    const guard = play({}, [
      proxy('T1', 500),
      bid('T2', 110),
      { type: 'purse:adjust', teamId: 'T1', delta: -870, reason: 'fine' },
      bid('T2', 130),
    ]);
    expect(guard.events.find((e) => e.type === 'proxy:lapsed')).toMatchObject({ teamId: 'T1', reason: 'over_max_bid' });
    expect(highBid(guard.state)?.teamId).toBe('T2');
  });

  it('[PRX5] a team withdraws its maximum; its bids stand', () => {
    const { state } = play({}, [proxy('T1', 300), withdraw('T1')]);
    expect(state.proxies).toEqual([]);
    expect(highBid(state)).toMatchObject({ teamId: 'T1', amount: 100 });
    expect(errorOf(state, withdraw('T1'))).toBe('no_proxy');
    expect(errorOf(state, withdraw('T2', 'constructor'))).toBe('no_proxy');
  });

  it('[PRX6] maxima are secret: the public view has none, a team’s view its own, private events are withheld', () => {
    const { state, events } = play({}, [proxy('T1', 437), proxy('T2', 251, { lotId: 'L2' })]);
    expect(toPublicState(state).proxies).toEqual([]);
    expect(toTeamState(state, 'T1').proxies?.map((p) => p.max)).toEqual([437]);
    expect(toTeamState(state, 'T3').proxies).toEqual([]);
    const set = events.find((e) => e.type === 'proxy:set');
    expect(set && toPublicEvent(set)).toEqual({ type: 'event:withheld', seq: set?.seq, at: set?.at });
    expect(set && toTeamEvent(set, 'T1')).toBe(set);
    expect(set && toTeamEvent(set, 'T2')).toEqual(set && toPublicEvent(set));
    const seen = JSON.stringify([toPublicState(state), events.map(toPublicEvent)]);
    expect(seen).not.toContain('437');
    expect(seen).not.toContain('251');
  });

  it('[PRX7] a lot’s maxima go when it closes, all of them when the auction finishes', () => {
    const { state } = play({ lots: 2, rules: { gapMs: 0 } }, [
      proxy('T1', 300),
      proxy('T2', 300, { lotId: 'L2' }),
      { type: 'lot:skip' },
    ]);
    expect(state.proxies?.map((p) => p.lotId)).toEqual(['L2']);
    const finished = run(state, [{ type: 'lot:skip' }]).state;
    expect(finished.status).toBe('finished');
    expect(finished.proxies).toEqual([]);
  });
});
