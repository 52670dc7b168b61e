import { afterAll, afterEach, beforeAll } from 'vitest';
import { ensureWebBuild, waitUntil } from '../../e2e/support/browser';
import { ENGINES, launchEngine, type Engine, type EngineName, type EnginePage, type Size } from './engines';
import { Sandbox } from './sandbox';

/**
 * The engines this run covers: all three on Linux (a missing browser fails the run with the
 * apt-get command that installs it, so CI cannot go green without them), none elsewhere:
 * WebKitGTK and Debian's Firefox ESR are Linux builds, and the namespace needs Linux and root.
 * GAVEL_ENGINES=chromium,firefox narrows a local run (never set it in CI); it never widens it.
 */
export function enginesToRun(): { engines: readonly EngineName[]; skipReason: string | null } {
  // Only off Linux is the project skipped; on Linux without root, Sandbox.create() fails the run and says why.
  if (process.platform !== 'linux') return { engines: [], skipReason: 'the engine tests run on Linux only' };
  const wanted = process.env.GAVEL_ENGINES?.split(',').map((name) => name.trim());
  return { engines: wanted ? ENGINES.filter((name) => wanted.includes(name)) : ENGINES, skipReason: null };
}

/** Longer than the e2e tests' 15 s: WebKit and Firefox on two shared cores take their time. A wait, not a deadline. */
export const ENGINE_STATE_TIMEOUT_MS = 45_000;

/**
 * One sandbox (network namespace with only loopback, plus Xvfb for WebKit) and one
 * browser of `name` for a describe block. `cleanup` runs after every test, failed or
 * not; the browser, its drivers, Xvfb and the namespace go after the last test.
 */
export function useEngine(
  name: EngineName,
  cleanup: () => Promise<void>,
): { readonly engine: Engine; readonly sandbox: Sandbox } {
  let sandbox: Sandbox | null = null;
  let engine: Engine | null = null;
  beforeAll(async () => {
    ensureWebBuild();
    sandbox = await Sandbox.create();
    engine = await launchEngine(name, sandbox);
  });
  afterEach(cleanup);
  afterAll(async () => {
    try {
      await engine?.close();
    } finally {
      await sandbox?.close();
    }
  });
  return {
    get engine(): Engine {
      if (!engine) throw new Error(`${name} is not running`);
      return engine;
    },
    get sandbox(): Sandbox {
      if (!sandbox) throw new Error('the sandbox is not up');
      return sandbox;
    },
  };
}

export function selector(id: string, data: Record<string, string> = {}): string {
  const extra = Object.entries(data)
    .map(([key, value]) => `[data-${key}="${value}"]`)
    .join('');
  return `[data-testid="${id}"]${extra}`;
}

/** Reads, inside the page, the first match of `sel`: its whitespace-collapsed text and one attribute. */
const READ = `(sel, attr) => {
  const el = document.querySelector(sel);
  if (!el) return null;
  return { text: (el.innerText ?? el.textContent ?? '').replace(/\\s+/g, ' ').trim(), attr: attr ? el.getAttribute(attr) : null };
}`;

export async function readText(page: EnginePage, sel: string): Promise<string | null> {
  const found = await page.evaluate<{ text: string } | null>(READ, sel, null);
  return found?.text ?? null;
}

/**
 * Waits for a state of the page; stops at once, with the page's errors, when the page logged an
 * error or threw (a broken page would otherwise only show as a wait that runs out).
 */
async function waitForPage<T>(
  page: EnginePage,
  check: () => Promise<T>,
  describe: () => string,
): Promise<NonNullable<T>> {
  return waitUntil(
    async () => {
      if (page.errors.length > 0) return { failed: true } as const;
      const value = await check();
      return value ? ({ value } as const) : null;
    },
    () => `${describe()}${page.errors.length > 0 ? `; the page logged:\n${page.errors.join('\n')}` : ''}`,
    ENGINE_STATE_TIMEOUT_MS,
  ).then((result) => {
    if ('failed' in result)
      throw new Error(`While waiting for ${describe()}, the page logged:\n${page.errors.join('\n')}`);
    return result.value as NonNullable<T>;
  });
}

export async function expectText(page: EnginePage, sel: string, expected: string | RegExp): Promise<string> {
  let last: string | null = null;
  return waitForPage(
    page,
    async () => {
      last = await readText(page, sel);
      if (last === null) return null;
      return (typeof expected === 'string' ? last === expected : expected.test(last)) ? last : null;
    },
    () => `${sel} to read ${String(expected)}, but it read ${JSON.stringify(last)}`,
  );
}

export async function expectAttribute(page: EnginePage, sel: string, name: string, expected: string): Promise<void> {
  let last: string | null = null;
  await waitForPage(
    page,
    async () => {
      const found = await page.evaluate<{ attr: string | null } | null>(READ, sel, name);
      last = found?.attr ?? null;
      return last === expected;
    },
    () => `${sel} to have ${name}="${expected}", but it had ${JSON.stringify(last)}`,
  );
}

export async function expectPresent(page: EnginePage, sel: string): Promise<void> {
  await waitForPage(
    page,
    () => page.evaluate<boolean>('(sel) => document.querySelector(sel) !== null', sel),
    () => `${sel} to appear`,
  );
}

export async function expectScreen(page: EnginePage, screen: string): Promise<void> {
  await expectAttribute(page, selector('app'), 'data-screen', screen);
}

export function assertNoErrors(engine: EngineName, pages: readonly EnginePage[]): void {
  const errors = pages.flatMap((page) => page.errors);
  if (errors.length > 0) throw new Error(`${engine}: the pages logged errors:\n${errors.join('\n')}`);
}

export type { Engine, EngineName, EnginePage, Size };
