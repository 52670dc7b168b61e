import type { ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium as playwright } from 'playwright-core';
import puppeteer from 'puppeteer-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH, SCREENSHOT_DIR, WEB_BUILD_DIR } from '../../e2e/support/browser';
import type { Sandbox } from './sandbox';
import { stop } from './sandbox';

/**
 * One page in one browser engine, driven the same way whatever the engine: by the
 * renderer's test ids (renderer/TESTIDS.md), with real clicks and typing, and every
 * console error and uncaught exception recorded.
 */
export interface EnginePage {
  goto(url: string): Promise<void>;
  /** Runs `fn` (its source is sent, so it must be self-contained) in the page with JSON `args`. */
  evaluate<T>(fn: string, ...args: unknown[]): Promise<T>;
  /** Sets the viewport (innerWidth × innerHeight) to `size`. */
  resize(size: Size): Promise<void>;
  /** A real click on the first element matching `selector`. */
  click(selector: string): Promise<void>;
  /** Clears the field matching `selector` and types `text` into it. */
  fill(selector: string, text: string): Promise<void>;
  /** A PNG of the viewport under test-results/screenshots/engines/<engine>/<name>.png. */
  screenshot(name: string): Promise<void>;
  /** Console errors and uncaught exceptions so far (after `allowErrors` filtering). */
  readonly errors: readonly string[];
  close(): Promise<void>;
}

export interface Engine {
  readonly name: EngineName;
  /**
   * The directory the test's host serves: the built renderer, or for an engine whose driver
   * cannot report console messages, a copy with a probe that records them (see PROBE).
   */
  readonly webRoot: string;
  newPage(size: Size): Promise<EnginePage>;
  /** Ignores console errors matching `patterns` (e.g. refused connections while the host is down) until called. */
  allowErrors(...patterns: RegExp[]): () => void;
  close(): Promise<void>;
}

export type EngineName = 'chromium' | 'firefox' | 'webkit';
export const ENGINES: readonly EngineName[] = ['chromium', 'firefox', 'webkit'];
export interface Size {
  readonly width: number;
  readonly height: number;
}

export const FIREFOX_PATH = '/usr/bin/firefox-esr';
export const WEBKIT_DRIVER_PATH = '/usr/bin/WebKitWebDriver';
/** WebKitGTK's MiniBrowser (in libwebkit2gtk-4.1-0, which webkit2gtk-driver pulls in), for this machine's architecture. */
export const MINIBROWSER_PATH = findMiniBrowser();

function findMiniBrowser(): string {
  const candidates = ['/usr/lib', '/usr/libexec'].flatMap((root) =>
    existsSync(root)
      ? readdirSync(root).flatMap((arch) => [
          join(root, arch, 'webkit2gtk-4.1', 'MiniBrowser'),
          join(root, arch, 'webkit2gtk-4.0', 'MiniBrowser'),
        ])
      : [],
  );
  return candidates.find((path) => existsSync(path)) ?? '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser';
}
export const XVFB_PATH = '/usr/bin/Xvfb';

/** The Debian packages each engine needs, for the message when one is missing. */
const NEEDS: Record<EngineName, { files: string[]; packages: string }> = {
  chromium: { files: [CHROMIUM_PATH], packages: 'chromium' },
  firefox: { files: [FIREFOX_PATH], packages: 'firefox-esr' },
  webkit: { files: [WEBKIT_DRIVER_PATH, MINIBROWSER_PATH, XVFB_PATH], packages: 'webkit2gtk-driver xvfb' },
};

/** Why `engine` cannot run here (a missing binary, with the command that installs it), or null. */
export function engineMissing(engine: EngineName): string | null {
  const missing = NEEDS[engine].files.filter((file) => !existsSync(file));
  if (missing.length === 0) return null;
  return `${engine} needs ${missing.join(', ')}: apt-get install -y ${NEEDS[engine].packages}`;
}

export async function launchEngine(name: EngineName, sandbox: Sandbox): Promise<Engine> {
  const missing = engineMissing(name);
  if (missing) throw new Error(missing);
  if (name === 'chromium') return launchChromium(sandbox);
  if (name === 'firefox') return launchFirefox(sandbox);
  return launchWebKit(sandbox);
}

