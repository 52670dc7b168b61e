// Builds the web app into out/renderer when it is missing or older than its
// sources, so `npm run host` always serves a current page to LAN browsers.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const built = join(root, 'out', 'renderer', 'index.html');

function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

let builtAt = 0;
try {
  builtAt = statSync(built).mtimeMs;
} catch {
  // not built yet
}
const sourcesAt = Math.max(newestMtime(join(root, 'renderer')), newestMtime(join(root, 'shared')));
if (builtAt < sourcesAt) {
  console.log('Building the web app (out/renderer)...');
  // Always a production build: the browser tests start this under vitest, whose NODE_ENV=test
  // would otherwise make Vite and Svelte build for development (the bidder's first load was
  // 81 KB gzipped instead of 68, and the tests ran another bundle than the one users get).
  const result = spawnSync('npx', ['vite', 'build', '--config', 'vite.web.config.ts', '--logLevel', 'warn'], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, NODE_ENV: 'production' },
  });
  if (result.status !== 0) {
    console.error('The web app failed to build; the host will start without it.');
  }
}
