import type { Lot } from '../../shared/auction/types';
import { photoKey } from '../../shared/catalog/photos';
import type { Ack } from '../../shared/protocol/messages';
import type { CatalogImage } from '../../main/ipc-contract';

/**
 * [DSP1] Setup's photos: which picked image goes with which player, and the
 * sentence that says who still has none.
 *
 * A player whose catalog row names a photo file gets the picked file of that
 * name (NFC, without case). A player without one (or a catalog without a
 * photo column) gets a file named after them: "Rohit Verma.jpg",
 * "rohit_verma.png" or their id, "L007.webp", spaces, `_`, `-` and `.` alike.
 * A name is a better key than a row number: organisers save photos by who is
 * in them, and a re-sorted sheet keeps them right.
 */

export interface PickedFile {
  readonly name: string;
}

export interface PhotoMatch<F extends PickedFile> {
  /** Each player given a file, in catalog order. */
  readonly matches: readonly { readonly lotId: string; readonly file: F }[];
  /** Picked files no player took. */
  readonly unmatched: readonly F[];
}

/** A person's name or a file's stem as compared: NFC, no case, any run of spaces, `_`, `-`, `.` as one space. */
function nameKey(text: string): string {
  return photoKey(text)
    .replace(/[\s_.-]+/g, ' ')
    .trim();
}

function stem(fileName: string): string {
  const dot = fileName.lastIndexOf('.');
  return dot > 0 ? fileName.slice(0, dot) : fileName;
}

export function matchPhotos<F extends PickedFile>(
  lots: readonly Lot[],
  photoFiles: ReadonlyMap<string, string>,
  files: readonly F[],
): PhotoMatch<F> {
  // User strings as keys: Maps, never `{}` (a file called "constructor.png" is fine).
  const byFileName = new Map<string, F>();
  const byStem = new Map<string, F>();
  for (const file of files) {
    if (!byFileName.has(photoKey(file.name))) byFileName.set(photoKey(file.name), file);
    if (!byStem.has(nameKey(stem(file.name)))) byStem.set(nameKey(stem(file.name)), file);
  }
  const matches: { lotId: string; file: F }[] = [];
  const used = new Set<F>();
  for (const lot of lots) {
    const named = photoFiles.get(lot.id);
    const file =
      named !== undefined
        ? byFileName.get(photoKey(named))
        : (byStem.get(nameKey(lot.name)) ?? byStem.get(nameKey(lot.id)));
    if (file === undefined) continue;
    matches.push({ lotId: lot.id, file });
    used.add(file);
  }
  return { matches, unmatched: files.filter((file) => !used.has(file)) };
}

/** The lots with the media names the host gave (lot id → name). */
export function withPhotos(lots: readonly Lot[], names: ReadonlyMap<string, string>): Lot[] {
  return lots.map((lot) => {
    const photo = names.get(lot.id);
    return photo === undefined ? lot : { ...lot, photo };
  });
}

/** The lots with one player's photo taken off. */
export function withoutPhoto(lots: readonly Lot[], lotId: string): Lot[] {
  return lots.map((lot) => {
    if (lot.id !== lotId || lot.photo === undefined) return lot;
    const { photo: _removed, ...rest } = lot;
    return rest;
  });
}

const MISSING_SHOWN = 5;

export interface PhotoSummary {
  readonly withPhoto: number;
  readonly total: number;
  /** "18 of 24 players have a photo; missing: A, B, C, D, E and 1 more." */
  readonly sentence: string;
}

export function photoSummary(lots: readonly Lot[]): PhotoSummary {
  const missing = lots.filter((lot) => lot.photo === undefined).map((lot) => lot.name);
  const total = lots.length;
  const withPhoto = total - missing.length;
  const players = total === 1 ? 'player has' : 'players have';
  let sentence = `${withPhoto} of ${total} ${players} a photo`;
  if (missing.length > 0 && withPhoto > 0) {
    const shown = missing.slice(0, MISSING_SHOWN).join(', ');
    const more = missing.length > MISSING_SHOWN ? ` and ${missing.length - MISSING_SHOWN} more` : '';
    sentence += `; missing: ${shown}${more}`;
  }
  return { withPhoto, total, sentence: `${sentence}.` };
}

/**
 * Uploads each matched file in turn (the host counts uploads per address;
 * one at a time keeps a phone's memory to one image) and returns the media
 * names by lot id and a line per file the host refused. Two players that
 * share a file send it once.
 */
export async function uploadMatches<F extends PickedFile>(
  matches: readonly { readonly lotId: string; readonly file: F }[],
  send: (file: F) => Promise<Ack<{ name: string }>>,
  onprogress: (done: number, total: number) => void = () => undefined,
): Promise<{ names: Map<string, string>; failed: string[] }> {
  const names = new Map<string, string>();
  const failed: string[] = [];
  const sent = new Map<F, string | null>();
  for (const [i, { lotId, file }] of matches.entries()) {
    onprogress(i, matches.length);
    let name = sent.get(file);
    if (name === undefined) {
      const answer = await send(file);
      name = answer.ok ? answer.data.name : null;
      if (!answer.ok) failed.push(`${file.name}: ${answer.error.message}`);
      sent.set(file, name);
    }
    if (name !== null) names.set(lotId, name);
  }
  return { names, failed };
}

/** Desktop: the images main read beside the CSV, matched to the lots whose photo column names them. */
export function matchFolderImages(
  photoFiles: ReadonlyMap<string, string>,
  images: readonly CatalogImage[],
): { matches: { lotId: string; file: { name: string; bytes: Uint8Array } }[]; failed: string[] } {
  const read = new Map<string, { name: string; bytes: Uint8Array }>();
  const failed: string[] = [];
  for (const image of images) {
    if ('bytes' in image) read.set(image.name, image);
    else failed.push(`${image.name}: ${image.error}`);
  }
  const matches = [...photoFiles].flatMap(([lotId, name]) => {
    const file = read.get(name);
    return file ? [{ lotId, file }] : [];
  });
  return { matches, failed };
}
