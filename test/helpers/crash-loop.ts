import { spawn, type ChildProcess } from 'node:child_process';
import { appendFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isDeepStrictEqual } from 'node:util';
import { JOURNAL_FILE } from '../../main/host/journal';
import { connectGavel, type GavelClient } from '../../renderer/lib/gavel-client';
import { replay, upgradeEvent } from '../../shared/auction/engine';
import type { AuctionEvent } from '../../shared/auction/events';
import { createPrng, maxBid, nextMinBid } from '../../shared/auction/rules';
import type { AuctionConfig, AuctionState } from '../../shared/auction/types';
import type { Snapshot } from '../../shared/protocol/messages';
import { makeConfig } from './builders';
import type { ChildReady } from './host-child';

/**
 * The crash loop shared by the crash test (test/integration/crash-recovery.test.ts)
 * and the soak script (scripts/crash-soak.ts).
 *
 * A real host runs as a child process with a real clock and a durable journal.
 * Bots (typed clients in this process) bid continuously; the loop kills the
 * child with SIGKILL after a random uptime, restarts it with `--resume` on
 * the same port, checks the recovered auction against every bid whose ack a
 * bot received, lets the admin resume it, and goes round again.
 *
 * The kill schedule (uptimes, downtimes, when the admin undoes a sale) comes
 * from a seeded PRNG, so a seed names a run. The bidding between kills runs
 * on real time and real sockets, so what is in flight at each kill differs
 * from run to run: that is the point.
 */

const HERE = dirname(fileURLToPath(import.meta.url));
const CHILD_SCRIPT = join(HERE, 'host-child.ts');
const STARTUP_TIMEOUT_MS = 15_000;
const WAIT_TIMEOUT_MS = 10_000;
/** Upper bound on the admin's state changes waited through for acks in one uptime. */
const MAX_CHANGES_PER_UPTIME = 10_000;
/** A wait for the admin's next change also ends after this long, so the ack count is read again. */
const CHANGE_POLL_MS = 50;
/** Upper bound on one bot's loop turns per auction, on top of the stop flag. */
const MAX_BOT_TURNS = 1_000_000;

/** Short lots on a real clock: many lots close, sell and open between kills. */
export const CRASH_RULES = {
  purse: 1_000_000,
  squadMin: 0,
  minimumPrice: 10,
  increments: { kind: 'fixed', step: 10 },
  lotOpenMs: 1_500,
  bidExtendMs: 500,
  graceMs: 100,
  gapMs: 200,
} as const;

export interface CrashLoopOptions {
  /** How many times the host is killed and resumed. */
  readonly restarts: number;
  /** Seeds the kill schedule; the same seed gives the same schedule. */
  readonly seed: number;
  /** A fresh folder: journals go under it. */
  readonly dataDir: string;
  /** Bidding bots, one team each (default 4). */
  readonly bots?: number;
  /** Lots per auction; when one finishes the loop starts another (default 40). */
  readonly lots?: number;
  /** The host is killed this long (ms, uniform) after the admin resumes it ... */
  readonly uptimeMs?: readonly [number, number];
  /**
   * ... and not before the bots have had this many more bids acked (uniform,
   * seeded). What happens between two kills is then counted in bids, not in
   * wall time: a busy machine makes the loop slower, never emptier.
   */
  readonly ackedPerUptime?: readonly [number, number];
  /** Extra time the host stays dead before it is restarted (ms, uniform). */
  readonly downtimeMs?: readonly [number, number];
  /** Every this many kills a partial line is appended to the journal before the restart (default 10; 0: never). */
  readonly tornEvery?: number;
  /** Chance per uptime that the admin undoes the last sale at a random moment. */
  readonly undoChance?: number;
  readonly log?: (line: string) => void;
}

