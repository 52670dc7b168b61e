import type { Page } from 'playwright-core';
import { describe, it } from 'vitest';
import type { AuctionConfig, Lot } from '../../shared/auction/types';
import { makeConfig } from '../helpers/builders';
import { byTestId, expectAttribute, expectScreen, expectText, expectValue, saveScreenshot } from './support/browser';
import { DOLLARS, joinUrl, TEAMS, teamCode } from './support/host';
import { useWebHost } from './support/web-host';

/**
 * The whole auction through the UI: a console, three team pages and a
 * projector, each in its own browser context, run four lots to the end.
 * The host's clock is a FakeClock, so a lot closes only when the console
 * hammers or skips, and the gap ends only when the test advances the clock:
 * every SOLD / UNSOLD moment stays on screen until each page has shown it.
 */

const lot = (id: string, name: string, category: string): Lot => ({
  id,
  name,
  category,
  basePrice: 100 * DOLLARS,
  set: 'Marquee',
  extra: {},
});
const LOTS: Lot[] = [
  lot('L1', 'Aarav Sharma', 'batter'),
  lot('L2', 'Ben Carter', 'bowler'),
  lot('L3', 'Chris Doyle', 'all-rounder'),
  lot('L4', 'Dev Patel', 'keeper'),
];
const GAP_MS = 5_000;
/**
 * Purse $1,000, squad of at least 3 at $100 each: a team with nobody yet may
 * bid at most $1,000 − 2 × $100 = $800 [max-bid guard].
 */
const CONFIG: AuctionConfig = makeConfig({
  name: 'Gavel Test Cup',
  teams: TEAMS,
  lots: LOTS,
  rules: {
    currency: 'USD',
    moneyStyle: 'standard',
    purse: 1000 * DOLLARS,
    squadMin: 3,
    squadMax: 4,
    minimumPrice: 100 * DOLLARS,
    increments: { kind: 'fixed', step: 50 * DOLLARS },
    // Long windows: nothing closes by itself while the browsers work on two shared cores.
    lotOpenMs: 300_000,
    bidExtendMs: 30_000,
    gapMs: GAP_MS,
    rounds: 1,
    order: { mode: 'catalog' },
  },
});

const NAME: Record<string, string> = Object.fromEntries(TEAMS.map((team) => [team.id, team.name]));

