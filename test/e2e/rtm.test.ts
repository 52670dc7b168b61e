import { describe, expect, it } from 'vitest';
import { makeConfig, makeLot, makeTeam } from '../helpers/builders';
import {
  byTestId,
  expectAttribute,
  expectGone,
  expectScreen,
  expectText,
  saveScreenshot,
  waitUntil,
} from './support/browser';
import { joinUrl, teamCode } from './support/host';
import { useWebHost } from './support/web-host';

/** [RTM3]–[RTM7] A right-to-match decision as the bidder, the console and the projector show it. */

const CONFIG = makeConfig({
  name: 'RTM Cup',
  teams: [makeTeam(1, { purse: 100_000 }), makeTeam(2, { purse: 100_000 }), makeTeam(3, { purse: 100_000 })],
  lots: [makeLot(1, { name: 'Virat', rtmTeamId: 'T1' }), makeLot(2, { name: 'Rohit' })],
  rules: {
    currency: 'USD',
    moneyStyle: 'standard',
    purse: 100_000,
    lotOpenMs: 300_000,
    bidExtendMs: 30_000,
    rtmCards: 1,
    rtmDecisionMs: 300_000,
  },
});

describe('right to match on the screens', () => {
  const web = useWebHost();

  it('shows each step to the room, gives each team its own buttons, and says the lot went by right to match', async () => {
    const { host: h, pages } = await web.start(CONFIG);
    const admin = await h.admin();
    const holder = await pages.open('T1', joinUrl(h, teamCode(h, 'T1')), 'phone');
    const winner = await pages.open('T2', joinUrl(h, teamCode(h, 'T2')), 'phone');
    const projector = await pages.open('projector', joinUrl(h, h.host.joinCodes.spectator), 'projector');
    const consolePage = await pages.open('console', joinUrl(h, h.host.joinCodes.admin, 'console'), 'console');
    await expectScreen(holder, 'bidder');
    const started = await admin.send('auction:start', {});
    if (!started.ok) throw new Error(started.error.message);

    // T2 wins Virat at $3.00; the hammer hands it to T1's decision.
    const t2 = await h.team('T2');
    const won = await t2.placeBid('L1', 300);
    if (!won.ok) throw new Error(won.error.message);
    const hammered = await admin.send('lot:hammer', {});
    if (!hammered.ok) throw new Error(hammered.error.message);

    const holderPanel = byTestId(holder, 'rtm-panel');
    await expectAttribute(holderPanel, 'data-step', 'decide');
    await expectText(byTestId(holder, 'rtm-title'), 'Right to match: You may match $3.00');
    await byTestId(holder, 'rtm-action-use').waitFor();
    await expectGone(byTestId(holder, 'bid-custom-submit'));
    // The winner sees the decision, with no buttons on a step not its own.
    await expectAttribute(byTestId(winner, 'rtm-panel'), 'data-step', 'decide');
    await expectGone(byTestId(winner, 'rtm-action-use'));
    await expectText(byTestId(projector, 'rtm-title'), 'Right to match: Team 1 may match $3.00');
    // The console's buttons carry their keys: 1 uses the card, 2 declines.
    await expectText(byTestId(consolePage, 'rtm-action-use'), /^Use RTM \(Team 1\)\s*1$/);
    await expectAttribute(byTestId(consolePage, 'rtm-action-decline'), 'aria-keyshortcuts', '2');
    // The bidding is over: no next bid to quote, and one clock (the decision's) on each screen.
    await expectText(byTestId(consolePage, 'next-min-bid'), 'Bidding over');
    for (const page of [consolePage, holder]) expect(await page.locator('.stage [role="timer"]').count()).toBe(1);
    await saveScreenshot(holder, 'rtm-bidder-decide', { fullPage: true });
    await saveScreenshot(consolePage, 'rtm-console-decide');
    await saveScreenshot(projector, 'rtm-projector-decide');

    // T1 taps Use RTM; T2 raises on its phone to the first offered raise ($3.10).
    await byTestId(holder, 'rtm-action-use').click();
    await expectAttribute(byTestId(winner, 'rtm-panel'), 'data-step', 'raise');
    await expectAttribute(byTestId(winner, 'rtm-action-raise').first(), 'data-amount', '310');
    await saveScreenshot(winner, 'rtm-bidder-raise', { fullPage: true });
    await byTestId(winner, 'rtm-action-raise').first().click();
    await expectText(byTestId(projector, 'rtm-title'), 'Team 2 raised to $3.10');
    await expectText(byTestId(holder, 'rtm-action-match'), 'Match $3.10');
    await saveScreenshot(projector, 'rtm-projector-match');

    // T1 matches: sold to T1 by right to match, on every screen.
    await byTestId(holder, 'rtm-action-match').click();
    await expectText(byTestId(projector, 'sold-to'), 'Team 1');
    await expectText(byTestId(projector, 'sold-amount'), '$3.10');
    await expectText(byTestId(projector, 'sold-rtm'), 'by right to match');
    await expectGone(byTestId(consolePage, 'rtm-panel'));
    await saveScreenshot(projector, 'rtm-projector-sold');
  });

  it('[RTM7] the auctioneer decides from the keyboard: each digit presses the panel’s button of that place', async () => {
    const { host: h, pages } = await web.start(CONFIG);
    const admin = await h.admin();
    const consolePage = await pages.open('console', joinUrl(h, h.host.joinCodes.admin, 'console'), 'console');
    const started = await admin.send('auction:start', {});
    if (!started.ok) throw new Error(started.error.message);
    const won = await (await h.team('T2')).placeBid('L1', 300);
    if (!won.ok) throw new Error(won.error.message);
    const hammered = await admin.send('lot:hammer', {});
    if (!hammered.ok) throw new Error(hammered.error.message);
    await expectAttribute(byTestId(consolePage, 'rtm-panel'), 'data-step', 'decide');

    // 1: Use RTM for Team 1. The raise step's buttons are Team 2's raises, then Stand.
    await consolePage.keyboard.press('1');
    await expectAttribute(byTestId(consolePage, 'rtm-panel'), 'data-step', 'raise');
    const raises = await byTestId(consolePage, 'rtm-action-raise').count();
    expect(raises).toBeGreaterThan(0);
    // A digit past the last button does nothing.
    await consolePage.keyboard.press(String(raises + 2));
    await saveScreenshot(consolePage, 'rtm-console-keys-raise');
    // raises + 1: Stand at $3.00; then 2: Let it go, and Team 2 keeps Virat at its price.
    await consolePage.keyboard.press(String(raises + 1));
    await expectAttribute(byTestId(consolePage, 'rtm-panel'), 'data-step', 'match');
    await consolePage.keyboard.press('2');
    await expectGone(byTestId(consolePage, 'rtm-panel'));
    await waitUntil(
      () =>
        h.host.room.state.sales.some((s) => s.lotId === 'L1' && s.teamId === 'T2' && s.amount === 300) ? true : null,
      () => `L1 to be sold to T2 for 300, but the sales are ${JSON.stringify(h.host.room.state.sales)}`,
    );
    expect(h.host.room.state.sales.find((s) => s.lotId === 'L1')?.rtm).toBeUndefined();
  });

  it('[RTM1] [RTM2] [RTM4] Setup gives every team cards, one team its own count, a lot its RTM team and the decision clock', async () => {
    const plain = makeConfig({
      name: 'Setup RTM Cup',
      teams: 3,
      lots: 2,
      rules: { currency: 'USD', moneyStyle: 'standard', purse: 100_000, lotOpenMs: 300_000 },
    });
    const { host: h, pages } = await web.start(plain);
    const setup = await pages.open('setup', joinUrl(h, h.host.joinCodes.admin, 'setup'), 'console');
    await expectScreen(setup, 'setup');
    await byTestId(setup, 'setup-rtm-cards').fill('1');
    await byTestId(setup, 'setup-rtm-cards').blur();
    await byTestId(setup, 'setup-rtm-decision').fill('20s');
    await byTestId(setup, 'setup-rtm-decision').blur();
    await byTestId(setup, 'setup-team-rtm-T3').fill('2');
    await byTestId(setup, 'setup-team-rtm-T3').blur();
    await byTestId(setup, 'setup-rtm-team-L1').selectOption('T1');
    await saveScreenshot(setup, 'setup-rtm', { fullPage: true });
    await byTestId(setup, 'setup-save').click();
    await byTestId(setup, 'setup-saved').waitFor();
    const config = await waitUntil(
      () => {
        const saved = h.host.room.state.config;
        return saved.lots[0]?.rtmTeamId === 'T1' ? saved : null;
      },
      () => `the host to hold L1's RTM team, not ${JSON.stringify(h.host.room.state.config.lots[0])}`,
    );
    expect(config.rules).toMatchObject({ rtmCards: 1, rtmDecisionMs: 20_000 });
    expect(config.teams.map((t) => t.rtmCards)).toEqual([undefined, undefined, 2]);

    // What Setup saved is what the night runs on: L1 sold to another team waits on T1's decision.
    const admin = await h.admin();
    const rival = await h.team('T2');
    expect((await admin.send('auction:start', {})).ok).toBe(true);
    expect((await rival.placeBid('L1', 100)).ok).toBe(true);
    expect((await admin.send('lot:hammer', {})).ok).toBe(true);
    expect(h.host.room.state.rtm).toMatchObject({ lotId: 'L1', teamId: 'T1', winnerId: 'T2', step: 'decide' });
  });
});
