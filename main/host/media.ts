import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import { MEDIA_NAME_PATTERN } from '../../shared/auction/config';
import { MAX_MEDIA_BYTES } from '../../shared/catalog/photos';
import { makeError, type AppError } from '../../shared/core/errors';
import type { Ack } from '../../shared/protocol/messages';
import type { Clock } from './clock';
import { normaliseCode, type Credentials } from './credentials';
import { DESKTOP_APP_ORIGIN, isAllowedRequest } from './origin';
import { addressKey, type GuessThrottle, TokenBucket } from './rate-limit';

/**
 * [DSP1] The host's images: players' photos and the league's logo. The admin
 * uploads one with `POST /media` (docs/PROTOCOL.md, "Media"); the host keeps it
 * under its content's SHA-256, in `<auction dir>/media/` (in memory when the
 * host keeps nothing on disk), and serves it at `GET /media/<name>` to every
 * screen on the LAN, so no screen fetches anything from outside it.
 *
 * Only PNG, JPEG, WebP and GIF, decided by their first bytes, never by a file
 * name or a Content-Type the client sends: SVG can carry script, and a file
 * the host cannot name a type for is not served at all.
 */

export { MAX_MEDIA_BYTES };
/** A host without a data folder keeps its images in memory, up to this much (a 250-player catalog at 400 KB is 100 MB). */
export const MAX_MEMORY_MEDIA_BYTES = 256 * 1024 * 1024;
/** A body this far over the limit is not read to its end: the connection is cut. */
const DRAIN_LIMIT_BYTES = 4 * MAX_MEDIA_BYTES;
export const MEDIA_FOLDER = 'media';

export type MediaType = 'png' | 'jpg' | 'webp' | 'gif';

const CONTENT_TYPES: Readonly<Record<MediaType, string>> = {
  png: 'image/png',
  jpg: 'image/jpeg',
  webp: 'image/webp',
  gif: 'image/gif',
};

function startsWith(bytes: Uint8Array, prefix: readonly number[], at = 0): boolean {
  return prefix.every((byte, i) => bytes[at + i] === byte);
}

const ascii = (text: string): number[] => [...text].map((c) => c.charCodeAt(0));

/**
 * The image's type from its first bytes, or null. Each type's whole header
 * must be there, so a file cut short after its signature is no image:
 * PNG: signature and a complete IHDR chunk (33 bytes); JPEG: SOI and a marker;
 * GIF: signature and the logical screen descriptor (13 bytes); WebP: the RIFF
 * header naming WEBP and a VP8/VP8L/VP8X chunk, no longer than the file says.
 */
export function sniffImage(bytes: Uint8Array): MediaType | null {
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) {
    return bytes.length >= 33 && startsWith(bytes, ascii('IHDR'), 12) ? 'png' : null;
  }
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return bytes.length >= 4 && (bytes[3] ?? 0) >= 0xc0 ? 'jpg' : null;
  if (startsWith(bytes, ascii('GIF87a')) || startsWith(bytes, ascii('GIF89a')))
    return bytes.length >= 13 ? 'gif' : null;
  if (startsWith(bytes, ascii('RIFF')) && startsWith(bytes, ascii('WEBP'), 8) && bytes.length >= 20) {
    const chunk = String.fromCharCode(...bytes.subarray(12, 16));
    const riffSize = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(4, true);
    return ['VP8 ', 'VP8L', 'VP8X'].includes(chunk) && riffSize + 8 <= bytes.length ? 'webp' : null;
  }
  return null;
}

/** Why `bytes` is not an image the host stores, in the organiser's words; null when it is one. */
export function describeRefusal(bytes: Uint8Array): string | null {
  if (bytes.length === 0) return 'The upload is empty: send the image file itself.';
  if (bytes.length > MAX_MEDIA_BYTES) {
    return `The image is ${formatMegabytes(bytes.length)}; the limit is 2 MB. Save it smaller (a projector needs about 800 pixels) and try again.`;
  }
  if (sniffImage(bytes) !== null) return null;
  const head = new TextDecoder().decode(bytes.subarray(0, 256)).trimStart().toLowerCase();
  if (head.startsWith('<svg') || (head.startsWith('<?xml') && head.includes('<svg'))) {
    return 'SVG images are not accepted (they can carry script): use PNG, JPEG, WebP or GIF.';
  }
  return 'That file is not a PNG, JPEG, WebP or GIF image (or it is cut short).';
}

