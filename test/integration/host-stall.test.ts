import { afterEach, describe, expect, it } from 'vitest';
import { STALL_MS } from '../../main/host/auction-room';
import { makeConfig } from '../helpers/builders';
import { startTestHost, type TestHost } from '../helpers/host';

/**
 * [AUC11] A host that was not running (a laptop's lid closed, system sleep, a
 * process stalled on GC or disk) pauses the auction as a resumed crash does
 * [AUC10], instead of closing lots while phones are still reconnecting.
 */

let test: TestHost | null = null;
afterEach(async () => {
  await test?.close();
  test = null;
});

async function openFirstLot(lotOpenMs: number) {
  const config = makeConfig({ teams: 2, lots: 3 });
  const rules = { ...config.rules, lotOpenMs, bidExtendMs: 10_000 };
  test = await startTestHost({ ...config, rules });
  const admin = await test.admin();
  const team = await test.team('T1');
  expect((await admin.send('auction:start', {})).ok).toBe(true);
  expect((await team.placeBid('L1', 100)).ok).toBe(true);
  return { admin, team, host: test.host, clock: test.clock };
}

describe('[AUC11] a stalled host pauses the auction', () => {
  it('pauses instead of closing a lot whose deadline passed while the host slept', async () => {
    const { admin, host, clock } = await openFirstLot(20_000);
    clock.sleep(60_000); // lid closed for a minute: the lot's 20 s ran out meanwhile
    await clock.advance(0);

    const state = host.room.state;
    expect(state.status).toBe('paused');
    expect(state.sales).toEqual([]);
    expect(state.current?.lotId).toBe('L1');
    expect(state.paused?.phase).toBe('open');
    expect(state.paused?.remainingMs).toBe(10_000); // bidExtendMs, as after a crash [AUC10]
    await admin.waitFor((c) => c.state?.status === 'paused');

    // The auctioneer resumes; the lot takes bids again before it can close.
    expect((await admin.send('auction:resume', {})).ok).toBe(true);
    expect(host.room.state.status).toBe('running');
  });

  it('notices a stall with no deadline near, and keeps the time the lot had left', async () => {
    const { host, clock } = await openFirstLot(120_000);
    await clock.advance(5_000);
    clock.sleep(STALL_MS + 1_500); // more than the stall threshold past the next one-second watch
    await clock.advance(0);

    const state = host.room.state;
    expect(state.status).toBe('paused');
    // 120 s − 5 s − the stall − at most one watch interval: far more than bidExtendMs, and kept.
    expect(state.paused?.remainingMs).toBeGreaterThan(100_000);
  });

  it('does not pause for lag below the stall threshold', async () => {
    const { host, clock } = await openFirstLot(20_000);
    for (let i = 0; i < 10; i++) {
      clock.sleep(STALL_MS - 100);
      await clock.advance(0);
    }
    expect(host.room.state.status).toBe('running');
    expect(host.room.state.current?.lotId).toBe('L2'); // L1 closed on time, sold, and the next lot opened
  });

  it('leaves a paused auction alone', async () => {
    const { admin, host, clock } = await openFirstLot(20_000);
    expect((await admin.send('auction:pause', {})).ok).toBe(true);
    const paused = host.room.state.paused;
    clock.sleep(60_000);
    await clock.advance(0);
    expect(host.room.state.paused).toEqual(paused);
  });
});
