/**
 * "Check for Updates…" in the app menu: opt-in, and never in the way of an auction.
 *
 * - Nothing happens until the user picks the menu item: no check at start-up, no timer.
 * - A check that fails (offline, GitHub unreachable, no release yet) says so in a message,
 *   never with an error dialog or an exception.
 * - A newer version is only announced. The user may open its release page (every OS) or,
 *   where the app can install itself (the Windows installer), download it in the background.
 * - Nothing downloads, installs or restarts on its own. A downloaded update is installed
 *   only when the user quits Gavel while no auction is hosted; a quit while hosting keeps it
 *   for a later quit.
 *
 * electron-updater is reached only through `loadBackend`, and every Electron call through
 * the other dependencies, so the whole behaviour is unit-tested without Electron.
 */

/** The part of electron-updater's AppUpdater used here. */
export interface UpdaterBackend {
  autoDownload: boolean;
  autoInstallOnAppQuit: boolean;
  checkForUpdates(): Promise<{
    readonly isUpdateAvailable?: boolean;
    readonly updateInfo: { readonly version: string };
  } | null>;
  downloadUpdate(): Promise<unknown>;
  on(event: 'error', listener: (error: Error) => void): unknown;
}

/** A message for the user: shown without a parent window, so it never blocks the console. */
export interface UpdateMessage {
  readonly kind: 'info' | 'question';
  readonly message: string;
  readonly detail: string;
  /** Labels; the last one is always the harmless choice (OK / Later). */
  readonly buttons: readonly string[];
}

export interface UpdaterDeps {
  /** Loads electron-updater (`(await import('electron-updater')).autoUpdater`) on the first check only. */
  readonly loadBackend: () => Promise<UpdaterBackend>;
  readonly currentVersion: string;
  /** Updates are checked only in a packaged app (electron-updater has no feed otherwise). */
  readonly isPackaged: boolean;
  /** True where the app can install a downloaded update itself (the Windows NSIS build). */
  readonly canInstallInApp: boolean;
  /** Whether an auction is hosted right now. */
  readonly isHosting: () => boolean;
  /** Shows a message; resolves with the index of the button picked. */
  readonly show: (message: UpdateMessage) => Promise<number>;
  /** Opens a URL in the user's browser (shell.openExternal). Only ever given release pages. */
  readonly openExternal: (url: string) => Promise<void>;
  /** The release page of a version, or null when the app does not know where releases are. */
  readonly releasePage: (version: string) => string | null;
  readonly log?: (message: string) => void;
}

export type UpdateState = 'idle' | 'checking' | 'downloading' | 'downloaded';

export type CheckOutcome =
  | 'not-packaged'
  | 'busy'
  | 'up-to-date'
  | 'unreachable'
  | 'available'
  | 'opened-release-page'
  | 'downloading'
  | 'already-downloaded';

export interface UpdateChecker {
  readonly state: UpdateState;
  /** The menu action. Never rejects. */
  checkForUpdates(): Promise<CheckOutcome>;
  /**
   * Call at the start of the app's `before-quit`, only when the user asked to quit (not on the
   * app's own second `before-quit` after the host has stopped): a downloaded update installs
   * on this quit only if no auction is hosted now.
   */
  beforeQuit(): void;
}

const RELEASE_PAGE = /^https:\/\/github\.com\/[\w.-]+\/[\w.-]+\/releases(\/|$)/;

