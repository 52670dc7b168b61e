import { describe, expect, it } from 'vitest';
import {
  defaultUserDataDir,
  executableIn,
  findExecutable,
  journalCandidates,
  repoRoot,
  unpackedDirs,
} from '../../smoke/app-path.mjs';

/**
 * The smoke test's path logic (test/smoke/app-path.mjs) under Windows, POSIX and the macOS
 * bundle layout, run here: the release runners are the only other place it runs.
 */

const onlyThese = (files: string[]) => (p: string) => files.includes(p);

describe('repoRoot', () => {
  it('gives a drive path on Windows, not /D:/…', () => {
    const root = repoRoot('file:///D:/a/gavel/gavel/test/smoke/packaged-app.mjs', 'win32');
    expect(root).toBe('D:\\a\\gavel\\gavel\\');
    expect(executableIn(`${root}dist\\win-unpacked`, 'win32')).toBe(
      'D:\\a\\gavel\\gavel\\dist\\win-unpacked\\Gavel.exe',
    );
  });

  it('decodes escaped characters (a space in the checkout path)', () => {
    expect(repoRoot('file:///C:/Users/Jane%20Doe/gavel/test/smoke/x.mjs', 'win32')).toBe(
      'C:\\Users\\Jane Doe\\gavel\\',
    );
    expect(repoRoot('file:///Users/jane/My%20Code/gavel/test/smoke/x.mjs', 'darwin')).toBe(
      '/Users/jane/My Code/gavel/',
    );
  });

  it('gives a POSIX path elsewhere', () => {
    expect(repoRoot('file:///home/runner/work/gavel/gavel/test/smoke/packaged-app.mjs', 'linux')).toBe(
      '/home/runner/work/gavel/gavel/',
    );
  });
});

describe('findExecutable without an argument: the unpacked build for this arch', () => {
  it('Windows x64 and arm64', () => {
    const root = 'D:\\a\\gavel\\gavel';
    const x64 = 'D:\\a\\gavel\\gavel\\dist\\win-unpacked\\Gavel.exe';
    const arm = 'D:\\a\\gavel\\gavel\\dist\\win-arm64-unpacked\\Gavel.exe';
    const isFile = onlyThese([x64, arm]);
    expect(findExecutable({ root, platform: 'win32', arch: 'x64', isFile })).toBe(x64);
    expect(findExecutable({ root, platform: 'win32', arch: 'arm64', isFile })).toBe(arm);
  });

  it('macOS picks the build for the machine: mac-arm64 on Apple silicon, mac on Intel', () => {
    const root = '/Users/runner/work/gavel/gavel';
    const arm = `${root}/dist/mac-arm64/Gavel.app/Contents/MacOS/Gavel`;
    const intel = `${root}/dist/mac/Gavel.app/Contents/MacOS/Gavel`;
    const isFile = onlyThese([arm, intel]);
    expect(findExecutable({ root, platform: 'darwin', arch: 'arm64', isFile })).toBe(arm);
    expect(findExecutable({ root, platform: 'darwin', arch: 'x64', isFile })).toBe(intel);
    // Never the other arch's build (Intel code on Apple silicon would need Rosetta).
    expect(unpackedDirs('darwin', 'arm64')).not.toContain('mac');
    expect(unpackedDirs('darwin', 'x64')).not.toContain('mac-arm64');
  });

  it('Linux', () => {
    const root = '/home/runner/work/gavel/gavel';
    const exe = `${root}/dist/linux-unpacked/gavel`;
    expect(findExecutable({ root, platform: 'linux', arch: 'x64', isFile: onlyThese([exe]) })).toBe(exe);
  });

  it('names every path it tried when there is no build', () => {
    expect(() => findExecutable({ root: 'D:\\a', platform: 'win32', arch: 'x64', isFile: () => false })).toThrow(
      /D:\\a\\dist\\win-unpacked\\Gavel\.exe/,
    );
  });
});

describe('findExecutable with an argument: an installed app', () => {
  it('Windows: the executable, or the folder it was installed to', () => {
    const exe = 'C:\\Users\\runneradmin\\AppData\\Local\\Temp\\gavel-install\\Gavel.exe';
    const isFile = onlyThese([exe]);
    expect(findExecutable({ root: 'D:\\a', platform: 'win32', arch: 'x64', given: exe, isFile })).toBe(exe);
    expect(
      findExecutable({
        root: 'D:\\a',
        platform: 'win32',
        arch: 'x64',
        given: 'C:\\Users\\runneradmin\\AppData\\Local\\Temp\\gavel-install',
        isFile,
      }),
    ).toBe(exe);
  });

  it('macOS: a Gavel.app bundle copied out of the dmg, or the folder holding it', () => {
    const exe = '/tmp/gavel-smoke/Gavel.app/Contents/MacOS/Gavel';
    const isFile = onlyThese([exe]);
    for (const given of ['/tmp/gavel-smoke/Gavel.app', '/tmp/gavel-smoke', exe]) {
      expect(findExecutable({ root: '/r', platform: 'darwin', arch: 'arm64', given, isFile })).toBe(exe);
    }
  });
});

describe('where the journal is', () => {
  it('under the --user-data-dir first, then the default userData folder of each OS', () => {
    const auctionId = '20261125-1930-a1b2c3';
    expect(
      journalCandidates({
        platform: 'win32',
        userDataDir: 'C:\\Temp\\gavel-smoke-1',
        env: { APPDATA: 'C:\\Users\\me\\AppData\\Roaming' },
        home: 'C:\\Users\\me',
        auctionId,
      }),
    ).toEqual([
      `C:\\Temp\\gavel-smoke-1\\auctions\\${auctionId}\\journal.jsonl`,
      `C:\\Users\\me\\AppData\\Roaming\\Gavel\\auctions\\${auctionId}\\journal.jsonl`,
    ]);
    expect(defaultUserDataDir('darwin', {}, '/Users/me')).toBe('/Users/me/Library/Application Support/Gavel');
    expect(defaultUserDataDir('linux', {}, '/home/me')).toBe('/home/me/.config/Gavel');
    expect(defaultUserDataDir('linux', { XDG_CONFIG_HOME: '/x' }, '/home/me')).toBe('/x/Gavel');
  });
});
