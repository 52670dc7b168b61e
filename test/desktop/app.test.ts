import { cpSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import {
  byTestId,
  expectAttribute,
  expectGone,
  expectScreen,
  expectText,
  PageSet,
  saveScreenshot,
  waitUntil,
} from '../e2e/support/browser';
import { decodeCsvBytes } from '../../shared/catalog/csv';
import { useDesktop, type DesktopApp } from './support/desktop';
import { announcedPort, hostDemoLeague, readTeamCode, startAuction } from './support/flows';

/**
 * One copy of the desktop app at a time: first launch, hosting and its way
 * back, a CSV league through the native dialog, Ctrl/Cmd+N, close and quit
 * while hosting, resuming after a crash.
 */

const desktop = useDesktop();
const AUCTION = 'Gavel Demo League';

/** A phone (browser page on the desktop host) joins as `teamId` and bids the next valid amount. */
async function phoneBids(phones: PageSet, console: Page, port: number, teamId: string): Promise<Page> {
  const code = await readTeamCode(console, teamId);
  const phone = await phones.open(
    `phone ${teamId}`,
    `http://127.0.0.1:${port}/?code=${encodeURIComponent(code)}`,
    'phone',
  );
  await expectScreen(phone, 'bidder');
  await expectAttribute(byTestId(phone, 'bid-status'), 'data-state', 'open');
  await byTestId(phone, 'bid-quick-0').click();
  await expectAttribute(byTestId(console, 'leader'), 'data-team-id', teamId);
  return phone;
}

async function blockers(app: DesktopApp, type: string): Promise<boolean[]> {
  return (await app.state()).powerSaveBlockers.filter((b) => b.type === type).map((b) => b.started);
}

describe('first launch', () => {
  it('opens one window on Home, served from app://gavel with the preload API', async () => {
    const app = await desktop.launch('host');
    const main = await app.mainWindow();
    await expectScreen(main.page, 'home');
    await expectText(main.page.getByRole('heading', { name: 'Host an auction' }), 'Host an auction');
    await expect(byTestId(main.page, 'host-new').isEnabled()).resolves.toBe(true);
    const state = await app.state();
    expect(state.windows).toHaveLength(1);
    expect(state.windows[0]).toMatchObject({ url: 'app://gavel/index.html', visible: true, hasPreload: true });
    // The app's own CSP (a header from the protocol handler) is in force: an inline script does not run.
    const allowViolation = app.allowErrors(/Content Security Policy/);
    const inlineRan = await main.page.evaluate(async () => {
      const script = document.createElement('script');
      script.textContent = 'window.__inlineRan = true';
      document.head.append(script);
      await new Promise((resolve) => setTimeout(resolve, 100));
      return (window as unknown as { __inlineRan?: boolean }).__inlineRan === true;
    });
    allowViolation();
    expect(inlineRan).toBe(false);
    await saveScreenshot(main.page, 'desktop-home');
    app.assertNoErrors();
  });

  it('without the preload file the window has no desktop API and the run reports it', async () => {
    const broken = join(desktop.tempDir('no-preload'), 'app');
    cpSync(desktop.appDir, broken, { recursive: true });
    rmSync(join(broken, 'preload', 'index.cjs'));
    const app = await desktop.launch('broken', { appDir: broken });
    const main = await waitUntil(
      () => [...app.windows.windows.values()][0],
      () => 'the main window',
    );
    await expectScreen(main.page, 'home');
    await expect(main.page.evaluate(() => 'gavel' in window)).resolves.toBe(false);
    await expect(byTestId(main.page, 'host-new').count()).resolves.toBe(0);
    expect(app.errors.join('\n')).toMatch(/Unable to load preload script: .*preload[\\/]index\.cjs/);
  });
});

/** Holds `port` on every interface, as another program would. */
async function occupy(port: number): Promise<Server> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, resolve);
  });
  return server;
}

