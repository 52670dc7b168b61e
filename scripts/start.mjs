// `npm start`: build, then run the desktop app, when the Electron binary is installed.
// Never require('electron') here: without its binary that throws. We only read the
// files its install script leaves behind (node_modules/electron/path.txt and dist/).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const electronDir = join(root, 'node_modules', 'electron');
const pathFile = join(electronDir, 'path.txt');

function findElectronBinary() {
  if (process.env.ELECTRON_OVERRIDE_DIST_PATH) {
    const name =
      process.platform === 'win32'
        ? 'electron.exe'
        : process.platform === 'darwin'
          ? 'Electron.app/Contents/MacOS/Electron'
          : 'electron';
    const candidate = join(process.env.ELECTRON_OVERRIDE_DIST_PATH, name);
    return existsSync(candidate) ? candidate : null;
  }
  if (!existsSync(pathFile)) return null;
  const candidate = join(electronDir, 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(candidate) ? candidate : null;
}

const binary = findElectronBinary();
if (!binary) {
  process.stderr.write(`Gavel's desktop app cannot start: the Electron binary is not installed.

node_modules/electron is there, but its binary (node_modules/electron/dist) is not: Electron's
npm package does not download it on install, and machines without internet access cannot.

To get it, on a machine that can reach GitHub's release downloads:
    node node_modules/electron/install.js
then run \`npm start\` again.

Without Electron you can still run an auction: the headless host serves the same app to
any browser on the LAN:
    npm run host -- --demo
`);
  process.exit(1);
}

// main + preload (electron-vite) and the renderer (the web build phones load too).
const build = spawnSync(process.platform === 'win32' ? 'npm.cmd' : 'npm', ['run', 'build'], {
  cwd: root,
  stdio: 'inherit',
  shell: process.platform === 'win32',
});
if (build.status !== 0) process.exit(build.status ?? 1);

const env = { ...process.env };
delete env.ELECTRON_RUN_AS_NODE; // set by some tools; it would make Electron act as plain Node
const child = spawn(binary, ['.', ...process.argv.slice(2)], { cwd: root, stdio: 'inherit', env });
child.on('exit', (code, signal) => process.exit(signal ? 1 : (code ?? 0)));
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
