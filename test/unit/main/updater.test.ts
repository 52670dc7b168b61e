import { describe, expect, it, vi } from 'vitest';
import {
  createUpdateChecker,
  releasePageFromUpdateConfig,
  type UpdateMessage,
  type UpdaterBackend,
  type UpdaterDeps,
} from '../../../main/updater';

/** A stand-in for electron-updater's autoUpdater. */
function fakeBackend(check: UpdaterBackend['checkForUpdates']) {
  let finishDownload: (() => void) | null = null;
  let failDownload: ((err: Error) => void) | null = null;
  const backend = {
    autoDownload: true,
    autoInstallOnAppQuit: true,
    checkForUpdates: vi.fn(check),
    downloadUpdate: vi.fn(
      () =>
        new Promise<string[]>((resolve, reject) => {
          finishDownload = () => resolve(['Gavel-Setup.exe']);
          failDownload = reject;
        }),
    ),
    on: vi.fn(),
  };
  return {
    backend,
    finishDownload: () => finishDownload?.(),
    failDownload: (err: Error) => failDownload?.(err),
  };
}

const available = async () => ({ isUpdateAvailable: true, updateInfo: { version: '0.2.0' } });
const settle = () => new Promise((resolve) => setImmediate(resolve));

function setup(overrides: Partial<UpdaterDeps> = {}, check: UpdaterBackend['checkForUpdates'] = available) {
  const fake = fakeBackend(check);
  const shown: UpdateMessage[] = [];
  let answer = (_m: UpdateMessage) => _m.buttons.length - 1; // "Later" / "OK"
  let hosting = false;
  const deps: UpdaterDeps = {
    loadBackend: vi.fn(async () => fake.backend),
    currentVersion: '0.1.0',
    isPackaged: true,
    canInstallInApp: true,
    isHosting: () => hosting,
    show: vi.fn(async (m: UpdateMessage) => {
      shown.push(m);
      return answer(m);
    }),
    openExternal: vi.fn(async () => {}),
    releasePage: (v) => `https://github.com/gavel-app/gavel/releases/tag/v${v}`,
    ...overrides,
  };
  const checker = createUpdateChecker(deps);
  return {
    ...fake,
    deps,
    checker,
    shown,
    pick: (label: string) => (answer = (m) => m.buttons.indexOf(label)),
    setHosting: (value: boolean) => (hosting = value),
  };
}

