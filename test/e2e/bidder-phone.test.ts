import type { Locator, Page } from 'playwright-core';
import { describe, it } from 'vitest';
import { CRORE_PAISE, LAKH_PAISE } from '../../shared/catalog/presets';
import { makeConfig, makeLot } from '../helpers/builders';
import {
  byTestId,
  expectAttribute,
  expectGone,
  expectScreen,
  expectText,
  saveScreenshot,
  VIEWPORTS,
  waitUntil,
} from './support/browser';
import { joinUrl, teamCode } from './support/host';
import { useWebHost } from './support/web-host';

/**
 * A team's phone through a whole (short) night at 390x844: what it needs during a live lot
 * on one screen, every rival one tap away, notices for what the auctioneer does to its
 * purse and squad, the state when it may not bid, and the end.
 */

const overseas = { overseas: 'Yes', role: 'Batter' };
const CONFIG = makeConfig({
  name: 'Phone League',
  teams: 6,
  lots: [
    makeLot(1, { name: 'Jos Buttler', basePrice: 2 * CRORE_PAISE, extra: overseas }),
    makeLot(2, { name: 'Rashid Khan', basePrice: 2 * CRORE_PAISE, extra: overseas }),
    makeLot(3, { name: 'Shubman Gill', basePrice: 50 * LAKH_PAISE, extra: { overseas: 'No', role: 'Batter' } }),
  ],
  rules: {
    currency: 'INR',
    moneyStyle: 'lakh',
    purse: 100 * CRORE_PAISE,
    squadMin: 0,
    squadMax: 4,
    quotas: [{ attribute: 'overseas', value: 'yes', max: 1 }],
    increments: { kind: 'fixed', step: 20 * LAKH_PAISE },
    lotOpenMs: 300_000,
    bidExtendMs: 30_000,
    gapMs: 2_000,
  },
});

