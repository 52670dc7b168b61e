import { afterEach, describe, expect, it } from 'vitest';
import { io, type Socket } from 'socket.io-client';
import { DEFAULT_RATE_LIMITS, type RateLimits } from '../../main/host/rate-limit';
import { connectGavel, type GavelClient } from '../../renderer/lib/gavel-client';
import { PROTOCOL_VERSION } from '../../shared/protocol/messages';
import { makeConfig } from '../helpers/builders';
import { startTestHost, type TestHost } from '../helpers/host';

/**
 * Limits that stop guessing, not people. Every wait here is host time on a
 * FakeClock: the test advances it, so nothing depends on how fast this
 * machine is.
 */

let t: TestHost | null = null;
let raw: Socket[] = [];
afterEach(async () => {
  for (const s of raw) s.close();
  raw = [];
  await t?.close();
  t = null;
});

const LIMITS: RateLimits = { ...DEFAULT_RATE_LIMITS };
const GUESS_INTERVAL_MS = 1_000 / LIMITS.handshakePerSecond;

type Outcome =
  { readonly kind: 'connected' } | { readonly kind: 'refused'; readonly code: string; readonly retryAfterMs?: number };

/** A bare handshake; resolves with how the host answered, whenever it does. */
function handshake(url: string, code: string): { socket: Socket; outcome: Promise<Outcome> } {
  const socket = io(url, {
    auth: { code, protocol: PROTOCOL_VERSION },
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
  });
  raw.push(socket);
  const outcome = new Promise<Outcome>((resolve) => {
    socket.once('connect', () => resolve({ kind: 'connected' }));
    socket.once('connect_error', (err: Error & { data?: { code?: string; retryAfterMs?: number } }) =>
      resolve({ kind: 'refused', code: err.data?.code ?? err.message, retryAfterMs: err.data?.retryAfterMs }),
    );
  });
  return { socket, outcome };
}

/** Lets sockets and timers run without moving host time. */
async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise((resolve) => setTimeout(resolve, 20));
}

/** Polls until `done`, a bounded number of times; the test's own timeout is the backstop. */
async function until(done: () => boolean): Promise<void> {
  for (let i = 0; i < 2_000 && !done(); i++) await new Promise((resolve) => setTimeout(resolve, 10));
  expect(done()).toBe(true);
}

describe('wrong codes: a delay per failure, not a lockout', () => {
  it('after 10 wrong codes from one address, the right code still gets in within one guess interval', async () => {
    t = await startTestHost(makeConfig(), { rateLimits: LIMITS });
    for (let i = 0; i < LIMITS.handshakeBurst; i++) {
      expect(await handshake(t.url, `GUESS-${i}`).outcome).toEqual({
        kind: 'refused',
        code: 'bad_credentials',
        retryAfterMs: undefined,
      });
    }
    const right = handshake(t.url, t.host.joinCodes.teams['T1'] as string);
    let answered: Outcome | null = null;
    void right.outcome.then((o) => (answered = o));
    await settle();
    // Its turn comes once the address has waited one guess interval; it is then let in, not refused.
    await t.clock.advance(GUESS_INTERVAL_MS);
    expect(await right.outcome).toEqual({ kind: 'connected' });
    expect(answered).not.toBeNull();
  });

  it('guessing in parallel from one address stays at one code checked per interval', async () => {
    t = await startTestHost(makeConfig(), { rateLimits: LIMITS });
    const guesses = Array.from({ length: 40 }, (_, i) => handshake(t!.url, `PARALLEL-${i}`));
    const outcomes: Outcome[] = [];
    for (const g of guesses) void g.outcome.then((o) => outcomes.push(o));
    const checked = (): number => outcomes.filter((o) => o.kind === 'refused' && o.code === 'bad_credentials').length;
    // The burst is checked at once; the queue waits its turn; the rest are told to come back later.
    // Waited for by what the host answered, never by how long it took (a loaded machine is slow).
    await until(() => outcomes.length === guesses.length - LIMITS.handshakeQueue);
    expect(checked()).toBe(LIMITS.handshakeBurst);
    const told = outcomes.filter((o) => o.kind === 'refused' && o.code === 'rate_limited');
    expect(told.length).toBe(guesses.length - LIMITS.handshakeBurst - LIMITS.handshakeQueue);
    for (const o of told) expect(o.kind === 'refused' && o.retryAfterMs).toBeGreaterThan(0);
    // One queued code is checked per interval of the host's clock, and no more.
    for (let step = 1; step <= LIMITS.handshakeQueue; step++) {
      await t.clock.advance(GUESS_INTERVAL_MS);
      await until(() => checked() === LIMITS.handshakeBurst + step);
    }
    await t.clock.advance(GUESS_INTERVAL_MS);
    await settle();
    expect(checked()).toBe(LIMITS.handshakeBurst + LIMITS.handshakeQueue);
    // A spectator with no code is no guess: the open seat is never held up.
    expect(await handshake(t.url, '').outcome).toEqual({ kind: 'connected' });
  });
});

