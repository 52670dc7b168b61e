import { createHash } from 'node:crypto';
import { crc32, deflateSync } from 'node:zlib';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { Lot, Team } from '../../shared/auction/types';
import type { GavelClient } from '../../renderer/lib/gavel-client';
import { uploadMedia } from '../../renderer/lib/media-upload';
import { makeConfig } from '../helpers/builders';
import { byTestId, expectAttribute, expectGone, expectScreen, expectText, saveScreenshot } from './support/browser';
import { DOLLARS, joinUrl } from './support/host';
import { useWebHost } from './support/web-host';

/**
 * The projector through a whole night, as the room reads it: setup with the
 * league's name and logo [DSP2], the player card with photo (or initials),
 * badges and the organiser's stats [DSP1] [DSP3], the high bid, the paused and
 * right-to-match banners [RTM3], a corrected sale on the SOLD moment [COR1], the
 * gap with "up next" and the ticker, and the end-of-night summary. Team and
 * player names include 40+ characters, Arabic and Hebrew. Every state is
 * measured at 1920×1080, 1280×720 and 390×844 (nothing wider than the screen,
 * money never cut off, and on the big screens nothing below the fold) and
 * saved as a screenshot of each.
 */

const SIZES = [
  { width: 1920, height: 1080 },
  { width: 1280, height: 720 },
  { width: 390, height: 844 },
] as const;
type Size = (typeof SIZES)[number];

/** The images uploaded to the host, and their media names as the host gives them [DSP1]: a SHA-256 in hex and the type. */
const PHOTO_BYTES = portrait(160, 200);
const LOGO_BYTES = portrait(120, 120);
const PHOTO = `${createHash('sha256').update(PHOTO_BYTES).digest('hex')}.png`;
const LOGO = `${createHash('sha256').update(LOGO_BYTES).digest('hex')}.png`;
/** A photo the host does not have: the card falls back to the player's initials. */
const MISSING_PHOTO = `${'c3'.repeat(32)}.jpg`;

const LONG_PLAYER = 'Aarav Venkataraman Sharma-Whitfield Junior';
const ARABIC_PLAYER = 'محمد عبد الرحمن الهاشمي';
const ARABIC_TEAM = 'نسور الصحراء الملكية للكريكيت';
const HEBREW_TEAM = 'האריות של תל אביב';
const LONG_TEAM = 'The Extraordinarily Long Named Royal Challengers XI';

const TEAMS: Team[] = [
  { id: 'T1', name: 'Mumbai Mavericks', short: 'MUM', purse: 1000 * DOLLARS },
  { id: 'T2', name: LONG_TEAM, short: 'ROYALCHALLXI', purse: 1000 * DOLLARS },
  { id: 'T3', name: ARABIC_TEAM, short: 'نسور', purse: 1000 * DOLLARS },
  { id: 'T4', name: HEBREW_TEAM, short: 'TLV', purse: 1000 * DOLLARS },
  { id: 'T5', name: 'Chennai Chargers', short: 'CHE', purse: 1000 * DOLLARS },
  { id: 'T6', name: 'Kolkata Knights', short: 'KOL', purse: 1000 * DOLLARS },
];

const LOTS: Lot[] = [
  {
    id: 'L0',
    name: 'Retained Star',
    category: 'Batter',
    basePrice: 50 * DOLLARS,
    set: 'Retained',
    extra: {},
    retained: { teamId: 'T5', price: 100 * DOLLARS },
  },
  {
    id: 'L1',
    name: LONG_PLAYER,
    category: 'All-rounder',
    basePrice: 50 * DOLLARS,
    set: 'Marquee',
    photo: PHOTO,
    extra: {
      overseas: 'Yes',
      capped: 'No',
      country: 'England',
      batting_avg: '38.5',
      strike_rate: '142.7',
      wickets: ' ',
    },
  },
  {
    id: 'L2',
    name: 'Ben Carter',
    category: 'Batter',
    basePrice: 40 * DOLLARS,
    set: 'Capped batters',
    photo: MISSING_PHOTO,
    rtmTeamId: 'T1',
    // Every stat the organiser picked [DSP3]: the most a card shows.
    extra: {
      country: 'Australia',
      batting_avg: '41.2',
      strike_rate: '131.0',
      wickets: '2',
      economy: '8.75',
      matches: '112',
    },
  },
  {
    id: 'L3',
    name: ARABIC_PLAYER,
    category: 'Bowler',
    basePrice: 30 * DOLLARS,
    set: 'Bowlers',
    extra: { overseas: 'Y', country: 'الإمارات', wickets: '61' },
  },
  { id: 'L4', name: 'Dev Patel', category: 'Wicketkeeper', basePrice: 30 * DOLLARS, set: 'Keepers', extra: {} },
];

