import type { BrowserContext, Page, Route } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { TestHost } from '../helpers/host';
import { makeConfig } from '../helpers/builders';
import {
  byTestId,
  expectScreen,
  expectText,
  saveScreenshot,
  useChromium,
  VIEWPORTS,
  waitUntil,
} from './support/browser';
import { joinUrl, startWebHost, teamCode } from './support/host';

/**
 * Each screen's code arrives when the screen is first shown (App.svelte), so a phone bidder
 * never downloads Setup or Console. While a screen's code is on its way the page says so; if it
 * never arrives (the Wi-Fi dropped), the page says that and offers a reload that rejoins.
 */

const CONFIG = makeConfig({
  name: 'Lazy League',
  teams: 2,
  lots: 2,
  rules: { currency: 'USD', moneyStyle: 'standard', purse: 100_000, lotOpenMs: 300_000, bidExtendMs: 30_000 },
});

let host: TestHost | null = null;
let context: BrowserContext | null = null;
const chromium = useChromium(async () => {
  await context?.close();
  context = null;
  await host?.close();
  host = null;
});

async function startLive(): Promise<TestHost> {
  host = await startWebHost(CONFIG);
  const admin = await host.admin();
  const started = await admin.send('auction:start', {});
  if (!started.ok) throw new Error(started.error.message);
  return host;
}

async function openPhone(): Promise<Page> {
  context = await chromium.browser.newContext({ viewport: VIEWPORTS.phone, deviceScaleFactor: 1 });
  return context.newPage();
}

/** Holds requests matching `pattern` until the returned function is called. */
async function holdRequests(page: Page, pattern: string): Promise<{ held: () => number; release: () => void }> {
  const waiting: Route[] = [];
  let isReleased = false;
  await page.route(pattern, (route) => {
    if (isReleased) return void route.continue();
    waiting.push(route);
  });
  return {
    held: () => waiting.length,
    release: () => {
      isReleased = true;
      for (const route of waiting.splice(0)) void route.continue();
    },
  };
}

describe('screens loaded on first show', () => {
  it('shows a note while the scripts load, then "Loading" while the bidder screen is on its way, never a blank page', async () => {
    const h = await startLive();
    const page = await openPhone();
    const entry = await holdRequests(page, '**/assets/index-*.js');
    const bidder = await holdRequests(page, '**/assets/Bidder-*.js');
    await page.goto(joinUrl(h, teamCode(h, 'T1')), { waitUntil: 'commit' });

    // Before any script has run: index.html's own note.
    await waitUntil(
      () => entry.held() > 0,
      () => 'the entry script was never requested',
    );
    await expectText(page.locator('#app'), 'Loading Gavel…');
    entry.release();

    // Joined as a team, the bidder screen's code still on its way.
    await expectScreen(page, 'bidder');
    await expectText(byTestId(page, 'screen-loading'), 'Loading…');
    expect(bidder.held()).toBeGreaterThan(0);
    expect(await byTestId(page, 'bid-quick-0').count()).toBe(0);
    await saveScreenshot(page, 'lazy-screen-loading');
    bidder.release();

    await expectText(byTestId(page, 'bid-quick-0'), /^Bid /i);
    expect(await byTestId(page, 'screen-loading').count()).toBe(0);
  });

  it('says so when the screen cannot load, and Try again reloads into the same team', async () => {
    const h = await startLive();
    const page = await openPhone();
    let aborted = 0;
    await page.route('**/assets/Bidder-*.js', (route) => {
      aborted += 1;
      return route.abort('internetdisconnected');
    });
    await page.goto(joinUrl(h, teamCode(h, 'T1')));

    await expectScreen(page, 'bidder');
    await expectText(byTestId(page, 'screen-load-failed'), /^This screen did not load/);
    expect(aborted).toBeGreaterThan(0);
    await saveScreenshot(page, 'lazy-screen-failed');

    await page.unroute('**/assets/Bidder-*.js');
    await byTestId(page, 'screen-load-failed').getByRole('button', { name: 'Try again' }).click();
    await expectText(byTestId(page, 'bid-quick-0'), /^Bid /i);
    await expectText(byTestId(page, 'whoami'), CONFIG.teams[0]?.name ?? 'T1');
  });
});
