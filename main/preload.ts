import { contextBridge, ipcRenderer } from 'electron';
import type { IpcRendererEvent } from 'electron';
import type {
  GavelDesktopApi,
  InvokeChannel,
  InvokeRequest,
  InvokeResponse,
  PushChannel,
  PushContract,
  Unsubscribe,
} from './ipc-contract';

/**
 * The preload runs sandboxed (it is bundled to one CommonJS file: a sandboxed
 * preload can require only `electron`). It exposes named functions, never
 * `ipcRenderer` itself, and listeners never see the IPC event object.
 */

function invoke<C extends InvokeChannel>(channel: C, request?: InvokeRequest<C>): Promise<InvokeResponse<C>> {
  return (request === undefined ? ipcRenderer.invoke(channel) : ipcRenderer.invoke(channel, request)) as Promise<
    InvokeResponse<C>
  >;
}

function subscribe<C extends PushChannel>(channel: C, listener: (payload: PushContract[C]) => void): Unsubscribe {
  if (typeof listener !== 'function') throw new TypeError('listener must be a function');
  const wrapped = (_event: IpcRendererEvent, payload: PushContract[C]): void => listener(payload);
  ipcRenderer.on(channel, wrapped);
  return () => {
    ipcRenderer.removeListener(channel, wrapped);
  };
}

const api: GavelDesktopApi = {
  startHosting: (request) => invoke('hosting:start', request),
  stopHosting: () => invoke('hosting:stop'),
  currentHosting: () => invoke('hosting:current'),
  onHostingChanged: (listener) => subscribe('hosting:changed', listener),
  listAuctions: () => invoke('auctions:list'),
  discoveredHosts: () => invoke('discovery:hosts'),
  onHostsChanged: (listener) => subscribe('discovery:changed', listener),
  openProjector: (url) => invoke('projector:open', url),
  openCsv: () => invoke('file:open-csv'),
  readCatalogImages: (request) => invoke('file:catalog-images', request),
  saveFile: (request) => invoke('file:save', request),
  revealJournalFolder: () => invoke('journal:reveal'),
  onMenuCommand: (listener) => subscribe('menu:command', listener),
};

contextBridge.exposeInMainWorld('gavel', api);