describe('the bidder on a phone', () => {
  const web = useWebHost();

  it('a live lot on one screen, the board a tap away, notices, the cannot-bid state and the end', async () => {
    const { host: h, pages } = await web.start(CONFIG);
    const admin = await h.admin();
    const ok = async (ack: Promise<{ ok: boolean; error?: { message: string } }>): Promise<void> => {
      const result = await ack;
      if (!result.ok) throw new Error(result.error?.message);
    };
    const t2 = await h.team('T2');
    const page = await pages.open('T1', joinUrl(h, teamCode(h, 'T1')), 'phone');
    await expectScreen(page, 'bidder');
    await ok(admin.send('auction:start', {}));
    await expectAttribute(byTestId(page, 'bid-status'), 'data-state', 'open');

    // 1. What a bidder needs at that moment, above the fold.
    await expectText(byTestId(page, 'glance-purse-left'), '₹100 Cr');
    await expectText(byTestId(page, 'glance-max-bid'), '₹100 Cr');
    for (const id of ['bid-status', 'bid-quick-0', 'high-bid', 'countdown', 'glance-purse-left', 'glance-max-bid']) {
      await expectInViewport(page, byTestId(page, id), id);
    }
    await saveScreenshot(page, 'bidder-phone-live');
    // The same on a laptop.
    await page.setViewportSize({ width: 1366, height: 768 });
    for (const id of ['bid-status', 'bid-quick-0', 'high-bid', 'countdown', 'glance-purse-left', 'glance-max-bid']) {
      await expectInViewport(page, byTestId(page, id), `${id} at 1366x768`);
    }
    await saveScreenshot(page, 'bidder-laptop-live');
    await page.setViewportSize(VIEWPORTS.phone);

    // 2. Outbid while looking at the board: the alert stays above it.
    await byTestId(page, 'bid-quick-0').click();
    await expectAttribute(byTestId(page, 'bid-status'), 'data-state', 'leading');
    await byTestId(page, 'tab-board').click();
    await waitUntil(
      async () => (await byTestId(page, 'board-row').count()) === 6,
      () => 'six rows on the board',
    );
    await ok(t2.placeBid('L1', 2 * CRORE_PAISE + 20 * LAKH_PAISE));
    await expectAttribute(byTestId(page, 'bid-status'), 'data-state', 'outbid');
    await expectInViewport(page, byTestId(page, 'bid-status'), 'the outbid alert over the board');
    await expectAttribute(byTestId(page, 'board-row', { 'team-id': 'T2' }), 'data-team-id', 'T2');
    await expectText(byTestId(byTestId(page, 'board-row', { 'team-id': 'T1' }), 'board-slots'), '4/4');
    await expectText(byTestId(page, 'board-leader'), 'High bid');
    await saveScreenshot(page, 'bidder-phone-board-outbid');
    await byTestId(page, 'tab-lot').click();

    // 3. Bought, then undone by the auctioneer: the phone says so.
    await byTestId(page, 'bid-quick-0').click();
    await expectAttribute(byTestId(page, 'bid-status'), 'data-state', 'leading');
    await ok(admin.send('lot:hammer', {}));
    await expectAttribute(byTestId(page, 'bid-status'), 'data-state', 'sold-to-you');
    await ok(admin.send('sale:undo', {}));
    await expectText(byTestId(page, 'bidder-notice', { kind: 'undo' }), /Sale undone: Jos Buttler/);
    await saveScreenshot(page, 'bidder-phone-undo-notice');

    // Bought again; the next overseas player is one too many: one state, the room's words.
    await h.clock.advance(CONFIG.rules.gapMs + 1);
    await expectAttribute(byTestId(page, 'bid-status'), 'data-state', 'open');
    await byTestId(page, 'bid-quick-0').click();
    await expectAttribute(byTestId(page, 'bid-status'), 'data-state', 'leading');
    await ok(admin.send('lot:hammer', {}));
    // Bought again: the undo notice has had its day.
    await expectGone(byTestId(page, 'bidder-notice', { kind: 'undo' }));
    await h.clock.advance(CONFIG.rules.gapMs + 1);
    await waitUntil(
      () => h.host.room.state.current?.lotId === 'L2',
      () => 'Rashid Khan opens',
    );
    await expectAttribute(byTestId(page, 'bid-status'), 'data-state', 'cannot-bid');
    await expectText(byTestId(page, 'bid-status-detail'), /overseas/);
    const words = (await byTestId(page, 'bid-status').innerText()) + (await page.innerText('body'));
    if (/Be the first|Bidding is open/.test(words)) throw new Error(`mixed messages: ${words}`);
    if (!(await byTestId(page, 'bid-quick-0').isDisabled())) throw new Error('the bid button should be off');

    // 4. A penalty off the purse, with the auctioneer's reason.
    await ok(admin.send('purse:adjust', { teamId: 'T1', delta: -90 * CRORE_PAISE, reason: 'late squad list' }));
    await expectText(byTestId(page, 'bidder-notice', { kind: 'purse' }), /−₹90 Cr.*Reason: late squad list/);
    await expectText(byTestId(page, 'glance-purse-left'), '₹8 Cr');
    // A notice above does not push the numbers below the fold.
    for (const id of ['bid-status', 'bid-quick-0', 'high-bid', 'countdown', 'glance-purse-left', 'glance-max-bid']) {
      await expectInViewport(page, byTestId(page, id), `${id} under a notice`);
    }
    await saveScreenshot(page, 'bidder-phone-cannot-bid-penalty');

    // A correction of our sale reuses the correction notice.
    await ok(t2.placeBid('L2', 2 * CRORE_PAISE));
    await ok(admin.send('lot:hammer', {}));
    await ok(admin.send('sale:correct', { lotId: 'L1', amount: 150 * LAKH_PAISE, reason: 'misheard bid' }));
    await expectText(byTestId(page, 'correction-notice'), /Jos Buttler.*Reason: misheard bid/);

    // 5. The last player, then the end: the banner says so and shows the squad.
    await h.clock.advance(CONFIG.rules.gapMs + 1);
    await waitUntil(
      () => h.host.room.state.current?.lotId === 'L3',
      () => 'Shubman Gill opens',
    );
    await expectAttribute(byTestId(page, 'bid-status'), 'data-state', 'open');
    await byTestId(page, 'bid-quick-0').click();
    await expectAttribute(byTestId(page, 'bid-status'), 'data-state', 'leading');
    await ok(admin.send('lot:hammer', {}));
    await expectAttribute(byTestId(page, 'bid-status'), 'data-state', 'finished');
    await expectText(byTestId(page, 'bid-status'), /The auction is over/);
    await waitUntil(
      async () => (await byTestId(page, 'final-squad').locator('li').count()) === 2,
      () => 'two players in the final squad',
    );
    await expectText(byTestId(page, 'final-squad'), /Jos Buttler[\s\S]*Shubman Gill/);
    await saveScreenshot(page, 'bidder-phone-finished');
    await byTestId(page, 'tab-board').click();
    await saveScreenshot(page, 'bidder-phone-finished-board');

    // A laptop's view of the same end.
    await page.setViewportSize({ width: 1366, height: 768 });
    await byTestId(page, 'tab-lot').click();
    await saveScreenshot(page, 'bidder-laptop-finished');
    pages.assertNoErrors();
  });

  it('Leave asks first, in a dialog: Cancel stays, Leave logs the team out', async () => {
    const { host: h, pages } = await web.start(CONFIG);
    const page = await pages.open('T1', joinUrl(h, teamCode(h, 'T1')), 'phone');
    await expectScreen(page, 'bidder');
    await byTestId(page, 'leave').click();
    await byTestId(page, 'leave-confirm').waitFor();
    await expectText(byTestId(page, 'leave-confirm'), /Leave the auction\? Your team stops bidding from this device/);
    await saveScreenshot(page, 'bidder-phone-leave-confirm');
    await byTestId(page, 'leave-confirm-cancel').click();
    await expectGone(byTestId(page, 'leave-confirm'));
    await expectScreen(page, 'bidder');
    await byTestId(page, 'leave').click();
    await byTestId(page, 'leave-confirm-confirm').click();
    await waitUntil(
      async () => (await byTestId(page, 'app').getAttribute('data-screen')) !== 'bidder',
      () => 'the page leaves the bidder screen',
    );
    pages.assertNoErrors();
  });
});

/** Fails unless the element's box lies wholly inside the viewport, scrolled to the top. */
async function expectInViewport(page: Page, locator: Locator, what: string): Promise<void> {
  await page.evaluate(() => window.scrollTo(0, 0));
  const viewport = page.viewportSize() ?? VIEWPORTS.phone;
  await waitUntil(
    async () => {
      const box = await locator.first().boundingBox();
      return (
        box !== null &&
        box.x >= 0 &&
        box.y >= 0 &&
        box.x + box.width <= viewport.width &&
        box.y + box.height <= viewport.height
      );
    },
    async () =>
      `${what} inside ${viewport.width}x${viewport.height}: ${JSON.stringify(await locator.first().boundingBox())}`,
  );
}
