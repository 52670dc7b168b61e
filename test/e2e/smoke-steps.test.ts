import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../main/host/clock';
import { demoLeague } from '../../shared/catalog/demo';
import {
  bidOverSocket,
  journalHoldsBid,
  screenOf,
  servedPageShowsBid,
  showsBid,
  startFromSetup,
  waitFor,
} from '../smoke/product-steps.mjs';
import { useChromium } from './support/browser';
import { joinUrl, startWebHost } from './support/host';

/**
 * The product steps of the packaged-app smoke test (test/smoke/packaged-app.mjs), run here
 * against the real host, the built renderer and Chromium, with the real clock and journal
 * the desktop app uses: only the Electron parts (Home's New auction, the projector window,
 * quitting) are left to the release runners.
 */

const dataDir = mkdtempSync(join(tmpdir(), 'gavel-smoke-steps-'));
const cleanups: (() => Promise<void>)[] = [];
const chromium = useChromium(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

const log = (): void => {};

describe('the smoke test steps', () => {
  it('start the demo league, bid over socket.io, see the bid on the console and a served page, find it in the journal', async () => {
    const host = await startWebHost(demoLeague(), { clock: systemClock, dataDir });
    let closed = false;
    cleanups.push(async () => {
      if (!closed) await host.close();
    });
    const codes = host.host.joinCodes;
    const context = await chromium.browser.newContext();
    cleanups.push(() => context.close());
    const admin = await context.newPage();
    await admin.goto(joinUrl(host, codes.admin));
    await waitFor('the admin page', async () => (await screenOf(admin)) !== 'connecting');
    await startFromSetup(admin, log);

    const [bidTeam, watchTeam] = Object.keys(codes.teams).sort();
    if (!bidTeam || !watchTeam) throw new Error('the demo league has fewer than two teams');
    const placed = await bidOverSocket({ base: host.url, code: codes.teams[bidTeam], teamId: bidTeam, log });
    expect(placed).toMatchObject({ teamId: bidTeam });
    await showsBid(admin, placed, 'the console', log);
    await servedPageShowsBid({ browser: chromium.browser, base: host.url, code: codes.teams[watchTeam], placed, log });

    closed = true;
    await host.close();
    const journal = readFileSync(join(dataDir, host.host.auctionId, 'journal.jsonl'), 'utf8');
    expect(journalHoldsBid(journal, placed).found).toBe(true);
    expect(journalHoldsBid(journal, { ...placed, bidId: 'someone-else' }).found).toBe(false);
  });
});