export interface CrashFigures {
  /** Kills followed by a resume that passed every check. */
  restartsSurvived: number;
  restarts: number;
  auctions: number;
  bidsSent: number;
  /** Bids whose ack said ok. */
  bidsAcked: number;
  /** Bids refused by the host (too low, lot closed, paused, ...). */
  bidsRefused: number;
  /** Bids with no answer at all, even after the client's retries. */
  bidsUnanswered: number;
  /** Bids awaiting their ack at the moment of a kill (each is retried with its bidId after the restart). */
  bidsInFlightAtKill: number;
  /** Acked bids missing from the journal or from the recovered state: must be 0. */
  bidsLost: number;
  /** Kills that left a partial last line in the journal. */
  tornLinesFound: number;
  /**
   * Partial lines the loop appended after a kill, as a power cut mid-write
   * would leave (SIGKILL rarely tears a line: the kernel finishes a small write).
   */
  tornLinesInjected: number;
  /** Torn last lines (found or injected) that the resumed host dropped, keeping every whole line. */
  tornLinesDropped: number;
  lotsSold: number;
  salesUndone: number;
  violations: string[];
}

/** A bid whose ack a bot received. */
export interface AckedBid {
  readonly bidId: string;
  readonly teamId: string;
  readonly lotId: string;
  readonly amount: number;
}

export interface JournalRead {
  readonly events: AuctionEvent[];
  /** The file ended in a partial line (a write cut short by the kill). */
  readonly torn: boolean;
}

/**
 * Reads a journal without touching it (the host's own `readJournal` rewrites
 * a torn file, and the host must be the one to do that).
 */
export async function peekJournal(file: string): Promise<JournalRead> {
  const text = await readFile(file, 'utf8');
  const lines = text.split('\n');
  const last = lines.pop() ?? '';
  const events: AuctionEvent[] = [];
  for (const line of lines) events.push(upgradeEvent(JSON.parse(line) as AuctionEvent));
  return { events, torn: last.length > 0 };
}

export interface RecoveryInput {
  /** The whole journal after the restart. */
  readonly events: readonly AuctionEvent[];
  /** How many events the journal held (whole lines) when the host was killed. */
  readonly eventsBeforeKill: number;
  /** The resumed host's state, as its snapshot says. */
  readonly hostState: AuctionState;
  /** Every bid acked so far in this auction. */
  readonly acked: readonly AckedBid[];
  /** The highest `seq` any client had received when the host was killed. */
  readonly seenSeq: number;
}

/**
 * Everything that must hold after a crash and resume; returns one line per
 * broken promise (empty when all hold). Pure, so it can be tested on a
 * journal with a bid cut out.
 */
export function checkRecovery(input: RecoveryInput): string[] {
  const { events, eventsBeforeKill, hostState, acked, seenSeq } = input;
  const problems: string[] = [];
  // The host broadcasts an event only once it is in the file, which a kill does not undo.
  if (seenSeq > eventsBeforeKill) {
    problems.push(
      `a client saw event seq ${seenSeq}, but the journal held only ${eventsBeforeKill} events at the kill`,
    );
  }
  const replayed = replay(events);
  if (!isDeepStrictEqual(replayed, hostState)) {
    problems.push(`the host's state (seq ${hostState.seq}) is not the replay of its journal (seq ${replayed.seq})`);
  }

  // A resumed auction comes back paused: nothing may happen before the pause.
  const before = replay(events.slice(0, eventsBeforeKill));
  const first = events[eventsBeforeKill];
  if (before.status === 'running' && first?.type !== 'auction:paused') {
    problems.push(`resumed auction did not come back paused: first new event is ${first?.type ?? 'none'}`);
  }
  if (before.status === 'running' && replayed.status !== 'paused') {
    problems.push(`resumed auction is ${replayed.status}, not paused`);
  }

  // Each bid counted once; each acked bid durable and in effect. A bidId is its team's own [EVT5].
  const acceptedAt = new Map<string, number>();
  for (const [i, event] of events.entries()) {
    if (event.type !== 'bid:accepted') continue;
    const key = `${event.bid.teamId}:${event.bidId}`;
    if (acceptedAt.has(key)) problems.push(`bid ${key} accepted twice`);
    acceptedAt.set(key, i);
  }
  for (const bid of acked) {
    const at = acceptedAt.get(`${bid.teamId}:${bid.bidId}`);
    const event = at === undefined ? undefined : events[at];
    if (!event || event.type !== 'bid:accepted') {
      problems.push(`acked bid ${bid.bidId} (${bid.teamId} ${bid.amount} on ${bid.lotId}) is not in the journal`);
      continue;
    }
    if (event.lotId !== bid.lotId || event.bid.amount !== bid.amount || event.bid.teamId !== bid.teamId) {
      problems.push(`acked bid ${bid.bidId} is journaled with other terms`);
    }
    // [EVT4] the state keeps only the open lot's latest bids: an older one shows as a higher high bid.
    const openBids = replayed.current?.lotId === bid.lotId ? replayed.current.bids : [];
    const hostId = events[at as number]?.seq;
    const isOnOpenLot = openBids.some((b) => b.id === hostId) || (openBids.at(-1)?.amount ?? 0) > bid.amount;
    const isSoldAtLeast = replayed.sales.some((s) => s.lotId === bid.lotId && s.amount >= bid.amount);
    const isUndoneLater = events.some(
      (e, i) => i > (at as number) && e.type === 'sale:undone' && e.lotId === bid.lotId,
    );
    if (!isOnOpenLot && !isSoldAtLeast && !isUndoneLater) {
      problems.push(`acked bid ${bid.bidId} (${bid.teamId} ${bid.amount} on ${bid.lotId}) has no effect in the state`);
    }
  }

  // No lot sold twice, in the journal's history or in the state.
  const held = new Set<string>();
  for (const event of events) {
    if (event.type === 'lot:sold') {
      if (held.has(event.lotId)) problems.push(`lot ${event.lotId} sold twice (seq ${event.seq})`);
      held.add(event.lotId);
    } else if (event.type === 'sale:undone') held.delete(event.lotId);
  }
  const soldLots = replayed.sales.map((s) => s.lotId);
  if (new Set(soldLots).size !== soldLots.length) problems.push(`a lot appears twice in sales: ${soldLots.join(',')}`);

  // Purses add up.
  for (const team of replayed.config.teams) {
    const ledger = replayed.ledger[team.id];
    const bought = replayed.sales.filter((s) => s.teamId === team.id).reduce((sum, s) => sum + s.amount, 0);
    if (!ledger) {
      problems.push(`team ${team.id} has no ledger`);
      continue;
    }
    if (ledger.spent !== bought) problems.push(`team ${team.id} spent ${ledger.spent} but its sales add to ${bought}`);
    if (ledger.purse - ledger.spent < 0)
      problems.push(`team ${team.id} is ${ledger.spent - ledger.purse} over its purse`);
  }
  return problems;
}