const GAP_MS = 60_000;

const CONFIG = makeConfig({
  name: 'Premier Fantasy League Auction 2026',
  teams: TEAMS,
  lots: LOTS,
  rules: {
    currency: 'USD',
    moneyStyle: 'standard',
    purse: 1000 * DOLLARS,
    minimumPrice: 10 * DOLLARS,
    increments: { kind: 'fixed', step: 5 * DOLLARS },
    squadMax: 8,
    lotOpenMs: 300_000,
    bidExtendMs: 30_000,
    gapMs: GAP_MS,
    rtmCards: 1,
    rtmDecisionMs: 300_000,
    quotas: [{ attribute: 'overseas', value: 'yes', max: 2 }],
  },
});

const DISPLAY = {
  league: 'Premier Fantasy Cricket League',
  logo: LOGO,
  stats: ['batting_avg', 'strike_rate', 'wickets', 'country', 'economy', 'matches'],
};

describe('the projector through a night', () => {
  const web = useWebHost();

  it('[DSP1] [DSP2] [DSP3] [RTM3] [COR1] setup, the player card, bids, banners, the corrected SOLD moment, the gap and the summary', async () => {
    const { host: h, pages } = await web.start(CONFIG);
    // The missing photo fails to load on purpose.
    pages.allowErrors(/Failed to load resource/);
    const admin = await h.admin();
    // The organiser's upload, as Setup sends it: the host names each image by its content.
    for (const [bytes, name] of [
      [PHOTO_BYTES, PHOTO],
      [LOGO_BYTES, LOGO],
    ] as const) {
      const uploaded = await uploadMedia(bytes, { url: h.url, code: h.host.joinCodes.admin });
      expect(uploaded).toEqual({ ok: true, data: { name } });
    }
    const page = await pages.open('projector', joinUrl(h, h.host.joinCodes.spectator, 'projector'), 'projector');
    await expectScreen(page, 'projector');

    // Setup: the league's name and logo, "Starting soon".
    await ok(admin.send('auction:configure', { display: DISPLAY }));
    // Shown in capitals (CSS): innerText reads them so.
    await expectText(byTestId(page, 'league-name'), DISPLAY.league.toUpperCase());
    await expectAttribute(byTestId(page, 'league-logo'), 'src', `${h.url}/media/${LOGO}`);
    await expectAttribute(byTestId(page, 'league-logo'), 'alt', `${DISPLAY.league} logo`);
    await byTestId(page, 'projector-soon').waitFor();
    await checkEverySize(page, 'setup');

    // The first lot: its photo from the host's /media/, badges, the organiser's stats in order.
    await ok(admin.send('auction:start', {}));
    await expectText(byTestId(page, 'lot-name'), LONG_PLAYER);
    const photo = byTestId(page, 'player-photo');
    await expectAttribute(photo, 'src', `${h.url}/media/${PHOTO}`);
    await expectAttribute(photo, 'alt', LONG_PLAYER);
    await page.waitForFunction(() => {
      const img = document.querySelector<HTMLImageElement>('[data-testid="player-photo"]');
      return img !== null && img.complete && img.naturalWidth === 160;
    });
    await expectText(byTestId(page, 'lot-category'), 'ALL-ROUNDER');
    expect(await byTestId(page, 'player-badge').allInnerTexts()).toEqual(['OVERSEAS']);
    expect(await statLines(page)).toEqual([
      ['batting avg', '38.5'],
      ['strike rate', '142.7'],
      ['country', 'England'],
    ]);
    await expectText(byTestId(page, 'lot-base-price'), '$50');
    await expectText(byTestId(page, 'player-set'), 'Marquee');
    // The board: purse left, max bid, slots left and quota use for every team; the retained player is T5's.
    await expectText(byTestId(byTestId(page, 'team-row', { 'team-id': 'T5' }), 'team-purse-left'), '$900');
    await expectText(byTestId(byTestId(page, 'team-row', { 'team-id': 'T5' }), 'team-slots'), '7 slots');
    await expectText(byTestId(byTestId(page, 'team-row', { 'team-id': 'T1' }), 'team-quotas'), 'overseas 0/2');
    expect(await byTestId(page, 'team-max-bid').count()).toBe(TEAMS.length);
    await expectAttribute(byTestId(page, 'ticker-item').first(), 'data-mark', 'retained');
    await checkEverySize(page, 'lot-open');

    // A high bid from the team with the long name.
    const t2 = await h.team('T2');
    await ok(t2.placeBid('L1', 80 * DOLLARS));
    await expectText(byTestId(page, 'high-bid'), '$80');
    await expectText(byTestId(page, 'leader'), LONG_TEAM);
    await expectAttribute(byTestId(page, 'team-row', { 'team-id': 'T2' }), 'aria-current', 'true');
    await checkEverySize(page, 'high-bid');

    // Paused: a banner the back row sees.
    await ok(admin.send('auction:pause', {}));
    await expectText(byTestId(page, 'projector-paused'), /^Paused Bidding is on hold/i);
    await checkEverySize(page, 'paused');
    await ok(admin.send('auction:resume', {}));
    await expectGone(byTestId(page, 'projector-paused'));

    // Sold to T2, then corrected to T3 at $70: the SOLD moment names the corrected buyer and price at once.
    await ok(admin.send('lot:hammer', {}));
    await expectText(byTestId(page, 'sold-to'), LONG_TEAM);
    await ok(admin.send('sale:correct', { lotId: 'L1', teamId: 'T3', amount: 70 * DOLLARS, reason: 'Wrong paddle' }));
    await expectText(byTestId(page, 'sold-to'), ARABIC_TEAM);
    await expectText(byTestId(page, 'sold-amount'), '$70');
    await expectText(byTestId(page, 'sold-correction'), "Corrected: was ROYALCHALLXI's at $80");
    await expectText(byTestId(page, 'projector-correction'), /Reason: Wrong paddle$/);
    await expectAttribute(byTestId(page, 'projector-outcome'), 'data-outcome', 'sold');
    // The gap: up next and the ticker, newest first, the correction marked.
    await expectText(byTestId(page, 'up-next-lot').first(), /^Ben Carter/);
    await expectAttribute(byTestId(page, 'ticker-item').first(), 'data-lot-id', 'L1');
    await expectAttribute(byTestId(page, 'ticker-item').first(), 'data-mark', 'corrected');
    // The page counts the gap down on its estimate of the host's clock: only the words are checked.
    await expectText(byTestId(page, 'projector-next-in'), /^Next lot in \d+ s$/);
    await checkEverySize(page, 'corrected');

    // Lot 2: its photo is missing, so its initials; T4 wins and T1 holds the right to match.
    await h.clock.advance(GAP_MS);
    await expectText(byTestId(page, 'lot-name'), 'Ben Carter');
    await expectText(byTestId(page, 'player-initials'), 'BC');
    await expectAttribute(byTestId(page, 'player-initials'), 'aria-label', 'Ben Carter');
    await expectText(byTestId(page, 'player-badge'), 'RTM: MUM');
    // A correction is news until the next lot opens.
    await expectGone(byTestId(page, 'projector-correction'));
    const t4 = await h.team('T4');
    await ok(t4.placeBid('L2', 60 * DOLLARS));
    await expectText(byTestId(page, 'leader'), HEBREW_TEAM);
    await ok(admin.send('lot:hammer', {}));
    await expectText(byTestId(page, 'projector-rtm'), /^Right to match Mumbai Mavericks is deciding$/i);
    await expectText(byTestId(page, 'rtm-title'), 'Right to match: Mumbai Mavericks may match $60');
    await checkEverySize(page, 'rtm');
    const t1 = await h.team('T1');
    await ok(t1.send('rtm:use', { lotId: 'L2' }));
    await ok(t4.send('rtm:final', { lotId: 'L2' }));
    await ok(t1.send('rtm:match', { lotId: 'L2' }));
    await expectText(byTestId(page, 'sold-to'), 'Mumbai Mavericks');
    await expectText(byTestId(page, 'sold-rtm'), 'by right to match');
    await expectAttribute(byTestId(page, 'ticker-item').first(), 'data-mark', 'rtm');
    await expectText(byTestId(page, 'up-next-lot').first(), new RegExp(`^${ARABIC_PLAYER}`));
    await checkEverySize(page, 'gap');

    // Lot 3 (an Arabic name) goes unsold; lot 4 sells and ends the night.
    await h.clock.advance(GAP_MS);
    await expectText(byTestId(page, 'lot-name'), ARABIC_PLAYER);
    await checkEverySize(page, 'lot-open-rtl');
    await ok(admin.send('lot:skip', {}));
    await expectAttribute(byTestId(page, 'projector-outcome'), 'data-outcome', 'unsold');
    await h.clock.advance(GAP_MS);
    await expectText(byTestId(page, 'lot-name'), 'Dev Patel');
    const t6 = await h.team('T6');
    await ok(t6.placeBid('L4', 50 * DOLLARS));
    await ok(admin.send('lot:hammer', {}));

    // The end of the night: every squad with prices, the top buys, spent and left.
    await expectAttribute(byTestId(page, 'projector'), 'data-status', 'finished');
    await byTestId(page, 'projector-finished').waitFor();
    await expectText(byTestId(page, 'summary-totals'), '4 players sold · 1 unsold · $280 spent');
    expect(await byTestId(page, 'summary-top-buy').evaluateAll(lotIds)).toEqual(['L1', 'L2', 'L4']);
    await expectText(byTestId(byTestId(page, 'team-row', { 'team-id': 'T3' }), 'team-purse-left'), '$930');
    await expectText(byTestId(byTestId(page, 'team-row', { 'team-id': 'T3' }), 'summary-spent'), '$70');
    await expectText(
      byTestId(byTestId(page, 'team-row', { 'team-id': 'T5' }), 'summary-player'),
      /^Retained Star RETAINED \$100$/,
    );
    await expectText(
      byTestId(byTestId(page, 'team-row', { 'team-id': 'T1' }), 'summary-player'),
      /^Ben Carter RTM \$60$/,
    );
    await expectText(byTestId(page, 'sold-to'), 'Kolkata Knights');
    await checkEverySize(page, 'finished');

    pages.assertNoErrors();
  });
});

