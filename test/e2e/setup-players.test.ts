import { describe, expect, it } from 'vitest';
import { makeConfig } from '../helpers/builders';
import { byTestId, expectGone, expectScreen, expectText, saveScreenshot, waitUntil } from './support/browser';
import { joinUrl } from './support/host';
import { useWebHost } from './support/web-host';

/**
 * Issue 17, Setup's players table: every column the catalog has (role, set,
 * base price, overseas, country), one player edited or withdrawn without a
 * new import, and a base price of "20" in a lakh league shown on its row
 * with the likely fix ("₹20 → ₹20 L?") and a one-click apply.
 */

const LAKH_PAISE = 100_000 * 100;
const PLAYERS_CSV = [
  'name,role,base_price,set,overseas,country',
  'Rohit Verma,Batter,2 Cr,Marquee,No,India',
  'Liam Carter,Bowler,20,Capped,Yes,England',
  'Kagiso Dube,All-rounder,75 L,Capped,Yes,South Africa',
  'Arjun Nair,Wicketkeeper,30 L,Uncapped,No,India',
  'Sam Ortiz,Batter,50,Uncapped,Yes,USA',
].join('\n');

describe("Setup's players table", () => {
  const web = useWebHost();

  it('shows every catalog column, flags "20" with its fix, edits and withdraws one player, and saves', async () => {
    const { host: h, pages } = await web.start(makeConfig({ name: 'Players Cup', teams: 3, lots: 2 }));
    const admin = await pages.open('admin', joinUrl(h, h.host.joinCodes.admin), 'console');
    await admin.setViewportSize({ width: 1366, height: 768 });
    await expectScreen(admin, 'setup');
    await byTestId(admin, 'preset-ipl').click();

    await byTestId(admin, 'csv-file-lots').setInputFiles({
      name: 'players.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(PLAYERS_CSV),
    });
    const lotsImport = byTestId(admin, 'csv-import-lots');
    await expectText(byTestId(lotsImport, 'csv-ok'), /5 lots/);
    // The warning is open, not folded under "1 warning".
    await expectText(byTestId(lotsImport, 'csv-warnings'), /20 is read as ₹20/);
    expect(await byTestId(lotsImport, 'csv-warnings').getAttribute('open')).toBe('');
    // Each slip with its likely fix before the lots are used; Sam's is applied here, Liam's left for the table.
    const csvFixes = byTestId(lotsImport, 'csv-price-fix');
    await expectText(csvFixes.first(), /Liam Carter: ₹20 → ₹20 L\?/);
    await expectText(csvFixes.nth(1), /Sam Ortiz: ₹50 → ₹50 L\?/);
    await saveScreenshot(admin, 'setup-csv-price-warning', { locator: lotsImport });
    await csvFixes.nth(1).getByRole('button', { name: 'Apply' }).click();
    await waitUntil(
      async () => (await csvFixes.count()) === 1,
      () => 'one slip left in the CSV preview',
    );
    await byTestId(lotsImport, 'csv-use-lots').click();

    // Every column: role (category), set, base price, overseas, country.
    const table = byTestId(admin, 'setup-lots');
    const lotsCard = admin.locator('section.card', { has: table });
    await expectText(byTestId(table, 'setup-lot-row'), /Rohit Verma/);
    const heads = await byTestId(table, 'setup-lot-column').allInnerTexts();
    expect(heads.map((text) => text.toLowerCase())).toEqual(['overseas', 'country']);
    const liam = byTestId(table, 'setup-lot-row', { 'lot-id': 'L002' });
    await expectText(byTestId(liam, 'setup-lot-category'), 'Bowler');
    await expectText(liam.locator('[data-column="country"]'), 'England');
    await expectText(liam.locator('[data-column="overseas"]'), 'Yes');

    // The slip is on its row with the likely fix, and in a banner above the table.
    await expectText(byTestId(liam, 'setup-price-fix'), /₹20 → ₹20 L\?/);
    await expectText(byTestId(admin, 'setup-price-fixes'), /1 base price looks like a missing "L"/);
    expect(await byTestId(table, 'setup-price-fix').count()).toBe(1);
    await saveScreenshot(admin, 'setup-price-fix', { locator: lotsCard });
    await byTestId(liam, 'setup-price-fix-apply').click();
    await expectText(byTestId(liam, 'setup-lot-price'), '₹20 L');
    await expectGone(byTestId(admin, 'setup-price-fixes'));

    // Edit one player: name, base price, category.
    const arjun = byTestId(table, 'setup-lot-row', { 'lot-id': 'L004' });
    await byTestId(arjun, 'setup-lot-edit').click();
    await byTestId(arjun, 'setup-lot-name-input').fill('Arjun S. Nair');
    await byTestId(arjun, 'setup-lot-name-input').press('Tab');
    await byTestId(arjun, 'setup-lot-category-input').fill('Batter');
    await byTestId(arjun, 'setup-lot-category-input').press('Tab');
    await byTestId(arjun, 'setup-lot-price-input').fill('40 L');
    await byTestId(arjun, 'setup-lot-price-input').press('Tab');
    await saveScreenshot(admin, 'setup-player-edit', { locator: lotsCard });
    await byTestId(arjun, 'setup-lot-edit').click();
    await expectText(byTestId(arjun, 'setup-lot-name'), 'Arjun S. Nair');
    await expectText(byTestId(arjun, 'setup-lot-category'), 'Batter');
    await expectText(byTestId(arjun, 'setup-lot-price'), '₹40 L');

    // Withdraw one player.
    const kagiso = byTestId(table, 'setup-lot-row', { 'lot-id': 'L003' });
    await byTestId(kagiso, 'setup-lot-withdraw').click();
    await expectGone(kagiso);
    await expectText(byTestId(admin, 'setup-withdrawn'), /Kagiso Dube withdrawn/);
    await saveScreenshot(admin, 'setup-players-table', { locator: lotsCard });

    await byTestId(admin, 'setup-save').click();
    await byTestId(admin, 'setup-saved').waitFor();
    await waitUntil(
      async () => h.host.room.state.config.lots.length === 4,
      () => `the host to hold 4 lots, not ${h.host.room.state.config.lots.length}`,
    );
    const saved = h.host.room.state.config.lots;
    expect(saved.map((lot) => lot.name)).toEqual(['Rohit Verma', 'Liam Carter', 'Arjun S. Nair', 'Sam Ortiz']);
    expect(saved[3]?.basePrice).toBe(50 * LAKH_PAISE);
    expect(saved[1]?.basePrice).toBe(20 * LAKH_PAISE);
    expect(saved[2]).toMatchObject({ category: 'Batter', basePrice: 40 * LAKH_PAISE });
    expect(saved[0]?.extra).toEqual({ overseas: 'No', country: 'India' });
    pages.assertNoErrors();
  });
});
