import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { io } from 'socket.io-client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startHost } from '../../main/host/host-server';
import { MAX_MEDIA_BYTES } from '../../main/host/media';
import { DEFAULT_RATE_LIMITS } from '../../main/host/rate-limit';
import { makeConfig, makeLot } from '../helpers/builders';
import { FakeClock } from '../helpers/fake-clock';
import { startTestHost, type TestHost } from '../helpers/host';
import { tinyGif, tinyJpeg, tinyPng, tinyWebp } from '../helpers/images';

/**
 * [DSP1] The host's images over HTTP: `POST /media` (admin key, Gavel's own
 * pages, images only, 2 MB) and `GET /media/<name>` (content-addressed,
 * immutable, nothing else reachable), on a real host on 127.0.0.1.
 */

interface Reply {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: Buffer;
}

function send(
  port: number,
  options: { method?: string; path: string; headers?: Record<string, string>; body?: Uint8Array },
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port, path: options.path, method: options.method ?? 'GET', headers: options.headers },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
        );
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

function upload(port: number, key: string | null, body: Uint8Array, headers: Record<string, string> = {}) {
  return send(port, {
    method: 'POST',
    path: '/media',
    headers: {
      ...(key === null ? {} : { authorization: `Bearer ${key}` }),
      'content-type': 'application/octet-stream',
      ...headers,
    },
    body,
  });
}

type Answer = { ok: true; data: { name: string } } | { ok: false; error: { code: string; message: string } };
const json = (reply: Reply): Answer => JSON.parse(reply.body.toString('utf8')) as Answer;
const errorOf = (reply: Reply) => {
  const answer = json(reply);
  if (answer.ok) throw new Error(`expected a refusal, got ${reply.body.toString()}`);
  return answer.error;
};

let t: TestHost | null = null;
let dir = '';
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'gavel-media-'));
});
afterEach(async () => {
  await t?.close();
  t = null;
  await rm(dir, { recursive: true, force: true });
});

