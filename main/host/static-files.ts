import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';

/**
 * Serves the built renderer so any browser on the LAN can open the host's
 * address and join. Only GET/HEAD, only files below `root`.
 */

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.webmanifest': 'application/manifest+json',
  '.txt': 'text/plain; charset=utf-8',
};

/**
 * The build writes a `.br` and a `.gz` copy beside every script, style sheet and page worth
 * compressing (vite.web.config.ts); the host sends one when the browser accepts it. The
 * renderer's JavaScript is about a third of its size gzipped: on a 1.6 Mbit/s Wi-Fi that is
 * about a second less before a phone's Bid button works. Brotli first (Chromium offers it only
 * to secure origins such as localhost), then gzip (what a phone on http://<LAN address> gets).
 */
const PRECOMPRESSED = [
  { encoding: 'br', suffix: '.br' },
  { encoding: 'gzip', suffix: '.gz' },
] as const;
const COMPRESSIBLE = new Set(['.html', '.js', '.mjs', '.css', '.json', '.svg', '.webmanifest', '.txt']);

/** The codings an `Accept-Encoding` header allows (`q=0` refuses one; `*` stands for any other). */
export function acceptedEncodings(header: string | string[] | undefined): Set<string> {
  const accepted = new Set<string>();
  const refused = new Set<string>();
  const text = Array.isArray(header) ? header.join(',') : (header ?? '');
  for (const part of text.split(',')) {
    const [name = '', ...params] = part.split(';').map((p) => p.trim().toLowerCase());
    if (!name) continue;
    const q = params.find((p) => p.startsWith('q='));
    const weight = q === undefined ? 1 : Number(q.slice(2));
    if (Number.isFinite(weight) && weight > 0) accepted.add(name);
    else refused.add(name);
  }
  if (accepted.has('*')) for (const { encoding } of PRECOMPRESSED) if (!refused.has(encoding)) accepted.add(encoding);
  return accepted;
}

/** The pre-compressed copy of `file` to send for this request, if there is one the browser accepts. */
async function findPrecompressed(
  file: string,
  req: IncomingMessage,
): Promise<{ file: string; size: number; encoding: string } | null> {
  if (!COMPRESSIBLE.has(extname(file))) return null;
  const accepted = acceptedEncodings(req.headers['accept-encoding']);
  for (const { encoding, suffix } of PRECOMPRESSED) {
    if (!accepted.has(encoding)) continue;
    const info = await stat(file + suffix).catch(() => null);
    if (info?.isFile()) return { file: file + suffix, size: info.size, encoding };
  }
  return null;
}

/** The page may talk only to the host that served it. */
export const SERVED_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; " +
  "connect-src 'self' ws: wss:; media-src 'self' data: blob:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'none'";

export async function serveStatic(root: string, req: IncomingMessage, res: ServerResponse): Promise<boolean> {
  if (req.method !== 'GET' && req.method !== 'HEAD') return false;
  let pathname: string;
  try {
    pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://host').pathname);
  } catch {
    return false;
  }
  if (pathname.includes('\0')) return false;
  const relative = normalize(pathname).replace(/^([/\\])+/, '');
  if (relative.split(sep).includes('..')) return false;
  let file = join(root, relative || 'index.html');
  let info = await stat(file).catch(() => null);
  if (info?.isDirectory()) {
    file = join(file, 'index.html');
    info = await stat(file).catch(() => null);
  }
  if (!info?.isFile()) {
    // Client-side routes fall back to the app; missing assets stay 404.
    if (extname(relative) !== '') return false;
    file = join(root, 'index.html');
    info = await stat(file).catch(() => null);
    if (!info?.isFile()) return false;
  }
  const type = TYPES[extname(file)] ?? 'application/octet-stream';
  const isHtml = type.startsWith('text/html');
  const compressed = await findPrecompressed(file, req);
  res.writeHead(200, {
    'content-type': type,
    'content-length': compressed?.size ?? info.size,
    ...(compressed ? { 'content-encoding': compressed.encoding } : {}),
    ...(COMPRESSIBLE.has(extname(file)) ? { vary: 'accept-encoding' } : {}),
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'cache-control': isHtml ? 'no-cache' : 'public, max-age=3600',
    ...(isHtml ? { 'content-security-policy': SERVED_CSP } : {}),
  });
  if (req.method === 'HEAD') {
    res.end();
    return true;
  }
  createReadStream(compressed?.file ?? file).pipe(res);
  return true;
}