function formatMegabytes(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

/** The media name of an image: its SHA-256 in hex and its type, as [DSP1] says. */
export function mediaNameOf(bytes: Uint8Array, type: MediaType): string {
  return `${createHash('sha256').update(bytes).digest('hex')}.${type}`;
}

/**
 * Where the images are. On disk, each is written to a temporary file and
 * renamed, so a crash leaves no half image under a good name; a resumed host
 * reads the same folder. In memory, a bounded map.
 */
export class MediaStore {
  readonly #dir: string | null;
  readonly #memory = new Map<string, Buffer>();
  #memoryBytes = 0;

  /** `auctionFolder` is the auction's own folder (the store uses its `media/`), or null to keep images in memory. */
  constructor(auctionFolder: string | null) {
    this.#dir = auctionFolder === null ? null : join(auctionFolder, MEDIA_FOLDER);
  }

  /** Stores an image already checked by `sniffImage`; the same bytes twice give the same name and one file. */
  async put(bytes: Uint8Array, type: MediaType): Promise<string> {
    const name = mediaNameOf(bytes, type);
    if (this.#dir === null) {
      if (this.#memory.has(name)) return name;
      if (this.#memoryBytes + bytes.length > MAX_MEMORY_MEDIA_BYTES) {
        throw new MediaFullError('This host keeps images in memory and holds 256 MB of them already.');
      }
      this.#memory.set(name, Buffer.from(bytes));
      this.#memoryBytes += bytes.length;
      return name;
    }
    const file = join(this.#dir, name);
    if (await stat(file).catch(() => null)) return name;
    await mkdir(this.#dir, { recursive: true });
    const temp = `${file}.${process.pid}.${Date.now()}.tmp`;
    await writeFile(temp, bytes);
    await rename(temp, file);
    return name;
  }

  /** The image stored under `name`, or null. `name` must match MEDIA_NAME_PATTERN, so it is never a path. */
  async get(name: string): Promise<{ readonly bytes: Buffer; readonly contentType: string } | null> {
    if (!MEDIA_NAME_PATTERN.test(name)) return null;
    const type = name.slice(name.lastIndexOf('.') + 1) as MediaType;
    const bytes = this.#dir === null ? this.#memory.get(name) : await readFile(join(this.#dir, name)).catch(() => null);
    return bytes ? { bytes, contentType: CONTENT_TYPES[type] } : null;
  }
}

class MediaFullError extends Error {}

/** Uploads per address: a Setup sending 240 photos one after another takes about 20 s; more waits its turn. */
export const MEDIA_UPLOAD_BURST = 40;
export const MEDIA_UPLOADS_PER_SECOND = 10;

export interface MediaRouteDeps {
  readonly store: MediaStore;
  readonly clock: Clock;
  /** The codes as they are now (the admin key never changes, but read it where the socket does). */
  readonly credentials: () => Credentials;
  /** Wrong admin keys per address: the handshake's own throttle, so both doors share one budget of guesses. */
  readonly guesses: GuessThrottle;
  readonly log: (message: string) => void;
}

/**
 * The `/media` routes. Returns false for any other path, so the host's other
 * routes run. Uploads are admin-only (the admin key as a bearer token), from
 * Gavel's own pages only (origin.ts, as for the socket), counted per address;
 * wrong keys are throttled like wrong join codes.
 */
export function createMediaRoute(
  deps: MediaRouteDeps,
): (req: IncomingMessage, res: ServerResponse) => Promise<boolean> {
  const { store, clock, log } = deps;
  const { guesses } = deps;
  const buckets = new Map<string, TokenBucket>();

  async function upload(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const now = clock.now();
    const address = addressKey(req.socket.remoteAddress ?? '');
    let bucket = buckets.get(address);
    if (!bucket) {
      // Full buckets are forgotten, so the map holds only addresses uploading now.
      for (const [key, other] of buckets) if (other.isFull(now)) buckets.delete(key);
      bucket = new TokenBucket(MEDIA_UPLOAD_BURST, MEDIA_UPLOADS_PER_SECOND, now);
      buckets.set(address, bucket);
    }
    if (!bucket.take(now)) {
      const wait = bucket.msUntilToken(now);
      return refuse(req, res, 429, makeError('rate_limited', 'Too many uploads at once: wait a moment.', wait));
    }
    const turn = guesses.reserve(address, now);
    // An upload never waits in the handshake's queue: its turn not being now is a refusal to come back then.
    if ('retryAfterMs' in turn || turn.waitMs > 0) {
      const wait = 'retryAfterMs' in turn ? turn.retryAfterMs : turn.waitMs;
      if (!('retryAfterMs' in turn)) guesses.release(address, now);
      return refuse(req, res, 429, makeError('rate_limited', 'Too many wrong keys from this address.', wait));
    }
    const key = /^Bearer\s+(.{1,64})$/i.exec(String(req.headers.authorization ?? ''))?.[1] ?? '';
    if (normaliseCode(key) === '' || normaliseCode(key) !== normaliseCode(deps.credentials().admin)) {
      guesses.fail(address, now);
      return refuse(
        req,
        res,
        401,
        makeError('bad_credentials', 'Only the auctioneer may upload images: the admin key is missing or wrong.'),
      );
    }
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > MAX_MEDIA_BYTES) {
      return refuse(
        req,
        res,
        413,
        makeError('invalid_payload', `The image is ${formatMegabytes(declared)}; the limit is 2 MB.`),
      );
    }
    const body = await readBody(req);
    if (body === null) {
      return refuse(req, res, 413, makeError('invalid_payload', 'The image is over 2 MB; the limit is 2 MB.'));
    }
    const refusal = describeRefusal(body);
    const type = sniffImage(body);
    if (refusal !== null || type === null) {
      return refuse(req, res, 415, makeError('invalid_payload', refusal ?? 'Not an image.'));
    }
    try {
      const name = await store.put(body, type);
      sendJson(req, res, 200, { ok: true, data: { name } });
    } catch (err) {
      log(`could not store an image: ${String(err)}`);
      const message = err instanceof MediaFullError ? err.message : 'The host could not save the image.';
      refuse(req, res, 507, makeError('internal_error', message));
    }
  }

  return async (req, res) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    if (path !== '/media' && !path.startsWith('/media/')) return false;
    if (path === '/media') {
      if (!isAllowedRequest(req)) {
        log(`refused an upload from the page at ${String(req.headers.origin).slice(0, 100)}`);
        refuse(req, res, 403, makeError('not_authorized', 'This page is not one of this auction’s own pages.'));
        return true;
      }
      if (req.method === 'OPTIONS') {
        res.writeHead(204, {
          ...corsHeaders(req),
          'access-control-allow-methods': 'POST',
          'access-control-allow-headers': 'authorization, content-type',
          'access-control-max-age': '600',
        });
        res.end();
      } else if (req.method === 'POST') {
        await upload(req, res);
      } else {
        refuse(req, res, 405, makeError('invalid_payload', 'POST an image to /media; GET one at /media/<name>.'));
      }
      return true;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD' }).end();
      return true;
    }
    // The name as sent, not decoded: `%2e%2e%2f` is no media name, and neither is anything with a slash.
    const image = await store.get(path.slice('/media/'.length));
    if (!image) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8', 'x-content-type-options': 'nosniff' });
      res.end('No such image');
      return true;
    }
    res.writeHead(200, {
      'content-type': image.contentType,
      'content-length': image.bytes.length,
      'x-content-type-options': 'nosniff',
      // The name is the content's hash: the same name never means other bytes.
      'cache-control': 'public, max-age=31536000, immutable',
      'content-security-policy': "default-src 'none'; sandbox",
    });
    res.end(req.method === 'HEAD' ? undefined : image.bytes);
    return true;
  };
}

/** The request's body, or null once it is over the limit (the rest is read and dropped, up to a bound, so the answer arrives). */
function readBody(req: IncomingMessage): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_MEDIA_BYTES) chunks.push(chunk);
      else if (size > DRAIN_LIMIT_BYTES) req.destroy();
    });
    req.on('end', () => resolve(size > MAX_MEDIA_BYTES ? null : Buffer.concat(chunks)));
    req.on('close', () => resolve(size > MAX_MEDIA_BYTES ? null : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function drain(req: IncomingMessage): void {
  let size = 0;
  req.on('data', (chunk: Buffer) => {
    size += chunk.length;
    if (size > DRAIN_LIMIT_BYTES) req.destroy();
  });
  req.resume();
}

/** The desktop app's window (app://gavel) reads the answer of a cross-origin fetch; no other origin is ever named. */
function corsHeaders(req: IncomingMessage): Record<string, string> {
  return req.headers.origin === DESKTOP_APP_ORIGIN
    ? { 'access-control-allow-origin': DESKTOP_APP_ORIGIN, vary: 'Origin' }
    : { vary: 'Origin' };
}

function sendJson(req: IncomingMessage, res: ServerResponse, status: number, body: Ack<{ name: string }>): void {
  res.writeHead(status, {
    ...corsHeaders(req),
    'content-type': 'application/json; charset=utf-8',
    'x-content-type-options': 'nosniff',
    'cache-control': 'no-store',
  });
  res.end(JSON.stringify(body));
}

function refuse(req: IncomingMessage, res: ServerResponse, status: number, error: AppError): void {
  const retry = error.retryAfterMs === undefined ? {} : { 'retry-after': String(Math.ceil(error.retryAfterMs / 1000)) };
  // An upload refused before its body was read: the rest is drained (up to a bound) so the client reads the answer, not a reset.
  if (!req.readableEnded) drain(req);
  res.setHeader('connection', 'close');
  for (const [name, value] of Object.entries(retry)) res.setHeader(name, value);
  sendJson(req, res, status, { ok: false, error });
}
