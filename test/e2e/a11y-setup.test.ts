import { describe, it } from 'vitest';
import { makeConfig } from '../helpers/builders';
import { A11yWalk, type SizeName } from './support/a11y';
import { byTestId, expectScreen, expectText, waitUntil } from './support/browser';
import { joinUrl, teamCode } from './support/host';
import { useWebHost } from './support/web-host';

/**
 * Issue 17's walk of the screens before an auction: Home at every size (a
 * phone is where most people join), and Setup on a laptop and a wall screen,
 * each state saved as `<screen>-<state>-<size>.png` and checked with axe (no
 * serious violation). Home's resumable auctions exist only in the desktop app
 * (`window.gavel`); the desktop project's tests show them.
 */

const DESK: readonly SizeName[] = ['laptop', 'wall'];
/** Row 3 has no name, row 4 a purse that is not money. */
const BAD_TEAMS_CSV = 'name,short,purse\nAlpha Club,ALP,100 Cr\n,BET,100 Cr\nGamma Guild,GAM,lots\n';

describe('accessibility walk: Home and Setup', () => {
  const web = useWebHost();

  it('Home: empty, an incomplete form, a refused code and earlier joins', async () => {
    const walk = new A11yWalk();
    const { host: h, pages } = await web.start(makeConfig({ name: 'Walk League', teams: 2, lots: 2 }));
    const home = await pages.open('home', joinUrl(h, null), 'phone');
    await expectScreen(home, 'home');
    await byTestId(home, 'join-code').waitFor();
    await walk.look(home, 'home', 'empty');

    await byTestId(home, 'join-submit').click();
    await byTestId(home, 'join-form-error').waitFor();
    await walk.look(home, 'home', 'incomplete');

    await byTestId(home, 'join-code').fill('NOPE-NOPE');
    await byTestId(home, 'join-submit').click();
    await expectText(byTestId(home, 'join-error'), /not valid/);
    await walk.look(home, 'home', 'refused');

    // A team that joined and left finds its join again on Home.
    await byTestId(home, 'join-code').fill(teamCode(h, 'T1'));
    await byTestId(home, 'join-submit').click();
    await expectScreen(home, 'bidder');
    await byTestId(home, 'leave').click();
    await byTestId(home, 'leave-confirm-confirm').click();
    await expectScreen(home, 'home');
    await byTestId(home, 'recent-joins').waitFor();
    await walk.look(home, 'home', 'recent');

    walk.save('home');
    walk.assertNoSerious();
    pages.assertNoErrors();
  });

  it('Setup: empty, the demo league, a CSV with errors, and the quota and right-to-match fields', async () => {
    const walk = new A11yWalk();
    const { host: h, pages } = await web.start(makeConfig({ name: 'Empty League', teams: 0, lots: 0 }));
    const setup = await pages.open('setup', joinUrl(h, h.host.joinCodes.admin), 'console');
    await expectScreen(setup, 'setup');
    await walk.look(setup, 'setup', 'empty', DESK);

    await byTestId(setup, 'setup-demo').click();
    await waitUntil(
      async () => (await byTestId(setup, 'setup-team-row').count()) === 8,
      () => 'the demo league to list 8 teams',
    );
    await walk.look(setup, 'setup', 'demo', DESK);

    await byTestId(setup, 'csv-file-teams').setInputFiles({
      name: 'teams.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(BAD_TEAMS_CSV),
    });
    const teamsImport = byTestId(setup, 'csv-import-teams');
    await expectText(byTestId(teamsImport, 'csv-error-count'), /^2 problems/);
    await walk.look(setup, 'setup', 'csv-error', DESK, { locator: teamsImport });

    await byTestId(setup, 'setup-rtm-cards').fill('1');
    await byTestId(setup, 'setup-rtm-cards').blur();
    await byTestId(setup, 'setup-quota-add').click();
    await waitUntil(
      async () => (await byTestId(setup, 'setup-quota-row').count()) === 2,
      () => 'a second quota row',
    );
    // A category no lot has: the problem line names it.
    await byTestId(byTestId(setup, 'setup-quota-row').nth(1), 'setup-quota-name').fill('Goalkeeper');
    await byTestId(byTestId(setup, 'setup-quota-row').nth(1), 'setup-quota-name').press('Tab');
    await byTestId(setup, 'setup-problem').waitFor();
    await walk.look(setup, 'setup', 'rules', DESK, { locator: byTestId(setup, 'setup-quotas') });
    await walk.look(setup, 'setup', 'rules-page', DESK, { fullPage: true });

    walk.save('setup');
    walk.assertNoSerious();
    pages.assertNoErrors();
  });
});
