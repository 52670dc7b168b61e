import { describe, expect, it } from 'vitest';
import { makeConfig, makeLot } from '../helpers/builders';
import { byTestId, expectScreen, expectText, saveScreenshot, waitUntil } from './support/browser';
import { joinUrl, teamCode } from './support/host';
import { useWebHost } from './support/web-host';

/**
 * [RET2] retained players, [COR1] a sale corrected from the console's dialog,
 * [ACC3] the Next lot button of manualAdvance, [ACC2] a wish list from a
 * phone and [ACC1] the console's pick of the unsold lots that come back.
 */

const CONFIG = makeConfig({
  name: 'Retention Cup',
  teams: 3,
  lots: [
    makeLot(1, { name: 'Aarav Sharma', retained: { teamId: 'T1', price: 30_000 } }),
    makeLot(2, { name: 'Ben Carter' }),
    makeLot(3, { name: 'Chris Doyle' }),
    makeLot(4, { name: 'Dev Patel' }),
  ],
  rules: {
    currency: 'USD',
    moneyStyle: 'standard',
    purse: 100_000,
    lotOpenMs: 300_000,
    bidExtendMs: 30_000,
    rounds: 2,
    pickUnsold: true,
    manualAdvance: true,
  },
});

describe('retained players, a corrected sale and the accelerated round on the screens', () => {
  const web = useWebHost();

  it('corrects a sale from the console, every screen shows it; next lot by hand; a wish list and the pick', async () => {
    const { host: h, pages } = await web.start(CONFIG);
    const admin = await h.admin();
    const consolePage = await pages.open('console', joinUrl(h, h.host.joinCodes.admin, 'console'), 'console');
    const t2Page = await pages.open('T2', joinUrl(h, teamCode(h, 'T2')), 'phone');
    const projector = await pages.open('projector', joinUrl(h, h.host.joinCodes.spectator), 'projector');
    await expectScreen(t2Page, 'bidder');
    const started = await admin.send('auction:start', {});
    if (!started.ok) throw new Error(started.error.message);

    // [RET2] the retained player is a sale before any bid, marked retained.
    await expectText(byTestId(consolePage, 'sale-note-L1'), 'Retained');

    // L2 sold to T2; [ACC3] the console waits for Next lot.
    const t2 = await h.team('T2');
    const bid = await t2.placeBid('L2', 1_500);
    if (!bid.ok) throw new Error(bid.error.message);
    await byTestId(consolePage, 'control-hammer').click();
    await byTestId(consolePage, 'waiting-next').waitFor();

    // [COR1] the hammer went to the wrong paddle: T3 at $14, with a reason.
    await byTestId(consolePage, 'correct-sale-L2').click();
    await byTestId(consolePage, 'correct-team').selectOption('T3');
    await byTestId(consolePage, 'correct-amount').fill('14');
    await byTestId(consolePage, 'correct-confirm').click();
    await expectText(byTestId(consolePage, 'correct-problem'), /^Give a reason/);
    await byTestId(consolePage, 'correct-reason').fill('Wrong paddle');
    await saveScreenshot(consolePage, 'correct-dialog');
    await byTestId(consolePage, 'correct-confirm').click();
    await expectText(byTestId(consolePage, 'sale-note-L2'), 'Corrected from Team 2 at $15.00: Wrong paddle');
    await expectText(byTestId(t2Page, 'correction-notice'), /Ben Carter is now Team 3's at \$14\.00/);
    await expectText(byTestId(projector, 'projector-correction'), /Wrong paddle$/);
    await saveScreenshot(consolePage, 'correct-console', { fullPage: true });
    await saveScreenshot(t2Page, 'correct-bidder', { fullPage: true });
    await saveScreenshot(projector, 'correct-projector');
    expect(h.host.room.state.ledger['T3']?.spent).toBe(1_400);

    // [ACC3] Next lot opens L3; it and L4 go unsold.
    await byTestId(consolePage, 'control-next').click();
    await expect.poll(() => h.host.room.state.current?.lotId).toBe('L3');
    await expectText(byTestId(t2Page, 'lot-name'), 'Chris Doyle');
    await byTestId(consolePage, 'control-skip').click();
    // [ACC2] T2 wishes for Chris Doyle from its phone.
    await byTestId(t2Page, 'wish-L3').check();
    await expect.poll(() => h.host.room.state.wishlists?.['T2']).toEqual(['L3']);
    await byTestId(consolePage, 'control-next').click();
    await byTestId(consolePage, 'control-skip').click();

    // [ACC1] the console picks Chris Doyle, wished by Team 2.
    await expectText(byTestId(consolePage, 'pick-wish-L3'), 'wished by Team 2');
    await byTestId(projector, 'projector-pick').waitFor();
    await saveScreenshot(consolePage, 'pick-console', { fullPage: true });
    await saveScreenshot(t2Page, 'pick-bidder-wishlist', { fullPage: true });
    await byTestId(consolePage, 'pick-L3').check();
    await byTestId(consolePage, 'pick-chosen').click();
    await expect.poll(() => h.host.room.state.current?.lotId).toBe('L3');
    expect(h.host.room.state.round).toBe(2);

    // Results mark the retained player and the correction.
    await byTestId(consolePage, 'control-skip').click();
    await byTestId(consolePage, 'console-see-results').click();
    await expectScreen(consolePage, 'results');
    await byTestId(consolePage, 'results-retained').waitFor();
    await expectText(byTestId(consolePage, 'results-corrected'), /Wrong paddle$/);
    await saveScreenshot(consolePage, 'results-retained-corrected', { fullPage: true });
  });

  it('[RET1] [ACC1] [ACC3] Setup retains a player for a team and turns on the pick and the manual advance', async () => {
    const plain = makeConfig({
      name: 'Setup Cup',
      teams: 3,
      lots: 3,
      rules: { currency: 'USD', moneyStyle: 'standard', purse: 100_000 },
    });
    const { host: h, pages } = await web.start(plain);
    const admin = await pages.open('setup', joinUrl(h, h.host.joinCodes.admin, 'setup'), 'console');
    await expectScreen(admin, 'setup');
    await byTestId(admin, 'setup-retained-L2').selectOption('T3');
    // A retention is an edit like any other: the draft says so, and no snapshot overwrites it.
    await byTestId(admin, 'setup-dirty').waitFor();
    await byTestId(admin, 'setup-retained-price-L2').fill('250');
    await byTestId(admin, 'setup-pick-unsold').check();
    await byTestId(admin, 'setup-manual-advance').check();
    await saveScreenshot(admin, 'setup-retained', { fullPage: true });
    await byTestId(admin, 'setup-save').click();
    await byTestId(admin, 'setup-saved').waitFor();
    await waitUntil(
      async () => h.host.room.state.config.lots[1]?.retained?.price === 25_000,
      () => `the host to hold L2 retained at 25000, not ${JSON.stringify(h.host.room.state.config.lots[1]?.retained)}`,
    );
    expect(h.host.room.state.config.lots[1]?.retained).toEqual({ teamId: 'T3', price: 25_000 });
    expect(h.host.room.state.config.rules).toMatchObject({ pickUnsold: true, manualAdvance: true });
  });
});
