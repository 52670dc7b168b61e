import { spawnSync } from 'node:child_process';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';

/**
 * Debian's Chromium driven by playwright-core: no downloaded browsers, loopback
 * only. Every page opened through a {@link PageSet} records console errors and
 * uncaught exceptions, so each test can assert that the app logged none.
 */

export const REPO_ROOT = new URL('../../../', import.meta.url).pathname;
export const WEB_BUILD_DIR = join(REPO_ROOT, 'out', 'renderer');
/**
 * Every run saves its screenshots to test-results/screenshots (not committed);
 * `npm run screenshots` writes them to docs/screenshots, the committed set the README names.
 */
export const SCREENSHOT_DIR = process.env.GAVEL_SCREENSHOT_DIR
  ? join(REPO_ROOT, process.env.GAVEL_SCREENSHOT_DIR)
  : join(REPO_ROOT, 'test-results', 'screenshots');
export const CHROMIUM_PATH = process.env.GAVEL_CHROMIUM ?? '/usr/bin/chromium';

/** Fixed sizes so the screenshots compare run to run. */
export const VIEWPORTS = {
  phone: { width: 390, height: 844 },
  console: { width: 1280, height: 800 },
  projector: { width: 1920, height: 1080 },
} as const;
export type ViewportName = keyof typeof VIEWPORTS;

/** The longest any single state may take to appear on a page. */
export const STATE_TIMEOUT_MS = 15_000;

/** Builds out/renderer when it is missing or older than its sources, so `npm test` works on a fresh clone. */
export function ensureWebBuild(): void {
  const result = spawnSync(process.execPath, [join(REPO_ROOT, 'scripts', 'ensure-web-build.mjs')], {
    cwd: REPO_ROOT,
    stdio: 'inherit',
  });
  if (result.status !== 0 || !existsSync(join(WEB_BUILD_DIR, 'index.html'))) {
    throw new Error('The web build (out/renderer) is missing and could not be built');
  }
}

/**
 * One Chromium for the test file. `cleanup` runs after every test, failed or
 * not, to close that test's pages and hosts; the browser closes after the last.
 */
export function useChromium(cleanup: () => Promise<void>): { readonly browser: Browser } {
  let browser: Browser | null = null;
  beforeAll(async () => {
    ensureWebBuild();
    browser = await launchChromium();
  });
  afterEach(cleanup);
  afterAll(async () => {
    await browser?.close();
  });
  return {
    get browser(): Browser {
      if (!browser) throw new Error('Chromium is not running');
      return browser;
    },
  };
}

/**
 * Debian's Chromium as every browser test starts it: no sandbox (root), and no
 * background traffic (the machine has no network but loopback, and nothing may
 * be sent elsewhere). Several pages share two cores: background tabs keep their
 * timers and sockets running. The desktop and engine projects add their own.
 */
export const CHROMIUM_ARGS: readonly string[] = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
  '--disable-background-timer-throttling',
  '--disable-renderer-backgrounding',
  '--disable-backgrounding-occluded-windows',
];

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`No Chromium at ${CHROMIUM_PATH}: apt-get install chromium (never npx playwright install)`);
  }
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: [...CHROMIUM_ARGS] });
}

interface PageRecord {
  readonly name: string;
  readonly page: Page;
  readonly context: BrowserContext;
}

/**
 * The pages of one test, each in its own browser context (own storage, own
 * socket), with their console errors. `close()` closes every context.
 */
export class PageSet {
  readonly #browser: Browser;
  readonly #records: PageRecord[] = [];
  readonly #errors: string[] = [];
  /** Errors that a test expects for a while (e.g. refused connections while the host is down). */
  #allowed: RegExp[] = [];

  constructor(browser: Browser) {
    this.#browser = browser;
  }

  async open(name: string, url: string, viewport: ViewportName): Promise<Page> {
    const context = await this.#browser.newContext({
      viewport: VIEWPORTS[viewport],
      deviceScaleFactor: 1,
      reducedMotion: 'reduce',
      acceptDownloads: true,
    });
    const page = await context.newPage();
    this.#records.push({ name, page, context });
    page.on('console', (message) => {
      if (message.type() !== 'error') return;
      const text = message.text();
      if (this.#allowed.some((pattern) => pattern.test(text))) return;
      this.#errors.push(`[${name}] console.error: ${text}`);
    });
    page.on('pageerror', (error) => {
      this.#errors.push(`[${name}] uncaught: ${error.stack ?? error.message}`);
    });
    await page.goto(url);
    return page;
  }

  /** Ignores console errors matching `patterns` until the returned function is called. */
  allowErrors(...patterns: RegExp[]): () => void {
    this.#allowed = [...this.#allowed, ...patterns];
    return () => {
      this.#allowed = this.#allowed.filter((pattern) => !patterns.includes(pattern));
    };
  }

  /** Every console error and uncaught exception so far, page by page. */
  get errors(): readonly string[] {
    return this.#errors;
  }

  assertNoErrors(): void {
    if (this.#errors.length > 0) {
      throw new Error(`The pages logged errors:\n${this.#errors.join('\n')}`);
    }
  }

  async close(): Promise<void> {
    const records = this.#records.splice(0);
    await Promise.allSettled(records.map((record) => record.context.close()));
  }
}

