import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeConfig } from '../helpers/builders';
import { startTestHost, type TestHost } from '../helpers/host';

let t: TestHost | null = null;
let dir = '';
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'gavel-static-'));
});
afterEach(async () => {
  await t?.close();
  t = null;
  await rm(dir, { recursive: true, force: true });
});

/** A raw GET, so paths like /../x reach the server as written. */
function get(port: number, path: string): Promise<{ status: number; body: string; headers: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method: 'GET' }, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('the web app served to LAN browsers', () => {
  it('says how to build it when it is missing, then serves it once built, with a strict CSP', async () => {
    const web = join(dir, 'web');
    await mkdir(join(web, 'assets'), { recursive: true });
    await writeFile(join(dir, 'secret.txt'), 'not for the LAN');
    t = await startTestHost(makeConfig(), { staticDir: web });
    const port = t.host.port;

    const missing = await get(port, '/');
    expect(missing.body).toMatch(/web app is not built.*npm run build:web/);

    await writeFile(join(web, 'index.html'), '<!doctype html><title>Gavel</title>');
    await writeFile(join(web, 'assets', 'app.js'), 'console.log(1)');
    const page = await get(port, '/?code=ABCD-EFGH');
    expect(page.status).toBe(200);
    expect(page.body).toContain('<title>Gavel</title>');
    expect(String(page.headers['content-security-policy'])).toContain("default-src 'self'");
    expect((await get(port, '/assets/app.js')).headers['content-type']).toMatch(/javascript/);
    // Client-side routes fall back to the app; missing assets and escapes do not.
    expect((await get(port, '/console')).body).toContain('<title>Gavel</title>');
    expect((await get(port, '/assets/nope.js')).status).toBe(404);
    for (const escape of ['/../secret.txt', '/%2e%2e/secret.txt', '/assets/..%2f..%2fsecret.txt']) {
      const res = await get(port, escape);
      expect(res.body, escape).not.toContain('not for the LAN');
    }
    const health = JSON.parse((await get(port, '/healthz')).body) as { ok: boolean; protocol: number };
    expect(health).toMatchObject({ ok: true, protocol: 1 });
  });
});
