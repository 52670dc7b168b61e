import { ownValue } from '../../shared/auction/records';
import { PROTOCOL_VERSION } from '../../shared/protocol/messages';

/**
 * LAN discovery over mDNS/DNS-SD: a host announces `_gavel._tcp` with its
 * port and auction name; join screens browse for it. Plain Node, no Electron,
 * so the desktop shell and the headless CLI (`--advertise`) share it.
 *
 * Everything here talks to a `DiscoveryTransport`. The real one wraps
 * bonjour-service (multicast on every interface); tests pass a fake one, so no
 * multicast packet is ever sent by a test (tests touch loopback only).
 */

/** DNS-SD service type without the leading underscore: `_gavel._tcp`. */
export const SERVICE_TYPE = 'gavel';
/** DNS labels are at most 63 bytes; TXT strings at most 255. */
const MAX_INSTANCE_NAME = 63;
const MAX_TXT_VALUE = 200;

export interface PublishRequest {
  readonly name: string;
  readonly type: string;
  readonly port: number;
  readonly txt: Readonly<Record<string, string>>;
}

/** A service seen on the network, as the transport reports it. */
export interface RemoteService {
  /** Unique per instance on the LAN (the DNS-SD fqdn when known). */
  readonly key: string;
  readonly name: string;
  readonly host: string;
  readonly port: number;
  readonly addresses: readonly string[];
  readonly txt: Readonly<Record<string, string>>;
}

export interface BrowseListener {
  up(service: RemoteService): void;
  down(service: RemoteService): void;
}

export interface DiscoveryTransport {
  publish(request: PublishRequest): { stop(): Promise<void> };
  browse(type: string, listener: BrowseListener): { stop(): void };
  /** Sends goodbyes for what is still published and closes the sockets. */
  destroy(): Promise<void>;
}

/** What a join screen shows for one host found on the LAN. */
export interface DiscoveredHost {
  readonly key: string;
  readonly auctionName: string;
  readonly auctionId: string;
  readonly port: number;
  readonly protocol: number;
  /** Base URLs to connect to, IPv4 first, e.g. `http://192.168.1.20:4700/`. */
  readonly urls: readonly string[];
}

export interface AdvertiseOptions {
  readonly port: number;
  readonly name: string;
  readonly auctionId: string;
  /** Defaults to bonjour-service on every interface. */
  readonly transport?: DiscoveryTransport;
}

function truncateUtf8(text: string, maxBytes: number): string {
  const encoder = new TextEncoder();
  let out = text;
  while (encoder.encode(out).length > maxBytes) out = out.slice(0, -1);
  return out;
}

/**
 * The DNS-SD instance name: the auction name plus a short id, so two
 * auctions with the same name on one LAN do not collide.
 */
export function makeInstanceName(auctionName: string, auctionId: string): string {
  const suffix = ` (${auctionId.slice(-6)})`;
  // Dots would split the DNS label; control characters have no place in a name on screen.
  const cleaned =
    [...auctionName]
      .map((c) => (c === '.' || c.charCodeAt(0) < 0x20 ? ' ' : c))
      .join('')
      .trim() || 'Gavel auction';
  return truncateUtf8(cleaned, MAX_INSTANCE_NAME - suffix.length) + suffix;
}

export function makePublishRequest(options: Omit<AdvertiseOptions, 'transport'>): PublishRequest {
  return {
    name: makeInstanceName(options.name, options.auctionId),
    type: SERVICE_TYPE,
    port: options.port,
    txt: {
      v: String(PROTOCOL_VERSION),
      id: truncateUtf8(options.auctionId, MAX_TXT_VALUE),
      name: truncateUtf8(options.name, MAX_TXT_VALUE),
    },
  };
}

function isIpv4(address: string): boolean {
  return /^\d{1,3}(\.\d{1,3}){3}$/.test(address);
}

/**
 * Base URLs for a service's addresses. IPv6 link-local addresses are dropped:
 * without a zone id (`%eth0`) a browser cannot use them.
 */
export function makeServiceUrls(addresses: readonly string[], port: number): string[] {
  const usable = addresses.filter((a) => isIpv4(a) || (a.includes(':') && !/^fe80:/i.test(a)));
  const ordered = [...usable.filter(isIpv4), ...usable.filter((a) => !isIpv4(a))];
  return [...new Set(ordered)].map((a) => (isIpv4(a) ? `http://${a}:${port}/` : `http://[${a}]:${port}/`));
}

/** Turns a remote service into a host entry, or null when it is not a usable Gavel host. */
export function toDiscoveredHost(service: RemoteService): DiscoveredHost | null {
  if (!Number.isInteger(service.port) || service.port <= 0 || service.port > 65_535) return null;
  const urls = makeServiceUrls(service.addresses, service.port);
  if (urls.length === 0) return null;
  const protocol = Number.parseInt(ownValue(service.txt, 'v') ?? '', 10);
  return {
    key: service.key,
    auctionName: ownValue(service.txt, 'name') || service.name,
    auctionId: ownValue(service.txt, 'id') ?? '',
    port: service.port,
    protocol: Number.isFinite(protocol) ? protocol : 0,
    urls,
  };
}

