import type { AuctionConfig } from '../../shared/auction/types';
import { startHost, type HostHandle, type HostOptions } from '../../main/host/host-server';
import { DEFAULT_RATE_LIMITS } from '../../main/host/rate-limit';
import { connectGavel, type GavelClient } from '../../renderer/lib/gavel-client';
import { FakeClock } from './fake-clock';

/** A real host on an ephemeral loopback port, driven by a FakeClock, and real socket.io clients. */
export interface TestHost {
  readonly host: HostHandle;
  readonly clock: FakeClock;
  readonly url: string;
  connect(code: string): Promise<GavelClient>;
  admin(): Promise<GavelClient>;
  team(teamId: string): Promise<GavelClient>;
  close(): Promise<void>;
}

export async function startTestHost(config: AuctionConfig, options: Partial<HostOptions> = {}): Promise<TestHost> {
  const clock = new FakeClock();
  const host = await startHost({
    port: 0,
    host: '127.0.0.1',
    dataDir: null,
    config,
    clock,
    // Tests connect many clients from one address at once: keep the limits, but wide.
    rateLimits: { ...DEFAULT_RATE_LIMITS, commandBurst: 1_000, commandPerSecond: 1_000 },
    ...options,
  });
  const url = `http://127.0.0.1:${host.port}`;
  const clients: GavelClient[] = [];
  const connect = async (code: string): Promise<GavelClient> => {
    const client = connectGavel({ url, code, clockSyncIntervalMs: 0, socketOptions: { reconnection: false } });
    clients.push(client);
    await client.waitFor((c) => c.state !== null || c.status === 'refused', 5_000);
    return client;
  };
  return {
    host,
    clock,
    url,
    connect,
    admin: () => connect(host.joinCodes.admin),
    team: (teamId) => connect(host.joinCodes.teams[teamId] ?? 'missing-team'),
    async close() {
      for (const c of clients) c.close();
      await host.close();
    },
  };
}
