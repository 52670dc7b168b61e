import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { serverOf, type Contender, type ServerKind } from './messages';
import {
  type BundleSize,
  type Machine,
  type RatioRow,
  type Target,
  checkTargets,
  connectRows,
  durableRows,
  gcRows,
  describeMachine,
  formatTable,
  measureBundle,
  ratioRows,
  ratios,
  resultRows,
  targetRows,
} from './report';
import {
  COLD_START_ARGS,
  COLD_START_HELP,
  coldStartLines,
  readColdStartOptions,
  runColdStart,
  type ColdStartOptions,
  type ColdStartReport,
} from './cold-start';
import { prepareBundles } from './processes';
import { MAX_LATENCY_MS, runGroup, type ScenarioOptions, type ScenarioResult } from './scenario';
import { measureFsyncCpuUs } from './fsync-cost';
import { VENUE_HELP, VENUE_SCENARIOS, isVenueName, runVenue, type VenueName } from './venue';

/**
 * `npm run bench`: Gavel's host against a bare Socket.IO relay on loopback,
 * with N bidders in worker threads. Prints a table and writes
 * bench-results/latest.json. A benchmark, not a test: it reports figures and
 * exits 0 unless the benchmark itself breaks.
 *
 *   npm run bench                       # N = 10, 50, 200, 500 and the 1,000-client connect test
 *   npm run bench -- --quick            # N = 10, 50, short runs: for development
 *   npm run bench -- --n 10,50 --rate 100 --profile
 */

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
/** Gavel with plain bidders against bare (servers compared), and the durable host with the app's client. */
const DEFAULT_KINDS: readonly Contender[] = [
  'bare',
  'bare-durable',
  'gavel-memory',
  'gavel-durable',
  'gavel-durable+client',
];
/** The rest run only when asked for: they explain, they are not targets. */
const ALL_KINDS: readonly Contender[] = [
  ...DEFAULT_KINDS,
  'gavel-written',
  'gavel-memory+client',
  'gavel-written+client',
];
/** The whole run stops by itself after this long, whatever happens. */
const WATCHDOG_MS = 60 * 60_000;

const HELP = `npm run bench -- [options]
  --n 10,50,200,500     bidder counts (default 10,50,200,500; --quick: 10,50)
  --quick               short runs for development
  --rate 200            offered bids/s in the latency run (all bidders together) ...
  --deliveries 10000    ... capped at this many broadcast deliveries/s (rate × N)
  --latency-ms 4000     measured part of the latency run (after --warmup-ms 1000) ...
  --samples 2000        ... made longer where needed for this many measured bids per server
                        (--quick: 400), up to 60 s
  --ramp 500,1000,2000,3000,4000,6000   offered bids/s of each saturation step
  --step-ms 750         length of each saturation step
  --ramp-scale-n 50     above this N the ramp is scaled down by ramp-scale-n / N
  --in-flight 64        unacked bids per worker in the saturation run
  --socket-window 1     unacked bids per socket in the saturation run (1: each bidder waits for
                        its answer, as a bot would; more: open loop per socket, but a team's
                        second queued bid is refused as already_leading)
  --rounds 4            turns each kind takes (latency slices and ramps interleave; the order
                        rotates each round, so as many rounds as kinds puts each kind in each place)
  --workers 2           bidder worker threads
  --connect-test 1000   clients in the connect-only test (0 skips it)
  --connect-rounds 3    times the connect test runs each kind, in turns (--quick: 1); the
                        target reads the median ratio
  --kinds bare,bare-durable,gavel-memory,gavel-durable,gavel-durable+client
                        a Gavel kind alone has plain socket.io-client bidders, like bare; with
                        +client they are the app's GavelClient. bare-durable: bare with a write
                        before each broadcast and an fdatasync before each ack, what durability
                        itself costs. Also gavel-written: the journal without fsync
  --profile             write V8 CPU profiles of the host and the bidder workers, and the raw
                        latency-run bids, to bench-results/profiles
  --build-web           build the renderer first, to report its gzipped size
  --only main,cold-start,storm,full-room,slow-link
                        run only these parts (any mix); main is N = --n and the connect test
                        (--n none: the connect test alone)
${COLD_START_HELP}
  --out bench-results/latest.json
  --report file.json    print the tables of an earlier run and exit
${VENUE_HELP}`;

