import { describe, it } from 'vitest';
import { makeConfig, makeLot } from '../helpers/builders';
import { A11yWalk, WALK_TIMEOUT_MS, type SizeName } from './support/a11y';
import { byTestId, expectAttribute, expectGone, expectScreen, expectText, waitUntil } from './support/browser';
import { joinUrl, teamCode } from './support/host';
import { useWebHost } from './support/web-host';

/**
 * Issue 17's walk of the auctioneer's console and the projector through one
 * auction, and of the console, a team's turn and the bidders in nomination
 * mode: each state saved as `<screen>-<state>-<size>.png` and checked with
 * axe (no serious violation). The console is a laptop's screen (1366x768 and
 * 1920x1080; a phone is not where an auction is run), the projector a wall's
 * (1920x1080, and a laptop driving a projector at 1366x768).
 */

const DESK: readonly SizeName[] = ['laptop', 'wall'];
const GAP_MS = 2_000;
const CONFIG = makeConfig({
  name: 'Walk League',
  teams: [
    { id: 'T1', name: 'Mumbai Mavericks', short: 'MUM', purse: 100_000 },
    { id: 'T2', name: 'Chennai Chargers', short: 'CHE', purse: 100_000 },
    { id: 'T3', name: 'Kolkata Knights', short: 'KOL', purse: 100_000 },
    { id: 'T4', name: 'Delhi Dashers', short: 'DEL', purse: 100_000 },
  ],
  lots: [
    makeLot(1, { name: 'Jos Buttler', category: 'batter', extra: { overseas: 'Yes', role: 'Batter' } }),
    makeLot(2, { name: 'Rashid Khan', category: 'bowler', extra: { overseas: 'Yes', role: 'Bowler' } }),
    makeLot(3, { name: 'Virat Kohli', category: 'batter', rtmTeamId: 'T1', extra: { role: 'Batter' } }),
    makeLot(4, { name: 'Rishabh Pant', category: 'keeper', extra: { role: 'Wicketkeeper' } }),
  ],
  rules: {
    currency: 'USD',
    moneyStyle: 'standard',
    purse: 100_000,
    squadMin: 0,
    squadMax: 4,
    quotas: [{ attribute: 'overseas', value: 'yes', max: 2 }],
    increments: { kind: 'fixed', step: 10 },
    lotOpenMs: 300_000,
    bidExtendMs: 30_000,
    gapMs: GAP_MS,
    rtmCards: 1,
    rtmDecisionMs: 300_000,
  },
});

type Ack = { ok: true } | { ok: false; error: { code: string; message: string } };
async function ok(ack: Promise<Ack>): Promise<void> {
  const result = await ack;
  if (!result.ok) throw new Error(`refused: ${result.error.code}: ${result.error.message}`);
}

