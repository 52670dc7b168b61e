import { readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Browser, BrowserContext, Frame, Page, Request, Route, WebSocketRoute } from 'playwright-core';
import { WebSocket as NodeWebSocket } from 'ws';
import type {
  AppScheme,
  BeforeRequestDetails,
  InvokeReply,
  LoadRequest,
  ProtocolReply,
  PushMessage,
  Rect,
  WindowSpec,
} from './protocol';
import type { Rpc } from './rpc';

/**
 * The renderer side of the electron stand-in, in the test process (which
 * owns Chromium): one browser context per app process (its
 * `session.defaultSession`), one page per BrowserWindow. What Electron's
 * plumbing would do is done here by asking the app process:
 *
 * - app://HOST/… is served at http://HOST.SCHEME.test/… (Chromium will not
 *   load a custom scheme from Playwright); every response comes from the
 *   handler the app gave `protocol.handle`, and URLs are translated back to
 *   app:// wherever the app sees them (IPC sender frames, the request filter).
 *   Only a scheme registered `standard` + `secure` maps to the origin Chromium
 *   is told to treat as secure (CHROMIUM_SECURE_ORIGINS).
 * - every request and WebSocket first passes the app's
 *   `webRequest.onBeforeRequest` listener; a cancel aborts it.
 * - the page gets the preload file named in the window's options, run as
 *   CommonJS with `require('electron')` giving an in-page contextBridge and
 *   ipcRenderer; `ipcRenderer.invoke` reaches the app's `ipcMain` handlers
 *   through a binding that every page has, with the calling frame as
 *   `senderFrame`.
 * - Local Network Access: Chromium asks before a page on a non-local origin
 *   reaches loopback or LAN addresses. Playwright cannot answer a prompt, so
 *   before a window loads an origin the app's permission request handler is
 *   asked, and the permission is granted to that origin only if it says yes.
 */

/** Launch Chromium with `--unsafely-treat-insecure-origin-as-secure=` these (app:// is secure in Electron). */
export const CHROMIUM_SECURE_ORIGINS = ['http://gavel.app.test'];
const BINDING = '__gavelStandInIpc';
const PUSH = '__gavelStandInPush';
/** The names Electron and Chromium versions use for Local Network Access. */
export const LNA_PERMISSIONS = ['local-network-access', 'local-network', 'loopback-network'] as const;

export interface WindowRecord {
  readonly id: number;
  readonly spec: WindowSpec;
  readonly page: Page;
  /** The URL the app asked for last (app:// form). */
  url: string;
  closed: boolean;
  pushes: Promise<void>;
}

export interface PermissionDecision {
  readonly origin: string;
  readonly permission: string;
  readonly request: boolean;
  readonly check: boolean;
}

function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '');
  return host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

function resourceType(request: Request, page: Page | null): string {
  switch (request.resourceType()) {
    case 'document':
      return page && request.frame() === page.mainFrame() ? 'mainFrame' : 'subFrame';
    case 'stylesheet':
    case 'script':
    case 'image':
    case 'font':
    case 'media':
      return request.resourceType();
    case 'xhr':
    case 'fetch':
    case 'eventsource':
      return 'xhr';
    case 'websocket':
      return 'webSocket';
    default:
      return 'other';
  }
}

