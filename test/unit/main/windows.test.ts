import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as electron from 'electron';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import {
  closeProjectorWindow,
  createMainWindow,
  isProjectorUrl,
  makeWebPreferences,
  MIN_WIDTH,
  openProjectorWindow,
  pickProjectorDisplay,
  readWindowState,
  trackWindowState,
} from '../../../main/windows';
import { FakeBrowserWindow, makeDisplay, type ElectronMock } from './electron-mock';

vi.mock('electron', async () => (await import('./electron-mock')).createElectronMock());
const mock = electron as unknown as ElectronMock;

const SECURE = {
  contextIsolation: true,
  sandbox: true,
  nodeIntegration: false,
  nodeIntegrationInWorker: false,
  nodeIntegrationInSubFrames: false,
  webSecurity: true,
  allowRunningInsecureContent: false,
  experimentalFeatures: false,
  webviewTag: false,
};

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'gavel-windows-'));
  FakeBrowserWindow.instances.length = 0;
  closeProjectorWindow();
  mock.screen.displays.all = [makeDisplay(1, 0)];
  mock.screen.displays.primary = 0;
});

describe('secure web preferences', () => {
  it('turn on isolation and the sandbox and turn off node, webviews and insecure content', () => {
    expect(makeWebPreferences('/app/preload.cjs')).toMatchObject({ ...SECURE, preload: '/app/preload.cjs' });
    expect(makeWebPreferences(null)).not.toHaveProperty('preload');
  });

  it('are what the main window is created with, and it loads the app URL', () => {
    const window = createMainWindow({
      preload: '/p.cjs',
      stateFile: join(dir, 's.json'),
      url: 'app://gavel/index.html',
    });
    const created = FakeBrowserWindow.instances[0];
    expect(created).toBe(window);
    expect(created?.options.webPreferences).toMatchObject({ ...SECURE, preload: '/p.cjs' });
    expect(created?.options.show).toBe(false);
    expect(created?.loaded).toEqual(['app://gavel/index.html']);
    // The window's contents are locked down the moment it exists.
    expect(created?.webContents.windowOpenHandler?.({ url: 'https://x.example' })).toEqual({ action: 'deny' });
    created?.emit('ready-to-show');
    expect(created?.show).toHaveBeenCalled();
  });
});

describe('window state', () => {
  const screenArea = [{ x: 0, y: 0, width: 1920, height: 1080 }];

  it('comes back as saved when it is still on a display', () => {
    const file = join(dir, 'state.json');
    writeFileSync(file, JSON.stringify({ x: 100, y: 50, width: 1000, height: 700, isMaximized: true }));
    expect(readWindowState(file, screenArea)).toEqual({ x: 100, y: 50, width: 1000, height: 700, isMaximized: true });
  });

  it('drops the position when that display is gone, and clamps tiny sizes', () => {
    const file = join(dir, 'state.json');
    writeFileSync(file, JSON.stringify({ x: 3000, y: 0, width: 200, height: 100, isMaximized: false }));
    expect(readWindowState(file, screenArea)).toEqual({ width: MIN_WIDTH, height: 600, isMaximized: false });
  });

  it('falls back to defaults for a missing or corrupt file', () => {
    expect(readWindowState(join(dir, 'none.json'), screenArea)).toMatchObject({ width: 1280, height: 800 });
    const file = join(dir, 'bad.json');
    writeFileSync(file, '{"width": "wide"');
    expect(readWindowState(file, screenArea)).toMatchObject({ width: 1280, height: 800 });
  });

  it('is written when the window closes, to the user-data file', () => {
    const file = join(dir, 'state.json');
    const window = new FakeBrowserWindow({});
    window.getNormalBounds.mockReturnValue({ x: 10, y: 20, width: 1100, height: 900 });
    trackWindowState(window as never, file);
    window.emit('close');
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({
      x: 10,
      y: 20,
      width: 1100,
      height: 900,
      isMaximized: false,
    });
  });
});

describe('projector window', () => {
  it('picks a display other than the primary one', () => {
    const primary = makeDisplay(1, 0);
    const projector = makeDisplay(2, 1920);
    expect(pickProjectorDisplay([primary, projector] as never, primary as never)?.id).toBe(2);
    expect(pickProjectorDisplay([projector, primary] as never, primary as never)?.id).toBe(2);
    expect(pickProjectorDisplay([primary] as never, primary as never)).toBeNull();
  });

  it('opens full screen on the second display, without a preload', () => {
    mock.screen.displays.all = [makeDisplay(1, 0), makeDisplay(2, 1920, 1280, 720)];
    openProjectorWindow('http://192.168.1.20:4700/?view=projector');
    const window = FakeBrowserWindow.instances[0];
    expect(window?.options).toMatchObject({ x: 1920, y: 0, width: 1280, height: 720, fullscreen: true });
    expect(window?.options.webPreferences).toMatchObject(SECURE);
    expect(window?.options.webPreferences).not.toHaveProperty('preload');
    expect(window?.loaded).toEqual(['http://192.168.1.20:4700/?view=projector']);
  });

  it('opens as a normal window with one display, and is reused when opened again', () => {
    openProjectorWindow('http://127.0.0.1:4700/');
    openProjectorWindow('http://127.0.0.1:4700/#projector');
    expect(FakeBrowserWindow.instances).toHaveLength(1);
    expect(FakeBrowserWindow.instances[0]?.options.fullscreen).toBe(false);
    expect(FakeBrowserWindow.instances[0]?.loaded).toEqual([
      'http://127.0.0.1:4700/',
      'http://127.0.0.1:4700/#projector',
    ]);
  });

  it('shows only http pages on the LAN', () => {
    expect(isProjectorUrl('http://10.0.0.4:4700/')).toBe(true);
    for (const url of [
      'https://evil.example/',
      'file:///etc/passwd',
      'app://gavel/',
      'javascript:alert(1)',
      'http://u:p@10.0.0.4/',
    ]) {
      expect(isProjectorUrl(url), url).toBe(false);
    }
    expect(() => openProjectorWindow('https://evil.example/')).toThrow(/projector/);
    expect(FakeBrowserWindow.instances).toHaveLength(0);
  });
});
