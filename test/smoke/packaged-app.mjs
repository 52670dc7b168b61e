// Smoke test for a packaged Gavel: launches the installed-layout app once under
// Playwright's _electron and checks that the window opens on our own origin with
// the preload's API and without Node. Run by .github/workflows/release.yml after
// electron-builder; not run on development machines (no Electron binary there).
//   node test/smoke/packaged-app.mjs [path-to-app-executable]
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { _electron as electron } from 'playwright-core';

const root = new URL('../..', import.meta.url).pathname;
const dist = join(root, 'dist');

function findExecutable() {
  if (process.argv[2]) return process.argv[2];
  if (process.platform === 'win32') return join(dist, 'win-unpacked', 'Gavel.exe');
  if (process.platform === 'darwin') {
    // Prefer the build for this machine's architecture (x64 would need Rosetta on Apple silicon).
    const preferred =
      process.arch === 'arm64' ? ['mac-arm64', 'mac-universal', 'mac'] : ['mac', 'mac-universal', 'mac-arm64'];
    const dir = preferred.find((d) => existsSync(join(dist, d, 'Gavel.app')));
    return dir ? join(dist, dir, 'Gavel.app', 'Contents', 'MacOS', 'Gavel') : '';
  }
  return join(dist, 'linux-unpacked', 'gavel');
}

function check(condition, message) {
  if (!condition) throw new Error(`smoke test failed: ${message}`);
  console.log(`ok - ${message}`);
}

const executablePath = findExecutable();
check(existsSync(executablePath), `packaged app exists at ${executablePath}`);

// A fresh profile: no remembered window, no journals from an earlier run.
const userData = mkdtempSync(join(tmpdir(), 'gavel-smoke-'));
const app = await electron.launch({
  executablePath,
  args: [`--user-data-dir=${userData}`],
  env: { ...process.env, ELECTRON_ENABLE_LOGGING: '1' },
  timeout: 60_000,
});
try {
  const isPackaged = await app.evaluate(({ app: electronApp }) => electronApp.isPackaged);
  check(isPackaged === true, 'main process reports a packaged app');

  const window = await app.firstWindow({ timeout: 60_000 });
  await window.waitForLoadState('domcontentloaded');
  check(window.url().startsWith('app://gavel/'), `window loads from app://gavel (${window.url()})`);
  check((await window.title()).length > 0, 'window has a title');

  const exposed = await window.evaluate(() => ({
    hasApi: typeof window.gavel?.startHosting === 'function',
    keys: Object.keys(window.gavel ?? {}),
    hasRequire: typeof globalThis.require !== 'undefined',
    hasProcess: typeof globalThis.process !== 'undefined',
  }));
  check(exposed.hasApi, `preload exposes window.gavel (${exposed.keys.join(', ')})`);
  check(!exposed.keys.includes('ipcRenderer'), 'ipcRenderer is not exposed');
  check(!exposed.hasRequire && !exposed.hasProcess, 'no Node globals in the renderer');

  const auctions = await window.evaluate(() => window.gavel.listAuctions());
  check(Array.isArray(auctions), 'IPC round trip works (listAuctions)');

  const csp = await window.evaluate(async () => {
    try {
      // eval must be refused by the CSP.
      eval('1');
      return 'eval allowed';
    } catch {
      return 'eval blocked';
    }
  });
  check(csp === 'eval blocked', 'CSP blocks eval');

  await window.screenshot({ path: join(root, 'dist', `smoke-${process.platform}.png`) });
} finally {
  await app.close();
}
console.log('packaged app smoke test passed');