/** The preload as Electron runs a sandboxed one: a CommonJS function whose `require('electron')` is the renderer API. */
export function wrapPreload(source: string, path: string): string {
  return `(() => {
  if (window.top !== window) return; // nodeIntegrationInSubFrames: false — main frame only
  const strict = (name, target) => new Proxy(target, {
    get(t, prop) {
      if (typeof prop === 'symbol' || prop in t || prop === 'then') return t[prop];
      throw new Error('electron stand-in: ' + name + '.' + String(prop) + ' is not implemented in the preload');
    },
  });
  const listeners = new Map();
  const ipcRenderer = strict('ipcRenderer', {
    async invoke(channel, ...args) {
      const reply = await globalThis[${JSON.stringify(BINDING)}]({ channel, args });
      if (!reply.ok) throw new Error(reply.error);
      return reply.value;
    },
    on(channel, listener) {
      if (!listeners.has(channel)) listeners.set(channel, []);
      listeners.get(channel).push(listener);
      return ipcRenderer;
    },
    removeListener(channel, listener) {
      const list = listeners.get(channel) ?? [];
      const index = list.indexOf(listener);
      if (index >= 0) list.splice(index, 1);
      return ipcRenderer;
    },
  });
  const event = { sender: ipcRenderer, senderId: 0, ports: [] };
  Object.defineProperty(window, ${JSON.stringify(PUSH)}, {
    value: (channel, args) => {
      for (const listener of [...(listeners.get(channel) ?? [])]) {
        try { listener(event, ...args); } catch (err) { console.error(err); }
      }
    },
  });
  const contextBridge = strict('contextBridge', {
    exposeInMainWorld(key, api) {
      if (key in window) throw new Error('Cannot bind an API on top of an existing property on the window object');
      Object.defineProperty(window, key, { value: Object.freeze({ ...api }), enumerable: true });
    },
  });
  const electron = strict('electron', { ipcRenderer, contextBridge });
  const require = (name) => {
    if (name === 'electron') return electron;
    throw new Error("Cannot find module '" + name + "' (a sandboxed preload can require only electron)");
  };
  const module = { exports: {} };
  try {
    (function (exports, require, module, __filename, __dirname) {
${source}
    })(module.exports, require, module, ${JSON.stringify(path)}, ${JSON.stringify(dirname(path))});
  } catch (err) {
    console.error('Unable to load preload script: ${path.replace(/['\\]/g, '')}', err);
  }
})();
`;
}

export class WindowServer {
  readonly #browser: Browser;
  readonly #rpc: Rpc;
  readonly #name: string;
  readonly #report: (message: string) => void;
  readonly #isAllowed: (message: string) => boolean;
  #context: Promise<BrowserContext> | null = null;
  #schemes: readonly AppScheme[] = [];
  #requestIds = 0;
  readonly windows = new Map<number, WindowRecord>();
  readonly permissions: PermissionDecision[] = [];
  readonly #askedOrigins = new Set<string>();
  /** Requests the app's filter cancelled (app:// form). */
  readonly blocked: string[] = [];
  #listeners: ((record: WindowRecord) => void)[] = [];

