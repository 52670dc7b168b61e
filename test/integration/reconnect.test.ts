import { afterEach, describe, expect, it } from 'vitest';
import { connectGavel, type ClientChange, type GavelClient } from '../../renderer/lib/gavel-client';
import type { AuctionEvent } from '../../shared/auction/events';
import { makeConfig } from '../helpers/builders';
import { startTestHost, type TestHost } from '../helpers/host';

/**
 * docs/RELIABILITY.md, "Reconnect": a bidder whose connection really
 * drops, for 1 to 30 s of host time, during an open lot and across a sale,
 * comes back to exactly the state everyone else sees; what it missed comes
 * back as a snapshot; a bid buffered while it was away, or retried after a
 * lost ack, counts once. Host time is a FakeClock moved while the bidder is
 * away, so 30 s away takes milliseconds.
 */

type Drop = 'abrupt' | 'deliberate';

let t: TestHost | null = null;
const clients: GavelClient[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  await t?.close();
  t = null;
});

function host(): TestHost {
  if (!t) throw new Error('no test host');
  return t;
}

/** A client that reconnects by itself, quickly (unlike the helper's, which never reconnects). */
async function join(code: string): Promise<GavelClient> {
  const client = connectGavel({
    url: host().url,
    code,
    clockSyncIntervalMs: 0,
    socketOptions: { reconnectionDelay: 20, reconnectionDelayMax: 50, randomizationFactor: 0 },
  });
  clients.push(client);
  await client.waitFor((c) => c.state !== null);
  return client;
}

function teamCode(teamId: string): string {
  return host().host.joinCodes.teams[teamId] ?? 'missing';
}

/** Until every client has folded the host's events up to its published seq. */
async function caughtUp(...cs: GavelClient[]): Promise<void> {
  const seq = host().host.room.publishedState.seq;
  await Promise.all(cs.map((c) => c.waitFor((x) => x.socket.connected && (x.state?.seq ?? 0) >= seq)));
}

/**
 * Cuts the client's connection for real. `abrupt` closes the transport under
 * it (what a dropped Wi-Fi link looks like to socket.io); `deliberate` is
 * `socket.disconnect()`. Automatic reconnection is held off until `comeBack`,
 * so the test decides how long the client is away.
 */
async function goAway(client: GavelClient, how: Drop): Promise<void> {
  client.socket.io.reconnection(false);
  if (how === 'abrupt') client.socket.io.engine.close();
  else client.socket.disconnect();
  await client.waitFor((c) => !c.socket.connected && c.status !== 'connected');
}

async function comeBack(client: GavelClient): Promise<void> {
  client.socket.io.reconnection(true);
  client.socket.connect();
  await caughtUp(client);
}

/** Records what reaches the client: events folded one by one, and snapshots. */
function record(client: GavelClient): { events: AuctionEvent[]; snapshots: number } {
  const seen = { events: [] as AuctionEvent[], snapshots: 0 };
  client.subscribe((change: ClientChange) => {
    if (change.kind === 'event') seen.events.push(change.event);
    if (change.kind === 'snapshot') seen.snapshots += 1;
  });
  return seen;
}

function expectSameState(client: GavelClient, other: GavelClient): void {
  expect(client.state).toEqual(other.state);
  expect(client.state).toEqual(host().host.room.publishedState);
}

