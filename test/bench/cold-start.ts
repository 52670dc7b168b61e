import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium, type Browser, type CDPSession } from 'playwright-core';
import { startHost, type HostHandle } from '../../main/host/host-server';
import type { RateLimits } from '../../main/host/rate-limit';
import { connectGavel, type GavelClient } from '../../renderer/lib/gavel-client';
import type { AuctionConfig, Lot } from '../../shared/auction/types';
import { demoLeague } from '../../shared/catalog';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../e2e/support/browser';
import { formatTable } from './report';
import { round } from './stats';

/**
 * The phone cold start (issue 18): a team's join link opened in Debian's
 * Chromium as a mid-range phone would open it on venue Wi-Fi: CPU throttled
 * 4 × and the network shaped by CDP, a cold cache each run. Reports the time
 * to first paint, to the lot on screen and to the Bid button enabled, and the
 * JavaScript and CSS the page fetched. A benchmark part, never a test.
 *
 * Each web build given (the current out/renderer, and optionally an earlier
 * build as a baseline) gets its own host with a live lot; runs alternate
 * between them, so both see the same machine at the same moments.
 */

export interface NetworkProfile {
  readonly name: string;
  /** Bytes per second, as CDP takes them. */
  readonly downloadBps: number;
  readonly uploadBps: number;
  /** Added to every request's round trip. */
  readonly latencyMs: number;
}

const MBIT = 1_000_000 / 8;
/** The two venues: busy Wi-Fi, and a slow one (the figures of Lighthouse's "slow 4G"). */
export const NETWORKS: readonly NetworkProfile[] = [
  { name: 'busy Wi-Fi 20 Mbit/s 40 ms', downloadBps: 20 * MBIT, uploadBps: 10 * MBIT, latencyMs: 40 },
  { name: 'slow Wi-Fi 1.6 Mbit/s 150 ms', downloadBps: 1.6 * MBIT, uploadBps: 0.75 * MBIT, latencyMs: 150 },
];
/** A mid-range phone runs JavaScript about 4 × slower than this machine's cores. */
export const CPU_SLOWDOWN = 4;
/** A phone's viewport, as the e2e tests use. */
const PHONE = { width: 390, height: 844 };
/** One run gives up after this long (the slow network takes about 3 s). */
const RUN_TIMEOUT_MS = 30_000;

/** Many page loads from one address in a minute: the handshake limits would refuse the later ones. */
const BENCH_RATE_LIMITS: RateLimits = {
  handshakeBurst: 10_000,
  handshakePerSecond: 10_000,
  handshakeQueue: 10_000,
  commandBurst: 10_000,
  commandPerSecond: 10_000,
  connectionsPerAddress: 10_000,
};

/** Milliseconds since navigation start, or null when it never happened in the run. */
export interface ColdStartRun {
  readonly firstPaintMs: number | null;
  readonly firstContentfulPaintMs: number | null;
  readonly lotShownMs: number | null;
  readonly bidEnabledMs: number | null;
  /** The app created its socket (its scripts have run), the socket opened, the snapshot arrived. */
  readonly socketCreatedMs: number | null;
  readonly socketOpenMs: number | null;
  readonly snapshotMs: number | null;
  /** Bytes on the wire (headers included) for scripts and for style sheets. */
  readonly jsTransferBytes: number;
  readonly cssTransferBytes: number;
  readonly requests: number;
  readonly error?: string;
}

export interface Summary {
  readonly median: number | null;
  readonly max: number | null;
}

export interface ColdStartRow {
  /** Which web build ("current", "baseline"). */
  readonly build: string;
  readonly network: string;
  readonly runs: number;
  readonly failed: number;
  readonly firstPaintMs: Summary;
  readonly lotShownMs: Summary;
  readonly bidEnabledMs: Summary;
  readonly socketCreatedMs: Summary;
  readonly snapshotMs: Summary;
  readonly jsTransferBytes: Summary;
  readonly cssTransferBytes: Summary;
  /** The gzipped size (level 9) of the built .js and .css the page fetched, whatever the server sent. */
  readonly jsGzipBytes: number;
  readonly cssGzipBytes: number;
}

export interface BuildSize {
  readonly build: string;
  readonly dir: string;
  /** Every built .js / .css, gzipped at level 9: what the whole app would cost. */
  readonly jsGzipBytes: number;
  readonly cssGzipBytes: number;
  readonly files: number;
}

export interface ColdStartReport {
  readonly cpuSlowdown: number;
  readonly lots: number;
  readonly runsEach: number;
  readonly builds: readonly BuildSize[];
  readonly rows: readonly ColdStartRow[];
  readonly raw: Record<string, Record<string, readonly ColdStartRun[]>>;
}

