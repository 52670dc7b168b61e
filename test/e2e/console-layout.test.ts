import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { demoLeague } from '../../shared/catalog/demo';
import type { AuctionConfig } from '../../shared/auction/types';
import { byTestId, expectScreen, saveScreenshot } from './support/browser';
import { joinUrl } from './support/host';
import { useWebHost } from './support/web-host';

/**
 * Issue 17: at a laptop's 1366x768 and at 1280x800 the auctioneer sees the
 * open lot, the controls, the floor bid and the top of the teams board (with
 * its quota columns) on one screen, without scrolling. Measured with bounding
 * boxes in a real Chromium, on an IPL-style night (8 teams, two quotas).
 */

/** The demo league, with a wicketkeeper minimum and windows long enough that nothing closes by itself. */
function iplNight(): AuctionConfig {
  const league = demoLeague();
  return {
    ...league,
    rules: {
      ...league.rules,
      quotas: [...(league.rules.quotas ?? []), { category: 'Wicketkeeper', min: 1 }],
      lotOpenMs: 300_000,
      bidExtendMs: 30_000,
    },
  };
}

const SIZES = [
  { name: '1366x768', width: 1366, height: 768 },
  { name: '1280x800', width: 1280, height: 800 },
  { name: '1920x1080', width: 1920, height: 1080 },
] as const;

async function box(locator: Locator): Promise<{ top: number; bottom: number; left: number; right: number }> {
  const found = await locator.boundingBox();
  if (!found) throw new Error('not on screen');
  return { top: found.y, bottom: found.y + found.height, left: found.x, right: found.x + found.width };
}

async function scrollTop(page: Page): Promise<number> {
  return page.evaluate(() => window.scrollY);
}

describe('the console on a laptop screen', () => {
  const web = useWebHost();

  it('shows the lot, the controls, the floor bid and the teams board on one screen at 1366x768, 1280x800 and 1920x1080', async () => {
    const { host: h, pages } = await web.start(iplNight());
    const page = await pages.open('console', joinUrl(h, h.host.joinCodes.admin, 'console'), 'console');
    await expectScreen(page, 'console');
    await byTestId(page, 'control-start').click();
    await byTestId(page, 'lot-name').waitFor();

    for (const size of SIZES) {
      await page.setViewportSize({ width: size.width, height: size.height });
      await page.evaluate(() => window.scrollTo(0, 0));
      expect(await scrollTop(page)).toBe(0);

      await saveScreenshot(page, `console-laptop-${size.name}`);
      const fold = size.height;
      const lotName = await box(byTestId(page, 'lot-name'));
      const highBid = await box(byTestId(page, 'high-bid'));
      const hammer = await box(byTestId(page, 'control-hammer'));
      const undo = await box(byTestId(page, 'control-undo'));
      const floor = await box(byTestId(page, 'floor-bid'));
      const board = byTestId(page, 'team-board');
      const boardBox = await box(board);
      const rows = byTestId(board, 'team-row');
      const firstRow = await box(rows.first());
      for (const [what, b] of Object.entries({ lotName, highBid, hammer, undo, floor, firstRow })) {
        expect(b.bottom, `${what} at ${size.name} ends at y=${b.bottom}`).toBeLessThanOrEqual(fold);
        expect(b.right, `${what} at ${size.name} ends at x=${b.right}`).toBeLessThanOrEqual(size.width);
      }
      expect(boardBox.top, `the teams board at ${size.name} starts at y=${boardBox.top}`).toBeLessThan(fold / 2);
      // Every team's purse, max bid and quota use, above the fold.
      const count = await rows.count();
      expect(count).toBe(8);
      for (let i = 0; i < count; i += 1) {
        const row = rows.nth(i);
        const cells = [
          byTestId(row, 'team-purse-left'),
          byTestId(row, 'team-max-bid'),
          byTestId(row, 'team-quota').first(),
          byTestId(row, 'team-adjust'),
        ];
        for (const cell of cells) {
          const b = await box(cell);
          expect(b.bottom, `team ${i + 1} at ${size.name}`).toBeLessThanOrEqual(fold);
          expect(b.right, `team ${i + 1} at ${size.name}`).toBeLessThanOrEqual(size.width);
        }
      }

      // A floor bid under way: the team picked, its amount and the Place button still on screen.
      await byTestId(page, 'floor-team-T1').click();
      const submit = await box(byTestId(page, 'floor-submit'));
      const amount = await box(byTestId(page, 'floor-amount'));
      await saveScreenshot(page, `console-laptop-${size.name}-floor`);
      expect(submit.bottom, `Place floor bid at ${size.name}`).toBeLessThanOrEqual(fold);
      expect(amount.bottom, `the floor amount at ${size.name}`).toBeLessThanOrEqual(fold);
      await byTestId(page, 'floor-team-T1').click();
      await byTestId(page, 'floor-submit').waitFor({ state: 'detached' });
    }
  });
});
