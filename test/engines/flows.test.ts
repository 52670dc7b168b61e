import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'vitest';
import { startHost, type HostHandle } from '../../main/host/host-server';
import { DEFAULT_RATE_LIMITS } from '../../main/host/rate-limit';
import { makeConfig } from '../helpers/builders';
import type { TestHost } from '../helpers/host';
import { joinUrl, startWebHost, teamCode } from '../e2e/support/host';
import {
  assertNoErrors,
  enginesToRun,
  expectAttribute,
  expectPresent,
  expectScreen,
  expectText,
  selector as $,
  useEngine,
  type EngineName,
  type EnginePage,
} from './support/harness';

/**
 * The phone-facing flows in every engine a phone or projector may bring to the room:
 * Chromium, WebKitGTK (Safari's engine) and Firefox ESR. Each flow is written once and
 * runs in each; the other parties (the auctioneer, a rival team) are socket clients of
 * the test, so each test drives one page. Every browser runs in a network namespace with
 * only loopback (support/sandbox.ts).
 */

const PHONE = { width: 390, height: 844 };
const CONSOLE = { width: 1280, height: 800 };
const PROJECTOR = { width: 1920, height: 1080 };
const GAP_MS = 5_000;
const USER_AGENT: Record<EngineName, RegExp> = {
  chromium: /Chrome\//,
  firefox: /Gecko\/\d+ Firefox\//,
  webkit: /^(?!.*(Chrome|Firefox)).*AppleWebKit\/.* Safari\//,
};

const CONFIG = makeConfig({
  name: 'Engine Cup',
  teams: 3,
  lots: 4,
  rules: {
    currency: 'USD',
    moneyStyle: 'standard',
    purse: 100_000,
    // Long windows: nothing closes by itself while a slow engine looks.
    lotOpenMs: 300_000,
    bidExtendMs: 30_000,
    gapMs: GAP_MS,
  },
});

const { engines, skipReason } = enginesToRun();
if (skipReason) console.warn(`engine tests skipped: ${skipReason}`);