export interface ColdStartOptions {
  /** Runs per build and network. */
  readonly runs: number;
  /** name → built renderer folder (with index.html). */
  readonly builds: Readonly<Record<string, string>>;
  /** Players in the catalog. */
  readonly lots: number;
  readonly log?: (line: string) => void;
}

/** The options `npm run bench` takes for this part (merged into run.ts's parseArgs). */
export const COLD_START_ARGS = {
  'cold-start-runs': { type: 'string' },
  'cold-start-baseline': { type: 'string' },
  'cold-start-lots': { type: 'string' },
} as const;

export const COLD_START_HELP = `  --cold-start-lots 600  players in the cold start's catalog (the demo league's 60, repeated)
  --cold-start-runs 10  page loads per build and network in the phone cold start (0 skips it)
  --cold-start-baseline dir   (or name=dir,name=dir)
                        also measure earlier web builds (folders with index.html), run for run
                        beside out/renderer: before and after in the same run`;

/** The option values of this part, from run.ts's parsed `values`. */
export function readColdStartOptions(
  root: string,
  values: {
    readonly 'cold-start-runs'?: string;
    readonly 'cold-start-baseline'?: string;
    readonly 'cold-start-lots'?: string;
  },
  quick: boolean,
): ColdStartOptions {
  const runs = Number(values['cold-start-runs'] ?? (quick ? 3 : 10));
  const builds: Record<string, string> = { current: join(root, 'out', 'renderer') };
  // `dir`, or `name=dir,name=dir` to compare several (e.g. one bundle, split, split + compressed).
  for (const item of (values['cold-start-baseline'] ?? '').split(',').filter(Boolean)) {
    const [name, dir] = item.includes('=') ? item.split('=', 2) : ['baseline', item];
    if (name && dir && name !== 'current') builds[name] = resolve(dir);
  }
  const lots = Number(values['cold-start-lots'] ?? 600);
  return {
    runs: Number.isInteger(runs) && runs >= 0 ? runs : 10,
    builds,
    lots: Number.isInteger(lots) && lots > 0 && lots <= 5_000 ? lots : 600,
  };
}

/**
 * Runs in the page before any of its own scripts: records when the first paint, the lot's name
 * and an enabled Bid button appear, in ms since navigation start. The DOM is checked on every
 * mutation (cheap next to a frame at 4 × slowdown), so a time is when the element entered the
 * page; it paints in the frame after.
 */
const PAGE_PROBE = `(() => {
  const marks = {};
  window.__coldStart = marks;
  // Where the time goes between the scripts and the Bid button: the socket opening, the snapshot arriving.
  const NativeWebSocket = window.WebSocket;
  window.WebSocket = class extends NativeWebSocket {
    constructor(...args) {
      super(...args);
      if (marks.socket === undefined) marks.socket = performance.now();
      this.addEventListener('open', () => { if (marks.open === undefined) marks.open = performance.now(); });
      this.addEventListener('message', (e) => {
        if (marks.snapshot === undefined && typeof e.data === 'string' && e.data.includes('auction:snapshot')) {
          marks.snapshot = performance.now();
        }
      });
    }
  };
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) marks[entry.name] = entry.startTime;
  }).observe({ type: 'paint', buffered: true });
  const check = () => {
    if (marks.lot === undefined && document.querySelector('[data-testid="lot-name"]')) marks.lot = performance.now();
    if (marks.bid === undefined && document.querySelector('[data-testid="bid-quick-0"]:not([disabled])')) {
      marks.bid = performance.now();
    }
    if (marks.lot !== undefined && marks.bid !== undefined) observer.disconnect();
  };
  const observer = new MutationObserver(check);
  observer.observe(document, { childList: true, subtree: true, attributes: true, attributeFilter: ['disabled'] });
})();`;

interface PageMarks {
  readonly socket?: number;
  readonly open?: number;
  readonly snapshot?: number;
  readonly 'first-paint'?: number;
  readonly 'first-contentful-paint'?: number;
  readonly lot?: number;
  readonly bid?: number;
}

/**
 * The demo league (8 teams, IPL rules) with its 60 players repeated to `lots` (an IPL mega
 * auction lists about 600: the catalog is most of the snapshot a phone waits for), the first
 * lot open for an hour.
 */