describe('the end-of-night summary for a big league', () => {
  const web = useWebHost();

  /**
   * 10 teams of 8 (6 retained, 2 bought on the night, names up to 40+ characters): the summary
   * fits one 1920×1080 screen in columns. At 1280×720 and on a phone it runs on below the fold
   * and the page scrolls (nothing wider than the screen). 50 teams scroll at every size: the
   * type stays readable rather than shrinking to fit.
   */
  it.each([10, 50])('%i teams: squads, spent and left, never wider than the screen', async (count) => {
    const teams: Team[] = Array.from({ length: count }, (_, i) => ({
      id: `T${i + 1}`,
      name: i === 1 ? LONG_TEAM : i === 2 ? ARABIC_TEAM : `Franchise ${i + 1}`,
      short: `F${i + 1}`,
      purse: 1000 * DOLLARS,
    }));
    const kept: Lot[] = teams.flatMap((team, t) =>
      Array.from({ length: 6 }, (_, j) => ({
        id: `R${t}-${j}`,
        name: j === 0 ? `${LONG_PLAYER} ${t}` : j === 1 ? ARABIC_PLAYER : `Player ${t}-${j}`,
        category: 'Batter',
        basePrice: 20 * DOLLARS,
        set: '',
        extra: {},
        retained: { teamId: team.id, price: (20 + j * 5) * DOLLARS },
      })),
    );
    const open: Lot[] = teams.flatMap((_, t) =>
      [0, 1].map((j) => ({
        id: `A${t}-${j}`,
        name: `Auction ${t}-${j}`,
        category: 'Bowler',
        basePrice: 20 * DOLLARS,
        set: '',
        extra: {},
      })),
    );
    const config = makeConfig({
      name: 'Mega League Auction',
      teams,
      lots: [...kept, ...open],
      rules: {
        currency: 'USD',
        moneyStyle: 'standard',
        purse: 1000 * DOLLARS,
        minimumPrice: 10 * DOLLARS,
        increments: { kind: 'fixed', step: 5 * DOLLARS },
        squadMax: 8,
        lotOpenMs: 300_000,
        gapMs: 1_000,
      },
    });
    const { host: h, pages } = await web.start(config);
    const admin = await h.admin();
    await ok(admin.send('auction:start', {}));
    // Each auction lot goes to its team by a floor bid, then the hammer; the gap is skipped by the clock.
    for (const [t] of teams.entries()) {
      for (const j of [0, 1]) {
        const lotId = `A${t}-${j}`;
        if (h.host.room.state.current?.lotId !== lotId) throw new Error(`expected ${lotId} open`);
        await ok(
          admin.send('bid:floor', {
            bidId: `floor-${lotId}`,
            lotId,
            teamId: `T${t + 1}`,
            amount: (30 + t + j * 7) * DOLLARS,
          }),
        );
        await ok(admin.send('lot:hammer', {}));
        if (h.host.room.state.status !== 'finished') await h.clock.advance(1_000);
      }
    }
    expect(h.host.room.state.status).toBe('finished');
    const page = await pages.open('projector', joinUrl(h, null, 'projector'), 'projector');
    await byTestId(page, 'projector-finished').waitFor();
    expect(await byTestId(page, 'summary-player').count()).toBe(count * 8);

    const problems: string[] = [];
    for (const size of SIZES) {
      await page.setViewportSize(size);
      const m = await page.evaluate<Measure>(`(${MEASURE})(${size.width})`);
      const fits = m.size[1] <= m.viewport[1];
      console.log(
        `summary of ${count} teams at ${size.width}×${size.height}: ${fits ? 'fits' : `scrolls to ${m.size[1]} px`}`,
      );
      // Only 10 teams at 1920×1080 must fit one screen; the rest may scroll, never sideways.
      const mustFit = count <= 10 && size.width === 1920;
      problems.push(
        ...layoutProblems(m, size, `summary of ${count}`).filter(
          (problem) => mustFit || !/taller than the screen|below the screen/.test(problem),
        ),
      );
      await saveScreenshot(page, `projector-summary-${count}-teams-${size.width}x${size.height}`);
    }
    await page.setViewportSize(SIZES[0]);
    if (problems.length > 0) throw new Error(`the summary's layout:\n${problems.join('\n')}`);
    pages.assertNoErrors();
  });
});