describe('[DSP1] media on the host', () => {
  it('stores an upload under its hash and serves the same bytes back, typed, nosniff, immutable', async () => {
    t = await startTestHost(makeConfig());
    const { port } = t.host;
    for (const [image, type, ext] of [
      [tinyPng(), 'image/png', 'png'],
      [tinyJpeg(), 'image/jpeg', 'jpg'],
      [tinyGif(), 'image/gif', 'gif'],
      [tinyWebp(), 'image/webp', 'webp'],
    ] as const) {
      const reply = await upload(port, t.host.joinCodes.admin, image);
      expect(reply.status, ext).toBe(200);
      const answer = json(reply);
      if (!answer.ok) throw new Error(answer.error.message);
      expect(answer.data.name).toMatch(new RegExp(`^[0-9a-f]{64}\\.${ext}$`));
      const got = await send(port, { path: `/media/${answer.data.name}` });
      expect(got.status).toBe(200);
      expect(Buffer.compare(got.body, Buffer.from(image))).toBe(0);
      expect(got.headers['content-type']).toBe(type);
      expect(got.headers['x-content-type-options']).toBe('nosniff');
      expect(got.headers['cache-control']).toMatch(/immutable/);
      const head = await send(port, { method: 'HEAD', path: `/media/${answer.data.name}` });
      expect([head.status, head.body.length, Number(head.headers['content-length'])]).toEqual([200, 0, image.length]);
    }
    // The same bytes again give the same name; the key is read as join codes are (case, dashes).
    const again = await upload(port, t.host.joinCodes.admin.toLowerCase().replace(/-/g, ''), tinyPng());
    expect(again.status).toBe(200);
  });

  it('refuses uploads without the admin key: none, wrong, a team code', async () => {
    t = await startTestHost(makeConfig());
    const { port, joinCodes } = t.host;
    for (const key of [null, 'WRONG-KEY', joinCodes.teams.T1 ?? '', joinCodes.spectator]) {
      const reply = await upload(port, key, tinyPng());
      expect(reply.status, String(key)).toBe(401);
      expect(errorOf(reply)).toMatchObject({ code: 'bad_credentials', message: /admin key/ });
    }
  });

  it('refuses anything but a whole PNG, JPEG, WebP or GIF, saying why', async () => {
    t = await startTestHost(makeConfig());
    const { port } = t.host;
    const key = t.host.joinCodes.admin;
    const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>');
    const xmlSvg = Buffer.from('<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"/>');
    const cases: [string, Uint8Array, RegExp][] = [
      ['svg', svg, /SVG images are not accepted/],
      ['svg with an xml prolog', xmlSvg, /SVG images are not accepted/],
      ['a text file renamed .png', Buffer.from('name,base_price\nA,1 Cr\n'), /not a PNG, JPEG, WebP or GIF/],
      ['html', Buffer.from('<!doctype html><script>alert(1)</script>'), /not a PNG, JPEG, WebP or GIF/],
      ['a PNG cut inside its header', tinyPng().subarray(0, 20), /cut short/],
      ['a PNG signature only', tinyPng().subarray(0, 8), /cut short/],
      ['empty', new Uint8Array(0), /empty/],
    ];
    for (const [what, body, message] of cases) {
      const reply = await upload(port, key, body, { 'content-type': 'image/png' });
      expect(reply.status, what).toBe(415);
      expect(errorOf(reply), what).toMatchObject({ code: 'invalid_payload', message });
    }
    // Over 2 MB, with a real PNG header: the limit is in the answer.
    const big = Buffer.concat([tinyPng(), Buffer.alloc(MAX_MEDIA_BYTES)]);
    const tooBig = await upload(port, key, big);
    expect(tooBig.status).toBe(413);
    expect(errorOf(tooBig).message).toMatch(/the limit is 2 MB/);
    // The same without a length (chunked): the host counts as it reads and stops at the limit.
    const chunked = await new Promise<Reply>((resolve, reject) => {
      const req = request(
        { host: '127.0.0.1', port, path: '/media', method: 'POST', headers: { authorization: `Bearer ${key}` } },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () =>
            resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
          );
        },
      );
      req.on('error', reject);
      req.write(tinyPng());
      for (let i = 0; i < 5; i++) req.write(Buffer.alloc(512 * 1024));
      req.end();
    });
    expect(chunked.status).toBe(413);
    expect(errorOf(chunked).message).toMatch(/the limit is 2 MB/);
    // Nothing refused was stored: the host still answers, and nothing but the one good upload is served.
    expect((await upload(port, key, tinyPng())).status).toBe(200);
  });

  it('serves nothing but stored media names: traversal, encoded traversal and bad names are 404', async () => {
    t = await startTestHost(makeConfig(), { dataDir: dir });
    const { port } = t.host;
    const stored = json(await upload(port, t.host.joinCodes.admin, tinyPng()));
    if (!stored.ok) throw new Error('upload failed');
    const hash = stored.data.name.slice(0, 64);
    for (const path of [
      '/media/',
      '/media/../journal.jsonl',
      '/media/..%2fjournal.jsonl',
      '/media/%2e%2e%2fcredentials.json',
      '/media/..%5ccredentials.json',
      `/media/${hash}.svg`,
      `/media/${hash}.PNG`,
      `/media/${hash}.png.tmp`,
      `/media/${hash.toUpperCase()}.png`,
      `/media/${'0'.repeat(64)}.png`,
      '/media/credentials.json',
      `/media/sub/${stored.data.name}`,
    ]) {
      const reply = await send(port, { path });
      expect(reply.status, path).toBe(404);
      expect(reply.body.toString(), path).not.toMatch(/journal|admin|PNG/);
    }
    expect((await send(port, { method: 'DELETE', path: `/media/${stored.data.name}` })).status).toBe(405);
  });

  it("refuses an upload from a foreign page, answers the desktop app's preflight, and names no other origin", async () => {
    t = await startTestHost(makeConfig());
    const { port } = t.host;
    const key = t.host.joinCodes.admin;
    for (const origin of ['http://evil.example', 'null', `http://evil.example:${port}`]) {
      const reply = await upload(port, key, tinyPng(), { origin });
      expect(reply.status, origin).toBe(403);
      expect(errorOf(reply)).toMatchObject({ code: 'not_authorized' });
      expect(reply.headers['access-control-allow-origin']).toBeUndefined();
      const preflight = await send(port, { method: 'OPTIONS', path: '/media', headers: { origin } });
      expect(preflight.status).toBe(403);
    }
    // The host's own page (same origin) and the desktop app's window (a CORS fetch) may upload.
    expect((await upload(port, key, tinyPng(), { origin: `http://127.0.0.1:${port}` })).status).toBe(200);
    const preflight = await send(port, {
      method: 'OPTIONS',
      path: '/media',
      headers: {
        origin: 'app://gavel',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization',
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers['access-control-allow-origin']).toBe('app://gavel');
    expect(preflight.headers['access-control-allow-headers']).toMatch(/authorization/);
    const fromApp = await upload(port, key, tinyPng(), { origin: 'app://gavel' });
    expect(fromApp.status).toBe(200);
    expect(fromApp.headers['access-control-allow-origin']).toBe('app://gavel');
  });

  it('throttles wrong keys: after a burst, the right key waits too (rate_limited with retryAfterMs)', async () => {
    t = await startTestHost(makeConfig());
    const { port } = t.host;
    let limited = 0;
    for (let i = 0; i < 15; i++) {
      const reply = await upload(port, `WRONG-${i}`, tinyPng());
      if (reply.status === 429) {
        limited += 1;
        expect(errorOf(reply)).toMatchObject({ code: 'rate_limited', retryAfterMs: expect.any(Number) as number });
      }
    }
    expect(limited).toBeGreaterThan(0);
    expect((await upload(port, t.host.joinCodes.admin, tinyPng())).status).toBe(429);
    t.clock.advance(60_000);
    expect((await upload(port, t.host.joinCodes.admin, tinyPng())).status).toBe(200);
  });

  it('wrong join codes and wrong admin keys share one budget per address: two doors are not twice the guesses', async () => {
    t = await startTestHost(makeConfig());
    const { port } = t.host;
    // The socket's handshake takes the whole burst of wrong codes...
    for (let i = 0; i < DEFAULT_RATE_LIMITS.handshakeBurst; i++) {
      const socket = io(t.url, { auth: { code: `WRONG-${i}` }, transports: ['websocket'], reconnection: false });
      const refusal = await new Promise<unknown>((resolve) =>
        socket.once('connect_error', (err: Error & { data?: unknown }) => resolve(err.data)),
      );
      socket.close();
      expect(refusal).toMatchObject({ code: 'bad_credentials' });
    }
    // ...so the upload's door is closed to that address too, the right key included, until the interval passes.
    const next = await upload(port, `WRONG-UPLOAD`, tinyPng());
    expect(next.status).toBe(429);
    expect(errorOf(next)).toMatchObject({ code: 'rate_limited', retryAfterMs: expect.any(Number) as number });
    t.clock.advance(60_000);
    expect((await upload(port, t.host.joinCodes.admin, tinyPng())).status).toBe(200);
  });

  it('a host resumed from its journal folder still serves the images, from the auction folder', async () => {
    const clock = new FakeClock();
    const first = await startHost({ port: 0, host: '127.0.0.1', dataDir: dir, config: makeConfig(), clock });
    const stored = json(await upload(first.port, first.joinCodes.admin, tinyJpeg()));
    await first.close();
    if (!stored.ok) throw new Error('upload failed');
    expect(await readdir(join(dir, first.auctionId, 'media'))).toEqual([stored.data.name]);

    const resumed = await startHost({ port: 0, host: '127.0.0.1', dataDir: dir, resumeId: first.auctionId, clock });
    try {
      const got = await send(resumed.port, { path: `/media/${stored.data.name}` });
      expect(got.status).toBe(200);
      expect(Buffer.compare(got.body, Buffer.from(tinyJpeg()))).toBe(0);
    } finally {
      await resumed.close();
    }
  });

  it('a lot may name an image the host does not have: configure takes it (the journal is the truth), GET is 404 and screens show their fallback', async () => {
    t = await startTestHost(makeConfig());
    const admin = await t.admin();
    const missing = `${'ab'.repeat(32)}.png`;
    const ack = await admin.configureAuction({
      lots: [makeLot(1, { photo: missing })],
      display: { league: 'Premier League', logo: missing, stats: ['country'] },
    });
    expect(ack.ok).toBe(true);
    expect(admin.state?.config.lots[0]?.photo).toBe(missing);
    expect(admin.state?.config.display).toMatchObject({ logo: missing });
    expect((await send(t.host.port, { path: `/media/${missing}` })).status).toBe(404);
  });
});