describe('Check for Updates', () => {
  it('does nothing until asked: electron-updater is not even loaded', () => {
    const t = setup();
    expect(t.deps.loadBackend).not.toHaveBeenCalled();
    expect(t.checker.state).toBe('idle');
  });

  it('never downloads or installs by itself', async () => {
    const t = setup();
    expect(await t.checker.checkForUpdates()).toBe('available'); // the user picked "Later"
    expect(t.backend.autoDownload).toBe(false);
    expect(t.backend.autoInstallOnAppQuit).toBe(false);
    expect(t.backend.downloadUpdate).not.toHaveBeenCalled();
    expect(t.backend.on).toHaveBeenCalledWith('error', expect.any(Function));
  });

  it('says so when the app is up to date', async () => {
    const t = setup({}, async () => ({ isUpdateAvailable: false, updateInfo: { version: '0.1.0' } }));
    expect(await t.checker.checkForUpdates()).toBe('up-to-date');
    expect(t.shown.at(-1)).toMatchObject({ kind: 'info', message: 'Gavel is up to date.', buttons: ['OK'] });
  });

  it('treats "no answer" from electron-updater (inactive updater) as up to date', async () => {
    const t = setup({}, async () => null);
    expect(await t.checker.checkForUpdates()).toBe('up-to-date');
  });

  it('works offline: a failed check is a message, not an error, and a later check runs again', async () => {
    const t = setup({}, async () => {
      throw new Error('net::ERR_INTERNET_DISCONNECTED');
    });
    await expect(t.checker.checkForUpdates()).resolves.toBe('unreachable');
    expect(t.shown.at(-1)).toMatchObject({ kind: 'info', message: 'Gavel could not check for updates.' });
    expect(t.shown.at(-1)?.detail).toMatch(/offline/);
    expect(t.checker.state).toBe('idle');
    await expect(t.checker.checkForUpdates()).resolves.toBe('unreachable');
    expect(t.backend.checkForUpdates).toHaveBeenCalledTimes(2);
  });

  it('works when electron-updater itself cannot load', async () => {
    const t = setup({
      loadBackend: async () => {
        throw new Error('no app-update.yml');
      },
    });
    await expect(t.checker.checkForUpdates()).resolves.toBe('unreachable');
  });

  it('never rejects, even if the message box fails', async () => {
    const t = setup({
      show: async () => {
        throw new Error('no display');
      },
    });
    await expect(t.checker.checkForUpdates()).resolves.toBe('unreachable');
  });

  it('is not checked in an unpackaged run', async () => {
    const t = setup({ isPackaged: false });
    expect(await t.checker.checkForUpdates()).toBe('not-packaged');
    expect(t.deps.loadBackend).not.toHaveBeenCalled();
  });

  it('tells which version is newer and offers its release page', async () => {
    const t = setup({ canInstallInApp: false });
    t.pick('Open Release Page');
    expect(await t.checker.checkForUpdates()).toBe('opened-release-page');
    expect(t.shown.at(-1)).toMatchObject({
      kind: 'question',
      message: 'Gavel 0.2.0 is available (you have 0.1.0).',
      buttons: ['Open Release Page', 'Later'],
    });
    expect(t.deps.openExternal).toHaveBeenCalledWith('https://github.com/gavel-app/gavel/releases/tag/v0.2.0');
  });

  it('opens nothing but a GitHub release page', async () => {
    const t = setup({ canInstallInApp: false, releasePage: () => 'file:///etc/passwd' });
    await t.checker.checkForUpdates();
    expect(t.shown.at(-1)?.buttons).toEqual(['Later']);
    expect(t.deps.openExternal).not.toHaveBeenCalled();
  });

  it('downloads in the background only when asked, and installs only on a quit while not hosting', async () => {
    const t = setup();
    t.pick('Download');
    expect(await t.checker.checkForUpdates()).toBe('downloading');
    expect(t.backend.downloadUpdate).toHaveBeenCalledTimes(1);
    expect(t.checker.state).toBe('downloading');

    // A quit during the download installs nothing.
    t.checker.beforeQuit();
    expect(t.backend.autoInstallOnAppQuit).toBe(false);

    t.finishDownload();
    await settle();
    expect(t.checker.state).toBe('downloaded');
    expect(t.backend.autoInstallOnAppQuit).toBe(false); // still nothing until a quit

    // Quitting while hosting keeps the update for later.
    t.setHosting(true);
    t.checker.beforeQuit();
    expect(t.backend.autoInstallOnAppQuit).toBe(false);

    // Quitting with no auction hosted installs it.
    t.setHosting(false);
    t.checker.beforeQuit();
    expect(t.backend.autoInstallOnAppQuit).toBe(true);
  });

  it('does not download twice, and says the update waits for a quit', async () => {
    const t = setup();
    t.pick('Download');
    await t.checker.checkForUpdates();
    expect(await t.checker.checkForUpdates()).toBe('busy');
    t.finishDownload();
    await settle();
    expect(await t.checker.checkForUpdates()).toBe('already-downloaded');
    expect(t.shown.at(-1)?.message).toBe('Gavel 0.2.0 is ready to install.');
    expect(t.backend.downloadUpdate).toHaveBeenCalledTimes(1);
  });

  it('returns to idle when a download fails, so the user can try again', async () => {
    const t = setup();
    t.pick('Download');
    await t.checker.checkForUpdates();
    t.failDownload(new Error('net::ERR_CONNECTION_RESET'));
    await settle();
    expect(t.checker.state).toBe('idle');
    expect(t.backend.autoInstallOnAppQuit).toBe(false);
  });

  it('offers no download where the app cannot install itself', async () => {
    const t = setup({ canInstallInApp: false });
    await t.checker.checkForUpdates();
    expect(t.shown.at(-1)?.buttons).not.toContain('Download');
  });
});

describe('releasePageFromUpdateConfig', () => {
  it('reads owner and repo from the app-update.yml electron-builder writes', () => {
    const yml =
      'owner: gavel-app\nrepo: gavel\nprovider: github\nreleaseType: draft\nupdaterCacheDirName: gavel-updater\n';
    expect(releasePageFromUpdateConfig(yml, '0.2.0')).toBe('https://github.com/gavel-app/gavel/releases/tag/v0.2.0');
  });

  it('gives nothing for other providers or odd values', () => {
    expect(releasePageFromUpdateConfig('provider: generic\nurl: https://example.com\n', '0.2.0')).toBeNull();
    expect(releasePageFromUpdateConfig('provider: github\nowner: a\n', '0.2.0')).toBeNull();
    expect(releasePageFromUpdateConfig('provider: github\nowner: a\nrepo: b\n', '0.2.0/../x')).toBeNull();
  });
});