describe('accessibility walk: console and projector', { timeout: WALK_TIMEOUT_MS }, () => {
  const web = useWebHost();

  it('every state of the console and the projector through one auction has a screenshot and no serious axe violation', async () => {
    const walk = new A11yWalk();
    const { host: h, pages } = await web.start(CONFIG);
    const admin = await h.admin();
    const t1 = await h.team('T1');
    const t2 = await h.team('T2');
    const consolePage = await pages.open('console', joinUrl(h, h.host.joinCodes.admin, 'console'), 'console');
    const projector = await pages.open('projector', joinUrl(h, h.host.joinCodes.spectator), 'projector');
    const both = async (state: string): Promise<void> => {
      await walk.look(consolePage, 'console', state, DESK);
      await walk.look(projector, 'projector', state, DESK);
    };
    const status = byTestId(consolePage, 'console-status');
    const advanceTo = async (lotId: string): Promise<void> => {
      await h.clock.advance(GAP_MS + 1);
      await waitUntil(
        () => h.host.room.state.current?.lotId === lotId,
        () => `${lotId} opens`,
      );
      const name = CONFIG.lots.find((lot) => lot.id === lotId)?.name ?? lotId;
      for (const page of [consolePage, projector]) await expectText(byTestId(page, 'lot-name'), name);
    };

    // Before the start: the console with its join codes, the projector's waiting screen.
    await expectScreen(consolePage, 'console');
    await expectScreen(projector, 'projector');
    await byTestId(consolePage, 'join-sheet').waitFor();
    await both('setup');
    // Printed, the join sheet is the whole page.
    await consolePage.emulateMedia({ media: 'print' });
    await walk.look(consolePage, 'join-sheet', 'print', ['laptop'], { fullPage: true, media: 'print' });
    await consolePage.emulateMedia({ media: 'screen' });

    // Lot 1: bidding, then sold (the gap before the next lot).
    await ok(admin.send('auction:start', {}));
    await ok(t1.placeBid('L1', 100));
    await ok(t2.placeBid('L1', 110));
    await expectAttribute(byTestId(consolePage, 'leader'), 'data-team-id', 'T2');
    await expectAttribute(byTestId(projector, 'leader'), 'data-team-id', 'T2');
    await both('lot-open');
    await ok(admin.send('lot:hammer', {}));
    await expectAttribute(byTestId(consolePage, 'closed-lot'), 'data-outcome', 'sold');
    await expectAttribute(byTestId(projector, 'projector-outcome'), 'data-outcome', 'sold');
    await both('sold');

    // Lot 2: paused, then unsold.
    await advanceTo('L2');
    await ok(admin.send('auction:pause', {}));
    await expectAttribute(status, 'data-status', 'paused');
    await byTestId(projector, 'projector-paused').waitFor();
    await both('paused');
    await ok(admin.send('auction:resume', {}));
    await expectAttribute(status, 'data-status', 'running');
    await ok(admin.send('lot:skip', {}));
    await expectAttribute(byTestId(consolePage, 'closed-lot'), 'data-outcome', 'unsold');
    await expectAttribute(byTestId(projector, 'projector-outcome'), 'data-outcome', 'unsold');
    await both('unsold');

    // Lot 3: Chennai wins, Mumbai holds the right to match.
    await advanceTo('L3');
    await ok(t2.placeBid('L3', 100));
    await ok(admin.send('lot:hammer', {}));
    await byTestId(consolePage, 'rtm-action-use').waitFor();
    await byTestId(projector, 'rtm-title').waitFor();
    await both('rtm');
    await ok(t1.send('rtm:decline', { lotId: 'L3' }));
    await expectGone(byTestId(consolePage, 'rtm-panel'));

    // The auctioneer's dialogs and the audit log, in the gap.
    await byTestId(consolePage, 'correct-sale-L1').click();
    await byTestId(consolePage, 'correct').waitFor();
    await walk.look(consolePage, 'console', 'correct-dialog', DESK);
    await byTestId(consolePage, 'correct-cancel').click();
    await expectGone(byTestId(consolePage, 'correct'));
    await byTestId(byTestId(consolePage, 'team-row', { 'team-id': 'T1' }), 'team-adjust').click();
    const adjust = byTestId(consolePage, 'adjust');
    await adjust.waitFor();
    await byTestId(adjust, 'adjust-amount').fill('-5');
    await byTestId(adjust, 'adjust-reason').fill('late squad list');
    await walk.look(consolePage, 'console', 'adjust-dialog', DESK);
    await byTestId(adjust, 'adjust-cancel').click();
    await expectGone(adjust);
    await byTestId(consolePage, 'toggle-audit-log').click();
    await byTestId(consolePage, 'audit-row').first().waitFor();
    await byTestId(consolePage, 'audit-log').scrollIntoViewIfNeeded();
    await walk.look(consolePage, 'console', 'audit-log', DESK, { fullPage: true });
    await byTestId(consolePage, 'toggle-audit-log').click();
    await expectGone(byTestId(consolePage, 'audit-log'));

    // Lot 4, the last: sold, and the auction is over.
    await advanceTo('L4');
    await ok(t1.placeBid('L4', 100));
    await ok(admin.send('lot:hammer', {}));
    await byTestId(consolePage, 'console-finished').waitFor();
    await expectAttribute(byTestId(projector, 'projector'), 'data-status', 'finished');
    await both('finished');

    walk.save('console-projector');
    walk.assertNoSerious();
    pages.assertNoErrors();
  });

  it('nomination mode: the console while a team picks, the team on its turn and a rival waiting', async () => {
    const walk = new A11yWalk();
    const { host: h, pages } = await web.start(
      makeConfig({ ...CONFIG, rules: { ...CONFIG.rules, order: { mode: 'nominate', nominateMs: 300_000 } } }),
    );
    const admin = await h.admin();
    const consolePage = await pages.open('console', joinUrl(h, h.host.joinCodes.admin, 'console'), 'console');
    const picker = await pages.open('T1', joinUrl(h, teamCode(h, 'T1')), 'phone');
    const rival = await pages.open('T2', joinUrl(h, teamCode(h, 'T2')), 'phone');
    await expectScreen(consolePage, 'console');
    await ok(admin.send('auction:start', {}));
    await expectAttribute(byTestId(consolePage, 'console-nominating'), 'data-team-id', 'T1');
    await expectAttribute(byTestId(picker, 'bid-status'), 'data-state', 'your-nomination');
    await expectAttribute(byTestId(rival, 'bid-status'), 'data-state', 'nominating');
    await walk.look(consolePage, 'console', 'nominating', DESK);
    await walk.look(picker, 'bidder', 'your-nomination');
    await walk.look(rival, 'bidder', 'nominating');

    walk.save('nominating');
    walk.assertNoSerious();
    pages.assertNoErrors();
  });

  it('the accelerated round: next lot by hand, the undo question, a wish list and the pick of the unsold lots', async () => {
    const walk = new A11yWalk();
    const { host: h, pages } = await web.start(
      makeConfig({ ...CONFIG, rules: { ...CONFIG.rules, rounds: 2, pickUnsold: true, manualAdvance: true } }),
    );
    const admin = await h.admin();
    const t2 = await h.team('T2');
    const consolePage = await pages.open('console', joinUrl(h, h.host.joinCodes.admin, 'console'), 'console');
    const bidder = await pages.open('T2', joinUrl(h, teamCode(h, 'T2')), 'phone');
    const projector = await pages.open('projector', joinUrl(h, h.host.joinCodes.spectator), 'projector');
    await expectScreen(bidder, 'bidder');
    await ok(admin.send('auction:start', {}));

    // Sold, and the console waits for Next lot; the undo question.
    await ok(t2.placeBid('L1', 100));
    await ok(admin.send('lot:hammer', {}));
    await byTestId(consolePage, 'waiting-next').waitFor();
    await walk.look(consolePage, 'console', 'waiting-next', DESK);
    await byTestId(consolePage, 'control-undo').click();
    await byTestId(consolePage, 'undo').waitFor();
    await walk.look(consolePage, 'console', 'undo-dialog', DESK);
    await byTestId(consolePage, 'undo-cancel').click();
    await expectGone(byTestId(consolePage, 'undo'));

    // The other three go unsold; Chennai wishes for one back; the round ends on the pick.
    for (const lotId of ['L2', 'L3', 'L4']) {
      await ok(admin.send('lot:next', {}));
      await waitUntil(
        () => h.host.room.state.current?.lotId === lotId,
        () => `${lotId} opens`,
      );
      await ok(admin.send('lot:skip', {}));
      if (lotId === 'L2') {
        await byTestId(bidder, 'wish-L2').check();
        await waitUntil(
          () => h.host.room.state.wishlists?.['T2']?.includes('L2'),
          () => "Chennai's wish reaches the host",
        );
      }
    }
    await expectText(byTestId(consolePage, 'pick-wish-L2'), /wished by Chennai Chargers/);
    await byTestId(projector, 'projector-pick').waitFor();
    await walk.look(consolePage, 'console', 'pick', DESK);
    await walk.look(projector, 'projector', 'pick', DESK);
    await walk.look(bidder, 'bidder', 'wishlist', undefined, { fullPage: true });

    walk.save('accelerated');
    walk.assertNoSerious();
    pages.assertNoErrors();
  });
});
