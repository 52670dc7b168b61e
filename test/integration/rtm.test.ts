import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startHost } from '../../main/host/host-server';
import { replay, rtmCardsLeft, purseLeft } from '../../shared/auction';
import type { AuctionEvent } from '../../shared/auction';
import { connectGavel, type GavelClient } from '../../renderer/lib/gavel-client';
import { makeConfig, makeLot, makeTeam } from '../helpers/builders';
import { FakeClock } from '../helpers/fake-clock';
import { startTestHost, type TestHost } from '../helpers/host';

let t: TestHost | null = null;
let dataDir = '';
afterEach(async () => {
  await t?.close();
  t = null;
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
  dataDir = '';
});

const DECIDE_MS = 10_000;

/** L1 and L2 were T1's players (it may match them); L3 nobody's. */
function rtmConfig(): ReturnType<typeof makeConfig> {
  return makeConfig({
    teams: [makeTeam(1), makeTeam(2), makeTeam(3)],
    lots: [makeLot(1, { rtmTeamId: 'T1' }), makeLot(2, { rtmTeamId: 'T1' }), makeLot(3)],
    rules: { rtmCards: 2, rtmDecisionMs: DECIDE_MS },
  });
}

async function caughtUp(host: TestHost, clients: readonly GavelClient[]): Promise<void> {
  const seq = host.host.room.publishedState.seq;
  await Promise.all(clients.map((c) => c.waitFor((x) => (x.state?.seq ?? 0) >= seq)));
}

async function auditOf(admin: GavelClient): Promise<AuctionEvent[]> {
  const audit = await admin.readWholeAudit();
  if (!audit.ok) throw new Error(audit.error.message);
  return audit.data;
}

