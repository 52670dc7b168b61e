import { io, type Socket } from 'socket.io-client';
import { afterEach, describe, expect, it } from 'vitest';
import { DESKTOP_APP_ORIGIN } from '../../main/host/origin';
import { makeConfig } from '../helpers/builders';
import { startTestHost, type TestHost } from '../helpers/host';

/**
 * Only Gavel's own pages use the socket: a page on another origin is refused
 * before the handshake, so it never sees a snapshot (it used to join as a
 * spectator with the full state, or bid with a team code it guessed).
 */

let test: TestHost | null = null;
const sockets: Socket[] = [];
afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.close();
  await test?.close();
  test = null;
});

type Outcome = { connected: true; snapshot: boolean } | { connected: false; error: string };

/** Connects with `origin` (or none) over one transport and reports whether a snapshot arrived. */
async function tryConnect(url: string, origin: string | null, transport: 'polling' | 'websocket'): Promise<Outcome> {
  const socket = io(url, {
    transports: [transport],
    reconnection: false,
    auth: { code: '' },
    ...(origin === null ? {} : { extraHeaders: { origin } }),
  });
  sockets.push(socket);
  return new Promise((resolve) => {
    socket.once('auction:snapshot', () => resolve({ connected: true, snapshot: true }));
    socket.once('connect_error', (err) => resolve({ connected: false, error: err.message }));
  });
}

describe('the socket takes only Gavel’s own pages', () => {
  for (const transport of ['polling', 'websocket'] as const) {
    it(`refuses a page on another origin before any state is sent (${transport})`, async () => {
      test = await startTestHost(makeConfig({ teams: 2, lots: 2 }));
      expect(await tryConnect(test.url, 'http://evil.example', transport)).toMatchObject({ connected: false });
      expect(await tryConnect(test.url, 'http://127.0.0.1:1', transport)).toMatchObject({ connected: false });
      expect(await tryConnect(test.url, 'null', transport)).toMatchObject({ connected: false });
    });

    it(`lets in clients without an Origin, the host's own pages and the desktop app (${transport})`, async () => {
      test = await startTestHost(makeConfig({ teams: 2, lots: 2 }));
      const own = new URL(test.url).origin;
      for (const origin of [null, own, DESKTOP_APP_ORIGIN]) {
        expect(await tryConnect(test.url, origin, transport), String(origin)).toEqual({
          connected: true,
          snapshot: true,
        });
      }
    });
  }

  it('never reflects a foreign origin in CORS, and answers the desktop app', async () => {
    test = await startTestHost(makeConfig({ teams: 2, lots: 2 }));
    const handshake = `${test.url}/socket.io/?EIO=4&transport=polling`;
    const foreign = await fetch(handshake, { headers: { origin: 'http://evil.example' } });
    expect(foreign.status).toBe(403);
    expect(foreign.headers.get('access-control-allow-origin')).toBeNull();
    const desktop = await fetch(handshake, { headers: { origin: DESKTOP_APP_ORIGIN } });
    expect(desktop.status).toBe(200);
    expect(desktop.headers.get('access-control-allow-origin')).toBe(DESKTOP_APP_ORIGIN);
  });
});