/**
 * Announces a running host on the LAN. Resolves to a function that withdraws
 * the announcement (sending an mDNS goodbye) and, when this call made the
 * transport, closes it.
 */
export async function advertiseHost(options: AdvertiseOptions): Promise<() => Promise<void>> {
  const owned = options.transport === undefined;
  const transport = options.transport ?? (await createBonjourTransport());
  const published = transport.publish(makePublishRequest(options));
  let stopping: Promise<void> | null = null;
  return () => {
    stopping ??= (async () => {
      await published.stop();
      if (owned) await transport.destroy();
    })();
    return stopping;
  };
}

export interface HostBrowser {
  hosts(): DiscoveredHost[];
  stop(): void;
}

/** Keeps the list of Gavel hosts on the LAN and calls `onChange` with the whole list when it changes. */
export function browseHosts(transport: DiscoveryTransport, onChange: (hosts: DiscoveredHost[]) => void): HostBrowser {
  const found = new Map<string, DiscoveredHost>();
  const list = (): DiscoveredHost[] =>
    [...found.values()].sort((a, b) => a.auctionName.localeCompare(b.auctionName) || a.key.localeCompare(b.key));
  const browser = transport.browse(SERVICE_TYPE, {
    up(service) {
      const host = toDiscoveredHost(service);
      if (!host) return;
      found.set(host.key, host);
      onChange(list());
    },
    down(service) {
      if (found.delete(service.key)) onChange(list());
    },
  });
  return {
    hosts: list,
    stop() {
      browser.stop();
      found.clear();
    },
  };
}

/** The slice of bonjour-service this module uses; a fake of it tests the adapter without sockets. */
export interface BonjourLike {
  publish(config: { name: string; type: string; port: number; txt: Record<string, string> }): BonjourServiceLike;
  find(config: { type: string }): BonjourBrowserLike;
  destroy(callback?: () => void): void;
}
export interface BonjourServiceLike {
  name: string;
  fqdn?: string;
  host?: string;
  port: number;
  addresses?: string[];
  txt?: unknown;
  stop?: (callback?: () => void) => void;
  on?(event: 'error', listener: (err: Error) => void): unknown;
}
export interface BonjourBrowserLike {
  on(event: 'up' | 'down', listener: (service: BonjourServiceLike) => void): unknown;
  stop(): void;
}

/** TXT keys come from any machine on the network: collected in a Map, so `__proto__` is just a key. */
function toTxt(raw: unknown): Record<string, string> {
  const out = new Map<string, string>();
  if (raw === null || typeof raw !== 'object') return {};
  for (const [key, value] of Object.entries(raw as Record<string, unknown>)) {
    if (typeof value === 'string') out.set(key, value);
    else if (value instanceof Uint8Array) out.set(key, new TextDecoder().decode(value));
    else if (typeof value === 'number' || typeof value === 'boolean') out.set(key, String(value));
  }
  return Object.fromEntries(out);
}

function toRemoteService(service: BonjourServiceLike): RemoteService {
  return {
    key: service.fqdn ?? `${service.name}.${service.host ?? ''}`,
    name: service.name,
    host: service.host ?? '',
    port: service.port,
    addresses: service.addresses ?? [],
    txt: toTxt(service.txt),
  };
}

/** Adapts a bonjour-service instance (or a fake of it) to `DiscoveryTransport`. */
export function wrapBonjour(
  bonjour: BonjourLike,
  log: (message: string) => void = () => undefined,
): DiscoveryTransport {
  return {
    publish(request) {
      const service = bonjour.publish({ ...request, txt: { ...request.txt } });
      // A name conflict or a closed socket must not crash the host: the typed address still works.
      service.on?.('error', (err) => log(`mDNS advertise failed: ${err.message}`));
      return {
        stop: () =>
          new Promise<void>((resolve) => {
            if (!service.stop) return resolve();
            service.stop(() => resolve());
          }),
      };
    },
    browse(type, listener) {
      const browser = bonjour.find({ type });
      browser.on('up', (service) => listener.up(toRemoteService(service)));
      browser.on('down', (service) => listener.down(toRemoteService(service)));
      return { stop: () => browser.stop() };
    },
    destroy: () => new Promise<void>((resolve) => bonjour.destroy(() => resolve())),
  };
}

/**
 * The real transport: bonjour-service, multicast on the LAN. Loaded lazily so
 * that importing this module never opens a socket.
 */
export async function createBonjourTransport(log?: (message: string) => void): Promise<DiscoveryTransport> {
  const { Bonjour } = await import('bonjour-service');
  const onError = (err: unknown): void => log?.(`mDNS error: ${String(err)}`);
  return wrapBonjour(new Bonjour({}, onError) as unknown as BonjourLike, log);
}
