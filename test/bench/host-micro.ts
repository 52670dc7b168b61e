import { fork, type ChildProcess } from 'node:child_process';
import { closeSync, fdatasync, openSync, writeSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { io, type Socket } from 'socket.io-client';
import { connectGavel } from '../../renderer/lib/gavel-client';
import { PROTOCOL_VERSION } from '../../shared/protocol/messages';
import { isBareServer, type HostReply, type HostStats, type ServerKind } from './messages';
import { percentiles, type Percentiles } from './stats';
import type { AllocationSummary } from './v8-probe';

/**
 * The host's cost per bid, without the benchmark's noise: one host child
 * (the same host-process.ts as `npm run bench`), N plain sockets in this
 * process, and bids placed one at a time, each waiting for its ack and for
 * all N deliveries before the next. So every bid is one command, one journal
 * write, one fsync and N socket writes, and the host's CPU time (user +
 * system, fsync threads included) divided by the bids is its cost per bid,
 * which a busy machine stretches far less than it stretches a latency tail.
 * With `--heap`, V8's sampling heap profiler counts the bytes the host
 * allocates per bid (and by function); with `--cpu-prof`, a CPU profile of
 * the measured bids only is written for profile-summary.ts.
 *
 * `--tree` compares source trees side by side: each is bundled into its own
 * host child, and the trees take turns, round by round, so a burst of load
 * from elsewhere falls on all of them alike. To compare with an earlier
 * commit: `git archive <commit> | tar -x -C /tmp/before`, then
 * `--tree /tmp/before,.`.
 *
 *   npx tsx test/bench/host-micro.ts [--n 10,50,500] [--bids 1000] [--rounds 3]
 *     [--kinds bare,bare-durable,gavel-memory,gavel-durable] [--tree dirA,dirB] [--heap] [--cpu-prof]
 *
 * `bare-durable` is bare Socket.IO with the least a durable server does (a
 * write before the broadcast, an fdatasync before the ack): beside bare, it
 * says what durability itself costs per bid here, whoever implements it.
 */

const here = fileURLToPath(new URL('.', import.meta.url));
const repo = resolve(here, '../..');

function option(name: string, fallback: string): string {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? (process.argv[at + 1] ?? fallback) : fallback;
}
const flag = (name: string): boolean => process.argv.includes(`--${name}`);

const ns = option('n', '10,50,500').split(',').map(Number);
const bids = Number(option('bids', '1000'));
const warmup = Number(option('warmup', '300'));
const rounds = Number(option('rounds', '3'));
const kinds = option('kinds', 'bare,gavel-durable').split(',') as ServerKind[];
const trees = option('tree', repo)
  .split(',')
  .map((t) => resolve(t));
const heap = flag('heap');
const cpuProf = flag('cpu-prof');
const outDir = join(repo, 'bench-results', 'micro');

interface Figures {
  /** Emit → ack, and emit → the last of the N deliveries, per measured bid (ms). */
  readonly ack: Percentiles;
  readonly fanout: Percentiles;
  readonly cpuUsPerBid: number;
  readonly bytesPerBid: number | null;
  readonly gcPerKBid: number;
  readonly top: readonly { readonly name: string; readonly bytes: number }[];
}

/** One host child: host-process.ts with the V8 probe, answering over IPC in request order. */
class Child {
  readonly #child: ChildProcess;
  readonly #waiting: ((message: unknown) => void)[] = [];

  constructor(script: string) {
    // Plain node, as `npm run bench` runs its host: not tsx's loader, which fork would pass on.
    this.#child = fork(script, [], { execArgv: [], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    this.#child.on('message', (message) => this.#waiting.shift()?.(message));
  }

  request<T = HostReply>(message: object): Promise<T> {
    return new Promise<T>((resolveReply, reject) => {
      const timer = setTimeout(() => reject(new Error(`no reply to ${JSON.stringify(message)}`)), 60_000);
      this.#waiting.push((reply) => {
        clearTimeout(timer);
        resolveReply(reply as T);
      });
      this.#child.send(message);
    });
  }

  async stop(): Promise<void> {
    const exited = new Promise((r) => this.#child.once('exit', r));
    this.#child.send({ type: 'stop' });
    const timer = setTimeout(() => this.#child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  }
}

/** Bundles a tree's host-process.ts together with this tree's probe, to run on plain node. */
async function bundle(tree: string, index: number): Promise<string> {
  // Named by this process too: two runs at once must not swap each other's hosts.
  const outfile = join(repo, 'bench-results', '.build', `micro-host-${process.pid}-${index}.mjs`);
  await build({
    stdin: {
      contents: [
        `import { createProbe } from ${JSON.stringify(join(here, 'v8-probe.ts'))};`,
        `import ${JSON.stringify(join(tree, 'test/bench/host-process.ts'))};`,
        'const probe = createProbe();',
        'process.on("message", (m) => {',
        '  if (m.type === "probe:start") void probe.start(m).then(() => process.send({ type: "probe:started" }));',
        '  if (m.type === "probe:stop") void probe.stop().then((r) => process.send({ type: "probe", ...r }));',
        '});',
      ].join('\n'),
      resolveDir: tree,
      sourcefile: 'micro-host.ts',
      loader: 'ts',
    },
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    logLevel: 'warning',
  });
  return outfile;
}

function plainSocket(port: number, code: string): Promise<Socket> {
  const socket = io(`http://127.0.0.1:${port}`, {
    transports: ['websocket'],
    forceNew: true,
    reconnection: false,
    auth: { code, protocol: PROTOCOL_VERSION },
  });
  return new Promise((resolveSocket, reject) => {
    socket.once('connect', () => resolveSocket(socket));
    socket.once('connect_error', reject);
  });
}

async function openLot(port: number, adminCode: string): Promise<string> {
  const admin = connectGavel({
    url: `http://127.0.0.1:${port}`,
    code: adminCode,
    clockSyncIntervalMs: 0,
    socketOptions: { reconnection: false, forceNew: true },
  });
  try {
    await admin.waitFor((c) => c.state !== null, 10_000);
    const res = await admin.send('auction:start', {});
    if (!res.ok) throw new Error(`auction:start refused: ${res.error.code}`);
    await admin.waitFor((c) => c.state?.phase === 'open', 10_000);
    return admin.state?.current?.lotId ?? 'L1';
  } finally {
    admin.close();
  }
}

async function measure(script: string, kind: ServerKind, n: number, label: string): Promise<Figures> {
  const child = new Child(script);
  const ready = await child.request({
    type: 'start',
    kind,
    teams: Math.min(n, 100),
    epochNs: String(process.hrtime.bigint()),
  });
  if (ready.type !== 'ready') throw new Error(`host did not start: ${JSON.stringify(ready)}`);
  const lotId = isBareServer(kind) ? 'L1' : await openLot(ready.port, ready.adminCode);
  const codes = isBareServer(kind) ? Array.from({ length: n }, (_, i) => `T${i % 100}`) : ready.teamCodes;
  const sockets: Socket[] = [];
  for (let i = 0; i < n; i++) sockets.push(await plainSocket(ready.port, codes[i % codes.length] as string));
  let received = 0;
  let onAll: (() => void) | null = null;
  for (const socket of sockets) {
    socket.on('bid:accepted', () => {
      received += 1;
      if (received === n) onAll?.();
    });
  }
  let amount = 1_000;
  const acks: number[] = [];
  const fanouts: number[] = [];
  const ms = (from: bigint): number => Number(process.hrtime.bigint() - from) / 1e6;
  const bid = async (k: number): Promise<void> => {
    received = 0;
    const t0 = process.hrtime.bigint();
    const all = new Promise<void>((r) => (onAll = r)).then(() => fanouts.push(ms(t0)));
    const socket = sockets[k % n] as Socket;
    amount += 1;
    const ack = (await socket.emitWithAck('bid:place', { bidId: `${label}-${k}`, lotId, amount })) as { ok: boolean };
    acks.push(ms(t0));
    if (!ack.ok) throw new Error(`bid refused: ${JSON.stringify(ack)}`);
    await all;
  };
  for (let k = 0; k < warmup; k++) await bid(k);
  acks.length = 0;
  fanouts.length = 0;
  await child.request({ type: 'stats:reset' });
  await child.request({ type: 'probe:start', cpu: cpuProf, heap });
  for (let k = warmup; k < warmup + bids; k++) await bid(k);
  const probe = await child.request<{ cpuProfile: unknown; allocations: AllocationSummary | null }>({
    type: 'probe:stop',
  });
  const stats = await child.request<HostStats>({ type: 'stats:read' });
  if (cpuProf) {
    await mkdir(outDir, { recursive: true });
    await writeFile(join(outDir, `${label}.cpuprofile`), JSON.stringify(probe.cpuProfile));
  }
  for (const socket of sockets) socket.close();
  await child.stop();
  const allocations = probe.allocations;
  return {
    ack: percentiles(acks),
    fanout: percentiles(fanouts),
    cpuUsPerBid: (stats.cpuMs * 1000) / bids,
    bytesPerBid: allocations ? allocations.bytes / bids : null,
    gcPerKBid: (stats.gcPauses.length * 1000) / bids,
    top: allocations?.byFunction.slice(0, 30) ?? [],
  };
}

const fmt = (v: number, digits = 0): string => v.toFixed(digits).padStart(7);

/**
 * The disk's own fsync, measured beside the hosts: a bid-sized line written
 * and fdatasynced, `count` times, in the temporary folder the durable host
 * keeps its journal in. The durable ack's extra time over bare's is this
 * plus the hop to the thread pool and back.
 */
async function diskFsync(count: number): Promise<Percentiles> {
  const dir = await mkdtemp(join(tmpdir(), 'gavel-fsync-'));
  const fd = openSync(join(dir, 'journal.jsonl'), 'a');
  const line = `${JSON.stringify({ type: 'bid:accepted', seq: 1, at: 1, lotId: 'L1', bid: { id: 1, teamId: 'T1', amount: 1, at: 1, floor: false }, endsAt: 1, bidId: 'x'.repeat(24), by: 'team' })}\n`;
  const times: number[] = [];
  for (let i = 0; i < count; i++) {
    writeSync(fd, line);
    const t0 = process.hrtime.bigint();
    await new Promise<void>((r, j) => fdatasync(fd, (err) => (err ? j(err) : r())));
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  closeSync(fd);
  await rm(dir, { recursive: true, force: true });
  return percentiles(times);
}

async function main(): Promise<void> {
  const scripts = await Promise.all(trees.map((tree, i) => bundle(tree, i)));
  console.log(
    `load average ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}; ${bids} bids a host, ${rounds} rounds`,
  );
  for (const n of ns) {
    const results = new Map<string, Figures[]>();
    const fsyncs: Percentiles[] = [];
    for (let round = 0; round < rounds; round++) {
      fsyncs.push(await diskFsync(300));
      // Rotate the order each round so no kind or tree always follows the same one.
      const jobs = kinds.flatMap((kind) => trees.map((_, t) => ({ kind, t })));
      const turn = jobs.map((_, i) => jobs[(i + round) % jobs.length] as (typeof jobs)[number]);
      for (const { kind, t } of turn) {
        if (isBareServer(kind) && t > 0) continue; // bare does not depend on the tree
        const label = `${kind}-t${t}-n${n}-r${round}`;
        const figures = await measure(scripts[t] as string, kind, n, label);
        const key = isBareServer(kind) ? kind : `${kind} tree ${t}`;
        results.set(key, [...(results.get(key) ?? []), figures]);
      }
    }
    console.log(`\nN=${n} (load average ${loadavg()[0]?.toFixed(2)})`);
    console.log('host                      CPU µs/bid (each round)         KB alloc/bid   GC pauses/1000 bids');
    for (const [key, list] of results) {
      const cpu = list.map((f) => fmt(f.cpuUsPerBid)).join(' ');
      const kb = list.map((f) => (f.bytesPerBid === null ? '      –' : fmt(f.bytesPerBid / 1024, 1))).join(' ');
      const gc = list.map((f) => fmt(f.gcPerKBid, 1)).join(' ');
      console.log(`${key.padEnd(24)} ${cpu}   ${kb}   ${gc}`);
    }
    const p = (q: Percentiles): string => `${q.p50.toFixed(2)}/${q.p99.toFixed(2)}`;
    console.log('\nms p50/p99, each round   ack                      fan-out (all N have it)');
    for (const [key, list] of results) {
      console.log(
        `${key.padEnd(24)} ${list.map((f) => p(f.ack)).join(' ')}   ${list.map((f) => p(f.fanout)).join(' ')}`,
      );
    }
    console.log(`disk fdatasync alone      ${fsyncs.map(p).join(' ')}`);
    if (heap) {
      for (const [key, list] of results) {
        const last = list[list.length - 1];
        if (!last) continue;
        console.log(`\n  ${key}: allocations by function, last round (bytes per bid)`);
        for (const { name, bytes } of last.top) console.log(`  ${fmt(bytes / bids)}  ${name}`);
      }
    }
  }
}

await main();
process.exit(0);