export function makeColdStartConfig(lots: number): AuctionConfig {
  const league = demoLeague();
  const players = Array.from({ length: Math.max(1, lots) }, (_, i) => {
    const lot = league.lots[i % league.lots.length] as Lot;
    const round = Math.floor(i / league.lots.length);
    return {
      ...lot,
      id: `L${String(i + 1).padStart(3, '0')}`,
      name: round === 0 ? lot.name : `${lot.name} ${round + 1}`,
    };
  });
  return { ...league, lots: players, rules: { ...league.rules, lotOpenMs: 3_600_000, bidExtendMs: 1_000 } };
}

/** A host with a live lot, serving `dir`. */
async function startLiveHost(
  dir: string,
  config: AuctionConfig,
): Promise<{ host: HostHandle; admin: GavelClient; teamUrl: string }> {
  const host = await startHost({
    port: 0,
    host: '127.0.0.1',
    dataDir: null,
    config,
    staticDir: dir,
    rateLimits: BENCH_RATE_LIMITS,
  });
  const url = `http://127.0.0.1:${host.port}`;
  const admin = connectGavel({ url, code: host.joinCodes.admin, clockSyncIntervalMs: 0 });
  await admin.waitFor((c) => c.state !== null, 10_000);
  const started = await admin.send('auction:start', {});
  if (!started.ok) throw new Error(`the auction did not start: ${started.error.message}`);
  const teamId = config.teams[0]?.id;
  const code = teamId ? host.joinCodes.teams[teamId] : undefined;
  if (!code) throw new Error('the demo league has no team');
  return { host, admin, teamUrl: `${url}/?code=${encodeURIComponent(code)}` };
}

/** One cold page load: a fresh context (empty cache, no open connections), throttled before it navigates. */
async function loadOnce(browser: Browser, url: string, network: NetworkProfile): Promise<ColdStartRun> {
  const context = await browser.newContext({ viewport: PHONE, deviceScaleFactor: 2, isMobile: true, hasTouch: true });
  const bytes = { js: 0, css: 0, requests: 0 };
  try {
    await context.addInitScript(PAGE_PROBE);
    const page = await context.newPage();
    const cdp: CDPSession = await context.newCDPSession(page);
    const types = new Map<string, string>();
    cdp.on('Network.responseReceived', (e) => types.set(e.requestId, e.type));
    cdp.on('Network.loadingFinished', (e) => {
      bytes.requests += 1;
      const type = types.get(e.requestId);
      if (type === 'Script') bytes.js += e.encodedDataLength;
      else if (type === 'Stylesheet') bytes.css += e.encodedDataLength;
    });
    await cdp.send('Network.enable');
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
    // A phone opens http://<LAN address>, not a secure origin, so Chromium offers it no brotli;
    // 127.0.0.1 is secure and would get brotli. Ask as the phone would.
    await cdp.send('Network.setExtraHTTPHeaders', { headers: { 'Accept-Encoding': 'gzip, deflate' } });
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: network.latencyMs,
      downloadThroughput: network.downloadBps,
      uploadThroughput: network.uploadBps,
    });
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: CPU_SLOWDOWN });
    // GAVEL_COLD_PROFILE=dir writes a CPU profile of each load (profile-summary.ts reads it).
    const profileDir = process.env.GAVEL_COLD_PROFILE;
    if (profileDir) {
      await cdp.send('Profiler.enable');
      await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
      await cdp.send('Profiler.start');
    }
    await page.goto(url, { waitUntil: 'commit', timeout: RUN_TIMEOUT_MS });
    let marks: PageMarks = {};
    let error: string | undefined;
    try {
      await page.waitForFunction(
        () => {
          const m = (window as unknown as { __coldStart?: PageMarks }).__coldStart;
          return m?.bid !== undefined && m['first-contentful-paint'] !== undefined;
        },
        undefined,
        { timeout: RUN_TIMEOUT_MS, polling: 100 },
      );
    } catch (err) {
      error = err instanceof Error ? err.message.split('\n')[0] : String(err);
    }
    marks = await page.evaluate(() => (window as unknown as { __coldStart?: PageMarks }).__coldStart ?? {});
    if (profileDir) {
      const { profile } = await cdp.send('Profiler.stop');
      mkdirSync(profileDir, { recursive: true });
      writeFileSync(join(profileDir, `cold-${network.latencyMs}ms-${Date.now()}.cpuprofile`), JSON.stringify(profile));
    }
    return {
      firstPaintMs: marks['first-paint'] ?? null,
      firstContentfulPaintMs: marks['first-contentful-paint'] ?? null,
      lotShownMs: marks.lot ?? null,
      bidEnabledMs: marks.bid ?? null,
      socketCreatedMs: marks.socket ?? null,
      socketOpenMs: marks.open ?? null,
      snapshotMs: marks.snapshot ?? null,
      jsTransferBytes: bytes.js,
      cssTransferBytes: bytes.css,
      requests: bytes.requests,
      ...(error ? { error } : {}),
    };
  } finally {
    await context.close();
  }
}

