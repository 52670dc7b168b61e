import { readFileSync } from 'node:fs';
import { basename } from 'node:path';

/**
 * Prints where a V8 CPU profile (`--profile` writes them to
 * bench-results/profiles, host-micro.ts `--cpu-prof` to bench-results/micro)
 * spent its time: self time by package and by function, and total time
 * (self and callees) of the functions of our own code.
 *
 *   npx tsx test/bench/profile-summary.ts [--per 1000] [--top 25] bench-results/profiles/CPU.*.cpuprofile
 *
 * `--per n` prints µs per unit of work as well (n bids: host-micro.ts's `--bids`).
 */

interface ProfileNode {
  readonly id: number;
  readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number };
  readonly children?: readonly number[];
}
interface Profile {
  readonly nodes: readonly ProfileNode[];
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

/** Frames of Gavel's own code: the bundled host (host-process.mjs, micro-host-*.mjs) or sources under the repo. */
function isOurs(url: string): boolean {
  return /\.build\/|\/(main|shared|renderer)\//.test(url) && !url.includes('node_modules');
}

function summarise(file: string, top: number, per: number | null): void {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parentOf = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parentOf.set(child, node.id);
  const selfUs = new Map<number, number>();
  profile.samples.forEach((id, i) => selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  const byFunction = new Map<string, number>();
  const byFile = new Map<string, number>();
  const totalOurs = new Map<string, number>();
  let total = 0;
  let idle = 0;
  const nameOf = (frame: ProfileNode['callFrame']): { fn: string; where: string } => {
    const where = frame.url
      ? frame.url.replace(/^.*node_modules\//, '').replace(/^file:\/\/.*\/(work\/[^/]+\/)?/, '')
      : '';
    return { fn: `${frame.functionName || '(anonymous)'} ${where ? `${where}:${frame.lineNumber + 1}` : ''}`, where };
  };
  for (const [id, us] of selfUs) {
    const frame = byId.get(id)?.callFrame;
    if (!frame) continue;
    total += us;
    if (frame.functionName === '(idle)') idle += us;
    const { fn, where } = nameOf(frame);
    byFunction.set(fn, (byFunction.get(fn) ?? 0) + us);
    const pkg =
      where
        .split('/')
        .slice(0, where.startsWith('@') ? 2 : 1)
        .join('/') || frame.functionName;
    byFile.set(pkg, (byFile.get(pkg) ?? 0) + us);
    // Total time: this sample counts once for every distinct function of ours on its stack.
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parentOf.get(at)) {
      const f = byId.get(at)?.callFrame;
      if (!f || !isOurs(f.url)) continue;
      const name = nameOf(f).fn;
      if (seen.has(name)) continue;
      seen.add(name);
      totalOurs.set(name, (totalOurs.get(name) ?? 0) + us);
    }
  }
  const busy = total - idle;
  const show = (title: string, map: Map<string, number>): void => {
    console.log(`\n${title}`);
    for (const [name, us] of [...map].sort((a, b) => b[1] - a[1]).slice(0, top)) {
      const perUnit = per ? `${(us / per).toFixed(1).padStart(7)} µs/unit` : '';
      console.log(
        `${((us / total) * 100).toFixed(1).padStart(5)}%  ${(us / 1000).toFixed(0).padStart(6)} ms${perUnit}  ${name}`,
      );
    }
  };
  const busyPer = per ? `, ${(busy / per).toFixed(1)} µs busy per unit of ${per}` : '';
  console.log(
    `${basename(file)}: ${(total / 1000).toFixed(0)} ms sampled, ${(busy / 1000).toFixed(0)} ms busy${busyPer}`,
  );
  show('self time by package / file', byFile);
  show('self time by function', byFunction);
  show('total time (self and callees) of our own functions', totalOurs);
}

function option(name: string): string | null {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? (process.argv[at + 1] ?? null) : null;
}
const per = option('per');
const top = Number(option('top') ?? 25);
const files = process.argv.slice(2).filter((arg, i, all) => !arg.startsWith('--') && !all[i - 1]?.startsWith('--'));
for (const file of files) summarise(file, top, per === null ? null : Number(per));
