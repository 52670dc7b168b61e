import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import type { AxeResults, ImpactValue, Result, RunOptions } from 'axe-core';
import type { Locator, Page } from 'playwright-core';
import { REPO_ROOT, saveScreenshot } from './browser';

/**
 * The accessibility check every screen passes: axe-core run inside the page.
 *
 * The host serves its pages with `script-src 'self'`, so a `<script>` tag with
 * axe's source inline would be refused, and loosening the product's CSP for a
 * test (or `bypassCSP`) would test a page the users never get. axe's source is
 * instead evaluated through the DevTools protocol (`page.evaluate` of a
 * string), which the page's CSP does not govern and which leaves the page as
 * served: axe itself needs no eval, no inline script and no network.
 */

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** Impacts that fail a test (issue 17: "no serious violation on any screen"). */
const FAILING: readonly ImpactValue[] = ['serious', 'critical'];

/**
 * WCAG 2.2 A and AA plus axe's best practices (landmarks, one main, headings).
 * `region` (all content inside a landmark) is left out: the live regions and
 * dialogs App.svelte mounts next to `<main>` are outside any landmark by design.
 */
const RUN_OPTIONS: RunOptions = {
  runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] },
  rules: { region: { enabled: false } },
  resultTypes: ['violations'],
};

/** One rule broken on one screen: what a failure message names. */
export interface Finding {
  readonly screen: string;
  readonly rule: string;
  readonly impact: ImpactValue;
  readonly help: string;
  readonly targets: readonly string[];
  /** axe's own summary of what is wrong with the first element. */
  readonly summary: string;
}

/** Runs axe on the page as it is now and returns every violation, most severe first. */
export async function runAxe(page: Page, screen: string, options: RunOptions = RUN_OPTIONS): Promise<Finding[]> {
  const hasAxe = await page.evaluate(() => 'axe' in window);
  if (!hasAxe) await page.evaluate(AXE_SOURCE);
  const results = (await page.evaluate((runOptions) => {
    const axe = (window as unknown as { axe: { run(context: Document, o: unknown): Promise<unknown> } }).axe;
    return axe.run(document, runOptions);
  }, options)) as AxeResults;
  return results.violations.map((violation) => toFinding(screen, violation)).sort(bySeverity);
}

function toFinding(screen: string, violation: Result): Finding {
  const targets = violation.nodes.map((node) => node.target.map(String).join(' >> '));
  const summary = violation.nodes[0]?.failureSummary?.replace(/\s+/g, ' ').trim() ?? '';
  return { screen, rule: violation.id, impact: violation.impact ?? null, help: violation.help, targets, summary };
}

const RANK: Record<string, number> = { critical: 0, serious: 1, moderate: 2, minor: 3 };
function bySeverity(a: Finding, b: Finding): number {
  return (RANK[a.impact ?? 'minor'] ?? 4) - (RANK[b.impact ?? 'minor'] ?? 4);
}

export function isFailing(finding: Finding): boolean {
  return FAILING.includes(finding.impact);
}

/** A finding as one readable line: screen, impact, rule, where, and what axe says to fix. */
export function formatFinding(finding: Finding): string {
  const where = finding.targets.slice(0, 5).join(', ') + (finding.targets.length > 5 ? ', …' : '');
  return `${finding.screen}: [${finding.impact}] ${finding.rule} (${finding.help}) at ${where}: ${finding.summary}`;
}

/**
 * Waits (at most 20 frames) for the colour transitions a theme switch starts on
 * buttons to end: axe must read the colours they end on, not a mix of old and new.
 */
async function settle(page: Page): Promise<void> {
  await page.evaluate(async () => {
    const frame = (): Promise<void> => new Promise((resolve) => requestAnimationFrame(() => resolve()));
    await frame();
    for (let i = 0; i < 20; i++) {
      if (!document.getAnimations().some((animation) => animation instanceof CSSTransition)) return;
      await frame();
    }
  });
}

/**
 * A walk's test ends when its states are done, not on the clock: each is a
 * bounded list of states, and on a loaded machine (two cores, several
 * browsers) three sizes of screenshots and axe runs per state take a while.
 */
export const WALK_TIMEOUT_MS = 400_000;

/** The sizes the walk looks at every screen in (issue 17). */
export const SIZES = {
  phone: { width: 390, height: 844 },
  laptop: { width: 1366, height: 768 },
  wall: { width: 1920, height: 1080 },
} as const;
export type SizeName = keyof typeof SIZES;
export const ALL_SIZES: readonly SizeName[] = ['phone', 'laptop', 'wall'];

/**
 * A walk through screens and states: each `look` saves a screenshot named
 * `<screen>-<state>-<width>x<height>` and runs axe, in the light theme the
 * browser reports by default and, for contrast, once in the dark one (the
 * app's own default and every projector). Findings are collected over the walk so
 * one run lists them all; `assertNoSerious` fails the test with every serious
 * or critical one.
 */
export class A11yWalk {
  readonly #findings: Finding[] = [];

  /** Every finding so far, serious or not. */
  get findings(): readonly Finding[] {
    return this.#findings;
  }

  /**
   * Looks at the page in each of `sizes` (restoring the size it had), with
   * `options.fullPage` for a screenshot of the whole scroll height, or
   * `options.locator` for one of that part of the page (axe still checks all of it).
   */
  async look(
    page: Page,
    screen: string,
    state: string,
    sizes: readonly SizeName[] = ALL_SIZES,
    options: { fullPage?: boolean; media?: 'print'; locator?: Locator } = {},
  ): Promise<void> {
    const before = page.viewportSize();
    for (const size of sizes) {
      const { width, height } = SIZES[size];
      if (before?.width !== width || before.height !== height || sizes.length > 1) {
        await page.setViewportSize({ width, height });
      }
      const name = `${screen}-${state}-${width}x${height}`;
      await saveScreenshot(page, name, { fullPage: options.fullPage, locator: options.locator });
      this.#findings.push(...(await runAxe(page, name)));
      // The dark theme, contrast only (the other rules do not depend on the colours), at the first size: a
      // theme's colours are the same at every size, and axe's contrast rule is the slowest of its rules.
      if (options.media === 'print' || size !== sizes[0]) continue;
      await page.emulateMedia({ colorScheme: 'dark' });
      await settle(page);
      const dark = await runAxe(page, `${name} (dark)`, {
        ...RUN_OPTIONS,
        runOnly: { type: 'rule', values: ['color-contrast'] },
      });
      this.#findings.push(...dark);
      await page.emulateMedia({ colorScheme: 'light' });
      await settle(page);
    }
    if (before) await page.setViewportSize(before);
  }

  /** Writes every finding to test-results/a11y/<name>.json, for a person to read after the run. */
  save(name: string): void {
    const dir = join(REPO_ROOT, 'test-results', 'a11y');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, `${name}.json`), JSON.stringify(this.#findings, null, 2));
  }

  assertNoSerious(): void {
    const failing = this.#findings.filter(isFailing);
    if (failing.length > 0) {
      throw new Error(`Serious accessibility violations:\n${failing.map(formatFinding).join('\n')}`);
    }
  }

  /** The moderate and minor findings, one line each (for the report; they do not fail the walk). */
  describeOthers(): string {
    return this.#findings
      .filter((finding) => !isFailing(finding))
      .map(formatFinding)
      .join('\n');
  }
}
