import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { replay as replayOf } from '../../shared/auction/engine';
import type { AuctionEvent } from '../../shared/auction/events';
import { bid, makeRunningWithEvents, run, T0 } from '../helpers/builders';
import { checkRecovery, CrashLoop, type AckedBid } from '../helpers/crash-loop';

/**
 * docs/RELIABILITY.md, "Nothing lost": every acknowledged bid survives a crash. The host runs as a
 * child process with a real clock and a durable journal; bots bid without
 * pause; the loop kills the host with SIGKILL at seeded random moments and
 * resumes it, 20 times, checking after each resume that every acked bid is
 * in the journal and in effect, no lot is sold twice and purses add up. Some
 * restarts also find half a line at the journal's end (as a power cut would
 * leave), which the host must drop while keeping every whole line.
 * `npx tsx scripts/crash-soak.ts --restarts 300` runs the same loop longer.
 */

const SEED = 20_261_125;
const RESTARTS = 20;

describe('crash recovery: the host is SIGKILLed while bots bid, then resumed', () => {
  let dataDir = '';
  let loop: CrashLoop | null = null;
  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'gavel-crash-'));
  });
  afterAll(async () => {
    await loop?.dispose();
    await rm(dataDir, { recursive: true, force: true });
  });

  // The loop is bounded by its 20 restarts and the bids between them, never by time; the
  // timeout only catches a hang, far above the ~15 s it takes even beside two busy loops.
  it(`loses no acked bid over ${RESTARTS} kills and resumes`, { timeout: 600_000 }, async () => {
    loop = new CrashLoop({
      restarts: RESTARTS,
      seed: SEED,
      dataDir,
      uptimeMs: [150, 700],
      ackedPerUptime: [1, 6],
      downtimeMs: [0, 150],
      tornEvery: 5,
    });
    const figures = await loop.run();
    expect(figures.violations).toEqual([]);
    expect(figures.restartsSurvived).toBe(RESTARTS);
    expect(figures.bidsLost).toBe(0);
    // The bots really bid and lots really sold between the kills, or the checks above prove nothing.
    expect(figures.bidsAcked).toBeGreaterThan(RESTARTS * 3);
    expect(figures.lotsSold).toBeGreaterThan(0);
    // Some restarts found half a line at the journal's end; the host dropped each and kept the rest.
    expect(figures.tornLinesInjected).toBeGreaterThan(0);
    expect(figures.tornLinesDropped).toBe(figures.tornLinesFound + figures.tornLinesInjected);
  });
});

describe('checkRecovery: the crash test can fail', () => {
  const acked: AckedBid[] = [{ bidId: 'acked-1', teamId: 'T1', lotId: 'L1', amount: 100 }];
  /** A running auction with one acked bid, killed, then resumed: the host appended `auction:paused`. */
  function resumedJournal(): { events: AuctionEvent[]; eventsBeforeKill: number } {
    const started = makeRunningWithEvents({ teams: 2, lots: 2 });
    const bidding = run(started.state, [bid('T1', 100, { bidId: 'acked-1' })], T0 + 100);
    const resumed = run(bidding.state, [{ type: 'auction:pause' }], T0 + 200);
    const beforeKill = [...started.events, ...bidding.events];
    return { events: [...beforeKill, ...resumed.events], eventsBeforeKill: beforeKill.length };
  }

  it('passes an intact journal', () => {
    const { events, eventsBeforeKill } = resumedJournal();
    expect(replayOf(events).status).toBe('paused');
    expect(
      checkRecovery({ events, eventsBeforeKill, hostState: replayOf(events), acked, seenSeq: eventsBeforeKill }),
    ).toEqual([]);
  });

  it('reports an acked bid missing from the journal', () => {
    const { events, eventsBeforeKill } = resumedJournal();
    // Cut the bid out and renumber, as if the host had acked it before writing it.
    const withoutBid = events.filter((e) => e.type !== 'bid:accepted').map((e, i) => ({ ...e, seq: i + 1 }));
    const problems = checkRecovery({
      events: withoutBid,
      eventsBeforeKill: eventsBeforeKill - 1,
      hostState: replayOf(withoutBid),
      acked,
      seenSeq: eventsBeforeKill - 1,
    });
    expect(problems.join('\n')).toMatch(/acked bid acked-1 .* is not in the journal/);
  });

  it('reports an event a client saw that the journal did not have at the kill', () => {
    const { events, eventsBeforeKill } = resumedJournal();
    const state = replayOf(events);
    const problems = checkRecovery({
      events,
      eventsBeforeKill,
      hostState: state,
      acked,
      seenSeq: eventsBeforeKill + 1,
    });
    expect(problems.join('\n')).toMatch(/a client saw event seq \d+, but the journal held only \d+ events at the kill/);
  });

  it('reports a resumed auction that did not come back paused', () => {
    const { events, eventsBeforeKill } = resumedJournal();
    const notPaused = events.slice(0, eventsBeforeKill);
    const problems = checkRecovery({
      events: notPaused,
      eventsBeforeKill,
      hostState: replayOf(notPaused),
      acked,
      seenSeq: eventsBeforeKill,
    });
    expect(problems.join('\n')).toMatch(/did not come back paused/);
  });

  it('reports a host state that is not the replay of its journal', () => {
    const { events, eventsBeforeKill } = resumedJournal();
    const state = replayOf(events);
    const problems = checkRecovery({
      events,
      eventsBeforeKill,
      hostState: { ...state, current: null },
      acked,
      seenSeq: eventsBeforeKill,
    });
    expect(problems.join('\n')).toMatch(/not the replay of its journal/);
  });

  it('reports a lot sold twice', () => {
    const { events, eventsBeforeKill } = resumedJournal();
    const sold = (seq: number): AuctionEvent => ({
      type: 'lot:sold',
      lotId: 'L2',
      teamId: 'T2',
      amount: 100,
      gapEndsAt: null,
      seq,
      at: T0,
    });
    const twice = [...events.slice(0, eventsBeforeKill), sold(eventsBeforeKill + 1), sold(eventsBeforeKill + 2)];
    const problems = checkRecovery({
      events: twice,
      eventsBeforeKill,
      hostState: replayOf(twice),
      acked: [],
      seenSeq: eventsBeforeKill,
    });
    expect(problems.join('\n')).toMatch(/lot L2 sold twice/);
  });
});
