import type { Page } from 'playwright-core';
import { describe, it } from 'vitest';
import type { AuctionConfig } from '../../shared/auction/types';
import { makeConfig } from '../helpers/builders';
import { byTestId, expectAttribute, expectGone, expectScreen, expectText, saveScreenshot } from './support/browser';
import { DOLLARS, joinUrl, TEAMS, teamCode } from './support/host';
import { useWebHost } from './support/web-host';

/**
 * The auctioneer's console beyond the hammer: adjusting a purse through its
 * dialog (rule AUC9) and running a nominate-mode auction (rule ORD3), where
 * the console opens lots for the team whose turn it is and a team picks on
 * its own turn. The host runs on a FakeClock: turns and gaps end only when
 * the test advances it.
 */

const GAP_MS = 5_000;
const RULES = {
  currency: 'USD',
  moneyStyle: 'standard',
  purse: 1000 * DOLLARS,
  squadMin: 0,
  squadMax: 4,
  minimumPrice: 100 * DOLLARS,
  increments: { kind: 'fixed', step: 50 * DOLLARS },
  // Long windows: nothing closes by itself while the browsers work on two shared cores.
  lotOpenMs: 300_000,
  bidExtendMs: 30_000,
  gapMs: GAP_MS,
  rounds: 1,
} as const;

const lots = (names: readonly string[]): AuctionConfig['lots'] =>
  names.map((name, i) => ({
    id: `L${i + 1}`,
    name,
    category: 'batter',
    basePrice: 100 * DOLLARS,
    set: 'Marquee',
    extra: {},
  }));

const CATALOG_CONFIG = makeConfig({
  name: 'Purse Cup',
  teams: TEAMS,
  lots: lots(['Aarav Sharma', 'Ben Carter', 'Chris Doyle']),
  rules: { ...RULES, order: { mode: 'catalog' } },
});

/** One lot: hammering it finishes the auction at once. */
const ONE_LOT_CONFIG = makeConfig({
  name: 'One Lot Cup',
  teams: TEAMS,
  lots: lots(['Aarav Sharma']),
  rules: { ...RULES, order: { mode: 'catalog' } },
});

const NOMINATE_CONFIG = makeConfig({
  name: 'Nomination Cup',
  teams: TEAMS,
  lots: lots(['Aarav Sharma', 'Ben Carter', 'Chris Doyle', 'Dev Patel', 'Eli Brooks']),
  rules: { ...RULES, order: { mode: 'nominate', nominateMs: 300_000 } },
});

