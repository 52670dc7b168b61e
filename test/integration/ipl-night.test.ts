import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { auctionDir, JOURNAL_FILE, readJournal } from '../../main/host/journal';
import { replay } from '../../shared/auction/engine';
import { highBid } from '../../shared/auction/rules';
import type { AuctionState, Lot, Team } from '../../shared/auction/types';
import { summariseTeams } from '../../shared/auction/views';
import type { GavelClient } from '../../renderer/lib/gavel-client';
import { makeConfig, makeLot, makeTeam } from '../helpers/builders';
import { startTestHost, type TestHost } from '../helpers/host';

/**
 * An IPL-style night through the real host, every rule of a league night in
 * one auction: a retained player, right to match twice (matched after a
 * raise, let go after a raise), an overseas maximum and a wicketkeeper
 * minimum refusing bids with their reasons, a proxy bid racing a live
 * bidder, a corrected sale and an accelerated round with a team's wish. The
 * books are checked after every step, and the journal replays to the host's
 * state.
 */

const TEAMS: Team[] = [
  makeTeam(1, { name: 'Mumbai Mavericks', short: 'MUM' }),
  makeTeam(2, { name: 'Chennai Chargers', short: 'CHE' }),
  makeTeam(3, { name: 'Kolkata Knights', short: 'KOL' }),
  makeTeam(4, { name: 'Delhi Daredevils', short: 'DEL' }),
];

const player = (i: number, name: string, role: string, overseas: 'Yes' | 'No', more: Partial<Lot> = {}): Lot =>
  makeLot(i, { name, category: role, extra: { overseas, country: overseas === 'Yes' ? 'AUS' : 'IND' }, ...more });

const LOTS: Lot[] = [
  player(1, 'Rohan Iyer', 'Batter', 'Yes', { retained: { teamId: 'T1', price: 300 } }),
  player(2, 'Jasprit Rao', 'Bowler', 'No', { rtmTeamId: 'T1' }),
  player(3, 'Rishabh Pal', 'Wicketkeeper', 'No', { rtmTeamId: 'T3' }),
  player(4, 'Jos Barton', 'Wicketkeeper', 'Yes'),
  player(5, 'Mitch Starke', 'Bowler', 'Yes'),
  player(6, 'Pat Cullen', 'Bowler', 'Yes'),
  player(7, 'Shub Gil', 'Batter', 'No'),
  player(8, 'Sanju Varma', 'Wicketkeeper', 'No'),
];

const CONFIG = makeConfig({
  name: 'IPL night',
  teams: TEAMS,
  lots: LOTS,
  rules: {
    purse: 1000,
    squadMin: 0,
    squadMax: 4,
    minimumPrice: 100,
    lotOpenMs: 20_000,
    gapMs: 2_000,
    rounds: 2,
    pickUnsold: true,
    rtmCards: 1,
    rtmDecisionMs: 10_000,
    quotas: [
      { attribute: 'overseas', value: 'yes', max: 2 },
      { category: 'Wicketkeeper', min: 1 },
    ],
  },
});

let test: TestHost | null = null;
let dataDir = '';
afterEach(async () => {
  await test?.close();
  test = null;
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
  dataDir = '';
});

/** Purses, squads and quotas add up: spent is the sales, spent + left = purse, nothing over a maximum. */
function expectBooksBalance(state: AuctionState): void {
  for (const team of summariseTeams(state)) {
    const sales = state.sales.filter((s) => s.teamId === team.id);
    expect(team.spent, `${team.id} spent`).toBe(sales.reduce((sum, s) => sum + s.amount, 0));
    expect(team.spent + team.left, `${team.id} purse`).toBe(team.purse);
    expect(team.left, `${team.id} left`).toBeGreaterThanOrEqual(0);
    expect(team.squad, `${team.id} squad`).toBe(sales.length);
    expect(team.squad).toBeLessThanOrEqual(state.config.rules.squadMax);
    for (const quota of team.quotas) {
      if (quota.max !== null) expect(quota.count, `${team.id} ${quota.label}`).toBeLessThanOrEqual(quota.max);
    }
  }
}

