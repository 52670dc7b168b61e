import type { IncomingMessage } from 'node:http';
import { isIP } from 'node:net';
import { isLanHostname } from './addresses';

/**
 * Who may open a socket to the host. A web page that a participant happens
 * to visit (an advert, a link in a chat) runs in that participant's browser,
 * on the venue's LAN: without this check it could open a socket to the host,
 * watch the auction, flood it, or guess codes from the participant's address.
 *
 * Allowed:
 * - no Origin header: bots, scripts, the CLI and the tests (a browser always
 *   sends one on a WebSocket and on every cross-origin request, so a web page
 *   cannot pass as one of these);
 * - the desktop app's own pages (`app://gavel`);
 * - the host's own pages: an http(s) Origin equal to the address the request
 *   was made to (the Host header), whichever of its addresses and ports that
 *   is, provided that address is an IP literal (any: some venues run their
 *   LAN on public ranges) or a LAN name (`localhost`, a single-label or
 *   `.local` name). The last condition stops DNS rebinding: a page at
 *   `evil.example` whose name now resolves to the host sends
 *   `Host: evil.example:4700` and is refused; an IP literal cannot be rebound.
 *
 * Everything else is refused before the handshake, so no state is ever sent.
 */

/** The Origin of the desktop app's renderer (main/security.ts serves it at this scheme and host). */
export const DESKTOP_APP_ORIGIN = 'app://gavel';

export function isAllowedOrigin(origin: string | undefined, hostHeader: string | undefined): boolean {
  if (origin === undefined || origin === '') return true;
  if (origin === DESKTOP_APP_ORIGIN) return true;
  let parsed: URL;
  try {
    parsed = new URL(origin);
  } catch {
    return false; // includes "null": sandboxed frames, file:// pages
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return false;
  if (!hostHeader || parsed.host !== hostHeader.toLowerCase()) return false;
  return isIP(parsed.hostname.replace(/^\[|\]$/g, '')) !== 0 || isLanHostname(parsed.hostname);
}

/** The request's Origin and Host, as `isAllowedOrigin` reads them. */
export function isAllowedRequest(request: Pick<IncomingMessage, 'headers'>): boolean {
  const { origin, host } = request.headers;
  return isAllowedOrigin(typeof origin === 'string' ? origin : undefined, host);
}