/** Shared bookkeeping: the allowed-error patterns and a page's error list. */
class ErrorLog {
  allowed: RegExp[] = [];
  allow(patterns: RegExp[]): () => void {
    this.allowed = [...this.allowed, ...patterns];
    return () => {
      this.allowed = this.allowed.filter((pattern) => !patterns.includes(pattern));
    };
  }
  record(into: string[], text: string): void {
    if (this.allowed.some((pattern) => pattern.test(text))) return;
    into.push(text);
  }
}

function screenshotPath(engine: EngineName, name: string): string {
  const dir = join(SCREENSHOT_DIR, 'engines', engine);
  mkdirSync(dir, { recursive: true });
  return join(dir, `${name}.png`);
}

const SETTLE = `() => document.fonts.ready.then(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => r(true)))))`;

// ---------------------------------------------------------------- Chromium (playwright-core, CDP over a pipe)

async function launchChromium(sandbox: Sandbox): Promise<Engine> {
  const log = new ErrorLog();
  // Playwright talks to Chromium over a pipe (fds 3 and 4), which nsenter passes on.
  const browser = await playwright.launch({
    executablePath: sandbox.wrapper(CHROMIUM_PATH),
    args: [...CHROMIUM_ARGS],
  });
  return {
    name: 'chromium',
    webRoot: WEB_BUILD_DIR,
    allowErrors: (...patterns) => log.allow(patterns),
    async newPage(size) {
      const context = await browser.newContext({ viewport: size, deviceScaleFactor: 1, reducedMotion: 'reduce' });
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('console', (message) => {
        if (message.type() === 'error') log.record(errors, `console.error: ${message.text()}`);
      });
      page.on('pageerror', (error) => log.record(errors, `uncaught: ${error.stack ?? error.message}`));
      return {
        errors,
        goto: async (url) => void (await page.goto(url)),
        evaluate: (fn, ...args) => page.evaluate(`(${fn})(...${JSON.stringify(args)})`),
        resize: (next) => page.setViewportSize(next),
        click: (selector) => page.locator(selector).first().click(),
        fill: (selector, text) => page.locator(selector).first().fill(text),
        async screenshot(name) {
          await page.evaluate(`(${SETTLE})()`);
          await page.screenshot({ path: screenshotPath('chromium', name), animations: 'disabled', caret: 'hide' });
        },
        close: () => context.close(),
      };
    },
    close: () => browser.close(),
  };
}

// ---------------------------------------------------------------- Firefox ESR (puppeteer-core, WebDriver BiDi)

/** On top of puppeteer's profile (which already points updates, telemetry and safe browsing at nowhere). */
const FIREFOX_PREFS: Record<string, unknown> = {
  'app.update.enabled': false,
  'app.update.auto': false,
  'browser.safebrowsing.malware.enabled': false,
  'browser.safebrowsing.phishing.enabled': false,
  'browser.safebrowsing.downloads.enabled': false,
  'browser.safebrowsing.blockedURIs.enabled': false,
  'browser.search.update': false,
  'datareporting.healthreport.uploadEnabled': false,
  'datareporting.policy.dataSubmissionEnabled': false,
  'toolkit.telemetry.enabled': false,
  'toolkit.telemetry.unified': false,
  'toolkit.telemetry.server': '',
  'network.captive-portal-service.enabled': false,
  'network.connectivity-service.enabled': false,
  'network.dns.disablePrefetch': true,
  'network.prefetch-next': false,
  'network.http.speculative-parallel-limit': 0,
  'dom.push.enabled': false,
  'dom.push.connection.enabled': false,
  'services.settings.server': 'data:,',
  'app.normandy.enabled': false,
  'extensions.update.enabled': false,
  'extensions.getAddons.cache.enabled': false,
  'browser.ping-centre.telemetry': false,
  'media.gmp-manager.url': '',
  'media.gmp-gmpopenh264.enabled': false,
  'geo.enabled': false,
};