function summarise(values: readonly (number | null)[]): Summary {
  const known = values.filter((v): v is number => v !== null).sort((a, b) => a - b);
  if (known.length === 0) return { median: null, max: null };
  const mid = Math.floor(known.length / 2);
  const median = known.length % 2 === 1 ? known[mid] : ((known[mid - 1] ?? 0) + (known[mid] ?? 0)) / 2;
  return { median: round(median ?? 0, 0), max: round(known[known.length - 1] ?? 0, 0) };
}

function gzipOf(path: string): number {
  return gzipSync(readFileSync(path), { level: 9 }).length;
}

/** The gzipped size of every built .js and .css (not the pre-compressed copies beside them). */
export function measureBuild(build: string, dir: string): BuildSize {
  const assets = join(dir, 'assets');
  let js = 0;
  let css = 0;
  let files = 0;
  for (const name of existsSync(assets) ? readdirSync(assets) : []) {
    if (name.endsWith('.js')) js += gzipOf(join(assets, name));
    else if (name.endsWith('.css')) css += gzipOf(join(assets, name));
    else continue;
    files += 1;
  }
  return { build, dir, jsGzipBytes: js, cssGzipBytes: css, files };
}

/** What the bidder page fetches, from the files: the script and style sheet requests of one plain (unthrottled) load. */
async function fetchedAssets(browser: Browser, url: string, dir: string): Promise<{ js: number; css: number }> {
  const context = await browser.newContext({ viewport: PHONE });
  const paths = new Set<string>();
  try {
    const page = await context.newPage();
    page.on('request', (req) => {
      if (req.resourceType() === 'script' || req.resourceType() === 'stylesheet')
        paths.add(new URL(req.url()).pathname);
    });
    await page.goto(url);
    await page.waitForSelector('[data-testid="bid-quick-0"]:not([disabled])', { timeout: RUN_TIMEOUT_MS });
  } finally {
    await context.close();
  }
  let js = 0;
  let css = 0;
  for (const path of paths) {
    const file = join(dir, path.replace(/^\/+/, ''));
    if (!existsSync(file)) continue;
    if (path.endsWith('.css')) css += gzipOf(file);
    else js += gzipOf(file);
  }
  return { js, css };
}

export async function runColdStart(options: ColdStartOptions): Promise<ColdStartReport> {
  const log = options.log ?? (() => undefined);
  const builds = Object.entries(options.builds).filter(([name, dir]) => {
    const isBuilt = existsSync(join(dir, 'index.html'));
    if (!isBuilt) log(`cold start: ${name} (${dir}) is not built; skipped (npm run build:web)`);
    return isBuilt;
  });
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: [...CHROMIUM_ARGS] });
  const hosts: { name: string; dir: string; host: HostHandle; admin: GavelClient; teamUrl: string }[] = [];
  const raw: Record<string, Record<string, ColdStartRun[]>> = {};
  const rows: ColdStartRow[] = [];
  try {
    const config = makeColdStartConfig(options.lots);
    for (const [name, dir] of builds) hosts.push({ name, dir, ...(await startLiveHost(dir, config)) });
    const fetched = new Map<string, { js: number; css: number }>();
    for (const h of hosts) {
      fetched.set(h.name, await fetchedAssets(browser, h.teamUrl, h.dir));
      raw[h.name] = {};
    }
    for (const network of NETWORKS) {
      for (const h of hosts) (raw[h.name] ??= {})[network.name] = [];
      // Builds alternate run by run: both see the same moments of a busy machine.
      for (let i = 0; i < options.runs; i += 1) {
        for (const h of hosts) {
          const run = await loadOnce(browser, h.teamUrl, network).catch((err: unknown): ColdStartRun => ({
            firstPaintMs: null,
            firstContentfulPaintMs: null,
            lotShownMs: null,
            bidEnabledMs: null,
            socketCreatedMs: null,
            socketOpenMs: null,
            snapshotMs: null,
            jsTransferBytes: 0,
            cssTransferBytes: 0,
            requests: 0,
            error: String(err),
          }));
          raw[h.name]?.[network.name]?.push(run);
          log(
            `cold start ${h.name}, ${network.name}, run ${i + 1}/${options.runs}: ` +
              (run.error ? `failed (${run.error})` : `Bid enabled at ${round(run.bidEnabledMs ?? 0, 0)} ms`),
          );
        }
      }
      for (const h of hosts) {
        const runs = raw[h.name]?.[network.name] ?? [];
        const assets = fetched.get(h.name) ?? { js: 0, css: 0 };
        rows.push({
          build: h.name,
          network: network.name,
          runs: runs.length,
          failed: runs.filter((r) => r.error).length,
          firstPaintMs: summarise(runs.map((r) => r.firstPaintMs)),
          lotShownMs: summarise(runs.map((r) => r.lotShownMs)),
          bidEnabledMs: summarise(runs.map((r) => r.bidEnabledMs)),
          socketCreatedMs: summarise(runs.map((r) => r.socketCreatedMs)),
          snapshotMs: summarise(runs.map((r) => r.snapshotMs)),
          jsTransferBytes: summarise(runs.map((r) => r.jsTransferBytes)),
          cssTransferBytes: summarise(runs.map((r) => r.cssTransferBytes)),
          jsGzipBytes: assets.js,
          cssGzipBytes: assets.css,
        });
      }
    }
  } finally {
    for (const h of hosts) {
      h.admin.close();
      await h.host.close();
    }
    await browser.close();
  }
  return {
    cpuSlowdown: CPU_SLOWDOWN,
    lots: options.lots,
    runsEach: options.runs,
    builds: hosts.map((h) => measureBuild(h.name, h.dir)),
    rows,
    raw,
  };
}

