import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startHost } from '../../main/host/host-server';
import { listAuctions } from '../../main/host/journal';
import { connectGavel } from '../../renderer/lib/gavel-client';
import { makeConfig } from '../helpers/builders';
import { FakeClock } from '../helpers/fake-clock';

let dataDir = '';
beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'gavel-resume-'));
});
afterEach(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

describe('resume', () => {
  it('brings an auction back from its journal paused, with every acknowledged bid and the same join codes', async () => {
    const clock = new FakeClock();
    const config = makeConfig({ teams: 3, lots: 3 });
    const first = await startHost({ port: 0, host: '127.0.0.1', config, dataDir, clock });
    const url = `http://127.0.0.1:${first.port}`;
    const admin = connectGavel({ url, code: first.joinCodes.admin, clockSyncIntervalMs: 0 });
    const team = connectGavel({ url, code: first.joinCodes.teams['T1']!, clockSyncIntervalMs: 0 });
    await admin.waitFor((c) => c.state !== null);
    await team.waitFor((c) => c.state !== null);
    expect((await admin.send('auction:start', {})).ok).toBe(true);
    const wonBeforeCrash = await team.placeBid('L1', 100);
    expect(wonBeforeCrash.ok).toBe(true);
    await clock.advance(10_300); // L1 sold to T1
    await clock.advance(2_000); // L2 opens
    const acked = await team.placeBid('L2', 120);
    expect(acked.ok).toBe(true);
    const before = first.room.state;
    admin.close();
    team.close();
    await first.close();

    const listed = await listAuctions(dataDir);
    expect(listed.map((a) => a.id)).toEqual([first.auctionId]);

    // The host stays down for a minute: longer than the open lot had left.
    await clock.advance(60_000);
    const second = await startHost({ port: 0, host: '127.0.0.1', resumeId: first.auctionId, dataDir, clock });
    try {
      const state = second.room.state;
      expect(state.status).toBe('paused');
      expect(state.sales).toEqual(before.sales);
      expect(state.current?.bids).toEqual(before.current?.bids);
      expect(state.ledger).toEqual(before.ledger);
      expect(second.joinCodes.teams).toEqual(first.joinCodes.teams);
      expect(second.joinCodes.admin).toBe(first.joinCodes.admin);

      // The same team code works, the retried bid gets its first answer, and resume restores the clock.
      const url2 = `http://127.0.0.1:${second.port}`;
      const again = connectGavel({ url: url2, code: first.joinCodes.teams['T1']!, clockSyncIntervalMs: 0 });
      const admin2 = connectGavel({ url: url2, code: first.joinCodes.admin, clockSyncIntervalMs: 0 });
      await again.waitFor((c) => c.state !== null);
      await admin2.waitFor((c) => c.state !== null);
      expect(again.state).toEqual(second.room.publishedState);
      if (!acked.ok) throw new Error('unreachable');
      const retried = await again.placeBid('L2', 120, acked.data.bidId);
      expect(retried).toEqual(acked);
      expect(second.room.state.current?.bids).toHaveLength(1);
      // A bid on a lot that closed before the crash, retried now, still gets its first answer.
      if (!wonBeforeCrash.ok) throw new Error('unreachable');
      expect(await again.placeBid('L1', 100, wonBeforeCrash.data.bidId)).toEqual(wonBeforeCrash);
      // [AUC10] the lot's time ran out while the host was down; it still gets bidExtendMs once resumed.
      expect(second.room.state.paused).toEqual({ phase: 'open', remainingMs: config.rules.bidExtendMs });
      expect((await admin2.send('auction:resume', {})).ok).toBe(true);
      expect(second.room.state.status).toBe('running');
      expect(second.room.state.current?.endsAt).toBe(clock.now() + config.rules.bidExtendMs);
      again.close();
      admin2.close();
    } finally {
      await second.close();
    }
  });

  it('refuses to resume an auction that does not exist, with a clear message', async () => {
    await expect(startHost({ port: 0, host: '127.0.0.1', resumeId: 'nope', dataDir })).rejects.toThrow(
      /No auction "nope"/,
    );
  });
});
