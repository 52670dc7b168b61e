// Where a packaged Gavel is, for the smoke test (test/smoke/packaged-app.mjs). Pure
// functions of (platform, arch, path flavour) so that test/unit/packaging/app-path.test.ts
// runs the Windows and macOS cases on any machine: a path built the POSIX way on Windows
// (`new URL(...).pathname` gives `/D:/a/...`) fails there, not on the release runner.
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The path module that matches `platform`: Windows paths for win32, POSIX paths otherwise. */
export function pathFor(platform) {
  return platform === 'win32' ? path.win32 : path.posix;
}

/** The repository root (two folders above test/smoke/) as a path of `platform`. */
export function repoRoot(moduleUrl, platform = process.platform) {
  return fileURLToPath(new URL('../..', moduleUrl), { windows: platform === 'win32' });
}

/**
 * The folders electron-builder leaves the unpacked app in under dist/, best first for a
 * machine of `arch`: x64 is the default arch and gets no suffix (win-unpacked, mac,
 * linux-unpacked); other archs do (win-arm64-unpacked, mac-arm64, linux-arm64-unpacked).
 */
export function unpackedDirs(platform, arch) {
  const suffix = arch === 'x64' ? '' : `-${arch}`;
  if (platform === 'win32') return [`win${suffix}-unpacked`];
  // A universal build runs natively on both; x64 on Apple silicon only under Rosetta, so not listed.
  if (platform === 'darwin') return [arch === 'x64' ? 'mac' : `mac${suffix}`, 'mac-universal'];
  return [`linux${suffix}-unpacked`];
}

/** The file to start, given an installed or unpacked app folder, or (macOS) a Gavel.app bundle. */
export function executableIn(appPath, platform) {
  const p = pathFor(platform);
  if (platform === 'win32') return p.join(appPath, 'Gavel.exe');
  if (platform === 'darwin') {
    const bundle = appPath.endsWith('.app') ? appPath : p.join(appPath, 'Gavel.app');
    return p.join(bundle, 'Contents', 'MacOS', 'Gavel');
  }
  return p.join(appPath, 'gavel');
}

/**
 * The executable to smoke-test. `given` (the script's argument) may be the executable, the
 * folder it is in, or a .app bundle; without it, the unpacked build for this arch under dist/.
 * `isFile(path)` tells whether a file (not a folder) is there. Throws, naming every path it
 * tried, when none is.
 */
export function findExecutable({ root, platform, arch, given, isFile }) {
  const p = pathFor(platform);
  const tried = [];
  const candidates = given
    ? [given, executableIn(given, platform)]
    : unpackedDirs(platform, arch).map((dir) => executableIn(p.join(root, 'dist', dir), platform));
  for (const candidate of candidates) {
    tried.push(candidate);
    if (isFile(candidate)) return candidate;
  }
  throw new Error(`no packaged Gavel found; tried:\n  ${tried.join('\n  ')}`);
}

/** Electron's default userData folder for an app named Gavel (used only when --user-data-dir was ignored). */
export function defaultUserDataDir(platform, env, home) {
  const p = pathFor(platform);
  if (platform === 'win32') return p.join(env.APPDATA ?? p.join(home, 'AppData', 'Roaming'), 'Gavel');
  if (platform === 'darwin') return p.join(home, 'Library', 'Application Support', 'Gavel');
  return p.join(env.XDG_CONFIG_HOME ?? p.join(home, '.config'), 'Gavel');
}

/** Where the app journals an auction: userData/auctions/<id>/journal.jsonl (main/index.ts, main/host/journal.ts). */
export function journalCandidates({ platform, userDataDir, env, home, auctionId }) {
  const p = pathFor(platform);
  return [userDataDir, defaultUserDataDir(platform, env, home)].map((dir) =>
    p.join(dir, 'auctions', auctionId, 'journal.jsonl'),
  );
}
