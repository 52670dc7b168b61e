import { describe, expect, it, vi } from 'vitest';
import { makeAppProtocolHandler, resolveAppFile } from '../../../main/app-protocol';
import {
  APP_ORIGIN,
  buildCsp,
  restrictPermissions,
  isAllowedRequestUrl,
  isAppUrl,
  isLanHostname,
  lockDownContents,
  restrictRequests,
} from '../../../main/security';
import { FakeWebContents } from './electron-mock';

function directives(csp: string): Map<string, string[]> {
  return new Map(
    csp.split(';').map((d) => {
      const [name = '', ...values] = d.trim().split(/\s+/);
      return [name, values];
    }),
  );
}

describe('content security policy', () => {
  const csp = directives(buildCsp());

  it('runs scripts only from the app: no inline script, no eval, no remote code', () => {
    expect(csp.get('default-src')).toEqual(["'none'"]);
    expect(csp.get('script-src')).toEqual(["'self'"]);
    expect(csp.get('object-src')).toEqual(["'none'"]);
    expect(csp.get('base-uri')).toEqual(["'none'"]);
    expect(csp.get('frame-ancestors')).toEqual(["'none'"]);
    expect(csp.get('form-action')).toEqual(["'none'"]);
    for (const [name, values] of csp) {
      expect(values, name).not.toContain("'unsafe-eval'");
      if (name !== 'style-src') expect(values, name).not.toContain("'unsafe-inline'");
    }
  });

  it('lets the renderer reach hosts on the LAN over http and websockets', () => {
    expect(csp.get('connect-src')).toEqual(expect.arrayContaining(["'self'", 'http:', 'ws:']));
  });

  it("[DSP1] shows images the host serves (http on loopback or the LAN), and no https image from the internet's CDNs", () => {
    expect(csp.get('img-src')).toEqual(["'self'", 'data:', 'blob:', 'http:']);
  });

  it('admits the dev server only when one is given', () => {
    const dev = directives(buildCsp({ devServerUrl: 'http://localhost:5173/' }));
    expect(dev.get('script-src')).toEqual(["'self'", 'http://localhost:5173']);
    expect(dev.get('connect-src')).toContain('ws://localhost:5173');
    expect(buildCsp({ devServerUrl: null })).not.toContain('5173');
  });
});

describe('LAN-only requests', () => {
  it.each([
    ['127.0.0.1', true],
    ['10.1.2.3', true],
    ['172.16.0.1', true],
    ['172.31.255.255', true],
    ['192.168.1.20', true],
    ['169.254.10.1', true],
    ['100.100.1.1', true],
    ['[::1]', true],
    ['fd12:3456::1', true],
    ['fe80::1', true],
    ['localhost', true],
    ['auction-pc', true],
    ['auction-pc.local', true],
    ['router.lan', true],
    ['pc.home.arpa', true],
    ['8.8.8.8', false],
    ['172.32.0.1', false],
    ['192.169.1.1', false],
    ['2001:db8::1', false],
    ['example.com', false],
    ['evil.local.example.com', false],
    ['', false],
    ['999.1.1.1', false],
  ])('%s is on the LAN: %s', (host, expected) => {
    expect(isLanHostname(host)).toBe(expected);
  });

  it('allows the app, data and blob URLs, and LAN hosts; refuses the internet and file://', () => {
    expect(isAllowedRequestUrl(`${APP_ORIGIN}/assets/index.js`)).toBe(true);
    expect(isAllowedRequestUrl('ws://192.168.1.20:4700/socket.io/?EIO=4')).toBe(true);
    expect(isAllowedRequestUrl('http://10.0.0.5:4700/healthz')).toBe(true);
    expect(isAllowedRequestUrl('data:image/png;base64,AAAA')).toBe(true);
    expect(isAllowedRequestUrl('https://example.com/collect')).toBe(false);
    expect(isAllowedRequestUrl('wss://1.2.3.4/')).toBe(false);
    expect(isAllowedRequestUrl('file:///etc/passwd')).toBe(false);
    expect(isAllowedRequestUrl('app://other/index.html')).toBe(false);
    expect(isAllowedRequestUrl('not a url')).toBe(false);
    expect(isAllowedRequestUrl('http://example.com:5173/x', 'http://example.com:5173')).toBe(true);
  });

  it('cancels refused requests through the session', () => {
    const session = { webRequest: { onBeforeRequest: vi.fn() } };
    restrictRequests(session as never);
    const listener = session.webRequest.onBeforeRequest.mock.calls[0]?.[0] as (
      details: { url: string },
      cb: (r: { cancel: boolean }) => void,
    ) => void;
    const answer = vi.fn();
    listener({ url: 'https://tracker.example.com/' }, answer);
    listener({ url: 'http://192.168.0.2:4700/' }, answer);
    expect(answer.mock.calls).toEqual([[{ cancel: true }], [{ cancel: false }]]);
  });
});

