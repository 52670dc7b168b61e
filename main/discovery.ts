import {
  advertiseHost,
  browseHosts,
  type DiscoveredHost,
  type DiscoveryTransport,
  type HostBrowser,
} from './host/discovery';

/**
 * Discovery as the desktop app uses it: browse for Gavel hosts from start to
 * quit and tell the renderer whenever the list changes; advertise the auction
 * this app hosts (on by default here; the headless CLI only with
 * `--advertise`). The transport is injected: bonjour-service in the app, a
 * fake in tests, so tests send no multicast.
 */

export interface DesktopDiscovery {
  hosts(): DiscoveredHost[];
  advertise(info: { port: number; name: string; auctionId: string }): Promise<void>;
  stopAdvertising(): Promise<void>;
  isAdvertising(): boolean;
  close(): Promise<void>;
}

export interface DesktopDiscoveryOptions {
  readonly transport: DiscoveryTransport;
  readonly onHostsChanged: (hosts: DiscoveredHost[]) => void;
  readonly log?: (message: string) => void;
}

export function createDesktopDiscovery(options: DesktopDiscoveryOptions): DesktopDiscovery {
  const { transport, log } = options;
  let browser: HostBrowser | null = browseHosts(transport, options.onHostsChanged);
  let withdraw: (() => Promise<void>) | null = null;
  let closed = false;

  const stopAdvertising = async (): Promise<void> => {
    const current = withdraw;
    withdraw = null;
    await current?.();
  };

  return {
    hosts: () => browser?.hosts() ?? [],
    async advertise(info) {
      if (closed) return;
      await stopAdvertising();
      try {
        withdraw = await advertiseHost({ ...info, transport });
      } catch (err) {
        // Discovery is a convenience: the typed address and the QR codes still work.
        log?.(`could not advertise on the LAN: ${String(err)}`);
      }
    },
    stopAdvertising,
    isAdvertising: () => withdraw !== null,
    async close() {
      if (closed) return;
      closed = true;
      await stopAdvertising();
      browser?.stop();
      browser = null;
      await transport.destroy();
    },
  };
}

/** A discovery that finds nothing, for when mDNS cannot start (no network, blocked port). */
export function createNoDiscovery(): DesktopDiscovery {
  return {
    hosts: () => [],
    advertise: async () => undefined,
    stopAdvertising: async () => undefined,
    isAdvertising: () => false,
    close: async () => undefined,
  };
}
