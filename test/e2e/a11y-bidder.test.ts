import { describe, it } from 'vitest';
import { makeConfig, makeLot } from '../helpers/builders';
import { A11yWalk, WALK_TIMEOUT_MS } from './support/a11y';
import { byTestId, expectAttribute, expectGone, expectScreen, expectText, waitUntil } from './support/browser';
import { joinUrl, teamCode } from './support/host';
import { useWebHost } from './support/web-host';

/**
 * Issue 17's walk of the bidder: every state a team's page can be in, at a
 * phone's 390x844, a laptop's 1366x768 and a wall's 1920x1080, each saved as
 * `bidder-<state>-<size>.png` and checked with axe (no serious violation).
 * The host runs on a FakeClock: every state stays until the test moves on.
 */

const GAP_MS = 2_000;
const overseas = { overseas: 'Yes', role: 'Batter' };
const CONFIG = makeConfig({
  name: 'Walk League',
  teams: 4,
  lots: [
    makeLot(1, { name: 'Jos Buttler', category: 'batter', basePrice: 100, extra: overseas }),
    makeLot(2, { name: 'Rashid Khan', category: 'bowler', basePrice: 100, extra: overseas }),
    makeLot(3, { name: 'Virat Kohli', category: 'batter', basePrice: 100, rtmTeamId: 'T1' }),
    makeLot(4, { name: 'Nobody Wanted', category: 'keeper', basePrice: 100 }),
    makeLot(5, { name: 'Shubman Gill', category: 'batter', basePrice: 100 }),
  ],
  rules: {
    currency: 'USD',
    moneyStyle: 'standard',
    purse: 100_000,
    squadMin: 0,
    squadMax: 4,
    quotas: [{ attribute: 'overseas', value: 'yes', max: 1 }],
    increments: { kind: 'fixed', step: 10 },
    lotOpenMs: 300_000,
    bidExtendMs: 30_000,
    gapMs: GAP_MS,
    rtmCards: 1,
    rtmDecisionMs: 300_000,
  },
});

type Ack = { ok: true } | { ok: false; error: { code: string; message: string } };
async function ok(ack: Promise<Ack>): Promise<void> {
  const result = await ack;
  if (!result.ok) throw new Error(`refused: ${result.error.code}: ${result.error.message}`);
}

