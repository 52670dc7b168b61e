import type { Page } from 'playwright-core';
import { byTestId, expectScreen, expectText, waitUntil } from '../../e2e/support/browser';
import type { DesktopApp, FakeLan } from './desktop';

/** Steps the desktop tests share, each done through the screen. */

/** Home → New auction (the demo league) → Setup. Returns the main window's page. */
export async function hostDemoLeague(app: DesktopApp): Promise<Page> {
  const { page } = await app.mainWindow();
  await expectScreen(page, 'home');
  await byTestId(page, 'host-new').click();
  await expectScreen(page, 'setup');
  return page;
}

/** Setup → Start → the console, with a lot open. */
export async function startAuction(page: Page): Promise<void> {
  await byTestId(page, 'setup-start').click();
  await expectScreen(page, 'console');
  await waitUntil(
    async () => (await byTestId(page, 'lot-card').getAttribute('data-lot-id')) || null,
    () => 'the console to show an open lot',
  );
}

/** A team's join code, read from the console's join codes panel. */
export async function readTeamCode(console: Page, teamId: string): Promise<string> {
  const card = byTestId(console, 'join-card', { 'team-id': teamId });
  if (!(await card.isVisible())) await byTestId(console, 'toggle-join-codes').click();
  return expectText(byTestId(card, 'join-code-value'), /\S/);
}

/** The port the hosting app announced on the (fake) LAN. */
export async function announcedPort(lan: FakeLan, auctionName: string): Promise<number> {
  const service = await waitUntil(
    () => lan.services.find((s) => s.txt.name === auctionName),
    () => `"${auctionName}" to be announced on the LAN (announced: ${JSON.stringify(lan.services)})`,
  );
  return service.port;
}

/** Closes the join codes panel again if it is open (it covers part of the console). */
export async function hideJoinCodes(console: Page): Promise<void> {
  if (await byTestId(console, 'join-sheet').isVisible()) await byTestId(console, 'toggle-join-codes').click();
}
