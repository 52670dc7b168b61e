// Builds the web app into out/renderer when it is missing, older than its
// sources or a development build, so `npm run host` always serves a current
// production page to LAN browsers, and the browser tests test that page.
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
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

/**
 * Svelte's development build carries its dev-only warnings and checks (the
 * text of `ownership_invalid_binding`, its own source paths); a production
 * build has none. A build made under vitest's NODE_ENV=test was one, and went
 * unnoticed: the tests ran another bundle than users get.
 */
const DEVELOPMENT_MARKERS = ['svelte/src/internal', '[svelte] ownership_invalid_binding'];

function isDevelopmentBuild() {
  const assets = join(root, 'out', 'renderer', 'assets');
  try {
    return readdirSync(assets)
      .filter((name) => name.endsWith('.js'))
      .some((name) => {
        const text = readFileSync(join(assets, name), 'utf8');
        return DEVELOPMENT_MARKERS.some((marker) => text.includes(marker));
      });
  } catch {
    return false;
  }
}

let builtAt = 0;
try {
  builtAt = statSync(built).mtimeMs;
} catch {
  // not built yet
}
if (builtAt > 0 && isDevelopmentBuild()) {
  console.log('out/renderer is a development build: building it for production.');
  builtAt = 0;
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
  } else if (isDevelopmentBuild()) {
    console.error('The web app was built for development, not production (NODE_ENV?).');
    process.exit(1);
  }
}