/** Polls `check` until it returns a truthy value (returned), or fails with `describe()` after `timeoutMs`. */
export async function waitUntil<T>(
  check: () => Promise<T> | T,
  describe: () => string | Promise<string>,
  timeoutMs = STATE_TIMEOUT_MS,
): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown = null;
  for (;;) {
    try {
      const value = await check();
      if (value) return value as NonNullable<T>;
    } catch (err) {
      lastError = err;
    }
    if (Date.now() > deadline) {
      const cause = lastError instanceof Error ? ` (last error: ${lastError.message})` : '';
      throw new Error(`Timed out after ${timeoutMs} ms: ${await describe()}${cause}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** The element with `data-testid="id"`, optionally narrowed by more attributes (`{ 'team-id': 'T1' }`). */
export function byTestId(scope: Page | Locator, id: string, data: Record<string, string> = {}): Locator {
  const extra = Object.entries(data)
    .map(([key, value]) => `[data-${key}="${value}"]`)
    .join('');
  return scope.locator(`[data-testid="${id}"]${extra}`);
}

async function readText(locator: Locator): Promise<string | null> {
  if ((await locator.count()) === 0) return null;
  return normalise(await locator.first().innerText());
}

function normalise(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

function matches(text: string | null, expected: string | RegExp): boolean {
  if (text === null) return false;
  return typeof expected === 'string' ? text === expected : expected.test(text);
}

/** Waits until the locator's visible text (whitespace collapsed) equals `expected` or matches it. */
export async function expectText(
  locator: Locator,
  expected: string | RegExp,
  timeoutMs = STATE_TIMEOUT_MS,
): Promise<string> {
  let last: string | null = null;
  return waitUntil(
    async () => {
      last = await readText(locator);
      return matches(last, expected) ? (last as string) : null;
    },
    () => `${String(locator)} to read ${String(expected)}, but it read ${JSON.stringify(last)}`,
    timeoutMs,
  );
}

/** Waits until the locator's attribute equals `expected`. */
export async function expectAttribute(
  locator: Locator,
  name: string,
  expected: string,
  timeoutMs = STATE_TIMEOUT_MS,
): Promise<void> {
  let last: string | null = null;
  await waitUntil(
    async () => {
      last = (await locator.count()) > 0 ? await locator.first().getAttribute(name) : null;
      return last === expected;
    },
    () => `${String(locator)} to have ${name}="${expected}", but it had ${JSON.stringify(last)}`,
    timeoutMs,
  );
}

/** Waits until an input's current value (the property, not the attribute) equals `expected`. */
export async function expectValue(locator: Locator, expected: string, timeoutMs = STATE_TIMEOUT_MS): Promise<void> {
  let last: string | null = null;
  await waitUntil(
    async () => {
      last = (await locator.count()) > 0 ? await locator.first().inputValue() : null;
      return last === expected;
    },
    () => `${String(locator)} to hold "${expected}", but it held ${JSON.stringify(last)}`,
    timeoutMs,
  );
}

/** Waits until the locator matches no element (or only hidden ones). */
export async function expectGone(locator: Locator, timeoutMs = STATE_TIMEOUT_MS): Promise<void> {
  await locator.first().waitFor({ state: 'hidden', timeout: timeoutMs });
}

/** The screen App.svelte shows (`data-screen` on the app root). */
export async function expectScreen(page: Page, screen: string, timeoutMs = STATE_TIMEOUT_MS): Promise<void> {
  await expectAttribute(byTestId(page, 'app'), 'data-screen', screen, timeoutMs);
}

/** Saves a PNG of the page under SCREENSHOT_DIR. */
export async function saveScreenshot(
  page: Page,
  name: string,
  options: { locator?: Locator; fullPage?: boolean } = {},
): Promise<void> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const path = join(SCREENSHOT_DIR, `${name}.png`);
  // Let fonts and the last frame settle so the image shows what the user sees.
  await page.evaluate(() => document.fonts.ready.then(() => undefined));
  if (options.locator) await options.locator.screenshot({ path, animations: 'disabled', caret: 'hide' });
  else {
    // What the user sees on arrival: the top of the screen (an element shot may have scrolled it).
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path, animations: 'disabled', caret: 'hide', fullPage: options.fullPage ?? false });
  }
}
