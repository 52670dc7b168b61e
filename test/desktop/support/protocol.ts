/**
 * What the app process (electron stand-in) and the test process (which owns
 * the Chromium pages) say to each other. Types only.
 */

export interface Rect {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/** A scheme the app registered with `protocol.registerSchemesAsPrivileged` and/or `protocol.handle`. */
export interface AppScheme {
  readonly scheme: string;
  readonly standard: boolean;
  readonly secure: boolean;
  readonly handled: boolean;
}

/** child → test: a BrowserWindow was constructed. */
export interface WindowSpec {
  readonly id: number;
  readonly title: string;
  readonly bounds: Rect;
  readonly fullscreen: boolean;
  /** `webPreferences.preload` exactly as the app passed it, or null. */
  readonly preload: string | null;
  readonly webPreferences: Readonly<Record<string, unknown>>;
}

export interface LoadRequest {
  readonly id: number;
  readonly url: string;
  readonly schemes: readonly AppScheme[];
}

export interface PushMessage {
  readonly id: number;
  readonly channel: string;
  readonly args: readonly unknown[];
}

/** test → child: `ipcRenderer.invoke` from a page. */
export interface InvokeRequest {
  readonly windowId: number;
  readonly channel: string;
  readonly args: readonly unknown[];
  readonly senderFrame: { readonly url: string; readonly parent: { readonly url: string } | null };
}
export type InvokeReply =
  { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly error: string };

/** test → child: a request the page makes, for `session.webRequest.onBeforeRequest`. */
export interface BeforeRequestDetails {
  readonly id: number;
  readonly url: string;
  readonly method: string;
  readonly resourceType: string;
  readonly referrer: string;
  readonly timestamp: number;
  readonly webContentsId: number | undefined;
}

/** test → child: a request to an app:// URL, for the handler `protocol.handle` registered. */
export interface ProtocolRequest {
  readonly url: string;
  readonly method: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Uint8Array | null;
}
export interface ProtocolReply {
  readonly status: number;
  readonly headers: readonly (readonly [string, string])[];
  readonly body: Uint8Array;
}

export type DialogAnswer =
  | { readonly kind: 'open'; readonly canceled?: boolean; readonly filePaths: readonly string[] }
  | { readonly kind: 'save'; readonly canceled?: boolean; readonly filePath?: string }
  | { readonly kind: 'message'; readonly response: number; readonly checkboxChecked?: boolean };

export interface DialogRecord {
  readonly kind: DialogAnswer['kind'];
  readonly options: unknown;
  readonly answer: DialogAnswer | null;
}

export interface WindowState {
  readonly id: number;
  readonly title: string;
  readonly bounds: Rect;
  readonly fullscreen: boolean;
  readonly visible: boolean;
  readonly url: string;
  readonly hasPreload: boolean;
}

/** test → child `state`: what the stand-in recorded. */
export interface AppState {
  readonly ready: boolean;
  readonly windows: readonly WindowState[];
  readonly dialogs: readonly DialogRecord[];
  readonly openedPaths: readonly string[];
  readonly powerSaveBlockers: readonly { readonly id: number; readonly type: string; readonly started: boolean }[];
  readonly menuItemIds: readonly string[];
}

/** The fake LAN (mDNS stand-in): a service as published by one app process. */
export interface LanService {
  readonly key: string;
  readonly name: string;
  readonly type: string;
  readonly port: number;
  readonly host: string;
  readonly addresses: readonly string[];
  readonly txt: Readonly<Record<string, string>>;
}
