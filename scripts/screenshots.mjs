#!/usr/bin/env node
// Refreshes docs/screenshots: runs the browser tests (which save every state
// at every size to test-results/screenshots/) and copies the images that
// docs/screenshots/README.md lists, removing any other PNG there. A listed
// image no test saved is an error: the README would name a picture that is
// not there.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const docs = join(root, 'docs', 'screenshots');
const saved = join(root, 'test-results', 'screenshots');

const listed = [...readFileSync(join(docs, 'README.md'), 'utf8').matchAll(/`([\w.-]+\.png)`/g)].map((m) => m[1]);
if (listed.length === 0) throw new Error('docs/screenshots/README.md lists no image');

if (!process.argv.includes('--copy-only')) {
  // A fresh folder, so an image an earlier run saved can never pass for this run's.
  rmSync(saved, { recursive: true, force: true });
  const env = { ...process.env };
  delete env.GAVEL_SCREENSHOT_DIR;
  const run = spawnSync('npx', ['vitest', 'run', '--project', 'e2e'], { cwd: root, env, stdio: 'inherit' });
  if (run.status !== 0) process.exit(run.status ?? 1);
}

const missing = listed.filter((name) => !existsSync(join(saved, name)));
if (missing.length > 0) {
  console.error(`No test saved these images that docs/screenshots/README.md lists:\n  ${missing.join('\n  ')}`);
  process.exit(1);
}
for (const name of readdirSync(docs)) if (name.endsWith('.png')) rmSync(join(docs, name));
for (const name of listed) copyFileSync(join(saved, name), join(docs, name));
console.log(`docs/screenshots: ${listed.length} images refreshed from test-results/screenshots`);