function parseList(text: string): number[] {
  return text
    .split(',')
    .map((s) => Number.parseInt(s.trim(), 10))
    .filter((n) => Number.isInteger(n) && n > 0);
}

function readOptions(): {
  ns: number[];
  kinds: Contender[];
  connectTest: number;
  connectRounds: number;
  out: string;
  isProfiling: boolean;
  isBuildingWeb: boolean;
  venue: { only: VenueName[] | null; fullRoom?: number[]; slowLink?: number[] };
  only: string | null;
  coldStart: ColdStartOptions;
  scenario: Omit<ScenarioOptions, 'epochNs' | 'profileDir' | 'bundles' | 'rawDir'>;
} | null {
  const { values } = parseArgs({
    options: {
      n: { type: 'string' },
      quick: { type: 'boolean', default: false },
      rate: { type: 'string' },
      deliveries: { type: 'string' },
      'ramp-scale-n': { type: 'string' },
      'latency-ms': { type: 'string' },
      samples: { type: 'string' },
      'warmup-ms': { type: 'string' },
      ramp: { type: 'string' },
      'step-ms': { type: 'string' },
      'in-flight': { type: 'string' },
      'socket-window': { type: 'string' },
      workers: { type: 'string' },
      rounds: { type: 'string' },
      'connect-test': { type: 'string' },
      'connect-rounds': { type: 'string' },
      kinds: { type: 'string' },
      profile: { type: 'boolean', default: false },
      'build-web': { type: 'boolean', default: false },
      out: { type: 'string' },
      only: { type: 'string' },
      'full-room': { type: 'string' },
      'slow-link': { type: 'string' },
      ...COLD_START_ARGS,
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(HELP);
    return null;
  }
  const quick = values.quick ?? false;
  const num = (value: string | undefined, fallback: number): number => {
    const n = value === undefined ? Number.NaN : Number(value);
    return Number.isFinite(n) && n >= 0 ? n : fallback;
  };
  const kinds = (values.kinds?.split(',') ?? DEFAULT_KINDS).filter((k): k is Contender =>
    (ALL_KINDS as readonly string[]).includes(k),
  );
  return {
    ns: values.n ? parseList(values.n) : quick ? [10, 50] : [10, 50, 200, 500],
    kinds: kinds.length > 0 ? kinds : [...DEFAULT_KINDS],
    connectTest: num(values['connect-test'], 1_000),
    connectRounds: Math.max(1, num(values['connect-rounds'], quick ? 1 : 3)),
    out: resolve(ROOT, values.out ?? 'bench-results/latest.json'),
    isProfiling: values.profile ?? false,
    isBuildingWeb: values['build-web'] ?? false,
    venue: {
      only: values.only === undefined ? null : values.only.split(',').filter(isVenueName),
      ...(values['full-room'] ? { fullRoom: parseList(values['full-room']) } : {}),
      ...(values['slow-link'] ? { slowLink: parseList(values['slow-link']) } : {}),
    },
    only: values.only ?? null,
    coldStart: readColdStartOptions(ROOT, values, quick),
    scenario: {
      workers: Math.max(1, num(values.workers, 2)),
      rounds: Math.max(1, num(values.rounds, quick ? 2 : 4)),
      rate: Math.max(1, num(values.rate, 200)),
      deliveries: Math.max(1, num(values.deliveries, 10_000)),
      rampScaleN: Math.max(1, num(values['ramp-scale-n'], 50)),
      warmupMs: num(values['warmup-ms'], quick ? 500 : 1_000),
      latencyMs: Math.max(200, num(values['latency-ms'], quick ? 1_500 : 4_000)),
      minSamples: Math.max(1, num(values.samples, quick ? 400 : 2_000)),
      saturationRates: values.ramp
        ? parseList(values.ramp)
        : quick
          ? [1_000, 2_000, 4_000]
          : [500, 1_000, 2_000, 3_000, 4_000, 6_000],
      stepMs: Math.max(200, num(values['step-ms'], quick ? 500 : 750)),
      inFlight: Math.max(1, num(values['in-flight'], 64)),
      socketWindow: Math.max(1, num(values['socket-window'], 1)),
      connectConcurrency: 64,
    },
  };
}

function buildWeb(): void {
  if (!existsSync(join(ROOT, 'vite.web.config.ts'))) return;
  try {
    execFileSync('npx', ['vite', 'build', '--config', 'vite.web.config.ts', '--logLevel', 'warn'], {
      cwd: ROOT,
      stdio: 'inherit',
      timeout: 180_000,
      env: { ...process.env, NODE_ENV: 'production' },
    });
  } catch (err) {
    console.error(`renderer build failed, bundle size not measured: ${String(err)}`);
  }
}

/** Builds out/renderer only if it is missing, older than its sources or a development build. */
function ensureWebBuild(): void {
  try {
    execFileSync(process.execPath, [join(ROOT, 'scripts', 'ensure-web-build.mjs')], {
      cwd: ROOT,
      stdio: 'inherit',
      timeout: 180_000,
    });
  } catch (err) {
    console.error(`renderer build failed, the cold start measures what out/renderer holds: ${String(err)}`);
  }
}

interface BenchReport {
  /** 2: a Gavel kind alone has plain bidders, `+client` the app's. Absent (1): every Gavel kind had the app's. */
  readonly version?: 2;
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly machine: Machine & { readonly loadAverageBefore: readonly number[] };
  readonly options: Omit<ScenarioOptions, 'epochNs' | 'profileDir' | 'bundles' | 'rawDir'> & {
    readonly maxLatencyMs: number;
    readonly ns: readonly number[];
    readonly kinds: readonly Contender[];
    readonly connectTest: number;
    /** Absent in runs from before rounds (one round). */
    readonly connectRounds?: number;
  };
  readonly results: ScenarioResult[];
  /** CPU µs of one fdatasync of a bid-sized append on this machine (fsync-cost.ts); absent in older runs. */
  readonly fsyncCpuUs?: number;
  readonly ratios: RatioRow[];
  readonly connectTest: ScenarioResult[];
  readonly targets: Target[];
  readonly bundle: BundleSize | null;
  /** The phone cold start (absent in runs from before it, or when skipped). */
  readonly coldStart?: ColdStartReport;
}

function printReport(report: BenchReport): void {
  const { machine, options: o } = report;
  console.log(`\nGavel benchmark, ${report.startedAt}`);
  console.log(
    `${machine.cores} cores, ${machine.cpuModel}, Node ${machine.node}; ` +
      `load average ${machine.loadAverageBefore.join(' ')} before, ${machine.loadAverage.join(' ')} after.`,
  );
  console.log(machine.note);
  console.log(
    `Latency run: min(${o.rate}, ${o.deliveries} / N) bids/s offered for at least ${o.latencyMs} ms ` +
      `(longer at low rates, for ${o.minSamples} samples, up to ${o.maxLatencyMs / 1000} s) after ${o.warmupMs} ms warm-up, in ${o.rounds} interleaved slices per server.\n` +
      `Saturation: open-loop ramp ${o.saturationRates.join(', ')} bids/s (× ${o.rampScaleN}/N above N=${o.rampScaleN}), ` +
      `${o.stepMs} ms a step, at most ${o.inFlight} unacked bids per worker and ${o.socketWindow} per socket; ` +
      `${o.rounds} interleaved ramps per server, the best step counts. ` +
      `${o.workers} bidder worker threads; host in its own process.\n`,
  );
  console.log(formatTable(resultRows(report.results)));
  console.log('');
  console.log(formatTable(ratioRows(report.ratios)));
  if (report.fsyncCpuUs !== undefined) {
    console.log(
      `fsync floor: bare's CPU plus the durable host's fsyncs at ${report.fsyncCpuUs.toFixed(0)} µs of CPU each ` +
        "(one fdatasync of an append, measured before the run), over bare's: the lowest CPU% lat ratio durability allows.",
    );
  }
  const durable = durableRows(report.results);
  if (durable.length > 0) {
    console.log('');
    console.log(formatTable(durable));
  }
  const gc = gcRows(report.results);
  if (gc.length > 1) {
    console.log('');
    console.log(formatTable(gc));
  }
  if (report.connectTest.length > 0) {
    console.log('');
    console.log(formatTable(connectRows(report.connectTest)));
  }
  console.log('');
  console.log(formatTable(targetRows(report.targets)));
  const bundle = report.bundle;
  console.log(
    bundle
      ? `\nRenderer bundle: ${bundle.files} js/css files, ${(bundle.rawBytes / 1024).toFixed(1)} KiB raw, ` +
          `${(bundle.gzipBytes / 1024).toFixed(1)} KiB gzip.`
      : '\nRenderer bundle: out/renderer not built (npm run bench -- --build-web).',
  );
  if (report.coldStart) console.log(`\n${coldStartLines(report.coldStart).join('\n')}`);
}

/** `--report file.json`: print the tables of an earlier run again (targets re-checked with today's rules). */
async function reprint(file: string): Promise<void> {
  const report = JSON.parse(await readFile(file, 'utf8')) as BenchReport;
  // Runs from before --samples took 400 samples, for at most 12 s.
  const { minSamples = 400, maxLatencyMs = 12_000 } = report.options as Partial<BenchReport['options']>;
  const options = { ...report.options, minSamples, maxLatencyMs };
  // Before version 2 every Gavel kind ran with the app's client: name them as they would be named now.
  const renamed = (r: ScenarioResult): ScenarioResult =>
    report.version !== undefined || r.kind === 'bare' || r.kind.endsWith('+client')
      ? r
      : { ...r, kind: `${serverOf(r.kind) as Exclude<ServerKind, 'bare' | 'bare-durable'>}+client` };
  const results = report.results.map(renamed);
  const connectTest = report.connectTest.map(renamed);
  printReport({
    ...report,
    options,
    results,
    connectTest,
    ratios: ratios(results, report.fsyncCpuUs ?? null),
    targets: checkTargets(results, connectTest),
  });
}

/** Progress lines for the venue scenarios, on stderr like the rest. */
function logLine(line: string): void {
  process.stderr.write(`${line}\n`);
}

async function main(): Promise<number> {
  const reportIndex = process.argv.indexOf('--report');
  if (reportIndex > 0) {
    await reprint(resolve(process.argv[reportIndex + 1] ?? 'bench-results/latest.json'));
    return 0;
  }
  const options = readOptions();
  if (!options) return 0;
  const watchdog = setTimeout(() => {
    console.error(`benchmark did not finish in ${WATCHDOG_MS / 60_000} minutes; giving up`);
    process.exit(1);
  }, WATCHDOG_MS);
  watchdog.unref();
  // `--only` with venue parts runs them alone; with cold-start too, that follows.
  const venueOnly = options.venue.only ?? [];
  const isColdStartOnly = options.only?.split(',').includes('cold-start') ?? false;
  const isMainAsked = options.only === null || options.only.split(',').includes('main');
  if (venueOnly.length > 0) {
    const broken = await runVenue(venueOnly, ROOT, options.venue, logLine);
    if (!isColdStartOnly && !isMainAsked) return broken > 0 ? 1 : 0;
  }

  if (options.isBuildingWeb) buildWeb();
  // The phone cold start loads out/renderer as it is: built before the last change to the
  // sources, it measures the code as it was then (one full run measured yesterday's bundle).
  else if ((options.only === null || isColdStartOnly) && options.coldStart.runs > 0) ensureWebBuild();
  const log = (line: string): void => void process.stderr.write(`${line}\n`);
  if (isColdStartOnly && !isMainAsked) return runColdStartAlone(options.coldStart, options.out, log);
  const profileDir = options.isProfiling ? join(ROOT, 'bench-results', 'profiles') : null;
  if (profileDir) await mkdir(profileDir, { recursive: true });
  const bundles = await prepareBundles(join(ROOT, 'bench-results', '.build'));
  const rawDir = profileDir;
  const scenario: ScenarioOptions = {
    ...options.scenario,
    profileDir,
    rawDir,
    bundles,
    epochNs: process.hrtime.bigint(),
  };
  const machineBefore = describeMachine();
  const startedAt = new Date();
  const fsyncCpuUs = measureFsyncCpuUs();

  const results: ScenarioResult[] = [];
  for (const n of options.ns) results.push(...(await runGroup(n, options.kinds, scenario, undefined, log)));
  const connectTest: ScenarioResult[] = [];
  if (options.connectTest > 0) {
    // One kind at a time: the connect test measures a burst, and two bursts at once would share the cores.
    // Gavel's clients are ready once they hold the snapshot: time that with the app's client where it runs.
    const gavel = options.kinds.includes('gavel-durable+client') ? 'gavel-durable+client' : 'gavel-durable';
    // Rounds, the order turned each round, so neither kind always goes first (report.ts, connectRatios).
    const pair = options.kinds.filter((k) => k === 'bare' || k === gavel);
    for (let round = 0; round < options.connectRounds; round++) {
      for (const kind of round % 2 === 0 ? pair : [...pair].reverse()) {
        const only = { latency: false, saturation: false };
        connectTest.push(...(await runGroup(options.connectTest, [kind], scenario, only, log)));
      }
    }
  }

  // After the loopback parts, so its Chromium never shares the cores with them; a broken browser
  // costs this part only.
  const coldStart =
    (options.only === null || isColdStartOnly) && options.coldStart.runs > 0
      ? await runColdStart({ ...options.coldStart, log }).catch((err: unknown) => {
          log(`phone cold start failed: ${String(err)}`);
          return undefined;
        })
      : undefined;

  // The note is about the machine before the run: afterwards the load is our own.
  const machine = {
    ...describeMachine(),
    note: machineBefore.note,
    loadAverageBefore: machineBefore.loadAverage,
  };
  const json: BenchReport = {
    version: 2,
    startedAt: startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
    machine,
    options: {
      ...options.scenario,
      maxLatencyMs: MAX_LATENCY_MS,
      ns: options.ns,
      kinds: options.kinds,
      connectTest: options.connectTest,
      connectRounds: options.connectRounds,
    },
    results,
    fsyncCpuUs,
    ratios: ratios(results, fsyncCpuUs),
    connectTest,
    targets: checkTargets(results, connectTest),
    bundle: measureBundle(ROOT),
    ...(coldStart ? { coldStart } : {}),
  };
  printReport(json);
  await mkdir(dirname(options.out), { recursive: true });
  await writeFile(options.out, JSON.stringify(json, null, 2) + '\n');
  console.log(`Results written to ${options.out}`);
  if (options.only === null) await runVenue(VENUE_SCENARIOS, ROOT, options.venue, log);
  const broken = [...results, ...connectTest].filter((r) => r.error);
  return broken.length === [...results, ...connectTest].length && broken.length > 0 ? 1 : 0;
}

/** `--only cold-start`: the phone cold start alone, printed and written to its own file beside --out. */
async function runColdStartAlone(options: ColdStartOptions, out: string, log: (line: string) => void): Promise<number> {
  const machineBefore = describeMachine();
  const startedAt = new Date().toISOString();
  const coldStart = await runColdStart({ ...options, log });
  const machine = describeMachine();
  console.log(`\nGavel phone cold start, ${startedAt}`);
  console.log(
    `${machine.cores} cores, ${machine.cpuModel}, Node ${machine.node}; ` +
      `load average ${machineBefore.loadAverage.join(' ')} before, ${machine.loadAverage.join(' ')} after.`,
  );
  console.log(machineBefore.note);
  console.log(coldStartLines(coldStart).join('\n'));
  const file = out.replace(/\.json$/, '') + '-cold-start.json';
  await mkdir(dirname(file), { recursive: true });
  const json = {
    startedAt,
    finishedAt: new Date().toISOString(),
    machine: { ...machine, note: machineBefore.note, loadAverageBefore: machineBefore.loadAverage },
    coldStart,
  };
  await writeFile(file, JSON.stringify(json, null, 2) + '\n');
  console.log(`Results written to ${file}`);
  return coldStart.rows.some((r) => r.failed < r.runs) ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
