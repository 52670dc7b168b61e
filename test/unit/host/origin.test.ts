import { describe, expect, it } from 'vitest';
import { DESKTOP_APP_ORIGIN, isAllowedOrigin } from '../../../main/host/origin';

describe('which origins may open a socket to the host', () => {
  it('lets in clients without an Origin (bots, the CLI, tests) and the desktop app', () => {
    expect(isAllowedOrigin(undefined, '192.168.1.20:4700')).toBe(true);
    expect(isAllowedOrigin('', undefined)).toBe(true);
    expect(isAllowedOrigin(DESKTOP_APP_ORIGIN, '127.0.0.1:4700')).toBe(true);
  });

  it('lets in the host’s own pages, at whichever of its addresses they were loaded from', () => {
    expect(isAllowedOrigin('http://192.168.1.20:4700', '192.168.1.20:4700')).toBe(true);
    expect(isAllowedOrigin('http://localhost:4700', 'localhost:4700')).toBe(true);
    expect(isAllowedOrigin('http://[::1]:4701', '[::1]:4701')).toBe(true);
    expect(isAllowedOrigin('http://auction-pc.local:4700', 'auction-pc.local:4700')).toBe(true);
    // A venue whose LAN runs on a public range: an IP literal cannot be rebound.
    expect(isAllowedOrigin('http://192.0.2.2:4700', '192.0.2.2:4700')).toBe(true);
  });

  it('refuses any other page, whatever it claims', () => {
    expect(isAllowedOrigin('http://evil.example', '192.168.1.20:4700')).toBe(false);
    expect(isAllowedOrigin('http://192.168.1.20:8080', '192.168.1.20:4700')).toBe(false); // another port: another site
    expect(isAllowedOrigin('http://127.0.0.1:5173', '127.0.0.1:4700')).toBe(false);
    expect(isAllowedOrigin('null', '127.0.0.1:4700')).toBe(false); // sandboxed frames, file:// pages
    expect(isAllowedOrigin('app://other', '127.0.0.1:4700')).toBe(false);
    expect(isAllowedOrigin('chrome-extension://abc', '127.0.0.1:4700')).toBe(false);
    expect(isAllowedOrigin('http://192.168.1.20:4700', undefined)).toBe(false);
  });

  it('refuses a DNS-rebound name, even though Origin and Host agree', () => {
    expect(isAllowedOrigin('http://evil.example:4700', 'evil.example:4700')).toBe(false);
    expect(isAllowedOrigin('https://attacker.test:4700', 'attacker.test:4700')).toBe(false);
  });
});