/** kB of 1,000 bytes, as Vite's build output and the targets count them. */
const kb = (bytes: number | null): string => (bytes === null ? '-' : (bytes / 1000).toFixed(1));
const ms = (s: Summary): string => (s.median === null ? '-' : `${s.median} / ${s.max}`);

/** The tables `npm run bench` prints for this part. */
export function coldStartLines(report: ColdStartReport): string[] {
  const header = [
    'build / network',
    'runs',
    'first paint ms',
    'socket ms',
    'snapshot ms',
    'lot shown ms',
    'Bid enabled ms',
    'JS kB wire',
    'CSS kB wire',
    'JS kB gz',
    'CSS kB gz',
  ];
  const rows = report.rows.map((r) => [
    `${r.build}, ${r.network}`,
    r.failed > 0 ? `${r.runs - r.failed}/${r.runs}` : String(r.runs),
    ms(r.firstPaintMs),
    ms(r.socketCreatedMs),
    ms(r.snapshotMs),
    ms(r.lotShownMs),
    ms(r.bidEnabledMs),
    kb(r.jsTransferBytes.median),
    kb(r.cssTransferBytes.median),
    kb(r.jsGzipBytes),
    kb(r.cssGzipBytes),
  ]);
  const sizes = report.builds.map(
    (b) =>
      `${b.build}: ${b.files} js/css files, all JS ${kb(b.jsGzipBytes)} kB gz, all CSS ${kb(b.cssGzipBytes)} kB gz`,
  );
  const targets = coldStartTargets(report).map((t) => [
    t.name,
    t.value === null ? '-' : String(t.value),
    `≤ ${t.limit}`,
    t.isMet ? 'met' : 'MISSED',
  ]);
  return [
    `Phone cold start: a team's join link in Chromium, CPU ${report.cpuSlowdown} × slower, cold cache, ` +
      `${report.lots} players in the catalog, ` +
      `${report.runsEach} runs each (median / max, ms since navigation start). "socket": the app's scripts ` +
      'have run and it opens its socket; "snapshot": the auction arrived. "wire": bytes transferred; ' +
      '"gz": the fetched files gzipped at level 9.',
    formatTable([header, ...rows]),
    ...sizes,
    formatTable([['cold-start target (current build)', 'value', 'target', ''], ...targets]),
  ];
}

export interface ColdStartTarget {
  readonly name: string;
  readonly value: number | null;
  readonly limit: number;
  readonly isMet: boolean;
}

/** The targets, for the current build: Bid enabled (max of the runs) and the bidder's JavaScript. */
export function coldStartTargets(report: ColdStartReport): ColdStartTarget[] {
  const current = report.rows.filter((r) => r.build === 'current');
  const busy = current.find((r) => r.network === NETWORKS[0]?.name);
  const slow = current.find((r) => r.network === NETWORKS[1]?.name);
  const check = (name: string, value: number | null, limit: number): ColdStartTarget => ({
    name,
    value,
    limit,
    isMet: value !== null && value <= limit,
  });
  return [
    check('Bid enabled, busy Wi-Fi, median ms', busy?.bidEnabledMs.median ?? null, 1_500),
    check('Bid enabled, slow Wi-Fi, median ms', slow?.bidEnabledMs.median ?? null, 3_000),
    check('bidder JavaScript kB gzipped', busy ? round(busy.jsGzipBytes / 1000, 1) : null, 80),
  ];
}