// ---------------------------------------------------------------- layout, measured in the page

interface Measure {
  viewport: [number, number];
  /** The page's scroll size. */
  size: [number, number];
  /** Elements that must be read whole, with their boxes. */
  boxes: { id: string; text: string; left: number; right: number; top: number; bottom: number }[];
  /** Money or names cut off by their tile or card. */
  clipped: string[];
}

/**
 * Measured once the page has its new size and its layout has settled: frame after frame until two
 * measurements in a row agree (fonts sized in vw follow a resize a few frames late), at most 120
 * frames. Counted in frames, never a wait in time.
 */
const MEASURE = `(width) => new Promise((resolve) => {
  let frames = 0;
  let last = '';
  const step = () => {
    frames += 1;
    const m = measure();
    const key = JSON.stringify(m);
    if ((innerWidth !== width || key !== last) && frames < 120) {
      last = key;
      return requestAnimationFrame(step);
    }
    resolve(m);
  };
  // Finite animations end first (the high bid's flash scales it): their own promises, never a time.
  Promise.all(
    document.getAnimations()
      .filter((a) => a.effect?.getTiming().iterations !== Infinity)
      .map((a) => a.finished.catch(() => undefined)),
  ).then(() => requestAnimationFrame(step));
  const measure = () => {
  const doc = document.documentElement;
  const ids = ['high-bid', 'leader', 'lot-name', 'projector-outcome', 'sold-to', 'sold-amount', 'team-row',
    'projector-paused', 'projector-rtm', 'projector-correction', 'rtm-panel', 'player-photo', 'player-initials',
    'projector-up-next', 'summary-top-buys', 'league-name', 'projector-soon'];
  const boxes = [];
  for (const id of ids) {
    for (const el of document.querySelectorAll('[data-testid="' + id + '"]')) {
      const r = el.getBoundingClientRect();
      if (r.width === 0 && r.height === 0) continue;
      boxes.push({ id, text: el.textContent.trim().slice(0, 40), left: r.left, right: r.right, top: r.top, bottom: r.bottom });
    }
  }
  const clipped = [];
  for (const id of ['team-purse-left', 'team-max-bid', 'sold-amount', 'high-bid', 'summary-spent']) {
    for (const el of document.querySelectorAll('[data-testid="' + id + '"]')) {
      // Against its own box (which clips with an ellipsis) and its tile or card: the whole amount shows.
      for (const box of [el.parentElement, el.closest('[data-testid="team-row"]') ?? document.querySelector('[data-testid="projector"]')]) {
      const r = el.getBoundingClientRect();
      const b = box.getBoundingClientRect();
      if (r.right > b.right + 0.5 || r.left < b.left - 0.5) clipped.push(id + ' "' + el.textContent + '" (' + [r.left, r.right, b.left, b.right].map(Math.round).join(', ') + ')');
      }
    }
  }
  return {
    viewport: [innerWidth, innerHeight],
    size: [Math.max(doc.scrollWidth, document.body.scrollWidth), Math.max(doc.scrollHeight, document.body.scrollHeight)],
    boxes,
    clipped,
  };
  };
})`;

