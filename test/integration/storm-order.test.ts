import { afterEach, describe, expect, it } from 'vitest';
import { io, type Socket } from 'socket.io-client';
import { PROTOCOL_VERSION } from '../../shared/protocol/messages';
import { makeConfig } from '../helpers/builders';
import { startTestHost, type TestHost } from '../helpers/host';

/**
 * docs/PERFORMANCE.md, "Reconnect storm": a room's sockets connect all at
 * once while a lot is live. Whenever a socket's connect is handled, between
 * or among the bids' broadcasts, it gets a snapshot and then every later
 * event, in order: no gap, no duplicate.
 */

let t: TestHost | null = null;
const sockets: Socket[] = [];
afterEach(async () => {
  for (const s of sockets.splice(0)) s.close();
  await t?.close();
  t = null;
});

interface Seen {
  /** The snapshot's seq first, then each event's, as they came. */
  readonly seqs: number[];
  readonly names: string[];
}

/** A plain socket that records the seq of everything it receives, snapshot first. */
function listen(url: string): { socket: Socket; seen: Seen } {
  const socket = io(url, {
    transports: ['websocket'],
    forceNew: true,
    reconnection: false,
    auth: { protocol: PROTOCOL_VERSION },
  });
  sockets.push(socket);
  const seen: Seen = { seqs: [], names: [] };
  socket.onAny((name: string, payload: { seq?: unknown; state?: { seq?: unknown } } | undefined) => {
    const seq = name === 'auction:snapshot' ? payload?.state?.seq : payload?.seq;
    if (typeof seq !== 'number') return; // presence, which carries no seq
    seen.seqs.push(seq);
    seen.names.push(name);
  });
  return { socket, seen };
}

describe('connects during live bidding', () => {
  it('give every socket a snapshot, then every later event once and in order, while bids go on', async () => {
    t = await startTestHost(makeConfig({ teams: 2, lots: 2, rules: { lotOpenMs: 600_000 } }));
    const admin = await t.admin();
    const [t1, t2] = [await t.team('T1'), await t.team('T2')];
    expect((await admin.send('auction:start', {})).ok).toBe(true);

    // 40 sockets at once, while the two teams bid back and forth.
    const listeners = Array.from({ length: 40 }, () => listen(t!.url));
    const connected = Promise.all(
      listeners.map(({ socket }) => new Promise<void>((resolve) => socket.once('connect', () => resolve()))),
    );
    for (let i = 0; i < 30; i++) {
      const answer = await (i % 2 === 0 ? t1 : t2).placeBid('L1', 100 + 10 * i);
      expect(answer.ok).toBe(true);
    }
    await connected;

    // One more bid after every socket is connected: each must see it, and nothing after it.
    expect((await t1.placeBid('L1', 1_000)).ok).toBe(true);
    const last = t.host.room.publishedState.seq;
    await Promise.all(
      listeners.map(
        ({ socket, seen }) =>
          new Promise<void>((resolve) => {
            if (seen.seqs.at(-1) === last) return resolve();
            socket.onAny(() => {
              if (seen.seqs.at(-1) === last) resolve();
            });
          }),
      ),
    );

    for (const { seen } of listeners) {
      expect(seen.names[0]).toBe('auction:snapshot');
      expect(seen.names.filter((n) => n === 'auction:snapshot')).toHaveLength(1);
      const first = seen.seqs[0] as number;
      // Gap-free and duplicate-free from the snapshot on.
      expect(seen.seqs).toEqual(Array.from({ length: last - first + 1 }, (_, i) => first + i));
    }
  });
});