describe('[RTM1]–[RTM8] right to match over real sockets', () => {
  it('plays one lot matched after a raise and one let go after a raise, every client seeing each step', async () => {
    t = await startTestHost(rtmConfig());
    const admin = await t.admin();
    const [t1, t2, t3] = [await t.team('T1'), await t.team('T2'), await t.team('T3')];
    const spectator = await t.connect(t.host.joinCodes.spectator);
    const everyone = [admin, t1, t2, t3, spectator];
    expect((await admin.send('auction:start', {})).ok).toBe(true);

    // L1: T2 wins the bidding; the hammer puts it to T1's decision instead of selling it.
    expect((await t2.placeBid('L1', 100)).ok).toBe(true);
    expect((await t3.placeBid('L1', 110)).ok).toBe(true);
    expect((await t2.placeBid('L1', 120)).ok).toBe(true);
    expect((await admin.send('lot:hammer', {})).ok).toBe(true);
    await caughtUp(t, everyone);
    for (const client of everyone) {
      expect(client.state?.phase).toBe('rtm');
      expect(client.state?.rtm).toMatchObject({
        lotId: 'L1',
        teamId: 'T1',
        winnerId: 'T2',
        amount: 120,
        step: 'decide',
      });
    }
    expect(t.host.room.state.sales).toEqual([]);

    // [RTM7] only the team whose step it is.
    const early = await t2.send('rtm:use', { lotId: 'L1' });
    expect(early.ok || early.error.code).toBe('not_your_turn');
    expect((await t1.send('rtm:use', { lotId: 'L1' })).ok).toBe(true);
    const wrongRaiser = await t3.send('rtm:raise', { lotId: 'L1', amount: 200 });
    expect(wrongRaiser.ok || wrongRaiser.error.code).toBe('not_your_turn');
    const tooLow = await t2.send('rtm:raise', { lotId: 'L1', amount: 121 });
    expect(tooLow.ok || tooLow.error.code).toBe('bid_too_low');
    expect((await t2.send('rtm:raise', { lotId: 'L1', amount: 150 })).ok).toBe(true);
    await caughtUp(t, everyone);
    expect(spectator.state?.rtm).toMatchObject({ step: 'match', amount: 150, raised: true });
    expect((await t1.send('rtm:match', { lotId: 'L1' })).ok).toBe(true);
    await caughtUp(t, everyone);
    const state = t.host.room.state;
    expect(state.sales[0]).toMatchObject({ lotId: 'L1', teamId: 'T1', amount: 150, rtm: true });
    expect(purseLeft(state, 'T1')).toBe(850);
    expect(purseLeft(state, 'T2')).toBe(1_000);
    expect(rtmCardsLeft(state, 'T1')).toBe(1);

    // L2 opens after the gap; its clock runs out with T3 ahead, which opens T1's decision by itself.
    await t.clock.advance(2_000);
    expect((await t3.placeBid('L2', 200)).ok).toBe(true);
    await t.clock.advance(10_300);
    await caughtUp(t, everyone);
    expect(t.host.room.state.rtm).toMatchObject({ lotId: 'L2', winnerId: 'T3', amount: 200, step: 'decide' });
    // [RTM4] the auctioneer extends the decision clock; time alone then decides nothing early.
    expect((await admin.send('lot:extend', { ms: 5_000 })).ok).toBe(true);
    await t.clock.advance(DECIDE_MS);
    expect(t.host.room.state.rtm?.step).toBe('decide');
    // The auctioneer says it for T1 in the room; T3 raises; T1 lets it go.
    expect((await admin.send('rtm:use', { lotId: 'L2' })).ok).toBe(true);
    expect((await t3.send('rtm:raise', { lotId: 'L2', amount: 300 })).ok).toBe(true);
    expect((await t1.send('rtm:pass', { lotId: 'L2' })).ok).toBe(true);
    await caughtUp(t, everyone);
    const after = t.host.room.state;
    expect(after.sales[1]).toMatchObject({ lotId: 'L2', teamId: 'T3', amount: 300 });
    expect(after.sales[1]?.rtm).toBeUndefined();
    expect(rtmCardsLeft(after, 'T1')).toBe(1); // [RTM6] spent only on a match
    for (const client of everyone) expect(client.state?.sales).toEqual(after.sales);

    // [RTM8] the journal has every decision, and replays to the same state.
    const events = await auditOf(admin);
    const rtmSteps = events.filter((e) => e.type.startsWith('rtm:')).map((e) => `${e.type} ${e.by ?? ''}`);
    expect(rtmSteps).toEqual([
      'rtm:offered admin',
      'rtm:used team',
      'rtm:raised team',
      'rtm:matched team',
      'rtm:offered system',
      'rtm:used admin',
      'rtm:raised team',
      'rtm:passed team',
    ]);
    expect(replay(events)).toEqual(t.host.room.publishedState);
  });

  it('[RTM8] a host that crashes during a decision comes back paused with the decision and at least bidExtendMs on it', async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'gavel-rtm-'));
    const clock = new FakeClock();
    const config = rtmConfig();
    const first = await startHost({ port: 0, host: '127.0.0.1', config, dataDir, clock });
    const url = `http://127.0.0.1:${first.port}`;
    const admin = connectGavel({ url, code: first.joinCodes.admin, clockSyncIntervalMs: 0 });
    const t2 = connectGavel({ url, code: first.joinCodes.teams['T2'] ?? '', clockSyncIntervalMs: 0 });
    await admin.waitFor((c) => c.state !== null);
    await t2.waitFor((c) => c.state !== null);
    expect((await admin.send('auction:start', {})).ok).toBe(true);
    expect((await t2.placeBid('L1', 100)).ok).toBe(true);
    expect((await admin.send('lot:hammer', {})).ok).toBe(true);
    expect((await admin.send('rtm:use', { lotId: 'L1' })).ok).toBe(true);
    const before = first.room.state;
    admin.close();
    t2.close();
    await first.close();

    await clock.advance(60_000);
    const second = await startHost({ port: 0, host: '127.0.0.1', resumeId: first.auctionId, dataDir, clock });
    try {
      const state = second.room.state;
      expect(state.status).toBe('paused');
      expect(state.rtm).toMatchObject({ lotId: 'L1', step: 'raise', winnerId: 'T2', amount: 100 });
      expect(state.paused).toEqual({ phase: 'rtm', remainingMs: config.rules.bidExtendMs });
      expect(state.current?.bids).toEqual(before.current?.bids);
      const url2 = `http://127.0.0.1:${second.port}`;
      const admin2 = connectGavel({ url: url2, code: first.joinCodes.admin, clockSyncIntervalMs: 0 });
      const t1 = connectGavel({ url: url2, code: first.joinCodes.teams['T1'] ?? '', clockSyncIntervalMs: 0 });
      await admin2.waitFor((c) => c.state !== null);
      await t1.waitFor((c) => c.state !== null);
      expect((await admin2.send('auction:resume', {})).ok).toBe(true);
      // The winner's clock runs out: it stands; T1 matches.
      await clock.advance(config.rules.bidExtendMs);
      expect(second.room.state.rtm?.step).toBe('match');
      expect((await t1.send('rtm:match', { lotId: 'L1' })).ok).toBe(true);
      expect(second.room.state.sales[0]).toMatchObject({ lotId: 'L1', teamId: 'T1', amount: 100, rtm: true });
      admin2.close();
      t1.close();
    } finally {
      await second.close();
    }
  });
});
