import { spawn, spawnSync, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

/**
 * A network namespace with only loopback, made for one test file, in which every browser,
 * WebDriver server and Xvfb of the engine tests runs: whatever a browser sends on its own
 * (telemetry, updates, safe browsing, captive-portal checks) has nowhere to go. The test's
 * host stays in the test process; {@link Sandbox.publish} makes its port answer on the
 * namespace's 127.0.0.1 too, and {@link Sandbox.expose} makes a port inside (a driver's)
 * answer on the test process's 127.0.0.1, both through Unix sockets (relay.mjs).
 *
 * The namespace is made with `unshare -n` around the relay and joined with `nsenter`; it
 * has no name and disappears with its last process, so a crashed run leaves nothing
 * behind. `close()` kills every process started in it. Needs root (CI and the Debian
 * machines of `npm run check` run as root) and Linux.
 */
export class Sandbox {
  readonly #relay: ChildProcess;
  readonly #dir: string;
  readonly #children = new Set<ChildProcess>();
  readonly #servers: net.Server[] = [];
  readonly #pending = new Map<number, (reply: { ok?: boolean; error?: string }) => void>();
  #nextId = 1;
  display: string | null = null;

  private constructor(relay: ChildProcess, dir: string) {
    this.#relay = relay;
    this.#dir = dir;
    createInterface({ input: relay.stdout! }).on('line', (line) => {
      const reply = JSON.parse(line) as { id: number; ok?: boolean; error?: string };
      this.#pending.get(reply.id)?.(reply);
      this.#pending.delete(reply.id);
    });
  }

  /** Why the sandbox cannot be made on this machine, or null when it can. */
  static unavailable(): string | null {
    if (process.platform !== 'linux') return 'the engine tests run on Linux only';
    if (typeof process.getuid !== 'function' || process.getuid() !== 0) {
      return 'the engine tests make a network namespace, which needs root';
    }
    for (const tool of ['/usr/bin/unshare', '/usr/bin/nsenter', '/usr/sbin/ip']) {
      if (!existsSync(tool)) return `${tool} is missing (apt-get install util-linux iproute2)`;
    }
    return null;
  }

  static async create(): Promise<Sandbox> {
    const why = Sandbox.unavailable();
    if (why) throw new Error(why);
    sweepStaleDirs();
    const dir = mkdtempSync(join(tmpdir(), `${DIR_PREFIX}${process.pid}-`));
    const relayScript = new URL('./relay.mjs', import.meta.url).pathname;
    // unshare and sh exec into node: the relay's pid is the namespace's first process.
    const relay = spawn(
      '/usr/bin/unshare',
      ['-n', '--', '/bin/sh', '-c', 'ip link set lo up && exec "$0" "$1"', process.execPath, relayScript],
      { stdio: ['pipe', 'pipe', 'inherit'] },
    );
    const sandbox = new Sandbox(relay, dir);
    await sandbox.#request({ op: 'outbound', port: 1, socket: join(dir, 'ready.sock') });
    const check = spawnSync('/usr/bin/nsenter', [
      `--net=/proc/${relay.pid}/ns/net`,
      '--',
      '/usr/sbin/ip',
      '-o',
      'link',
    ]);
    const links = check.stdout.toString().trim().split('\n');
    if (check.status !== 0 || links.length !== 1 || !/: lo:/.test(links[0] ?? '')) {
      await sandbox.close();
      throw new Error(`the namespace should hold only loopback, it holds: ${check.stdout.toString()}`);
    }
    return sandbox;
  }

  /** The argv prefix that runs a command inside the namespace. */
  get enter(): string[] {
    return ['/usr/bin/nsenter', `--net=/proc/${this.#relay.pid}/ns/net`, '--'];
  }

  /** An executable script that runs `binary` inside the namespace (for launchers that want one path). */
  wrapper(binary: string, env: Record<string, string> = {}): string {
    const path = join(this.#dir, `run-${binary.replace(/\W+/g, '-')}`);
    const exports = Object.entries(env)
      .map(([key, value]) => `export ${key}='${value}'\n`)
      .join('');
    writeFileSync(path, `#!/bin/sh\n${exports}exec ${this.enter.join(' ')} ${binary} "$@"\n`);
    chmodSync(path, 0o755);
    return path;
  }

  /** Starts a process inside the namespace; `close()` kills it. */
  spawn(command: string, args: string[], options: SpawnOptions = {}): ChildProcess {
    const [enter, ...enterArgs] = this.enter;
    const child = spawn(enter as string, [...enterArgs, command, ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
      ...options,
      // Its own process group, so that stop() also ends what it started (MiniBrowser, WebKit's helpers).
      detached: true,
      env: { ...process.env, ...(this.display ? { DISPLAY: this.display } : {}), ...options.env },
    });
    this.#children.add(child);
    child.on('exit', () => this.#children.delete(child));
    return child;
  }

  /** A private X display (Xvfb) inside the namespace, for engines that need one. */
  async startDisplay(): Promise<string> {
    if (this.display) return this.display;
    const xvfb = this.spawn('/usr/bin/Xvfb', ['-displayfd', '1', '-screen', '0', '2560x1600x24', '-nolisten', 'tcp'], {
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    const number = await new Promise<string>((resolve, reject) => {
      let out = '';
      xvfb.stdout!.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        if (out.includes('\n')) resolve(out.trim());
      });
      xvfb.on('exit', (code) => reject(new Error(`Xvfb exited (${code}) before it chose a display`)));
    });
    this.display = `:${number}`;
    return this.display;
  }

  /** Makes the test process's 127.0.0.1:port answer on 127.0.0.1:port inside the namespace. */
  async publish(port: number): Promise<void> {
    const socket = join(this.#dir, `in-${port}.sock`);
    const server = net.createServer((conn) => pipe(conn, net.connect(port, '127.0.0.1')));
    await new Promise<void>((resolve) => server.listen(socket, resolve));
    this.#servers.push(server);
    await this.#request({ op: 'inbound', port, socket });
  }

  /**
   * A port free on the test process's 127.0.0.1 that, from now on, reaches the same port
   * inside the namespace: start a server there on it, connect to it here.
   */
  async expose(): Promise<number> {
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as net.AddressInfo).port;
    const socket = join(this.#dir, `out-${port}.sock`);
    server.on('connection', (conn) => pipe(conn, net.connect(socket)));
    this.#servers.push(server);
    await this.#request({ op: 'outbound', port, socket });
    return port;
  }

  /** Kills every process started in the namespace (the namespace goes with the last), and the relays. */
  async close(): Promise<void> {
    const children = [...this.#children, this.#relay];
    await Promise.all(children.map((child) => stop(child)));
    for (const server of this.#servers.splice(0)) server.close();
    rmSync(this.#dir, { recursive: true, force: true });
  }

  #request(message: Record<string, unknown>): Promise<void> {
    const id = this.#nextId++;
    return new Promise<void>((resolve, reject) => {
      this.#pending.set(id, (reply) => (reply.ok ? resolve() : reject(new Error(`relay: ${reply.error}`))));
      this.#relay.stdin!.write(`${JSON.stringify({ id, ...message })}\n`);
    });
  }
}

const DIR_PREFIX = 'gavel-netns-';

/** Removes the socket directories of earlier runs whose test process is gone (killed before its afterAll). */
function sweepStaleDirs(): void {
  for (const name of readdirSync(tmpdir())) {
    const pid = Number(name.slice(DIR_PREFIX.length).split('-')[0]);
    if (!name.startsWith(DIR_PREFIX) || !Number.isInteger(pid) || pid <= 0) continue;
    try {
      process.kill(pid, 0);
    } catch {
      rmSync(join(tmpdir(), name), { recursive: true, force: true });
    }
  }
}

function pipe(a: net.Socket, b: net.Socket): void {
  a.on('error', () => b.destroy());
  b.on('error', () => a.destroy());
  a.on('close', () => b.destroy());
  b.on('close', () => a.destroy());
  a.pipe(b);
  b.pipe(a);
}

/** SIGTERM, then SIGKILL if the process is still there after 5 s. */
export async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const signal = (name: NodeJS.Signals): void => {
    try {
      // A detached child leads its own process group: signal the whole group.
      if (child.pid !== undefined) process.kill(-child.pid, name);
    } catch {
      child.kill(name);
    }
  };
  signal('SIGTERM');
  const timer = setTimeout(() => signal('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}
