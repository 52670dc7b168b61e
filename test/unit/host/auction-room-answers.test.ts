import { describe, expect, it } from 'vitest';
import { AuctionRoom } from '../../../main/host/auction-room';
import { ADMIN, makeRunning, T0, teamActor } from '../../helpers/builders';
import { FakeClock } from '../../helpers/fake-clock';

/**
 * The room remembers the answers of the last 20,000 bids (accepted or
 * refused), per sender, so a retried bid gets its first answer [EVT5]; the
 * oldest is forgotten first, whichever team sent it.
 */
function roomWithOpenLot(): { room: AuctionRoom; lotId: string } {
  const state = makeRunning({ teams: 3, lots: 2 });
  const room = new AuctionRoom({ state, clock: new FakeClock(T0), journal: null, publish: () => undefined });
  return { room, lotId: state.current?.lotId as string };
}

async function refusals(room: AuctionRoom, lotId: string, count: number): Promise<void> {
  // Below the base price: refused, and remembered all the same.
  for (let i = 0; i < count; i++) {
    const teamId = i % 2 === 0 ? 'T2' : 'T3';
    await room.dispatch({ type: 'bid:place', lotId, amount: 1, bidId: `low-${i}` }, teamActor(teamId));
  }
}

describe('idempotent retries: the last 20,000 answers, oldest forgotten first', () => {
  it('a bid retried after 19,999 later bids gets its first answer; its team alone owns the bidId', async () => {
    const { room, lotId } = roomWithOpenLot();
    const first = await room.dispatch({ type: 'bid:place', lotId, amount: 100, bidId: 'b0' }, teamActor('T1'));
    expect(first.ok).toBe(true);
    await refusals(room, lotId, 19_999);
    expect(await room.dispatch({ type: 'bid:place', lotId, amount: 100, bidId: 'b0' }, teamActor('T1'))).toEqual(first);
    // Another team's b0 is its own bid: run, and refused (100 is no longer above the high bid).
    const other = await room.dispatch({ type: 'bid:place', lotId, amount: 100, bidId: 'b0' }, teamActor('T2'));
    expect(other.ok).toBe(false);
  });

  it('after 20,000 later bids the oldest answer is forgotten: the retry runs again', async () => {
    const { room, lotId } = roomWithOpenLot();
    const first = await room.dispatch({ type: 'bid:place', lotId, amount: 100, bidId: 'b0' }, teamActor('T1'));
    expect(first.ok).toBe(true);
    const refusedFirst = await room.dispatch(
      { type: 'bid:place', lotId, amount: 1, bidId: 'low-first' },
      teamActor('T2'),
    );
    await refusals(room, lotId, 19_999);
    // The next oldest is still remembered: its first answer, though 200 would be accepted now.
    expect(await room.dispatch({ type: 'bid:place', lotId, amount: 200, bidId: 'low-first' }, teamActor('T2'))).toEqual(
      refusedFirst,
    );
    const retried = await room.dispatch({ type: 'bid:place', lotId, amount: 100, bidId: 'b0' }, teamActor('T1'));
    expect(retried.ok).toBe(false); // run again: 100 is the high bid now, not above it
  });
});

describe('a remembered accepted answer is kept as numbers and built again for a retry', () => {
  it("gives a team's retry the very answer it first got, to the byte", async () => {
    const { room, lotId } = roomWithOpenLot();
    const first = await room.dispatch({ type: 'bid:place', lotId, amount: 100, bidId: 'b0' }, teamActor('T1'));
    const later = await room.dispatch({ type: 'bid:place', lotId, amount: 110, bidId: 'b1' }, teamActor('T2'));
    expect(first.ok && later.ok).toBe(true);
    const retry = await room.dispatch({ type: 'bid:place', lotId, amount: 100, bidId: 'b0' }, teamActor('T1'));
    expect(JSON.stringify(retry)).toBe(JSON.stringify(first));
    const retryLater = await room.dispatch({ type: 'bid:place', lotId, amount: 110, bidId: 'b1' }, teamActor('T2'));
    expect(JSON.stringify(retryLater)).toBe(JSON.stringify(later));
  });

  it("gives the auctioneer's retried floor bid its first answer: the team it was for, marked floor", async () => {
    const { room, lotId } = roomWithOpenLot();
    const command = { type: 'bid:floor', lotId, teamId: 'T3', amount: 100, bidId: 'f0' } as const;
    const first = await room.dispatch(command, ADMIN);
    expect(first).toMatchObject({ ok: true, data: { bid: { teamId: 'T3', floor: true }, bidId: 'f0' } });
    const retry = await room.dispatch(command, ADMIN);
    expect(JSON.stringify(retry)).toBe(JSON.stringify(first));
  });

  it('keeps a refusal whole, message and all', async () => {
    const { room, lotId } = roomWithOpenLot();
    const first = await room.dispatch({ type: 'bid:place', lotId, amount: 1, bidId: 'low' }, teamActor('T1'));
    expect(first.ok).toBe(false);
    const retry = await room.dispatch({ type: 'bid:place', lotId, amount: 100, bidId: 'low' }, teamActor('T1'));
    expect(retry).toEqual(first);
  });
});
