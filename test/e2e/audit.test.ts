import { readFile } from 'node:fs/promises';
import type { Download } from 'playwright-core';
import { describe, it } from 'vitest';
import { makeConfig } from '../helpers/builders';
import { byTestId, expectScreen, waitUntil } from './support/browser';
import { joinUrl } from './support/host';
import { useWebHost } from './support/web-host';

/** The console's audit log: every event, bids of closed lots too, paged and exported. */

describe('the audit log on the console', () => {
  const web = useWebHost();

  it('pages through every event and exports them all as CSV', async () => {
    const { host: h, pages } = await web.start(
      makeConfig({ teams: 2, lots: 3, rules: { currency: 'USD', purse: 100_000, gapMs: 0, lotOpenMs: 600_000 } }),
    );
    const admin = await h.admin();
    const t1 = await h.team('T1');
    const t2 = await h.team('T2');
    const ok = (ack: { ok: boolean }): void => {
      if (!ack.ok) throw new Error('refused');
    };
    ok(await admin.send('auction:start', {}));
    // Enough bids on a lot that then closes for the log to need more than one page of 50.
    for (let i = 0; i < 30; i++) {
      ok(await t1.placeBid('L1', 100 + i * 20));
      ok(await t2.placeBid('L1', 110 + i * 20));
    }
    ok(await admin.send('lot:hammer', {}));
    ok(await admin.send('purse:adjust', { teamId: 'T1', delta: 500, reason: 'refund for a mistaken bid' }));
    const total = h.host.room.state.seq;

    const page = await pages.open('console', joinUrl(h, h.host.joinCodes.admin, 'console'), 'console');
    await expectScreen(page, 'console');
    await byTestId(page, 'toggle-audit-log').click();
    const rows = byTestId(page, 'audit-row');
    await waitUntil(
      async () => (await rows.count()) === 50,
      async () => `${await rows.count()} rows, not 50`,
    );
    await byTestId(page, 'audit-next').click();
    await waitUntil(
      async () => (await rows.first().getAttribute('data-seq')) === '51',
      async () => `the second page starts at ${await rows.first().getAttribute('data-seq')}`,
    );
    await waitUntil(
      async () => (await rows.count()) === total - 50,
      async () => `${await rows.count()} rows`,
    );
    await waitUntil(
      async () => (await byTestId(page, 'audit-row', { type: 'purse:adjusted' }).innerText()).includes('refund'),
      () => 'no purse adjustment with its reason',
    );

    const [download] = await Promise.all([
      page.waitForEvent('download') as Promise<Download>,
      byTestId(page, 'audit-export').click(),
    ]);
    const csv = await readFile(await download.path(), 'utf8');
    const lines = csv.trim().split('\r\n');
    if (lines.length !== total + 1) throw new Error(`the export has ${lines.length - 1} events, not ${total}`);
    if (lines.filter((line) => line.includes(',bid:accepted,')).length !== 60)
      throw new Error('not every bid exported');
    pages.assertNoErrors();
  });
});
