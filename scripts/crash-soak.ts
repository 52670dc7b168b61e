import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { CrashLoop } from '../test/helpers/crash-loop';

/**
 * The crash test, longer: kills the host with SIGKILL `--restarts` times
 * while bots bid, resumes it each time and checks every acked bid.
 *
 *   npx tsx scripts/crash-soak.ts --restarts 300 [--seed 7] [--bots 4] [--keep] [--verbose]
 *
 * Exits 1 if any check failed. The loop itself lives in test/helpers/crash-loop.ts.
 */

const { values } = parseArgs({
  options: {
    restarts: { type: 'string', default: '300' },
    seed: { type: 'string', default: String(Date.now() % 1_000_000) },
    bots: { type: 'string', default: '4' },
    keep: { type: 'boolean', default: false },
    verbose: { type: 'boolean', default: false },
  },
});

const restarts = Number(values.restarts);
const seed = Number(values.seed);
const dataDir = await mkdtemp(join(tmpdir(), 'gavel-soak-'));
const started = Date.now();
const loop = new CrashLoop({
  restarts,
  seed,
  dataDir,
  bots: Number(values.bots),
  log: (line) => {
    if (values.verbose || line.includes('PROBLEMS') || line.includes('finished')) console.log(line);
  },
});

let failed = true;
try {
  const f = await loop.run();
  const seconds = ((Date.now() - started) / 1000).toFixed(0);
  console.log(`
crash soak, seed ${seed}, ${seconds} s
  restarts survived   ${f.restartsSurvived} / ${restarts}
  auctions            ${f.auctions}
  bids sent           ${f.bidsSent}
  bids acked          ${f.bidsAcked}
  bids refused        ${f.bidsRefused}
  bids in flight      ${f.bidsInFlightAtKill}  (awaiting their ack at a kill; retried with the same bidId)
  bids unanswered     ${f.bidsUnanswered}  (no answer even after retries; never acked)
  bids lost           ${f.bidsLost}
  torn lines found    ${f.tornLinesFound}  (a kill cut a write short)
  torn lines injected ${f.tornLinesInjected}  (half a line appended after a kill, as a power cut would leave)
  torn lines dropped  ${f.tornLinesDropped}  (by the resumed host, every whole line kept)
  lots sold           ${f.lotsSold}
  sales undone        ${f.salesUndone}
  violations          ${f.violations.length}`);
  for (const v of f.violations) console.log(`  ! ${v}`);
  failed = f.violations.length > 0 || f.restartsSurvived !== restarts || f.bidsLost !== 0;
  console.log(`\nre-run: npx tsx scripts/crash-soak.ts --restarts ${restarts} --seed ${seed}`);
} finally {
  await loop.dispose();
  if (values.keep || failed) console.log(`journals kept in ${dataDir}`);
  else await rm(dataDir, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