  constructor(options: {
    browser: Browser;
    rpc: Rpc;
    name: string;
    report: (message: string) => void;
    isAllowed: (message: string) => boolean;
  }) {
    this.#browser = options.browser;
    this.#rpc = options.rpc;
    this.#name = options.name;
    this.#report = options.report;
    this.#isAllowed = options.isAllowed;
    const rpc = options.rpc;
    rpc.handle('window:create', (params) => this.#create(params as WindowSpec));
    rpc.handle('window:load', (params) => this.#load(params as LoadRequest));
    rpc.handle('window:send', (params) => this.#push(params as PushMessage));
    rpc.handle('window:close', (params) => this.#close((params as { id: number }).id));
    rpc.handle('window:bounds', (params) => {
      const { id, bounds } = params as { id: number; bounds: Rect };
      return this.windows.get(id)?.page.setViewportSize({ width: bounds.width, height: bounds.height });
    });
  }

  onWindow(listener: (record: WindowRecord) => void): () => void {
    this.#listeners.push(listener);
    return () => {
      this.#listeners = this.#listeners.filter((l) => l !== listener);
    };
  }

  async close(): Promise<void> {
    const context = this.#context;
    this.#context = null;
    for (const record of this.windows.values()) record.closed = true;
    if (context) await (await context).close().catch(() => undefined);
  }

  // ------------------------------------------------------------ URL mapping

  /** app://gavel/x → http://gavel.app.test/x for a scheme the app handles; other URLs unchanged. */
  toChromium(url: string): string {
    const parsed = new URL(url);
    const scheme = this.#schemes.find((s) => `${s.scheme}:` === parsed.protocol);
    if (!scheme) {
      if (['http:', 'https:', 'data:', 'about:'].includes(parsed.protocol)) return url;
      throw new Error(`ERR_UNKNOWN_URL_SCHEME: the stand-in cannot load ${url}`);
    }
    if (!scheme.handled) throw new Error(`ERR_UNKNOWN_URL_SCHEME: no protocol.handle for ${scheme.scheme}`);
    const host = `${parsed.hostname}.${scheme.scheme}${scheme.standard && scheme.secure ? '' : '.insecure'}.test`;
    return `http://${host}${parsed.pathname}${parsed.search}${parsed.hash}`;
  }

  /** The inverse of toChromium; URLs that were not mapped come back unchanged. */
  toApp(url: string): string {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      return url;
    }
    const match = /^(.+)\.([a-z][a-z0-9+.-]*?)(\.insecure)?\.test$/.exec(parsed.hostname);
    if (parsed.protocol !== 'http:' || !match) return url;
    const [, host, scheme] = match;
    if (!this.#schemes.some((s) => s.scheme === scheme)) return url;
    return `${scheme}://${host}${parsed.pathname}${parsed.search}${parsed.hash}`;
  }

  /**
   * The Origin header Electron sends for a page at `chromiumOrigin`: `app://gavel` for the
   * app's own pages (Chromium here sends the stand-in host, http://gavel.app.test), or null
   * for any other page, whose Origin is already what Electron would send.
   */
  electronOrigin(chromiumOrigin: string | undefined): string | null {
    if (!chromiumOrigin || chromiumOrigin === 'null') return null;
    const app = this.toApp(`${chromiumOrigin}/`);
    return app === `${chromiumOrigin}/` ? null : app.slice(0, -1);
  }

  #isAppOrigin(chromiumUrl: string): boolean {
    return this.toApp(chromiumUrl) !== chromiumUrl;
  }

  // ------------------------------------------------------------ windows

  #contextOnce(): Promise<BrowserContext> {
    this.#context ??= (async () => {
      const context = await this.#browser.newContext({
        viewport: { width: 1280, height: 800 }, // each page is sized to its window below
        deviceScaleFactor: 1,
        reducedMotion: 'reduce',
        acceptDownloads: false,
      });
      await context.exposeBinding(BINDING, (source, payload) =>
        this.#invoke(source.page, source.frame, payload as { channel: string; args: unknown[] }),
      );
      await context.route('**/*', (route, request) => this.#route(route, request));
      await context.routeWebSocket(/.*/, (ws) => this.#routeWebSocket(ws));
      return context;
    })();
    this.#context.catch(() => undefined); // reported by the request that needed it
    return this.#context;
  }

  async #create(spec: WindowSpec): Promise<void> {
    const context = await this.#contextOnce();
    const page = await context.newPage();
    // Per page, so the socket knows the origin it comes from (the context route stays for popups).
    await page.routeWebSocket(/.*/, (ws) => this.#routeWebSocket(ws, page));
    await page.setViewportSize({ width: spec.bounds.width, height: spec.bounds.height });
    const record: WindowRecord = { id: spec.id, spec, page, url: '', closed: false, pushes: Promise.resolve() };
    const label = `${this.#name} window ${spec.id}`;
    page.on('console', (message) => {
      if (message.type() === 'error') this.#reportUnlessAllowed(`[${label}] console.error: ${message.text()}`);
    });
    page.on('pageerror', (error) => this.#reportUnlessAllowed(`[${label}] uncaught: ${error.stack ?? error.message}`));
    page.on('popup', (popup) => void this.#popup(record, popup));
    if (spec.preload !== null) {
      let source: string;
      try {
        source = readFileSync(spec.preload, 'utf8');
      } catch (err) {
        // Electron loads the page without the preload and logs this; the test fails on it.
        this.#report(`[${label}] Unable to load preload script: ${spec.preload} (${String(err)})`);
        source = '';
      }
      if (source) await page.addInitScript({ content: wrapPreload(source, spec.preload) });
    }
    this.windows.set(spec.id, record);
    for (const listener of this.#listeners) listener(record);
  }

  #reportUnlessAllowed(message: string): void {
    if (!this.#isAllowed(message)) this.#report(message);
  }

  async #load(request: LoadRequest): Promise<void> {
    this.#schemes = request.schemes;
    const record = this.windows.get(request.id);
    if (!record || record.closed) throw new Error(`no window ${request.id}`);
    const target = this.toChromium(request.url);
    await this.#askLocalNetworkAccess(record, request.url, target);
    record.url = request.url;
    await record.page.goto(target, { waitUntil: 'load' });
  }

  async #askLocalNetworkAccess(record: WindowRecord, appUrl: string, chromiumUrl: string): Promise<void> {
    const origin = new URL(chromiumUrl).origin;
    if (origin === 'null' || this.#askedOrigins.has(origin)) return;
    this.#askedOrigins.add(origin);
    let granted = false;
    for (const permission of LNA_PERMISSIONS) {
      const answer = await this.#rpc.request<{ request: boolean; check: boolean }>('session:permission', {
        windowId: record.id,
        permission,
        requestingUrl: appUrl,
      });
      const parsed = new URL(appUrl);
      this.permissions.push({ origin: `${parsed.protocol}//${parsed.host}`, permission, ...answer });
      granted ||= answer.request;
    }
    if (granted) {
      const context = await this.#contextOnce();
      await context.grantPermissions(['local-network-access'], { origin });
    }
  }

