import { afterEach, describe, expect, it, vi } from 'vitest';
import { isServedByHost, normaliseHostUrl, readHash, takeCodeFromUrl } from '../../../renderer/lib/urls';

/** The address bar as a URL, and the history calls that rewrite it. */
function stubAddress(href: string): { current: () => string } {
  let url = new URL(href);
  vi.stubGlobal('location', {
    get href() {
      return url.href;
    },
    get protocol() {
      return url.protocol;
    },
    get pathname() {
      return url.pathname;
    },
    get search() {
      return url.search;
    },
    get hash() {
      return url.hash;
    },
  });
  vi.stubGlobal('history', {
    replaceState: (_data: unknown, _unused: string, next: string) => {
      url = new URL(next, url);
    },
  });
  return { current: () => url.href };
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('normaliseHostUrl', () => {
  it('adds http and the headless host’s default port to a bare address', () => {
    expect(normaliseHostUrl('192.168.1.20')).toBe('http://192.168.1.20:4700');
    expect(normaliseHostUrl('  gavel.local/ ')).toBe('http://gavel.local:4700');
  });

  it('keeps a typed port', () => {
    expect(normaliseHostUrl('192.168.1.20:4710')).toBe('http://192.168.1.20:4710');
    expect(normaliseHostUrl('[::1]:4710')).toBe('http://[::1]:4710');
  });

  it('adds the port to a bare IPv6 address', () => {
    expect(normaliseHostUrl('[::1]')).toBe('http://[::1]:4700');
  });

  it('trusts a typed scheme: no default port is added', () => {
    expect(normaliseHostUrl('http://gavel.local')).toBe('http://gavel.local');
    expect(normaliseHostUrl('https://auction.example.org/join/')).toBe('https://auction.example.org');
  });

  it('is empty for empty input', () => {
    expect(normaliseHostUrl('   ')).toBe('');
  });

  it('returns what it cannot parse with a scheme, for the connection to refuse', () => {
    expect(normaliseHostUrl('http://bad host')).toBe('http://bad host');
  });
});

describe('readHash', () => {
  it('reads the hash as parameters, ignoring a leading slash', () => {
    stubAddress('http://host/#/view=projector&code=ABCD-EFGH');
    expect(readHash().get('view')).toBe('projector');
    expect(readHash().get('code')).toBe('ABCD-EFGH');
  });
});

describe('takeCodeFromUrl', () => {
  it('takes ?code= and removes it, keeping the other parameters and the hash', () => {
    const address = stubAddress('http://host:4700/?code=ABCD&lang=en#view=results');
    expect(takeCodeFromUrl()).toBe('ABCD');
    expect(address.current()).toBe('http://host:4700/?lang=en#view=results');
  });

  it('takes #code= and leaves the view', () => {
    const address = stubAddress('http://host:4700/#view=projector&code=SPEC-1234');
    expect(takeCodeFromUrl()).toBe('SPEC-1234');
    expect(address.current()).toBe('http://host:4700/#view=projector');
  });

  it('leaves a clean address when the code was all there was', () => {
    const address = stubAddress('http://host:4700/?code=ABCD');
    expect(takeCodeFromUrl()).toBe('ABCD');
    expect(address.current()).toBe('http://host:4700/');
  });

  it('is null and changes nothing without a code', () => {
    const address = stubAddress('http://host:4700/#view=results');
    expect(takeCodeFromUrl()).toBeNull();
    expect(address.current()).toBe('http://host:4700/#view=results');
  });
});

describe('isServedByHost', () => {
  it('is true over http(s) and false from a file or the app protocol', () => {
    stubAddress('http://192.168.1.20:4700/');
    expect(isServedByHost()).toBe(true);
    stubAddress('https://auction.example.org/');
    expect(isServedByHost()).toBe(true);
    stubAddress('file:///opt/gavel/index.html');
    expect(isServedByHost()).toBe(false);
  });
});
