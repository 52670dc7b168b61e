import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tinyPng } from '../helpers/images';
import { byTestId, expectText, saveScreenshot, waitUntil } from '../e2e/support/browser';
import { useDesktop } from './support/desktop';
import { hostDemoLeague, startAuction } from './support/flows';

/**
 * [DSP1] On the desktop, a lots CSV opened through the native dialog brings
 * the photos its photo column names from its own folder: the organiser does
 * not pick them again, and a name the folder lacks is said, not guessed.
 */

const desktop = useDesktop();

describe('photos beside the catalog', () => {
  it('[DSP1] a CSV through the open dialog picks up the images beside it and the host serves them', async () => {
    const app = await desktop.launch('host');
    const page = await hostDemoLeague(app);
    const dir = desktop.tempDir('photos');
    const lots = join(dir, 'players.csv');
    writeFileSync(
      lots,
      [
        // The demo league's rules count overseas players, so the sheet says who is.
        'name,base_price,category,overseas,photo',
        'Rohit Verma,2 Cr,Batter,No,rohit.png',
        'Liam Carter,50 L,Bowler,Yes,liam.png',
        'Sam Ortiz,1 Cr,Batter,Yes,',
      ].join('\n'),
    );
    // On disk in another case than the sheet says (a Windows or macOS habit); Liam's is not there.
    writeFileSync(join(dir, 'Rohit.PNG'), tinyPng([30, 90, 200], 64));

    await app.queueDialog({ kind: 'open', filePaths: [lots] });
    await byTestId(page, 'csv-open-lots').click();
    await expectText(byTestId(page, 'csv-ok'), /3 lots/);
    await byTestId(page, 'csv-use-lots').click();

    const picker = byTestId(page, 'photo-picker');
    await expectText(
      byTestId(picker, 'photo-summary'),
      '1 of 3 players have a photo; missing: Liam Carter, Sam Ortiz.',
    );
    await expectText(byTestId(picker, 'photo-problems'), /liam\.png: not in the CSV’s folder/);
    // One dialog only: the photos came without asking.
    expect((await app.state()).dialogs.map((d) => d.kind)).toEqual(['open']);

    const thumb = byTestId(page, 'setup-lot-photo');
    await waitUntil(
      async () => (await thumb.count()) === 1 || null,
      () => 'the thumbnail in the players table',
    );
    expect(await thumb.evaluate((img: HTMLImageElement) => img.decode().then(() => img.naturalWidth))).toBe(64);
    expect(await thumb.getAttribute('src')).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/media\/[0-9a-f]{64}\.png$/);
    await saveScreenshot(page, 'desktop-setup-photos', { locator: byTestId(page, 'setup-projector') });

    await startAuction(page);
    // The demo league draws its order: the first lot is one of these three.
    await expectText(byTestId(page, 'lot-name'), /^(Rohit Verma|Liam Carter|Sam Ortiz)$/);
    app.assertNoErrors();
  });
});
