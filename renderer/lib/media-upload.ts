import { MAX_MEDIA_BYTES } from '../../shared/catalog/photos';
import { makeError } from '../../shared/core/errors';
import type { Ack } from '../../shared/protocol/messages';

/**
 * [DSP1] Sends an image to the host (`POST /media`, docs/PROTOCOL.md "Media")
 * and returns the media name the host gave it. In a browser the admin page is
 * the host's own, so this is a same-origin fetch; in the desktop app the page
 * is app://gavel and the host answers the cross-origin fetch (CORS) for it.
 * Never rejects: a failure is an `AppError` with a sentence for the organiser.
 */

export interface MediaTarget {
  /** The host's base URL (the connection's). */
  readonly url: string;
  /** The admin key. */
  readonly code: string;
}

export interface UploadOptions {
  readonly fetch?: typeof fetch;
  /** Waits before a retry after `rate_limited`; tests pass their own. */
  readonly sleep?: (ms: number) => Promise<void>;
}

/** Tries after `rate_limited`, each after the wait the host asks (at most 10 s). */
const MAX_RETRIES = 3;
const MAX_WAIT_MS = 10_000;

export async function uploadMedia(
  bytes: Uint8Array | Blob,
  target: MediaTarget,
  options: UploadOptions = {},
): Promise<Ack<{ name: string }>> {
  const size = bytes instanceof Blob ? bytes.size : bytes.byteLength;
  if (size > MAX_MEDIA_BYTES) {
    const mb = (size / (1024 * 1024)).toFixed(1);
    return { ok: false, error: makeError('invalid_payload', `The image is ${mb} MB; the limit is 2 MB.`) };
  }
  const send = options.fetch ?? fetch;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const body: BodyInit = bytes instanceof Blob ? bytes : new Blob([bytes as Uint8Array<ArrayBuffer>]);
  for (let attempt = 0; ; attempt++) {
    let answer: Ack<{ name: string }>;
    try {
      const response = await send(`${target.url.replace(/\/+$/, '')}/media`, {
        method: 'POST',
        headers: { authorization: `Bearer ${target.code}`, 'content-type': 'application/octet-stream' },
        body,
      });
      answer = readAnswer(await response.text(), response.status);
    } catch {
      return {
        ok: false,
        error: makeError('internal_error', 'The host did not answer the upload. Is it still running?'),
      };
    }
    if (answer.ok || answer.error.code !== 'rate_limited' || attempt >= MAX_RETRIES) return answer;
    await sleep(Math.min(MAX_WAIT_MS, Math.max(100, answer.error.retryAfterMs ?? 1_000)));
  }
}

/** The host's JSON answer, checked: anything else (an old host without /media, a proxy's page) is an error. */
function readAnswer(text: string, status: number): Ack<{ name: string }> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = null;
  }
  const answer = parsed as Partial<{
    ok: boolean;
    data: { name?: unknown };
    error: { code?: unknown; message?: unknown; retryAfterMs?: unknown };
  }> | null;
  if (answer?.ok === true && typeof answer.data?.name === 'string')
    return { ok: true, data: { name: answer.data.name } };
  const error = answer?.ok === false ? answer.error : undefined;
  if (error && typeof error.code === 'string' && typeof error.message === 'string') {
    const retry = typeof error.retryAfterMs === 'number' ? error.retryAfterMs : undefined;
    return { ok: false, error: makeError(error.code as never, error.message, retry) };
  }
  return { ok: false, error: makeError('internal_error', `The host could not take the image (HTTP ${status}).`) };
}
