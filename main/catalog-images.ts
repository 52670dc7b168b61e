import { lstat, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { photoFileNameProblem, photoKey } from '../shared/catalog/photos';
import { MAX_MEDIA_BYTES } from './host/media';
import type { CatalogImage } from './ipc-contract';

/**
 * [DSP1] The desktop reads the images a catalog's `photo` column names from
 * the CSV's own folder, so the organiser does not pick them again. Only
 * entries of that folder's listing are read (a name is looked up, never
 * joined blindly), only regular files (no links out of the folder, no
 * devices), each up to the host's 2 MB limit.
 */
export async function readCatalogImages(folder: string | null, names: readonly string[]): Promise<CatalogImage[]> {
  if (folder === null) {
    return names.map((name) => ({ name, error: 'open the catalog CSV first; its folder is where photos are read' }));
  }
  // A file written "Rohit.JPG" on disk and "rohit.jpg" in the sheet is the same photo (Windows and macOS agree).
  const entries = new Map<string, string>();
  for (const entry of await readdir(folder).catch(() => [])) {
    if (!entries.has(photoKey(entry))) entries.set(photoKey(entry), entry);
  }
  const read = async (name: string): Promise<CatalogImage> => {
    const problem = photoFileNameProblem(name);
    if (problem !== null) return { name, error: `the photo ${problem}` };
    const entry = entries.get(photoKey(name));
    if (entry === undefined) return { name, error: 'not in the CSV’s folder' };
    const file = join(folder, entry);
    const info = await lstat(file).catch(() => null);
    if (!info?.isFile()) return { name, error: 'not a plain file in the CSV’s folder' };
    if (info.size > MAX_MEDIA_BYTES) {
      return { name, error: `${(info.size / (1024 * 1024)).toFixed(1)} MB; the limit is 2 MB` };
    }
    try {
      return { name, bytes: new Uint8Array(await readFile(file)) };
    } catch (err) {
      return { name, error: `could not be read (${err instanceof Error ? err.message : String(err)})` };
    }
  };
  const images: CatalogImage[] = [];
  for (const name of names) images.push(await read(name));
  return images;
}
