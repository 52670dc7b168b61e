import type { AuctionConfig } from '../shared/auction/types';
import type { JoinCodes, LanAddress } from '../shared/protocol/messages';
import type { DiscoveredHost } from './host/discovery';

/**
 * The whole contract between the renderer and the Electron main process:
 * every channel name and its request and response types, in one file.
 *
 * No Electron import here: the renderer imports these types, and in a plain
 * browser (no preload) `window.gavel` is simply undefined.
 */

export type { DiscoveredHost, LanAddress };

export type StartHostingRequest =
  { readonly config: AuctionConfig; readonly port?: number } | { readonly resumeId: string; readonly port?: number };

export interface HostingInfo {
  readonly auctionId: string;
  readonly auctionName: string;
  readonly port: number;
  /** Where phones join, best first: real Wi-Fi and Ethernet, then virtual adapters, then this computer only. */
  readonly addresses: readonly LanAddress[];
  /** False when no address is one another device could reach (no Wi-Fi or Ethernet connected). */
  readonly hasLanAddress: boolean;
  readonly joinCodes: JoinCodes;
  /** Where this window connects as the auctioneer: the loopback base URL (the admin key is in `joinCodes`). */
  readonly adminUrl: string;
  /** True when the host is being announced over mDNS. */
  readonly advertised: boolean;
  /** When hosting started (this computer's clock), for "no device has connected yet" hints. */
  readonly startedAt: number;
  readonly devices: ConnectedDevices;
}

/** Sockets connected to the host now; `fromNetwork` leaves out this computer's own windows. */
export interface ConnectedDevices {
  readonly total: number;
  readonly fromNetwork: number;
  /** Devices from the network that have connected since hosting started (the firewall let them in). */
  readonly everFromNetwork: number;
}

export interface AuctionSummary {
  readonly id: string;
  readonly name: string;
  readonly updatedAt: number;
  readonly status: string;
}

/** A file the user picked, as bytes: the renderer decodes it as it decodes a browser upload. */
export interface OpenedFile {
  readonly name: string;
  readonly bytes: Uint8Array;
}

/**
 * [DSP1] Images named by the catalog's `photo` column, read from the folder of
 * the CSV last opened through `openCsv`: plain file names only, matched
 * without case. The renderer never names a folder.
 */
export interface CatalogImagesRequest {
  readonly names: readonly string[];
}

/** One named image: its bytes, or why it could not be read ("not in the folder", "over 2 MB"). */
export type CatalogImage =
  { readonly name: string; readonly bytes: Uint8Array } | { readonly name: string; readonly error: string };

/** At most this many names per request: the renderer asks in batches, so no answer holds more than 40 MB. */
export const MAX_CATALOG_IMAGES_PER_REQUEST = 20;

export interface SaveFileRequest {
  readonly defaultName: string;
  readonly content: string;
}

/** Renderer → main, answered (`ipcRenderer.invoke` / `ipcMain.handle`). */
export interface InvokeContract {
  'hosting:start': { request: StartHostingRequest; response: HostingInfo };
  'hosting:stop': { request: void; response: void };
  'hosting:current': { request: void; response: HostingInfo | null };
  'auctions:list': { request: void; response: AuctionSummary[] };
  'discovery:hosts': { request: void; response: DiscoveredHost[] };
  'projector:open': { request: string; response: void };
  'file:open-csv': { request: void; response: OpenedFile | null };
  'file:catalog-images': { request: CatalogImagesRequest; response: CatalogImage[] };
  'file:save': { request: SaveFileRequest; response: string | null };
  'journal:reveal': { request: void; response: void };
}
export type InvokeChannel = keyof InvokeContract;
export type InvokeRequest<C extends InvokeChannel> = InvokeContract[C]['request'];
export type InvokeResponse<C extends InvokeChannel> = InvokeContract[C]['response'];

/** Every invoke channel; main registers a handler for each (a test holds it to that). */
export const INVOKE_CHANNELS = [
  'hosting:start',
  'hosting:stop',
  'hosting:current',
  'auctions:list',
  'discovery:hosts',
  'projector:open',
  'file:open-csv',
  'file:catalog-images',
  'file:save',
  'journal:reveal',
] as const satisfies readonly InvokeChannel[];

/** Commands from the application menu that the renderer carries out. */
export type MenuCommand = 'host-new-auction' | 'open-projector';

/** Main → renderer, no answer (`webContents.send` / `ipcRenderer.on`). */
export interface PushContract {
  'discovery:changed': DiscoveredHost[];
  'hosting:changed': HostingInfo | null;
  'menu:command': MenuCommand;
}
export type PushChannel = keyof PushContract;
export const PUSH_CHANNELS = [
  'discovery:changed',
  'hosting:changed',
  'menu:command',
] as const satisfies readonly PushChannel[];

/** Unsubscribes a listener added with one of the `on...` functions. */
export type Unsubscribe = () => void;

/** What the preload exposes as `window.gavel`. */
export interface GavelDesktopApi {
  /** Starts the embedded host (binds the LAN) for a new auction or a journal to resume. */
  startHosting(request: StartHostingRequest): Promise<HostingInfo>;
  stopHosting(): Promise<void>;
  /** The auction this app is hosting now, if any (after a reload of the window). */
  currentHosting(): Promise<HostingInfo | null>;
  onHostingChanged(listener: (info: HostingInfo | null) => void): Unsubscribe;
  /** Resumable auctions in the app's data folder, newest first. */
  listAuctions(): Promise<AuctionSummary[]>;
  discoveredHosts(): Promise<DiscoveredHost[]>;
  onHostsChanged(listener: (hosts: DiscoveredHost[]) => void): Unsubscribe;
  /** Opens (or reuses) the projector window, full screen on a second display when there is one. */
  openProjector(url: string): Promise<void>;
  /** Asks for a CSV file; null when the user cancels. */
  openCsv(): Promise<OpenedFile | null>;
  /** [DSP1] The images a catalog's photo column names, from the folder of the CSV `openCsv` last opened. */
  readCatalogImages(request: CatalogImagesRequest): Promise<CatalogImage[]>;
  /** Asks where to save; resolves to the path written, or null when cancelled. */
  saveFile(request: SaveFileRequest): Promise<string | null>;
  revealJournalFolder(): Promise<void>;
  onMenuCommand(listener: (command: MenuCommand) => void): Unsubscribe;
}

declare global {
  interface Window {
    /** Present only inside the Gavel desktop app. */
    readonly gavel?: GavelDesktopApi;
  }
}