function expectOk(ack: { ok: boolean; error?: { code: string; message: string } }): void {
  expect(ack.ok, ack.ok ? '' : `${ack.error?.code}: ${ack.error?.message}`).toBe(true);
}

describe('an IPL-style night through the real host', () => {
  it('retains, matches, refuses by quota, bids by proxy, corrects a sale and re-auctions a wish', async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'gavel-ipl-'));
    test = await startTestHost(CONFIG, { dataDir });
    const t = test;
    const state = (): AuctionState => t.host.room.state;
    const admin = await t.admin();
    const [mum, che, kol, del] = (await Promise.all(['T1', 'T2', 'T3', 'T4'].map((id) => t.team(id)))) as [
      GavelClient,
      GavelClient,
      GavelClient,
      GavelClient,
    ];
    const openLot = (): string | undefined => state().current?.lotId;
    /** Lets a lot with no answer run out, then the gap, so the next lot opens. */
    const runOut = async (): Promise<void> => {
      await t.clock.advance(CONFIG.rules.lotOpenMs + CONFIG.rules.graceMs);
      expectBooksBalance(state());
      await t.clock.advance(CONFIG.rules.gapMs);
    };
    const hammerAndGap = async (): Promise<void> => {
      expectOk(await admin.send('lot:hammer', {}));
      expectBooksBalance(state());
      await t.clock.advance(CONFIG.rules.gapMs);
    };

    // Retained before the night: Rohan comes off Mumbai's purse and never comes up [RET2].
    expectOk(await admin.send('auction:start', {}));
    expect(state().sales).toMatchObject([{ lotId: 'L1', teamId: 'T1', amount: 300, retained: true }]);
    expect(openLot()).toBe('L2');
    expectBooksBalance(state());

    // L2, right to match, matched after a raise [RTM3]–[RTM6].
    expectOk(await che.placeBid('L2', 100));
    expectOk(await admin.send('lot:hammer', {}));
    expect(state().phase).toBe('rtm');
    expect(state().rtm).toMatchObject({ lotId: 'L2', teamId: 'T1', winnerId: 'T2', amount: 100, step: 'decide' });
    expectOk(await mum.send('rtm:use', { lotId: 'L2' }));
    expectOk(await che.send('rtm:raise', { lotId: 'L2', amount: 150 }));
    expectOk(await mum.send('rtm:match', { lotId: 'L2' }));
    expect(state().sales.at(-1)).toMatchObject({ lotId: 'L2', teamId: 'T1', amount: 150, rtm: true });
    expectBooksBalance(state());
    await t.clock.advance(CONFIG.rules.gapMs);

    // L3, right to match, let go after a raise: Chennai keeps it at its raised price, Kolkata its card.
    expect(openLot()).toBe('L3');
    // Delhi leaves a maximum on the lot to come (L4) while L3 is on the block [PRX1].
    expectOk(await del.send('proxy:set', { lotId: 'L4', max: 250 }));
    expectOk(await che.placeBid('L3', 100));
    expectOk(await admin.send('lot:hammer', {}));
    expect(state().rtm).toMatchObject({ lotId: 'L3', teamId: 'T3', winnerId: 'T2', step: 'decide' });
    expectOk(await kol.send('rtm:use', { lotId: 'L3' }));
    expectOk(await che.send('rtm:raise', { lotId: 'L3', amount: 200 }));
    expectOk(await kol.send('rtm:pass', { lotId: 'L3' }));
    expect(state().sales.at(-1)).toMatchObject({ lotId: 'L3', teamId: 'T2', amount: 200 });
    expect(state().sales.at(-1)?.rtm).toBeFalsy();
    expectBooksBalance(state());
    await t.clock.advance(CONFIG.rules.gapMs);

    // L4: Delhi's proxy opens the lot and races Mumbai's live bids, until Mumbai goes past it [PRX3] [PRX4].
    expect(openLot()).toBe('L4');
    expect(highBid(state())).toMatchObject({ teamId: 'T4', amount: 100, auto: true });
    expectOk(await mum.placeBid('L4', 110));
    expect(highBid(state())).toMatchObject({ teamId: 'T4', amount: 120, auto: true });
    expectOk(await mum.placeBid('L4', 260));
    expect(highBid(state())).toMatchObject({ teamId: 'T1', amount: 260 });
    expect(state().proxies).toEqual([]);
    // Nobody but Delhi ever learnt its maximum.
    for (const client of [admin, mum, che, kol]) expect(client.state?.proxies ?? []).toEqual([]);
    await hammerAndGap();
    expect(state().sales.at(-1)).toMatchObject({ lotId: 'L4', teamId: 'T1', amount: 260 });

    // L5: Mumbai holds two overseas players (Rohan, Jos): the overseas maximum refuses it [QUO2].
    expect(openLot()).toBe('L5');
    const overseas = await mum.placeBid('L5', 100);
    expect(overseas).toMatchObject({ ok: false, error: { code: 'quota_full' } });
    expect(overseas.ok ? '' : overseas.error.message).toMatch(/overseas/i);
    // Delhi has no wicketkeeper: it must keep enough to buy one [QUO4].
    const keeper = await del.placeBid('L5', 950);
    expect(keeper).toMatchObject({ ok: false, error: { code: 'quota_minimum' } });
    expect(keeper.ok ? '' : keeper.error.message).toMatch(/Wicketkeeper/);
    expectOk(await kol.placeBid('L5', 100));
    await hammerAndGap();

    // The auctioneer misheard: Kolkata's paddle said 120 [COR1].
    expectOk(await admin.send('sale:correct', { lotId: 'L5', amount: 120, reason: 'Misheard the paddle: 120' }));
    expect(state().sales.find((s) => s.lotId === 'L5')).toMatchObject({
      teamId: 'T3',
      amount: 120,
      corrected: { fromTeamId: 'T3', fromAmount: 100, reason: 'Misheard the paddle: 120' },
    });
    expectBooksBalance(state());

    // L6 goes unsold, L7 to Chennai, L8 unsold: round 1 ends waiting for the auctioneer's pick [ACC1].
    expect(openLot()).toBe('L6');
    await runOut();
    expect(openLot()).toBe('L7');
    expectOk(await che.placeBid('L7', 100));
    await runOut();
    expect(openLot()).toBe('L8');
    await t.clock.advance(CONFIG.rules.lotOpenMs + CONFIG.rules.graceMs);
    expect(state().hold).toBe('pick');

    // Delhi wishes for the keeper it still needs; the auctioneer brings back only that one [ACC2].
    expectOk(await del.send('wishlist:set', { lotIds: ['L8'] }));
    await admin.waitFor((c) => c.state?.wishlists?.['T4']?.[0] === 'L8');
    expectOk(await admin.send('round:pick', { lotIds: ['L8'] }));
    await t.clock.advance(CONFIG.rules.gapMs);
    expect(openLot()).toBe('L8');
    expectOk(await del.placeBid('L8', 100));
    await t.clock.advance(CONFIG.rules.lotOpenMs + CONFIG.rules.graceMs);
    expect(state().status).toBe('finished');

    // The night, as the room saw it.
    expect(state().sales.map((s) => [s.lotId, s.teamId, s.amount])).toEqual([
      ['L1', 'T1', 300],
      ['L2', 'T1', 150],
      ['L3', 'T2', 200],
      ['L4', 'T1', 260],
      ['L5', 'T3', 120],
      ['L7', 'T2', 100],
      ['L8', 'T4', 100],
    ]);
    expectBooksBalance(state());
    const board = new Map(summariseTeams(state()).map((team) => [team.id, team]));
    expect(board.get('T1')).toMatchObject({ spent: 710, squad: 3 });
    expect(board.get('T4')?.quotas.find((q) => q.min !== null)).toMatchObject({ count: 1, min: 1 });

    // Every client folded to the host's public state, and the journal replays to the host's state.
    await admin.waitFor((c) => c.state?.seq === state().seq);
    expect(admin.state?.sales).toEqual(state().sales);
    const { events } = await readJournal(join(auctionDir(dataDir, t.host.auctionId), JOURNAL_FILE));
    expect(replay(events)).toEqual(state());
  });
});