describe('hosting', () => {
  it('says in Gavel’s own words why it cannot host when every port is taken', async () => {
    const held = await Promise.allSettled(Array.from({ length: 10 }, (_, i) => occupy(4700 + i)));
    try {
      const app = await desktop.launch('host');
      const { page } = await app.mainWindow();
      await byTestId(page, 'host-new').click();
      const said = await expectText(byTestId(page, 'host-error'), /^Ports 4700 to 4709 are all in use or reserved\./);
      expect(said).toMatch(/Quit the program that uses them \(another copy of Gavel, or a headless host\)/);
      expect(said).not.toMatch(/Error invoking remote method|Error:|--port/);
      await expectScreen(page, 'home');
      await expect(byTestId(page, 'hosting-card').count()).resolves.toBe(0);
    } finally {
      for (const result of held) if (result.status === 'fulfilled') result.value.close();
    }
  });

  it('hosts the demo league; Home shows the hosting card, Open console leads back, Stop hosting asks first', async () => {
    const app = await desktop.launch('host');
    const page = await hostDemoLeague(app);
    await startAuction(page);
    const port = await announcedPort(desktop.lan, AUCTION);
    expect(await blockers(app, 'prevent-app-suspension')).toEqual([true]);

    // Leave the console for Home (the admin is asked first): the hosting card is there.
    await byTestId(page, 'leave').click();
    await byTestId(page, 'leave-confirm-confirm').click();
    await expectScreen(page, 'home');
    const card = byTestId(page, 'hosting-card');
    await expectText(card.getByRole('heading'), `Hosting “${AUCTION}”`);
    await expect(byTestId(page, 'host-new').count()).resolves.toBe(0);
    await saveScreenshot(page, 'desktop-hosting-card');

    // The way back.
    await byTestId(card, 'hosting-open-console').click();
    await expectScreen(page, 'console');
    await expectText(byTestId(page, 'auction-name'), AUCTION);
    await saveScreenshot(page, 'desktop-console');

    // Joined elsewhere (here: its own auction as a team), the window keeps a strip back to the console.
    const code = await readTeamCode(page, 'T1');
    await byTestId(page, 'leave').click();
    await byTestId(page, 'leave-confirm-confirm').click();
    await byTestId(page, 'join-address').fill(`127.0.0.1:${port}`);
    await byTestId(page, 'join-code').fill(code);
    await byTestId(page, 'join-submit').click();
    await expectScreen(page, 'bidder');
    const strip = byTestId(page, 'hosting-strip');
    await expectText(strip, new RegExp(`Hosting ${AUCTION}`));
    await saveScreenshot(page, 'desktop-hosting-strip');
    await byTestId(strip, 'hosting-open-console').click();
    await expectScreen(page, 'console');

    // Stop hosting, from Home, asks first; Cancel keeps the auction.
    await byTestId(page, 'leave').click();
    await byTestId(page, 'leave-confirm-confirm').click();
    await byTestId(page, 'hosting-stop').click();
    await byTestId(page, 'stop-hosting-cancel').click();
    await expectGone(byTestId(page, 'stop-hosting'));
    expect(desktop.lan.services).toHaveLength(1);
    await byTestId(page, 'hosting-stop').click();
    await byTestId(page, 'stop-hosting-confirm').click();
    await expectGone(card);
    await expect(byTestId(page, 'host-new').isEnabled()).resolves.toBe(true);
    await waitUntil(
      () => desktop.lan.services.length === 0,
      () => 'the mDNS goodbye',
    );
    expect(await blockers(app, 'prevent-app-suspension')).toEqual([false]);
    app.assertNoErrors();
  });

  it('hosts a CSV league through the open dialog', async () => {
    const app = await desktop.launch('host');
    const page = await hostDemoLeague(app);
    const dir = desktop.tempDir('csv');
    const teams = join(dir, 'teams.csv');
    writeFileSync(teams, 'name,short\nFC Basel,BAS\nMalmö FF,MAL\n');
    const lots = join(dir, 'lots-utf8-bom.csv');
    // The league's layout: the role in `category`, overseas as its own column (the ipl rules' quota counts it).
    writeFileSync(
      lots,
      '\ufeffname,base_price,category,overseas\nJürgen Åberg,2 Cr,Batter,Yes\nSøren Dahl,50 L,Bowler,No\n',
    );

    await app.queueDialog({ kind: 'open', filePaths: [teams] });
    await byTestId(page, 'csv-open-teams').click();
    await expectText(byTestId(byTestId(page, 'csv-import-teams'), 'csv-preview'), /Malmö FF/);
    await byTestId(page, 'csv-use-teams').click();

    await app.queueDialog({ kind: 'open', filePaths: [lots] });
    await byTestId(page, 'csv-open-lots').click();
    await expectText(byTestId(byTestId(page, 'csv-import-lots'), 'csv-preview'), /Jürgen Åberg/);
    await byTestId(page, 'csv-use-lots').click();

    const asked = (await app.state()).dialogs;
    expect(asked.map((d) => d.kind)).toEqual(['open', 'open']);
    expect(asked[0]?.options).toMatchObject({ title: 'Import a catalog', properties: ['openFile'] });

    await startAuction(page);
    await expectText(byTestId(page, 'lot-name'), 'Jürgen Åberg');
    await expectText(byTestId(page, 'team-board'), /Malmö FF/);
    app.assertNoErrors();
  });

  it('decodes a CSV from the open dialog as the browser does: a Windows-1252 file is refused with the fix, never misread', async () => {
    const app = await desktop.launch('host');
    const page = await hostDemoLeague(app);
    const ansi = join(desktop.tempDir('csv'), 'teams-cp1252.csv');
    // Windows-1252 ("CSV (Comma delimited)" in Excel on Windows): ü is the single byte 0xFC, ö is 0xF6.
    const ansiBytes = Buffer.from('name,short\r\nFC Z\xfcrich,ZUR\r\nMalm\xf6 FF,MAL\r\n', 'latin1');
    writeFileSync(ansi, ansiBytes);
    const verdict = decodeCsvBytes(new Uint8Array(ansiBytes));
    if (verdict.ok) throw new Error('the browser path would accept this file');

    await app.queueDialog({ kind: 'open', filePaths: [ansi] });
    await byTestId(page, 'csv-open-teams').click();
    // The same sentence a browser upload gets: one import path, whatever the file came through.
    await expectText(byTestId(page, 'csv-import-teams'), new RegExp(escapeRegExp(verdict.error)));
    await expect(byTestId(page, 'csv-import-teams').innerText()).resolves.not.toMatch(/ready to use|\uFFFD/);

    // Saved again as "CSV UTF-8" (with Excel's BOM), the same names import with their accents.
    const utf8 = join(desktop.tempDir('csv'), 'teams-utf8.csv');
    writeFileSync(utf8, '\uFEFFname,short\r\nFC Zürich,ZUR\r\nMalmö FF,MAL\r\n', 'utf8');
    await app.queueDialog({ kind: 'open', filePaths: [utf8] });
    await byTestId(page, 'csv-open-teams').click();
    await expectText(byTestId(page, 'csv-import-teams'), /2 teams ready to use.*FC Zürich.*Malmö FF/);
    app.assertNoErrors();
  });

  it('Ctrl/Cmd+N mid-auction asks before it stops hosting; Cancel keeps the console', async () => {
    const app = await desktop.launch('host');
    const page = await hostDemoLeague(app);
    await startAuction(page);

    await app.menu({ accelerator: 'CmdOrCtrl+N' });
    await expectText(byTestId(page, 'new-auction'), /Stop hosting “Gavel Demo League” and start a new auction\?/);
    await byTestId(page, 'new-auction-cancel').click();
    await expectGone(byTestId(page, 'new-auction'));
    await expectScreen(page, 'console');
    expect(desktop.lan.services).toHaveLength(1);

    await app.menu({ accelerator: 'CmdOrCtrl+N' });
    await byTestId(page, 'new-auction-confirm').click();
    await expectScreen(page, 'home');
    await expect(byTestId(page, 'host-new').isEnabled()).resolves.toBe(true);
    await expect(byTestId(page, 'hosting-card').count()).resolves.toBe(0);
    await waitUntil(
      () => desktop.lan.services.length === 0,
      () => 'the mDNS goodbye',
    );
    app.assertNoErrors();
  });
});

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

