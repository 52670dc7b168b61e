import { describe, expect, it } from 'vitest';
import { IPL_SLABS, makeConfig, makeLot } from '../helpers/builders';
import { A11yWalk, formatFinding, runAxe, WALK_TIMEOUT_MS, type Finding, type SizeName } from './support/a11y';
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
const FILLED = makeConfig({
  name: 'Walk League',
  teams: 4,
  lots: [
    makeLot(1, { name: 'Jos Buttler', category: 'Batter', extra: { overseas: 'yes', country: 'England' } }),
    makeLot(2, { name: 'Rashid Khan', category: 'Bowler', extra: { overseas: 'yes', country: 'Afghanistan' } }),
    makeLot(3, { name: 'Virat Kohli', category: 'Batter', rtmTeamId: 'T1', extra: { overseas: 'no' } }),
    makeLot(4, { name: 'Rishabh Pant', category: 'Wicketkeeper', retained: { teamId: 'T3', price: 500 } }),
  ],
  rules: { currency: 'USD', increments: IPL_SLABS, quotas: [{ attribute: 'overseas', value: 'yes', max: 2 }] },
});
/** Row 3 has no name, row 4 a purse that is not money. */
const BAD_TEAMS_CSV = 'name,short,purse\nAlpha Club,ALP,100 Cr\n,BET,100 Cr\nGamma Guild,GAM,lots\n';

describe('accessibility walk: Home and Setup', { timeout: WALK_TIMEOUT_MS }, () => {
  const web = useWebHost();

  it('the check runs under the page CSP and names a planted violation by rule, selector and summary', async () => {
    const { host: h, pages } = await web.start(makeConfig({ teams: 2, lots: 2 }));
    const home = await pages.open('home', joinUrl(h, null), 'phone');
    await expectScreen(home, 'home');
    await home.evaluate(() => {
      const button = document.createElement('button');
      button.id = 'planted';
      button.style.cssText = 'color: #ddd; background: #fff';
      button.textContent = 'Faint';
      document.querySelector('main')?.append(button);
    });
    const findings = await runAxe(home, 'planted');
    const contrast = findings.find((finding) => finding.rule === 'color-contrast');
    expect(contrast?.impact).toBe('serious');
    expect(contrast?.targets).toContain('#planted');
    expect(formatFinding(contrast as Finding)).toMatch(
      /^planted: \[serious\] color-contrast \(.+\) at #planted: .*insufficient color contrast/,
    );
    pages.assertNoErrors();
  });

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

  it('Setup: empty', async () => {
    const walk = new A11yWalk();
    const { host: h, pages } = await web.start(makeConfig({ name: 'Empty League', teams: 0, lots: 0 }));
    const setup = await pages.open('setup', joinUrl(h, h.host.joinCodes.admin), 'console');
    await expectScreen(setup, 'setup');
    await walk.look(setup, 'setup', 'empty', DESK);
    walk.save('setup-empty');
    walk.assertNoSerious();
    pages.assertNoErrors();
  });

  it('Setup: teams and players, a CSV with errors, and the quota and right-to-match fields', async () => {
    const walk = new A11yWalk();
    const { host: h, pages } = await web.start(FILLED);
    const setup = await pages.open('setup', joinUrl(h, h.host.joinCodes.admin), 'console');
    await expectScreen(setup, 'setup');
    await waitUntil(
      async () => (await byTestId(setup, 'setup-team-row').count()) === 4,
      () => 'four teams in the table',
    );
    await walk.look(setup, 'setup', 'filled', DESK, { fullPage: true });

    await byTestId(setup, 'csv-file-teams').setInputFiles({
      name: 'teams.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(BAD_TEAMS_CSV),
    });
    const teamsImport = byTestId(setup, 'csv-import-teams');
    await expectText(byTestId(teamsImport, 'csv-error-count'), /^2 problems/);
    await walk.look(setup, 'setup', 'csv-error', DESK, { locator: teamsImport });
    await teamsImport.getByRole('button', { name: 'Discard' }).click();

    // Right to match on, a team with its own cards, and a quota on a category no lot has.
    await byTestId(setup, 'setup-rtm-cards').fill('1');
    await byTestId(setup, 'setup-rtm-cards').blur();
    await byTestId(setup, 'setup-team-rtm-T2').fill('2');
    await byTestId(setup, 'setup-team-rtm-T2').blur();
    await byTestId(setup, 'setup-quota-add').click();
    await waitUntil(
      async () => (await byTestId(setup, 'setup-quota-row').count()) === 2,
      () => 'a second quota row',
    );
    const added = byTestId(byTestId(setup, 'setup-quota-row').nth(1), 'setup-quota-name');
    await added.fill('Goalkeeper');
    await added.press('Tab');
    await byTestId(setup, 'setup-problem').waitFor();
    await walk.look(setup, 'setup', 'rules', DESK, { fullPage: true });

    walk.save('setup');
    walk.assertNoSerious();
    pages.assertNoErrors();
  });
});
