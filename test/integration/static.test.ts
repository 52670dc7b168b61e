import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeConfig } from '../helpers/builders';
import { acceptedEncodings } from '../../main/host/static-files';
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

/** A GET or HEAD with request headers, its body as bytes (compressed bodies are not text). */
function fetchRaw(
  port: number,
  path: string,
  headers: Record<string, string>,
  method = 'GET',
): Promise<{ status: number; body: Buffer; headers: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks), headers: res.headers }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('pre-compressed assets', () => {
  const script = 'export const bids = [' + '"a bid",'.repeat(500) + '];\n';

  async function startWithAssets(options: { withBrotli: boolean }): Promise<number> {
    const web = join(dir, 'web');
    await mkdir(join(web, 'assets'), { recursive: true });
    await writeFile(join(web, 'index.html'), '<!doctype html><title>Gavel</title>');
    await writeFile(join(web, 'assets', 'app.js'), script);
    await writeFile(join(web, 'assets', 'app.js.gz'), gzipSync(script));
    if (options.withBrotli) await writeFile(join(web, 'assets', 'app.js.br'), brotliCompressSync(script));
    await writeFile(join(web, 'assets', 'logo.png'), 'not really a png');
    await writeFile(join(web, 'assets', 'logo.png.gz'), gzipSync('must never be sent'));
    t = await startTestHost(makeConfig(), { staticDir: web });
    return t.host.port;
  }

  it('sends the brotli copy to a browser that accepts it, else the gzip copy, with the length of what it sends', async () => {
    const port = await startWithAssets({ withBrotli: true });
    const br = await fetchRaw(port, '/assets/app.js', { 'accept-encoding': 'gzip, deflate, br' });
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers['content-type']).toMatch(/javascript/);
    expect(br.headers.vary).toBe('accept-encoding');
    expect(Number(br.headers['content-length'])).toBe(br.body.length);
    expect(brotliDecompressSync(br.body).toString()).toBe(script);

    // What Chromium offers an http:// LAN address: no brotli.
    const gz = await fetchRaw(port, '/assets/app.js', { 'accept-encoding': 'gzip, deflate' });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(Number(gz.headers['content-length'])).toBe(gz.body.length);
    expect(gunzipSync(gz.body).toString()).toBe(script);

    const head = await fetchRaw(port, '/assets/app.js', { 'accept-encoding': 'gzip' }, 'HEAD');
    expect(head.headers['content-encoding']).toBe('gzip');
    expect(head.headers['content-length']).toBe(gz.headers['content-length']);
    expect(head.body.length).toBe(0);
  });

  it('sends the file as it is when the browser accepts no coding, refuses one with q=0, or only a copy is missing', async () => {
    const port = await startWithAssets({ withBrotli: false });
    for (const accept of [undefined, 'identity', 'gzip;q=0, br;q=0', 'deflate']) {
      const res = await fetchRaw(port, '/assets/app.js', accept === undefined ? {} : { 'accept-encoding': accept });
      expect(res.headers['content-encoding'], String(accept)).toBeUndefined();
      expect(res.body.toString(), String(accept)).toBe(script);
    }
    // Brotli accepted, but only a .gz copy exists: gzip, never a 404 or the raw bytes mislabelled.
    const gz = await fetchRaw(port, '/assets/app.js', { 'accept-encoding': 'br, gzip' });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gz.body).toString()).toBe(script);
    // Images are never sent compressed, whatever lies beside them.
    const png = await fetchRaw(port, '/assets/logo.png', { 'accept-encoding': 'gzip' });
    expect(png.headers['content-encoding']).toBeUndefined();
    expect(png.body.toString()).toBe('not really a png');
  });

  it('reads Accept-Encoding as the RFC says: q-values, a wildcard, case, and junk', () => {
    expect([...acceptedEncodings('gzip, deflate, br')]).toEqual(['gzip', 'deflate', 'br']);
    expect(acceptedEncodings('GZIP;Q=0.5').has('gzip')).toBe(true);
    expect(acceptedEncodings('gzip;q=0').has('gzip')).toBe(false);
    expect(acceptedEncodings('*').has('br')).toBe(true);
    expect(acceptedEncodings('*, br;q=0').has('br')).toBe(false);
    expect(acceptedEncodings('br;q=nonsense').has('br')).toBe(false);
    expect(acceptedEncodings(['gzip', 'br']).has('br')).toBe(true);
    expect(acceptedEncodings(undefined).size).toBe(0);
    expect(acceptedEncodings(',,;;,__proto__;q=1').has('gzip')).toBe(false);
  });
});
