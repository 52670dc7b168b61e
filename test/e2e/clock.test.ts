import type { Page } from 'playwright-core';
import { describe, it } from 'vitest';
import { systemClock } from '../../main/host/clock';
import { makeConfig } from '../helpers/builders';
import { byTestId, expectAttribute, expectScreen, expectText, waitUntil } from './support/browser';
import { joinUrl, teamCode } from './support/host';
import { useWebHost } from './support/web-host';

/**
 * The host's own clock, for real: short lots close by themselves and the
 * next one opens after the gap, with nobody pressing anything. Only states
 * are awaited (with room to spare), never durations.
 */

const CONFIG = makeConfig({
  name: 'Clockwork',
  teams: 2,
  lots: 2,
  rules: {
    currency: 'USD',
    moneyStyle: 'standard',
    purse: 100_000,
    // Long enough for a page to see the lot and click on two busy cores; short enough to wait for.
    lotOpenMs: 8_000,
    bidExtendMs: 2_000,
    graceMs: 300,
    gapMs: 1_500,
    rounds: 1,
  },
});
const LOT_TIMEOUT_MS = 30_000;

describe('the lot clock on a real host', () => {
  const web = useWebHost();

  it('counts down on host time, closes each lot by itself and opens the next after the gap', async () => {
    const { host: h, pages } = await web.start(CONFIG, { clock: systemClock });
    const bidder = await pages.open('T1', joinUrl(h, teamCode(h, 'T1')), 'phone');
    const projector = await pages.open('projector', `${h.url}/#view=projector`, 'projector');
    await expectScreen(bidder, 'bidder');
    await expectScreen(projector, 'projector');
    const admin = await h.admin();
    const started = await admin.send('auction:start', {});
    if (!started.ok) throw new Error(started.error.message);

    // Lot 1: the ring counts down; T1 bids; nobody else does; the clock sells it.
    await expectText(byTestId(bidder, 'lot-name'), 'Lot 1');
    await byTestId(bidder, 'bid-quick-0').click();
    await expectAttribute(byTestId(bidder, 'bid-status'), 'data-state', 'leading');
    await expectCountingDown(bidder);
    await expectCountingDown(projector);
    await expectAttribute(byTestId(bidder, 'bid-status'), 'data-state', 'sold-to-you', LOT_TIMEOUT_MS);
    await expectAttribute(byTestId(projector, 'projector-outcome'), 'data-outcome', 'sold', LOT_TIMEOUT_MS);
    await expectText(byTestId(projector, 'sold-to'), 'Team 1');
    await expectText(byTestId(bidder, 'my-purse-left'), '$999.00');

    // The gap ends by itself and lot 2 opens; nobody bids, so it closes unsold and the auction ends.
    await expectText(byTestId(bidder, 'lot-name'), 'Lot 2', LOT_TIMEOUT_MS);
    await expectText(byTestId(projector, 'lot-name'), 'Lot 2', LOT_TIMEOUT_MS);
    // The last lot went unsold and the auction is over: the banner says the end, naming that lot.
    await expectAttribute(byTestId(bidder, 'bid-status'), 'data-state', 'finished', LOT_TIMEOUT_MS);
    await expectText(byTestId(bidder, 'bid-status'), /Last up: Lot 2, unsold/);
    await expectAttribute(byTestId(projector, 'projector-outcome'), 'data-outcome', 'unsold', LOT_TIMEOUT_MS);
    await expectAttribute(byTestId(projector, 'projector'), 'data-status', 'finished');
    await byTestId(bidder, 'see-results').waitFor();
    if (h.host.room.state.sales.length !== 1) throw new Error('the host should have sold exactly one lot');
    pages.assertNoErrors();
  });
});

/** The page's countdown shows less time left on a later read (it follows the host clock). */
async function expectCountingDown(page: Page): Promise<void> {
  const ring = byTestId(page, 'countdown').first();
  const read = async (): Promise<number> => Number((await ring.getAttribute('data-remaining-ms')) || NaN);
  const first = await waitUntil(
    async () => {
      const value = await read();
      return Number.isFinite(value) && value > 0 ? value : null;
    },
    () => 'a countdown with time left',
  );
  await waitUntil(
    async () => (await read()) < first,
    () => `the countdown to go down from ${first} ms`,
  );
}