describe('a live auction across five browsers', () => {
  const web = useWebHost();

  it('runs four lots to the end: outbid, refused over-max bid, reload, SOLD and UNSOLD on every page', async () => {
    const { host: h, pages } = await web.start(CONFIG);
    const set = pages;

    const consolePage = await set.open('console', joinUrl(h, h.host.joinCodes.admin, 'console'), 'console');
    const team: Record<string, Page> = {};
    for (const { id } of TEAMS) team[id] = await set.open(id, joinUrl(h, teamCode(h, id)), 'phone');
    const projector = await set.open('projector', joinUrl(h, h.host.joinCodes.spectator), 'projector');
    const t1 = team.T1 as Page;
    const t2 = team.T2 as Page;
    const t3 = team.T3 as Page;
    const bidders = [t1, t2, t3];
    const everyPage = [consolePage, ...bidders, projector];

    // Everyone lands on their own screen, as their own team.
    await expectScreen(consolePage, 'console');
    await expectScreen(projector, 'projector');
    for (const { id, name } of TEAMS) {
      const page = team[id] as Page;
      await expectScreen(page, 'bidder');
      await expectText(byTestId(page, 'whoami'), name);
      await expectAttribute(byTestId(page, 'bid-status'), 'data-state', 'waiting');
      await expectText(byTestId(page, 'my-purse-left'), '$1,000');
      await expectText(byTestId(page, 'my-max-bid'), '$800');
    }
    for (const page of everyPage) await expectAttribute(byTestId(page, 'connection-badge'), 'data-status', 'connected');

    // Join codes are on the console before the start; the join sheet lists every team.
    const sheet = byTestId(consolePage, 'join-sheet');
    await sheet.waitFor();
    for (const { id } of TEAMS) {
      await expectText(
        byTestId(sheet, 'join-card', { 'team-id': id }).locator('[data-testid="join-code-value"]'),
        teamCode(h, id),
      );
    }
    await saveScreenshot(consolePage, 'console-setup');
    await saveScreenshot(consolePage, 'join-sheet', { locator: sheet });
    // Printed, the join sheet is the whole page.
    await consolePage.emulateMedia({ media: 'print' });
    await saveScreenshot(consolePage, 'join-sheet-print', { fullPage: true });
    await consolePage.emulateMedia({ media: 'screen' });
    await saveScreenshot(t1, 'bidder-waiting');

    // Lot 1: T1 opens, T2 outbids, the hammer sells to T2.
    await byTestId(consolePage, 'control-start').click();
    await expectLotOpen(everyPage, 'Aarav Sharma');
    await expectText(byTestId(t1, 'bid-quick-0'), /\$100/);
    await byTestId(t1, 'bid-quick-0').click();
    await expectAttribute(byTestId(t1, 'bid-status'), 'data-state', 'leading');
    await expectText(byTestId(t1, 'bid-status'), /You are the highest bidder.*\$100/);
    await expectHighBid(everyPage, '$100', 'T1');
    await saveScreenshot(t1, 'bidder-leading');

    await expectText(byTestId(t2, 'bid-quick-0'), /\$150/);
    await byTestId(t2, 'bid-quick-0').click();
    await expectAttribute(byTestId(t2, 'bid-status'), 'data-state', 'leading');
    // The outbid team is told, with who outbid it and for how much.
    await expectAttribute(byTestId(t1, 'bid-status'), 'data-state', 'outbid');
    await expectText(byTestId(t1, 'bid-status'), /You have been outbid.*Chennai Chargers bid \$150/);
    await expectAttribute(byTestId(t3, 'bid-status'), 'data-state', 'open');
    await expectHighBid(everyPage, '$150', 'T2');
    await expectText(byTestId(consolePage, 'next-min-bid'), '$200');
    // Screen readers hear every new high bid (a polite live region on every page).
    await expectText(byTestId(t3, 'announcer'), 'Chennai Chargers bids $150 for Aarav Sharma.');
    await expectText(byTestId(projector, 'announcer'), 'Chennai Chargers bids $150 for Aarav Sharma.');
    await saveScreenshot(t1, 'bidder-outbid');
    await saveScreenshot(projector, 'projector-lot-open');
    await saveScreenshot(consolePage, 'console-lot-open');

    await byTestId(consolePage, 'control-hammer').click();
    await expectSold({ consolePage, projector, team }, { lot: 'Aarav Sharma', winner: 'T2', price: '$150' });
    await expectPurses({ consolePage, projector, team }, { T1: '$1,000', T2: '$850', T3: '$1,000' });
    await saveScreenshot(t2, 'bidder-sold-to-you');
    await saveScreenshot(t1, 'bidder-sold-to-other');
    await saveScreenshot(projector, 'projector-sold');
    await saveScreenshot(consolePage, 'console-sold');

    // Lot 2: a bid above T3's max bid is refused with the host's reason; T1 wins.
    await h.clock.advance(GAP_MS);
    await expectLotOpen(everyPage, 'Ben Carter');
    await byTestId(t3, 'bid-custom-input').fill('900');
    await expectText(byTestId(t3, 'bid-custom-warning'), /max bid of \$800/);
    await byTestId(t3, 'bid-custom-submit').click();
    // $900 is a large jump over the next valid $100: the page asks first.
    await byTestId(t3, 'bid-confirm-confirm').click();
    const refusal = byTestId(t3, 'bid-error');
    await expectAttribute(refusal, 'data-code', 'over_max_bid');
    await expectText(refusal, /Over your max bid/);
    await expectText(refusal, /max bid of \$800/);
    await expectText(byTestId(t3, 'bid-error-message'), /.+/);
    await saveScreenshot(t3, 'bidder-error');
    // Nothing changed anywhere: no high bid, T3's purse intact.
    for (const page of everyPage) await expectAttribute(byTestId(page, 'high-bid'), 'data-amount', '');
    await expectText(byTestId(t3, 'my-purse-left'), '$1,000');

    await byTestId(t3, 'bid-quick-0').click();
    await expectAttribute(byTestId(t3, 'bid-status'), 'data-state', 'leading');
    await expectHighBid(everyPage, '$100', 'T3');
    // Two steps above the next valid bid ($150 + $50).
    await expectText(byTestId(t1, 'bid-quick-1'), /\$200/);
    await byTestId(t1, 'bid-quick-1').click();
    await expectHighBid(everyPage, '$200', 'T1');
    await expectAttribute(byTestId(t3, 'bid-status'), 'data-state', 'outbid');

    // A reload keeps the team, its purse and the lot on the block.
    await t2.reload();
    await expectScreen(t2, 'bidder');
    await expectText(byTestId(t2, 'whoami'), 'Chennai Chargers');
    await expectText(byTestId(t2, 'my-purse-left'), '$850');
    await expectText(byTestId(t2, 'my-squad'), /^1/);
    await expectText(byTestId(t2, 'lot-name'), 'Ben Carter');
    await expectHighBid([t2], '$200', 'T1');
    await expectAttribute(byTestId(t2, 'bid-status'), 'data-state', 'open');
    await expectAttribute(byTestId(t2, 'connection-badge'), 'data-status', 'connected');

    // Space pauses and resumes from the console; every page shows the pause.
    await consolePage.keyboard.press(' ');
    await expectAttribute(byTestId(consolePage, 'console-status'), 'data-status', 'paused');
    await byTestId(projector, 'projector-paused').waitFor();
    for (const page of bidders) await expectAttribute(byTestId(page, 'bid-status'), 'data-paused', 'true');
    await byTestId(t1, 'paused-tag').waitFor();
    await consolePage.keyboard.press(' ');
    await expectAttribute(byTestId(consolePage, 'console-status'), 'data-status', 'running');
    for (const page of bidders) await expectAttribute(byTestId(page, 'bid-status'), 'data-paused', 'false');

    await byTestId(consolePage, 'control-hammer').click();
    await expectSold({ consolePage, projector, team }, { lot: 'Ben Carter', winner: 'T1', price: '$200' });
    await expectPurses({ consolePage, projector, team }, { T1: '$800', T2: '$850', T3: '$1,000' });

    // Lot 3: nobody bids; the console skips it: UNSOLD everywhere.
    await h.clock.advance(GAP_MS);
    await expectLotOpen(everyPage, 'Chris Doyle');
    await byTestId(consolePage, 'control-skip').click();
    await expectAttribute(byTestId(consolePage, 'closed-lot'), 'data-outcome', 'unsold');
    await expectText(byTestId(consolePage, 'closed-lot'), 'UNSOLD');
    await expectAttribute(byTestId(projector, 'projector-outcome'), 'data-outcome', 'unsold');
    await expectText(byTestId(projector, 'projector-outcome'), /UNSOLD.*Chris Doyle/);
    for (const page of bidders) {
      await expectAttribute(byTestId(page, 'bid-status'), 'data-state', 'unsold');
      await expectText(byTestId(page, 'bid-status'), /Unsold.*Chris Doyle went unsold/);
      await expectText(byTestId(page, 'closed-lot'), 'UNSOLD');
    }
    await saveScreenshot(projector, 'projector-unsold');
    await saveScreenshot(t3, 'bidder-unsold');

    // Lot 4, from the console's keyboard: 3 picks Kolkata for a floor bid at the next valid amount,
    // Enter places it, H hammers. The last sale finishes the auction.
    await h.clock.advance(GAP_MS);
    await expectLotOpen(everyPage, 'Dev Patel');
    await consolePage.keyboard.press('3');
    await expectAttribute(byTestId(consolePage, 'floor-team-T3'), 'aria-pressed', 'true');
    await expectValue(byTestId(consolePage, 'floor-amount'), '$100');
    await consolePage.keyboard.press('Enter');
    await expectText(byTestId(consolePage, 'console-last-action'), 'Floor bid for Kolkata Knights');
    await expectHighBid(everyPage, '$100', 'T3');
    await expectAttribute(byTestId(t3, 'bid-status'), 'data-state', 'leading');
    await consolePage.keyboard.press('h');
    await expectSold({ consolePage, projector, team }, { lot: 'Dev Patel', winner: 'T3', price: '$100', isLast: true });
    await expectAttribute(byTestId(consolePage, 'console-status'), 'data-status', 'finished');
    await expectAttribute(byTestId(projector, 'projector'), 'data-status', 'finished');
    await expectPurses({ consolePage, projector, team }, { T1: '$800', T2: '$850', T3: '$900' });
    for (const page of bidders) await byTestId(page, 'see-results').waitFor();
    await saveScreenshot(projector, 'projector-finished');
    await saveScreenshot(consolePage, 'console-finished');

    // Results, from the console: every squad, spend and the unsold lot.
    await byTestId(consolePage, 'console-see-results').click();
    await expectScreen(consolePage, 'results');
    const expected = { T1: ['$200', '$800', 'L2'], T2: ['$150', '$850', 'L1'], T3: ['$100', '$900', 'L4'] } as const;
    for (const [id, [spent, left, lotId]] of Object.entries(expected)) {
      const card = byTestId(consolePage, 'results-team', { 'team-id': id });
      await expectText(card.locator('h2'), NAME[id] as string);
      await expectText(byTestId(card, 'results-spent'), spent);
      await expectText(byTestId(card, 'results-left'), left);
      await expectText(byTestId(card, 'results-squad-count'), '1');
      await byTestId(card, 'results-row', { 'lot-id': lotId }).waitFor();
    }
    await byTestId(consolePage, 'results-unsold-row', { 'lot-id': 'L3' }).waitFor();
    await saveScreenshot(consolePage, 'results');

    // A team reaches the same results from its own page.
    await byTestId(t1, 'see-results').click();
    await expectScreen(t1, 'results');
    await expectText(byTestId(byTestId(t1, 'results-team', { 'team-id': 'T1' }), 'results-left'), '$800');
    await saveScreenshot(t1, 'results-phone');

    set.assertNoErrors();
  });
});

