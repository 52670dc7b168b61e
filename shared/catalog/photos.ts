/**
 * [DSP1] A lots sheet's `photo` column names an image file beside the CSV (or
 * one the organiser picks in Setup). The name is a hostile string like every
 * cell: it must be a plain file name, never a path or a URL, so neither the
 * desktop app (which reads it from the CSV's folder) nor a browser can be led
 * anywhere else. The image becomes `Lot.photo` only once the host has it.
 */

/**
 * The largest image the host stores: 2 MB. A phone photo resized for a
 * projector is 100–400 KB; a full 12 MP JPEG is 3–5 MB and should be made
 * smaller first. The host enforces it (main/host/media.ts); Setup says so
 * before sending.
 */
export const MAX_MEDIA_BYTES = 2 * 1024 * 1024;

/** The image types the host stores (main/host/media.ts), by the file names people give them. */
export const PHOTO_EXTENSIONS = ['png', 'jpg', 'jpeg', 'webp', 'gif'] as const;
export const MAX_PHOTO_FILE_NAME = 255;

/**
 * Why `name` is not a photo file name, or null when it is one: a plain name in
 * the CSV's own folder (no `/`, `\`, `:`, no `.` or `..` and no name made of
 * dots, no control characters) with an image extension.
 */
export function photoFileNameProblem(name: string): string | null {
  if (name.length > MAX_PHOTO_FILE_NAME) return `is ${name.length} characters long; a file name has at most 255`;
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(name))
    return `"${clip(name)}" is a web address; name an image file beside the CSV`;
  if (/[/\\]/.test(name))
    return `"${clip(name)}" is a path; name an image file in the CSV's own folder, without folders`;
  // `:` is a drive (C:) or an alternate data stream on Windows; dots alone are this folder or its parent.
  // eslint-disable-next-line no-control-regex -- refusing control characters is the point
  if (/[:\u0000-\u001f\u007f]/.test(name) || /^\.+$/.test(name) || name.includes('..')) {
    return `"${clip(name)}" is not a plain file name`;
  }
  const extension = /\.([^.]+)$/.exec(name)?.[1]?.toLowerCase() ?? '';
  if (!(PHOTO_EXTENSIONS as readonly string[]).includes(extension)) {
    return `"${clip(name)}" is not a PNG, JPEG, WebP or GIF file name`;
  }
  return null;
}

/** How file names are compared: Unicode NFC (a Mac's "é" is two code points), then case-insensitive. */
export function photoKey(name: string): string {
  return name.normalize('NFC').toLowerCase();
}

function clip(text: string): string {
  return text.length > 60 ? `${text.slice(0, 60)}…` : text;
}
