import { describe, it } from 'vitest';
import type { Lot } from '../../shared/auction/types';
import { makeConfig } from '../helpers/builders';
import type { TestHost } from '../helpers/host';
import { joinUrl, startWebHost } from '../e2e/support/host';
import {
  assertNoErrors,
  enginesToRun,
  expectAttribute,
  expectScreen,
  expectText,
  selector as $,
  useEngine,
  type EngineName,
  type EnginePage,
  type Size,
} from './support/harness';

/**
 * The projector fits the room's screen: with 2 to 12 teams, at 1280×720, 1366×768 and
 * 1920×1080, the whole page (lot, bid, every purse tile) is on screen without scrolling,
 * in every engine, both while a lot is open and at the SOLD moment. With more teams (24
 * here) the board turns to compact one-line tiles: the lot and its bid stay on screen and
 * the board may continue below the fold; the run prints where it fits. The measurement is
 * the page's own: its scroll size against its viewport, and the last purse tile's bottom; and no
 * amount (purse left, max bid, the high bid) is cut off by its box or its tile.
 * A screenshot of each case goes to test-results/screenshots/engines/<engine>/.
 */

const SIZES: readonly Size[] = [
  { width: 1280, height: 720 },
  { width: 1366, height: 768 },
  { width: 1920, height: 1080 },
];
/** Up to 12 teams the whole projector fits; more get compact tiles and the board may run below the fold. */
const TEAM_COUNTS = [2, 8, 12, 24] as const;
const MAX_TEAMS_ON_ONE_SCREEN = 12;

const LOT: Lot = {
  id: 'L1',
  name: 'Aarav Sharma-Whitfield',
  category: 'all-rounder',
  basePrice: 200_000,
  set: 'Marquee',
  extra: {},
};

/** Measured inside the page: what overflows the viewport, if anything. */
const MEASURE = `() => {
  const doc = document.documentElement;
  const rows = [...document.querySelectorAll('[data-testid="team-row"]')];
  const lastBottom = Math.max(0, ...rows.map((row) => row.getBoundingClientRect().bottom));
  const lastRight = Math.max(0, ...rows.map((row) => row.getBoundingClientRect().right));
  return {
    viewport: [innerWidth, innerHeight],
    scroll: [doc.scrollWidth, doc.scrollHeight, document.body.scrollWidth, document.body.scrollHeight],
    rows: rows.length,
    stageBottom: Math.ceil(
      Math.max(
        0,
        ...[...document.querySelectorAll('[data-testid="high-bid"], [data-testid="leader"], [data-testid="projector-outcome"]')].map(
          (el) => el.getBoundingClientRect().bottom,
        ),
      ),
    ),
    lastBottom: Math.ceil(lastBottom),
    lastRight: Math.ceil(lastRight),
    // Money cut off by its box (an ellipsis) or its tile: every amount must show whole.
    clipped: [...document.querySelectorAll('[data-testid="team-purse-left"], [data-testid="team-max-bid"], [data-testid="high-bid"], [data-testid="sold-amount"]')]
      .filter((el) => {
        const r = el.getBoundingClientRect();
        return [el.parentElement, el.closest('[data-testid="team-row"]')].some((box) => {
          if (!box) return false;
          const b = box.getBoundingClientRect();
          return r.right > b.right + 0.5 || r.left < b.left - 0.5;
        });
      })
      .map((el) => el.getAttribute('data-testid') + ' ' + el.textContent),
  };
}`;

/**
 * Lets the finite animations end first (the high bid's flash scales it by 1.12 for 0.6 s, and a
 * bounding box includes the scale): waits on their own promises, never on a time.
 */
const SETTLE = `Promise.all(
  document.getAnimations()
    .filter((a) => a.effect?.getTiming().iterations !== Infinity)
    .map((a) => a.finished.catch(() => undefined)),
)`;

interface Measure {
  viewport: [number, number];
  scroll: [number, number, number, number];
  rows: number;
  stageBottom: number;
  lastBottom: number;
  lastRight: number;
  clipped: string[];
}

const { engines, skipReason } = enginesToRun();
if (skipReason) console.warn(`engine tests skipped: ${skipReason}`);