describe.skipIf(engines.length === 0).each<EngineName>(engines.length > 0 ? engines : ['chromium'])('%s', (name) => {
  let host: TestHost | null = null;
  let resumed: HostHandle | null = null;
  let pages: EnginePage[] = [];
  let dataDir: string | null = null;

  const run = useEngine(name, async () => {
    await Promise.allSettled(pages.map((page) => page.close()));
    pages = [];
    await resumed?.close();
    resumed = null;
    await host?.close();
    host = null;
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
    dataDir = null;
  });

  async function startHostFor(options: { dataDir?: string } = {}): Promise<TestHost> {
    host = await startWebHost(CONFIG, { staticDir: run.engine.webRoot, ...options });
    await run.sandbox.publish(host.host.port);
    return host;
  }

  async function open(url: string, size: { width: number; height: number }): Promise<EnginePage> {
    const page = await run.engine.newPage(size);
    pages.push(page);
    await page.goto(url);
    return page;
  }

  it('a team joins with its code, sees the lot, bids, is outbid and bids again', async () => {
    const h = await startHostFor();
    const page = await open(`${h.url}/`, PHONE);
    // The engine under test is the one named: no engine silently stands in for another.
    const agent = await page.evaluate<string>('() => navigator.userAgent');
    if (!USER_AGENT[name].test(agent)) throw new Error(`${name} should not report itself as ${agent}`);
    await expectScreen(page, 'home');
    await page.fill($('join-code'), teamCode(h, 'T1'));
    await page.click($('join-submit'));
    await expectScreen(page, 'bidder');
    await expectText(page, $('whoami'), 'Team 1');
    await expectAttribute(page, $('bid-status'), 'data-state', 'waiting');
    await expectAttribute(page, $('connection-badge'), 'data-status', 'connected');
    await page.screenshot('bidder-waiting');

    const admin = await h.admin();
    ok(await admin.send('auction:start', {}));
    await expectAttribute(page, $('bid-status'), 'data-state', 'open');
    await expectText(page, $('lot-name'), 'Lot 1');
    await expectText(page, $('bid-quick-0'), /\$1\.00/);
    await page.screenshot('bidder-lot-open');

    await page.click($('bid-quick-0'));
    await expectAttribute(page, $('bid-status'), 'data-state', 'leading');
    await expectText(page, $('high-bid'), '$1.00');
    await expectText(page, $('leader'), 'You');
    await page.screenshot('bidder-leading');

    const t2 = await h.team('T2');
    ok(await t2.placeBid('L1', 110));
    await expectAttribute(page, $('bid-status'), 'data-state', 'outbid');
    await expectText(page, $('bid-status'), /outbid.*Team 2 bid \$1\.10/);
    await page.screenshot('bidder-outbid');

    // Back on top with a typed amount.
    await page.fill($('bid-custom-input'), '1.20');
    await page.click($('bid-custom-submit'));
    await expectAttribute(page, $('bid-status'), 'data-state', 'leading');
    await expectText(page, $('high-bid'), '$1.20');
    await expectAttribute(page, $('leader'), 'data-team-id', 'T1');
    if (h.host.room.state.current?.bids.at(-1)?.teamId !== 'T1') throw new Error('the host should hold T1 on top');
    assertNoErrors(name, pages);
  });

  it('a team reconnects after the host restarts and keeps its place', async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'gavel-engines-journal-'));
    const h = await startHostFor({ dataDir });
    const admin = await h.admin();
    ok(await admin.send('auction:start', {}));
    const page = await open(joinUrl(h, teamCode(h, 'T1')), PHONE);
    await expectScreen(page, 'bidder');
    await page.click($('bid-quick-0'));
    await expectAttribute(page, $('bid-status'), 'data-state', 'leading');
    await expectAttribute(page, $('connection-badge'), 'data-status', 'connected');

    const port = h.host.port;
    const auctionId = h.host.auctionId;
    // While the host is down, each engine reports the refused reconnects in its own words.
    const allowOutage = run.engine.allowErrors(/WebSocket|ERR_CONNECTION_REFUSED|socket\.io|connect|Failed to load/i);
    await h.close();
    host = null;
    await expectAttribute(page, $('connection-badge'), 'data-status', 'reconnecting');
    await expectText(page, $('high-bid'), '$1.00');
    await page.screenshot('bidder-reconnecting');

    resumed = await startHost({
      port,
      strictPort: true,
      host: '127.0.0.1',
      dataDir,
      resumeId: auctionId,
      staticDir: run.engine.webRoot,
      clock: h.clock,
      rateLimits: { ...DEFAULT_RATE_LIMITS, commandBurst: 1_000, commandPerSecond: 1_000 },
    });
    await expectAttribute(page, $('connection-badge'), 'data-status', 'connected');
    allowOutage();
    await expectText(page, $('whoami'), 'Team 1');
    await expectAttribute(page, $('bid-status'), 'data-state', 'leading');
    await expectAttribute(page, $('bid-status'), 'data-paused', 'true');
    await expectText(page, $('high-bid'), '$1.00');
    await page.screenshot('bidder-reconnected');
    assertNoErrors(name, pages);
  });

  it('the projector follows a lot: opening, bids, SOLD', async () => {
    const h = await startHostFor();
    const page = await open(joinUrl(h, null, 'projector'), PROJECTOR);
    await expectScreen(page, 'projector');
    await expectAttribute(page, $('projector'), 'data-status', 'setup');
    const admin = await h.admin();
    ok(await admin.send('auction:start', {}));
    await expectText(page, $('lot-name'), 'Lot 1');
    await expectAttribute(page, $('high-bid'), 'data-amount', '');
    const t1 = await h.team('T1');
    const t3 = await h.team('T3');
    ok(await t1.placeBid('L1', 100));
    ok(await t3.placeBid('L1', 110));
    await expectText(page, $('high-bid'), '$1.10');
    await expectAttribute(page, $('leader'), 'data-team-id', 'T3');
    await expectText(page, $('leader'), 'Team 3');
    await expectAttribute(page, $('team-row', { 'team-id': 'T3' }), 'aria-current', 'true');
    await page.screenshot('projector-lot-open');

    ok(await admin.send('lot:hammer', {}));
    await expectAttribute(page, $('projector-outcome'), 'data-outcome', 'sold');
    await expectText(page, $('sold-to'), 'Team 3');
    await expectText(page, $('sold-amount'), '$1.10');
    await expectText(page, `${$('team-row', { 'team-id': 'T3' })} ${$('team-purse-left')}`, '$998.90');
    await page.screenshot('projector-sold');

    await h.clock.advance(GAP_MS);
    await expectText(page, $('lot-name'), 'Lot 2');
    assertNoErrors(name, pages);
  });

  it("the console's main controls: start, pause, resume, hammer, skip", async () => {
    const h = await startHostFor();
    const page = await open(joinUrl(h, h.host.joinCodes.admin, 'console'), CONSOLE);
    await expectScreen(page, 'console');
    await expectAttribute(page, $('console-status'), 'data-status', 'setup');
    await page.screenshot('console-setup');
    await page.click($('control-start'));
    await expectAttribute(page, $('console-status'), 'data-status', 'running');
    await expectText(page, $('lot-name'), 'Lot 1');

    const t2 = await h.team('T2');
    ok(await t2.placeBid('L1', 100));
    await expectText(page, $('high-bid'), '$1.00');
    await expectText(page, $('next-min-bid'), '$1.10');

    await page.click($('control-pause'));
    await expectAttribute(page, $('console-status'), 'data-status', 'paused');
    await page.click($('control-resume'));
    await expectAttribute(page, $('console-status'), 'data-status', 'running');
    await page.screenshot('console-lot-open');

    await page.click($('control-hammer'));
    await expectAttribute(page, $('closed-lot'), 'data-outcome', 'sold');
    await expectText(page, $('last-sale'), 'Lot 1 → Team 2, $1.00');
    await page.screenshot('console-sold');

    await h.clock.advance(GAP_MS);
    await expectText(page, $('lot-name'), 'Lot 2');
    await expectPresent(page, $('control-skip'));
    await page.click($('control-skip'));
    await expectAttribute(page, $('closed-lot'), 'data-outcome', 'unsold');
    if (h.host.room.state.sales.length !== 1) throw new Error('the host should record exactly one sale');
    assertNoErrors(name, pages);
  });
});

/** Fails the test with the host's message when it refused a command the test sent. */
function ok(ack: { ok: true } | { ok: false; error: { message: string } }): void {
  if (!ack.ok) throw new Error(`the host refused: ${ack.error.message}`);
}
