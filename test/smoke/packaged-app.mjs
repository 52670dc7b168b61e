// Smoke test of the packaged product, run by .github/workflows/release.yml on each OS
// against the installed (Windows, macOS) or unpacked (Linux) app that ships:
//   it starts; Home renders; it hosts the demo league and starts it; a socket.io-client
//   bidder joins over 127.0.0.1 with a team code and bids; the console shows the bid; the
//   projector window opens and shows it; the page the host serves loads in a browser of
//   the test's own; quitting leaves the bid in the journal.
//
//   node test/smoke/packaged-app.mjs [Gavel.exe | Gavel.app | gavel | the folder they are in]
//
// The EnableNodeCliInspectArguments fuse is off in what ships, so nothing can attach to the
// main process (Playwright's _electron needs --inspect). The renderer is driven instead over
// Chromium's remote debugging (--remote-debugging-port=0, a Chromium switch that this fuse
// does not govern) with playwright-core's chromium.connectOverCDP. The test's browser is the
// runner's Chrome (or GAVEL_CHROMIUM). Not run on development machines: no Electron binary.
// Waits are polls bounded by a count, never assertions about time.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { io } from 'socket.io-client';
import { findExecutable, journalCandidates, repoRoot } from './app-path.mjs';

const POLL_MS = 250;
/** Polls per wait: enough for a cold start of the app on a busy runner. */
const POLLS = 480;

const root = repoRoot(import.meta.url);
const shots = join(root, 'dist');
const tag = `${process.platform}-${process.arch}`;