describe.skipIf(engines.length === 0).each<EngineName>(engines.length > 0 ? engines : ['chromium'])(
  '%s: the projector fits the screen',
  (name) => {
    let host: TestHost | null = null;
    let page: EnginePage | null = null;
    const run = useEngine(name, async () => {
      await page?.close();
      page = null;
      await host?.close();
      host = null;
    });

    it.each(TEAM_COUNTS)('%i teams at 1280×720, 1366×768 and 1920×1080, lot open and SOLD', async (teams) => {
      // Up to 12: everything on one screen. More: the lot and its bid stay on screen, every tile is there.
      host = await startWebHost(
        makeConfig({
          name: 'Premier Fantasy League Auction',
          teams,
          lots: [LOT, { ...LOT, id: 'L2', name: 'Ben Carter' }],
          rules: {
            currency: 'USD',
            moneyStyle: 'standard',
            purse: 10_000_000,
            lotOpenMs: 300_000,
            bidExtendMs: 30_000,
            gapMs: 60_000,
          },
        }),
        { staticDir: run.engine.webRoot },
      );
      const h = host;
      await run.sandbox.publish(h.host.port);
      const admin = await h.admin();
      ok(await admin.send('auction:start', {}));
      const last = `T${teams}`;
      const bidder = await h.team(last);
      ok(await bidder.placeBid('L1', 2_500_000));

      page = await run.engine.newPage(SIZES[0] as Size);
      await page.goto(joinUrl(h, null, 'projector'));
      await expectScreen(page, 'projector');
      await expectText(page, $('high-bid'), '$25,000.00');
      await expectAttribute(page, $('leader'), 'data-team-id', last);

      const problems: string[] = [];
      const results: string[] = [];
      for (const moment of ['lot-open', 'sold'] as const) {
        if (moment === 'sold') {
          ok(await admin.send('lot:hammer', {}));
          await expectAttribute(page, $('projector-outcome'), 'data-outcome', 'sold');
        }
        for (const size of SIZES) {
          await page.resize(size);
          const m = await page.evaluate<Measure>(
            `() => ${SETTLE}.then(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => r((${MEASURE})())))))`,
          );
          const label = `${teams} teams, ${size.width}×${size.height}, ${moment}`;
          const [vw, vh] = m.viewport;
          const height = Math.max(m.scroll[1], m.scroll[3]);
          const width = Math.max(m.scroll[0], m.scroll[2]);
          const fits = height <= vh && m.lastBottom <= vh ? 'fits' : `scrolls ${height - vh} px`;
          results.push(`${label}: ${fits} (page ${width}×${height} in ${vw}×${vh}, last tile bottom ${m.lastBottom})`);
          if (vw !== size.width || vh !== size.height) problems.push(`${label}: the viewport is ${vw}×${vh}`);
          if (m.rows !== teams) problems.push(`${label}: ${m.rows} purse tiles on screen`);
          if (width > vw) problems.push(`${label}: the page is ${width - vw} px wider than the screen`);
          for (const item of m.clipped) problems.push(`${label}: ${item} is cut off`);
          if (m.stageBottom > vh)
            problems.push(`${label}: the lot's bid or outcome ends ${m.stageBottom - vh} px below`);
          if (teams <= MAX_TEAMS_ON_ONE_SCREEN) {
            if (height > vh) problems.push(`${label}: the page is ${height - vh} px taller than the screen`);
            if (m.lastBottom > vh) problems.push(`${label}: the last purse tile ends ${m.lastBottom - vh} px below`);
          }
          await page.screenshot(`projector-fit-${teams}-teams-${size.width}x${size.height}-${moment}`);
        }
      }
      console.log(`${name}:\n  ${results.join('\n  ')}`);
      if (problems.length > 0) throw new Error(`${name}: the projector does not fit:\n${problems.join('\n')}`);
      assertNoErrors(name, [page]);
    });
  },
);

function ok(ack: { ok: true } | { ok: false; error: { message: string } }): void {
  if (!ack.ok) throw new Error(`the host refused: ${ack.error.message}`);
}
