import { afterEach, describe, expect, it } from 'vitest';
import { replay, summariseTeams, type Lot } from '../../shared/auction';
import { makeConfig, makeLot } from '../helpers/builders';
import { startTestHost, type TestHost } from '../helpers/host';

let t: TestHost | null = null;
afterEach(async () => {
  await t?.close();
  t = null;
});

/** A league sheet's player: the role as category, overseas its own Yes/No column. */
function player(i: number, role: string, overseas: string): Lot {
  return makeLot(i, { name: `Player ${i}`, category: role, extra: { overseas, country: 'X' } });
}

describe('quotas over the socket', () => {
  it('[QUO1]–[QUO5] [QUO7] configure quotas, refuse bids by them with their codes, and show every team the same counts', async () => {
    t = await startTestHost(makeConfig({ teams: 2, lots: 1, rules: { gapMs: 0, squadMax: 3 } }));
    const admin = await t.admin();
    const spectator = await t.connect('');
    // [QUO5] a quota naming nothing in the catalog is accepted while setup fills it in, and refused at the start.
    const nothing = await admin.configureAuction({
      rules: { ...t.host.room.state.config.rules, quotas: [{ category: 'wicketkeeper', min: 1 }] },
      lots: [player(1, 'Batter', 'No')],
    });
    expect(nothing.ok).toBe(true);
    const early = await admin.send('auction:start', {});
    expect(!early.ok && early.error).toMatchObject({
      code: 'invalid_config',
      message: expect.stringMatching(/counts no lot/),
    });

    const lots = [
      player(1, 'Batter', 'Yes'),
      player(2, 'Batter', 'Y'),
      player(3, 'Bowler', 'No'),
      player(4, 'Wicketkeeper', 'No'),
    ];
    const quotas = [
      { attribute: 'overseas', value: 'yes', max: 1 },
      { category: 'wicketkeeper', min: 1 },
    ];
    const configured = await admin.configureAuction({ rules: { ...t.host.room.state.config.rules, quotas }, lots });
    expect(configured.ok).toBe(true);
    expect((await admin.send('auction:start', {})).ok).toBe(true);
    const t1 = await t.team('T1');
    const t2 = await t.team('T2');

    // L1: T1 buys its one overseas player.
    expect((await t1.placeBid('L1', 100)).ok).toBe(true);
    expect((await admin.send('lot:hammer', {})).ok).toBe(true);
    // L2 is overseas too: [QUO2] refused with its name.
    const full = await t1.placeBid('L2', 100);
    expect(!full.ok && full.error).toEqual({ code: 'quota_full', message: 'At most 1 overseas: Team 1 already has 1' });
    expect((await t2.placeBid('L2', 100)).ok).toBe(true);
    expect((await admin.send('lot:hammer', {})).ok).toBe(true);
    // L3, a bowler: T1 has 3 − 1 = 2 places, one kept for the wicketkeeper; buying L3 leaves 1: fine.
    expect((await t1.placeBid('L3', 100)).ok).toBe(true);
    expect((await admin.send('lot:hammer', {})).ok).toBe(true);

    const rows = summariseTeams(t.host.room.state);
    expect(rows[0]?.quotas).toEqual([
      { label: 'overseas', count: 1, min: null, max: 1 },
      { label: 'wicketkeeper', count: 0, min: 1, max: null },
    ]);
    // Every client folds to the same counts.
    await spectator.waitFor((c) => c.state?.seq === t!.host.room.publishedState.seq);
    expect(summariseTeams(spectator.state!)).toEqual(rows);
    // And the journal replays to the state the host holds.
    const audit = await admin.readWholeAudit();
    expect(audit.ok && replay(audit.data)).toEqual(t.host.room.state);
  });

  it('[QUO3] [QUO4] a minimum refuses a bid that would leave no room, by places and by money, naming the quota', async () => {
    const lots = [player(1, 'Batter', 'No'), player(2, 'Batter', 'No'), player(3, 'Wicketkeeper', 'No')];
    const rules = { gapMs: 0, squadMax: 2, minimumPrice: 100, quotas: [{ category: 'Wicketkeeper', min: 1 }] };
    t = await startTestHost(makeConfig({ teams: 2, lots, rules }));
    const admin = await t.admin();
    expect((await admin.send('auction:start', {})).ok).toBe(true);
    const t1 = await t.team('T1');
    // Money: purse 1000, 100 kept for the wicketkeeper.
    const money = await t1.placeBid('L1', 950);
    expect(!money.ok && money.error.code).toBe('quota_minimum');
    expect(!money.ok && money.error.message).toMatch(/^Needs 1 more Wicketkeeper: Team 1 may bid at most/);
    expect((await t1.placeBid('L1', 900)).ok).toBe(true);
    expect((await admin.send('lot:hammer', {})).ok).toBe(true);
    // Places: one left, and it is the wicketkeeper's.
    const places = await t1.placeBid('L2', 100);
    expect(!places.ok && places.error.code).toBe('quota_minimum');
    expect(!places.ok && places.error.message).toMatch(/^Needs 1 more Wicketkeeper: Team 1 would have 0 places left/);
    // A floor bid for the team meets the same rule.
    const floor = await admin.send('bid:floor', { bidId: 'f1', lotId: 'L2', teamId: 'T1', amount: 100 });
    expect(!floor.ok && floor.error.code).toBe('quota_minimum');
  });
});
