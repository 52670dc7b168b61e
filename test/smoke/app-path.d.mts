// Types for app-path.mjs (plain JavaScript so that the smoke test runs with bare `node`).
export type Platform = 'win32' | 'darwin' | 'linux' | NodeJS.Platform;
export function pathFor(platform: Platform): typeof import('node:path').win32;
export function repoRoot(moduleUrl: string | URL, platform?: Platform): string;
export function unpackedDirs(platform: Platform, arch: string): string[];
export function executableIn(appPath: string, platform: Platform): string;
export function findExecutable(options: {
  root: string;
  platform: Platform;
  arch: string;
  given?: string | undefined;
  isFile: (path: string) => boolean;
}): string;
export function defaultUserDataDir(platform: Platform, env: Record<string, string | undefined>, home: string): string;
export function journalCandidates(options: {
  platform: Platform;
  userDataDir: string;
  env: Record<string, string | undefined>;
  home: string;
  auctionId: string;
}): string[];
