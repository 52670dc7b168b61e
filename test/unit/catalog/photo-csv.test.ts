import { describe, expect, it } from 'vitest';
import { parseLotsCsv, photoFileNameProblem, photoKey } from '../../../shared/catalog';
import { PRESETS } from '../../../shared/catalog/presets';

const rules = PRESETS.ipl;

describe('[DSP1] the photo column of a lots CSV', () => {
  it('keeps each photo file name aside, by lot id, out of the lot and out of extra', () => {
    const csv = [
      'name,base_price,photo,country',
      'Rohit,2 Cr,rohit.jpg,India',
      'Liam,1 Cr,,England',
      'Sam,50 L,Sam Ortiz.PNG,USA',
    ];
    const parsed = parseLotsCsv(csv.join('\n'), rules);
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
    expect([...parsed.photoFiles]).toEqual([
      ['L001', 'rohit.jpg'],
      ['L003', 'Sam Ortiz.PNG'],
    ]);
    for (const lot of parsed.lots) {
      expect(lot.extra).toEqual({ country: expect.any(String) as string });
      expect(lot.photo).toBeUndefined();
    }
  });

  it('reads the column under its aliases (image, picture, Photo File)', () => {
    for (const header of ['image', 'Picture', 'Photo File']) {
      const parsed = parseLotsCsv(`id,name,base_price,${header}\nP1,A,1 Cr,a.webp`, rules);
      if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
      expect(parsed.photoFiles.get('P1'), header).toBe('a.webp');
    }
  });

  it('refuses a path, a URL, dots or no image name, row by row, naming the column', () => {
    const bad = [
      '../secrets.png',
      'photos/rohit.jpg',
      'C:\\Users\\me\\rohit.jpg',
      'C:rohit.jpg',
      'http://example.com/rohit.jpg',
      'file:///etc/passwd',
      '..',
      'a..png',
      'rohit.svg',
      'rohit',
      `${'x'.repeat(300)}.png`,
    ];
    const csv = ['name,base_price,photo', ...bad.map((photo, i) => `P${i},1 Cr,"${photo}"`)].join('\n');
    const parsed = parseLotsCsv(csv, rules);
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.errors.map((e) => [e.row, e.column])).toEqual(bad.map((_, i) => [i + 2, 'photo']));
    const messages = parsed.errors.map((e) => e.message);
    expect(messages[0]).toMatch(/is a path/);
    expect(messages[4]).toMatch(/is a web address/);
    expect(messages[8]).toMatch(/not a PNG, JPEG, WebP or GIF file name/);
    expect(messages[10]).toMatch(/at most 255/);
  });

  it('takes hostile but harmless names as plain names', () => {
    for (const name of ['constructor.png', '__proto__.jpg', 'ملف.png', 'Ωmega photo (1).JPEG', "O'Brien.gif"]) {
      expect(photoFileNameProblem(name), name).toBeNull();
    }
  });

  it('compares names in NFC and without case', () => {
    expect(photoKey('Jose\u0301.PNG')).toBe(photoKey('José.png'));
    expect(photoKey('ROHIT.JPG')).toBe('rohit.jpg');
  });
});
