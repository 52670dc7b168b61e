import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { startHost } from '../../main/host/host-server';
import { DEFAULT_RATE_LIMITS } from '../../main/host/rate-limit';
import type { AuctionConfig } from '../../shared/auction/types';

/**
 * A real host in its own process, for the crash test: the parent kills it
 * with SIGKILL and starts it again with `--resume`. Real clock, durable
 * journal, loopback only.
 *
 *   node --import tsx test/helpers/host-child.ts --data DIR --port 0 --config FILE
 *   node --import tsx test/helpers/host-child.ts --data DIR --port 41234 --resume ID
 *
 * Once listening it prints one JSON line on stdout: `{ port, auctionId, joinCodes }`.
 * It exits when its stdin closes, so a parent that dies never leaves it behind.
 */

export interface ChildReady {
  readonly port: number;
  readonly auctionId: string;
  readonly joinCodes: { admin: string; spectator: string; teams: Record<string, string> };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      data: { type: 'string' },
      port: { type: 'string', default: '0' },
      config: { type: 'string' },
      resume: { type: 'string' },
    },
  });
  if (!values.data) throw new Error('--data is required');
  const config = values.config ? (JSON.parse(await readFile(values.config, 'utf8')) as AuctionConfig) : undefined;
  const host = await startHost({
    port: Number(values.port),
    strictPort: true,
    host: '127.0.0.1',
    dataDir: values.data,
    config,
    resumeId: values.resume,
    durable: true,
    // Every bot connects from 127.0.0.1: keep the limits, but wide enough for a bidding war.
    rateLimits: { ...DEFAULT_RATE_LIMITS, commandBurst: 10_000, commandPerSecond: 10_000 },
    log: (message) => process.stderr.write(`${message}\n`),
  });
  const { admin, spectator, teams } = host.joinCodes;
  const ready: ChildReady = { port: host.port, auctionId: host.auctionId, joinCodes: { admin, spectator, teams } };
  process.stdout.write(`${JSON.stringify(ready)}\n`);
}

process.stdin.on('end', () => process.exit(0));
process.stdin.resume();
main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