/**
 * At each size: nothing wider than the screen, no amount cut off, every box that
 * must be read inside the screen's width; on the big screens the whole projector
 * on one screen (no scrolling). Then a screenshot of it.
 */
async function checkEverySize(page: Page, state: string): Promise<void> {
  const problems: string[] = [];
  for (const size of SIZES) {
    await page.setViewportSize(size);
    const m = await page.evaluate<Measure>(`(${MEASURE})(${size.width})`);
    problems.push(...layoutProblems(m, size, state));
    await saveScreenshot(page, `projector-${state}-${size.width}x${size.height}`);
  }
  await page.setViewportSize(SIZES[0]);
  if (problems.length > 0) throw new Error(`the projector's layout:\n${problems.join('\n')}`);
}

function layoutProblems(m: Measure, size: Size, state: string): string[] {
  const label = `${state} at ${size.width}×${size.height}`;
  const [vw, vh] = m.viewport;
  const [width, height] = m.size;
  const isPhone = size.width < 800;
  const problems: string[] = [];
  if (vw !== size.width || vh !== size.height) problems.push(`${label}: the viewport is ${vw}×${vh}`);
  if (width > vw) problems.push(`${label}: the page is ${width - vw} px wider than the screen`);
  if (!isPhone && height > vh) problems.push(`${label}: the page is ${height - vh} px taller than the screen`);
  for (const box of m.boxes) {
    if (box.left < -0.5 || box.right > vw + 0.5) {
      problems.push(`${label}: ${box.id} "${box.text}" spans ${Math.round(box.left)}–${Math.round(box.right)} px`);
    }
    if (!isPhone && box.bottom > vh + 0.5) {
      problems.push(`${label}: ${box.id} "${box.text}" ends ${Math.round(box.bottom - vh)} px below the screen`);
    }
  }
  for (const item of m.clipped) problems.push(`${label}: ${item} is cut off`);
  return problems;
}