export function createUpdateChecker(deps: UpdaterDeps): UpdateChecker {
  const log = deps.log ?? (() => {});
  let state: UpdateState = 'idle';
  let backend: UpdaterBackend | null = null;
  let downloadedVersion: string | null = null;

  const getBackend = async (): Promise<UpdaterBackend> => {
    if (!backend) {
      const loaded = await deps.loadBackend();
      loaded.autoDownload = false;
      loaded.autoInstallOnAppQuit = false;
      // An EventEmitter 'error' without a listener would throw out of the app.
      loaded.on('error', (err) => log(`update check: ${err.message}`));
      backend = loaded;
    }
    return backend;
  };

  const info = (message: string, detail: string): Promise<number> =>
    deps.show({ kind: 'info', message, detail, buttons: ['OK'] });

  async function offerUpdate(b: UpdaterBackend, version: string): Promise<CheckOutcome> {
    const page = deps.releasePage(version);
    const safePage = page !== null && RELEASE_PAGE.test(page) ? page : null;
    const choices: { label: string; run: () => Promise<CheckOutcome> }[] = [];
    if (deps.canInstallInApp) {
      choices.push({
        label: 'Download',
        run: async () => {
          state = 'downloading';
          // electron-updater registers its install-on-quit handler when a download completes,
          // and only if this flag is set then; from then on beforeQuit() decides each quit.
          b.autoInstallOnAppQuit = true;
          void b.downloadUpdate().then(
            () => {
              b.autoInstallOnAppQuit = false;
              state = 'downloaded';
              downloadedVersion = version;
              log(`update ${version} downloaded; it installs when Gavel quits while no auction is hosted`);
            },
            (err: unknown) => {
              b.autoInstallOnAppQuit = false;
              state = 'idle';
              log(`update download failed: ${err instanceof Error ? err.message : String(err)}`);
            },
          );
          return 'downloading';
        },
      });
    }
    if (safePage) {
      choices.push({
        label: 'Open Release Page',
        run: async () => {
          await deps.openExternal(safePage);
          return 'opened-release-page';
        },
      });
    }
    const detail = deps.canInstallInApp
      ? 'Download fetches it in the background; it installs when you quit Gavel while no auction is hosted. ' +
        'Nothing restarts on its own.'
      : safePage
        ? 'The release page has the installer for this computer.'
        : 'Download it from the project’s releases page.';
    const picked = await deps.show({
      kind: 'question',
      message: `Gavel ${version} is available (you have ${deps.currentVersion}).`,
      detail,
      buttons: [...choices.map((c) => c.label), 'Later'],
    });
    const choice = choices[picked];
    return choice ? choice.run() : 'available';
  }

  async function check(): Promise<CheckOutcome> {
    if (!deps.isPackaged) {
      await info('Updates are checked in an installed Gavel.', 'This copy runs from its sources.');
      return 'not-packaged';
    }
    if (state === 'checking') return 'busy';
    if (state === 'downloading') {
      await info('An update is downloading.', 'It installs when you quit Gavel while no auction is hosted.');
      return 'busy';
    }
    if (state === 'downloaded') {
      await info(
        `Gavel ${downloadedVersion ?? ''} is ready to install.`.replace('  ', ' '),
        'It installs when you quit Gavel while no auction is hosted.',
      );
      return 'already-downloaded';
    }
    state = 'checking';
    let result: Awaited<ReturnType<UpdaterBackend['checkForUpdates']>>;
    try {
      const b = await getBackend();
      result = await b.checkForUpdates();
    } catch (err) {
      state = 'idle';
      log(`update check failed: ${err instanceof Error ? err.message : String(err)}`);
      await info(
        'Gavel could not check for updates.',
        'The releases page could not be reached: this computer may be offline, or on a network without internet. ' +
          'Auctions on the local network are not affected.',
      );
      return 'unreachable';
    }
    state = 'idle';
    const latest = result?.updateInfo.version;
    const newer =
      result !== null && latest !== undefined && (result.isUpdateAvailable ?? latest !== deps.currentVersion);
    if (!newer || !backend) {
      await info('Gavel is up to date.', `You have version ${deps.currentVersion}.`);
      return 'up-to-date';
    }
    return offerUpdate(backend, latest);
  }

  return {
    get state() {
      return state;
    },
    async checkForUpdates() {
      try {
        return await check();
      } catch (err) {
        // A message box or the browser failed: nothing to tell the user that would help.
        state = state === 'checking' ? 'idle' : state;
        log(`update check: ${err instanceof Error ? err.message : String(err)}`);
        return 'unreachable';
      }
    },
    beforeQuit() {
      if (!backend) return;
      const install = state === 'downloaded' && !deps.isHosting();
      backend.autoInstallOnAppQuit = install;
      if (state === 'downloaded') {
        log(install ? 'installing the downloaded update on quit' : 'quitting while hosting: the update waits');
      }
    },
  };
}

/**
 * The release page of `version`, from the app-update.yml that electron-builder writes into
 * the app's resources (`provider: github`, `owner`, `repo`); null when it is not GitHub.
 */
export function releasePageFromUpdateConfig(yaml: string, version: string): string | null {
  const field = (name: string): string | null => {
    const match = new RegExp(`^${name}:\\s*['"]?([\\w.-]+)['"]?\\s*$`, 'm').exec(yaml);
    return match?.[1] ?? null;
  };
  if (field('provider') !== 'github') return null;
  const owner = field('owner');
  const repo = field('repo');
  if (!owner || !repo || !/^[\w.+-]+$/.test(version)) return null;
  return `https://github.com/${owner}/${repo}/releases/tag/v${version}`;
}