async function launchFirefox(sandbox: Sandbox): Promise<Engine> {
  const log = new ErrorLog();
  // Firefox's BiDi server listens inside the namespace; the same port here reaches it.
  const port = await sandbox.expose();
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: sandbox.wrapper(FIREFOX_PATH, { MOZ_CRASHREPORTER_DISABLE: '1' }),
    headless: true,
    debuggingPort: port,
    extraPrefsFirefox: FIREFOX_PREFS,
    protocolTimeout: 60_000,
  });
  return {
    name: 'firefox',
    webRoot: WEB_BUILD_DIR,
    allowErrors: (...patterns) => log.allow(patterns),
    async newPage(size) {
      const context = await browser.createBrowserContext();
      const page = await context.newPage();
      await page.setViewport({ ...size, deviceScaleFactor: 1 });
      const errors: string[] = [];
      page.on('console', (message) => {
        if (message.type() === 'error') log.record(errors, `console.error: ${message.text()}`);
      });
      page.on('pageerror', (error) =>
        log.record(errors, `uncaught: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`),
      );
      return {
        errors,
        goto: async (url) => void (await page.goto(url)),
        evaluate: <T>(fn: string, ...args: unknown[]) =>
          page.evaluate(`(${fn})(...${JSON.stringify(args)})`) as Promise<T>,
        resize: (next) => page.setViewport({ ...next, deviceScaleFactor: 1 }),
        click: (selector) => page.locator(selector).click(),
        fill: (selector, text) => page.locator(selector).fill(text),
        async screenshot(name) {
          await page.evaluate(`(${SETTLE})()`);
          await page.screenshot({ path: screenshotPath('firefox', name) as `${string}.png` });
        },
        close: () => context.close(),
      };
    },
    close: () => browser.close(),
  };
}

// ---------------------------------------------------------------- WebKitGTK (WebKitWebDriver, W3C WebDriver classic)

/**
 * WebKitWebDriver cannot hand over console messages, and MiniBrowser drops them in
 * automation mode: the WebKit pages load a copy of the renderer whose index.html first
 * runs this classic script, which records console.error calls, uncaught errors and
 * unhandled rejections from the first line of the app on.
 */
const PROBE = `(() => {
  const errors = (window.__gavelErrors = []);
  // WebKit's Error.stack holds the frames only: put the message first.
  const describe = (value) =>
    value instanceof Error ? value.name + ': ' + value.message + (value.stack ? '\n' + value.stack : '') : String(value);
  const original = console.error.bind(console);
  console.error = (...args) => {
    errors.push('console.error: ' + args.map(describe).join(' '));
    original(...args);
  };
  addEventListener('error', (e) => errors.push('uncaught: ' + (e.error ? describe(e.error) : e.message)));
  addEventListener('unhandledrejection', (e) => errors.push('uncaught: ' + describe(e.reason)));
})();
`;

function probedWebRoot(): string {
  const dir = mkdtempSync(join(tmpdir(), 'gavel-webkit-root-'));
  cpSync(WEB_BUILD_DIR, dir, { recursive: true });
  writeFileSync(join(dir, 'engine-probe.js'), PROBE);
  const index = readFileSync(join(WEB_BUILD_DIR, 'index.html'), 'utf8');
  if (!index.includes('<script type="module"'))
    throw new Error('index.html has no module script to put the probe before');
  writeFileSync(
    join(dir, 'index.html'),
    index.replace('<script type="module"', '<script src="/engine-probe.js"></script>\n    <script type="module"'),
  );
  return dir;
}

interface WebDriverError {
  error: string;
  message: string;
}

/** The few W3C WebDriver commands the tests use, over HTTP to one WebKitWebDriver. */
class WebDriverSession {
  constructor(
    readonly base: string,
    readonly id: string,
  ) {}

  static async create(base: string, capabilities: Record<string, unknown>): Promise<WebDriverSession> {
    const value = await call<{ sessionId: string }>(base, 'POST', '/session', {
      capabilities: { alwaysMatch: capabilities },
    });
    return new WebDriverSession(base, value.sessionId);
  }

  send<T>(method: string, path: string, body?: unknown): Promise<T> {
    return call<T>(this.base, method, `/session/${this.id}${path}`, body);
  }

  async element(selector: string): Promise<string> {
    const value = await this.send<Record<string, string>>('POST', '/element', {
      using: 'css selector',
      value: selector,
    });
    const id = Object.values(value)[0];
    if (!id) throw new Error(`no element id for ${selector}`);
    return id;
  }
}

