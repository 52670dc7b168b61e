import type { Page } from 'playwright-core';
import { describe, it } from 'vitest';
import type { AuctionConfig } from '../../shared/auction/types';
import { DEFAULT_RULES } from '../helpers/builders';
import { byTestId, expectScreen, expectText, waitUntil } from './support/browser';
import { DOLLARS, joinUrl, teamCode } from './support/host';
import { useWebHost } from './support/web-host';

/**
 * Every screen with hostile data: ids named like Object.prototype members,
 * names that look alike, detail names that become the same label, very long
 * right-to-left text, emoji, and two teams reusing one bidId. Before, the
 * duplicate bidId and the look-alike details threw Svelte's
 * each_key_duplicate: open screens froze and new ones stayed on "Joining".
 */

const RTL = 'مزاد اللاعبين الكبير '.repeat(9).trim().slice(0, 190);
const EMOJI = '🏏🔥 Ⓜ️👨‍👩‍👧‍👦';

const CONFIG: AuctionConfig = {
  name: `${EMOJI} ${RTL}`.slice(0, 200),
  rules: {
    ...DEFAULT_RULES,
    currency: 'USD',
    purse: 1000 * DOLLARS,
    squadMax: 10,
    lotOpenMs: 600_000,
    bidExtendMs: 30_000,
    categoryQuotas: { constructor: { max: 3 }, toString: { max: 2 } },
  },
  teams: [
    { id: 'constructor', name: 'Team A', short: 'A', purse: 1000 * DOLLARS },
    { id: 'toString', name: 'Team A ', short: 'A ', purse: 1000 * DOLLARS },
    { id: 'hasOwnProperty', name: `${RTL}`, short: '🏏🏏🏏', purse: 1000 * DOLLARS },
    { id: '__lookupGetter__', name: `Team\u00a0A ${EMOJI}`, short: 'A', purse: 1000 * DOLLARS },
  ],
  lots: [
    {
      id: 'valueOf',
      name: `${RTL} ${EMOJI}`.slice(0, 200),
      category: 'constructor',
      basePrice: 100,
      set: 'toString',
      extra: {
        batting_style: 'l',
        'batting-style': 'r',
        'batting style': 'x',
        constructor: 'c',
        toString: RTL,
        emoji: EMOJI,
      },
    },
    { id: 'isPrototypeOf', name: 'Lot two', category: 'toString', basePrice: 100, set: '', extra: {} },
    { id: 'propertyIsEnumerable', name: 'Lot two ', category: 'constructor', basePrice: 100, set: '', extra: {} },
  ],
};

describe('every screen with hostile data', () => {
  const web = useWebHost();

  async function historyRows(page: Page): Promise<number> {
    return byTestId(page, 'bid-history-row').count();
  }

  it('setup, console (join sheet, audit log), bidder, projector and results render, and keep rendering, with no error', async () => {
    const { host: h, pages } = await web.start(CONFIG);
    const setup = await pages.open('setup', joinUrl(h, h.host.joinCodes.admin), 'console');
    await expectScreen(setup, 'setup');

    const admin = await h.admin();
    const started = await admin.send('auction:start', {});
    if (!started.ok) throw new Error(started.error.message);
    // Open before the bids: must follow them.
    const consoleBefore = await pages.open('console', joinUrl(h, h.host.joinCodes.admin, 'console'), 'console');
    await expectScreen(consoleBefore, 'console');
    const projectorBefore = await pages.open('projector', joinUrl(h, null, 'projector'), 'projector');
    await expectScreen(projectorBefore, 'projector');

    // Two teams reuse one bidId; both bids stand (a bidId is its sender's own).
    const a = await h.team('constructor');
    const b = await h.team('toString');
    for (const [client, amount, bidId] of [
      [a, 100, 'same-bid-id'],
      [b, 200, 'same-bid-id'],
      [a, 300, 'a-second-bid'],
    ] as const) {
      const res = await client.placeBid('valueOf', amount, bidId);
      if (!res.ok) throw new Error(res.error.message);
    }
    await waitUntil(
      async () => (await historyRows(consoleBefore)) === 3,
      async () => `console lists ${await historyRows(consoleBefore)} bids, not 3`,
    );

    // Opened during the lot, after the bids: must not stay on "Joining".
    const bidder = await pages.open('bidder', joinUrl(h, teamCode(h, 'hasOwnProperty')), 'phone');
    await expectScreen(bidder, 'bidder');
    await expectText(byTestId(bidder, 'lot-name'), CONFIG.lots[0]?.name.replace(/\s+/g, ' ').trim() ?? '');
    const projector = await pages.open('projector-late', joinUrl(h, null, 'projector'), 'projector');
    await expectScreen(projector, 'projector');
    await expectText(byTestId(projectorBefore, 'lot-name'), CONFIG.lots[0]?.name.replace(/\s+/g, ' ').trim() ?? '');
    const consoleLate = await pages.open('console-late', joinUrl(h, h.host.joinCodes.admin, 'console'), 'console');
    await expectScreen(consoleLate, 'console');
    await waitUntil(
      async () => (await historyRows(consoleLate)) === 3,
      async () => `the late console lists ${await historyRows(consoleLate)} bids, not 3`,
    );

    // The join sheet and the audit log list the same hostile names.
    await byTestId(consoleLate, 'toggle-join-codes').click();
    await waitUntil(
      // One card per team, and the spectators'.
      async () => (await byTestId(consoleLate, 'join-card').count()) === CONFIG.teams.length + 1,
      async () => `${await byTestId(consoleLate, 'join-card').count()} join cards`,
    );
    await byTestId(consoleLate, 'toggle-audit-log').click();
    await waitUntil(
      async () => (await byTestId(consoleLate, 'audit-row', { type: 'bid:accepted' }).count()) === 3,
      async () => `${await byTestId(consoleLate, 'audit-row', { type: 'bid:accepted' }).count()} bids in the audit log`,
    );

    // Sold, then the next lot and a results page for each role.
    const hammered = await admin.send('lot:hammer', {});
    if (!hammered.ok) throw new Error(hammered.error.message);
    await h.clock.advance(CONFIG.rules.gapMs + 1);
    await waitUntil(
      () => h.host.room.state.current?.lotId === 'isPrototypeOf',
      () => 'the next lot did not open',
    );
    await expectText(byTestId(bidder, 'lot-name'), 'Lot two');
    await expectText(byTestId(projector, 'lot-name'), 'Lot two');
    const results = await pages.open('results', joinUrl(h, teamCode(h, 'constructor'), 'results'), 'console');
    await expectScreen(results, 'results');
    pages.assertNoErrors();
  });
});
