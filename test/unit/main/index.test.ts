import * as electronModule from 'electron';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { DiscoveredHost, DiscoveryTransport } from '../../../main/host/discovery';
import { INVOKE_CHANNELS } from '../../../main/ipc-contract';
import { FakeBrowserWindow, FakeWebContents, type ElectronMock } from './electron-mock';

vi.mock('electron', async () => (await import('./electron-mock')).createElectronMock());
// The real transport would multicast on every interface: the app gets a fake LAN here.
const lan = vi.hoisted(() => ({ current: null as unknown }));
vi.mock('../../../main/host/discovery', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../../../main/host/discovery')>()),
  createBonjourTransport: vi.fn(async () => {
    const { FakeLan: Lan } = await import('./fake-lan');
    const transport = new Lan().attach();
    lan.current = transport;
    return transport;
  }),
}));

// One electron mock for the whole file (vi.resetModules keeps mocked modules); each boot resets it.
const electron = electronModule as unknown as ElectronMock;

async function boot(options: { lock?: boolean } = {}): Promise<ElectronMock> {
  vi.resetModules();
  vi.clearAllMocks();
  electron.app.removeAllListeners();
  electron.ipcMain.handlers.clear();
  FakeBrowserWindow.instances.length = 0;
  electron.app.requestSingleInstanceLock.mockReturnValue(options.lock ?? true);
  await import('../../../main/index');
  return electron;
}

async function bootReady(): Promise<ElectronMock> {
  const electron = await boot();
  await vi.waitFor(() => expect(FakeBrowserWindow.instances).toHaveLength(1));
  return electron;
}

beforeEach(() => {
  vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
});
afterEach(() => {
  vi.restoreAllMocks();
});

describe('single instance', () => {
  it('quits at once when another copy holds the lock, before touching anything', async () => {
    const electron = await boot({ lock: false });
    expect(electron.app.quit).toHaveBeenCalledTimes(1);
    expect(electron.app.whenReady).not.toHaveBeenCalled();
    expect(electron.protocol.registerSchemesAsPrivileged).not.toHaveBeenCalled();
    expect(electron.app.listenerCount('second-instance')).toBe(0);
  });

  it('brings the existing window forward when a second copy starts', async () => {
    const electron = await bootReady();
    const window = FakeBrowserWindow.instances[0];
    window?.isMinimized.mockReturnValue(true);
    electron.app.emit('second-instance');
    expect(window?.restore).toHaveBeenCalled();
    expect(window?.focus).toHaveBeenCalled();
    expect(electron.app.quit).not.toHaveBeenCalled();
  });
});

describe('start-up wiring', () => {
  it('registers app:// as a privileged scheme before ready', async () => {
    const electron = await boot();
    expect(electron.protocol.registerSchemesAsPrivileged).toHaveBeenCalledWith([
      expect.objectContaining({ scheme: 'app', privileges: expect.objectContaining({ standard: true, secure: true }) }),
    ]);
  });

  it('on ready: locks the session, serves app://, wires every IPC channel, installs the menu, opens the window', async () => {
    const electron = await bootReady();
    const session = electron.session.defaultSession;
    expect(session.setPermissionRequestHandler).toHaveBeenCalledTimes(1);
    expect(session.setPermissionCheckHandler).toHaveBeenCalledTimes(1);
    expect(session.webRequest.onBeforeRequest).toHaveBeenCalledTimes(1);
    expect(electron.protocol.handle).toHaveBeenCalledWith('app', expect.any(Function));
    expect([...electron.ipcMain.handlers.keys()].sort()).toEqual([...INVOKE_CHANNELS].sort());
    expect(electron.Menu.setApplicationMenu).toHaveBeenCalledTimes(1);
    const items = JSON.stringify(electron.Menu.menu.template);
    expect(items).toContain('"id":"check-for-updates"');

    const window = FakeBrowserWindow.instances[0];
    expect(window?.loaded).toEqual(['app://gavel/index.html']);
    expect(window?.options.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
    });
    expect(String((window?.options.webPreferences as { preload: string }).preload)).toMatch(/preload[\\/]index\.cjs$/);
    expect(electron.app.getPath).toHaveBeenCalledWith('userData');
  });

  it('locks down every web contents that gets created', async () => {
    const electron = await bootReady();
    const contents = new FakeWebContents();
    electron.app.emit('web-contents-created', {}, contents);
    expect(contents.windowOpenHandler?.({ url: 'https://example.com' })).toEqual({ action: 'deny' });
  });

  it('lists hosts found on the LAN and pushes changes to the window', async () => {
    const electron = await bootReady();
    const transport = lan.current as DiscoveryTransport;
    transport.publish({
      name: 'Club night (abcdef)',
      type: 'gavel',
      port: 4700,
      txt: { v: '1', id: 'abcdef', name: 'Club night' },
    });
    const handler = electron.ipcMain.handlers.get('discovery:hosts');
    const hosts = (await handler?.({ senderFrame: { url: 'app://gavel/', parent: null } })) as DiscoveredHost[];
    expect(hosts.map((h) => h.auctionName)).toEqual(['Club night']);
    const window = FakeBrowserWindow.instances[0];
    expect(window?.webContents.sent.at(-1)).toEqual(['discovery:changed', hosts]);
  });
});

describe('quitting', () => {
  it('quits when the last window closes (except on macOS)', async () => {
    const electron = await boot();
    electron.app.emit('window-all-closed');
    expect(electron.app.quit).toHaveBeenCalledTimes(process.platform === 'darwin' ? 0 : 1);
  });

  it('holds the quit until hosting and discovery are shut down, then quits', async () => {
    const electron = await bootReady();
    const event = { preventDefault: vi.fn() };
    electron.app.emit('before-quit', event);
    expect(event.preventDefault).toHaveBeenCalled();
    await vi.waitFor(() => expect(electron.app.quit).toHaveBeenCalledTimes(1));
    expect((lan.current as { destroyed: boolean }).destroyed).toBe(true);
    // The second before-quit (from that app.quit) goes through.
    const again = { preventDefault: vi.fn() };
    electron.app.emit('before-quit', again);
    expect(again.preventDefault).not.toHaveBeenCalled();
  });
});