async function call<T>(base: string, method: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: { 'content-type': 'application/json; charset=utf-8' },
    body: body === undefined ? (method === 'POST' ? '{}' : undefined) : JSON.stringify(body),
  });
  const json = (await response.json()) as { value: T | WebDriverError };
  if (!response.ok) {
    const error = json.value as WebDriverError;
    throw new Error(`WebDriver ${method} ${path}: ${error.error}: ${error.message}`);
  }
  return json.value as T;
}

async function launchWebKit(sandbox: Sandbox): Promise<Engine> {
  const log = new ErrorLog();
  await sandbox.startDisplay();
  const webRoot = probedWebRoot();
  const drivers = new Set<ChildProcess>();
  return {
    name: 'webkit',
    webRoot,
    allowErrors: (...patterns) => log.allow(patterns),
    async newPage(size) {
      // One WebKitWebDriver per page: a driver holds one session, a session one MiniBrowser.
      const port = await sandbox.expose();
      const driver = sandbox.spawn(WEBKIT_DRIVER_PATH, [`--port=${port}`], {
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      drivers.add(driver);
      let driverLog = '';
      driver.stderr?.on('data', (chunk: Buffer) => (driverLog += chunk.toString()));
      const base = `http://127.0.0.1:${port}`;
      let session: WebDriverSession | null = null;
      for (let attempt = 0; attempt < 100 && !session; attempt++) {
        try {
          await call(base, 'GET', '/status');
          session = await WebDriverSession.create(base, {
            'webkitgtk:browserOptions': {
              binary: MINIBROWSER_PATH,
              args: ['--automation', '--enable-dns-prefetching=false', '--enable-media=false'],
            },
          });
        } catch (error) {
          if (driver.exitCode !== null) throw new Error(`WebKitWebDriver exited: ${driverLog}`);
          if (attempt === 99) throw error;
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
      }
      const s = session as WebDriverSession;
      await setViewport(s, size);
      const errors: string[] = [];
      let seen = 0;
      const collect = async (): Promise<void> => {
        const all = await s
          .send<string[] | null>('POST', '/execute/sync', { script: 'return window.__gavelErrors || null', args: [] })
          .catch(() => null);
        if (!all) return;
        for (const text of all.slice(seen)) log.record(errors, text);
        seen = all.length;
      };
      const page: EnginePage = {
        get errors() {
          return errors;
        },
        async goto(url) {
          await collect();
          await s.send('POST', '/url', { url });
          seen = 0;
        },
        async evaluate<T>(fn: string, ...args: unknown[]) {
          await collect();
          return s.send<T>('POST', '/execute/sync', { script: `return (${fn}).apply(null, arguments)`, args });
        },
        resize: (next) => setViewport(s, next),
        async click(selector) {
          const element = await s.element(selector);
          await s.send('POST', `/element/${element}/click`);
          await collect();
        },
        async fill(selector, text) {
          const element = await s.element(selector);
          await s.send('POST', `/element/${element}/clear`);
          await s.send('POST', `/element/${element}/value`, { text });
        },
        async screenshot(name) {
          await page.evaluate(SETTLE);
          const png = await s.send<string>('GET', '/screenshot');
          writeFileSync(screenshotPath('webkit', name), Buffer.from(png, 'base64'));
        },
        async close() {
          await collect();
          await s.send('DELETE', '').catch(() => undefined);
          drivers.delete(driver);
          await stop(driver);
        },
      };
      return page;
    },
    async close() {
      await Promise.all([...drivers].map((driver) => stop(driver)));
      rmSync(webRoot, { recursive: true, force: true });
    },
  };
}

/**
 * Sizes MiniBrowser's window so that the page itself (innerWidth × innerHeight) is `size`. GTK
 * keeps the window at least 447 px wide (its header bar), so WebKit's "phone" pages are 447 px
 * wide rather than 390: still a phone layout. Every projector and console size is reached exactly
 * (the projector test checks the viewport it measures in).
 */
async function setViewport(session: WebDriverSession, size: Size): Promise<void> {
  let want = { width: size.width, height: size.height };
  for (let attempt = 0; attempt < 5; attempt++) {
    await session.send('POST', '/window/rect', want);
    const [width, height] = await session.send<[number, number]>('POST', '/execute/sync', {
      script: 'return new Promise((r) => requestAnimationFrame(() => r([innerWidth, innerHeight])))',
      args: [],
    });
    if (width === size.width && height === size.height) return;
    want = { width: want.width + size.width - width, height: want.height + size.height - height };
  }
}
