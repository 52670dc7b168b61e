import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Download, Page } from 'playwright-core';
import { describe, it } from 'vitest';
import { makeConfig, makeLot } from '../helpers/builders';
import {
  byTestId,
  expectGone,
  expectScreen,
  expectText,
  saveScreenshot,
  SCREENSHOT_DIR,
  waitUntil,
} from './support/browser';
import { joinUrl, teamCode } from './support/host';
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
          makeLot(1, { name: 'Old Bat', basePrice: 1_000, extra: { country: 'England', constructor: 'x' } }),
          makeLot(2, { name: 'Signed Ball', basePrice: 2_000, extra: { overseas: 'yes', '=cmd': '1' } }),
        ],
        rules: { currency: 'EUR', moneyStyle: 'standard', purse: 50_000, gapMs: GAP_MS, rounds: 1 },
      }),
    );
    const admin = await h.admin();
    const evil = await h.team('T1');
    expectOk(await admin.send('auction:start', {}));
    expectOk(await evil.placeBid('L1', 1_250));
    expectOk(await admin.send('lot:hammer', {}));
    expectOk(await admin.send('purse:adjust', { teamId: 'T2', delta: -5_000, reason: 'late entry fee' }));
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
    // Every catalog column (the union over lots, hostile names neutralised) and the adjustment with its reason.
    const header = 'status,team_id,team,lot_id,lot,category,set,round,price_eur,price,note,base_price_eur,base_price';
    if (lines[0] !== `${header},country,constructor,overseas,'=cmd`) throw new Error(`CSV header: ${lines[0]}`);
    if (!soldLine.endsWith(',10.00,€10.00,England,x,,')) throw new Error(`sold row's catalog columns: ${soldLine}`);
    if (!lines.includes('adjustment,T2,Plain Sailors,,,,,,-50.00,−€50.00,late entry fee,,,,,,')) {
      throw new Error(`the adjustment row is missing:\n${csv.text}`);
    }

    // JSON keeps the real name (JSON is data, not a spreadsheet) and minor units.
    const json = await readDownload(page, 'export-json');
    const parsed = JSON.parse(json.text) as {
      auction: { id: string | null };
      teams: { id: string; name: string; spent: number; squad: { lotId: string; amount: number }[] }[];
      unsold: { lotId: string }[];
    };
    const t1 = parsed.teams.find((team) => team.id === 'T1');
    if (t1?.name !== FORMULA_NAME || t1.spent !== 1_250 || t1.squad[0]?.lotId !== 'L1') {
      throw new Error(`unexpected JSON team: ${JSON.stringify(t1)}`);
    }
    if (parsed.unsold.map((lot) => lot.lotId).join() !== 'L2') throw new Error('JSON unsold list is wrong');
    if (parsed.auction.id !== h.host.auctionId) throw new Error(`JSON auction id: ${parsed.auction.id}`);
    pages.assertNoErrors();
  });

  it('prints one squad sheet per team: squad with prices, retained marked, spent, left and adjustments', async () => {
    const LAKH = 100_000 * 100;
    const CRORE = 100 * LAKH;
    const { host: h, pages } = await web.start(
      makeConfig({
        name: 'Sheet Night',
        teams: [
          { id: 'T1', name: 'Mumbai Mavericks', short: 'MUM', purse: 100 * CRORE },
          { id: 'T2', name: 'Chennai Chargers', short: 'CHE', purse: 100 * CRORE },
          { id: 'T3', name: 'Delhi Dashers', short: 'DEL', purse: 100 * CRORE },
        ],
        lots: [
          makeLot(1, { name: 'Rohan Kapoor', category: 'batter', retained: { teamId: 'T1', price: 18 * CRORE } }),
          makeLot(2, { name: 'Mitch Starr', category: 'bowler', basePrice: 2 * CRORE, extra: { overseas: 'yes' } }),
          makeLot(3, { name: 'Arjun Rao', category: 'keeper', basePrice: 50 * LAKH }),
          makeLot(4, { name: 'Kiwi Spinner', category: 'bowler', basePrice: 75 * LAKH, extra: { overseas: 'yes' } }),
          makeLot(5, { name: 'Nobody Wanted', category: 'batter', basePrice: 20 * LAKH }),
        ],
        rules: {
          currency: 'INR',
          moneyStyle: 'lakh',
          purse: 100 * CRORE,
          minimumPrice: 20 * LAKH,
          increments: { kind: 'fixed', step: 5 * LAKH },
          gapMs: GAP_MS,
          rounds: 1,
        },
      }),
    );
    const admin = await h.admin();
    const buyers = { T1: await h.team('T1'), T2: await h.team('T2'), T3: await h.team('T3') };
    expectOk(await admin.send('auction:start', {}));
    for (const [teamId, amount] of [
      ['T2', 6 * CRORE],
      ['T3', 50 * LAKH],
      ['T1', 3 * CRORE],
    ] as const) {
      const lotId = h.host.room.state.current?.lotId;
      if (!lotId) throw new Error('no open lot');
      expectOk(await buyers[teamId].placeBid(lotId, amount));
      expectOk(await admin.send('lot:hammer', {}));
      await h.clock.advance(GAP_MS);
    }
    expectOk(
      await admin.send('purse:adjust', { teamId: 'T2', delta: -90 * CRORE, reason: 'penalty: over the salary cap' }),
    );
    expectOk(await admin.send('lot:skip', {}));
    if (h.host.room.state.status !== 'finished') throw new Error('the auction should be over');

    const page = await pages.open('sheets', joinUrl(h, h.host.joinCodes.admin, 'results'), 'console');
    await page.setViewportSize({ width: 1366, height: 768 });
    await expectScreen(page, 'results');
    await expectText(byTestId(page, 'print-sheets'), 'Print squad sheets');
    // The auctioneer reads the log: each adjustment with its reason, on the team's card.
    await expectText(
      byTestId(byTestId(page, 'results-team', { 'team-id': 'T2' }), 'results-adjustment'),
      'Purse −₹90 Cr: penalty: over the salary cap',
    );
    await saveScreenshot(page, 'results-1366');
    await page.setViewportSize({ width: 1920, height: 1080 });
    await saveScreenshot(page, 'results-1920');
    await page.setViewportSize({ width: 1366, height: 768 });

    // A team cannot read the log: its phone shows the net change and where the reasons are.
    const phone = await pages.open('chennai', joinUrl(h, teamCode(h, 'T2'), 'results'), 'phone');
    await expectScreen(phone, 'results');
    await expectText(
      byTestId(byTestId(phone, 'results-team', { 'team-id': 'T2' }), 'results-adjustment'),
      'Purse −₹90 Cr: purse adjusted; the reasons are in the auctioneer’s log',
    );
    await saveScreenshot(phone, 'results-team-phone', { fullPage: true });

    // On paper: only the sheets, every team's, with the adjustment and its reason (read from the audit log).
    await page.emulateMedia({ media: 'print' });
    await expectGone(byTestId(page, 'results-team').first());
    const sheets = byTestId(page, 'squad-sheet');
    await waitUntil(
      async () => ((await sheets.count()) === 3 ? true : null),
      () => 'three squad sheets',
    );
    const chennai = byTestId(page, 'squad-sheet', { 'team-id': 'T2' });
    await expectText(chennai.locator('h2'), 'Chennai Chargers');
    await expectText(byTestId(chennai, 'sheet-row', { 'lot-id': 'L2' }), /Mitch Starr.*bowler.*₹6 Cr/);
    await expectText(byTestId(chennai, 'sheet-spent'), '₹6 Cr');
    await expectText(byTestId(chennai, 'sheet-left'), '₹4 Cr');
    await expectText(byTestId(chennai, 'sheet-adjustment'), '−₹90 Cr penalty: over the salary cap');
    const mumbai = byTestId(page, 'squad-sheet', { 'team-id': 'T1' });
    await expectText(byTestId(mumbai, 'sheet-row', { 'lot-id': 'L1' }), /Rohan Kapoor\s*retained.*₹18 Cr/);
    await expectText(byTestId(mumbai, 'sheet-spent'), '₹21 Cr');
    const breaks = await sheets.evaluateAll((nodes) => nodes.map((node) => getComputedStyle(node).breakAfter));
    if (breaks.join() !== 'page,page,auto') throw new Error(`page breaks: ${breaks.join()}`);
    await saveScreenshot(page, 'results-print-sheets', { fullPage: true });

    // The real print path: a PDF with one page per team.
    const pdf = await page.pdf({ format: 'A4', printBackground: true });
    await mkdir(SCREENSHOT_DIR, { recursive: true });
    await writeFile(join(SCREENSHOT_DIR, 'results-squad-sheets.pdf'), pdf);
    const pageCount = pdf.toString('latin1').match(/\/Type\s*\/Page(?!s)/g)?.length ?? 0;
    if (pageCount !== 3) throw new Error(`the PDF has ${pageCount} pages, not one per team`);
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