describe('a bidder whose connection drops comes back to exactly the state others see', () => {
  it.each([
    { awayMs: 1_000, how: 'abrupt' as const },
    { awayMs: 12_000, how: 'deliberate' as const },
    { awayMs: 30_000, how: 'abrupt' as const },
  ])('away $awayMs ms ($how) during an open lot', async ({ awayMs, how }) => {
    // The lot stays open through the whole absence.
    t = await startTestHost(makeConfig({ teams: 3, lots: 2, rules: { lotOpenMs: 60_000, bidExtendMs: 5_000 } }));
    const admin = await join(t.host.joinCodes.admin);
    const [t1, t2, t3] = [await join(teamCode('T1')), await join(teamCode('T2')), await join(teamCode('T3'))];
    expect((await admin.send('auction:start', {})).ok).toBe(true);
    await caughtUp(t1, t2, t3);
    expect((await t1.placeBid('L1', 100)).ok).toBe(true);
    await caughtUp(t1, t2, t3);

    const seen = record(t1);
    const seqAtDrop = t1.state!.seq;
    await goAway(t1, how);
    // While T1 is away: the others raise, the host clock runs on.
    expect((await t2.placeBid('L1', 110)).ok).toBe(true);
    await t.clock.advance(awayMs / 2);
    expect((await t3.placeBid('L1', 120)).ok).toBe(true);
    await t.clock.advance(awayMs / 2);
    await caughtUp(t2, t3);
    expect(t1.state!.seq).toBe(seqAtDrop); // it really missed them

    await comeBack(t1);
    expectSameState(t1, t2);
    expect(t1.state!.current!.bids.map((b) => b.amount)).toEqual([100, 110, 120]);
    // The missed events came back as a snapshot, not one by one.
    expect(seen.snapshots).toBeGreaterThanOrEqual(1);
    expect(seen.events.filter((e) => e.type === 'bid:accepted')).toEqual([]);

    // And it bids on from there like everyone else.
    expect((await t1.placeBid('L1', 130)).ok).toBe(true);
    await caughtUp(t1, t2, t3);
    expectSameState(t1, t3);
  });

  it.each([
    { awayMs: 1_000, how: 'deliberate' as const },
    { awayMs: 5_000, how: 'abrupt' as const },
    { awayMs: 30_000, how: 'abrupt' as const },
  ])('away $awayMs ms ($how) across a sale', async ({ awayMs, how }) => {
    t = await startTestHost(
      makeConfig({ teams: 3, lots: 4, rules: { lotOpenMs: 10_000, bidExtendMs: 3_000, graceMs: 300, gapMs: 2_000 } }),
    );
    const admin = await join(t.host.joinCodes.admin);
    const [t1, t2, t3] = [await join(teamCode('T1')), await join(teamCode('T2')), await join(teamCode('T3'))];
    await admin.send('auction:start', {});
    await caughtUp(t1, t2);
    expect((await t1.placeBid('L1', 100)).ok).toBe(true);
    expect((await t2.placeBid('L1', 110)).ok).toBe(true);
    await t.clock.advance(9_500); // L1 closes (10 s + 300 ms grace) 800 ms after T1 leaves
    await caughtUp(t1, t2, t3);

    await goAway(t1, how);
    await t.clock.advance(1_000);
    // Sold to T2 while T1 is away; after the 2 s gap L2 opens and T3 bids on it.
    expect(t.host.room.state.sales.map((s) => [s.lotId, s.teamId, s.amount])).toEqual([['L1', 'T2', 110]]);
    if (awayMs > 1_000) {
      await t.clock.advance(2_000);
      expect((await t3.placeBid('L2', 100)).ok).toBe(true);
      await t.clock.advance(awayMs - 3_000);
    }
    await caughtUp(t2, t3);

    await comeBack(t1);
    expectSameState(t1, t3);
    expect(t1.state!.sales[0]).toMatchObject({ lotId: 'L1', teamId: 'T2', amount: 110 });
    expect(t1.state!.ledger['T2']!.spent).toBe(110);
  });
});

