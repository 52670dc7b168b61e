import { readFileSync } from 'node:fs';
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, BrowserWindow, dialog, ipcMain, net, powerSaveBlocker, protocol, session, shell } from 'electron';
import type { MessageBoxOptions } from 'electron';
import type { AppUpdater } from 'electron-updater';
import { registerAppProtocol, APP_SCHEME_PRIVILEGES } from './app-protocol';
import { readCatalogImages } from './catalog-images';
import { createDesktopDiscovery, createNoDiscovery, type DesktopDiscovery } from './discovery';
import { createBonjourTransport } from './host/discovery';
import { startHost } from './host/host-server';
import { listAuctions } from './host/journal';
import { auctionDir } from './host/journal';
import { HostingService } from './hosting';
import { pushTo, registerIpc, type InvokeHandlers } from './ipc';
import type { MenuCommand } from './ipc-contract';
import { installMenu } from './menu';
import { PowerGuard } from './power';
import { closeQuitsApp, quitQuestion } from './quit-guard';
import { APP_ORIGIN, buildCsp, lockDownContents, restrictPermissions, restrictRequests } from './security';
import { createUpdateChecker, releasePageFromUpdateConfig, type UpdateChecker } from './updater';
import { closeProjectorWindow, createMainWindow, openProjectorWindow } from './windows';

/**
 * App lifecycle: one instance, one main window, the embedded host stopped
 * cleanly (journal flushed, mDNS goodbye sent) before the process exits.
 */

const MAX_CSV_BYTES = 20_000_000;

const here = dirname(fileURLToPath(import.meta.url));
/** electron-vite's layout: out/main/index.js, out/preload/index.cjs, out/renderer/index.html. */
const PRELOAD_PATH = join(here, '../preload/index.cjs');
const RENDERER_DIR = join(here, '../renderer');

function log(message: string): void {
  process.stderr.write(`[gavel] ${message}\n`);
}

/** Only in development (`electron-vite dev`), never in a packaged app. */
function getDevServerUrl(): string | null {
  return !app.isPackaged && process.env.ELECTRON_RENDERER_URL ? process.env.ELECTRON_RENDERER_URL : null;
}

