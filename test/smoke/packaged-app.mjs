// Smoke test of the packaged product, run by .github/workflows/release.yml on each OS
// against the installed (Windows, macOS) or unpacked (Linux) app that ships:
//   it starts; Home renders; it hosts the demo league and starts it; a socket.io-client
//   bidder joins over 127.0.0.1 with a team code and bids; the console shows the bid; the
//   projector window opens and shows it; the page the host serves loads in a browser of
//   the test's own; after hosting stops and the app quits, the bid is in the journal.
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
import { findExecutable, journalCandidates, repoRoot } from './app-path.mjs';
import {
  bidOverSocket,
  check,
  fatal,
  journalHoldsBid,
  screenOf,
  servedPageShowsBid,
  showsBid,
  startFromSetup,
  testId,
  waitFor,
} from './product-steps.mjs';

const root = repoRoot(import.meta.url);
const shots = join(root, 'dist');
const tag = `${process.platform}-${process.arch}`;

const isFile = (p) => {
  try {
    return statSync(p).isFile();
  } catch {
    return false;
  }
};

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
try {
  // Chromium prints the endpoint on stderr (Playwright's own Electron launcher reads the same line);
  // DevToolsActivePort in the profile folder says the port too.
  const endpoint = await waitFor('the DevTools endpoint', () => {
    if (exited) throw fatal(`the app exited early (${JSON.stringify(exited)}):\n${output}`);
    const line = /DevTools listening on (ws:\/\/\S+)/.exec(output);
    if (line) return line[1];
    const port = readFileSync(join(userDataDir, 'DevToolsActivePort'), 'utf8').split('\n')[0]?.trim();
    return port ? `http://127.0.0.1:${port}` : null;
  });
  check(true, `remote debugging endpoint ${endpoint}`);
  // noDefaults: leave the app's one browser context as it is; in particular Playwright then
  // sends no Browser.setDownloadBehavior, which Electron refuses ("Browser context management is
  // not supported"), as its own _electron launcher does.
  browser = await chromium.connectOverCDP(endpoint, { noDefaults: true });
  const pages = () => browser.contexts().flatMap((c) => c.pages());

  // ---- It starts, and Home renders.
  const main = await waitFor('the main window', () => pages().find((p) => p.url().startsWith('app://gavel/')));
  check(true, `main window loads from app://gavel (${main.url()})`);
  await waitFor('Home', async () => (await screenOf(main)) === 'home');
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
  await waitFor('the Setup screen', async () => (await screenOf(main)) === 'setup');
  check(true, 'New auction hosts the demo league (Setup screen)');
  await startFromSetup(main);

  const hosting = await main.evaluate(() => window.gavel.currentHosting());
  check(hosting && Number.isInteger(hosting.port), `the app hosts "${hosting?.auctionName}" on port ${hosting?.port}`);
  const teamIds = Object.keys(hosting.joinCodes.teams).sort();
  check(teamIds.length >= 2, `join codes for ${teamIds.length} teams`);
  const [bidTeam, watchTeam] = teamIds;
  const base = `http://127.0.0.1:${hosting.port}`;

  // ---- A bidder joins over 127.0.0.1 with a team code and bids; the console shows the bid.
  const placed = await bidOverSocket({
    base,
    code: hosting.joinCodes.teams[bidTeam],
    teamId: bidTeam,
    log: console.log,
  });
  await showsBid(main, placed, 'the console');
  check((await testId(main, 'bid-history-row').count()) >= 1, 'the console lists the bid in its history');
  await main.screenshot({ path: join(shots, `smoke-${tag}-console.png`) });

  // ---- The projector window opens and shows it.
  await testId(main, 'open-projector').click();
  // It shows the spectator page of the host this window administers (its loopback URL).
  const projector = await waitFor('the projector window', () =>
    pages().find((p) => p !== main && /^http:/.test(p.url()) && new URL(p.url()).port === String(hosting.port)),
  );
  await waitFor('the projector view', () => testId(projector, 'projector').isVisible());
  check(true, `the projector window opens (${projector.url()})`);
  await showsBid(projector, placed, 'the projector');
  await projector.screenshot({ path: join(shots, `smoke-${tag}-projector.png`) });

  // ---- The page the host serves loads in the test's own browser (the runner's Chrome).
  const testBrowser = await chromium.launch(
    process.env.GAVEL_CHROMIUM ? { executablePath: process.env.GAVEL_CHROMIUM } : { channel: 'chrome' },
  );
  try {
    await servedPageShowsBid({
      browser: testBrowser,
      base,
      code: hosting.joinCodes.teams[watchTeam],
      placed,
      screenshot: join(shots, `smoke-${tag}-browser.png`),
    });
  } finally {
    await testBrowser.close();
  }

  // ---- Quit, then the bid is in the journal.
  // Quitting while hosting asks "Quit and stop the auction?" in a native message box, which
  // remote debugging cannot answer; stop hosting first, as the organiser would at the end.
  await main.evaluate(() => window.gavel.stopHosting());
  check((await main.evaluate(() => window.gavel.currentHosting())) === null, 'hosting stopped');
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
  const { events, found } = journalHoldsBid(readFileSync(journal, 'utf8'), placed);
  check(found, `the journal holds the bid after quitting (${events} events)`);
  console.log('packaged app smoke test passed');
} catch (err) {
  process.exitCode = 1;
  console.error(err instanceof Error ? err.stack : err);
  console.error(`--- app output ---\n${output}`);
} finally {
  await browser?.close().catch(() => {});
  if (!exited) app.kill('SIGKILL');
  try {
    rmSync(userDataDir, { recursive: true, force: true, maxRetries: 5 });
  } catch (err) {
    console.log(`left ${userDataDir} behind: ${err.message}`);
  }
}
