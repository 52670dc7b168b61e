/**
 * [DSP1] Where a stored image (a lot's photo, the league's logo) is served:
 * the host's own `/media/` path. The name is a media name the config's schema
 * already checked; it is encoded anyway, since it came over the wire.
 */
export function mediaUrl(hostUrl: string, name: string): string {
  return `${hostUrl.replace(/\/+$/, '')}/media/${encodeURIComponent(name)}`;
}