describe('the auctioneer console', () => {
  const web = useWebHost();

  it('adjusts a purse through the dialog; the board and the team page follow; a refusal shows its reason', async () => {
    const { host: h, pages } = await web.start(CATALOG_CONFIG);
    const consolePage = await pages.open('console', joinUrl(h, h.host.joinCodes.admin, 'console'), 'console');
    const t1 = await pages.open('T1', joinUrl(h, teamCode(h, 'T1')), 'phone');
    await expectScreen(consolePage, 'console');
    await expectScreen(t1, 'bidder');

    // Not before the start: the purse is part of the setup then [AUC9].
    await expectText(purseLeft(consolePage, 'T1'), '$1,000');
    await expectGone(byTestId(consolePage, 'team-adjust'));

    await byTestId(consolePage, 'control-start').click();
    await expectText(byTestId(t1, 'lot-name'), 'Aarav Sharma');
    // T1 leads the open lot with $100: its purse must keep covering that bid.
    await byTestId(t1, 'bid-quick-0').click();
    await expectAttribute(byTestId(t1, 'bid-status'), 'data-state', 'leading');
    await expectAttribute(byTestId(consolePage, 'leader'), 'data-team-id', 'T1');

    // Keyboard: focus the row's Adjust button, Enter opens the dialog with the amount focused.
    const t1Adjust = byTestId(row(consolePage, 'T1'), 'team-adjust');
    await t1Adjust.focus();
    await consolePage.keyboard.press('Enter');
    const dialog = byTestId(consolePage, 'adjust');
    await dialog.waitFor();
    await expectText(dialog.locator('h2'), 'Adjust purse: Mumbai Mavericks');
    await waitForFocus(consolePage, 'adjust-amount');
    // A typed sign picks the direction: "+50" adds.
    await consolePage.keyboard.type('+50');
    await expectAttribute(byTestId(dialog, 'adjust-add'), 'aria-pressed', 'true');
    await expectAttribute(byTestId(dialog, 'adjust-preview'), 'data-amount', String(1050 * DOLLARS));
    await expectText(byTestId(dialog, 'adjust-preview'), '$1,000 → $1,050');
    await expectText(byTestId(dialog, 'adjust-confirm'), 'Add $50');
    // The reason is required: without one nothing is sent.
    await byTestId(dialog, 'adjust-confirm').click();
    await expectText(byTestId(dialog, 'adjust-problem'), /Give a reason/);
    await byTestId(dialog, 'adjust-reason').fill('Prize for the fair-play award');
    await saveScreenshot(consolePage, 'console-adjust-dialog');
    await byTestId(dialog, 'adjust-reason').press('Enter');
    await expectGone(dialog);
    await expectText(byTestId(consolePage, 'console-last-action'), 'Purse +$50 for Mumbai Mavericks');
    await expectText(purseLeft(consolePage, 'T1'), '$1,050');
    await expectText(byTestId(t1, 'my-purse-left'), '$1,050');

    // Removing with the toggle: Chennai loses $20.
    await byTestId(row(consolePage, 'T2'), 'team-adjust').click();
    await dialog.waitFor();
    await byTestId(dialog, 'adjust-remove').click();
    await byTestId(dialog, 'adjust-amount').fill('20');
    await byTestId(dialog, 'adjust-reason').fill('Late squad list');
    await expectText(byTestId(dialog, 'adjust-preview'), '$1,000 → $980');
    await expectText(byTestId(dialog, 'adjust-confirm'), 'Remove $20');
    await byTestId(dialog, 'adjust-confirm').click();
    await expectGone(dialog);
    await expectText(purseLeft(consolePage, 'T2'), '$980');

    // Too much: $1,000 off Mumbai would leave $50, below its $100 high bid. The page warns, the host refuses.
    await t1Adjust.click();
    await dialog.waitFor();
    await byTestId(dialog, 'adjust-amount').fill('-1000');
    await expectAttribute(byTestId(dialog, 'adjust-remove'), 'aria-pressed', 'true');
    await expectText(byTestId(dialog, 'adjust-warning'), /less than its high bid of \$100\. Remove at most \$950\./);
    await byTestId(dialog, 'adjust-reason').fill('Typo test');
    await byTestId(dialog, 'adjust-confirm').click();
    const refusal = byTestId(dialog, 'adjust-error');
    await expectAttribute(refusal, 'data-code', 'purse_negative');
    await expectText(refusal, /no longer cover what the team has spent and its standing high bid/);
    await expectText(byTestId(dialog, 'adjust-error-message'), /high bid/);
    await saveScreenshot(consolePage, 'console-adjust-refused');
    // Nothing changed; Cancel leaves it that way.
    await byTestId(dialog, 'adjust-cancel').click();
    await expectGone(dialog);
    await expectText(purseLeft(consolePage, 'T1'), '$1,050');
    await expectText(byTestId(t1, 'my-purse-left'), '$1,050');

    pages.assertNoErrors();
  });

  it('undoes a wrong hammer on the last lot: the finished auction still offers Undo, and the lot comes back', async () => {
    const { host: h, pages } = await web.start(ONE_LOT_CONFIG);
    const consolePage = await pages.open('console', joinUrl(h, h.host.joinCodes.admin, 'console'), 'console');
    const t1 = await pages.open('T1', joinUrl(h, teamCode(h, 'T1')), 'phone');
    await expectScreen(consolePage, 'console');
    await expectScreen(t1, 'bidder');

    // The key legend is written from the same list as the buttons.
    await expectText(
      consolePage.getByText(/^Keys:/),
      'Keys: Space pause/resume · H hammer · S skip · E +10 s · N next lot · U undo · 1–9 floor bid · P projector',
    );
    await byTestId(consolePage, 'control-start').click();
    await byTestId(t1, 'bid-quick-0').click();
    await expectAttribute(byTestId(consolePage, 'leader'), 'data-team-id', 'T1');
    // The hammer on the only lot sells it and finishes the auction at once.
    await byTestId(consolePage, 'control-hammer').click();
    await byTestId(consolePage, 'console-finished').waitFor();
    await expectAttribute(byTestId(consolePage, 'closed-lot'), 'data-outcome', 'sold');
    await expectText(byTestId(t1, 'my-purse-left'), '$900');

    // [AUC7] the engine takes the sale back even now, so the console still offers it.
    // (A click waits for the button to be there and enabled.)
    const undo = byTestId(consolePage, 'control-undo');
    await expectText(undo, /Undo last sale/);
    await saveScreenshot(consolePage, 'console-finished-undo');
    await undo.click();
    const dialog = byTestId(consolePage, 'undo');
    await dialog.waitFor();
    await expectText(dialog, /Aarav Sharma goes back on the block and Mumbai Mavericks gets\s+\$100 back/);
    await byTestId(dialog, 'undo-confirm').click();
    await expectGone(dialog);
    await expectText(byTestId(consolePage, 'console-last-action'), 'Last sale undone');

    // The auction comes back paused in the gap, the lot first in the queue and the money back in the purse.
    const status = byTestId(consolePage, 'console-status');
    await expectAttribute(status, 'data-status', 'paused');
    await expectAttribute(status, 'data-phase', 'gap');
    await expectGone(byTestId(consolePage, 'console-finished'));
    await expectText(byTestId(consolePage, 'upcoming'), /Aarav Sharma/);
    await expectText(purseLeft(consolePage, 'T1'), '$1,000');
    await expectText(byTestId(t1, 'my-purse-left'), '$1,000');

    // Resumed, the gap runs out and the lot is on the block again.
    await byTestId(consolePage, 'control-resume').click();
    await expectAttribute(status, 'data-status', 'running');
    await h.clock.advance(GAP_MS);
    for (const page of [consolePage, t1]) await expectText(byTestId(page, 'lot-name'), 'Aarav Sharma');
    await expectAttribute(byTestId(t1, 'bid-status'), 'data-state', 'open');

    pages.assertNoErrors();
  });

  it('runs a nominate-mode auction: the console opens a lot for the team on turn, a team picks on its own turn', async () => {
    const { host: h, pages } = await web.start(NOMINATE_CONFIG);
    const consolePage = await pages.open('console', joinUrl(h, h.host.joinCodes.admin, 'console'), 'console');
    const t1 = await pages.open('T1', joinUrl(h, teamCode(h, 'T1')), 'phone');
    const t2 = await pages.open('T2', joinUrl(h, teamCode(h, 'T2')), 'phone');
    await expectScreen(consolePage, 'console');
    await expectScreen(t1, 'bidder');
    await expectScreen(t2, 'bidder');

    // The start hands the first turn to Mumbai [ORD3]: the console shows whose turn it is and the waiting lots.
    await byTestId(consolePage, 'control-start').click();
    const nominating = byTestId(consolePage, 'console-nominating');
    await expectAttribute(nominating, 'data-team-id', 'T1');
    await expectText(byTestId(consolePage, 'console-nominator'), 'Mumbai Mavericks');
    await expectAttribute(byTestId(nominating, 'countdown'), 'data-paused', 'false');
    await expectText(byTestId(nominating, 'nominate-lot', { 'lot-id': 'L3' }), 'Open for MUM');
    await expectText(nominating, /If time runs out, Aarav Sharma opens for them/);
    await expectAttribute(byTestId(t1, 'bid-status'), 'data-state', 'your-nomination');
    await byTestId(t1, 'nominate-list').waitFor();
    await expectAttribute(byTestId(t2, 'bid-status'), 'data-state', 'nominating');
    await expectText(byTestId(t2, 'nominate-ends-in'), /Mumbai Mavericks picks within \d+ s/);
    await saveScreenshot(consolePage, 'console-nominating');
    await saveScreenshot(t1, 'bidder-your-nomination');

    // The console opens Chris Doyle for Mumbai; everyone sees it on the block.
    await byTestId(nominating, 'nominate-lot', { 'lot-id': 'L3' }).click();
    await expectText(byTestId(consolePage, 'console-last-action'), 'Opened Chris Doyle for Mumbai Mavericks');
    for (const page of [consolePage, t1, t2]) await expectText(byTestId(page, 'lot-name'), 'Chris Doyle');
    await byTestId(consolePage, 'control-skip').click();
    await expectAttribute(byTestId(consolePage, 'closed-lot'), 'data-outcome', 'unsold');

    // After the gap it is Chennai's turn; Chennai picks Ben Carter from its own page.
    await h.clock.advance(GAP_MS);
    await expectAttribute(nominating, 'data-team-id', 'T2');
    await expectAttribute(byTestId(t2, 'bid-status'), 'data-state', 'your-nomination');
    await expectAttribute(byTestId(t1, 'bid-status'), 'data-state', 'nominating');
    // Chris Doyle went unsold this round: it waits for the next round, not in this list.
    await expectGone(byTestId(t2, 'nominate-lot', { 'lot-id': 'L3' }));
    await byTestId(t2, 'nominate-lot', { 'lot-id': 'L2' }).click();
    for (const page of [consolePage, t1, t2]) await expectText(byTestId(page, 'lot-name'), 'Ben Carter');
    await byTestId(t1, 'bid-quick-0').click();
    await expectAttribute(byTestId(consolePage, 'leader'), 'data-team-id', 'T1');
    await byTestId(consolePage, 'control-hammer').click();
    await expectAttribute(byTestId(consolePage, 'closed-lot'), 'data-outcome', 'sold');
    await expectAttribute(byTestId(t1, 'bid-status'), 'data-state', 'sold-to-you');

    // In the gap the console may put any waiting lot up at once, whoever's turn comes next.
    const openNow = byTestId(byTestId(consolePage, 'upcoming'), 'upcoming-open', { 'lot-id': 'L5' });
    await expectText(openNow, 'Open now');
    await saveScreenshot(consolePage, 'console-gap-open-now');
    await openNow.click();
    await expectText(byTestId(consolePage, 'console-last-action'), 'Opened Eli Brooks');
    for (const page of [consolePage, t1, t2]) await expectText(byTestId(page, 'lot-name'), 'Eli Brooks');
    await expectGone(byTestId(consolePage, 'upcoming-open'));

    pages.assertNoErrors();
  });
});

function row(page: Page, teamId: string): ReturnType<typeof byTestId> {
  return byTestId(page, 'team-row', { 'team-id': teamId });
}

function purseLeft(page: Page, teamId: string): ReturnType<typeof byTestId> {
  return byTestId(row(page, teamId), 'team-purse-left');
}

async function waitForFocus(page: Page, testid: string): Promise<void> {
  await page.waitForFunction((id) => document.activeElement?.getAttribute('data-testid') === id, testid, {
    timeout: 5_000,
  });
}
