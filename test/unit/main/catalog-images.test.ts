import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readCatalogImages } from '../../../main/catalog-images';
import { MAX_MEDIA_BYTES } from '../../../main/host/media';
import { tinyPng } from '../../helpers/images';

let root = '';
let folder = '';
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'gavel-catalog-images-'));
  folder = join(root, 'catalog');
  await mkdir(folder);
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('[DSP1] images beside the catalog CSV (desktop)', () => {
  it('reads the named images from the CSV folder, matching names without case and in NFC', async () => {
    await writeFile(join(folder, 'Rohit.JPG'), tinyPng([200, 0, 0]));
    await writeFile(join(folder, 'Jose\u0301.png'), tinyPng([0, 0, 200]));
    const images = await readCatalogImages(folder, ['rohit.jpg', 'José.PNG']);
    expect(images.map((image) => ('bytes' in image ? image.bytes.length : image.error))).toEqual([
      tinyPng([200, 0, 0]).length,
      tinyPng([0, 0, 200]).length,
    ]);
    expect(images.map((image) => image.name)).toEqual(['rohit.jpg', 'José.PNG']);
  });

  it('says why an image is not read: missing, over 2 MB, a folder, a link out of the folder, a path', async () => {
    await writeFile(join(root, 'outside.png'), tinyPng());
    await symlink(join(root, 'outside.png'), join(folder, 'link.png'));
    await mkdir(join(folder, 'dir.png'));
    await writeFile(join(folder, 'huge.png'), Buffer.alloc(MAX_MEDIA_BYTES + 1));
    const images = await readCatalogImages(folder, [
      'missing.png',
      'huge.png',
      'dir.png',
      'link.png',
      '../outside.png',
    ]);
    expect(images.map((image) => ('error' in image ? image.error : 'read'))).toEqual([
      'not in the CSV’s folder',
      '2.0 MB; the limit is 2 MB',
      'not a plain file in the CSV’s folder',
      'not a plain file in the CSV’s folder',
      expect.stringMatching(/is a path/) as string,
    ]);
  });

  it('reads nothing before a CSV was opened through the dialog', async () => {
    const [image] = await readCatalogImages(null, ['a.png']);
    expect(image).toMatchObject({
      name: 'a.png',
      error: expect.stringMatching(/open the catalog CSV first/) as string,
    });
  });
});