describe('the Gavel client and a refusal to come back later', () => {
  it('waits the retryAfterMs the host names and connects again by itself', async () => {
    const limits = { ...LIMITS, handshakeBurst: 2, handshakePerSecond: 10, handshakeQueue: 0 };
    t = await startTestHost(makeConfig(), { rateLimits: limits });
    for (let i = 0; i < 2; i++) expect((await handshake(t.url, `WRONG-${i}`).outcome).kind).toBe('refused');
    const client = connectGavel({ url: t.url, code: t.host.joinCodes.teams['T1'] as string, clockSyncIntervalMs: 0 });
    try {
      const refused = new Promise<unknown>((resolve) =>
        client.socket.once('connect_error', (err: Error & { data?: unknown }) => resolve(err.data)),
      );
      expect(await refused).toMatchObject({ code: 'rate_limited', retryAfterMs: 100 });
      expect(client.status).toBe('connecting');
      await t.clock.advance(100);
      await client.waitFor((c) => c.state !== null);
      expect(client.role).toBe('team');
    } finally {
      client.close();
    }
  });
});

describe('every inbound message counts', () => {
  it('unknown events spend the same budget as commands, and past it get no answer', async () => {
    t = await startTestHost(makeConfig(), { rateLimits: LIMITS });
    const team: GavelClient = await t.team('T1');
    const socket = team.socket as unknown as Socket;
    let answers = 0;
    for (let i = 0; i < 100; i++) socket.emit(`no:such-${i}`, {}, () => (answers += 1));
    await settle();
    expect(answers).toBeLessThanOrEqual(LIMITS.commandBurst);
    const bid = await team.placeBid('L1', 100);
    expect(!bid.ok && bid.error.code).toBe('rate_limited');
    expect(!bid.ok && bid.error.retryAfterMs).toBeGreaterThan(0);
    await t.clock.advance(2_000);
    const later = await team.send('snapshot:get' as never, {} as never);
    expect(later.ok).toBe(true);
  });
});

describe('connections per address', () => {
  it('are capped with a refusal that says why, and a freed place is taken again', async () => {
    t = await startTestHost(makeConfig(), { rateLimits: { ...LIMITS, connectionsPerAddress: 5 } });
    const open = [];
    for (let i = 0; i < 5; i++) {
      const h = handshake(t.url, '');
      expect(await h.outcome).toEqual({ kind: 'connected' });
      open.push(h.socket);
    }
    const sixth = await handshake(t.url, '').outcome;
    expect(sixth).toMatchObject({ kind: 'refused', code: 'too_many_connections' });
    open[0]?.close();
    // The host frees the place when it sees the close, which a loaded machine may take a while to do:
    // knocked again until it is seen, a bounded number of times.
    let again: Outcome = sixth;
    for (let i = 0; i < 50 && again.kind !== 'connected'; i++) {
      expect(again).toMatchObject({ kind: 'refused', code: 'too_many_connections' });
      await settle();
      again = await handshake(t.url, t.host.joinCodes.teams['T1'] as string).outcome;
    }
    expect(again).toEqual({ kind: 'connected' });
  });
});