/** A host child process that has printed its ready line. */
export interface HostProcess {
  readonly ready: ChildReady;
  readonly child: ChildProcess;
  /** SIGKILL, then wait for the exit. */
  kill(): Promise<void>;
}

/** Starts `test/helpers/host-child.ts`; rejects with its stderr if it exits before it is ready. */
export function spawnHost(args: readonly string[]): Promise<HostProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD_SCRIPT, ...args], {
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const exited = new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });
  const kill = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await exited;
  };
  return new Promise<HostProcess>((resolve, reject) => {
    let out = '';
    let err = '';
    const timer = setTimeout(() => {
      void kill();
      reject(new Error(`host child not ready after ${STARTUP_TIMEOUT_MS} ms: ${err}`));
    }, STARTUP_TIMEOUT_MS);
    child.stderr?.on('data', (chunk: Buffer) => {
      err = (err + chunk.toString()).slice(-4_000);
    });
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const newline = out.indexOf('\n');
      if (newline < 0) return;
      clearTimeout(timer);
      resolve({ ready: JSON.parse(out.slice(0, newline)) as ChildReady, child, kill });
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`host child exited (${signal ?? code}) before it was ready: ${err.trim()}`));
    });
  });
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Resolves after the client's next change, or after `ms`. */
function nextChange(client: GavelClient, ms: number): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    const off = client.subscribe(done);
    function done(): void {
      clearTimeout(timer);
      off();
      resolve();
    }
  });
}

function between(rng: () => number, [low, high]: readonly [number, number]): number {
  return Math.round(low + rng() * (high - low));
}

interface Bot {
  readonly teamId: string;
  readonly client: GavelClient;
  /** How far this bot goes on each lot (keyed by lot and opening, so a lot back after an undo gets a new limit). */
  readonly limits: Map<string, number>;
  connects: number;
}

interface Auction {
  readonly id: string;
  readonly config: AuctionConfig;
  readonly acked: AckedBid[];
}

