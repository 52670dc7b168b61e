import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseCliArgs, UsageError } from '../../main/host/cli';
import { connectGavel } from '../../renderer/lib/gavel-client';

const children: ChildProcess[] = [];
const dirs: string[] = [];
afterEach(async () => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'gavel-cli-'));
  dirs.push(dir);
  return dir;
}

/** Runs the CLI as a real process; resolves once `until` matches its output (or it exits). */
function runCli(args: string[], until: RegExp): Promise<{ child: ChildProcess; out: () => string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'main/host/cli.ts', ...args], {
    cwd: process.cwd(),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let out = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`CLI did not print ${until} in time:\n${out}`)), 20_000);
    const check = (): void => {
      if (!until.test(out)) return;
      clearTimeout(timer);
      resolve({ child, out: () => out });
    };
    child.stdout!.on('data', (d: Buffer) => ((out += d.toString()), check()));
    child.stderr!.on('data', (d: Buffer) => ((out += d.toString()), check()));
    child.on('exit', () => {
      clearTimeout(timer);
      resolve({ child, out: () => out });
    });
  });
}

function exited(child: ChildProcess): Promise<number | null> {
  return child.exitCode !== null
    ? Promise.resolve(child.exitCode)
    : new Promise((r) => child.on('exit', (code) => r(code)));
}

describe('gavel-host CLI', () => {
  it('parses its options and refuses contradictions with a usage error', () => {
    expect(parseCliArgs(['--demo', '--port', '0', '--no-journal'])).toMatchObject({
      demo: true,
      port: 0,
      dataDir: null,
    });
    expect(() => parseCliArgs([])).toThrow(UsageError);
    expect(() => parseCliArgs(['--demo', '--resume', 'x'])).toThrow(/Choose one/);
    expect(() => parseCliArgs(['--teams', 't.csv'])).toThrow(/go together/);
    expect(() => parseCliArgs(['--demo', '--port', '70000'])).toThrow(/--port/);
    expect(() => parseCliArgs(['--demo', '--colour'])).toThrow(UsageError);
  });

  it('hosts the demo league, prints every join code, lets a team in, and stops cleanly on Ctrl-C', async () => {
    const data = await tempDir();
    const { child, out } = await runCli(['--demo', '--port', '0', '--bind', '127.0.0.1', '--data', data], /Ctrl-C/);
    const text = out();
    const url = /Open on any device on this network:\n\s+(http:\/\/127\.0\.0\.1:\d+\/)/.exec(text)?.[1];
    expect(url).toBeDefined();
    const teamCodes = [...text.matchAll(/^ {2}(.+?)\s{2,}([2-9A-Z]{4}-[2-9A-Z]{4})\s/gm)].map((m) => m[2]!);
    expect(teamCodes).toHaveLength(8);
    expect(text).toContain('Harbour Hawks');
    const client = connectGavel({ url: url!, code: teamCodes[0]!, clockSyncIntervalMs: 0 });
    await client.waitFor((c) => c.state !== null);
    expect(client.role).toBe('team');
    expect(client.state?.config.lots).toHaveLength(60);
    client.close();
    child.kill('SIGINT');
    expect(await exited(child)).toBe(0);
    expect(out()).toMatch(/Stopped\. Resume with: npm run host -- --resume \S+/);
  });

  it('names the file, row and column of a bad CSV value and exits with status 2', async () => {
    const dir = await tempDir();
    await writeFile(join(dir, 'teams.csv'), 'name,purse\nAlpha,100\nBeta,lots\n');
    await writeFile(join(dir, 'lots.csv'), 'name,base_price\nOne,10\nTwo,12x\n');
    const { child, out } = await runCli(
      ['--teams', join(dir, 'teams.csv'), '--lots', join(dir, 'lots.csv'), '--rules', 'charity', '--no-journal'],
      /$^/,
    );
    expect(await exited(child)).toBe(2);
    expect(out()).toMatch(/teams\.csv: row 3, column "purse"/);
    expect(out()).toMatch(/lots\.csv: row 3, column "base_price"/);
  });

  it('fails clearly when the port is taken and --strict-port is set', async () => {
    const first = await runCli(['--demo', '--port', '0', '--bind', '127.0.0.1', '--no-journal'], /Ctrl-C/);
    const port = /127\.0\.0\.1:(\d+)/.exec(first.out())![1]!;
    const second = await runCli(
      ['--demo', '--port', port, '--strict-port', '--bind', '127.0.0.1', '--no-journal'],
      /$^/,
    );
    expect(await exited(second.child)).toBe(1);
    expect(second.out()).toMatch(new RegExp(`Port ${port} is already in use`));
  });
});