  async #push(message: PushMessage): Promise<void> {
    const record = this.windows.get(message.id);
    if (!record || record.closed) return;
    const deliver = async (): Promise<void> => {
      await record.page
        .evaluate(
          ({ name, channel, args }) => {
            const push = (window as unknown as Record<string, unknown>)[name];
            if (typeof push === 'function') push(channel, args);
          },
          { name: PUSH, channel: message.channel, args: message.args },
        )
        .catch(() => undefined); // a page that is navigating or closing drops the message, as in Electron
    };
    record.pushes = record.pushes.then(deliver);
    await record.pushes;
  }

  async #close(id: number): Promise<void> {
    const record = this.windows.get(id);
    if (!record || record.closed) return;
    record.closed = true;
    await record.page.close().catch(() => undefined);
  }

  #windowOf(page: Page | null | undefined): WindowRecord | undefined {
    return [...this.windows.values()].find((record) => record.page === page);
  }

  async #popup(opener: WindowRecord, popup: Page): Promise<void> {
    const url = this.toApp(popup.url());
    const action = await this.#rpc
      .request<string>('contents:window-open', { id: opener.id, url })
      .catch((err: unknown) => `error: ${String(err)}`);
    await popup.close().catch(() => undefined);
    if (action !== 'deny') this.#report(`[${this.#name}] window.open(${url}) was not denied (${action})`);
  }

  // ------------------------------------------------------------ IPC

  async #invoke(page: Page, frame: Frame, payload: { channel: string; args: unknown[] }): Promise<InvokeReply> {
    const record = this.#windowOf(page);
    if (!record) return { ok: false, error: 'electron stand-in: IPC from a page that is not a window' };
    const parent = frame.parentFrame();
    return this.#rpc.request<InvokeReply>('ipc:invoke', {
      windowId: record.id,
      channel: String(payload.channel),
      args: Array.isArray(payload.args) ? payload.args : [],
      senderFrame: { url: this.toApp(frame.url()), parent: parent ? { url: this.toApp(parent.url()) } : null },
    });
  }

  // ------------------------------------------------------------ network

  async #filter(url: string, method: string, type: string, referrer: string, page: Page | null): Promise<boolean> {
    const details: BeforeRequestDetails = {
      id: ++this.#requestIds,
      url,
      method,
      resourceType: type,
      referrer,
      timestamp: Date.now(),
      webContentsId: this.#windowOf(page)?.id,
    };
    const { cancel } = await this.#rpc.request<{ cancel: boolean }>('session:before-request', details);
    if (cancel) this.blocked.push(url);
    return !cancel;
  }

  /** The machine's rule, not the app's: the tests reach nothing but loopback. */
  #leavesMachine(url: string): boolean {
    const parsed = new URL(url);
    if (!['http:', 'https:', 'ws:', 'wss:'].includes(parsed.protocol) || this.#isAppOrigin(url)) return false;
    if (isLoopbackHost(parsed.hostname)) return false;
    this.#report(`[${this.#name}] the app allowed ${url}, which is not loopback; the desktop tests stopped it`);
    return true;
  }

  async #route(route: Route, request: Request): Promise<void> {
    let page: Page | null = null;
    try {
      page = request.frame().page();
    } catch {
      page = null; // a service worker's request
    }
    const chromiumUrl = request.url();
    const appUrl = this.toApp(chromiumUrl);
    try {
      const type = resourceType(request, page);
      const allowed = await this.#filter(appUrl, request.method(), type, request.headers().referer ?? '', page);
      if (!allowed) return await route.abort('blockedbyclient');
      const record = this.#windowOf(page);
      if (record && type === 'mainFrame' && request.isNavigationRequest() && !sameDocument(appUrl, record.url)) {
        const { prevented } = await this.#rpc.request<{ prevented: boolean }>('contents:will-navigate', {
          id: record.id,
          url: appUrl,
        });
        if (prevented) return await route.abort('aborted');
        record.url = appUrl;
      }
      if (appUrl === chromiumUrl) {
        if (this.#leavesMachine(chromiumUrl)) return await route.abort('addressunreachable');
        const pageOrigin = request.headers().origin;
        const origin = this.electronOrigin(pageOrigin);
        if (!origin || !pageOrigin) return await route.fallback();
        // From the app's own page: the server must see the Origin Electron sends (app://gavel),
        // and Chromium must see its CORS answer addressed to the stand-in origin it knows.
        const response = await route.fetch({ headers: { ...request.headers(), origin }, timeout: 0 });
        const headers = response.headers();
        if (headers['access-control-allow-origin'] === origin) headers['access-control-allow-origin'] = pageOrigin;
        return await route.fulfill({ response, headers });
      }
      const reply = await this.#rpc.request<ProtocolReply>('protocol:request', {
        url: appUrl,
        method: request.method(),
        headers: request.headers(),
        body: request.postDataBuffer(),
      });
      await route.fulfill({
        status: reply.status,
        headers: Object.fromEntries(reply.headers),
        body: Buffer.from(reply.body),
      });
    } catch (err) {
      if (String(err).includes('Route is already handled')) return;
      this.#reportUnlessAllowed(`[${this.#name}] ${appUrl} failed in the protocol handler: ${String(err)}`);
      await route.abort('failed').catch(() => undefined);
    }
  }

  async #routeWebSocket(ws: WebSocketRoute, page: Page | null = null): Promise<void> {
    const url = ws.url();
    let allowed = false;
    try {
      allowed = await this.#filter(this.toApp(url), 'GET', 'webSocket', '', null);
    } catch (err) {
      this.#report(`[${this.#name}] ${url}: the request filter failed: ${String(err)}`);
    }
    if (!allowed || this.#leavesMachine(url)) {
      await ws.close({ code: 1008, reason: 'blocked by the request filter' });
      return;
    }
    const origin = page ? this.electronOrigin(new URL(page.url()).origin) : null;
    if (origin) bridgeWithOrigin(ws, url, origin);
    else ws.connectToServer();
  }
}

