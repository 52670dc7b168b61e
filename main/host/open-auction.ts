import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { createAuction, replay } from '../../shared/auction/engine';
import type { AuctionEvent } from '../../shared/auction/events';
import type { AuctionConfig, AuctionState } from '../../shared/auction/types';
import type { Clock } from './clock';
import { makeCredentials, type Credentials } from './credentials';
import { auctionDir, JOURNAL_FILE, Journal, readCredentials, readJournal, writeCredentials } from './journal';

/** What `openAuction` needs of the host's options. */
export interface OpenAuctionOptions {
  /** A new auction from this config ... */
  readonly config?: AuctionConfig;
  /** ... or an existing one from its journal under `dataDir`. */
  readonly resumeId?: string;
  /** Folder with one sub-folder per auction; null keeps nothing on disk. */
  readonly dataDir: string | null;
  /** Skip fsync (benchmarks only). */
  readonly durable?: boolean;
}

export interface OpenedAuction {
  readonly state: AuctionState;
  readonly history: readonly AuctionEvent[];
  readonly credentials: Credentials;
  readonly journal: Journal | null;
  readonly auctionId: string;
}

export function makeAuctionId(now: number): string {
  const stamp = new Date(now).toISOString().slice(0, 16).replace(/[-:]/g, '').replace('T', '-');
  return `${stamp}-${randomBytes(3).toString('hex')}`;
}

/** Loads or creates the auction and its journal: a resumed one replays its journal, a new one writes its first events. */
export async function openAuction(options: OpenAuctionOptions, clock: Clock): Promise<OpenedAuction> {
  const durable = options.durable ?? true;
  if (options.resumeId) {
    if (!options.dataDir) throw new Error('Resuming needs a data folder');
    const dir = auctionDir(options.dataDir, options.resumeId);
    const file = join(dir, JOURNAL_FILE);
    if (!existsSync(file)) throw new Error(`No auction "${options.resumeId}" in ${options.dataDir}`);
    const { events, index } = await readJournal(file);
    const state = replay(events);
    // Teams configured after the last save of the codes still get theirs.
    const credentials = makeCredentials(
      state.config.teams.map((t) => t.id),
      await readCredentials(dir),
    );
    const journal = await Journal.openForAppend(file, { durable, index });
    return { state, history: events, credentials, journal, auctionId: options.resumeId };
  }
  if (!options.config) throw new Error('Pass a config to create an auction, or resumeId to resume one');
  const auctionId = makeAuctionId(clock.now());
  const created = createAuction(auctionId, options.config, clock.now());
  const credentials = makeCredentials(options.config.teams.map((t) => t.id));
  let journal: Journal | null = null;
  if (options.dataDir) {
    const dir = auctionDir(options.dataDir, auctionId);
    await mkdir(dir, { recursive: true });
    await writeCredentials(dir, credentials);
    journal = await Journal.openForAppend(join(dir, JOURNAL_FILE), { durable });
    await journal.append(created.events).durable;
  }
  return { state: created.state, history: created.events, credentials, journal, auctionId };
}