describe('closing and quitting while hosting', () => {
  it('closing the window asks; Keep hosting keeps it; quitting asks, stops the host and keeps every bid', async () => {
    const app = await desktop.launch('host');
    const page = await hostDemoLeague(app);
    await startAuction(page);
    const port = await announcedPort(desktop.lan, AUCTION);
    const phones = new PageSet(desktop.browser);
    try {
      await phoneBids(phones, page, port, 'T3');
      const main = await app.mainWindow();

      // The close button: asked, "Keep hosting".
      await app.queueDialog({ kind: 'message', response: 0 });
      await app.closeWindow(main.id);
      await waitUntil(
        async () => (await app.state()).dialogs.length === 1,
        () => 'the quit question',
      );
      const question = (await app.state()).dialogs[0];
      expect(question?.options).toMatchObject({
        message: `Gavel is hosting “${AUCTION}”. Quit and stop the auction?`,
        buttons: ['Keep hosting', 'Stop and quit'],
        cancelId: 0,
      });
      await expectScreen(page, 'console');
      expect((await app.state()).windows).toHaveLength(1);

      // Quit (Ctrl+Q / the menu's Quit): asked again, "Stop and quit".
      const release = phones.allowErrors(/WebSocket|ERR_CONNECTION_REFUSED|Failed to load resource/);
      await app.queueDialog({ kind: 'message', response: 1 });
      await app.quit();
      await expect(app.exited).resolves.toEqual({ code: 0, signal: null });
      // The mDNS goodbye went out before the process ended.
      expect(desktop.lan.log.filter((line) => line.startsWith('host '))).toEqual([
        expect.stringMatching(/^host publish Gavel Demo League/),
        expect.stringMatching(/^host goodbye Gavel Demo League/),
      ]);
      release();
    } finally {
      await phones.close();
    }
    app.assertNoErrors();

    // The next launch lists the auction to resume, and the bid is in it.
    const again = await desktop.launch('host-again', { userData: app.userData });
    const next = (await again.mainWindow()).page;
    await expectScreen(next, 'home');
    // Home asks the main process for the resumable auctions: wait for the list, then it has exactly this one.
    const resume = byTestId(next, 'resume-auction');
    await resume.first().waitFor();
    await expect(resume.count()).resolves.toBe(1);
    await resume.click();
    await expectScreen(next, 'console');
    await expectAttribute(byTestId(next, 'leader'), 'data-team-id', 'T3');
    again.assertNoErrors();
  });

  it('after a crash (SIGKILL) the next launch lists the auction on Home and resumes it with its bids', async () => {
    const app = await desktop.launch('host');
    const page = await hostDemoLeague(app);
    await startAuction(page);
    const port = await announcedPort(desktop.lan, AUCTION);
    const phones = new PageSet(desktop.browser);
    try {
      await phoneBids(phones, page, port, 'T5');
    } finally {
      await phones.close();
    }
    await app.kill();

    const again = await desktop.launch('host-again', { userData: app.userData });
    const next = (await again.mainWindow()).page;
    await expectScreen(next, 'home');
    await expectText(next.getByRole('heading', { name: 'Resume' }), 'Resume');
    await byTestId(next, 'resume-auction').click();
    await expectScreen(next, 'console');
    await expectText(byTestId(next, 'auction-name'), AUCTION);
    await expectAttribute(byTestId(next, 'leader'), 'data-team-id', 'T5');
    expect(await announcedPort(desktop.lan, AUCTION)).toBeGreaterThan(0);
    again.assertNoErrors();
  });
});
