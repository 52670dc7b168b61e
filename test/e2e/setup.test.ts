import { describe, it } from 'vitest';
import { makeConfig } from '../helpers/builders';
import {
  byTestId,
  expectAttribute,
  expectScreen,
  expectText,
  expectValue,
  saveScreenshot,
  waitUntil,
} from './support/browser';
import { joinUrl } from './support/host';
import { useWebHost } from './support/web-host';

/**
 * A headless host, a plain browser and the admin key: the auction is
 * configured before its start with admin commands over the socket, from the
 * demo league and from CSV files picked in the page, then started.
 */

/** Row 3 has no name, row 4 a purse that is not money: two row-level errors. */
const BAD_TEAMS_CSV = 'name,short,purse\nAlpha Club,ALP,100 Cr\n,BET,100 Cr\nGamma Guild,GAM,lots\n';
const GOOD_TEAMS_CSV = 'name,short,purse\nAlpha Club,ALP,100 Cr\nBeta Bandits,BET,100 Cr\nGamma Guild,GAM,90 Cr\n';

describe('Home and Setup in a plain browser', () => {
  const web = useWebHost();

  it('shows the Home screen to a browser that has no code', async () => {
    const { host, pages } = await web.start(makeConfig({ teams: 2, lots: 2 }));
    const home = await pages.open('home', joinUrl(host, null), 'console');
    await expectScreen(home, 'home');
    await byTestId(home, 'join-code').waitFor();
    await byTestId(home, 'join-submit').waitFor();
    await saveScreenshot(home, 'home');

    // A wrong code is refused with the host's reason, on the Home screen.
    await byTestId(home, 'join-code').fill('NOPE-NOPE');
    await byTestId(home, 'join-submit').click();
    await expectText(byTestId(home, 'join-error'), /not valid/);
    await expectScreen(home, 'home');
    await saveScreenshot(home, 'home-refused');
    pages.assertNoErrors();
  });

  it('configures from the demo league, then from a teams CSV with row errors, and starts', async () => {
    // Three teams from the start, like the CSV below: a team id the host did not start with gets
    // no join code (host bug, see the known-bug test below).
    const { host: h, pages } = await web.start(makeConfig({ name: 'Before setup', teams: 3, lots: 2 }));
    const admin = await pages.open('admin', joinUrl(h, h.host.joinCodes.admin), 'console');
    await expectScreen(admin, 'setup');
    await expectValue(byTestId(admin, 'setup-name'), 'Before setup');

    // The demo league fills every table; nothing is sent until Save or Start.
    await byTestId(admin, 'setup-demo').click();
    await byTestId(admin, 'setup-dirty').waitFor();
    await waitUntil(
      async () => (await byTestId(admin, 'setup-team-row').count()) === 8,
      () => 'the demo league to list 8 teams',
    );
    await expectValue(byTestId(admin, 'setup-name'), 'Gavel Demo League');
    await expectText(byTestId(admin, 'auction-name'), 'Before setup');
    await saveScreenshot(admin, 'setup');

    // A teams CSV with two bad rows: the preview marks them, the errors name them, nothing is applied.
    await byTestId(admin, 'csv-file-teams').setInputFiles({
      name: 'teams.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(BAD_TEAMS_CSV),
    });
    const teamsImport = byTestId(admin, 'csv-import-teams');
    await expectText(byTestId(teamsImport, 'csv-error-count'), /^2 problems/);
    await expectText(byTestId(teamsImport, 'csv-errors'), /row 3/i);
    await expectText(byTestId(teamsImport, 'csv-errors'), /row 4/i);
    const preview = byTestId(teamsImport, 'csv-preview');
    await preview.locator('tr.has-error[data-row="3"]').waitFor();
    await preview.locator('tr.has-error[data-row="4"]').waitFor();
    await waitUntil(
      async () => (await preview.locator('tr.has-error').count()) === 2,
      () => 'exactly the two bad rows to be marked',
    );
    if (!(await byTestId(teamsImport, 'csv-use-teams').isDisabled())) {
      throw new Error('"Use these teams" must stay disabled while the file has errors');
    }
    await teamsImport.scrollIntoViewIfNeeded();
    await saveScreenshot(admin, 'setup-csv-error', { locator: teamsImport });

    // The fixed file replaces the demo's teams.
    await byTestId(admin, 'csv-file-teams').setInputFiles({
      name: 'teams-fixed.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(GOOD_TEAMS_CSV),
    });
    await expectText(byTestId(teamsImport, 'csv-ok'), '3 teams ready to use.');
    await byTestId(teamsImport, 'csv-use-teams').click();
    await waitUntil(
      async () => (await byTestId(admin, 'setup-team-row').count()) === 3,
      () => 'the three CSV teams to replace the demo teams',
    );

    // Start saves first; the host runs the new configuration and the page moves to the console.
    await byTestId(admin, 'setup-start').click();
    await expectScreen(admin, 'console');
    await expectAttribute(byTestId(admin, 'console-status'), 'data-status', 'running');
    await expectText(byTestId(admin, 'auction-name'), 'Gavel Demo League');
    const state = h.host.room.state;
    const names = state.config.teams.map((team) => team.name);
    if (names.join('|') !== 'Alpha Club|Beta Bandits|Gamma Guild') {
      throw new Error(`the host runs the wrong teams: ${names.join(', ')}`);
    }
    if (state.config.lots.length !== 60 || state.config.rules.moneyStyle !== 'lakh') {
      throw new Error('the host did not take the demo league lots and rules');
    }
    // The board shows the CSV teams with their purses in crore; the first lot is open.
    const gamma = state.config.teams[2];
    await expectText(byTestId(byTestId(admin, 'team-row', { 'team-id': gamma?.id ?? '' }), 'team-purse-left'), /90 Cr/);
    await byTestId(admin, 'lot-card').waitFor();

    // Each new team has a join code on the sheet, and it works.
    const sheet = byTestId(admin, 'join-sheet');
    if (!(await sheet.isVisible())) await byTestId(admin, 'toggle-join-codes').click();
    for (const team of state.config.teams) {
      const code = h.host.joinCodes.teams[team.id];
      if (!code) throw new Error(`no join code for ${team.name}`);
      await expectText(byTestId(byTestId(sheet, 'join-card', { 'team-id': team.id }), 'join-code-value'), code);
    }
    const alpha = state.config.teams[0];
    const bidder = await pages.open('alpha', joinUrl(h, h.host.joinCodes.teams[alpha?.id ?? ''] ?? ''), 'phone');
    await expectScreen(bidder, 'bidder');
    await expectText(byTestId(bidder, 'whoami'), 'Alpha Club');
    await expectText(byTestId(bidder, 'my-purse-left'), /100 Cr/);
    await expectText(byTestId(bidder, 'lot-base-price'), /^₹\d+(\.\d+)? (L|Cr)$/);
    await saveScreenshot(bidder, 'bidder-lakh');
    pages.assertNoErrors();
  });

  it('saves a 600-player catalog from a CSV: far more than one message, sent in pages', async () => {
    const { host: h, pages } = await web.start(makeConfig({ name: 'Big catalog', teams: 3, lots: 2 }));
    const admin = await pages.open('admin', joinUrl(h, h.host.joinCodes.admin), 'console');
    await expectScreen(admin, 'setup');
    const rows = Array.from(
      { length: 600 },
      (_, i) =>
        `Player number ${i + 1},${i % 3 === 0 ? 'overseas' : 'domestic'},${20 + (i % 10) * 5} L,Set ${1 + (i % 6)},Batter`,
    );
    const csv = ['name,category,base_price,set,role', ...rows].join('\n') + '\n';
    await byTestId(admin, 'csv-file-lots').setInputFiles({
      name: 'lots.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(csv),
    });
    const lotsImport = byTestId(admin, 'csv-import-lots');
    await expectText(byTestId(lotsImport, 'csv-ok'), /600 lots/);
    await byTestId(lotsImport, 'csv-use-lots').click();
    await byTestId(admin, 'setup-save').click();
    await byTestId(admin, 'setup-saved').waitFor();
    await waitUntil(
      async () => h.host.room.state.config.lots.length === 600,
      () => `the host to hold 600 lots, not ${h.host.room.state.config.lots.length}`,
    );
    if (h.host.room.state.config.lots[599]?.name !== 'Player number 600')
      throw new Error('the last lot is not the last row');
    pages.assertNoErrors();
  });

  it('gives a team added in Setup a join code on the sheet', async () => {
    const { host: h, pages } = await web.start(makeConfig({ name: 'Two teams', teams: 2, lots: 2 }));
    const admin = await h.admin();
    const configured = await admin.send('auction:configure', makeConfig({ name: 'Three teams', teams: 3, lots: 2 }));
    if (!configured.ok) throw new Error(configured.error.message);
    const consolePage = await pages.open('console', joinUrl(h, h.host.joinCodes.admin, 'console'), 'console');
    await expectScreen(consolePage, 'console');
    await expectText(byTestId(consolePage, 'auction-name'), 'Three teams');
    const sheet = byTestId(consolePage, 'join-sheet');
    await byTestId(sheet, 'join-card', { 'team-id': 'T1' }).waitFor();
    await expectText(byTestId(byTestId(sheet, 'join-card', { 'team-id': 'T3' }), 'join-code-value'), /\S/, 3_000);
  });
});
