import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { AuctionConfig, AuctionRules } from '../../shared/auction/types';
import {
  decodeCsvBytes,
  demoLeague,
  describeIssue,
  describeRulesIssue,
  isPresetName,
  parseLotsCsv,
  parseRulesJson,
  parseTeamsCsv,
  PRESETS,
  type ImportIssue,
} from '../../shared/catalog';
import { formatMoney } from '../../shared/core/money';
import { validateConfig } from '../../shared/auction/config';
import { ownValue } from '../../shared/auction/records';
import { hasLanAddress } from './addresses';
import { startHost, type HostHandle } from './host-server';
import { listAuctions } from './journal';
import { PortUnavailableError } from './listening';

/**
 * `gavel-host`: the LAN host without Electron.
 *
 *   npm run host -- --demo
 *   npm run host -- --teams teams.csv --lots lots.csv --rules ipl
 *   npm run host -- --list
 *   npm run host -- --resume 20261125-1930-a1b2c3
 */

const HELP = `Usage: npm run host -- [options]

Start an auction (one of):
  --demo                 the demo league: 8 teams, 60 players, IPL rules
  --teams FILE --lots FILE
                         teams and lots from CSV files
  --resume ID            resume an auction from its journal (comes back paused)
  --list                 list auctions that can be resumed, then exit

Options:
  --rules NAME|FILE      ipl, fantasy, charity, or a JSON file (default ipl)
  --name TEXT            auction name
  --port N               port to listen on (default 4700; 0 picks a free one)
  --strict-port          fail if the port is taken instead of trying the next
  --bind ADDRESS         address to bind (default all interfaces)
  --data DIR             where journals live (default ~/.gavel/auctions)
  --no-journal           keep nothing on disk (nothing survives a crash)
  --advertise            announce the auction on the LAN (mDNS)
  --help                 this text
`;

export class UsageError extends Error {}

export interface CliOptions {
  readonly demo: boolean;
  readonly teams?: string;
  readonly lots?: string;
  readonly rules: string;
  readonly name?: string;
  readonly port: number;
  readonly strictPort: boolean;
  readonly bind?: string;
  readonly dataDir: string | null;
  readonly resume?: string;
  readonly list: boolean;
  readonly advertise: boolean;
  readonly help: boolean;
}

export function parseCliArgs(argv: readonly string[]): CliOptions {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      strict: true,
      options: {
        demo: { type: 'boolean', default: false },
        teams: { type: 'string' },
        lots: { type: 'string' },
        rules: { type: 'string', default: 'ipl' },
        name: { type: 'string' },
        port: { type: 'string', default: '4700' },
        'strict-port': { type: 'boolean', default: false },
        bind: { type: 'string' },
        data: { type: 'string' },
        'no-journal': { type: 'boolean', default: false },
        resume: { type: 'string' },
        list: { type: 'boolean', default: false },
        advertise: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }));
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new UsageError(`--port must be 0 to 65535, not "${values.port}"`);
  const sources = [values.demo, values.teams !== undefined || values.lots !== undefined, values.resume !== undefined];
  if (!values.help && !values.list && sources.filter(Boolean).length !== 1) {
    throw new UsageError('Choose one of --demo, --teams/--lots, --resume (or --list).');
  }
  if ((values.teams === undefined) !== (values.lots === undefined)) {
    throw new UsageError('--teams and --lots go together.');
  }
  const dataDir = values['no-journal'] ? null : resolve(values.data ?? join(homedir(), '.gavel', 'auctions'));
  if (values.resume && !dataDir) throw new UsageError('--resume needs the journal (drop --no-journal).');
  return {
    demo: values.demo,
    teams: values.teams,
    lots: values.lots,
    rules: values.rules,
    name: values.name,
    port,
    strictPort: values['strict-port'],
    bind: values.bind,
    dataDir,
    resume: values.resume,
    list: values.list,
    advertise: values.advertise,
    help: values.help,
  };
}