function startsWith(text: string): RegExp {
  return new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\$]/g, '\\$&')}`);
}

type Pages = { consolePage: Page; projector: Page; team: Record<string, Page> };

async function expectLotOpen(pages: readonly Page[], lotName: string): Promise<void> {
  for (const page of pages) {
    await expectText(byTestId(page, 'lot-name'), lotName);
    await expectAttribute(byTestId(page, 'high-bid'), 'data-amount', '');
  }
}

async function expectHighBid(pages: readonly Page[], amount: string, teamId: string): Promise<void> {
  for (const page of pages) {
    await expectText(byTestId(page, 'high-bid'), amount);
    await expectAttribute(byTestId(page, 'leader'), 'data-team-id', teamId);
  }
}

async function expectSold(
  { consolePage, projector, team }: Pages,
  sale: { lot: string; winner: string; price: string; isLast?: boolean },
): Promise<void> {
  const winnerName = NAME[sale.winner] as string;
  if (sale.isLast) {
    // The last sale finishes the auction at once (no gap follows it) [CLK5]: the console says so.
    await byTestId(consolePage, 'console-finished').waitFor();
    await expectAttribute(byTestId(byTestId(consolePage, 'console-finished'), 'closed-lot'), 'data-outcome', 'sold');
  } else {
    await expectAttribute(byTestId(consolePage, 'closed-lot'), 'data-outcome', 'sold');
    await expectText(byTestId(consolePage, 'closed-lot'), 'SOLD');
  }
  await expectText(byTestId(consolePage, 'last-sale'), `${sale.lot} → ${winnerName}, ${sale.price}`);
  await expectAttribute(byTestId(projector, 'projector-outcome'), 'data-outcome', 'sold');
  await expectText(byTestId(projector, 'lot-name'), sale.lot);
  await expectText(byTestId(projector, 'sold-to'), winnerName);
  await expectText(byTestId(projector, 'sold-amount'), sale.price);
  for (const [id, page] of Object.entries(team)) {
    const isWinner = id === sale.winner;
    if (sale.isLast) {
      // The end outranks the last sale on a team's page; the banner names that sale.
      await expectAttribute(byTestId(page, 'bid-status'), 'data-state', 'finished');
      const buyer = isWinner ? 'you' : winnerName;
      await expectText(
        byTestId(page, 'bid-status'),
        new RegExp(`Last up: ${sale.lot}, to ${buyer} for ${sale.price.replace('$', '\\$')}`),
      );
      continue;
    }
    await expectAttribute(byTestId(page, 'bid-status'), 'data-state', isWinner ? 'sold-to-you' : 'sold-to-other');
    const message = isWinner
      ? `Sold to you! ${sale.lot} joins your squad for ${sale.price}.`
      : `Sold ${sale.lot} to ${winnerName} for ${sale.price}.`;
    await expectText(byTestId(page, 'bid-status'), startsWith(message));
    await expectText(byTestId(page, 'closed-lot'), 'SOLD');
  }
}

async function expectPurses({ consolePage, projector, team }: Pages, left: Record<string, string>): Promise<void> {
  for (const [id, amount] of Object.entries(left)) {
    await expectText(byTestId(team[id] as Page, 'my-purse-left'), amount);
    for (const page of [consolePage, projector]) {
      await expectText(byTestId(byTestId(page, 'team-row', { 'team-id': id }), 'team-purse-left'), amount);
    }
  }
}
