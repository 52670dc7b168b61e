import { describe, expect, it } from 'vitest';
import {
  byTestId,
  expectAttribute,
  expectScreen,
  expectText,
  PageSet,
  saveScreenshot,
  waitUntil,
} from '../e2e/support/browser';
import { useDesktop } from './support/desktop';
import { announcedPort, hideJoinCodes, hostDemoLeague, readTeamCode, startAuction } from './support/flows';

/**
 * Two copies of the app on one (fake) LAN and a phone: one hosts the demo
 * league, the other finds it under "On this network" and joins as a team,
 * the phone loads the page the desktop host serves; the console sees both
 * bid, and the projector window follows the lot on the second display.
 */

const desktop = useDesktop();
const AUCTION = 'Gavel Demo League';

describe('an auction on the LAN', () => {
  it('a second app finds the host and bids, a phone bids, the projector follows on display 2', async () => {
    const host = await desktop.launch('host');
    const console = await hostDemoLeague(host);
    await startAuction(console);
    const port = await announcedPort(desktop.lan, AUCTION);

    // The second copy lists the host under "On this network" and joins it as team T2.
    const guest = await desktop.launch('guest');
    const guestPage = (await guest.mainWindow()).page;
    await expectScreen(guestPage, 'home');
    const found = byTestId(guestPage, 'discovered-host');
    await expectText(found, new RegExp(`${AUCTION}.*http://127\\.0\\.0\\.1:${port}/`));
    await saveScreenshot(guestPage, 'desktop-home-discovered');
    await byTestId(found, 'discovered-use').click();
    await expect(byTestId(guestPage, 'join-address').inputValue()).resolves.toBe(`http://127.0.0.1:${port}/`);
    await byTestId(guestPage, 'join-code').fill(await readTeamCode(console, 'T2'));
    await byTestId(guestPage, 'join-submit').click();
    await expectScreen(guestPage, 'bidder');

    // A phone opens the address the desktop host serves, with its team code.
    const phones = new PageSet(desktop.browser);
    try {
      const phone = await phones.open(
        'phone T3',
        `http://127.0.0.1:${port}/?code=${encodeURIComponent(await readTeamCode(console, 'T3'))}`,
        'phone',
      );
      await expectScreen(phone, 'bidder');
      await hideJoinCodes(console);

      // Both bid on the open lot; the console shows each as it lands.
      await expectAttribute(byTestId(guestPage, 'bid-status'), 'data-state', 'open');
      await byTestId(guestPage, 'bid-quick-0').click();
      await expectAttribute(byTestId(console, 'leader'), 'data-team-id', 'T2');
      await expectAttribute(byTestId(phone, 'bid-status'), 'data-state', 'open');
      await byTestId(phone, 'bid-quick-0').click();
      await expectAttribute(byTestId(console, 'leader'), 'data-team-id', 'T3');
      await expectAttribute(byTestId(guestPage, 'bid-status'), 'data-state', 'outbid');
      await waitUntil(
        async () => (await byTestId(console, 'bid-history-row').count()) >= 2,
        () => 'the console to list both bids',
      );

      // The projector: its own window, full screen on the second display, showing the open lot.
      const lotBefore = await byTestId(console, 'lot-card').getAttribute('data-lot-id');
      await byTestId(console, 'toggle-join-codes').click();
      await byTestId(console, 'open-projector').click();
      const projector = await host.window((w) => w.preload === null, 'the projector window');
      await expectScreen(projector.page, 'projector');
      const state = await host.state();
      const projectorWindow = state.windows.find((w) => w.id === projector.id);
      expect(projectorWindow).toMatchObject({
        fullscreen: true,
        bounds: { x: 1280, y: 0, width: 1920, height: 1080 },
        hasPreload: false,
      });
      expect(projector.page.viewportSize()).toEqual({ width: 1920, height: 1080 });
      expect(state.powerSaveBlockers).toContainEqual(
        expect.objectContaining({ type: 'prevent-display-sleep', started: true }),
      );
      await expectAttribute(byTestId(projector.page, 'lot-card'), 'data-lot-id', lotBefore ?? '');
      await expectAttribute(byTestId(projector.page, 'leader'), 'data-team-id', 'T3');

      // Hammer: the projector shows the sale, then follows the console to the next lot.
      await hideJoinCodes(console);
      await byTestId(console, 'control-hammer').click();
      await expectAttribute(byTestId(projector.page, 'projector-outcome'), 'data-outcome', 'sold');
      const lotAfter = await waitUntil(
        async () => {
          const id = await byTestId(console, 'lot-card').getAttribute('data-lot-id');
          return id && id !== lotBefore ? id : null;
        },
        () => 'the console to open the next lot',
      );
      await expectAttribute(byTestId(projector.page, 'lot-card'), 'data-lot-id', lotAfter);
      await saveScreenshot(projector.page, 'desktop-projector');

      // The projector shows a LAN page: it has no desktop API, and IPC from it is refused by main.
      const fromLanPage = await projector.page.evaluate(async () => {
        const raw = (window as unknown as Record<string, unknown>).__gavelStandInIpc as (payload: unknown) => Promise<{
          ok: boolean;
          error?: string;
        }>;
        return { hasApi: 'gavel' in window, reply: await raw({ channel: 'hosting:stop', args: [] }) };
      });
      expect(fromLanPage.hasApi).toBe(false);
      expect(fromLanPage.reply).toEqual({
        ok: false,
        error: "Error invoking remote method 'hosting:stop': IpcRequestError: hosting:stop: not allowed from this page",
      });
      await expectText(byTestId(console, 'console-status'), /\S/);

      // Local Network Access was granted to the app's own page only (asked under each name Chromium uses).
      const decisions = host.windows.permissions.map((d) => [d.origin, d.permission, d.request]);
      expect(decisions).toEqual([
        ['app://gavel', 'local-network-access', true],
        ['app://gavel', 'local-network', true],
        ['app://gavel', 'loopback-network', true],
        [`http://127.0.0.1:${port}`, 'local-network-access', false],
        [`http://127.0.0.1:${port}`, 'local-network', false],
        [`http://127.0.0.1:${port}`, 'loopback-network', false],
      ]);
      expect(desktop.lan.services.map((s) => s.txt.name)).toEqual([AUCTION]);

      phones.assertNoErrors();
    } finally {
      await phones.close();
    }
    host.assertNoErrors();
    guest.assertNoErrors();
  });
});