async function loadRules(spec: string): Promise<AuctionRules> {
  if (isPresetName(spec)) return PRESETS[spec];
  if (!existsSync(spec))
    throw new UsageError(`--rules: "${spec}" is neither a preset (ipl, fantasy, charity) nor a file.`);
  const parsed = parseRulesJson(await readFile(spec, 'utf8'));
  // [CFG5] every problem of the file at once, one a line, as a CSV's are.
  if (!parsed.ok) {
    const lines = parsed.errors.map((issue) => `  ${spec}: ${describeRulesIssue(issue)}`);
    throw new UsageError(`The rules file has errors:\n${lines.join('\n')}`);
  }
  return parsed.rules;
}

async function readCsvFile(file: string): Promise<string> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (err) {
    throw new UsageError(`Cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
  const decoded = decodeCsvBytes(new Uint8Array(bytes));
  if (!decoded.ok) throw new UsageError(`${file}: ${decoded.error}`);
  return decoded.text;
}

function formatIssues(file: string, issues: readonly ImportIssue[]): string {
  const shown = issues.slice(0, 20).map((issue) => `  ${file}: ${describeIssue(issue)}`);
  if (issues.length > 20) shown.push(`  ... and ${issues.length - 20} more`);
  return shown.join('\n');
}

/** Builds the auction config the options describe, or throws a UsageError that names the bad file, row and column. */
export async function loadConfig(options: CliOptions): Promise<AuctionConfig> {
  if (options.demo) {
    const demo = demoLeague();
    return checked(options.name ? { ...demo, name: options.name } : demo);
  }
  const rules = await loadRules(options.rules);
  const teamsFile = options.teams as string;
  const lotsFile = options.lots as string;
  const teams = parseTeamsCsv(await readCsvFile(teamsFile), rules);
  const lots = parseLotsCsv(await readCsvFile(lotsFile), rules);
  const problems: string[] = [];
  if (!teams.ok) problems.push(formatIssues(teamsFile, teams.errors));
  if (!lots.ok) problems.push(formatIssues(lotsFile, lots.errors));
  if (!teams.ok || !lots.ok) throw new UsageError(`The CSV files have errors:\n${problems.join('\n')}`);
  const warnings = [
    ...teams.warnings.map((w) => formatIssues(teamsFile, [w])),
    ...lots.warnings.map((w) => formatIssues(lotsFile, [w])),
  ];
  if (warnings.length > 0) process.stderr.write(`Warnings:\n${warnings.join('\n')}\n`);
  return checked({ name: options.name ?? 'Auction', rules, teams: teams.teams, lots: lots.lots });
}

/**
 * [CFG2] The files may each be fine and still not make an auction (a purse
 * below the squad reserve, a blank --name, [QUO5] a quota no lot matches).
 */
function checked(config: AuctionConfig): AuctionConfig {
  const problem = validateConfig(config, { complete: true });
  if (problem) throw new UsageError(`The configuration is not valid: ${problem.message}`);
  return config;
}

/**
 * [CFG6] The teams' purses as the banner prints them: what the teams really
 * have (a teams CSV sets its own), one figure when all are equal, else the
 * range; not the preset's purse.
 *
 * @example describePurses(six teams of ₹100 Cr on the ipl preset) === 'purse ₹100 Cr'
 */
export function describePurses(config: AuctionConfig): string {
  const { currency, moneyStyle } = config.rules;
  const money = (value: number): string => formatMoney(value, currency, moneyStyle);
  const purses = config.teams.map((team) => team.purse);
  if (purses.length === 0) return `purse ${money(config.rules.purse)}`;
  const low = Math.min(...purses);
  const high = Math.max(...purses);
  return low === high ? `purse ${money(low)}` : `purses ${money(low)} to ${money(high)}`;
}

function describeHost(handle: HostHandle, config: AuctionConfig, isBound: boolean): string {
  const codes = handle.joinCodes;
  const base = handle.urls[0] ?? `http://localhost:${handle.port}/`;
  const lines = [
    '',
    `Gavel is hosting "${config.name}" (auction ${handle.auctionId})`,
    `  ${config.teams.length} teams, ${config.lots.length} lots, ${describePurses(config)}`,
    '',
    ...(isBound || hasLanAddress(handle.addresses)
      ? ['Open on any device on this network:']
      : [
          'This computer has no network address other devices can reach: connect it to the',
          "venue's Wi-Fi or Ethernet (or start its hotspot). The addresses below work only on it:",
        ]),
    ...handle.addresses.map((a) => `  ${a.url.padEnd(28)} ${a.label}`),
    '',
    `Auctioneer (admin key): ${codes.admin}`,
    `  ${base}?code=${codes.admin}`,
    `Spectators / projector: ${codes.spectator}`,
    '',
    'Team join codes:',
  ];
  const width = Math.max(...config.teams.map((t) => t.name.length));
  for (const team of config.teams) {
    const code = ownValue(codes.teams, team.id) ?? '';
    lines.push(`  ${team.name.padEnd(width)}  ${code}  ${base}?code=${code}`);
  }
  lines.push('', 'Press Ctrl-C to stop.', '');
  return lines.join('\n');
}

function repoRoot(): string {
  return resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
}

export async function main(argv: readonly string[]): Promise<number> {
  const options = parseCliArgs(argv);
  if (options.help) {
    process.stdout.write(HELP);
    return 0;
  }
  if (options.list) {
    const auctions = options.dataDir ? await listAuctions(options.dataDir) : [];
    if (auctions.length === 0) process.stdout.write(`No auctions in ${options.dataDir}\n`);
    for (const a of auctions) {
      const when = new Date(a.updatedAt).toISOString().replace('T', ' ').slice(0, 16);
      process.stdout.write(`${a.id}  ${a.status.padEnd(9)} ${when}  ${a.name}${a.error ? `  (${a.error})` : ''}\n`);
    }
    return 0;
  }
  const config = options.resume ? undefined : await loadConfig(options);
  const staticDir = join(repoRoot(), 'out', 'renderer');
  const handle = await startHost({
    port: options.port,
    strictPort: options.strictPort,
    host: options.bind,
    config,
    resumeId: options.resume,
    dataDir: options.dataDir,
    staticDir,
    log: (m) => process.stderr.write(`[host] ${m}\n`),
  });
  const shown = handle.room.state.config;
  process.stdout.write(describeHost(handle, shown, options.bind !== undefined));
  if (options.resume) process.stdout.write('Resumed paused: the auctioneer resumes it from the console.\n');
  let stopAdvertising: (() => Promise<void>) | null = null;
  if (options.advertise) {
    const { advertiseHost } = await import('./discovery');
    stopAdvertising = await advertiseHost({ port: handle.port, name: shown.name, auctionId: handle.auctionId });
    process.stdout.write('Advertising on the LAN (mDNS).\n');
  }
  await new Promise<void>((resolveStop) => {
    const stop = (): void => {
      process.stdout.write('\nStopping...\n');
      resolveStop();
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await stopAdvertising?.();
  await handle.close();
  process.stdout.write(
    options.dataDir
      ? `Stopped. Resume with: npm run host -- --resume ${handle.auctionId}\n`
      : 'Stopped. Nothing was kept (--no-journal).\n',
  );
  return 0;
}

const isEntry = process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isEntry) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err: unknown) => {
      if (err instanceof UsageError) {
        process.stderr.write(`${err.message}\n\n${HELP}`);
        process.exit(2);
      }
      const hint = err instanceof PortUnavailableError ? ' Choose another port with --port N.' : '';
      process.stderr.write(`gavel-host: ${(err as Error).message ?? String(err)}${hint}\n`);
      process.exit(1);
    },
  );
}
