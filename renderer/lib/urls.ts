/**
 * Address-bar and host-address helpers (plain functions, no reactivity).
 */

/** The hash as parameters: `#view=projector&code=ABCD-EFGH` (a leading `/` is ignored). */
export function readHash(): URLSearchParams {
  return new URLSearchParams(location.hash.replace(/^#\/?/, ''));
}

/**
 * Reads a join code from `?code=` or `#code=` and removes it from the address
 * bar, so an admin key does not stay on screen (or in a projector's URL bar).
 */
export function takeCodeFromUrl(): string | null {
  const search = new URLSearchParams(location.search);
  const hash = readHash();
  const code = search.get('code') ?? hash.get('code');
  if (code === null) return null;
  search.delete('code');
  hash.delete('code');
  const query = search.toString();
  const fragment = hash.toString();
  history.replaceState(null, '', `${location.pathname}${query ? `?${query}` : ''}${fragment ? `#${fragment}` : ''}`);
  return code;
}

/** True when the page came from a Gavel host over http(s) (not file:// or the Electron app protocol). */
export function isServedByHost(): boolean {
  return location.protocol === 'http:' || location.protocol === 'https:';
}

/** The headless host's default port, used when an address is typed without one. */
const DEFAULT_HOST_PORT = '4700';

/** Turns what people type ("192.168.1.20", "192.168.1.20:4710", "http://gavel.local") into a base URL. */
export function normaliseHostUrl(input: string): string {
  const trimmed = input.trim().replace(/\/+$/, '');
  if (trimmed === '') return '';
  const hasScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed);
  const withScheme = hasScheme ? trimmed : `http://${trimmed}`;
  try {
    const url = new URL(withScheme);
    const hasPort = /^[a-z][a-z0-9+.-]*:\/\/(\[[^\]]*\]|[^/:]+):\d+/i.test(withScheme);
    if (!hasScheme && !hasPort) url.port = DEFAULT_HOST_PORT;
    return url.origin;
  } catch {
    return withScheme;
  }
}
