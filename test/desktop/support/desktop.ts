import { fork, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { CHROMIUM_ARGS, CHROMIUM_PATH, waitUntil } from '../../e2e/support/browser';
import { snapshotDesktopBuild } from './build';
import type { AppState, DialogAnswer, LanService } from './protocol';
import { Rpc } from './rpc';
import { CHROMIUM_SECURE_ORIGINS, WindowServer, type WindowRecord } from './window-server';

/**
 * Desktop app instances for a test: each one a Node child process running
 * the built main process against the electron stand-in, its windows pages in
 * the test file's Chromium, all of them on one fake LAN.
 */

const APP_PROCESS = new URL('./app-process.ts', import.meta.url).pathname;
/** Debian's Chromium with the e2e tests' flags, the stand-in's app:// host treated as secure (as app:// is). */
async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`No Chromium at ${CHROMIUM_PATH}: apt-get install chromium (never npx playwright install)`);
  }
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [...CHROMIUM_ARGS, `--unsafely-treat-insecure-origin-as-secure=${CHROMIUM_SECURE_ORIGINS.join(',')}`],
  });
}

export interface DesktopWindow {
  readonly id: number;
  readonly page: Page;
  readonly preload: string | null;
}

/** mDNS stand-in: what one app publishes, every app browsing that type sees (addresses: 127.0.0.1). */
export class FakeLan {
  readonly #services = new Map<string, { owner: DesktopApp; service: LanService }>();
  readonly #browsers = new Map<string, { owner: DesktopApp; id: number; type: string }>();
  readonly log: string[] = [];

