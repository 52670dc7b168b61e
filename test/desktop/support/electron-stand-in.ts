import { EventEmitter } from 'node:events';
import { readFileSync, readlinkSync, symlinkSync, unlinkSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { reportStandInError, toTest } from './child-channel';
import type {
  AppScheme,
  AppState,
  BeforeRequestDetails,
  DialogAnswer,
  DialogRecord,
  InvokeReply,
  InvokeRequest,
  ProtocolReply,
  ProtocolRequest,
  Rect,
  WindowSpec,
} from './protocol';

/**
 * The `electron` module as the built main process (out/main) sees it in the
 * desktop tests. It stands in for Electron's plumbing only: windows are
 * Chromium pages that the test process owns (see window-server.ts), IPC,
 * the app:// protocol, the request filter and permissions are answered here
 * by the handlers Gavel registered. Everything Gavel calls that this file
 * lacks throws, and the test is told (`standin:error`), so a gap is visible.
 */

const USER_DATA = requireEnv('GAVEL_STANDIN_USER_DATA');
const HOME = requireEnv('GAVEL_STANDIN_HOME');
const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

function requireEnv(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`electron stand-in: ${name} is not set`);
  return value;
}

function missing(path: string): never {
  const message = `electron stand-in: ${path} is not implemented (test/desktop/support/electron-stand-in.ts)`;
  reportStandInError(message);
  throw new Error(message);
}

/** Properties that tools probe for (await, inspection): reading them is not a call into Electron. */
const PROBES = new Set(['then', 'toJSON', 'asymmetricMatch', 'nodeType', '$$typeof', 'inspect', 'constructor']);

/** Wraps an object so that reading a property it lacks throws instead of yielding undefined. */
function strict<T extends object>(name: string, target: T): T {
  return new Proxy(target, {
    get(t, prop, receiver) {
      if (typeof prop === 'symbol' || prop in t || PROBES.has(prop)) return Reflect.get(t, prop, receiver) as unknown;
      return missing(`${name}.${prop}`);
    },
  });
}

interface PreventableEvent {
  defaultPrevented: boolean;
  preventDefault(): void;
}
function preventable(extra: Record<string, unknown> = {}): PreventableEvent {
  return Object.assign(
    {
      defaultPrevented: false,
      preventDefault(this: PreventableEvent) {
        this.defaultPrevented = true;
      },
    },
    extra,
  );
}

// ---------------------------------------------------------------- screen

interface Display {
  readonly id: number;
  readonly label: string;
  readonly bounds: Rect;
  readonly workArea: Rect;
  readonly size: { width: number; height: number };
  readonly workAreaSize: { width: number; height: number };
  readonly scaleFactor: number;
  readonly rotation: number;
  readonly internal: boolean;
  readonly touchSupport: string;
  readonly monochrome: boolean;
  readonly accelerometerSupport: string;
  readonly colorSpace: string;
  readonly colorDepth: number;
  readonly depthPerComponent: number;
  readonly displayFrequency: number;
  readonly detected: boolean;
}

function makeDisplay(id: number, label: string, bounds: Rect, workArea: Rect, internal: boolean): Display {
  return {
    id,
    label,
    bounds,
    workArea,
    size: { width: bounds.width, height: bounds.height },
    workAreaSize: { width: workArea.width, height: workArea.height },
    scaleFactor: 1,
    rotation: 0,
    internal,
    touchSupport: 'unknown',
    monochrome: false,
    accelerometerSupport: 'unknown',
    colorSpace: '',
    colorDepth: 24,
    depthPerComponent: 8,
    displayFrequency: 60,
    detected: true,
  };
}

/** A laptop (primary, with a 40 px taskbar) and a projector to its right. */
const DISPLAYS: readonly Display[] = [
  makeDisplay(
    1,
    'Built-in display',
    { x: 0, y: 0, width: 1280, height: 800 },
    { x: 0, y: 0, width: 1280, height: 760 },
    true,
  ),
  makeDisplay(
    2,
    'Projector',
    { x: 1280, y: 0, width: 1920, height: 1080 },
    { x: 1280, y: 0, width: 1920, height: 1080 },
    false,
  ),
];

function contains(rect: Rect, x: number, y: number): boolean {
  return x >= rect.x && x < rect.x + rect.width && y >= rect.y && y < rect.y + rect.height;
}

