import { register } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

/**
 * One Gavel desktop app: the built main process (a snapshot of out/, see
 * build.ts) with `electron` and `bonjour-service` resolved to the stand-ins.
 * Forked by desktop.ts with an IPC channel; run with `--import tsx` so the
 * stand-ins can be TypeScript.
 *
 * Environment: GAVEL_STANDIN_APP_DIR (the snapshot: main/, preload/,
 * renderer/), GAVEL_STANDIN_USER_DATA, GAVEL_STANDIN_HOME.
 */

const appDir = process.env.GAVEL_STANDIN_APP_DIR;
if (!appDir) throw new Error('GAVEL_STANDIN_APP_DIR is not set');

const here = new URL('./', import.meta.url);
register('./loader-hooks.mjs', import.meta.url, {
  data: {
    standIns: {
      electron: new URL('electron-stand-in.ts', here).href,
      'bonjour-service': new URL('bonjour-stand-in.ts', here).href,
    },
    snapshotUrl: pathToFileURL(appDir).href,
    repoUrl: new URL('../../../package.json', here).href,
  },
});

const { reportStandInError } = await import('./child-channel');
// Electron's main process survives both (it shows a dialog or prints a warning); the test is told.
process.on('uncaughtException', (err) => reportStandInError(`uncaught exception in main: ${err.stack ?? err}`));
process.on('unhandledRejection', (reason) =>
  reportStandInError(`unhandled rejection in main: ${reason instanceof Error ? reason.stack : String(reason)}`),
);

const { becomeReady } = await import('./electron-stand-in');
// Loaded here (through tsx) so that the app's later `import('bonjour-service')` finds it by URL.
await import('./bonjour-stand-in');
await import(pathToFileURL(join(appDir, 'main', 'index.js')).href);
becomeReady();
