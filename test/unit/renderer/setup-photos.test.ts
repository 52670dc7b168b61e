import { describe, expect, it } from 'vitest';
import {
  fromDisplayDraft,
  moveStat,
  statChoices,
  toDisplayDraft,
  toggleStat,
} from '../../../renderer/lib/display-settings';
import { uploadMedia } from '../../../renderer/lib/media-upload';
import {
  matchFolderImages,
  matchPhotos,
  photoSummary,
  uploadMatches,
  withoutPhoto,
  withPhotos,
} from '../../../renderer/lib/setup-photos';
import { MAX_MEDIA_BYTES } from '../../../shared/catalog/photos';
import { makeLot } from '../../helpers/builders';

const PHOTO = `${'ab'.repeat(32)}.png`;
const lots = [
  makeLot(1, { name: 'Rohit Verma' }),
  makeLot(2, { name: 'José Álvarez' }),
  makeLot(3, { name: 'constructor' }),
  makeLot(4, { name: 'Liam Carter' }),
];

describe('[DSP1] photos matched to players', () => {
  it('gives a player the file its photo column names, without case and in NFC', () => {
    const files = [{ name: 'ROHIT.jpg' }, { name: 'Jose\u0301.png' }, { name: 'stray.png' }];
    const photoFiles = new Map([
      ['L1', 'rohit.JPG'],
      ['L2', 'José.PNG'],
    ]);
    const { matches, unmatched } = matchPhotos(lots, photoFiles, files);
    expect(matches.map((m) => [m.lotId, m.file.name])).toEqual([
      ['L1', 'ROHIT.jpg'],
      ['L2', 'Jose\u0301.png'],
    ]);
    expect(unmatched.map((f) => f.name)).toEqual(['stray.png']);
  });

  it('without a photo column, matches a file named after the player or their id', () => {
    const files = [
      { name: 'rohit_verma.JPG' },
      { name: 'José-Álvarez.webp' },
      { name: 'constructor.png' },
      { name: 'L4.gif' },
    ];
    const { matches, unmatched } = matchPhotos(lots, new Map(), files);
    expect(matches.map((m) => [m.lotId, m.file.name])).toEqual([
      ['L1', 'rohit_verma.JPG'],
      ['L2', 'José-Álvarez.webp'],
      ['L3', 'constructor.png'],
      ['L4', 'L4.gif'],
    ]);
    expect(unmatched).toEqual([]);
  });

  it('a player whose row names a file takes only that file, not one named after them', () => {
    const { matches } = matchPhotos([makeLot(1, { name: 'Rohit' })], new Map([['L1', 'r.png']]), [
      { name: 'Rohit.png' },
    ]);
    expect(matches).toEqual([]);
  });

  it('sets and removes photos, and says who is missing one', () => {
    const withTwo = withPhotos(
      lots,
      new Map([
        ['L1', PHOTO],
        ['L3', PHOTO],
      ]),
    );
    expect(withTwo.map((lot) => lot.photo ?? null)).toEqual([PHOTO, null, PHOTO, null]);
    expect(photoSummary(withTwo).sentence).toBe('2 of 4 players have a photo; missing: José Álvarez, Liam Carter.');
    expect(withoutPhoto(withTwo, 'L1')[0]).not.toHaveProperty('photo');
    expect(photoSummary(lots).sentence).toBe('0 of 4 players have a photo.');
    const many = Array.from({ length: 24 }, (_, i) => makeLot(i + 1, { ...(i < 18 ? { photo: PHOTO } : {}) }));
    expect(photoSummary(many).sentence).toBe(
      '18 of 24 players have a photo; missing: Lot 19, Lot 20, Lot 21, Lot 22, Lot 23 and 1 more.',
    );
  });
});

describe('[DSP1] sending the matched photos', () => {
  it('sends a shared file once, keeps going past a refusal, and says which file and why', async () => {
    const shared = { name: 'team.png' };
    const bad = { name: 'bad.png' };
    const sent: string[] = [];
    const progress: number[] = [];
    const { names, failed } = await uploadMatches(
      [
        { lotId: 'L1', file: shared },
        { lotId: 'L2', file: bad },
        { lotId: 'L3', file: shared },
      ],
      async (file) => {
        sent.push(file.name);
        return file === bad
          ? {
              ok: false,
              error: { code: 'invalid_payload', message: 'That file is not a PNG, JPEG, WebP or GIF image.' },
            }
          : { ok: true, data: { name: PHOTO } };
      },
      (done) => progress.push(done),
    );
    expect(sent).toEqual(['team.png', 'bad.png']);
    expect([...names]).toEqual([
      ['L1', PHOTO],
      ['L3', PHOTO],
    ]);
    expect(failed).toEqual(['bad.png: That file is not a PNG, JPEG, WebP or GIF image.']);
    expect(progress).toEqual([0, 1, 2]);
  });

  it('matches the images read beside the CSV to the lots that name them, and lists what could not be read', () => {
    const bytes = new Uint8Array([1]);
    const photoFiles = new Map([
      ['L1', 'a.png'],
      ['L2', 'b.png'],
      ['L3', 'a.png'],
    ]);
    const { matches, failed } = matchFolderImages(photoFiles, [
      { name: 'a.png', bytes },
      { name: 'b.png', error: 'not in the CSV’s folder' },
    ]);
    expect(matches.map((m) => [m.lotId, m.file.name])).toEqual([
      ['L1', 'a.png'],
      ['L3', 'a.png'],
    ]);
    expect(matches[0]?.file).toBe(matches[1]?.file);
    expect(failed).toEqual(['b.png: not in the CSV’s folder']);
  });
});