function check(condition, message) {
  if (!condition) throw new Error(`smoke test failed: ${message}`);
  console.log(`ok - ${message}`);
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Calls `probe` until it returns something truthy, at most POLLS times; throws naming `what` otherwise. */
async function waitFor(what, probe) {
  let last;
  for (let i = 0; i < POLLS; i++) {
    try {
      const value = await probe();
      if (value) return value;
    } catch (err) {
      last = err;
    }
    await sleep(POLL_MS);
  }
  throw new Error(`smoke test failed: gave up waiting for ${what}${last ? ` (${last.message})` : ''}`);
}

const isFile = (p) => {
  try {
    return statSync(p).isFile();
  } catch {
    return false;
  }
};

const testId = (page, id) => page.locator(`[data-testid="${id}"]`);
const attr = (page, id, name) => testId(page, id).first().getAttribute(name, { timeout: 1000 });

// ---------------------------------------------------------------------------------------------
// Start the packaged app with remote debugging for its renderers.

const executablePath = findExecutable({
  root,
  platform: process.platform,
  arch: process.arch,
  given: process.argv[2],
  isFile,
});
check(true, `packaged app found at ${executablePath}`);

// A fresh profile: no remembered window, no journals from an earlier run.
const userDataDir = mkdtempSync(join(tmpdir(), 'gavel-smoke-'));
mkdirSync(shots, { recursive: true });
const app = spawn(executablePath, [`--user-data-dir=${userDataDir}`, '--remote-debugging-port=0'], {
  env: { ...process.env, ELECTRON_ENABLE_LOGGING: '1' },
  stdio: ['ignore', 'pipe', 'pipe'],
});
let output = '';
let exited = null;
app.stdout.on('data', (chunk) => (output += chunk));
app.stderr.on('data', (chunk) => (output += chunk));
app.on('exit', (code, signal) => (exited = { code, signal }));
app.on('error', (err) => (exited = { code: null, signal: null, error: err }));

let browser = null;
let testBrowser = null;
let bidder = null;
try {
  // Chromium prints the endpoint on stderr (Playwright's own Electron launcher reads the same line);
  // DevToolsActivePort in the profile folder says the port too.
  const endpoint = await waitFor('the DevTools endpoint', () => {
    if (exited) throw new Error(`the app exited early (${JSON.stringify(exited)}):\n${output}`);
    const line = /DevTools listening on (ws:\/\/\S+)/.exec(output);
    if (line) return line[1];
    const port = readFileSync(join(userDataDir, 'DevToolsActivePort'), 'utf8').split('\n')[0]?.trim();
    return port ? `http://127.0.0.1:${port}` : null;
  });
  check(true, `remote debugging endpoint ${endpoint}`);
  browser = await chromium.connectOverCDP(endpoint);
  const pages = () => browser.contexts().flatMap((c) => c.pages());

  // ---- It starts, and Home renders.
  const main = await waitFor('the main window', () => pages().find((p) => p.url().startsWith('app://gavel/')));
  check(true, `main window loads from app://gavel (${main.url()})`);
  await waitFor('Home', async () => (await attr(main, 'app', 'data-screen')) === 'home');
  await waitFor('the New auction button', () => testId(main, 'host-new').isVisible());
  check(true, 'Home renders with its New auction button');

  const exposed = await main.evaluate(() => ({
    keys: Object.keys(window.gavel ?? {}),
    hasRequire: typeof globalThis.require !== 'undefined',
    hasProcess: typeof globalThis.process !== 'undefined',
  }));
  check(exposed.keys.includes('startHosting'), `preload exposes window.gavel (${exposed.keys.join(', ')})`);
  check(!exposed.keys.includes('ipcRenderer'), 'ipcRenderer is not exposed');
  check(!exposed.hasRequire && !exposed.hasProcess, 'no Node globals in the renderer');
  const evalBlocked = await main.evaluate(() => {
    try {
      eval('1');
      return false;
    } catch {
      return true;
    }
  });
  check(evalBlocked, 'the CSP blocks eval');
  await main.screenshot({ path: join(shots, `smoke-${tag}-home.png`) });

  // ---- It hosts the demo league and starts it.
  await testId(main, 'host-new').click();
  await waitFor('the Setup screen', async () => (await attr(main, 'app', 'data-screen')) === 'setup');
  check(true, 'New auction hosts the demo league (Setup screen)');
  await waitFor('the Start button to be enabled', () => testId(main, 'setup-start').isEnabled());
  await testId(main, 'setup-start').click();
  await waitFor('the console', async () => (await attr(main, 'app', 'data-screen')) === 'console');
  await waitFor('a running auction', async () => (await attr(main, 'console-status', 'data-status')) === 'running');
  check(true, 'the auction is started (console, status running)');

  const hosting = await main.evaluate(() => window.gavel.currentHosting());
  check(hosting && Number.isInteger(hosting.port), `the app hosts "${hosting?.auctionName}" on port ${hosting?.port}`);
  const teamIds = Object.keys(hosting.joinCodes.teams).sort();
  check(teamIds.length >= 2, `join codes for ${teamIds.length} teams`);
  const [bidTeam, watchTeam] = teamIds;
  const base = `http://127.0.0.1:${hosting.port}`;

  // ---- A bidder joins over 127.0.0.1 with a team code and bids.
  let state = null;
  bidder = io(base, {
    auth: { code: hosting.joinCodes.teams[bidTeam], protocol: 1 },
    transports: ['websocket'],
    reconnection: false,
  });
  let refused = null;
  bidder.on('connect_error', (err) => (refused = err.data ?? { message: err.message }));
  bidder.on('auction:snapshot', (snapshot) => (state = snapshot.state));
  // Keep only what is needed to know the open lot.
  bidder.on('lot:opened', (e) => state && (state = { ...state, phase: 'open', current: { lotId: e.lotId, bids: [] } }));
  for (const type of ['lot:sold', 'lot:unsold']) bidder.on(type, () => state && (state = { ...state, phase: 'gap' }));
  await waitFor('the bidder snapshot', () => {
    if (refused) throw new Error(`join refused: ${JSON.stringify(refused)}`);
    return state;
  });
  check(true, `bidder joined as ${bidTeam} over 127.0.0.1`);

  let placed = null;
  for (let attempt = 0; attempt < 3 && !placed; attempt++) {
    const open = await waitFor('an open lot', () => (state?.phase === 'open' && state.current ? state.current : null));
    const lot = state.config.lots.find((l) => l.id === open.lotId);
    if (open.bids?.length) {
      // Someone bid already (not in a fresh auction): wait for the next lot rather than compute increments.
      await waitFor('the next lot', () => state.current?.lotId !== open.lotId);
      continue;
    }
    const bidId = `smoke-${Date.now()}`;
    const ack = await bidder.timeout(30_000).emitWithAck('bid:place', { bidId, lotId: lot.id, amount: lot.basePrice });
    if (ack.ok) placed = { bidId, lotId: lot.id, amount: lot.basePrice };
    else console.log(`bid on ${lot.id} refused (${ack.error.code}); trying the next lot`);
  }
  check(placed, `bid ${placed?.amount} on ${placed?.lotId} accepted`);

  // ---- The console shows the bid.
  await waitFor('the bid on the console', async () => {
    const amount = await attr(main, 'high-bid', 'data-amount');
    const leader = await attr(main, 'leader', 'data-team-id');
    return amount === String(placed.amount) && leader === bidTeam;
  });
  check((await testId(main, 'bid-history-row').count()) >= 1, 'the console shows the bid (high bid, leader, history)');
  await main.screenshot({ path: join(shots, `smoke-${tag}-console.png`) });

  // ---- The projector window opens and shows it.
  await testId(main, 'open-projector').click();
  // It shows the spectator page of the host this window administers (its loopback URL).
  const projector = await waitFor('the projector window', () =>
    pages().find((p) => p !== main && /^http:/.test(p.url()) && new URL(p.url()).port === String(hosting.port)),
  );
  await waitFor('the projector view', () => testId(projector, 'projector').isVisible());
  await waitFor(
    'the bid on the projector',
    async () => (await attr(projector, 'high-bid', 'data-amount')) === String(placed.amount),
  );
  check(true, `the projector window opens and shows the bid (${projector.url()})`);
  await projector.screenshot({ path: join(shots, `smoke-${tag}-projector.png`) });

  // ---- The page the host serves loads in the test's own browser.
  testBrowser = await chromium.launch(
    process.env.GAVEL_CHROMIUM ? { executablePath: process.env.GAVEL_CHROMIUM } : { channel: 'chrome' },
  );
  const page = await testBrowser.newPage();
  await page.goto(`${base}/?code=${encodeURIComponent(hosting.joinCodes.teams[watchTeam])}`);
  await waitFor('the served bidder page', async () => (await attr(page, 'app', 'data-screen')) === 'bidder');
  await waitFor(
    'the bid on the served page',
    async () => (await attr(page, 'high-bid', 'data-amount')) === String(placed.amount),
  );
  check(true, `the page served at ${base}/ loads in the test's browser as ${watchTeam} and shows the bid`);
  await page.screenshot({ path: join(shots, `smoke-${tag}-browser.png`) });
  await testBrowser.close();
  testBrowser = null;

  // ---- Quit, then the bid is in the journal.
  bidder.close();
  bidder = null;
  await browser.close(); // disconnects; the app keeps running
  browser = null;
  if (process.platform === 'win32') {
    // Without /F, taskkill asks the app's windows to close, like the user clicking X.
    spawnSync('taskkill', ['/PID', String(app.pid)], { stdio: 'inherit' });
  } else {
    app.kill('SIGTERM'); // Electron quits on SIGTERM as on Quit: before-quit runs
  }
  await waitFor('the app to quit', () => exited);
  check(true, `the app quit (${JSON.stringify(exited)})`);

  const files = journalCandidates({
    platform: process.platform,
    userDataDir,
    env: process.env,
    home: homedir(),
    auctionId: hosting.auctionId,
  });
  const journal = files.find(isFile);
  check(journal, `the journal exists (${journal ?? files.join(' or ')})`);
  const events = readFileSync(journal, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line));
  const bid = events.find((e) => e.type === 'bid:accepted' && e.bidId === placed.bidId);
  check(
    bid && bid.bid.amount === placed.amount && bid.bid.teamId === bidTeam,
    `the journal holds the bid after quitting (${events.length} events)`,
  );
  console.log('packaged app smoke test passed');
} catch (err) {
  process.exitCode = 1;
  console.error(err instanceof Error ? err.stack : err);
  console.error(`--- app output ---\n${output}`);
} finally {
  bidder?.close();
  await testBrowser?.close().catch(() => {});
  await browser?.close().catch(() => {});
  if (!exited) app.kill('SIGKILL');
  try {
    rmSync(userDataDir, { recursive: true, force: true, maxRetries: 5 });
  } catch (err) {
    console.log(`left ${userDataDir} behind: ${err.message}`);
  }
}
