// `npm run check`, the README's test command: sets up what the checks need on a fresh
// machine, then runs them (typecheck, lint, every test). CI (.ci/run) runs the same.
//
// 1. npm packages: `npm ci` when node_modules is missing or older than package-lock.json.
//    Electron's binary is never downloaded here (ELECTRON_SKIP_BINARY_DOWNLOAD=1): no test
//    needs it, and machines without internet access cannot fetch it.
// 2. A Chromium for the browser and desktop tests: GAVEL_CHROMIUM, else /usr/bin/chromium.
//    On Linux, also the other two engines of the engines project and what runs them:
//    Firefox ESR, WebKitGTK's WebKitWebDriver (with MiniBrowser), Xvfb for WebKit's private
//    display and iproute2 for the tests' network namespace. On Debian or Ubuntu as root they
//    are installed with apt-get when missing (with NSIS, for the installer script's test);
//    anywhere else the check stops at once and prints the one command to run.
// 3. typecheck, lint, test, stopping at the first that fails.
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const isWindows = process.platform === 'win32';
const npm = isWindows ? 'npm.cmd' : 'npm';

function run(command, args, env = process.env) {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env, shell: isWindows });
  return result.status ?? 1;
}

function fail(message) {
  process.stderr.write(`\nnpm run check: ${message}\n`);
  process.exit(1);
}

const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 20 || (major === 20 && minor < 19))
  fail(`Node ${process.versions.node} is too old: install Node 20.19 or newer.`);

function mtime(path) {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return 0;
  }
}

const installed = join(root, 'node_modules', '.package-lock.json');
if (mtime(installed) < mtime(join(root, 'package-lock.json'))) {
  console.log('Installing npm packages (npm ci; Electron’s binary is not downloaded)...');
  const env = { ELECTRON_SKIP_BINARY_DOWNLOAD: '1', ...process.env };
  if (run(npm, ['ci', '--no-audit', '--no-fund'], env) !== 0) fail('npm ci failed (see above).');
}

function onPath(command) {
  return (process.env.PATH ?? '')
    .split(isWindows ? ';' : ':')
    .some((dir) => dir && existsSync(join(dir, isWindows ? `${command}.exe` : command)));
}

const chromium = process.env.GAVEL_CHROMIUM ?? '/usr/bin/chromium';
const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
const hasApt = existsSync('/usr/bin/apt-get');
if (!existsSync(chromium) && process.env.GAVEL_CHROMIUM)
  fail(`GAVEL_CHROMIUM names ${chromium}, which does not exist.`);
// Debian packages the checks use: Chromium (browser and desktop tests, required), on Linux the
// engines project's browsers and tools (required there: a missing engine fails that project, so
// it cannot pass without them), and NSIS (makensis compiles the Windows installer's firewall
// include; that test skips without it).
const engineTools =
  process.platform === 'linux'
    ? [
        ['/usr/bin/firefox-esr', 'firefox-esr'],
        ['/usr/bin/WebKitWebDriver', 'webkit2gtk-driver'],
        ['/usr/bin/Xvfb', 'xvfb'],
        ['/usr/sbin/ip', 'iproute2'],
      ]
    : [];
const missingEngines = engineTools.filter(([path]) => !existsSync(path)).map(([, pkg]) => pkg);
const missing = [
  ...(existsSync(chromium) ? [] : ['chromium']),
  ...missingEngines,
  ...(onPath('makensis') || !hasApt ? [] : ['nsis']),
];
if (missing.length > 0 && hasApt && isRoot) {
  console.log(`Installing Debian packages for the tests: ${missing.join(', ')} (apt-get)...`);
  if (
    run('apt-get', ['update']) !== 0 ||
    run('apt-get', ['install', '-y', '--no-install-recommends', ...missing]) !== 0
  ) {
    fail(`apt-get could not install ${missing.join(', ')} (see above).`);
  }
} else if (!existsSync(chromium) || missingEngines.length > 0) {
  if (hasApt) {
    fail(
      'the browser tests need Chromium, Firefox ESR and WebKitGTK. Install them once with:\n\n' +
        '    sudo apt-get install -y --no-install-recommends chromium firefox-esr webkit2gtk-driver xvfb iproute2 nsis\n',
    );
  }
  if (missingEngines.length > 0) {
    fail(
      `the engines project needs ${missingEngines.join(', ')} (Firefox ESR, WebKitGTK's WebKitWebDriver, Xvfb, ip);\n` +
        'install them with your distribution, or run `npm run check` on Debian or in CI.',
    );
  }
  fail(
    'the browser tests need Chromium or Chrome. Point GAVEL_CHROMIUM at its binary, e.g.\n\n' +
      (process.platform === 'darwin'
        ? '    GAVEL_CHROMIUM="/Applications/Google Chrome.app/Contents/MacOS/Google Chrome" npm run check\n'
        : isWindows
          ? '    set GAVEL_CHROMIUM=C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe && npm run check\n'
          : '    GAVEL_CHROMIUM=/usr/bin/chromium-browser npm run check\n'),
  );
}

for (const step of ['typecheck', 'lint', 'test']) {
  const status = run(npm, ['run', step]);
  if (status !== 0) process.exit(status);
}
