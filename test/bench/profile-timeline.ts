import { readFileSync } from 'node:fs';

/**
 * Where a V8 CPU profile's time went, bin by bin: for each `--bin` ms of the
 * run, the ms spent under each of the named functions (self and callees) and
 * idle. A storm shows as the bins where the WebSocket handshakes
 * (`handleUpgrade`) and Socket.IO connects (`_doConnect`) appear; what else
 * fills those bins is what stalls the live lot. Profiles of the storm's
 * hosts: `GAVEL_STORM_PROFILE=dir npm run bench -- --only storm`.
 *
 *   npx tsx test/bench/profile-timeline.ts [--bin 250] [--from 40] [--to 60] [--marks a,b,c] file.cpuprofile
 */

interface ProfileNode {
  readonly id: number;
  readonly callFrame: { readonly functionName: string };
  readonly children?: readonly number[];
}
interface Profile {
  readonly nodes: readonly ProfileNode[];
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
  readonly startTime: number;
}

const DEFAULT_MARKS = ['handleUpgrade', '_doConnect', '#drain', 'writev', 'dispatch', '(garbage collector)', '(idle)'];

function option(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? (process.argv[i + 1] ?? fallback) : fallback;
}

function main(): void {
  const file = process.argv.at(-1) ?? '';
  const binUs = Number(option('bin', '250')) * 1000;
  const from = Number(option('from', '0'));
  const to = Number(option('to', 'Infinity'));
  const marks = option('marks', DEFAULT_MARKS.join(',')).split(',');
  const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parentOf = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parentOf.set(child, node.id);
  const bins = new Map<number, Map<string, number>>();
  let t = profile.startTime;
  profile.samples.forEach((sample, i) => {
    t += profile.timeDeltas[i] ?? 0;
    const bin = Math.floor((t - profile.startTime) / binUs);
    const row = bins.get(bin) ?? new Map<string, number>();
    bins.set(bin, row);
    const dt = profile.timeDeltas[i + 1] ?? 0;
    const seen = new Set<string>();
    for (let id: number | undefined = sample; id !== undefined; id = parentOf.get(id)) {
      const name = byId.get(id)?.callFrame.functionName ?? '';
      if (marks.includes(name) && !seen.has(name)) {
        seen.add(name);
        row.set(name, (row.get(name) ?? 0) + dt);
      }
    }
  });
  console.log(['s', ...marks].join('\t'));
  for (const [bin, row] of [...bins].sort((a, b) => a[0] - b[0])) {
    const s = (bin * binUs) / 1e6;
    if (s < from || s > to) continue;
    console.log([s.toFixed(2), ...marks.map((m) => ((row.get(m) ?? 0) / 1000).toFixed(0))].join('\t'));
  }
}

main();
