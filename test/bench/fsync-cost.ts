import { closeSync, fdatasyncSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * The CPU time (user + system) one fdatasync of a bid-sized append costs
 * this machine, in µs: measured in a folder beside the hosts' journals, in
 * the orchestrator before any host starts, so nothing else of ours runs.
 *
 * It gives the durable host's CPU a floor: a bare server does no fsync, so
 * `(bare's CPU + fsyncs/s × this) ÷ bare's CPU` is the lowest "CPU% lat"
 * ratio the durable host could show with everything else it does for free.
 * A lower bound: the host's fsync also costs a hop to the thread pool and
 * back, which this synchronous loop does not pay.
 */
export function measureFsyncCpuUs(rounds = 300): number {
  const dir = mkdtempSync(join(tmpdir(), 'gavel-fsync-cost-'));
  const line = `${'x'.repeat(180)}\n`;
  const fd = openSync(join(dir, 'probe.log'), 'a');
  try {
    // A few first, unmeasured: the file's first blocks cost more than an append's.
    for (let i = 0; i < 20; i++) {
      writeSync(fd, line);
      fdatasyncSync(fd);
    }
    const before = process.cpuUsage();
    for (let i = 0; i < rounds; i++) {
      writeSync(fd, line);
      fdatasyncSync(fd);
    }
    const used = process.cpuUsage(before);
    return (used.user + used.system) / rounds;
  } finally {
    closeSync(fd);
    rmSync(dir, { recursive: true, force: true });
  }
}
