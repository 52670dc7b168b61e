import { afterEach, describe, expect, it } from 'vitest';
import { io, type Socket } from 'socket.io-client';
import { connectGavel, type GavelClient } from '../../renderer/lib/gavel-client';
import { PROTOCOL_VERSION } from '../../shared/protocol/messages';
import { makeConfig } from '../helpers/builders';
import { startDelayProxy, type DelayProxy } from '../helpers/delay-proxy';
import { startTestHost, type TestHost } from '../helpers/host';

/**
 * docs/PROTOCOL.md §1, `auth.replaces`: a client back after its connection
 * dropped names the socket it had, and the host lets that socket go at once
 * instead of writing to it until its ping times out. The drop here is silent,
 * as when an access point goes down: the host is told nothing.
 */

let t: TestHost | null = null;
let proxy: DelayProxy | null = null;
const clients: GavelClient[] = [];
const sockets: Socket[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  for (const s of sockets.splice(0)) s.close();
  await proxy?.close();
  proxy = null;
  await t?.close();
  t = null;
});

const hostSockets = (): string[] => [...(t?.host.io.of('/').sockets.keys() ?? [])];

/** A GavelClient through the proxy that reconnects by itself, quickly. */
async function joinThroughProxy(code: string): Promise<GavelClient> {
  if (!proxy) throw new Error('no proxy');
  const client = connectGavel({
    url: proxy.url,
    code,
    clockSyncIntervalMs: 0,
    configStore: null,
    socketOptions: { reconnectionDelay: 20, reconnectionDelayMax: 100, randomizationFactor: 0.5 },
  });
  clients.push(client);
  await client.waitFor((c) => c.state !== null);
  return client;
}

describe('a reconnecting client supersedes the connection it lost', () => {
  it('the host lets the dead socket go as soon as the client is back, and the room sees one device', async () => {
    t = await startTestHost(makeConfig({ teams: 2, lots: 2, rules: { lotOpenMs: 60_000 } }));
    proxy = await startDelayProxy({ targetPort: t.host.port, upMs: 0, downMs: 0 });
    const bidder = await joinThroughProxy(t.host.joinCodes.teams['T1'] ?? '');
    const first = bidder.socket.id;
    expect(hostSockets()).toEqual([first]);

    proxy.cut('silent');
    // Back on a new connection, and the old one is gone from the host without any ping timeout.
    await bidder.waitFor((c) => c.socket.connected && c.socket.id !== first, 10_000);
    const second = bidder.socket.id;
    await t.clock.advance(0);
    expect(hostSockets()).toEqual([second]);
    // Presence counts the team's one device once (it goes to the console within 100 ms).
    const admin = connectGavel({ url: t.url, code: t.host.joinCodes.admin, clockSyncIntervalMs: 0, configStore: null });
    clients.push(admin);
    await admin.waitFor((c) => c.state !== null);
    await t.clock.advance(200);
    await admin.waitFor((c) => (c.presence?.teams['T1'] ?? 0) > 0);
    expect(admin.presence?.teams['T1']).toBe(1);
  });

  it('a claim on another identity’s socket, or on none, changes nothing', async () => {
    t = await startTestHost(makeConfig({ teams: 2, lots: 2 }));
    const t1 = connectGavel({
      url: t.url,
      code: t.host.joinCodes.teams['T1'] ?? '',
      clockSyncIntervalMs: 0,
      configStore: null,
    });
    clients.push(t1);
    await t1.waitFor((c) => c.state !== null);
    const victim = t1.socket.id as string;
    for (const replaces of [victim, 'x'.repeat(200), 42, '']) {
      const socket = io(t.url, {
        transports: ['websocket'],
        forceNew: true,
        reconnection: false,
        auth: { code: t.host.joinCodes.teams['T2'], protocol: PROTOCOL_VERSION, replaces },
      });
      sockets.push(socket);
      await new Promise<void>((resolve, reject) => {
        socket.once('auction:snapshot', () => resolve());
        socket.once('connect_error', reject);
      });
    }
    expect(hostSockets()).toContain(victim);
    expect(t1.socket.connected).toBe(true);
  });
});
