import { readFileSync } from 'node:fs';
import { basename } from 'node:path';

/**
 * Prints where a V8 CPU profile (`--profile` writes them to
 * bench-results/profiles) spent its time: self time by function and by file.
 *
 *   npx tsx test/bench/profile-summary.ts bench-results/profiles/CPU.*.cpuprofile
 */

interface ProfileNode {
  readonly id: number;
  readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number };
}
interface Profile {
  readonly nodes: readonly ProfileNode[];
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

function summarise(file: string, top: number): void {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const selfUs = new Map<number, number>();
  profile.samples.forEach((id, i) => selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  const byFunction = new Map<string, number>();
  const byFile = new Map<string, number>();
  let total = 0;
  for (const [id, us] of selfUs) {
    const frame = byId.get(id)?.callFrame;
    if (!frame) continue;
    total += us;
    const where = frame.url ? frame.url.replace(/^.*node_modules\//, '').replace(/^file:\/\/.*\/work\/main\//, '') : '';
    const fn = `${frame.functionName || '(anonymous)'} ${where ? `${where}:${frame.lineNumber + 1}` : ''}`;
    byFunction.set(fn, (byFunction.get(fn) ?? 0) + us);
    const pkg =
      where
        .split('/')
        .slice(0, where.startsWith('@') ? 2 : 1)
        .join('/') || frame.functionName;
    byFile.set(pkg, (byFile.get(pkg) ?? 0) + us);
  }
  const show = (title: string, map: Map<string, number>): void => {
    console.log(`\n${title}`);
    for (const [name, us] of [...map].sort((a, b) => b[1] - a[1]).slice(0, top)) {
      console.log(`${((us / total) * 100).toFixed(1).padStart(5)}%  ${(us / 1000).toFixed(0).padStart(6)} ms  ${name}`);
    }
  };
  console.log(`${basename(file)}: ${(total / 1000).toFixed(0)} ms sampled`);
  show('self time by package / file', byFile);
  show('self time by function', byFunction);
}

for (const file of process.argv.slice(2)) summarise(file, 25);
