import { isAbsolute, join, normalize, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Protocol } from 'electron';
import { APP_HOST, APP_SCHEME } from './security';

/**
 * Serves the built renderer at app://gavel/ instead of file://, so the app
 * has an origin of its own: IPC sender checks and the CSP's 'self' mean
 * exactly our files, not any file on the disk.
 */

/** The privileges `protocol.registerSchemesAsPrivileged` must grant before `ready`. */
export const APP_SCHEME_PRIVILEGES = {
  scheme: APP_SCHEME,
  privileges: { standard: true, secure: true, supportFetchAPI: true },
} as const;

/**
 * Maps an app:// URL to a file below `root`, or null for anything else
 * (another host, a path that climbs out of `root`). Paths without an
 * extension are client-side routes and get index.html.
 */
export function resolveAppFile(root: string, url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.protocol !== `${APP_SCHEME}:` || parsed.host !== APP_HOST) return null;
  let pathname: string;
  try {
    pathname = decodeURIComponent(parsed.pathname);
  } catch {
    return null;
  }
  if (pathname.includes('\0')) return null;
  const last = pathname.split('/').pop() ?? '';
  const wanted = pathname === '/' || !last.includes('.') ? '/index.html' : pathname;
  const file = normalize(join(root, wanted));
  const rel = relative(root, file);
  if (rel === '' || rel.startsWith('..') || isAbsolute(rel)) return null;
  return file;
}

export interface AppProtocolOptions {
  readonly root: string;
  readonly csp: string;
  /** `net.fetch`, injected for tests. */
  readonly fetchFile: (url: string) => Promise<Response>;
}

export function makeAppProtocolHandler(options: AppProtocolOptions): (request: Request) => Promise<Response> {
  return async (request) => {
    const file = resolveAppFile(options.root, request.url);
    if (!file) return new Response('Not found', { status: 404 });
    const response = await options.fetchFile(pathToFileURL(file).toString());
    const headers = new Headers(response.headers);
    headers.set('content-security-policy', options.csp);
    headers.set('x-content-type-options', 'nosniff');
    return new Response(response.body, { status: response.status, headers });
  };
}

export function registerAppProtocol(protocol: Pick<Protocol, 'handle'>, options: AppProtocolOptions): void {
  protocol.handle(APP_SCHEME, makeAppProtocolHandler(options));
}
