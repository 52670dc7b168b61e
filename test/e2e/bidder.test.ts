import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, it } from 'vitest';
import { startHost, type HostHandle } from '../../main/host/host-server';
import { DEFAULT_RATE_LIMITS } from '../../main/host/rate-limit';
import { makeConfig } from '../helpers/builders';
import {
  byTestId,
  expectAttribute,
  expectScreen,
  expectText,
  saveScreenshot,
  waitUntil,
  WEB_BUILD_DIR,
} from './support/browser';
import { joinUrl, teamCode } from './support/host';
import { useWebHost } from './support/web-host';

/** The bidder room without a mouse, and through a host that goes away and comes back. */

const CONFIG = makeConfig({
  name: 'Keyboard Cup',
  teams: 2,
  lots: 3,
  rules: { currency: 'USD', moneyStyle: 'standard', purse: 100_000, lotOpenMs: 300_000, bidExtendMs: 30_000 },
});

describe('the bidder room', () => {
  let resumed: HostHandle | null = null;
  let dataDir: string | null = null;

  const web = useWebHost(async () => {
    await resumed?.close();
    resumed = null;
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
    dataDir = null;
  });

  it('bids with the keyboard alone: Tab to the bid button, Enter; a custom amount with Enter', async () => {
    const { host: h, pages } = await web.start(CONFIG);
    const admin = await h.admin();
    const page = await pages.open('T1', joinUrl(h, teamCode(h, 'T1')), 'phone');
    await expectScreen(page, 'bidder');
    const started = await admin.send('auction:start', {});
    if (!started.ok) throw new Error(started.error.message);
    await expectAttribute(byTestId(page, 'bid-status'), 'data-state', 'open');

    await tabTo(page, 'bid-quick-0');
    await page.keyboard.press('Enter');
    await expectAttribute(byTestId(page, 'bid-status'), 'data-state', 'leading');
    await expectText(byTestId(page, 'high-bid'), '$1.00');
    if (h.host.room.state.current?.bids.length !== 1) throw new Error('the host should hold exactly one bid');

    // The other team outbids; T1 answers with a typed amount, submitted with Enter.
    const t2 = await h.team('T2');
    const outbid = await t2.placeBid('L1', 110);
    if (!outbid.ok) throw new Error(outbid.error.message);
    await expectAttribute(byTestId(page, 'bid-status'), 'data-state', 'outbid');
    await tabTo(page, 'bid-custom-input');
    await page.keyboard.type('1.20');
    await page.keyboard.press('Enter');
    await expectAttribute(byTestId(page, 'bid-status'), 'data-state', 'leading');
    await expectText(byTestId(page, 'high-bid'), '$1.20');
    await expectAttribute(byTestId(page, 'leader'), 'data-team-id', 'T1');
    pages.assertNoErrors();
  });

  it('shows reconnecting while the host is down and connected again when it comes back', async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'gavel-e2e-'));
    const { host: h, pages } = await web.start(CONFIG, { dataDir });
    const admin = await h.admin();
    const page = await pages.open('T1', joinUrl(h, teamCode(h, 'T1')), 'phone');
    await expectScreen(page, 'bidder');
    const started = await admin.send('auction:start', {});
    if (!started.ok) throw new Error(started.error.message);
    await byTestId(page, 'bid-quick-0').click();
    await expectAttribute(byTestId(page, 'bid-status'), 'data-state', 'leading');
    await expectAttribute(byTestId(page, 'connection-badge'), 'data-status', 'connected');

    // The host goes away: the page says so and keeps what it knew.
    const port = h.host.port;
    const auctionId = h.host.auctionId;
    const allowOutage = pages.allowErrors(/ERR_CONNECTION_REFUSED/, /WebSocket connection to .* failed/);
    await h.close();
    web.forgetHost();
    await expectAttribute(byTestId(page, 'connection-badge'), 'data-status', 'reconnecting');
    await expectText(byTestId(page, 'connection-badge'), /Reconnecting/);
    await expectText(byTestId(page, 'high-bid'), '$1.00');
    await saveScreenshot(page, 'bidder-reconnecting');

    // The same auction comes back on the same port (resumed from its journal, paused).
    resumed = await startHost({
      port,
      strictPort: true,
      host: '127.0.0.1',
      dataDir,
      resumeId: auctionId,
      staticDir: WEB_BUILD_DIR,
      clock: h.clock,
      rateLimits: { ...DEFAULT_RATE_LIMITS, commandBurst: 1_000, commandPerSecond: 1_000 },
    });
    await expectAttribute(byTestId(page, 'connection-badge'), 'data-status', 'connected', 30_000);
    allowOutage();
    await expectText(byTestId(page, 'connection-badge'), /Live/);
    await expectText(byTestId(page, 'whoami'), 'Team 1');
    await expectAttribute(byTestId(page, 'bid-status'), 'data-state', 'leading');
    await expectAttribute(byTestId(page, 'bid-status'), 'data-paused', 'true');
    await expectText(byTestId(page, 'high-bid'), '$1.00');
    pages.assertNoErrors();
  });
});

/** Presses Tab until the element with `testId` has the focus (at most 60 times). */
async function tabTo(page: Page, testId: string): Promise<void> {
  const isFocused = (): Promise<boolean> =>
    page.evaluate((id) => document.activeElement?.getAttribute('data-testid') === id, testId);
  await waitUntil(
    async () => {
      for (let i = 0; i < 60 && !(await isFocused()); i++) await page.keyboard.press('Tab');
      return isFocused();
    },
    () => `Tab to reach [data-testid="${testId}"]`,
  );
}
