import type { JoinCodes, LanAddress } from '../shared/protocol/messages';
import type { DesktopDiscovery } from './discovery';
import { hasLanAddress } from './host/addresses';
import type { HostOptions } from './host/host-server';
import { PortUnavailableError } from './host/listening';
import type { ConnectedDevices, HostingInfo, StartHostingRequest } from './ipc-contract';

/**
 * The embedded host as the desktop app runs it: at most one auction at a
 * time, in process, bound to the LAN, journalled under the app's data folder
 * and announced over mDNS. `startHost` is injected so tests run a fake.
 */

/** A connected socket, as far as counting devices needs it. */
export interface DeviceSocket {
  readonly handshake: { readonly address: string };
  on(event: 'disconnect', listener: () => void): unknown;
}

/** The part of `HostHandle` the shell uses. */
export interface RunningHost {
  readonly auctionId: string;
  readonly port: number;
  readonly addresses: readonly LanAddress[];
  readonly joinCodes: JoinCodes;
  readonly room: { readonly state: { readonly config: { readonly name: string } } };
  readonly io: { on(event: 'connection', listener: (socket: DeviceSocket) => void): unknown };
  close(): Promise<void>;
}

/** Device counts go to the renderer at most this often (a room of phones joins at once). */
const DEVICES_COALESCE_MS = 250;

/** Loopback connections are this computer's own windows, not devices on the LAN. */
export function isLoopbackAddress(address: string): boolean {
  const a = address.replace(/^::ffff:/, '');
  return a === '::1' || a.startsWith('127.');
}

export interface HostingDeps {
  readonly startHost: (options: HostOptions) => Promise<RunningHost>;
  readonly dataDir: string;
  readonly staticDir: string | null;
  readonly discovery: DesktopDiscovery;
  /** Announce over mDNS while hosting; on by default in the desktop app. */
  readonly advertise?: boolean;
  readonly onChange?: (info: HostingInfo | null) => void;
  readonly log?: (message: string) => void;
  readonly now?: () => number;
}

export class HostingService {
  readonly #deps: HostingDeps;
  #host: RunningHost | null = null;
  #info: HostingInfo | null = null;
  #busy: Promise<unknown> = Promise.resolve();
  #devices: { total: number; fromNetwork: number; everFromNetwork: number } = {
    total: 0,
    fromNetwork: 0,
    everFromNetwork: 0,
  };
  #devicesTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(deps: HostingDeps) {
    this.#deps = deps;
  }

  get current(): HostingInfo | null {
    return this.#info;
  }

  /** Starts hosting; refuses while another auction is hosted, so a click cannot drop a live auction. */
  start(request: StartHostingRequest): Promise<HostingInfo> {
    return this.#serialise(async () => {
      if (this.#host) {
        throw new Error(
          `Gavel is already hosting "${this.#info?.auctionName ?? this.#host.auctionId}". Stop it first.`,
        );
      }
      const host = await this.#deps
        .startHost({
          ...('resumeId' in request ? { resumeId: request.resumeId } : { config: request.config }),
          ...(request.port === undefined ? {} : { port: request.port }),
          dataDir: this.#deps.dataDir,
          staticDir: this.#deps.staticDir,
          onAddressesChanged: (addresses) => this.#update({ addresses: [...addresses] }),
          ...(this.#deps.log ? { log: this.#deps.log } : {}),
        })
        .catch((err: unknown) => {
          // The host's own sentence, plus the way out that fits the desktop app (it has no --port).
          if (err instanceof PortUnavailableError) {
            throw new Error(
              `${err.message} Quit the program that uses them (another copy of Gavel, or a headless host) and try again.`,
              { cause: err },
            );
          }
          throw err;
        });
      const auctionName = host.room.state.config.name;
      let advertised = false;
      if (this.#deps.advertise ?? true) {
        await this.#deps.discovery.advertise({ port: host.port, name: auctionName, auctionId: host.auctionId });
        advertised = this.#deps.discovery.isAdvertising();
      }
      this.#host = host;
      this.#devices = { total: 0, fromNetwork: 0, everFromNetwork: 0 };
      host.io.on('connection', (socket) => this.#countDevice(host, socket));
      this.#info = {
        auctionId: host.auctionId,
        auctionName,
        port: host.port,
        addresses: [...host.addresses],
        hasLanAddress: hasLanAddress(host.addresses),
        joinCodes: host.joinCodes,
        adminUrl: `http://127.0.0.1:${host.port}/`,
        advertised,
        startedAt: (this.#deps.now ?? Date.now)(),
        devices: this.#deviceCounts(),
      };
      this.#deps.onChange?.(this.#info);
      return this.#info;
    });
  }

  #deviceCounts(): ConnectedDevices {
    const { total, fromNetwork, everFromNetwork } = this.#devices;
    return { total, fromNetwork, everFromNetwork };
  }

  /** Counts a socket while it is connected; the renderer hears of it once per burst. */
  #countDevice(host: RunningHost, socket: DeviceSocket): void {
    const remote = !isLoopbackAddress(socket.handshake.address);
    const change = (delta: 1 | -1): void => {
      if (this.#host !== host) return;
      this.#devices.total += delta;
      if (remote) this.#devices.fromNetwork += delta;
      if (remote && delta === 1) this.#devices.everFromNetwork += 1;
      this.#devicesTimer ??= setTimeout(() => {
        this.#devicesTimer = null;
        this.#update({ devices: this.#deviceCounts() });
      }, DEVICES_COALESCE_MS);
    };
    change(1);
    socket.on('disconnect', () => change(-1));
  }

  #update(patch: Partial<Pick<HostingInfo, 'addresses' | 'devices'>>): void {
    if (!this.#info || !this.#host) return;
    const addresses = patch.addresses ?? this.#info.addresses;
    this.#info = {
      ...this.#info,
      ...patch,
      addresses,
      hasLanAddress: hasLanAddress(addresses),
      joinCodes: this.#host.joinCodes,
    };
    this.#deps.onChange?.(this.#info);
  }

  /** Withdraws the mDNS announcement, then closes the host (flushing its journal). */
  stop(): Promise<void> {
    return this.#serialise(async () => {
      const host = this.#host;
      if (!host) return;
      this.#host = null;
      this.#info = null;
      if (this.#devicesTimer) clearTimeout(this.#devicesTimer);
      this.#devicesTimer = null;
      await this.#deps.discovery.stopAdvertising();
      await host.close();
      this.#deps.onChange?.(null);
    });
  }

  /** Start and stop run one at a time: two quick clicks must not start two hosts. */
  #serialise<T>(task: () => Promise<T>): Promise<T> {
    const next = this.#busy.then(task, task);
    this.#busy = next.catch(() => undefined);
    return next;
  }
}