describe('a bid counts once, however the connection behaves', () => {
  it('sends a bid made while the connection is down when it comes back, once', async () => {
    t = await startTestHost(makeConfig({ teams: 2, lots: 2, rules: { lotOpenMs: 60_000 } }));
    const admin = await join(t.host.joinCodes.admin);
    const [t1, t2] = [await join(teamCode('T1')), await join(teamCode('T2'))];
    await admin.send('auction:start', {});
    await caughtUp(t1, t2);

    await goAway(t1, 'abrupt');
    // socket.io buffers the emit; nothing reaches the host while T1 is away.
    const pending = t1.placeBid('L1', 150, 'while-away-1');
    await t.clock.advance(5_000);
    expect(t.host.room.state.current!.bids).toEqual([]);

    await comeBack(t1);
    const first = await pending;
    expect(first.ok).toBe(true);
    // The same bidId again, as a user's double click or a retry would: the first answer, no second bid.
    expect(await t1.placeBid('L1', 150, 'while-away-1')).toEqual(first);
    await caughtUp(t1, t2);
    expect(t.host.room.state.current!.bids.map((b) => b.id)).toEqual([first.ok ? first.data.bid.id : null]);
    expectSameState(t1, t2);
  });

  it('refuses a bid buffered for a lot that was sold while the bidder was away', async () => {
    t = await startTestHost(makeConfig({ teams: 2, lots: 2, rules: { lotOpenMs: 10_000, gapMs: 5_000 } }));
    const admin = await join(t.host.joinCodes.admin);
    const [t1, t2] = [await join(teamCode('T1')), await join(teamCode('T2'))];
    await admin.send('auction:start', {});
    await caughtUp(t1, t2);
    await t2.placeBid('L1', 100);

    await goAway(t1, 'abrupt');
    const pending = t1.placeBid('L1', 200, 'too-late-1');
    await t.clock.advance(11_000); // L1 sold to T2; the gap runs
    await comeBack(t1);
    const answer = await pending;
    expect(answer.ok || answer.error.code).toBe('lot_closed');
    expect(t.host.room.state.sales).toEqual([expect.objectContaining({ lotId: 'L1', teamId: 'T2', amount: 100 })]);
    await caughtUp(t1, t2);
    expectSameState(t1, t2);
  });

  it('retries a bid whose ack was lost with the same bidId and gets the first answer, one bid', async () => {
    t = await startTestHost(makeConfig({ teams: 2, lots: 1, rules: { lotOpenMs: 60_000 } }));
    const admin = await join(t.host.joinCodes.admin);
    const [t1, t2] = [await join(teamCode('T1')), await join(teamCode('T2'))];
    await admin.send('auction:start', {});
    await caughtUp(t1, t2);

    // Cut the connection the moment the host's ack arrives, before the client reads it:
    // the host has the bid; the client never heard so.
    const engine = t1.socket.io.engine;
    let acksDropped = 0;
    engine.on('packet', (packet: { type: string; data?: unknown }) => {
      const isAck = packet.type === 'message' && typeof packet.data === 'string' && packet.data.startsWith('3');
      if (isAck && acksDropped === 0) {
        acksDropped += 1;
        engine.close();
      }
    });
    const sent: string[] = [];
    t1.socket.onAnyOutgoing((event: string) => sent.push(event));

    const answer = await t1.placeBid('L1', 100, 'lost-ack-1');
    expect(acksDropped).toBe(1);
    expect(sent.filter((e) => e === 'bid:place')).toHaveLength(2); // the first try and the retry
    expect(answer.ok).toBe(true);
    if (!answer.ok) return;
    expect(answer.data.bidId).toBe('lost-ack-1');
    expect(answer.data.bid).toMatchObject({ teamId: 'T1', amount: 100 });
    await caughtUp(t1, t2);
    expect(t.host.room.state.current!.bids.map((b) => b.id)).toEqual([answer.data.bid.id]);
    expect(answer.data.seq).toBe(t.host.room.state.seq);
    expectSameState(t1, t2);
  });
});

describe('a gap in seq makes the client ask for a snapshot', () => {
  it('resyncs after it misses one event', async () => {
    t = await startTestHost(makeConfig({ teams: 3, lots: 1, rules: { lotOpenMs: 60_000 } }));
    const admin = await join(t.host.joinCodes.admin);
    const [t1, t2, t3] = [await join(teamCode('T1')), await join(teamCode('T2')), await join(teamCode('T3'))];
    await admin.send('auction:start', {});
    await caughtUp(t1, t2, t3);
    const seen = record(t1);
    const sent: string[] = [];
    t1.socket.onAnyOutgoing((event: string) => sent.push(event));

    // Lose exactly one `bid:accepted` on T1's side: the client hears events through one
    // any-listener; stand in for it, pass on everything but that one event, then give it back.
    const clientListeners = t1.socket.listenersAny();
    expect(clientListeners.length).toBeGreaterThan(0);
    t1.socket.offAny();
    // Sockets are written in turn: T2's ack can arrive before T1 has the broadcast, so wait for it.
    const dropped = new Promise<void>((resolve) => {
      const standIn = (event: string, ...args: unknown[]): void => {
        if (event !== 'bid:accepted') {
          for (const listener of clientListeners) listener(event, ...args);
          return;
        }
        t1.socket.offAny(standIn);
        for (const listener of clientListeners) t1.socket.onAny(listener);
        resolve();
      };
      t1.socket.onAny(standIn);
    });
    expect((await t2.placeBid('L1', 100)).ok).toBe(true);
    await dropped;
    await caughtUp(t2, t3);
    const seqBehind = t1.state!.seq;
    expect(seqBehind).toBe(t.host.room.publishedState.seq - 1); // it really missed one

    // The next event arrives with a gap: T1 asks for a snapshot and lands on the host's state.
    expect((await t3.placeBid('L1', 110)).ok).toBe(true);
    await caughtUp(t1, t2, t3);
    expect(sent).toContain('snapshot:get');
    expect(seen.snapshots).toBe(1);
    expect(seen.events.some((e) => e.seq === seqBehind + 1)).toBe(false);
    expectSameState(t1, t2);
    expect(t1.state!.current!.bids.map((b) => b.amount)).toEqual([100, 110]);
  });
});