describe('[DSP3] the projector stats picker', () => {
  const catalog = [
    makeLot(1, { extra: { country: 'India', matches: '200', batting_style: 'Right' } }),
    makeLot(2, { extra: { [`${'x'.repeat(41)}`]: '1' } }),
  ];

  it('offers the catalog columns, chosen ones first in order, at most 6', () => {
    const choices = statChoices(catalog, ['matches', 'country']);
    expect(choices.map((c) => [c.column, c.position, c.disabled])).toEqual([
      ['matches', 1, false],
      ['country', 2, false],
      ['batting_style', null, false],
      ['x'.repeat(41), null, true],
    ]);
    expect(choices[2]?.label).toBe('batting style');
    const full = ['a', 'b', 'c', 'd', 'e', 'f'];
    expect(toggleStat(full, 'country')).toEqual(full);
    expect(statChoices(catalog, full).find((c) => c.column === 'country')?.disabled).toBe(true);
    expect(statChoices(catalog, full)[0]).toMatchObject({ column: 'a', isMissing: true });
    expect(toggleStat(['country'], 'matches')).toEqual(['country', 'matches']);
    expect(toggleStat(['country', 'matches'], 'country')).toEqual(['matches']);
    expect(toggleStat([], 'x'.repeat(41))).toEqual([]);
  });

  it('moves a stat up and down, and not past either end', () => {
    expect(moveStat(['a', 'b', 'c'], 'c', -1)).toEqual(['a', 'c', 'b']);
    expect(moveStat(['a', 'b', 'c'], 'a', -1)).toEqual(['a', 'b', 'c']);
    expect(moveStat(['a', 'b', 'c'], 'c', 1)).toEqual(['a', 'b', 'c']);
  });

  it('[DSP2] leaves out what is blank, and is undefined when nothing is set', () => {
    expect(fromDisplayDraft({ league: '  ', logo: null, stats: [] })).toBeUndefined();
    expect(fromDisplayDraft({ league: ' Premier League ', logo: PHOTO, stats: ['country'] })).toEqual({
      league: 'Premier League',
      logo: PHOTO,
      stats: ['country'],
    });
    expect(toDisplayDraft(undefined)).toEqual({ league: '', logo: null, stats: [] });
  });
});

describe('[DSP1] uploadMedia', () => {
  const target = { url: 'http://127.0.0.1:4700/', code: 'ADMIN-KEY' };

  it('posts the bytes with the admin key and returns the name', async () => {
    const calls: [string, RequestInit | undefined][] = [];
    const fetch = (async (url: string, init?: RequestInit) => {
      calls.push([url, init]);
      return new Response(JSON.stringify({ ok: true, data: { name: PHOTO } }), { status: 200 });
    }) as typeof globalThis.fetch;
    await expect(uploadMedia(new Uint8Array([1, 2, 3]), target, { fetch })).resolves.toEqual({
      ok: true,
      data: { name: PHOTO },
    });
    expect(calls[0]?.[0]).toBe('http://127.0.0.1:4700/media');
    expect(calls[0]?.[1]).toMatchObject({ method: 'POST', headers: { authorization: 'Bearer ADMIN-KEY' } });
  });

  it('refuses over 2 MB before sending, retries a rate limit a bounded number of times, and names a dead host', async () => {
    let sent = 0;
    const fetch = (async () => {
      sent += 1;
      return new Response(
        JSON.stringify({ ok: false, error: { code: 'rate_limited', message: 'wait', retryAfterMs: 50 } }),
        {
          status: 429,
        },
      );
    }) as typeof globalThis.fetch;
    const big = await uploadMedia(new Uint8Array(MAX_MEDIA_BYTES + 1), target, { fetch });
    expect(big).toMatchObject({ ok: false, error: { message: /limit is 2 MB/ } });
    expect(sent).toBe(0);
    const waits: number[] = [];
    const limited = await uploadMedia(new Uint8Array(3), target, { fetch, sleep: async (ms) => void waits.push(ms) });
    expect(limited).toMatchObject({ ok: false, error: { code: 'rate_limited' } });
    expect(sent).toBe(4);
    expect(waits).toEqual([100, 100, 100]);
    const dead = (async () => {
      throw new TypeError('Failed to fetch');
    }) as typeof globalThis.fetch;
    await expect(uploadMedia(new Uint8Array(3), target, { fetch: dead })).resolves.toMatchObject({
      ok: false,
      error: { message: /did not answer/ },
    });
    const html = (async () => new Response('<html>', { status: 404 })) as typeof globalThis.fetch;
    await expect(uploadMedia(new Uint8Array(3), target, { fetch: html })).resolves.toMatchObject({
      ok: false,
      error: { message: /HTTP 404/ },
    });
  });
});