export function bootstrap(): void {
  // A second copy would fight over port 4700 and the journals: hand over to the first one.
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return;
  }

  // Must happen before `ready`: app:// gets an origin of its own, like https.
  protocol.registerSchemesAsPrivileged([APP_SCHEME_PRIVILEGES]);

  let mainWindow: BrowserWindow | null = null;
  let discovery: DesktopDiscovery = createNoDiscovery();
  let hosting: HostingService | null = null;
  let updates: UpdateChecker | null = null;
  let isShuttingDown = false;
  /** The organiser said yes to stopping the hosted auction (or nothing was hosted). */
  let quitConfirmed = false;
  let isAskingToQuit = false;

  const focusMainWindow = (): void => {
    if (!mainWindow || mainWindow.isDestroyed()) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.show();
    mainWindow.focus();
  };

  app.on('second-instance', focusMainWindow);

  // Every web contents, whatever made it, gets the same lock-down (navigation, popups, webviews).
  app.on('web-contents-created', (_event, contents) => lockDownContents(contents));

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });

  /** Asks before quitting takes a hosted auction away from the room; true to go ahead. */
  const confirmStopHosting = async (): Promise<boolean> => {
    const question = quitQuestion(hosting?.current?.auctionName ?? null);
    if (!question) return true;
    const options: MessageBoxOptions = {
      type: 'warning',
      message: question.message,
      detail: question.detail,
      buttons: [...question.buttons],
      defaultId: 0,
      cancelId: 0,
      noLink: true,
    };
    const window = mainWindow && !mainWindow.isDestroyed() ? mainWindow : null;
    const { response } = window ? await dialog.showMessageBox(window, options) : await dialog.showMessageBox(options);
    return response === 1;
  };

  app.on('before-quit', (event) => {
    if (!isShuttingDown) updates?.beforeQuit();
    if (isShuttingDown || !hosting) return;
    event.preventDefault();
    if (isAskingToQuit) return;
    const service = hosting;
    void (async () => {
      if (!quitConfirmed) {
        isAskingToQuit = true;
        const goAhead = await confirmStopHosting().finally(() => (isAskingToQuit = false));
        if (!goAhead) return;
        quitConfirmed = true;
      }
      isShuttingDown = true;
      try {
        await service.stop();
        await discovery.close();
      } catch (err) {
        log(`shutdown: ${String(err)}`);
      } finally {
        app.quit();
      }
    })();
  });

  void app.whenReady().then(async () => {
    const devServerUrl = getDevServerUrl();
    const dataDir = join(app.getPath('userData'), 'auctions');
    const stateFile = join(app.getPath('userData'), 'window-state.json');

    restrictPermissions(session.defaultSession, devServerUrl);
    restrictRequests(session.defaultSession, devServerUrl);
    registerAppProtocol(protocol, {
      root: RENDERER_DIR,
      csp: buildCsp({ devServerUrl }),
      fetchFile: (url) => net.fetch(url),
    });

    const mainContents = () => (mainWindow && !mainWindow.isDestroyed() ? mainWindow.webContents : null);
    const sendMenuCommand = (command: MenuCommand): void => {
      focusMainWindow();
      pushTo(mainContents(), 'menu:command', command);
    };

    try {
      discovery = createDesktopDiscovery({
        transport: await createBonjourTransport(log),
        onHostsChanged: (hosts) => pushTo(mainContents(), 'discovery:changed', hosts),
        log,
      });
    } catch (err) {
      log(`LAN discovery is off: ${String(err)}`);
    }

    const power = new PowerGuard(powerSaveBlocker);
    const watchedProjectors = new WeakSet<BrowserWindow>();
    const service = new HostingService({
      startHost,
      dataDir,
      staticDir: RENDERER_DIR,
      discovery,
      advertise: true,
      onChange: (info) => {
        power.setHosting(info !== null);
        pushTo(mainContents(), 'hosting:changed', info);
      },
      log,
    });
    hosting = service;

    // "Check for Updates…": opt-in, never during an auction's way (see updater.ts).
    updates = createUpdateChecker({
      loadBackend: async () =>
        (createRequire(import.meta.url)('electron-updater') as { autoUpdater: AppUpdater }).autoUpdater,
      currentVersion: app.getVersion(),
      isPackaged: app.isPackaged,
      canInstallInApp: process.platform === 'win32',
      isHosting: () => service.current !== null,
      // No parent window: the message is never modal over the console.
      show: async (message) =>
        (
          await dialog.showMessageBox({
            type: message.kind === 'question' ? 'question' : 'info',
            message: message.message,
            detail: message.detail,
            buttons: [...message.buttons],
            defaultId: 0,
            cancelId: message.buttons.length - 1,
            noLink: true,
          })
        ).response,
      openExternal: (url) => shell.openExternal(url),
      releasePage: (version) => {
        try {
          return releasePageFromUpdateConfig(
            readFileSync(join(process.resourcesPath, 'app-update.yml'), 'utf8'),
            version,
          );
        } catch {
          return null;
        }
      },
      log,
    });

    const revealJournalFolder = async (): Promise<void> => {
      const current = service.current;
      const folder = current ? auctionDir(dataDir, current.auctionId) : dataDir;
      await mkdir(folder, { recursive: true });
      const problem = await shell.openPath(folder);
      if (problem) throw new Error(problem);
    };

    /** The folder of the catalog CSV last opened through the dialog. */
    let catalogFolder: string | null = null;
    const handlers: InvokeHandlers = {
      'hosting:start': (request) => service.start(request),
      'hosting:stop': () => service.stop(),
      'hosting:current': () => service.current,
      'auctions:list': async () =>
        (await listAuctions(dataDir))
          .map(({ id, name, updatedAt, status }) => ({ id, name, updatedAt, status }))
          .sort((a, b) => b.updatedAt - a.updatedAt),
      'discovery:hosts': () => discovery.hosts(),
      'projector:open': (url) => {
        const projector = openProjectorWindow(url);
        power.setProjecting(true);
        if (!watchedProjectors.has(projector)) {
          watchedProjectors.add(projector);
          projector.once('closed', () => power.setProjecting(false));
        }
      },
      'file:open-csv': async () => {
        const options = {
          title: 'Import a catalog',
          properties: ['openFile' as const],
          filters: [
            { name: 'CSV', extensions: ['csv', 'tsv', 'txt'] },
            { name: 'All files', extensions: ['*'] },
          ],
        };
        const result = mainWindow
          ? await dialog.showOpenDialog(mainWindow, options)
          : await dialog.showOpenDialog(options);
        const file = result.filePaths[0];
        if (result.canceled || !file) return null;
        // [DSP1] the photos its photo column names are read from this folder, never one the renderer names.
        catalogFolder = dirname(file);
        if ((await stat(file)).size > MAX_CSV_BYTES)
          throw new Error('That file is too large for a catalog (20 MB at most).');
        // Bytes, not text: the renderer decodes them exactly as it decodes a browser upload
        // (UTF-8 with or without BOM, UTF-16, Windows-1252), one import path for both.
        return { name: basename(file), bytes: new Uint8Array(await readFile(file)) };
      },
      'file:catalog-images': ({ names }) => readCatalogImages(catalogFolder, names),
      'file:save': async ({ defaultName, content }) => {
        const options = { defaultPath: join(app.getPath('documents'), defaultName) };
        const result = mainWindow
          ? await dialog.showSaveDialog(mainWindow, options)
          : await dialog.showSaveDialog(options);
        if (result.canceled || !result.filePath) return null;
        await writeFile(result.filePath, content, 'utf8');
        return result.filePath;
      },
      'journal:reveal': revealJournalFolder,
    };
    registerIpc({ ipcMain, handlers, devServerUrl, log });

    installMenu(
      {
        hostNewAuction: () => sendMenuCommand('host-new-auction'),
        openProjector: () => sendMenuCommand('open-projector'),
        revealJournalFolder: () => void revealJournalFolder().catch((err: unknown) => log(String(err))),
        checkForUpdates: () => void updates?.checkForUpdates(),
      },
      { appName: app.name, isPackaged: app.isPackaged },
    );

    const openMainWindow = (): void => {
      mainWindow = createMainWindow({
        preload: PRELOAD_PATH,
        stateFile,
        url: devServerUrl ?? `${APP_ORIGIN}/index.html`,
      });
      const window = mainWindow;
      // Closing the last window quits on Windows and Linux: ask first while hosting.
      window.on('close', (event) => {
        if (quitConfirmed || isShuttingDown || !closeQuitsApp(process.platform) || !service.current) return;
        event.preventDefault();
        if (isAskingToQuit) return;
        isAskingToQuit = true;
        void confirmStopHosting()
          .finally(() => (isAskingToQuit = false))
          .then((goAhead) => {
            if (!goAhead) return;
            quitConfirmed = true;
            app.quit();
          });
      });
      window.on('closed', () => {
        if (mainWindow === window) mainWindow = null;
        closeProjectorWindow();
      });
    };
    openMainWindow();

    app.on('activate', () => {
      if (BrowserWindow.getAllWindows().length === 0) openMainWindow();
    });
  });
}

bootstrap();
