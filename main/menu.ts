import { Menu } from 'electron';
import type { MenuItemConstructorOptions } from 'electron';

/**
 * The application menu: the platform's usual Edit/View/Window roles (so
 * copy/paste, zoom and full screen work everywhere) and Gavel's own actions.
 */

export interface MenuActions {
  hostNewAuction(): void;
  openProjector(): void;
  revealJournalFolder(): void;
  /** Help › Check for Updates… (main/updater.ts). Without it the item is not shown. */
  checkForUpdates?(): void;
}

export function buildMenuTemplate(
  actions: MenuActions,
  options: { platform: NodeJS.Platform; appName: string; isPackaged: boolean },
): MenuItemConstructorOptions[] {
  const isMac = options.platform === 'darwin';
  const auction: MenuItemConstructorOptions = {
    label: 'Auction',
    submenu: [
      {
        id: 'host-new-auction',
        label: 'Host New Auction…',
        accelerator: 'CmdOrCtrl+N',
        click: () => actions.hostNewAuction(),
      },
      {
        id: 'open-projector',
        label: 'Open Projector',
        accelerator: 'CmdOrCtrl+Shift+P',
        click: () => actions.openProjector(),
      },
      { type: 'separator' },
      { id: 'reveal-journal-folder', label: 'Reveal Journal Folder', click: () => actions.revealJournalFolder() },
      ...(isMac ? [] : ([{ type: 'separator' }, { role: 'quit' }] satisfies MenuItemConstructorOptions[])),
    ],
  };
  const view: MenuItemConstructorOptions = {
    label: 'View',
    submenu: [
      { role: 'reload' },
      // Devtools only in development: a packaged app does not invite pasting code into a console.
      ...(options.isPackaged ? [] : ([{ role: 'toggleDevTools' }] satisfies MenuItemConstructorOptions[])),
      { type: 'separator' },
      { role: 'resetZoom' },
      { role: 'zoomIn' },
      { role: 'zoomOut' },
      { type: 'separator' },
      { role: 'togglefullscreen' },
    ],
  };
  // Updates are checked only when asked, from here: never at start-up, never during an auction by themselves.
  const checkForUpdates = actions.checkForUpdates?.bind(actions);
  const help: MenuItemConstructorOptions[] = checkForUpdates
    ? [
        {
          role: 'help',
          submenu: [{ id: 'check-for-updates', label: 'Check for Updates…', click: () => checkForUpdates() }],
        },
      ]
    : [];
  return [
    ...(isMac ? ([{ label: options.appName, role: 'appMenu' }] satisfies MenuItemConstructorOptions[]) : []),
    auction,
    { role: 'editMenu' },
    view,
    { role: 'windowMenu' },
    ...help,
  ];
}

export function installMenu(actions: MenuActions, options: { appName: string; isPackaged: boolean }): void {
  const template = buildMenuTemplate(actions, { ...options, platform: process.platform });
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}
