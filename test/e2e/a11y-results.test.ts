import { describe, it } from 'vitest';
import { makeConfig, makeLot } from '../helpers/builders';
import { A11yWalk, WALK_TIMEOUT_MS } from './support/a11y';
import { byTestId, expectGone, expectScreen, expectText, waitUntil } from './support/browser';
import { joinUrl, teamCode } from './support/host';
import { useWebHost } from './support/web-host';

/**
 * Issue 17's walk of Results: the auctioneer's and a team's, at three sizes,
 * on screen and as printed, each saved as `results-<state>-<size>.png` and
 * checked with axe (no serious violation). A team prints its own squad sheet;
 * the auctioneer prints every team's.
 */

const CONFIG = makeConfig({
  name: 'Walk League',
  teams: [
    { id: 'T1', name: 'Mumbai Mavericks', short: 'MUM', purse: 100_000 },
    { id: 'T2', name: 'Chennai Chargers', short: 'CHE', purse: 100_000 },
    { id: 'T3', name: 'Kolkata Knights', short: 'KOL', purse: 100_000 },
  ],
  lots: [
    makeLot(1, { name: 'Rohan Kapoor', category: 'batter', retained: { teamId: 'T1', price: 5_000 } }),
    makeLot(2, { name: 'Jos Buttler', category: 'batter', extra: { overseas: 'Yes' } }),
    makeLot(3, { name: 'Rashid Khan', category: 'bowler', extra: { overseas: 'Yes' } }),
    makeLot(4, { name: 'Nobody Wanted', category: 'keeper' }),
  ],
  rules: { currency: 'USD', moneyStyle: 'standard', purse: 100_000, squadMin: 0, squadMax: 4, gapMs: 2_000 },
});

type Ack = { ok: true } | { ok: false; error: { code: string; message: string } };
async function ok(ack: Promise<Ack>): Promise<void> {
  const result = await ack;
  if (!result.ok) throw new Error(`refused: ${result.error.code}: ${result.error.message}`);
}

describe('accessibility walk: Results', { timeout: WALK_TIMEOUT_MS }, () => {
  const web = useWebHost();

  it('the results of a finished auction, on screen and on paper, for the auctioneer and for a team', async () => {
    const walk = new A11yWalk();
    const { host: h, pages } = await web.start(CONFIG);
    const admin = await h.admin();
    const buyers = { T1: await h.team('T1'), T2: await h.team('T2') };
    await ok(admin.send('auction:start', {}));
    for (const [teamId, amount] of [
      ['T2', 250],
      ['T1', 120],
    ] as const) {
      const lotId = h.host.room.state.current?.lotId;
      if (!lotId) throw new Error('no open lot');
      await ok(buyers[teamId].placeBid(lotId, amount));
      await ok(admin.send('lot:hammer', {}));
      await h.clock.advance(CONFIG.rules.gapMs + 1);
    }
    await ok(admin.send('purse:adjust', { teamId: 'T2', delta: -10_000, reason: 'late squad list' }));
    await ok(admin.send('sale:correct', { lotId: 'L2', amount: 200, reason: 'misheard bid' }));
    await ok(admin.send('lot:skip', {}));
    if (h.host.room.state.status !== 'finished') throw new Error('the auction should be over');

    const desk = await pages.open('results', joinUrl(h, h.host.joinCodes.admin, 'results'), 'console');
    await expectScreen(desk, 'results');
    await expectText(byTestId(byTestId(desk, 'results-team', { 'team-id': 'T2' }), 'results-adjustment'), /late squad/);
    await walk.look(desk, 'results', 'auctioneer');
    await desk.emulateMedia({ media: 'print' });
    await expectGone(byTestId(desk, 'results-team').first());
    await waitUntil(
      async () => (await byTestId(desk, 'squad-sheet').count()) === 3,
      () => 'a squad sheet for each of the three teams',
    );
    await walk.look(desk, 'results', 'print-all', ['laptop'], { fullPage: true, media: 'print' });
    await desk.emulateMedia({ media: 'screen' });

    // A team's phone: every team on screen, only its own squad on paper.
    const phone = await pages.open('chennai', joinUrl(h, teamCode(h, 'T2'), 'results'), 'phone');
    await expectScreen(phone, 'results');
    await expectText(byTestId(phone, 'print-sheets'), 'Print my squad sheet');
    await walk.look(phone, 'results', 'team', undefined, { fullPage: true });
    await phone.emulateMedia({ media: 'print' });
    await expectGone(byTestId(phone, 'results-team').first());
    await waitUntil(
      async () => {
        const sheets = byTestId(phone, 'squad-sheet');
        return (await sheets.count()) === 1 && (await sheets.first().getAttribute('data-team-id')) === 'T2';
      },
      () => "only Chennai's own squad sheet on paper",
    );
    await walk.look(phone, 'results', 'print-team', ['phone'], { fullPage: true, media: 'print' });

    walk.save('results');
    walk.assertNoSerious();
    pages.assertNoErrors();
  });
});
