import { afterEach, describe, expect, it } from 'vitest';
import { MAX_MESSAGE_BYTES } from '../../main/host/host-server';
import { makeConfig, makeLot, makeTeam } from '../helpers/builders';
import { startTestHost, type TestHost } from '../helpers/host';

let t: TestHost | null = null;
afterEach(async () => {
  await t?.close();
  t = null;
});

describe('configuring over the socket before the start', () => {
  it('takes a catalog far larger than one message in pages, and every client sees it', async () => {
    t = await startTestHost(makeConfig({ teams: 2, lots: 1 }));
    const admin = await t.admin();
    const spectator = await t.connect('');
    const lots = Array.from({ length: 2_000 }, (_, i) =>
      makeLot(i + 1, { name: `Player ${i + 1} with a long name`, extra: { country: 'Atlantis', role: 'all-rounder' } }),
    );
    expect(JSON.stringify(lots).length).toBeGreaterThan(8 * MAX_MESSAGE_BYTES);
    const teams = Array.from({ length: 50 }, (_, i) => makeTeam(i + 1));
    const res = await admin.configureAuction({ name: 'Big league', teams, lots });
    expect(res.ok).toBe(true);
    expect(t.host.room.state.config.lots).toHaveLength(2_000);
    expect(t.host.room.state.config.teams).toHaveLength(50);
    await spectator.waitFor((c) => c.state?.seq === t!.host.room.publishedState.seq);
    expect(spectator.state?.config).toEqual(t.host.room.state.config);
    expect((await admin.send('auction:start', {})).ok).toBe(true);
  });

  it('refuses a bad configuration naming the field, and keeps the old one', async () => {
    t = await startTestHost(makeConfig({ teams: 2, lots: 2 }));
    const admin = await t.admin();
    const before = t.host.room.state.config;
    const res = await admin.configureAuction({ lots: [makeLot(1), makeLot(1)] });
    expect(res.ok).toBe(false);
    expect(!res.ok && res.error).toMatchObject({ code: 'invalid_config', message: expect.stringContaining('lots[1]') });
    expect(t.host.room.state.config).toBe(before);
  });

  it('accepts ids as users write them in a catalog, and bids name them', async () => {
    t = await startTestHost(makeConfig({ teams: 2, lots: 1 }));
    const admin = await t.admin();
    const lots = [makeLot(1, { id: 'Lot #1 (gold)' }), makeLot(2, { id: 'ロット2' })];
    expect((await admin.configureAuction({ lots })).ok).toBe(true);
    expect((await admin.send('auction:start', {})).ok).toBe(true);
    const team = await t.team('T1');
    expect((await team.placeBid('Lot #1 (gold)', 100)).ok).toBe(true);
    const proto = await admin.send('lot:nominate', { lotId: '__proto__' });
    expect(!proto.ok && proto.error.code).toBe('invalid_payload');
  });

  it('gives teams added in setup their own join codes, and retires the codes of removed teams', async () => {
    t = await startTestHost(makeConfig({ teams: 2, lots: 2 }));
    const admin = await t.admin();
    const oldCodes = admin.joinCodes!.teams;
    const leaving = await t.team('T2');
    const gone = new Promise<void>((resolve) => leaving.socket.once('disconnect', () => resolve()));
    const teams = [makeTeam(1), makeTeam(3, { name: 'Newcomers' }), makeTeam(4)];
    expect((await admin.configureAuction({ teams })).ok).toBe(true);
    await admin.waitFor((c) => Object.keys(c.joinCodes?.teams ?? {}).length === 3);
    const codes = admin.joinCodes!.teams;
    expect(Object.keys(codes).sort()).toEqual(['T1', 'T3', 'T4']);
    expect(codes['T1']).toBe(oldCodes['T1']);
    expect(t.host.joinCodes.teams).toEqual(codes);
    await gone;
    const newcomer = await t.connect(codes['T3']!);
    expect(newcomer.role).toBe('team');
    expect(newcomer.teamId).toBe('T3');
    const refused = await t.connect(oldCodes['T2']!);
    expect(refused.refusal?.code).toBe('bad_credentials');
  });
});
