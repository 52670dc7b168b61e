// The product checks of the packaged-app smoke test (test/smoke/packaged-app.mjs) that do not
// need Electron: starting the auction from Setup, a socket.io-client bidder, the console and
// a served page showing its bid, the bid in the journal. test/e2e/smoke-steps.test.ts runs
// them here against the real host and the built renderer, so the release runners are not
// the first place they run. Waits are polls bounded by a count, never assertions about time.
import { io } from 'socket.io-client';

export const POLL_MS = 250;
/** Polls per wait: enough for a cold start of the app on a busy runner. */
export const POLLS = 480;

export function check(condition, message, log = console.log) {
  if (!condition) throw new Error(`smoke test failed: ${message}`);
  log(`ok - ${message}`);
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Calls `probe` until it returns something truthy, at most POLLS times; throws naming `what` otherwise. */
export async function waitFor(what, probe) {
  let last;
  for (let i = 0; i < POLLS; i++) {
    try {
      const value = await probe();
      if (value) return value;
    } catch (err) {
      if (err?.fatal) throw err;
      last = err;
    }
    await sleep(POLL_MS);
  }
  throw new Error(`smoke test failed: gave up waiting for ${what}${last ? ` (${last.message})` : ''}`);
}

/** An error that ends a wait at once (the app exited, the host refused). */
export function fatal(message) {
  return Object.assign(new Error(message), { fatal: true });
}

export const testId = (page, id) => page.locator(`[data-testid="${id}"]`);
export const attr = (page, id, name) => testId(page, id).first().getAttribute(name, { timeout: 1000 });
export const screenOf = (page) => attr(page, 'app', 'data-screen');

/** On the Setup screen (admin): starts the auction and waits for the running console. */
export async function startFromSetup(page, log) {
  await waitFor('the Setup screen', async () => (await screenOf(page)) === 'setup');
  await waitFor('the Start button to be enabled', () => testId(page, 'setup-start').isEnabled());
  await testId(page, 'setup-start').click();
  await waitFor('the console', async () => (await screenOf(page)) === 'console');
  await waitFor('a running auction', async () => (await attr(page, 'console-status', 'data-status')) === 'running');
  check(true, 'the auction is started (console, status running)', log);
}

/**
 * A bidder with a team code, over socket.io-client to `base` (http://127.0.0.1:PORT): waits
 * for an open lot without bids and bids its opening price. Returns the accepted bid.
 */
export async function bidOverSocket({ base, code, teamId, log }) {
  let state = null;
  let refused = null;
  const socket = io(base, { auth: { code, protocol: 1 }, transports: ['websocket'], reconnection: false });
  try {
    socket.on('connect_error', (err) => (refused = err.data ?? { message: err.message }));
    socket.on('auction:snapshot', (snapshot) => (state = snapshot.state));
    // Only what is needed to know the open lot and whether anyone bid on it.
    socket.on(
      'lot:opened',
      (e) => state && (state = { ...state, phase: 'open', current: { lotId: e.lotId, bids: [] } }),
    );
    socket.on('bid:accepted', (e) => {
      if (state?.current?.lotId === e.lotId) state = { ...state, current: { ...state.current, bids: [e.bid] } };
    });
    for (const type of ['lot:sold', 'lot:unsold']) socket.on(type, () => state && (state = { ...state, phase: 'gap' }));
    await waitFor('the bidder snapshot', () => {
      if (refused) throw fatal(`join refused: ${JSON.stringify(refused)}`);
      return state;
    });
    check(true, `bidder joined as ${teamId} over ${base}`, log);

    for (let attempt = 0; attempt < 3; attempt++) {
      const open = await waitFor('an open lot', () =>
        state?.phase === 'open' && state.current ? state.current : null,
      );
      const lot = state.config.lots.find((l) => l.id === open.lotId);
      if (open.bids?.length) {
        // Someone bid already (not in a fresh auction): the next lot, rather than compute increments.
        await waitFor('the next lot', () => state.current?.lotId !== open.lotId);
        continue;
      }
      const bidId = `smoke-${teamId}-${lot.id}-${attempt}`;
      const ack = await socket
        .timeout(60_000)
        .emitWithAck('bid:place', { bidId, lotId: lot.id, amount: lot.basePrice });
      if (ack.ok) {
        const placed = { bidId, lotId: lot.id, amount: lot.basePrice, teamId };
        check(true, `bid ${placed.amount} on ${placed.lotId} accepted`, log);
        return placed;
      }
      log(`bid on ${lot.id} refused (${ack.error.code}); trying the next lot`);
      await waitFor('the next lot', () => state.current?.lotId !== lot.id && state.phase === 'open');
    }
    throw new Error('smoke test failed: no bid accepted in three lots');
  } finally {
    socket.close();
  }
}

/** The console (or projector, or a bidder page) shows `placed` as the high bid. */
export async function showsBid(page, placed, what, log) {
  await waitFor(
    `the bid on ${what}`,
    async () => (await attr(page, 'high-bid', 'data-amount')) === String(placed.amount),
  );
  await waitFor(`the leader on ${what}`, async () => (await attr(page, 'leader', 'data-team-id')) === placed.teamId);
  check(true, `${what} shows the bid (high bid ${placed.amount}, leader ${placed.teamId})`, log);
}

/** Opens the page the host serves, with a team code, in `browser`; it must show the bid. */
export async function servedPageShowsBid({ browser, base, code, placed, screenshot, log }) {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await page.goto(`${base}/?code=${encodeURIComponent(code)}`);
    await waitFor('the served bidder page', async () => (await screenOf(page)) === 'bidder');
    await showsBid(page, placed, `the page served at ${base}/ in the test's browser`, log);
    if (screenshot) await page.screenshot({ path: screenshot });
  } finally {
    await context.close();
  }
}

/** The journal's text (JSON lines) holds the accepted bid. */
export function journalHoldsBid(text, placed) {
  const events = text
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line));
  const bid = events.find((e) => e.type === 'bid:accepted' && e.bidId === placed.bidId);
  return {
    events: events.length,
    found: Boolean(bid && bid.bid.amount === placed.amount && bid.bid.teamId === placed.teamId),
  };
}
