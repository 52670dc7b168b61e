import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DEFAULT_FULL_ROOM, runFullRoom } from './full-room';
import { prepareBundles } from './processes';
import { describeMachine } from './report';
import { prepareRoomWorker, type VenueBundles } from './room';
import { DEFAULT_SLOW_LINK, runSlowLink } from './slow-link';
import { DEFAULT_STORM, runStorm } from './storm';

/**
 * The venue's bad moments (issue 18): a reconnect storm, a full room, a slow
 * link. Each is its own scenario, run after the main benchmark or alone
 * (`npm run bench -- --only storm`), each printed as ours beside bare in the
 * same run and written to bench-results/venue-<name>.json. Reported, never
 * asserted.
 */

export const VENUE_SCENARIOS = ['storm', 'full-room', 'slow-link'] as const;
export type VenueName = (typeof VENUE_SCENARIOS)[number];

export function isVenueName(name: string): name is VenueName {
  return (VENUE_SCENARIOS as readonly string[]).includes(name);
}

export interface VenueContext {
  readonly bundles: VenueBundles;
  readonly epochNs: bigint;
  readonly log: (line: string) => void;
}

export interface VenueOutcome {
  readonly name: VenueName;
  readonly json: unknown;
  readonly lines: readonly string[];
}

export interface VenueOptions {
  /** Spectator counts of the full room (default 2,000; 5,000 on request). */
  readonly fullRoom?: readonly number[];
  /** Bidder counts on the slow link (default 50). */
  readonly slowLink?: readonly number[];
}

export const VENUE_HELP = `  --full-room 2000,5000 spectator counts of the full room (default 2000)
  --slow-link 50,200    bidder counts behind the 20 ± 10 ms proxy (default 50)`;

/** Runs the named scenarios one after another; prints each and writes its JSON. Returns how many broke. */
export async function runVenue(
  names: readonly VenueName[],
  root: string,
  options: VenueOptions,
  log: (line: string) => void,
): Promise<number> {
  const buildDir = join(root, 'bench-results', '.build');
  const bundles: VenueBundles = { ...(await prepareBundles(buildDir)), room: await prepareRoomWorker(buildDir) };
  const ctx: VenueContext = { bundles, epochNs: process.hrtime.bigint(), log };
  let broken = 0;
  for (const name of names) {
    const startedAt = new Date().toISOString();
    try {
      const outcome =
        name === 'storm'
          ? await runStorm(ctx, DEFAULT_STORM)
          : name === 'full-room'
            ? await runFullRoom(ctx, {
                ...DEFAULT_FULL_ROOM,
                spectators: options.fullRoom ?? DEFAULT_FULL_ROOM.spectators,
              })
            : await runSlowLink(ctx, { ...DEFAULT_SLOW_LINK, ns: options.slowLink ?? DEFAULT_SLOW_LINK.ns });
      console.log(`\n${outcome.lines.join('\n')}`);
      const out = join(root, 'bench-results', `venue-${name}.json`);
      await mkdir(join(root, 'bench-results'), { recursive: true });
      const json = {
        startedAt,
        finishedAt: new Date().toISOString(),
        machine: describeMachine(),
        ...(outcome.json as object),
      };
      await writeFile(out, JSON.stringify(json, null, 2) + '\n');
      console.log(`Written to ${out}`);
    } catch (err) {
      broken += 1;
      console.error(`${name}: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    }
  }
  return broken;
}