/**
 * Connects a page's WebSocket to the server from here, with the Origin header
 * Electron would send for the app's own page, and relays both ways. (A
 * WebSocket opened in the page would carry the stand-in's http origin.)
 */
/** A close code either side may send on (1005 and 1006 are only ever reported, never sent). */
function sendableCode(code: number | undefined): number {
  return code !== undefined && (code === 1000 || (code >= 3000 && code <= 4999)) ? code : 1000;
}

function bridgeWithOrigin(ws: WebSocketRoute, url: string, origin: string): void {
  const server = new NodeWebSocket(url, { origin });
  const waiting: (string | Buffer)[] = [];
  server.on('open', () => {
    for (const message of waiting.splice(0)) server.send(message);
  });
  server.on('message', (data, isBinary) => {
    const buffer = Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as ArrayBuffer);
    ws.send(isBinary ? buffer : buffer.toString('utf8'));
  });
  server.on('close', (code, reason) => void ws.close({ code: sendableCode(code), reason: reason.toString() }));
  // A refused handshake (the host's Origin check) ends like a refused socket in a browser.
  server.on('error', () => void ws.close({ code: 1008, reason: 'the server refused the connection' }));
  ws.onMessage((message) => {
    if (server.readyState === NodeWebSocket.OPEN) server.send(message);
    else waiting.push(message);
  });
  ws.onClose((code, reason) => {
    if (server.readyState === NodeWebSocket.OPEN || server.readyState === NodeWebSocket.CONNECTING) {
      server.close(sendableCode(code), reason);
    }
  });
}

function sameDocument(a: string, b: string): boolean {
  return a.replace(/#.*$/, '') === b.replace(/#.*$/, '');
}