describe('accessibility walk: the bidder', { timeout: WALK_TIMEOUT_MS }, () => {
  const web = useWebHost();

  it('every state of a team page at three sizes has a screenshot and no serious axe violation', async () => {
    const walk = new A11yWalk();
    const { host: h, pages } = await web.start(CONFIG);
    const admin = await h.admin();
    const rival = await h.team('T2');
    const page = await pages.open('T1', joinUrl(h, teamCode(h, 'T1')), 'phone');
    const status = byTestId(page, 'bid-status');
    const look = (state: string, fullPage = false): Promise<void> =>
      walk.look(page, 'bidder', state, undefined, { fullPage });
    const advanceTo = async (lotId: string): Promise<void> => {
      await h.clock.advance(GAP_MS + 1);
      await waitUntil(
        () => h.host.room.state.current?.lotId === lotId,
        () => `${lotId} opens`,
      );
      await expectText(byTestId(page, 'lot-name'), CONFIG.lots.find((lot) => lot.id === lotId)?.name ?? lotId);
    };

    await expectScreen(page, 'bidder');
    await expectAttribute(status, 'data-state', 'waiting');
    await look('waiting');

    // Lot 1 (overseas): open, leading, a maximum on a later lot, outbid, a refused bid, then bought.
    await ok(admin.send('auction:start', {}));
    await expectAttribute(status, 'data-state', 'open');
    await look('open');
    // On a phone the page is taller than the screen: scrolled down, the status stays under the top bar.
    await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
    await waitUntil(
      async () => {
        const scrolled = await page.evaluate(() => window.scrollY);
        const bar = await page.locator('header.bar').boundingBox();
        const banner = await status.boundingBox();
        return scrolled > 300 && bar && banner && Math.abs(banner.y - (bar.y + bar.height)) <= 1;
      },
      async () => `the status banner under the bar: ${JSON.stringify(await status.boundingBox())}`,
    );
    await byTestId(page, 'bid-quick-0').click();
    await expectAttribute(status, 'data-state', 'leading');
    await look('leading');
    const later = byTestId(page, 'proxy-row', { 'lot-id': 'L5' });
    await byTestId(later, 'proxy-input').fill('5');
    await byTestId(later, 'proxy-set').click();
    await expectAttribute(later, 'data-standing', 'waiting');
    await later.scrollIntoViewIfNeeded();
    await look('proxy-set', true);
    await byTestId(later, 'proxy-withdraw').click();
    await expectAttribute(later, 'data-standing', 'none');
    await ok(rival.placeBid('L1', 110));
    await expectAttribute(status, 'data-state', 'outbid');
    await look('outbid');
    await byTestId(page, 'tab-board').click();
    await byTestId(page, 'bidder-board').waitFor();
    await look('outbid-board');
    await byTestId(page, 'tab-lot').click();
    // A jump far over the next bid asks first; past the max bid the host refuses it.
    await byTestId(page, 'bid-custom-input').fill('2000');
    await byTestId(page, 'bid-custom-submit').click();
    await byTestId(page, 'bid-confirm').waitFor();
    await look('confirm-dialog');
    await byTestId(page, 'bid-confirm-confirm').click();
    await expectAttribute(byTestId(page, 'bid-error'), 'data-code', 'over_max_bid');
    await look('refused');
    await byTestId(page, 'bid-quick-0').click();
    await expectAttribute(status, 'data-state', 'leading');
    await ok(admin.send('lot:hammer', {}));
    await expectAttribute(status, 'data-state', 'sold-to-you');
    await look('sold-to-you');

    // Lot 2 (overseas): the quota is full, one state says why; paused; sold to a rival.
    await advanceTo('L2');
    await expectAttribute(status, 'data-state', 'cannot-bid');
    await look('cannot-bid');
    await ok(admin.send('auction:pause', {}));
    await expectAttribute(status, 'data-paused', 'true');
    await look('paused');
    await ok(admin.send('auction:resume', {}));
    await expectAttribute(status, 'data-paused', 'false');
    await ok(rival.placeBid('L2', 100));
    await ok(admin.send('lot:hammer', {}));
    await expectAttribute(status, 'data-state', 'sold-to-other');
    await look('sold-to-other');
    // The auctioneer takes money off the purse and corrects the price of the team's sale.
    await ok(admin.send('purse:adjust', { teamId: 'T1', delta: -5_000, reason: 'late squad list' }));
    await expectText(byTestId(page, 'bidder-notice', { kind: 'purse' }), /Reason: late squad list/);
    await ok(admin.send('sale:correct', { lotId: 'L1', amount: 150, reason: 'misheard bid' }));
    await byTestId(page, 'correction-notice').waitFor();
    await look('notices');

    // Lot 3: a rival wins it, and T1 holds the right to match.
    await advanceTo('L3');
    await ok(rival.placeBid('L3', 100));
    await ok(admin.send('lot:hammer', {}));
    await expectAttribute(byTestId(page, 'rtm-panel'), 'data-step', 'decide');
    await byTestId(page, 'rtm-action-use').waitFor();
    await look('rtm-decide');
    await byTestId(page, 'rtm-action-decline').click();
    await expectGone(byTestId(page, 'rtm-panel'));

    // Lot 4: nobody bids.
    await advanceTo('L4');
    await ok(admin.send('lot:skip', {}));
    await expectAttribute(status, 'data-state', 'unsold');
    await look('unsold');

    // Lot 5, the last: bought, and the auction is over.
    await advanceTo('L5');
    await byTestId(page, 'bid-quick-0').click();
    await expectAttribute(status, 'data-state', 'leading');
    await ok(admin.send('lot:hammer', {}));
    await expectAttribute(status, 'data-state', 'finished');
    await byTestId(page, 'final-squad').waitFor();
    await look('finished');
    await byTestId(page, 'tab-board').click();
    await byTestId(page, 'bidder-board').waitFor();
    await look('finished-board');
    await byTestId(page, 'tab-lot').click();

    // Leave asks first.
    await byTestId(page, 'leave').click();
    await byTestId(page, 'leave-confirm').waitFor();
    await look('leave-dialog');
    await byTestId(page, 'leave-confirm-cancel').click();
    await expectGone(byTestId(page, 'leave-confirm'));

    // The host goes away: the page says it is reconnecting.
    pages.allowErrors(/ERR_CONNECTION_REFUSED/, /WebSocket connection to .* failed/);
    await h.close();
    web.forgetHost();
    await expectAttribute(byTestId(page, 'connection-badge'), 'data-status', 'reconnecting');
    await look('reconnecting');

    walk.save('bidder');
    walk.assertNoSerious();
    pages.assertNoErrors();
  });
});
