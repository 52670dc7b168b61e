import type { BrowseListener, DiscoveryTransport, PublishRequest, RemoteService } from '../../../main/host/discovery';

/**
 * An in-memory stand-in for the multicast network: transports attached to one
 * FakeLan see each other's announcements, and nothing touches a socket.
 */
export class FakeLan {
  readonly published = new Map<string, { service: RemoteService; type: string }>();
  readonly browsers = new Set<{ type: string; listener: BrowseListener }>();
  readonly log: string[] = [];
  #next = 1;

  attach(addresses: readonly string[] = ['192.168.1.20']): DiscoveryTransport & { destroyed: boolean } {
    const mine = new Set<string>();
    const transport = {
      destroyed: false,
      publish: (request: PublishRequest) => {
        const key = `${request.name}._${request.type}._tcp.local#${this.#next++}`;
        const service: RemoteService = {
          key,
          name: request.name,
          host: 'fake-host.local',
          port: request.port,
          addresses,
          txt: { ...request.txt },
        };
        this.published.set(key, { service, type: request.type });
        mine.add(key);
        this.log.push(`publish ${request.type} ${request.name}`);
        for (const b of this.browsers) if (b.type === request.type) b.listener.up(service);
        return {
          stop: async () => {
            if (!this.published.delete(key)) return;
            mine.delete(key);
            this.log.push(`goodbye ${request.name}`);
            for (const b of this.browsers) if (b.type === request.type) b.listener.down(service);
          },
        };
      },
      browse: (type: string, listener: BrowseListener) => {
        const entry = { type, listener };
        this.browsers.add(entry);
        for (const { service, type: t } of this.published.values()) if (t === type) listener.up(service);
        return { stop: () => void this.browsers.delete(entry) };
      },
      destroy: async () => {
        transport.destroyed = true;
        for (const key of [...mine]) {
          const entry = this.published.get(key);
          this.published.delete(key);
          if (entry) for (const b of this.browsers) if (b.type === entry.type) b.listener.down(entry.service);
        }
        mine.clear();
      },
    };
    return transport;
  }
}
