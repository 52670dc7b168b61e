import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * The desktop tests run the built app (out/main, out/preload, out/renderer).
 * It is rebuilt with `npm run build` (electron-vite for main and preload,
 * vite for the renderer) only when missing or older than its sources, then copied to a private snapshot: other test runs in this
 * checkout rebuild out/ too, and a rebuild in the middle of a test would
 * pull the files from under the running app.
 */

export const REPO_ROOT = new URL('../../../', import.meta.url).pathname;
const OUT = join(REPO_ROOT, 'out');
const OUTPUTS = ['main/index.js', 'preload/index.cjs', 'renderer/index.html'];
const SOURCES = ['main', 'shared', 'renderer'];
const SOURCE_FILES = [
  'electron.vite.config.ts',
  'vite.web.config.ts',
  'renderer.config.ts',
  'package.json',
  'svelte.config.js',
];

function newestMtime(path: string): number {
  const stats = statSync(path);
  if (!stats.isDirectory()) return stats.mtimeMs;
  let newest = stats.mtimeMs;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

function oldestOutput(): number {
  let oldest = Infinity;
  for (const output of OUTPUTS) {
    const path = join(OUT, output);
    if (!existsSync(path)) return 0;
    oldest = Math.min(oldest, statSync(path).mtimeMs);
  }
  return oldest;
}

function newestSource(): number {
  const paths = [...SOURCES, ...SOURCE_FILES].map((p) => join(REPO_ROOT, p)).filter((p) => existsSync(p));
  return Math.max(...paths.map(newestMtime));
}

/** Builds out/ when stale; returns a fresh private copy of it (main/, preload/, renderer/). */
export function snapshotDesktopBuild(): string {
  if (oldestOutput() < newestSource()) {
    process.stderr.write('[desktop] out/ is missing or stale: npm run build\n');
    // A production build, as users get, though vitest runs this with NODE_ENV=test.
    const result = spawnSync('npm', ['run', '--silent', 'build'], {
      cwd: REPO_ROOT,
      stdio: ['ignore', 'ignore', 'inherit'],
      env: { ...process.env, NODE_ENV: 'production' },
    });
    if (result.status !== 0) throw new Error('npm run build failed');
  }
  const snapshot = mkdtempSync(join(tmpdir(), 'gavel-desktop-app-'));
  for (const dir of ['main', 'preload', 'renderer']) cpSync(join(OUT, dir), join(snapshot, dir), { recursive: true });
  // As in the packaged app (app.asar holds it too): it makes out/main/index.js an ES module.
  cpSync(join(REPO_ROOT, 'package.json'), join(snapshot, 'package.json'));
  for (const output of OUTPUTS) {
    if (!existsSync(join(snapshot, output))) {
      rmSync(snapshot, { recursive: true, force: true });
      throw new Error(`out/${output} vanished while it was copied (another run rebuilt out/?)`);
    }
  }
  return snapshot;
}
