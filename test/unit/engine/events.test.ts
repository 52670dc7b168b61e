import { describe, expect, it } from 'vitest';
import {
  apply,
  evolve,
  MAX_BIDS_KEPT,
  replay,
  toPublicEvent,
  upgradeEvent,
  type AuctionEvent,
  type AuctionState,
} from '../../../shared/auction';
import { ADMIN, bid, makeRunning, makeRunningWithEvents, makeSetup, run, sell, tick, T0 } from '../../helpers/builders';

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

describe('events and purity', () => {
  it('[EVT1] events carry contiguous seq and ctx.now; the state is the fold of the events', () => {
    const start = makeRunningWithEvents({ rules: { gapMs: 0 } });
    const later = run(start.state, [
      bid('T1', 100, { now: T0 + 5 }),
      bid('T2', 120),
      ...sell('T3', 200),
      tick(T0 + 99_999),
    ]);
    const events = [...start.events, ...later.events];
    expect(events.map((event) => event.seq)).toEqual(events.map((_, i) => i + 1));
    expect(later.events[0]?.at).toBe(T0 + 5);
    expect(later.state.seq).toBe(events.length);
    expect(replay(events)).toEqual(later.state);
    // The journal goes through JSON; the fold must not depend on anything JSON loses.
    expect(replay(JSON.parse(JSON.stringify(events)) as AuctionEvent[])).toEqual(later.state);
  });

  it('[EVT2] apply never mutates its input; a refused command yields no events', () => {
    const state = deepFreeze(run(makeRunning(), [bid('T1', 100)]).state);
    const snapshot = structuredClone(state);
    const accepted = apply(
      state,
      { type: 'bid:place', bidId: 'x', lotId: 'L1', amount: 110 },
      { now: T0, actor: { role: 'team', teamId: 'T2' } },
    );
    expect(accepted.ok).toBe(true);
    const refused = apply(
      state,
      { type: 'bid:place', bidId: 'y', lotId: 'L1', amount: 100 },
      { now: T0, actor: { role: 'team', teamId: 'T2' } },
    );
    expect(refused).toEqual({ ok: false, error: expect.objectContaining({ code: 'bid_too_low' }) });
    expect(apply(state, { type: 'lot:hammer' }, { now: T0, actor: ADMIN }).ok).toBe(true);
    expect(state).toEqual(snapshot);
    const bogus = apply(state, { type: 'lot:explode' } as never, { now: T0, actor: ADMIN });
    expect(bogus).toEqual({ ok: false, error: expect.objectContaining({ code: 'invalid_payload' }) });
  });

  it('[EVT2] a bid copies only the open lot: config, ledger and sales are shared', () => {
    const state = makeRunning();
    const after = run(state, [bid('T1', 100)]).state;
    expect(after.config).toBe(state.config);
    expect(after.ledger).toBe(state.ledger);
    expect(after.sales).toBe(state.sales);
    expect(after.queue).toBe(state.queue);
  });

  it('[EVT4] the open lot keeps its last 50 bids, the count of all, and every bidder', () => {
    const war = Array.from({ length: 130 }, (_, i) => bid(i % 2 === 0 ? 'T1' : 'T2', 100 + i * 10));
    const { state } = run(makeRunning({ rules: { purse: 100_000 } }), [...war, bid('T3', 100 + 130 * 10)]);
    const current = state.current!;
    expect(current.bids).toHaveLength(MAX_BIDS_KEPT);
    expect(current.bidCount).toBe(131);
    expect(current.bidders).toEqual(['T1', 'T2', 'T3']);
    expect(current.bids.at(-1)).toMatchObject({ teamId: 'T3', amount: 1_400 });
    expect(current.bids[0]!.amount).toBe(1_400 - (MAX_BIDS_KEPT - 1) * 10);
    // The high bid still decides the sale.
    const sold = run(state, [{ type: 'lot:hammer' }]).state;
    expect(sold.sales[0]).toMatchObject({ teamId: 'T3', amount: 1_400 });
  });

  it('[EVT7] folding a bid changes seq and the open lot only; every other part keeps its identity', () => {
    let state = run(makeRunning({ teams: 3, lots: 3, rules: { purse: 100_000, gapMs: 0 } }), sell('T1', 100)).state;
    expect(state.sales).toHaveLength(1);
    for (let i = 0; i < MAX_BIDS_KEPT + 10; i++) {
      const before = state;
      const keptBefore = [...(before.current?.bids ?? [])];
      const { state: next, events } = run(before, [bid(i % 2 === 0 ? 'T2' : 'T3', 100 + i * 10)]);
      expect(events.map((e) => e.type)).toEqual(['bid:accepted']);
      // As a client folds it: the public event, as it came over the wire.
      const folded = evolve(before, JSON.parse(JSON.stringify(toPublicEvent(events[0]!))) as AuctionEvent);
      expect(folded).toEqual(next);
      for (const key of Object.keys(before) as (keyof AuctionState)[]) {
        if (key !== 'seq' && key !== 'current') expect(folded[key], key).toBe(before[key]);
      }
      expect(before.current?.bids, 'the earlier state is untouched').toEqual(keptBefore);
      state = next;
    }
    expect(state.current?.bids).toHaveLength(MAX_BIDS_KEPT);
  });

  it('[EVT3] replay refuses a journal that does not start with auction:created or skips a seq', () => {
    const { events } = makeRunningWithEvents();
    expect(() => replay([])).toThrow('first event must be auction:created');
    expect(() => replay(events.slice(1))).toThrow('first event must be auction:created');
    expect(() => replay([...events.slice(0, 2), ...events.slice(3)])).toThrow('expected seq 3');
    expect(() => replay([...events, { ...events[0]!, seq: events.length + 1 }])).toThrow('a second auction:created');
    expect(replay(makeSetup().events)).toMatchObject({ seq: 1, status: 'setup', phase: 'idle' });
  });

  it("[EVT5] a bid and a sale carry the host id (their event seq); the bidder's bidId stays on the event only", () => {
    const start = makeRunning({ rules: { gapMs: 0 } });
    const first = run(start, [bid('T1', 100, { bidId: 'dup' }), bid('T2', 110, { bidId: 'dup' })]);
    const [a, b] = first.events;
    expect(a?.type === 'bid:accepted' && a.bid.id).toBe(a?.seq);
    expect(b?.type === 'bid:accepted' && b.bid.id).toBe(b?.seq);
    expect(a?.type === 'bid:accepted' && a.bidId).toBe('dup');
    expect(first.state.current?.bids.map((x) => x.id)).toEqual([a?.seq, b?.seq]);
    expect(JSON.stringify(first.state)).not.toContain('dup');
    expect(b && JSON.stringify(toPublicEvent(b))).not.toContain('dup');
    const sold = run(first.state, sell('T3', 200));
    const soldEvent = sold.events.find((e) => e.type === 'lot:sold');
    expect(sold.state.sales.at(-1)?.id).toBe(soldEvent?.seq);
  });

  it('[EVT5] a journal written before host ids replays: bids get their event seq as id', () => {
    const start = makeRunningWithEvents({ rules: { gapMs: 0 } });
    const later = run(start.state, [bid('T1', 100, { bidId: 'old-1' }), bid('T2', 110, { bidId: 'old-2' })]);
    // Today's journal lines for bids, rewritten in the old shape: { bid: { bidId, teamId, amount, at, floor } }.
    const legacy = [...start.events, ...later.events].map((event) => {
      if (event.type !== 'bid:accepted') return event;
      const { id: _id, ...bidFields } = event.bid;
      const { bidId, ...rest } = event;
      return { ...rest, bid: { bidId, ...bidFields } } as unknown as AuctionEvent;
    });
    expect(replay(legacy)).toEqual(later.state);
    const upgraded = legacy.map(upgradeEvent);
    expect(upgraded.filter((e) => e.type === 'bid:accepted').map((e) => e.type === 'bid:accepted' && e.bidId)).toEqual([
      'old-1',
      'old-2',
    ]);
  });

  it('[EVT6] every event says who caused it: the clock (system), the auctioneer or a team', () => {
    const start = makeRunning({ rules: { gapMs: 0 } });
    const bidding = run(start, [bid('T1', 100)]);
    expect(bidding.events.map((e) => e.by)).toEqual(['team']);
    const closed = run(bidding.state, [tick(T0 + 99_999)]);
    expect(closed.events.map((e) => [e.type, e.by])).toEqual([
      ['lot:sold', 'system'],
      ['lot:opened', 'system'],
    ]);
    const hammered = run(closed.state, [{ type: 'lot:hammer' }], T0 + 100_000);
    expect(hammered.events.every((e) => e.by === 'admin')).toBe(true);
  });
});