export class CrashLoop {
  readonly figures: CrashFigures = {
    restartsSurvived: 0,
    restarts: 0,
    auctions: 0,
    bidsSent: 0,
    bidsAcked: 0,
    bidsRefused: 0,
    bidsUnanswered: 0,
    bidsInFlightAtKill: 0,
    bidsLost: 0,
    tornLinesFound: 0,
    tornLinesInjected: 0,
    tornLinesDropped: 0,
    lotsSold: 0,
    salesUndone: 0,
    violations: [],
  };
  readonly #options: CrashLoopOptions;
  readonly #rng: () => number;
  /** Bots' own randomness (amounts, pauses): seeded too, though real-time interleaving decides the order. */
  readonly #botRng: () => number;
  #host: HostProcess | null = null;
  #auction: Auction | null = null;
  #admin: GavelClient | null = null;
  #adminConnects = 0;
  #bots: Bot[] = [];
  #botLoops: Promise<void>[] = [];
  #stopping = false;
  #bidCounter = 0;
  #inFlight = 0;
  #soldInEarlierAuctions = 0;

  constructor(options: CrashLoopOptions) {
    this.#options = options;
    this.#rng = createPrng(options.seed);
    this.#botRng = createPrng(options.seed ^ 0x5eed);
  }

  #log(line: string): void {
    this.#options.log?.(line);
  }

  /** Runs the loop; never throws for a broken promise of the host (those go to `figures.violations`). */
  async run(): Promise<CrashFigures> {
    const ackedPerUptime = this.#options.ackedPerUptime ?? [0, 0];
    const uptime = this.#options.uptimeMs ?? [150, 900];
    const downtime = this.#options.downtimeMs ?? [0, 200];
    const undoChance = this.#options.undoChance ?? 0.2;
    await this.#startAuction();
    for (let r = 1; r <= this.#options.restarts; r++) {
      const upFor = between(this.#rng, uptime);
      const ackedFor = between(this.#rng, ackedPerUptime);
      const undoAt = this.#rng() < undoChance ? between(this.#rng, [0, upFor]) : null;
      const downFor = between(this.#rng, downtime);
      const tornEvery = this.#options.tornEvery ?? 10;
      const isTornInjected = tornEvery > 0 && r % tornEvery === 0;
      await this.#runFor(upFor, undoAt);
      await this.#untilAcked(ackedFor);
      const problems = await this.#crashAndResume(downFor, isTornInjected);
      this.figures.restarts = r;
      if (problems.length === 0) this.figures.restartsSurvived += 1;
      for (const p of problems) this.figures.violations.push(`restart ${r}: ${p}`);
      this.#log(
        `restart ${r}: up ${upFor} ms, down ${downFor} ms, ${this.#auction?.acked.length ?? 0} acked bids, ` +
          `${this.figures.bidsInFlightAtKill} in flight at kills so far` +
          (problems.length > 0 ? `, PROBLEMS: ${problems.join('; ')}` : ''),
      );
      if (problems.length > 0) break; // The state is suspect from here on; stop and report.
      await this.#continue();
    }
    await this.#stopBots();
    return this.figures;
  }

  /** Kills the child and closes every client; safe to call more than once, and after a failure. */
  async dispose(): Promise<void> {
    this.#stopping = true;
    // Bots finish their last bid first; with the host dead that could take their whole retry budget, so cap it.
    await Promise.race([Promise.allSettled(this.#botLoops), sleep(2_000)]);
    for (const bot of this.#bots) bot.client.close();
    this.#admin?.close();
    await this.#host?.kill();
  }

  async #startAuction(): Promise<void> {
    await this.#stopBots();
    this.#soldInEarlierAuctions = this.figures.lotsSold;
    const lots = this.#options.lots ?? 40;
    const config = makeConfig({
      name: `Crash ${this.figures.auctions + 1}`,
      teams: this.#options.bots ?? 4,
      lots,
      rules: { ...CRASH_RULES, squadMax: lots },
    });
    await mkdir(this.#options.dataDir, { recursive: true });
    const configFile = join(this.#options.dataDir, `config-${this.figures.auctions + 1}.json`);
    await writeFile(configFile, JSON.stringify(config));
    await this.#host?.kill();
    this.#host = await spawnHost(['--data', this.#options.dataDir, '--port', '0', '--config', configFile]);
    this.#auction = { id: this.#host.ready.auctionId, config, acked: [] };
    this.figures.auctions += 1;
    await this.#connectClients();
    const started = await (this.#admin as GavelClient).send('auction:start', {});
    if (!started.ok) throw new Error(`auction:start refused: ${started.error.code}`);
    this.#startBots();
  }

  /** New clients for the current host; bots reconnect by themselves after a restart on the same port. */
  async #connectClients(): Promise<void> {
    for (const bot of this.#bots) bot.client.close();
    this.#admin?.close();
    const { port, joinCodes } = (this.#host as HostProcess).ready;
    const url = `http://127.0.0.1:${port}`;
    const connect = (code: string): GavelClient =>
      connectGavel({
        url,
        code,
        clockSyncIntervalMs: 0,
        ackTimeoutMs: 3_000,
        // Come back fast: the host is down for well under a second.
        socketOptions: { reconnectionDelay: 30, reconnectionDelayMax: 100, randomizationFactor: 0.2 },
      });
    this.#admin = connect(joinCodes.admin);
    this.#adminConnects = 0;
    this.#admin.socket.on('connect', () => (this.#adminConnects += 1));
    this.#bots = Object.entries(joinCodes.teams).map(([teamId, code]) => {
      const bot: Bot = { teamId, client: connect(code), limits: new Map(), connects: 0 };
      bot.client.socket.on('connect', () => (bot.connects += 1));
      return bot;
    });
    await Promise.all([this.#admin, ...this.#bots.map((b) => b.client)].map((c) => c.waitFor((x) => x.state !== null)));
  }

  async #runFor(ms: number, undoAt: number | null): Promise<void> {
    if (undoAt === null) return sleep(ms);
    await sleep(undoAt);
    const res = await (this.#admin as GavelClient).send('sale:undo', {});
    if (res.ok) this.figures.salesUndone += 1;
    await sleep(Math.max(0, ms - undoAt));
  }

  /**
   * Waits until `count` more bids are acked, checked on each change of the
   * admin's state; bounded by a count of changes (a host that stops taking
   * bids fails the loop's checks instead of hanging it).
   */
  async #untilAcked(count: number): Promise<void> {
    const target = this.figures.bidsAcked + count;
    const admin = this.#admin as GavelClient;
    for (let changes = 0; changes < MAX_CHANGES_PER_UPTIME && this.figures.bidsAcked < target; changes++) {
      await nextChange(admin, CHANGE_POLL_MS);
    }
  }

  async #crashAndResume(downFor: number, isTornInjected: boolean): Promise<string[]> {
    const host = this.#host as HostProcess;
    const auction = this.#auction as Auction;
    const admin = this.#admin as GavelClient;
    const connectsBefore = [this.#adminConnects, ...this.#bots.map((b) => b.connects)];
    this.figures.bidsInFlightAtKill += this.#inFlight;
    await host.kill();
    const seenSeq = Math.max(...[admin, ...this.#bots.map((b) => b.client)].map((c) => c.state?.seq ?? 0));
    const file = join(this.#options.dataDir, auction.id, JOURNAL_FILE);
    const atKill = await peekJournal(file);
    if (atKill.torn) this.figures.tornLinesFound += 1;
    if (isTornInjected && !atKill.torn) {
      // Half of a next event, no newline: never acked, since acks wait for the whole line's fsync.
      const next = JSON.stringify({ type: 'bid:accepted', seq: atKill.events.length + 1, lotId: 'L1' });
      await appendFile(file, next.slice(0, Math.ceil(next.length / 2)));
      this.figures.tornLinesInjected += 1;
    }
    const wasTorn = atKill.torn || isTornInjected;
    await sleep(downFor);

    const resumeArgs = ['--data', this.#options.dataDir, '--resume', auction.id];
    try {
      this.#host = await spawnHost([...resumeArgs, '--port', String(host.ready.port)]);
    } catch (err) {
      // Someone took the port while the host was down: resume on a fresh one and reconnect.
      if (!String(err).includes('in use')) throw err;
      this.#log(`port ${host.ready.port} taken; resuming on a new port`);
      this.#host = await spawnHost([...resumeArgs, '--port', '0']);
      await this.#stopBots();
      await this.#connectClients();
      this.#startBots();
    }
    if (this.#admin === admin) {
      // Everyone back before the admin resumes, so the whole next uptime is spent bidding.
      const isBack = (): boolean =>
        this.#adminConnects > (connectsBefore[0] as number) &&
        this.#bots.every((b, i) => b.connects > (connectsBefore[i + 1] as number));
      await waitUntil(isBack, WAIT_TIMEOUT_MS);
    }

    const res = await (this.#admin as GavelClient).socket.timeout(WAIT_TIMEOUT_MS).emitWithAck('snapshot:get', {});
    if (!res.ok) return [`snapshot refused after restart: ${res.error.code}`];
    const snapshot: Snapshot = res.data;
    const after = await peekJournal(file);
    const problems = checkRecovery({
      events: after.events,
      eventsBeforeKill: atKill.events.length,
      hostState: snapshot.state,
      acked: auction.acked,
      seenSeq,
    });
    if (after.torn) problems.push('the resumed host left a torn line in its journal');
    else if (wasTorn) this.figures.tornLinesDropped += 1;
    if (!isDeepStrictEqual(after.events.slice(0, atKill.events.length), atKill.events)) {
      problems.push('the resumed host changed journal lines written before the kill');
    }
    const journaled = new Set(
      after.events.flatMap((e) => (e.type === 'bid:accepted' ? [`${e.bid.teamId}:${e.bidId}`] : [])),
    );
    this.figures.bidsLost += auction.acked.filter((b) => !journaled.has(`${b.teamId}:${b.bidId}`)).length;
    this.figures.lotsSold = this.#soldInEarlierAuctions + snapshot.state.sales.length;
    return problems;
  }

  /** Resumes the auction, or starts a new one when this one has finished. */
  async #continue(): Promise<void> {
    const admin = this.#admin as GavelClient;
    await admin.waitFor((c) => c.state?.status !== 'running');
    if (admin.state?.status === 'finished') {
      this.#log(`auction ${this.#auction?.id} finished; starting another`);
      await this.#startAuction();
      return;
    }
    const res = await admin.send('auction:resume', {});
    if (!res.ok) throw new Error(`auction:resume refused: ${res.error.code}: ${res.error.message}`);
  }

  #startBots(): void {
    this.#stopping = false;
    this.#botLoops = this.#bots.map((bot) => this.#runBot(bot, this.#auction as Auction));
  }

  async #stopBots(): Promise<void> {
    this.#stopping = true;
    await Promise.allSettled(this.#botLoops);
    this.#botLoops = [];
  }

  /** Bids the minimum on every open lot it does not lead, up to its own limit for that lot. */
  async #runBot(bot: Bot, auction: Auction): Promise<void> {
    const { client, teamId } = bot;
    for (let turn = 0; turn < MAX_BOT_TURNS && !this.#stopping; turn++) {
      const state = client.state;
      const lot = state?.current;
      if (!state || !lot || !client.socket.connected || state.status !== 'running' || state.phase !== 'open') {
        await nextChange(client, 100);
        continue;
      }
      const key = `${lot.lotId}@${lot.openedAt}`;
      let limit = bot.limits.get(key);
      if (limit === undefined) {
        const base = state.config.lots.find((l) => l.id === lot.lotId)?.basePrice ?? 0;
        limit = base + (20 + Math.floor(this.#botRng() * 60)) * 10;
        bot.limits.set(key, limit);
      }
      const amount = nextMinBid(state);
      const isLeading = lot.bids[lot.bids.length - 1]?.teamId === teamId;
      if (isLeading || amount === null || amount > limit || amount > maxBid(state, teamId)) {
        await nextChange(client, 100);
        continue;
      }
      this.#bidCounter += 1;
      const bidId = `${teamId}-${this.#options.seed}-${this.#bidCounter}`;
      this.figures.bidsSent += 1;
      this.#inFlight += 1;
      const ack = await client.placeBid(lot.lotId, amount, bidId);
      this.#inFlight -= 1;
      if (ack.ok) {
        auction.acked.push({ bidId, teamId, lotId: lot.lotId, amount });
        this.figures.bidsAcked += 1;
      } else if (ack.error.code === 'internal_error') this.figures.bidsUnanswered += 1;
      else this.figures.bidsRefused += 1;
      await sleep(Math.floor(this.#botRng() * 5));
    }
  }
}

async function waitUntil(predicate: () => boolean, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > until) throw new Error(`condition not met within ${timeoutMs} ms`);
    await sleep(10);
  }
}
