import * as electron from 'electron';
import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import { buildMenuTemplate, installMenu } from '../../../main/menu';
import type { ElectronMock } from './electron-mock';

vi.mock('electron', async () => (await import('./electron-mock')).createElectronMock());
const mock = electron as unknown as ElectronMock;

function flatten(items: MenuItemConstructorOptions[]): MenuItemConstructorOptions[] {
  return items.flatMap((item) => [item, ...(Array.isArray(item.submenu) ? flatten(item.submenu) : [])]);
}

const makeActions = () => ({ hostNewAuction: vi.fn(), openProjector: vi.fn(), revealJournalFolder: vi.fn() });

describe('application menu', () => {
  it('has the Edit, View and Window roles everywhere, and the app menu on macOS only', () => {
    for (const platform of ['win32', 'linux', 'darwin'] as const) {
      const roles = flatten(buildMenuTemplate(makeActions(), { platform, appName: 'Gavel', isPackaged: true })).map(
        (i) => i.role,
      );
      expect(roles, platform).toEqual(expect.arrayContaining(['editMenu', 'windowMenu', 'togglefullscreen', 'zoomIn']));
      expect(roles.includes('appMenu'), platform).toBe(platform === 'darwin');
      expect(roles.includes('quit'), platform).toBe(platform !== 'darwin');
    }
  });

  it('runs the app actions from their items', () => {
    const actions = makeActions();
    const items = flatten(buildMenuTemplate(actions, { platform: 'linux', appName: 'Gavel', isPackaged: true }));
    const click = (id: string) => (items.find((i) => i.id === id)?.click as () => void)();
    click('host-new-auction');
    click('open-projector');
    click('reveal-journal-folder');
    expect(actions.hostNewAuction).toHaveBeenCalledTimes(1);
    expect(actions.openProjector).toHaveBeenCalledTimes(1);
    expect(actions.revealJournalFolder).toHaveBeenCalledTimes(1);
  });

  it('offers Check for Updates in the Help menu when the app provides it, and runs only on click', () => {
    for (const platform of ['win32', 'linux', 'darwin'] as const) {
      const checkForUpdates = vi.fn();
      const template = buildMenuTemplate(
        { ...makeActions(), checkForUpdates },
        { platform, appName: 'Gavel', isPackaged: true },
      );
      const help = template.find((m) => m.role === 'help');
      const item = flatten(help ? [help] : []).find((i) => i.id === 'check-for-updates');
      expect(item?.label, platform).toBe('Check for Updates…');
      expect(checkForUpdates).not.toHaveBeenCalled();
      (item?.click as () => void)();
      expect(checkForUpdates).toHaveBeenCalledTimes(1);
    }
    const without = flatten(
      buildMenuTemplate(makeActions(), { platform: 'linux', appName: 'Gavel', isPackaged: true }),
    );
    expect(without.some((i) => i.id === 'check-for-updates')).toBe(false);
  });

  it('offers developer tools only in development', () => {
    const roles = (isPackaged: boolean) =>
      flatten(buildMenuTemplate(makeActions(), { platform: 'linux', appName: 'Gavel', isPackaged })).map((i) => i.role);
    expect(roles(false)).toContain('toggleDevTools');
    expect(roles(true)).not.toContain('toggleDevTools');
  });

  it('is installed as the application menu', () => {
    installMenu(makeActions(), { appName: 'Gavel', isPackaged: false });
    expect(mock.Menu.setApplicationMenu).toHaveBeenCalledTimes(1);
    expect(mock.Menu.buildFromTemplate).toHaveBeenCalledTimes(1);
  });
});
