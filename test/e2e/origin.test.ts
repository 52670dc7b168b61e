import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeConfig } from '../helpers/builders';
import { byTestId, expectScreen, REPO_ROOT } from './support/browser';
import { joinUrl, teamCode } from './support/host';
import { useWebHost } from './support/web-host';

/**
 * A page that a participant visits on the venue's Wi-Fi runs in a real
 * browser on the LAN. Served from a second loopback origin, it tries the
 * host's socket with socket.io's own browser client, as a team (with a code
 * it has learnt) and as an open spectator: both are refused before any state
 * is sent, while the host's own page in the same browser joins as usual.
 */

const CLIENT_BUNDLE = readFileSync(join(REPO_ROOT, 'node_modules/socket.io-client/dist/socket.io.min.js'));

/** The stray site: one page and the socket.io client bundle, on 127.0.0.1 but another port. */
async function startStraySite(): Promise<{ server: Server; origin: string }> {
  const server = createServer((req, res) => {
    if (req.url === '/socket.io.min.js') {
      res.writeHead(200, { 'content-type': 'text/javascript' });
      res.end(CLIENT_BUNDLE);
      return;
    }
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end('<!doctype html><title>Free cricket scores</title><script src="/socket.io.min.js"></script>');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

describe('a stray web page and the socket', () => {
  let stray: Server | null = null;

  const web = useWebHost(async () => {
    stray?.close();
    stray = null;
  });

  it('cannot join, watch or bid; the host’s own page in the same browser can', async () => {
    const { host, pages } = await web.start(makeConfig({ teams: 2, lots: 2 }));
    const site = await startStraySite();
    stray = site.server;
    const code = teamCode(host, 'T1');

    const page = await pages.open('stray page', `${site.origin}/`, 'console');
    pages.allowErrors(/socket\.io|Failed to load resource|WebSocket|CORS|Access-Control/i);
    const outcomes = await page.evaluate(
      async ({ url, code }) => {
        type Io = (
          url: string,
          options: object,
        ) => {
          once(event: string, fn: (arg: unknown) => void): void;
          close(): void;
        };
        const connect = (auth: object, transports: string[]) =>
          new Promise<string>((resolve) => {
            const socket = (window as unknown as { io: Io }).io(url, { auth, transports, reconnection: false });
            socket.once('auction:snapshot', () => {
              socket.close();
              resolve('got the auction');
            });
            socket.once('connect_error', () => {
              socket.close();
              resolve('refused');
            });
          });
        return {
          spectatorPolling: await connect({ code: '' }, ['polling']),
          spectatorWebSocket: await connect({ code: '' }, ['websocket']),
          team: await connect({ code }, ['polling', 'websocket']),
        };
      },
      { url: host.url, code },
    );
    expect(outcomes).toEqual({ spectatorPolling: 'refused', spectatorWebSocket: 'refused', team: 'refused' });
    expect(host.host.room.state.current).toBeNull(); // nothing happened on the host's side either

    const own = await pages.open('own page', joinUrl(host, code), 'phone');
    await expectScreen(own, 'bidder');
    await byTestId(own, 'whoami').waitFor();
  });
});