class Screen extends EventEmitter {
  getAllDisplays(): Display[] {
    return [...DISPLAYS];
  }
  getPrimaryDisplay(): Display {
    return DISPLAYS[0] as Display;
  }
  getDisplayNearestPoint(point: { x: number; y: number }): Display {
    return DISPLAYS.find((d) => contains(d.bounds, point.x, point.y)) ?? this.getPrimaryDisplay();
  }
  getDisplayMatching(rect: Rect): Display {
    return this.getDisplayNearestPoint({ x: rect.x + rect.width / 2, y: rect.y + rect.height / 2 });
  }
}
export const screen = strict('screen', new Screen());

// ---------------------------------------------------------------- app

let isReady = false;
let isQuitting = false;
let resolveReady: () => void = () => undefined;
const readyPromise = new Promise<void>((resolve) => {
  resolveReady = resolve;
});

const LOCK_FILE = join(USER_DATA, 'SingletonLock');
let holdsLock = false;

function lockHolderAlive(): boolean {
  let target: string;
  try {
    target = readlinkSync(LOCK_FILE);
  } catch {
    return false;
  }
  const pid = Number(target.split('-').pop());
  if (!Number.isInteger(pid) || pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

class App extends EventEmitter {
  readonly name = 'Gavel';
  readonly isPackaged = false;

  /** Chromium's ProcessSingleton on Linux: a SingletonLock symlink naming host and pid in the user-data dir. */
  requestSingleInstanceLock(): boolean {
    if (holdsLock) return true;
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        symlinkSync(`${hostname()}-${process.pid}`, LOCK_FILE);
        holdsLock = true;
        process.on('exit', () => {
          try {
            unlinkSync(LOCK_FILE);
          } catch {
            // already gone
          }
        });
        return true;
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
        if (lockHolderAlive()) return false;
        unlinkSync(LOCK_FILE); // a crashed copy's lock
      }
    }
    return false;
  }
  hasSingleInstanceLock(): boolean {
    return holdsLock;
  }
  whenReady(): Promise<void> {
    return readyPromise;
  }
  isReady(): boolean {
    return isReady;
  }
  getName(): string {
    return this.name;
  }
  getVersion(): string {
    return (JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
  }
  getPath(name: string): string {
    switch (name) {
      case 'userData':
        return USER_DATA;
      case 'home':
        return HOME;
      case 'documents':
      case 'downloads':
      case 'desktop':
        return join(HOME, name[0]?.toUpperCase() + name.slice(1));
      case 'temp':
        return join(HOME, 'tmp');
      default:
        return missing(`app.getPath('${name}')`);
    }
  }
  /** Electron's order: before-quit, then every window is closed (each may refuse), will-quit, quit, exit. */
  quit(): void {
    setImmediate(() => void runQuit());
  }
  exit(code = 0): void {
    process.exit(code);
  }
}
export const app = strict('app', new App());

async function runQuit(): Promise<void> {
  if (isQuitting) return;
  const before = preventable();
  app.emit('before-quit', before);
  if (before.defaultPrevented) return;
  isQuitting = true;
  for (const window of [...liveWindows]) {
    if (!(await window.closeAndWait())) {
      isQuitting = false;
      return;
    }
  }
  const will = preventable();
  app.emit('will-quit', will);
  if (will.defaultPrevented) {
    isQuitting = false;
    return;
  }
  app.emit('quit', preventable(), 0);
  process.exit(0);
}

/** Called by the runner once the main module has been evaluated: Electron's `ready`. */
export function becomeReady(): void {
  isReady = true;
  resolveReady();
  app.emit('ready', preventable(), {});
}

// ---------------------------------------------------------------- BrowserWindow, webContents

const liveWindows = new Set<BrowserWindow>();
let nextWindowId = 1;
let focusedWindow: BrowserWindow | null = null;

function setFocused(window: BrowserWindow | null): void {
  focusedWindow = window;
}

type OpenHandler = (details: { url: string; frameName: string; features: string }) => { action: string };

class WebContents extends EventEmitter {
  readonly id: number;
  readonly window: BrowserWindow;
  url = '';
  destroyed = false;
  openHandler: OpenHandler | null = null;

  constructor(window: BrowserWindow, id: number) {
    super();
    this.window = window;
    this.id = id;
  }
  get session(): typeof defaultSession {
    return defaultSession;
  }
  send(channel: string, ...args: unknown[]): void {
    if (this.destroyed) throw new Error('Object has been destroyed');
    toTest.notify('window:send', { id: this.id, channel, args });
  }
  setWindowOpenHandler(handler: OpenHandler): void {
    this.openHandler = handler;
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  getURL(): string {
    return this.url;
  }
  focus(): void {
    this.window.focus();
  }
}

export class BrowserWindow extends EventEmitter {
  static getAllWindows(): BrowserWindow[] {
    return [...liveWindows];
  }
  static getFocusedWindow(): BrowserWindow | null {
    return focusedWindow && !focusedWindow.destroyed ? focusedWindow : null;
  }
  static fromWebContents(contents: WebContents): BrowserWindow | null {
    return [...liveWindows].find((w) => w.webContents === contents) ?? null;
  }

  readonly id: number;
  readonly webContents: WebContents;
  readonly options: Readonly<Record<string, unknown>>;
  readonly created: Promise<void>;
  bounds: Rect;
  normalBounds: Rect;
  title: string;
  destroyed = false;
  visible: boolean;
  maximized = false;
  minimized = false;
  fullscreen: boolean;
  hasLoaded = false;

  constructor(options: Record<string, unknown> = {}) {
    super();
    this.id = nextWindowId++;
    this.options = options;
    this.title = typeof options.title === 'string' ? options.title : 'Gavel';
    this.visible = options.show !== false;
    this.fullscreen = options.fullscreen === true;
    this.bounds = initialBounds(options);
    this.normalBounds = this.bounds;
    if (this.fullscreen) this.bounds = screen.getDisplayMatching(this.bounds).bounds;
    const self = strict('BrowserWindow', this);
    this.webContents = strict('webContents', new WebContents(self, this.id));
    const webPreferences = (options.webPreferences ?? {}) as Record<string, unknown>;
    const spec: WindowSpec = {
      id: this.id,
      title: this.title,
      bounds: this.bounds,
      fullscreen: this.fullscreen,
      preload: typeof webPreferences.preload === 'string' ? webPreferences.preload : null,
      webPreferences: { ...webPreferences },
    };
    this.created = toTest.request<void>('window:create', spec);
    this.created.catch((err: unknown) => reportStandInError(`window ${this.id} could not be created: ${String(err)}`));
    liveWindows.add(self);
    if (this.visible) focusedWindow = self;
    app.emit('browser-window-created', preventable(), self);
    app.emit('web-contents-created', preventable(), self.webContents);
    return self;
  }

  async loadURL(url: string): Promise<void> {
    if (this.destroyed) throw new Error('Object has been destroyed');
    await this.created;
    this.webContents.url = url;
    try {
      await toTest.request<void>('window:load', { id: this.id, url, schemes: appSchemes() });
    } catch (err) {
      this.webContents.emit('did-fail-load', preventable(), -3, String(err), url);
      throw new Error(`ERR_FAILED loading '${url}': ${String(err).split('\n')[0]}`);
    }
    if (this.destroyed) return;
    this.webContents.emit('did-finish-load', preventable());
    if (!this.hasLoaded) {
      this.hasLoaded = true;
      this.emit('ready-to-show', preventable());
    }
  }

  show(): void {
    this.visible = true;
    this.focus();
  }
  hide(): void {
    this.visible = false;
  }
  isVisible(): boolean {
    return this.visible;
  }
  focus(): void {
    setFocused(this);
    this.emit('focus', preventable());
  }
  isFocused(): boolean {
    return focusedWindow === this;
  }
  isMinimized(): boolean {
    return this.minimized;
  }
  minimize(): void {
    this.minimized = true;
  }
  restore(): void {
    this.minimized = false;
  }
  isMaximized(): boolean {
    return this.maximized;
  }
  maximize(): void {
    if (this.maximized) return;
    this.maximized = true;
    this.resizeTo(screen.getDisplayMatching(this.bounds).workArea);
  }
  unmaximize(): void {
    if (!this.maximized) return;
    this.maximized = false;
    this.resizeTo(this.normalBounds);
  }
  isFullScreen(): boolean {
    return this.fullscreen;
  }
  getBounds(): Rect {
    return { ...this.bounds };
  }
  getNormalBounds(): Rect {
    return { ...this.normalBounds };
  }
  getTitle(): string {
    return this.title;
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  /** Like the user clicking the close button: 'close' (which may be prevented), then 'closed'. */
  close(): void {
    setImmediate(() => void this.closeAndWait());
  }
  /** Resolves to false when a 'close' listener prevented it. */
  async closeAndWait(): Promise<boolean> {
    if (this.destroyed) return true;
    const event = preventable();
    this.emit('close', event);
    if (event.defaultPrevented) return false;
    await this.destroyAndWait();
    return true;
  }
  destroy(): void {
    void this.destroyAndWait();
  }
  async destroyAndWait(): Promise<void> {
    if (this.destroyed) return;
    this.destroyed = true;
    this.webContents.destroyed = true;
    liveWindows.delete(this);
    if (focusedWindow === this) focusedWindow = null;
    await toTest.request('window:close', { id: this.id }).catch(() => undefined);
    this.webContents.emit('destroyed', preventable());
    this.emit('closed', preventable());
    if (liveWindows.size === 0 && !isQuitting) app.emit('window-all-closed', preventable());
  }

  resizeTo(bounds: Rect): void {
    this.bounds = bounds;
    toTest.notify('window:bounds', { id: this.id, bounds });
    this.emit('resize', preventable());
  }

  /** For the test's `state` query. */
  describe(): AppState['windows'][number] {
    return {
      id: this.id,
      title: this.title,
      bounds: this.getBounds(),
      fullscreen: this.fullscreen,
      visible: this.visible,
      url: this.webContents.url,
      hasPreload: typeof (this.options.webPreferences as Record<string, unknown> | undefined)?.preload === 'string',
    };
  }
}

function initialBounds(options: Record<string, unknown>): Rect {
  const num = (value: unknown, fallback: number): number => (typeof value === 'number' ? value : fallback);
  const width = num(options.width, 800);
  const height = num(options.height, 600);
  if (typeof options.x === 'number' && typeof options.y === 'number') {
    return { x: options.x, y: options.y, width, height };
  }
  const area = screen.getPrimaryDisplay().workArea;
  return {
    x: area.x + Math.round((area.width - width) / 2),
    y: area.y + Math.round((area.height - height) / 2),
    width,
    height,
  };
}

function windowById(id: number): BrowserWindow {
  const window = [...liveWindows].find((w) => w.id === id);
  if (!window) throw new Error(`no window ${id}`);
  return window;
}

// ---------------------------------------------------------------- ipcMain, ipcRenderer, contextBridge

type InvokeHandler = (event: unknown, ...args: unknown[]) => unknown;
const invokeHandlers = new Map<string, InvokeHandler>();

class IpcMain extends EventEmitter {
  handle(channel: string, handler: InvokeHandler): void {
    if (invokeHandlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
    invokeHandlers.set(channel, handler);
  }
  handleOnce(channel: string, handler: InvokeHandler): void {
    this.handle(channel, (event, ...args) => {
      invokeHandlers.delete(channel);
      return handler(event, ...args);
    });
  }
  removeHandler(channel: string): void {
    invokeHandlers.delete(channel);
  }
}
export const ipcMain = strict('ipcMain', new IpcMain());

/** Electron's wording (lib/renderer/api/ipc-renderer.ts): the page sees the main side's `String(error)`. */
async function invoke(request: InvokeRequest): Promise<InvokeReply> {
  const window = [...liveWindows].find((w) => w.id === request.windowId);
  const handler = invokeHandlers.get(request.channel);
  try {
    if (!window) throw new Error('Object has been destroyed');
    if (!handler) throw new Error(`No handler registered for '${request.channel}'`);
    const event = {
      sender: window.webContents,
      senderFrame: request.senderFrame,
      frameId: 1,
      processId: 1,
      type: 'frame',
    };
    return { ok: true, value: await handler(event, ...request.args) };
  } catch (err) {
    return { ok: false, error: `Error invoking remote method '${request.channel}': ${String(err)}` };
  }
}

const preloadOnly = (name: string) =>
  strict(name, {
    get unavailable(): never {
      return missing(`${name} in the main process`);
    },
  });
/** Only the preload (in the page, see window-server.ts) has these. */
export const ipcRenderer = preloadOnly('ipcRenderer');
export const contextBridge = preloadOnly('contextBridge');

// ---------------------------------------------------------------- protocol, net

type ProtocolHandler = (request: Request) => Response | Promise<Response>;
const privileged = new Map<string, { standard: boolean; secure: boolean }>();
const protocolHandlers = new Map<string, ProtocolHandler>();

function appSchemes(): AppScheme[] {
  const names = new Set([...privileged.keys(), ...protocolHandlers.keys()]);
  return [...names].map((scheme) => ({
    scheme,
    standard: privileged.get(scheme)?.standard ?? false,
    secure: privileged.get(scheme)?.secure ?? false,
    handled: protocolHandlers.has(scheme),
  }));
}

export const protocol = strict('protocol', {
  registerSchemesAsPrivileged(
    schemes: readonly { scheme: string; privileges?: { standard?: boolean; secure?: boolean } }[],
  ): void {
    if (isReady) throw new Error('protocol.registerSchemesAsPrivileged should be called before app is ready');
    for (const { scheme, privileges } of schemes) {
      privileged.set(scheme, { standard: privileges?.standard === true, secure: privileges?.secure === true });
    }
  },
  handle(scheme: string, handler: ProtocolHandler): void {
    if (protocolHandlers.has(scheme)) throw new Error(`The scheme "${scheme}" is already handled`);
    protocolHandlers.set(scheme, handler);
  },
  unhandle(scheme: string): void {
    protocolHandlers.delete(scheme);
  },
  isProtocolHandled(scheme: string): boolean {
    return protocolHandlers.has(scheme);
  },
});

async function serveProtocol(request: ProtocolRequest): Promise<ProtocolReply> {
  const scheme = new URL(request.url).protocol.slice(0, -1);
  const handler = protocolHandlers.get(scheme);
  if (!handler) throw new Error(`ERR_UNKNOWN_URL_SCHEME: ${scheme}`);
  const response = await handler(
    new Request(request.url, {
      method: request.method,
      headers: request.headers,
      ...(request.body && request.method !== 'GET' && request.method !== 'HEAD'
        ? { body: new Uint8Array(request.body) as unknown as BodyInit }
        : {}),
    }),
  );
  return {
    status: response.status,
    headers: [...response.headers.entries()],
    body: new Uint8Array(await response.arrayBuffer()),
  };
}

/** Chromium's file loader picks the MIME type from the extension; the app adds nosniff, so it matters. */
const MIME: Readonly<Record<string, string>> = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.mjs': 'text/javascript',
  '.css': 'text/css',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain',
  '.webmanifest': 'application/manifest+json',
};

export const net = strict('net', {
  async fetch(input: string | URL, init?: RequestInit): Promise<Response> {
    const url = new URL(String(input));
    if (url.protocol !== 'file:') return missing(`net.fetch for ${url.protocol} URLs`);
    if (init?.method && init.method !== 'GET') return missing('net.fetch with a method other than GET');
    let body: Buffer;
    try {
      body = await readFile(fileURLToPath(url));
    } catch {
      throw new TypeError(`net::ERR_FILE_NOT_FOUND ${url.href}`);
    }
    const type = MIME[extname(url.pathname).toLowerCase()];
    return new Response(new Uint8Array(body), { status: 200, headers: type ? { 'content-type': type } : {} });
  },
});

// ---------------------------------------------------------------- session

type PermissionRequestHandler = (
  contents: WebContents | null,
  permission: string,
  callback: (granted: boolean) => void,
  details: Record<string, unknown>,
) => void;
type PermissionCheckHandler = (
  contents: WebContents | null,
  permission: string,
  requestingOrigin: string,
  details: Record<string, unknown>,
) => boolean;
type BeforeRequestListener = (
  details: BeforeRequestDetails,
  callback: (response: { cancel?: boolean; redirectURL?: string }) => void,
) => void;

let permissionRequestHandler: PermissionRequestHandler | null = null;
let permissionCheckHandler: PermissionCheckHandler | null = null;
let beforeRequest: BeforeRequestListener | null = null;

const defaultSession = strict('session.defaultSession', {
  setPermissionRequestHandler(handler: PermissionRequestHandler | null): void {
    permissionRequestHandler = handler;
  },
  setPermissionCheckHandler(handler: PermissionCheckHandler | null): void {
    permissionCheckHandler = handler;
  },
  webRequest: strict('session.defaultSession.webRequest', {
    onBeforeRequest(...args: unknown[]): void {
      if (args.length !== 1) return missing('webRequest.onBeforeRequest with a URL filter');
      beforeRequest = (args[0] as BeforeRequestListener | null) ?? null;
    },
  }),
});
export const session = strict('session', { defaultSession });

/** Asks the listener Gavel registered; Electron lets a request through when none is registered. */
function filterRequest(details: BeforeRequestDetails): Promise<{ cancel: boolean }> {
  const listener = beforeRequest;
  if (!listener) return Promise.resolve({ cancel: false });
  return new Promise((resolve) => {
    listener(details, (response) => {
      if (response.redirectURL) missing('webRequest redirectURL');
      resolve({ cancel: response.cancel === true });
    });
  });
}

/**
 * A permission request from a page, answered by the app's request handler
 * (Electron grants everything when none is set). The check handler answers
 * `navigator.permissions.query`; it is reported alongside.
 */
async function askPermission(params: {
  windowId: number;
  permission: string;
  requestingUrl: string;
}): Promise<{ request: boolean; check: boolean }> {
  const window = [...liveWindows].find((w) => w.id === params.windowId) ?? null;
  const contents = window?.webContents ?? null;
  // Chromium gives a standard scheme (app://gavel) a real origin; WHATWG URL in Node says 'null'.
  const url = new URL(params.requestingUrl);
  const requestingOrigin = `${url.protocol}//${url.host}`;
  const check = permissionCheckHandler
    ? permissionCheckHandler(contents, params.permission, requestingOrigin, {
        requestingUrl: params.requestingUrl,
        isMainFrame: true,
        embeddingOrigin: requestingOrigin,
      })
    : true;
  const handler = permissionRequestHandler;
  const request = handler
    ? await new Promise<boolean>((resolve) => {
        if (!contents) return resolve(false);
        handler(contents, params.permission, resolve, { requestingUrl: params.requestingUrl, isMainFrame: true });
      })
    : true;
  return { request, check: check === true };
}

// ---------------------------------------------------------------- dialog, shell, Menu, powerSaveBlocker

const dialogAnswers: DialogAnswer[] = [];
const dialogRecords: DialogRecord[] = [];

function answerDialog<K extends DialogAnswer['kind']>(kind: K, options: unknown): Extract<DialogAnswer, { kind: K }> {
  const answer = dialogAnswers[0];
  if (!answer || answer.kind !== kind) {
    dialogRecords.push({ kind, options, answer: null });
    const message = `dialog (${kind}) shown but the test queued ${answer ? `a ${answer.kind} answer` : 'no answer'}: ${JSON.stringify(options)}`;
    reportStandInError(message);
    throw new Error(message);
  }
  dialogAnswers.shift();
  dialogRecords.push({ kind, options, answer });
  return answer as Extract<DialogAnswer, { kind: K }>;
}

/** Dialog functions take an optional parent window first. */
function dialogOptions(args: unknown[]): unknown {
  return args[0] instanceof BrowserWindow || liveWindows.has(args[0] as BrowserWindow) ? args[1] : args[0];
}

export const dialog = strict('dialog', {
  async showOpenDialog(...args: unknown[]): Promise<{ canceled: boolean; filePaths: string[] }> {
    const answer = answerDialog('open', dialogOptions(args));
    return { canceled: answer.canceled ?? false, filePaths: [...answer.filePaths] };
  },
  async showSaveDialog(...args: unknown[]): Promise<{ canceled: boolean; filePath: string }> {
    const answer = answerDialog('save', dialogOptions(args));
    return { canceled: answer.canceled ?? false, filePath: answer.filePath ?? '' };
  },
  async showMessageBox(...args: unknown[]): Promise<{ response: number; checkboxChecked: boolean }> {
    const answer = answerDialog('message', dialogOptions(args));
    return { response: answer.response, checkboxChecked: answer.checkboxChecked ?? false };
  },
  showMessageBoxSync(...args: unknown[]): number {
    return answerDialog('message', dialogOptions(args)).response;
  },
  showErrorBox(title: string, content: string): void {
    dialogRecords.push({ kind: 'message', options: { title, content, errorBox: true }, answer: null });
    reportStandInError(`dialog.showErrorBox: ${title}: ${content}`);
  },
});

const openedPaths: string[] = [];
export const shell = strict('shell', {
  async openPath(path: string): Promise<string> {
    openedPaths.push(path);
    return '';
  },
  showItemInFolder(path: string): void {
    openedPaths.push(path);
  },
});

interface MenuItemTemplate {
  id?: string;
  label?: string;
  role?: string;
  accelerator?: string;
  type?: string;
  submenu?: MenuItemTemplate[];
  click?: (item: unknown, window: BrowserWindow | null, event: unknown) => void;
}

class Menu {
  readonly items: readonly MenuItemTemplate[];
  constructor(items: readonly MenuItemTemplate[]) {
    this.items = items;
  }
  static buildFromTemplate(template: readonly MenuItemTemplate[]): Menu {
    return strict('Menu', new Menu(template));
  }
  static setApplicationMenu(menu: Menu | null): void {
    applicationMenu = menu;
  }
  static getApplicationMenu(): Menu | null {
    return applicationMenu;
  }
}
let applicationMenu: Menu | null = null;
const MenuExport = strict('Menu', Menu);
export { MenuExport as Menu };

function menuItems(items: readonly MenuItemTemplate[] = applicationMenu?.items ?? []): MenuItemTemplate[] {
  return items.flatMap((item) => [item, ...menuItems(item.submenu ?? [])]);
}

/** Clicks a menu item (by id, or by its accelerator as a key press would), as Electron does. */
function clickMenu(params: { id?: string; accelerator?: string }): void {
  const item = menuItems().find((i) =>
    params.id !== undefined ? i.id === params.id : i.accelerator === params.accelerator,
  );
  if (!item) throw new Error(`no menu item ${JSON.stringify(params)}`);
  const window = BrowserWindow.getFocusedWindow();
  if (item.click) {
    item.click(item, window, { triggeredByAccelerator: params.accelerator !== undefined });
    return;
  }
  if (item.role?.toLowerCase() === 'quit') {
    app.quit();
    return;
  }
  missing(`menu role ${String(item.role)}`);
}

const blockers = new Map<number, { type: string; started: boolean }>();
let nextBlocker = 1;
export const powerSaveBlocker = strict('powerSaveBlocker', {
  start(type: string): number {
    if (type !== 'prevent-app-suspension' && type !== 'prevent-display-sleep') throw new Error(`bad type ${type}`);
    const id = nextBlocker++;
    blockers.set(id, { type, started: true });
    return id;
  },
  stop(id: number): boolean {
    const blocker = blockers.get(id);
    if (!blocker?.started) return false;
    blocker.started = false;
    return true;
  },
  isStarted(id: number): boolean {
    return blockers.get(id)?.started ?? false;
  },
});

export default { app, BrowserWindow, contextBridge, dialog, ipcMain, ipcRenderer, Menu, net, powerSaveBlocker };

// ---------------------------------------------------------------- what the test may ask

toTest.handle('ipc:invoke', (params) => invoke(params as InvokeRequest));
toTest.handle('protocol:request', (params) => serveProtocol(params as ProtocolRequest));
toTest.handle('session:before-request', (params) => filterRequest(params as BeforeRequestDetails));
toTest.handle('session:permission', (params) =>
  askPermission(params as { windowId: number; permission: string; requestingUrl: string }),
);
toTest.handle('contents:will-navigate', (params) => {
  const { id, url } = params as { id: number; url: string };
  const event = preventable({ url, isMainFrame: true });
  windowById(id).webContents.emit('will-navigate', event, url);
  return { prevented: event.defaultPrevented };
});
toTest.handle('contents:window-open', (params) => {
  const { id, url } = params as { id: number; url: string };
  const handler = windowById(id).webContents.openHandler;
  return handler ? handler({ url, frameName: '', features: '' }).action : 'allow';
});
toTest.handle('window:user-close', (params) => {
  windowById((params as { id: number }).id).close();
});
toTest.handle('menu:click', (params) => clickMenu(params as { id?: string; accelerator?: string }));
toTest.handle('dialog:queue', (params) => {
  dialogAnswers.push(params as DialogAnswer);
});
toTest.handle('app:quit', () => app.quit());
toTest.handle('state', (): AppState => ({
  ready: isReady,
  windows: [...liveWindows].map((w) => w.describe()),
  dialogs: [...dialogRecords],
  openedPaths: [...openedPaths],
  powerSaveBlockers: [...blockers].map(([id, b]) => ({ id, ...b })),
  menuItemIds: menuItems().flatMap((i) => (i.id ? [i.id] : [])),
}));
