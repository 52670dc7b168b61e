import type { JoinCodes } from '../shared/protocol/events';
import type { DesktopDiscovery } from './discovery';
import type { HostOptions } from './host/host-server';
import type { HostingInfo, StartHostingRequest } from './ipc-contract';

/**
 * The embedded host as the desktop app runs it: at most one auction at a
 * time, in process, bound to the LAN, journalled under the app's data folder
 * and announced over mDNS. `startHost` is injected so tests run a fake.
 */

/** The part of `HostHandle` the shell uses. */
export interface RunningHost {
  readonly auctionId: string;
  readonly port: number;
  readonly urls: readonly string[];
  readonly joinCodes: JoinCodes;
  readonly room: { readonly state: { readonly config: { readonly name: string } } };
  close(): Promise<void>;
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
}

export class HostingService {
  readonly #deps: HostingDeps;
  #host: RunningHost | null = null;
  #info: HostingInfo | null = null;
  #busy: Promise<unknown> = Promise.resolve();

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
        throw new Error(`Already hosting "${this.#info?.auctionName ?? this.#host.auctionId}". Stop it first.`);
      }
      const host = await this.#deps.startHost({
        ...('resumeId' in request ? { resumeId: request.resumeId } : { config: request.config }),
        ...(request.port === undefined ? {} : { port: request.port }),
        dataDir: this.#deps.dataDir,
        staticDir: this.#deps.staticDir,
        ...(this.#deps.log ? { log: this.#deps.log } : {}),
      });
      const auctionName = host.room.state.config.name;
      let advertised = false;
      if (this.#deps.advertise ?? true) {
        await this.#deps.discovery.advertise({ port: host.port, name: auctionName, auctionId: host.auctionId });
        advertised = this.#deps.discovery.isAdvertising();
      }
      this.#host = host;
      this.#info = {
        auctionId: host.auctionId,
        auctionName,
        port: host.port,
        urls: [...host.urls],
        joinCodes: host.joinCodes,
        adminUrl: `http://127.0.0.1:${host.port}/`,
        advertised,
      };
      this.#deps.onChange?.(this.#info);
      return this.#info;
    });
  }

  /** Withdraws the mDNS announcement, then closes the host (flushing its journal). */
  stop(): Promise<void> {
    return this.#serialise(async () => {
      const host = this.#host;
      if (!host) return;
      this.#host = null;
      this.#info = null;
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
