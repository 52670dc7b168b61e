import { describe, expect, it } from 'vitest';
import { makeConfig } from '../helpers/builders';
import { tinyPng } from '../helpers/images';
import { byTestId, expectScreen, expectText, saveScreenshot, waitUntil } from './support/browser';
import { joinUrl } from './support/host';
import { useWebHost } from './support/web-host';

/**
 * [DSP1] [DSP2] [DSP3] Setup's projector section in Chromium: a lots CSV with
 * a photo column, the photos added through the file input (matched by the
 * column's names, or a player's own name), the league's name and logo, the
 * stats, and the auction started with all of it in the config the host keeps.
 */

const PLAYERS_CSV = [
  'name,role,base_price,photo,country,matches,strike_rate',
  'Rohit Verma,Batter,2 Cr,rohit.JPG,India,243,139.2',
  'Liam Carter,Bowler,1 Cr,Liam.png,England,88,',
  'Kagiso Dube,All-rounder,75 L,kagiso.png,South Africa,61,151.0',
  'Arjun Nair,Wicketkeeper,30 L,,India,12,120.5',
].join('\n');

const png = (name: string, rgb: [number, number, number]) => ({
  name,
  mimeType: 'image/png',
  buffer: tinyPng(rgb, 64),
});

describe("Setup's projector section", () => {
  const web = useWebHost();

  it('imports a photo column, adds photos, sets league, logo and stats, and starts with them served by the host', async () => {
    const { host: h, pages } = await web.start(makeConfig({ name: 'Media Cup', teams: 3, lots: 2 }));
    const admin = await pages.open('admin', joinUrl(h, h.host.joinCodes.admin), 'console');
    await admin.setViewportSize({ width: 1366, height: 768 });
    await expectScreen(admin, 'setup');

    await byTestId(admin, 'csv-file-lots').setInputFiles({
      name: 'players.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(PLAYERS_CSV),
    });
    const lotsImport = byTestId(admin, 'csv-import-lots');
    await expectText(byTestId(lotsImport, 'csv-ok'), /4 lots/);
    await byTestId(lotsImport, 'csv-use-lots').click();

    // The photo column's files, in other case; Arjun by his own name; one file nobody's; Kagiso's not given.
    const picker = byTestId(admin, 'photo-picker');
    await expectText(byTestId(picker, 'photo-summary'), '0 of 4 players have a photo.');
    await byTestId(picker, 'photo-files').setInputFiles([
      png('ROHIT.jpg', [30, 90, 200]),
      png('liam.PNG', [200, 60, 40]),
      png('Arjun_Nair.png', [40, 160, 80]),
      png('stray.png', [120, 120, 120]),
    ]);
    await expectText(byTestId(picker, 'photo-summary'), '3 of 4 players have a photo; missing: Kagiso Dube.');
    await expectText(byTestId(picker, 'photo-unmatched'), /No player for stray\.png/);
    await expectText(
      byTestId(picker, 'photo-pending'),
      'Still to add, as the photo column names them: kagiso.png (Kagiso Dube).',
    );

    // Thumbnails in the players table, served by the host.
    const table = byTestId(admin, 'setup-lots');
    const thumbs = byTestId(table, 'setup-lot-photo');
    await waitUntil(
      async () => (await thumbs.count()) === 3 || null,
      () => 'three thumbnails in the players table',
    );
    const widths = await thumbs.evaluateAll((images) =>
      Promise.all(
        (images as HTMLImageElement[]).map((img) =>
          img.decode().then(
            () => img.naturalWidth,
            () => 0,
          ),
        ),
      ),
    );
    expect(widths).toEqual([64, 64, 64]);
    const src = (await thumbs.first().getAttribute('src')) ?? '';
    expect(src).toMatch(new RegExp(`^${h.url}/media/[0-9a-f]{64}\\.png$`));

    // League, logo, stats (the catalog's extra columns; matches before country).
    const settings = byTestId(admin, 'display-settings');
    await byTestId(settings, 'display-league').fill('Premier Cricket League');
    await byTestId(settings, 'display-logo-file').setInputFiles(png('logo.png', [230, 180, 20]));
    const logo = byTestId(settings, 'display-logo-preview');
    await waitUntil(
      async () => (await logo.count()) === 1 || null,
      () => 'the logo preview',
    );
    expect(await logo.evaluate((img: HTMLImageElement) => img.decode().then(() => img.naturalWidth))).toBe(64);
    const stat = (column: string) => byTestId(settings, 'display-stat', { column });
    await expect(byTestId(settings, 'display-stat').allInnerTexts()).resolves.toHaveLength(3);
    await stat('country').getByRole('checkbox').check();
    await stat('matches').getByRole('checkbox').check();
    await stat('strike_rate').getByRole('checkbox').check();
    await stat('matches').getByRole('button', { name: 'Move matches up' }).click();
    await expectText(byTestId(settings, 'display-stats'), /1\s*matches.*2\s*country.*3\s*strike rate/s);
    await stat('strike_rate').getByRole('checkbox').uncheck();

    await saveScreenshot(admin, 'setup-projector-1366', { locator: byTestId(admin, 'setup-projector') });
    await saveScreenshot(admin, 'setup-players-photos-1366', {
      locator: admin.locator('section.card', { has: table }),
    });

    await admin.setViewportSize({ width: 390, height: 844 });
    await byTestId(admin, 'setup-projector').scrollIntoViewIfNeeded();
    await saveScreenshot(admin, 'setup-projector-390', { locator: byTestId(admin, 'setup-projector') });
    // The section fits a phone: nothing in it wider than the screen.
    const width = await byTestId(admin, 'setup-projector').evaluate((el) => el.getBoundingClientRect().width);
    expect(width).toBeLessThanOrEqual(390);
    await admin.setViewportSize({ width: 1366, height: 768 });

    await byTestId(admin, 'setup-start').click();
    await expectScreen(admin, 'console');
    const config = h.host.room.publishedState.config;
    expect(config.display).toMatchObject({ league: 'Premier Cricket League', stats: ['matches', 'country'] });
    expect(config.display?.logo).toMatch(/^[0-9a-f]{64}\.png$/);
    expect(config.lots.map((lot) => (lot.photo ? 'photo' : null))).toEqual(['photo', 'photo', null, 'photo']);
    // Every name in the config is served by the host.
    for (const name of [config.display?.logo, ...config.lots.map((lot) => lot.photo)].filter(Boolean)) {
      const res = await fetch(`${h.url}/media/${name}`);
      expect(res.status, name).toBe(200);
    }
    pages.assertNoErrors();
  });

  it('refuses an SVG logo and says why, and removing the logo clears it on save', async () => {
    const { host: h, pages } = await web.start(makeConfig({ name: 'Media Cup', teams: 2, lots: 2 }));
    const admin = await pages.open('admin', joinUrl(h, h.host.joinCodes.admin), 'console');
    await expectScreen(admin, 'setup');
    const settings = byTestId(admin, 'display-settings');
    // The browser's own check accepts what the accept attribute says; the host decides by the bytes.
    const allow = pages.allowErrors(/415/);
    await byTestId(settings, 'display-logo-file').setInputFiles({
      name: 'logo.png',
      mimeType: 'image/png',
      buffer: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
    });
    await expectText(byTestId(settings, 'display-logo-error'), /SVG images are not accepted/);
    allow();
    await byTestId(settings, 'display-logo-file').setInputFiles(png('logo.png', [10, 10, 10]));
    await byTestId(settings, 'display-logo-preview').waitFor();
    await byTestId(admin, 'setup-save').click();
    await waitUntil(
      () => h.host.room.publishedState.config.display?.logo ?? null,
      () => 'the logo in the config',
    );
    await byTestId(settings, 'display-logo-remove').click();
    await byTestId(admin, 'setup-save').click();
    await waitUntil(
      () => (h.host.room.publishedState.config.display?.logo === undefined ? true : null),
      () => 'the logo gone from the config',
    );
    pages.assertNoErrors();
  });
});