// ---------------------------------------------------------------- helpers

async function ok(pending: ReturnType<GavelClient['send']>): Promise<void> {
  const ack = await pending;
  if (!ack.ok) throw new Error(`the host refused: ${ack.error.message}`);
}

async function statLines(page: Page): Promise<string[][]> {
  return byTestId(page, 'player-stat').evaluateAll((rows) =>
    rows.map((row) => [...row.querySelectorAll('dt, dd')].map((cell) => cell.textContent?.trim() ?? '')),
  );
}

function lotIds(rows: Element[]): string[] {
  return rows.map((row) => row.getAttribute('data-lot-id') ?? '');
}

/** A small PNG portrait: a head and shoulders on a blue ground, so the screenshot reads as a photo. */
function portrait(width: number, height: number): Buffer {
  const rows: Buffer[] = [];
  for (let y = 0; y < height; y += 1) {
    const row = Buffer.alloc(1 + width * 3);
    for (let x = 0; x < width; x += 1) {
      const dx = (x - width / 2) / width;
      const head = dx * dx + ((y - height * 0.38) / height) ** 2 < 0.028;
      const body = y > height * 0.62 && Math.abs(dx) < 0.42 - (height - y) / height / 2;
      const [r, g, b] = head ? [224, 186, 150] : body ? [30, 90, 200] : [40, 60 + (y * 80) / height, 110];
      row.set([r, g, b], 1 + x * 3);
    }
    rows.push(row);
  }
  const chunk = (type: string, data: Buffer): Buffer => {
    const head = Buffer.alloc(8);
    head.writeUInt32BE(data.length, 0);
    head.write(type, 4, 'ascii');
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
    return Buffer.concat([head, data, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 2, 0, 0, 0], 8);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(Buffer.concat(rows))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}
