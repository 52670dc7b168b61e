// `npm test`: the unit + integration project first, then the browser (e2e)
// project, then the engines project (the phone-facing flows and the projector's
// fit in Chromium, WebKitGTK and Firefox ESR), then the desktop project (the built app against an electron
// stand-in, windows in Chromium). They run one after the other because the
// packaging test rebuilds out/, which the browser and desktop tests use. All
// always run; the exit code is non-zero if any failed, and one plain summary
// line closes the output.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';

const runs = [
  { project: 'unit', report: 'test-results/unit.json' },
  { project: 'e2e', report: 'test-results/e2e.json' },
  { project: 'engines', report: 'test-results/engines.json' },
  { project: 'desktop', report: 'test-results/desktop.json' },
];
const extra = process.argv.slice(2);
let failed = false;
const totals = { passed: 0, failed: 0, skipped: 0 };

for (const { project, report } of runs) {
  rmSync(report, { force: true });
  const result = spawnSync('npx', ['vitest', 'run', '--project', project, `--outputFile.json=${report}`, ...extra], {
    stdio: 'inherit',
    shell: process.platform === 'win32',
  });
  if (result.status !== 0) failed = true;
  if (existsSync(report)) {
    const json = JSON.parse(readFileSync(report, 'utf8'));
    totals.passed += json.numPassedTests ?? 0;
    totals.failed += json.numFailedTests ?? 0;
    totals.skipped += (json.numPendingTests ?? 0) + (json.numTodoTests ?? 0);
  } else if (result.status !== 0) {
    totals.failed += 1; // the run broke before it could report
  }
}

console.log(`tests: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(failed ? 1 : 0);
