import type { Session, WebContents } from 'electron';
import { isLanHostname } from './host/addresses';

export { isLanHostname };

/**
 * The security rules of the shell (docs/SECURITY.md lists each checklist
 * item). Functions here take the Electron objects they act on, so tests can
 * hand them fakes.
 */

/** The renderer is served from this privileged custom scheme, never from file://. */
export const APP_SCHEME = 'app';
export const APP_HOST = 'gavel';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;

/**
 * The renderer's Content-Security-Policy. Scripts only from the app itself (no
 * inline scripts, no eval). `connect-src` allows http/ws to any address
 * because the renderer connects to hosts the user types or discovers on the
 * LAN; `isLanUrl` narrows that to LAN addresses at the network layer.
 * `img-src` allows http for the same reason: players' photos and the league's
 * logo are served by the host at `/media/` [DSP1], an http origin on loopback
 * or the LAN that this page (app://gavel) does not share; `restrictRequests`
 * cancels an image from anywhere else.
 * `style-src 'unsafe-inline'` is for Svelte's style attributes; styles cannot run code.
 */
export function buildCsp(options: { devServerUrl?: string | null } = {}): string {
  const dev = options.devServerUrl ? new URL(options.devServerUrl) : null;
  // The dev server (electron-vite dev, never in a package) needs its own origin and its HMR socket.
  const devScript = dev ? ` ${dev.origin}` : '';
  const devConnect = dev ? ` ${dev.origin} ws://${dev.host}` : '';
  return [
    "default-src 'none'",
    `script-src 'self'${devScript}`,
    `style-src 'self' 'unsafe-inline'${devScript}`,
    "img-src 'self' data: blob: http:",
    "font-src 'self' data:",
    `connect-src 'self' http: https: ws: wss:${devConnect}`,
    "media-src 'self' data: blob:",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-src 'none'",
    "frame-ancestors 'none'",
    "worker-src 'self' blob:",
  ].join('; ');
}

/**
 * Requests the renderer may make: its own app:// files, devtools, data/blob
 * URLs, and http/ws only to LAN hosts. Anything on the internet is cancelled,
 * so a compromised page cannot send auction data out.
 */
export function isAllowedRequestUrl(url: string, devServerUrl?: string | null): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (devServerUrl && parsed.origin === new URL(devServerUrl).origin) return true;
  switch (parsed.protocol) {
    case `${APP_SCHEME}:`:
      return parsed.host === APP_HOST;
    case 'data:':
    case 'blob:':
    case 'devtools:':
    case 'chrome-extension:':
      return true;
    case 'http:':
    case 'https:':
    case 'ws:':
    case 'wss:':
      return isLanHostname(parsed.hostname);
    default:
      return false;
  }
}

/** True when a URL is one of our own renderer's pages (the only pages that get the preload's API). */
export function isAppUrl(url: string, devServerUrl?: string | null): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (parsed.protocol === `${APP_SCHEME}:` && parsed.host === APP_HOST) return true;
  return devServerUrl ? parsed.origin === new URL(devServerUrl).origin : false;
}

/**
 * Chromium's Local Network Access gate: a page from a non-network origin
 * (app://gavel is one) may reach loopback and private addresses only with
 * this permission. Newer Chromium splits it in two; all names are listed so
 * the next Electron does not cut the app off its own host and the LAN.
 */
export const LOCAL_NETWORK_PERMISSIONS: ReadonlySet<string> = new Set([
  'local-network-access',
  'local-network',
  'loopback-network',
]);

/** True when `permission` may be granted to a page at `url`: only local network access, only for our renderer. */
export function isPermissionAllowed(
  permission: string,
  url: string | null | undefined,
  devServerUrl?: string | null,
): boolean {
  return LOCAL_NETWORK_PERMISSIONS.has(permission) && typeof url === 'string' && isAppUrl(url, devServerUrl);
}

/**
 * Grants the app's own renderer local network access (it hosts and joins
 * auctions on the LAN) and denies everything else to every page: camera,
 * microphone, geolocation, notifications, and local network access for any
 * page but ours (the projector's LAN page needs none: it talks to its own
 * origin). Checks are answered as well as requests.
 */
export function restrictPermissions(
  session: Pick<Session, 'setPermissionRequestHandler' | 'setPermissionCheckHandler'>,
  devServerUrl?: string | null,
): void {
  session.setPermissionRequestHandler((contents, permission, callback, details) => {
    const url = details?.requestingUrl || contents?.getURL();
    callback(isPermissionAllowed(permission, url, devServerUrl));
  });
  session.setPermissionCheckHandler((contents, permission, requestingOrigin, details) => {
    const url = requestingOrigin || details?.requestingUrl || contents?.getURL();
    return isPermissionAllowed(permission, url, devServerUrl);
  });
}

/** Cancels every request that `isAllowedRequestUrl` refuses. */
export function restrictRequests(session: Pick<Session, 'webRequest'>, devServerUrl?: string | null): void {
  session.webRequest.onBeforeRequest((details, callback) => {
    callback({ cancel: !isAllowedRequestUrl(details.url, devServerUrl) });
  });
}

/**
 * Navigation and new windows are denied for every web contents: the app is
 * one page, and a link must never turn a window into a browser. The projector
 * window may move within the origin it was opened on (its URL carries the
 * view), nothing else.
 */
export function lockDownContents(contents: Pick<WebContents, 'on' | 'setWindowOpenHandler'>): void {
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  contents.on('will-navigate', (event) => event.preventDefault());
  contents.on('will-redirect', (event) => {
    if (event.isMainFrame) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
}