describe('our own pages', () => {
  it('recognises app://gavel and nothing else (dev server only when given)', () => {
    expect(isAppUrl('app://gavel/index.html')).toBe(true);
    expect(isAppUrl('app://gavel/#/host')).toBe(true);
    expect(isAppUrl('app://evil/index.html')).toBe(false);
    expect(isAppUrl('file:///work/out/renderer/index.html')).toBe(false);
    expect(isAppUrl('http://192.168.1.20:4700/')).toBe(false);
    expect(isAppUrl('http://localhost:5173/')).toBe(false);
    expect(isAppUrl('http://localhost:5173/', 'http://localhost:5173')).toBe(true);
  });
});

describe('permissions', () => {
  function install(devServerUrl?: string) {
    const session = { setPermissionRequestHandler: vi.fn(), setPermissionCheckHandler: vi.fn() };
    restrictPermissions(session as never, devServerUrl);
    const request = session.setPermissionRequestHandler.mock.calls[0]?.[0] as (
      wc: unknown,
      permission: string,
      cb: (granted: boolean) => void,
      details: { requestingUrl?: string },
    ) => void;
    const check = session.setPermissionCheckHandler.mock.calls[0]?.[0] as (...args: unknown[]) => boolean;
    const asked = (permission: string, requestingUrl: string): boolean => {
      const cb = vi.fn();
      request(null, permission, cb, { requestingUrl });
      return cb.mock.calls[0]?.[0] as boolean;
    };
    return { asked, check };
  }

  it('denies every permission but local network access, to every page', () => {
    const { asked, check } = install();
    for (const permission of ['media', 'geolocation', 'notifications', 'openExternal', 'clipboard-read']) {
      expect(asked(permission, 'app://gavel/index.html'), permission).toBe(false);
      expect(check(null, permission, 'app://gavel', {}), permission).toBe(false);
    }
  });

  it('grants local network access to the app itself, under every name Chromium uses', () => {
    const { asked, check } = install();
    for (const permission of ['local-network-access', 'local-network', 'loopback-network']) {
      expect(asked(permission, 'app://gavel/index.html'), permission).toBe(true);
      expect(check(null, permission, 'app://gavel', {}), permission).toBe(true);
    }
  });

  it('never grants local network access to another page', () => {
    const { asked, check } = install();
    for (const url of ['http://192.168.1.20:4700/', 'https://evil.example/', 'app://other/', 'file:///tmp/x.html']) {
      expect(asked('local-network-access', url), url).toBe(false);
      expect(check(null, 'local-network-access', new URL(url).origin, {}), url).toBe(false);
    }
    expect(check(null, 'local-network-access', '', {})).toBe(false);
  });

  it('grants it to the dev server only in development', () => {
    expect(install('http://localhost:5173').asked('local-network-access', 'http://localhost:5173/')).toBe(true);
    expect(install().asked('local-network-access', 'http://localhost:5173/')).toBe(false);
  });
});

describe('navigation and new windows', () => {
  it('denies window.open, navigation, main-frame redirects and webviews', () => {
    const contents = new FakeWebContents();
    lockDownContents(contents as never);
    expect(contents.windowOpenHandler?.({ url: 'https://example.com' })).toEqual({ action: 'deny' });
    for (const name of ['will-navigate', 'will-attach-webview']) {
      const event = { preventDefault: vi.fn() };
      contents.emit(name, event, 'https://example.com');
      expect(event.preventDefault, name).toHaveBeenCalled();
    }
    const redirect = { preventDefault: vi.fn(), isMainFrame: true };
    contents.emit('will-redirect', redirect);
    expect(redirect.preventDefault).toHaveBeenCalled();
  });
});

describe('app:// protocol', () => {
  const root = '/opt/gavel/out/renderer';

  it('serves files below the renderer folder and index.html for routes', () => {
    expect(resolveAppFile(root, 'app://gavel/')).toBe(`${root}/index.html`);
    expect(resolveAppFile(root, 'app://gavel/assets/index-abc.js')).toBe(`${root}/assets/index-abc.js`);
    expect(resolveAppFile(root, 'app://gavel/host/new')).toBe(`${root}/index.html`);
  });

  it('refuses other hosts and paths that climb out', () => {
    expect(resolveAppFile(root, 'app://other/index.html')).toBeNull();
    // The URL parser folds dot segments at the root: this one stays inside.
    expect(resolveAppFile(root, 'app://gavel/%2e%2e/%2e%2e/main/index.js')).toBe(`${root}/main/index.js`);
    expect(resolveAppFile(root, 'app://gavel/..%2F..%2Fsecret.json')).toBeNull();
    expect(resolveAppFile(root, 'app://gavel/a%00.js')).toBeNull();
    expect(resolveAppFile(root, 'app://gavel/%E0%A4%A.js')).toBeNull();
  });

  it('adds the CSP header to what it serves and 404s the rest', async () => {
    const fetchFile = vi.fn(async () => new Response('<html></html>', { headers: { 'content-type': 'text/html' } }));
    const handler = makeAppProtocolHandler({ root, csp: buildCsp(), fetchFile });
    const ok = await handler(new Request('app://gavel/index.html'));
    expect(ok.headers.get('content-security-policy')).toBe(buildCsp());
    expect(ok.headers.get('content-type')).toBe('text/html');
    expect(fetchFile).toHaveBeenCalledWith(`file://${root}/index.html`);
    expect((await handler(new Request('app://other/x.js'))).status).toBe(404);
  });
});
