import type { IpcMain, IpcMainInvokeEvent, WebContents } from 'electron';
import { parseConfig } from '../shared/auction/config';
import { photoFileNameProblem } from '../shared/catalog/photos';
import { isPlainObject } from '../shared/core/objects';
import {
  INVOKE_CHANNELS,
  MAX_CATALOG_IMAGES_PER_REQUEST,
  type CatalogImagesRequest,
  type InvokeChannel,
  type InvokeRequest,
  type InvokeResponse,
  type PushChannel,
  type PushContract,
  type SaveFileRequest,
  type StartHostingRequest,
} from './ipc-contract';
import { isAppUrl } from './security';

/**
 * Typed IPC. Every handler first checks who is asking: only the top frame of
 * our own renderer (app://gavel, or the dev server in development) may call
 * the desktop API. Then it parses the request, because a compromised renderer
 * can send anything. Handlers themselves receive only parsed values.
 */

export type InvokeHandlers = {
  [C in InvokeChannel]: (request: InvokeRequest<C>) => Promise<InvokeResponse<C>> | InvokeResponse<C>;
};

type SenderFrame = { readonly url: string; readonly parent: unknown } | null | undefined;

/** True when the message comes from the top frame of the app's own renderer. */
export function isTrustedSender(frame: SenderFrame, devServerUrl?: string | null): boolean {
  if (!frame) return false; // the frame navigated away or was destroyed
  if (frame.parent !== null) return false; // no sub-frames (there should be none: frame-src 'none')
  return isAppUrl(frame.url, devServerUrl);
}

export class IpcRequestError extends Error {
  override readonly name = 'IpcRequestError';
}

function fail(channel: string, message: string): never {
  throw new IpcRequestError(`${channel}: ${message}`);
}

/** Auction ids are journal folder names: no separators, no dots (no `..`). */
const AUCTION_ID = /^[A-Za-z0-9_-]{1,80}$/;
const MAX_SAVE_BYTES = 50_000_000;

function parsePort(channel: string, value: unknown): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > 65_535) {
    fail(channel, 'port must be an integer from 0 to 65535');
  }
  return value;
}

function parseNothing(channel: string) {
  return (raw: unknown): void => {
    if (raw !== undefined && raw !== null) fail(channel, 'takes no argument');
  };
}

/** Turns the renderer's untrusted argument into the request type, or throws `IpcRequestError`. */
export const REQUEST_PARSERS: { [C in InvokeChannel]: (raw: unknown) => InvokeRequest<C> } = {
  'hosting:start': (raw): StartHostingRequest => {
    const channel = 'hosting:start';
    if (!isPlainObject(raw)) fail(channel, 'expected an object');
    const port = parsePort(channel, raw.port);
    const withPort = port === undefined ? {} : { port };
    if (raw.resumeId !== undefined) {
      if (typeof raw.resumeId !== 'string' || !AUCTION_ID.test(raw.resumeId))
        fail(channel, 'resumeId is not an auction id');
      if (raw.config !== undefined) fail(channel, 'pass config or resumeId, not both');
      return { resumeId: raw.resumeId, ...withPort };
    }
    const parsed = parseConfig(raw.config);
    if (!parsed.ok) fail(channel, parsed.error.message);
    return { config: parsed.config, ...withPort };
  },
  'hosting:stop': parseNothing('hosting:stop'),
  'hosting:current': parseNothing('hosting:current'),
  'auctions:list': parseNothing('auctions:list'),
  'discovery:hosts': parseNothing('discovery:hosts'),
  'projector:open': (raw): string => {
    if (typeof raw !== 'string' || raw.length > 2_000) fail('projector:open', 'expected a URL');
    return raw;
  },
  'file:open-csv': parseNothing('file:open-csv'),
  'file:catalog-images': (raw): CatalogImagesRequest => {
    const channel = 'file:catalog-images';
    if (!isPlainObject(raw) || !Array.isArray(raw.names)) fail(channel, 'expected { names: [...] }');
    const names: unknown[] = raw.names;
    if (names.length > MAX_CATALOG_IMAGES_PER_REQUEST) {
      fail(channel, `at most ${MAX_CATALOG_IMAGES_PER_REQUEST} names at a time`);
    }
    return {
      names: names.map((name) => {
        if (typeof name !== 'string') fail(channel, 'names must be file names');
        const problem = photoFileNameProblem(name);
        if (problem !== null) fail(channel, `photo ${problem}`);
        return name;
      }),
    };
  },
  'file:save': (raw): SaveFileRequest => {
    const channel = 'file:save';
    if (!isPlainObject(raw)) fail(channel, 'expected an object');
    const { defaultName, content } = raw;
    if (typeof defaultName !== 'string' || defaultName.length === 0 || defaultName.length > 200) {
      fail(channel, 'defaultName must be a file name');
    }
    if (/[/\\]|^\.\.?$/.test(defaultName)) fail(channel, 'defaultName must not contain a folder');
    if (typeof content !== 'string' || content.length > MAX_SAVE_BYTES) fail(channel, 'content must be text');
    return { defaultName, content };
  },
  'journal:reveal': parseNothing('journal:reveal'),
};

export interface RegisterIpcOptions {
  readonly ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>;
  readonly handlers: InvokeHandlers;
  readonly devServerUrl?: string | null;
  readonly log?: (message: string) => void;
}

/**
 * Registers one handler per channel of the contract. Returns a function that
 * removes them again.
 */
export function registerIpc(options: RegisterIpcOptions): () => void {
  const { ipcMain, handlers, devServerUrl, log } = options;
  for (const channel of INVOKE_CHANNELS) {
    ipcMain.handle(channel, async (event: IpcMainInvokeEvent, ...args: unknown[]) => {
      if (!isTrustedSender(event.senderFrame, devServerUrl)) {
        log?.(`refused ${channel} from ${event.senderFrame?.url ?? 'a destroyed frame'}`);
        throw new IpcRequestError(`${channel}: not allowed from this page`);
      }
      if (args.length > 1) fail(channel, 'takes at most one argument');
      const request = REQUEST_PARSERS[channel](args[0]);
      const handler = handlers[channel] as (request: unknown) => unknown;
      return handler(request);
    });
  }
  return () => {
    for (const channel of INVOKE_CHANNELS) ipcMain.removeHandler(channel);
  };
}

/** Sends a push message to a renderer, if it is still there. */
export function pushTo<C extends PushChannel>(
  contents: Pick<WebContents, 'send' | 'isDestroyed'> | null | undefined,
  channel: C,
  payload: PushContract[C],
): void {
  if (!contents || contents.isDestroyed()) return;
  contents.send(channel, payload);
}
