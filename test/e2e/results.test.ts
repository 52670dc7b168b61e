import { readFile } from 'node:fs/promises';
import type { Download, Page } from 'playwright-core';
import { describe, it } from 'vitest';
import { makeConfig, makeLot } from '../helpers/builders';
import { byTestId, expectScreen, expectText, saveScreenshot } from './support/browser';
import { joinUrl } from './support/host';
import { useWebHost } from './support/web-host';

/**
 * The Results screen and its exports. The auction is run to the end over
 * sockets (the main scenario drives bidding through the UI); the page is only
 * where the results are read and downloaded.
 */

/** A team name a spreadsheet would run as a formula if the CSV wrote it as is. */
const FORMULA_NAME = '=HYPERLINK("http://evil.example","Click")';
const GAP_MS = 2_000;

describe('Results and exports', () => {
  const web = useWebHost();

  it('lists squads, spend and unsold lots, and exports CSV (formulas neutralised) and JSON', async () => {
    const { host: h, pages } = await web.start(
      makeConfig({
        name: 'Export Night',
        teams: [
          { id: 'T1', name: FORMULA_NAME, short: 'EVIL', purse: 50_000 },
          { id: 'T2', name: 'Plain Sailors', short: 'PLS', purse: 50_000 },
        ],
        lots: [
          makeLot(1, { name: 'Old Bat', basePrice: 1_000 }),
          makeLot(2, { name: 'Signed Ball', basePrice: 2_000 }),
        ],
        rules: { currency: 'EUR', moneyStyle: 'standard', purse: 50_000, gapMs: GAP_MS, rounds: 1 },
      }),
    );
    const admin = await h.admin();
    const evil = await h.team('T1');
    expectOk(await admin.send('auction:start', {}));
    expectOk(await evil.placeBid('L1', 1_250));
    expectOk(await admin.send('lot:hammer', {}));
    await h.clock.advance(GAP_MS);
    expectOk(await admin.send('lot:skip', {}));
    if (h.host.room.state.status !== 'finished') throw new Error('the auction should be over');

    const page = await pages.open('results', joinUrl(h, h.host.joinCodes.admin, 'results'), 'console');
    await expectScreen(page, 'results');
    const evilCard = byTestId(page, 'results-team', { 'team-id': 'T1' });
    await expectText(evilCard.locator('h2'), FORMULA_NAME);
    await expectText(byTestId(evilCard, 'results-spent'), '€12.50');
    await expectText(byTestId(evilCard, 'results-left'), '€487.50');
    await expectText(byTestId(evilCard, 'results-row', { 'lot-id': 'L1' }), /Old Bat.*€12\.50/);
    const plainCard = byTestId(page, 'results-team', { 'team-id': 'T2' });
    await expectText(byTestId(plainCard, 'results-spent'), '€0.00');
    await expectText(byTestId(plainCard, 'results-squad-count'), '0');
    await expectText(byTestId(page, 'results-unsold-row', { 'lot-id': 'L2' }), /Signed Ball.*€20\.00$/);
    await saveScreenshot(page, 'results-export', { fullPage: true });

    // CSV: the formula-like name is written as text, never as a formula.
    const csv = await readDownload(page, 'export-csv');
    if (csv.name !== 'export-night-results.csv') throw new Error(`CSV file name: ${csv.name}`);
    const lines = csv.text.split('\r\n');
    const soldLine = lines.find((line) => line.startsWith('sold,'));
    if (!soldLine) throw new Error(`no sold row in the CSV:\n${csv.text}`);
    if (!soldLine.includes(`"'=HYPERLINK(""http://evil.example"",""Click"")"`)) {
      throw new Error(`the team name is not neutralised in: ${soldLine}`);
    }
    if (/(^|,)=/.test(csv.text)) throw new Error(`a cell starts with "=":\n${csv.text}`);
    if (!soldLine.includes(',12.50,')) throw new Error(`the price column is not a plain number: ${soldLine}`);
    if (!lines.some((line) => line.startsWith('unsold,') && line.includes('Signed Ball'))) {
      throw new Error(`the unsold lot is missing:\n${csv.text}`);
    }

    // JSON keeps the real name (JSON is data, not a spreadsheet) and minor units.
    const json = await readDownload(page, 'export-json');
    const parsed = JSON.parse(json.text) as {
      teams: { id: string; name: string; spent: number; squad: { lotId: string; amount: number }[] }[];
      unsold: { lotId: string }[];
    };
    const t1 = parsed.teams.find((team) => team.id === 'T1');
    if (t1?.name !== FORMULA_NAME || t1.spent !== 1_250 || t1.squad[0]?.lotId !== 'L1') {
      throw new Error(`unexpected JSON team: ${JSON.stringify(t1)}`);
    }
    if (parsed.unsold.map((lot) => lot.lotId).join() !== 'L2') throw new Error('JSON unsold list is wrong');
    pages.assertNoErrors();
  });
});

function expectOk(ack: { ok: boolean; error?: { code: string; message: string } }): void {
  if (!ack.ok) throw new Error(`refused: ${ack.error?.code}: ${ack.error?.message}`);
}

async function readDownload(page: Page, testId: string): Promise<{ name: string; text: string }> {
  const [download] = await Promise.all([
    page.waitForEvent('download', { timeout: 15_000 }) as Promise<Download>,
    byTestId(page, testId).click(),
  ]);
  const path = await download.path();
  return { name: download.suggestedFilename(), text: await readFile(path, 'utf8') };
}
