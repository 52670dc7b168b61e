import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { makeConfig } from '../helpers/builders';
import { byTestId, expectScreen, expectText, saveScreenshot, waitUntil } from './support/browser';
import { joinUrl, teamCode } from './support/host';
import { useWebHost } from './support/web-host';

/**
 * docs/PROTOCOL.md, "The config travels once per version", in a real
 * browser: the bidder page keeps the config it received in localStorage, so
 * a reload names its version in the handshake and the host's snapshot comes
 * without the catalog; the page shows the same lot either way.
 */

const CONFIG = makeConfig({
  name: 'Reload Cup',
  teams: 4,
  lots: 60,
  rules: { currency: 'USD', moneyStyle: 'standard', purse: 100_000, lotOpenMs: 300_000, bidExtendMs: 30_000 },
});

/** The text of every `auction:snapshot` frame the page receives. */
function recordSnapshots(page: Page): string[] {
  const frames: string[] = [];
  page.on('websocket', (socket) => {
    socket.on('framereceived', ({ payload }) => {
      const text = typeof payload === 'string' ? payload : payload.toString('utf8');
      if (text.startsWith('42["auction:snapshot"')) frames.push(text);
    });
  });
  return frames;
}

describe('a bidder page reloaded', () => {
  const web = useWebHost();

  it('gets the snapshot without the catalog and shows the same lot', async () => {
    const { host: h, pages } = await web.start(CONFIG);
    const admin = await h.admin();
    const started = await admin.send('auction:start', {});
    if (!started.ok) throw new Error(started.error.message);

    const page = await pages.open('T1', 'about:blank', 'phone');
    const frames = recordSnapshots(page);
    await page.goto(joinUrl(h, teamCode(h, 'T1')));
    await expectScreen(page, 'bidder');
    await expectText(byTestId(page, 'lot-name'), 'Lot 1');
    await waitUntil(
      () => frames.length >= 1,
      () => `the first snapshot (frames: ${frames.length})`,
    );
    const first = JSON.parse(frames[0]!.slice(2))[1];
    expect(first.state.config.lots).toHaveLength(60);
    const stored = await page.evaluate(() => localStorage.getItem('gavel.config'));
    expect(JSON.parse(stored ?? 'null')?.version).toBe(first.configVersion);

    await page.reload();
    await expectScreen(page, 'bidder');
    await expectText(byTestId(page, 'lot-name'), 'Lot 1');
    await waitUntil(
      () => frames.length >= 2,
      () => `the snapshot after the reload (frames: ${frames.length})`,
    );
    const again = JSON.parse(frames[1]!.slice(2))[1];
    expect(again.configVersion).toBe(first.configVersion);
    expect(again.state.config).toBeUndefined();
    expect(frames[1]!.length).toBeLessThan(frames[0]!.length / 3);
    await saveScreenshot(page, 'bidder-after-reload-with-kept-config');
    pages.assertNoErrors();
  });
});
