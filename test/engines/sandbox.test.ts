import { execFile, spawnSync } from 'node:child_process';
import { promisify } from 'node:util';
import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { enginesToRun } from './support/harness';
import { Sandbox } from './support/sandbox';

/**
 * The network namespace every engine test's browsers run in: only loopback, no route out,
 * the test's own ports reachable, and nothing left behind once it is closed.
 */

const { skipReason } = enginesToRun();

/** Runs a Node one-liner inside the sandbox and returns what it printed (async: the test process serves its ports). */
async function nodeInside(sandbox: Sandbox, script: string): Promise<string> {
  const [enter, ...args] = sandbox.enter;
  const result = await promisify(execFile)(enter as string, [...args, process.execPath, '-e', script], {
    encoding: 'utf8',
    timeout: 60_000,
  });
  return `${result.stdout}${result.stderr}`.trim();
}

describe.skipIf(skipReason !== null)('the engine tests’ network sandbox', () => {
  let sandbox: Sandbox | null = null;
  let server: Server | null = null;
  afterEach(async () => {
    await sandbox?.close();
    sandbox = null;
    server?.close();
    server = null;
  });

  it('has only loopback, no route out, and reaches the ports the test publishes', async () => {
    sandbox = await Sandbox.create();
    const [enter, ...args] = sandbox.enter;
    const links = spawnSync(enter as string, [...args, '/usr/sbin/ip', '-o', 'link'], { encoding: 'utf8' }).stdout;
    expect(links.trim().split('\n')).toHaveLength(1);
    expect(links).toMatch(/^1: lo:/);
    const routes = spawnSync(enter as string, [...args, '/usr/sbin/ip', 'route'], { encoding: 'utf8' }).stdout;
    expect(routes.trim()).toBe('');

    // 192.0.2.1 is TEST-NET-1: nothing is sent, the namespace has no route to it.
    const outside = await nodeInside(
      sandbox,
      "require('net').connect(80, '192.0.2.1').on('error', (e) => console.log(e.code)).on('connect', () => console.log('connected'))",
    );
    expect(outside).toBe('ENETUNREACH');

    server = createServer((_req, res) => res.end('from the test process'));
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    await sandbox.publish(port);
    const inside = await nodeInside(
      sandbox,
      `fetch('http://127.0.0.1:${port}/').then((r) => r.text()).then(console.log, (e) => console.log(String(e)))`,
    );
    expect(inside).toBe('from the test process');
  });

  it('leaves no process behind when closed', async () => {
    sandbox = await Sandbox.create();
    await sandbox.startDisplay();
    const relay = sandbox.enter[1]!.replace('--net=', '').replace('/ns/net', '');
    const display = sandbox.display!;
    await sandbox.close();
    sandbox = null;
    expect(existsSync(relay)).toBe(false);
    expect(existsSync(`/tmp/.X11-unix/X${display.slice(1)}`)).toBe(false);
  });
});