  attach(app: DesktopApp, rpc: Rpc): void {
    rpc.handle('lan:publish', (params) => {
      const service = params as Omit<LanService, 'key'>;
      let key = `${service.name}._${service.type}._tcp.local`;
      for (let n = 2; this.#services.has(key); n++) key = `${service.name} (${n})._${service.type}._tcp.local`;
      const full: LanService = { ...service, key };
      this.#services.set(key, { owner: app, service: full });
      this.log.push(`${app.name} publish ${service.name}`);
      this.#broadcast('up', full);
      return key;
    });
    rpc.handle('lan:unpublish', (key) => this.#withdraw(String(key), 'goodbye'));
    rpc.handle('lan:browse', (params) => {
      const { id, type } = params as { id: number; type: string };
      this.#browsers.set(`${app.name}:${id}`, { owner: app, id, type });
      for (const { service } of this.#services.values()) {
        if (service.type === type) app.rpc.notify('lan:event', { browserId: id, event: 'up', service });
      }
    });
    rpc.handle('lan:unbrowse', (id) => void this.#browsers.delete(`${app.name}:${String(id)}`));
  }

  /** A process that died sends no goodbye; the fake LAN forgets it at once (mDNS would after the TTL). */
  detach(app: DesktopApp): void {
    for (const [key, browser] of this.#browsers) if (browser.owner === app) this.#browsers.delete(key);
    for (const [key, entry] of this.#services) if (entry.owner === app) this.#withdraw(key, 'vanished');
  }

  get services(): LanService[] {
    return [...this.#services.values()].map((entry) => entry.service);
  }

  #withdraw(key: string, how: 'goodbye' | 'vanished'): void {
    const entry = this.#services.get(key);
    if (!entry) return;
    this.#services.delete(key);
    this.log.push(`${entry.owner.name} ${how} ${entry.service.name}`);
    this.#broadcast('down', entry.service);
  }

  #broadcast(event: 'up' | 'down', service: LanService): void {
    for (const browser of this.#browsers.values()) {
      if (browser.type === service.type) {
        browser.owner.rpc.notify('lan:event', { browserId: browser.id, event, service });
      }
    }
  }
}

export interface LaunchOptions {
  /** The app's user-data dir; a fresh one by default. Pass an earlier app's to "restart" it. */
  readonly userData?: string;
  /** Another copy of the built app (see `Desktop.appDir`), e.g. one with a file removed. */
  readonly appDir?: string;
}

export class DesktopApp {
  readonly name: string;
  readonly userData: string;
  readonly home: string;
  readonly rpc: Rpc;
  readonly child: ChildProcess;
  readonly windows: WindowServer;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  readonly errors: string[] = [];
  readonly log: string[] = [];
  #allowed: RegExp[] = [];
  #exitedNow = false;

  constructor(options: { name: string; userData: string; home: string; appDir: string; browser: Browser }) {
    this.name = options.name;
    this.userData = options.userData;
    this.home = options.home;
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      GAVEL_STANDIN_APP_DIR: options.appDir,
      GAVEL_STANDIN_USER_DATA: options.userData,
      GAVEL_STANDIN_HOME: options.home,
    };
    delete env.ELECTRON_RENDERER_URL;
    delete env.NODE_OPTIONS;
    this.child = fork(APP_PROCESS, [], {
      execArgv: ['--import', 'tsx'],
      env,
      serialization: 'advanced',
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    for (const stream of [this.child.stdout, this.child.stderr]) {
      let rest = '';
      stream?.setEncoding('utf8');
      stream?.on('data', (chunk: string) => {
        const lines = (rest + chunk).split('\n');
        rest = lines.pop() ?? '';
        this.log.push(...lines);
      });
    }
    this.exited = new Promise((resolve) => {
      this.child.once('exit', (code, signal) => {
        this.#exitedNow = true;
        resolve({ code, signal });
      });
    });
    this.rpc = new Rpc(this.child);
    this.rpc.handle('standin:error', (message) => this.#report(`[${this.name}] ${String(message)}`));
    this.windows = new WindowServer({
      browser: options.browser,
      rpc: this.rpc,
      name: this.name,
      report: (message) => this.#report(message),
      isAllowed: (message) => this.#allowed.some((pattern) => pattern.test(message)),
    });
    // A crashed or quit app's windows vanish with it.
    void this.exited.then(() => this.windows.close());
  }

  get hasExited(): boolean {
    return this.#exitedNow;
  }

  #report(message: string): void {
    this.errors.push(message);
  }

  /** Ignores errors matching `patterns` (console errors, failed requests) until the returned function is called. */
  allowErrors(...patterns: RegExp[]): () => void {
    this.#allowed = [...this.#allowed, ...patterns];
    return () => {
      this.#allowed = this.#allowed.filter((pattern) => !patterns.includes(pattern));
    };
  }

  assertNoErrors(): void {
    if (this.errors.length > 0) throw new Error(`${this.name} reported errors:\n${this.errors.join('\n')}`);
  }

  state(): Promise<AppState> {
    return this.rpc.request<AppState>('state');
  }

  /** Waits for a window the app opened that matches `predicate` (e.g. the projector: no preload). */
  async window(predicate: (window: DesktopWindow) => boolean = () => true, what = 'a window'): Promise<DesktopWindow> {
    const find = (): DesktopWindow | undefined =>
      [...this.windows.windows.values()]
        .filter((record: WindowRecord) => !record.closed)
        .map((record) => ({ id: record.id, page: record.page, preload: record.spec.preload }))
        .find(predicate);
    return waitUntil(
      () => {
        if (this.errors.length > 0) throw new Error(this.errors.join('\n'));
        return find();
      },
      () => `${this.name} to open ${what}; log:\n${this.log.slice(-20).join('\n')}`,
    );
  }

  /** The main window: the one whose options name a preload. */
  mainWindow(): Promise<DesktopWindow> {
    return this.window((w) => w.preload !== null, 'its main window');
  }

  /** Clicks an application-menu item by id, or presses its accelerator ('CmdOrCtrl+N'). */
  async menu(item: { id: string } | { accelerator: string }): Promise<void> {
    await this.rpc.request('menu:click', item);
  }

  /** The next native dialog of that kind returns `answer`. */
  async queueDialog(answer: DialogAnswer): Promise<void> {
    await this.rpc.request('dialog:queue', answer);
  }

  /** The user clicks the window's close button. */
  async closeWindow(id: number): Promise<void> {
    await this.rpc.request('window:user-close', { id });
  }

  /** Cmd/Ctrl+Q: `app.quit()`. */
  async quit(): Promise<void> {
    await this.rpc.request('app:quit');
  }

  /** A crash: SIGKILL, no handler runs. */
  async kill(): Promise<void> {
    if (!this.#exitedNow) this.child.kill('SIGKILL');
    await this.exited;
  }
}

export interface Desktop {
  readonly browser: Browser;
  readonly lan: FakeLan;
  /** This file's snapshot of the built app (main/, preload/, renderer/). */
  readonly appDir: string;
  /** A fresh temp dir for this test, removed after it. */
  tempDir(name: string): string;
  launch(name: string, options?: LaunchOptions): Promise<DesktopApp>;
}

/**
 * One Chromium and one snapshot of the built app per test file; the apps,
 * their windows and temp dirs of each test are cleaned up after it, failed or not.
 */
export function useDesktop(): Desktop {
  let browser: Browser | null = null;
  let appDir: string | null = null;
  let lan = new FakeLan();
  let apps: DesktopApp[] = [];
  let dirs: string[] = [];

  beforeAll(async () => {
    appDir = snapshotDesktopBuild();
    browser = await launchChromium();
  });
  afterEach(async (context) => {
    const failed = context.task.result?.state === 'fail';
    const stopping = apps;
    apps = [];
    for (const app of stopping) {
      if (failed) process.stderr.write(`--- ${app.name} log ---\n${app.log.join('\n')}\n`);
      await app.kill();
      await app.windows.close();
    }
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
    dirs = [];
    lan = new FakeLan();
  });
  afterAll(async () => {
    await browser?.close();
    if (appDir) rmSync(appDir, { recursive: true, force: true });
  });

  const desktop: Desktop = {
    get browser(): Browser {
      if (!browser) throw new Error('Chromium is not running');
      return browser;
    },
    get lan(): FakeLan {
      return lan;
    },
    get appDir(): string {
      if (!appDir) throw new Error('the app snapshot is not ready');
      return appDir;
    },
    tempDir(name: string): string {
      const dir = mkdtempSync(join(tmpdir(), `gavel-desktop-${name}-`));
      dirs.push(dir);
      return dir;
    },
    async launch(name: string, options: LaunchOptions = {}): Promise<DesktopApp> {
      if (!appDir) throw new Error('the app snapshot is not ready');
      const home = desktop.tempDir(`${name}-home`);
      const userData = options.userData ?? join(home, 'userData');
      mkdirSync(userData, { recursive: true });
      const app = new DesktopApp({
        name,
        userData,
        home,
        appDir: options.appDir ?? appDir,
        browser: desktop.browser,
      });
      apps.push(app);
      const network = lan;
      network.attach(app, app.rpc);
      void app.exited.then(() => network.detach(app));
      return app;
    },
  };
  return desktop;
}
