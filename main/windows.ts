import { readFileSync, writeFileSync } from 'node:fs';
import { BrowserWindow, screen } from 'electron';
import type { BrowserWindowConstructorOptions, Display, Rectangle, WebPreferences } from 'electron';
import { isLanHostname, lockDownContents } from './security';

/**
 * The main window and the projector window. Both run with the secure
 * defaults below; only the main window gets the preload (the projector shows
 * a page served by the host and needs nothing from the desktop).
 */

export const MIN_WIDTH = 900;
export const MIN_HEIGHT = 600;
const DEFAULT_WIDTH = 1280;
const DEFAULT_HEIGHT = 800;

/** Secure settings from Electron's checklist; `preload` is the only thing that varies. */
export function makeWebPreferences(preload: string | null): WebPreferences {
  return {
    ...(preload ? { preload } : {}),
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    webviewTag: false,
    navigateOnDragDrop: false,
    safeDialogs: true,
    spellcheck: false,
  };
}

export interface WindowState {
  readonly x?: number;
  readonly y?: number;
  readonly width: number;
  readonly height: number;
  readonly isMaximized: boolean;
}

const DEFAULT_STATE: WindowState = { width: DEFAULT_WIDTH, height: DEFAULT_HEIGHT, isMaximized: false };

function intersects(a: Rectangle, b: Rectangle): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

/**
 * Reads the remembered bounds. A missing or corrupt file, or bounds on a
 * display that is gone (a laptop undocked from the projector), fall back to a
 * centred default: the window must never open off screen.
 */
export function readWindowState(file: string, workAreas: readonly Rectangle[]): WindowState {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return DEFAULT_STATE;
  }
  if (raw === null || typeof raw !== 'object') return DEFAULT_STATE;
  const r = raw as Record<string, unknown>;
  const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v);
  if (!isInt(r.width) || !isInt(r.height)) return DEFAULT_STATE;
  const width = Math.max(MIN_WIDTH, Math.min(r.width, 10_000));
  const height = Math.max(MIN_HEIGHT, Math.min(r.height, 10_000));
  const isMaximized = r.isMaximized === true;
  if (!isInt(r.x) || !isInt(r.y)) return { width, height, isMaximized };
  const bounds = { x: r.x, y: r.y, width, height };
  const visible = workAreas.some((area) => intersects(bounds, area));
  return visible ? { ...bounds, isMaximized } : { width, height, isMaximized };
}

export function writeWindowState(file: string, state: WindowState): void {
  try {
    writeFileSync(file, JSON.stringify(state));
  } catch {
    // Losing the window position is not worth an error dialog.
  }
}

/** Remembers the window's normal bounds (not the maximised ones) whenever it moves, resizes or closes. */
export function trackWindowState(window: BrowserWindow, file: string): void {
  let timer: ReturnType<typeof setTimeout> | null = null;
  const save = (): void => {
    if (timer) clearTimeout(timer);
    timer = null;
    if (window.isDestroyed()) return;
    writeWindowState(file, { ...window.getNormalBounds(), isMaximized: window.isMaximized() });
  };
  const saveSoon = (): void => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(save, 500);
  };
  window.on('resize', saveSoon);
  window.on('move', saveSoon);
  window.on('close', save);
}

export interface MainWindowOptions {
  readonly preload: string;
  readonly stateFile: string;
  readonly url: string;
  readonly icon?: string;
}

export function makeMainWindowOptions(
  state: WindowState,
  preload: string,
  icon?: string,
): BrowserWindowConstructorOptions {
  return {
    ...(state.x !== undefined && state.y !== undefined ? { x: state.x, y: state.y } : {}),
    width: state.width,
    height: state.height,
    minWidth: MIN_WIDTH,
    minHeight: MIN_HEIGHT,
    title: 'Gavel',
    show: false,
    backgroundColor: '#111318',
    ...(icon ? { icon } : {}),
    webPreferences: makeWebPreferences(preload),
  };
}

export function createMainWindow(options: MainWindowOptions): BrowserWindow {
  const workAreas = screen.getAllDisplays().map((d) => d.workArea);
  const state = readWindowState(options.stateFile, workAreas);
  const window = new BrowserWindow(makeMainWindowOptions(state, options.preload, options.icon));
  lockDownContents(window.webContents);
  trackWindowState(window, options.stateFile);
  window.once('ready-to-show', () => {
    if (state.isMaximized) window.maximize();
    window.show();
  });
  void window.loadURL(options.url);
  return window;
}

/** The display for the projector: any display other than the primary one, or null when there is only one. */
export function pickProjectorDisplay(displays: readonly Display[], primary: Display): Display | null {
  return displays.find((d) => d.id !== primary.id) ?? null;
}

export function makeProjectorWindowOptions(display: Display | null, icon?: string): BrowserWindowConstructorOptions {
  const common: BrowserWindowConstructorOptions = {
    title: 'Gavel — Projector',
    backgroundColor: '#000000',
    autoHideMenuBar: true,
    ...(icon ? { icon } : {}),
    webPreferences: makeWebPreferences(null),
  };
  if (!display) return { ...common, width: 1280, height: 720, fullscreen: false };
  const { x, y, width, height } = display.bounds;
  return { ...common, x, y, width, height, fullscreen: true };
}

/**
 * Only http(s) pages served by a host on the LAN may be shown on the
 * projector: the renderer passes the host's spectator URL.
 */
export function isProjectorUrl(url: string): boolean {
  try {
    const parsed = new URL(url);
    return (
      (parsed.protocol === 'http:' || parsed.protocol === 'https:') &&
      parsed.username === '' &&
      parsed.password === '' &&
      isLanHostname(parsed.hostname)
    );
  } catch {
    return false;
  }
}

let projector: BrowserWindow | null = null;

/** Opens the projector window, or reuses the one already open, and shows `url` in it. */
export function openProjectorWindow(url: string, icon?: string): BrowserWindow {
  if (!isProjectorUrl(url)) throw new Error('The projector shows only http pages served by a Gavel host.');
  if (projector && !projector.isDestroyed()) {
    void projector.loadURL(url);
    projector.focus();
    return projector;
  }
  const display = pickProjectorDisplay(screen.getAllDisplays(), screen.getPrimaryDisplay());
  const window = new BrowserWindow(makeProjectorWindowOptions(display, icon));
  lockDownContents(window.webContents);
  window.on('closed', () => {
    if (projector === window) projector = null;
  });
  projector = window;
  void window.loadURL(url);
  return window;
}

export function closeProjectorWindow(): void {
  if (projector && !projector.isDestroyed()) projector.close();
  projector = null;
}
