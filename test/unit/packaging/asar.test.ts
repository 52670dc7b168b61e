import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { extractFile, listPackage } from '@electron/asar';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * Packages the app for Linux the way a release does (`npm run build`, then
 * electron-builder --dir) and checks what went into app.asar. The Electron
 * binary cannot be downloaded on the development machines or in CI, so electron-builder gets a
 * stand-in `electronDist`: a script carrying Electron's fuse wire, so the fuse
 * step runs for real too. Builds into out/ like `npm run build`; packages into a temp dir.
 */

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const BIN = join(ROOT, 'node_modules', '.bin');
const FUSE_SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
/** Electron's own defaults for the 8 V1 fuses, as '0'/'1'. */
const DEFAULT_FUSES = '10110001';

let work: string;
let asar: string;
let entries: string[];

function makeStandInElectron(dir: string): void {
  mkdirSync(join(dir, 'resources'), { recursive: true });
  mkdirSync(join(dir, 'locales'), { recursive: true });
  const wire = Buffer.concat([
    Buffer.from('#!/bin/sh\n# Stand-in for the Electron binary (tests only). Fuse wire: '),
    Buffer.from(FUSE_SENTINEL),
    Buffer.from([1, DEFAULT_FUSES.length]),
    Buffer.from(`${DEFAULT_FUSES}\nexit 0\n`),
  ]);
  writeFileSync(join(dir, 'electron'), wire);
  chmodSync(join(dir, 'electron'), 0o755);
  writeFileSync(join(dir, 'version'), '45.5.0');
}

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'gavel-package-'));
  const electronDist = join(work, 'electron-dist');
  makeStandInElectron(electronDist);
  const env = { ...process.env, ELECTRON_SKIP_BINARY_DOWNLOAD: '1', CSC_IDENTITY_AUTO_DISCOVERY: 'false' };
  // `npm run build`: electron-vite for main and preload, then vite for the one renderer bundle.
  execFileSync(join(BIN, 'electron-vite'), ['build'], { cwd: ROOT, env, stdio: 'pipe' });
  execFileSync(join(BIN, 'vite'), ['build', '--config', 'vite.web.config.ts'], { cwd: ROOT, env, stdio: 'pipe' });
  execFileSync(
    join(BIN, 'electron-builder'),
    [
      '--linux',
      '--dir',
      '--x64',
      `-c.electronDist=${electronDist}`,
      `-c.directories.output=${join(work, 'dist')}`,
      '--publish=never',
    ],
    { cwd: ROOT, env, stdio: 'pipe' },
  );
  asar = join(work, 'dist', 'linux-unpacked', 'resources', 'app.asar');
  entries = listPackage(asar, { isPack: false }).map((e) => e.replaceAll('\\', '/'));
}, 240_000);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('app.asar', () => {
  it('holds the built main, preload and renderer, and package.json', () => {
    expect(entries).toEqual(
      expect.arrayContaining([
        '/out/main/index.js',
        '/out/preload/index.cjs',
        '/out/renderer/index.html',
        '/package.json',
      ]),
    );
    expect(entries.some((e) => /^\/out\/renderer\/assets\/.+\.js$/.test(e))).toBe(true);
    const pkg = JSON.parse(extractFile(asar, 'package.json').toString('utf8')) as { main: string };
    expect(pkg.main).toBe('out/main/index.js');
  });

  it('holds the runtime dependencies and what they need', () => {
    for (const dep of ['socket.io', 'bonjour-service', 'electron-updater', 'engine.io', 'ws', 'multicast-dns']) {
      expect(entries, dep).toContain(`/node_modules/${dep}/package.json`);
    }
  });

  it('holds no sources, tests, build resources or source maps', () => {
    const outside = entries.filter(
      (e) => !e.startsWith('/out') && !e.startsWith('/node_modules') && e !== '/package.json',
    );
    expect(outside).toEqual([]);
    const ours = entries.filter((e) => !e.startsWith('/node_modules'));
    expect(ours.filter((e) => /\.(ts|svelte|map)$/.test(e))).toEqual([]);
    expect(entries.filter((e) => /^\/(main|shared|renderer|test|build|scripts)(\/|$)/.test(e))).toEqual([]);
  });

  it('holds no dev dependencies and no type declarations', () => {
    const packages = new Set(entries.map((e) => /^\/node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(e)?.[1]).filter(Boolean));
    for (const dev of [
      'svelte',
      'vite',
      'vitest',
      'electron',
      'electron-builder',
      'electron-vite',
      'typescript',
      '@sveltejs/vite-plugin-svelte',
      'playwright-core',
      'socket.io-client',
      'eslint',
      '@types/node',
    ]) {
      expect(packages.has(dev), dev).toBe(false);
    }
    expect(entries.filter((e) => e.endsWith('.d.ts'))).toEqual([]);
  });
});

describe('the packaged binary', () => {
  it('has the fuses flipped as electron-builder.yml says', () => {
    const binary = readFileSync(join(work, 'dist', 'linux-unpacked', 'gavel'));
    const at = binary.indexOf(FUSE_SENTINEL) + FUSE_SENTINEL.length;
    const wire = binary.subarray(at + 2, at + 2 + DEFAULT_FUSES.length).toString('latin1');
    // RunAsNode off, cookie encryption on, NODE_OPTIONS off, --inspect off (the smoke test
    // uses the renderer's remote debugging instead), asar integrity on, only-load-from-asar
    // on, V8 snapshot untouched, file:// privileges off.
    expect(wire).toBe('01001100');
  });
});
