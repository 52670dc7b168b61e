import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { makeConfig } from '../helpers/builders';
import { byTestId, expectAttribute, expectScreen, expectText, saveScreenshot } from './support/browser';
import { joinUrl, teamCode } from './support/host';
import { useWebHost } from './support/web-host';

/** [PRX1]–[PRX6] A bidder leaves, changes and withdraws maximums; the projector and the console mark automatic bids. */

const CONFIG = makeConfig({
  name: 'Proxy Cup',
  teams: 3,
  lots: 4,
  rules: { currency: 'USD', moneyStyle: 'standard', purse: 100_000, lotOpenMs: 300_000, bidExtendMs: 30_000 },
});

function rowOf(page: Page, lotId: string): Locator {
  return byTestId(page, 'proxy-row', { 'lot-id': lotId });
}

describe('proxy bids on the screens', () => {
  const web = useWebHost();

  it('sets a maximum that answers a rival at once, shows it only to its team, then withdraws it', async () => {
    const { host: h, pages } = await web.start(CONFIG);
    const admin = await h.admin();
    const bidder = await pages.open('T1', joinUrl(h, teamCode(h, 'T1')), 'phone');
    const projector = await pages.open('projector', joinUrl(h, h.host.joinCodes.spectator), 'projector');
    const consolePage = await pages.open('console', joinUrl(h, h.host.joinCodes.admin, 'console'), 'console');
    await expectScreen(bidder, 'bidder');
    const started = await admin.send('auction:start', {});
    if (!started.ok) throw new Error(started.error.message);

    // A maximum of $4.37 on the open lot opens it at the base price for T1.
    const open = rowOf(bidder, 'L1');
    await open.getByTestId('proxy-input').fill('4.37');
    await open.getByTestId('proxy-set').click();
    await expectAttribute(open, 'data-max', '437');
    await expectAttribute(open, 'data-standing', 'leading');
    await expectText(byTestId(bidder, 'high-bid'), '$1.00');

    // A maximum on a lot to come waits for it.
    const later = rowOf(bidder, 'L3');
    await later.getByTestId('proxy-input').fill('2.50');
    await later.getByTestId('proxy-set').click();
    await expectAttribute(later, 'data-standing', 'waiting');

    // A rival bids live: the maximum answers one step over, marked auto on every screen.
    const t2 = await h.team('T2');
    const rival = await t2.placeBid('L1', 150);
    if (!rival.ok) throw new Error(rival.error.message);
    await expectText(byTestId(bidder, 'high-bid'), '$1.60');
    await expectAttribute(open, 'data-standing', 'leading');
    await expectAttribute(byTestId(projector, 'high-bid'), 'data-amount', '160');
    await byTestId(projector, 'high-bid-auto').waitFor();
    await consolePage.getByTestId('bid-auto').first().waitFor();
    await saveScreenshot(bidder, 'proxy-bidder-leading', { fullPage: true });
    await saveScreenshot(projector, 'proxy-projector-auto');
    await saveScreenshot(consolePage, 'proxy-console-auto');
    // [PRX6] the projector and the console never had the maximums.
    for (const page of [projector, consolePage]) {
      const text = await page.locator('body').innerText();
      expect(text).not.toContain('4.37');
      expect(text).not.toContain('2.50');
    }

    // The rival goes over the maximum: it lapses, and the bidder is told.
    const over = await t2.placeBid('L1', 440);
    if (!over.ok) throw new Error(over.error.message);
    await expectText(byTestId(bidder, 'proxy-lapsed'), 'Your maximum on Lot 1 was outbid.');
    await expectAttribute(open, 'data-standing', 'none');

    // Withdraw the one on the lot to come.
    await later.getByTestId('proxy-withdraw').click();
    await expectAttribute(later, 'data-standing', 'none');
    expect(h.host.room.state.proxies).toEqual([]);
    pages.assertNoErrors();
  });
});
