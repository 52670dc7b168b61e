import { describe, it } from 'vitest';
import { makeConfig } from '../helpers/builders';
import {
  byTestId,
  expectAttribute,
  expectGone,
  expectScreen,
  expectText,
  expectValue,
  saveScreenshot,
  waitUntil,
} from './support/browser';
import { joinUrl } from './support/host';
import { useWebHost } from './support/web-host';

/**
 * Setup's duration fields and quota table, then the quota columns on the
 * console's board and the bidder's team card, in a real Chromium.
 */
describe('quotas and durations in Setup, and quota use on every screen', () => {
  const web = useWebHost();

  it('[CFG4] [QUO1] [QUO5] [QUO7] durations with units and floors, quotas by column and category, counts on the board and card', async () => {
    const { host: h, pages } = await web.start(makeConfig({ teams: 2, lots: 2 }));
    const admin = await pages.open('admin', joinUrl(h, h.host.joinCodes.admin), 'console');
    await expectScreen(admin, 'setup');
    await byTestId(admin, 'setup-demo').click();
    await byTestId(admin, 'setup-dirty').waitFor();

    // [QUO6] the ipl preset's overseas quota counts the overseas column.
    const row = byTestId(admin, 'setup-quota-row');
    await waitUntil(
      async () => (await row.count()) === 1,
      () => 'one quota row (the preset overseas maximum)',
    );
    await expectValue(byTestId(row.first(), 'setup-quota-kind'), 'attribute');
    await expectValue(byTestId(row.first(), 'setup-quota-name'), 'overseas');
    await expectValue(byTestId(row.first(), 'setup-quota-value'), 'yes');
    await expectValue(byTestId(row.first(), 'setup-quota-max'), '8');

    // [CFG4] a number without a unit is not read; below the floor it is refused with the reason.
    const lotOpen = byTestId(admin, 'setup-lot-open');
    await expectValue(lotOpen, '30s');
    await lotOpen.fill('25');
    await lotOpen.press('Tab');
    await expectText(byTestId(admin, 'setup-lot-open-error'), /needs a unit/);
    await lotOpen.fill('25ms');
    await lotOpen.press('Tab');
    await expectText(byTestId(admin, 'setup-lot-open-error'), /at least 5s/);
    await expectText(byTestId(admin, 'setup-problem'), /lotOpenMs: 25ms must be at least 5s/);
    await expectAttribute(byTestId(admin, 'setup-start'), 'disabled', '');
    await lotOpen.scrollIntoViewIfNeeded();
    await saveScreenshot(admin, 'setup-duration-floor');
    await lotOpen.fill('25s');
    await lotOpen.press('Tab');
    await expectGone(byTestId(admin, 'setup-lot-open-error'));
    await expectValue(lotOpen, '25s');

    // [QUO1] a wicketkeeper minimum; [QUO5] a name no lot has stops the start, naming the quota.
    await byTestId(admin, 'setup-quota-add').click();
    await waitUntil(
      async () => (await row.count()) === 2,
      () => 'a second quota row',
    );
    const keeper = row.nth(1);
    await byTestId(keeper, 'setup-quota-name').fill('Goalkeeper');
    await byTestId(keeper, 'setup-quota-name').press('Tab');
    await expectText(byTestId(admin, 'setup-problem'), /rules\.quotas\[1\] counts no lot/);
    await byTestId(keeper, 'setup-quota-name').fill('Wicketkeeper');
    await byTestId(keeper, 'setup-quota-name').press('Tab');
    await expectValue(byTestId(keeper, 'setup-quota-min'), '1');
    await expectGone(byTestId(admin, 'setup-problem'));
    await byTestId(admin, 'setup-quotas').scrollIntoViewIfNeeded();
    await saveScreenshot(admin, 'setup-quotas', { locator: byTestId(admin, 'setup-quotas') });

    // Started: the host runs the quotas and a 25 s lot.
    await byTestId(admin, 'setup-start').click();
    await expectScreen(admin, 'console');
    const rules = h.host.room.state.config.rules;
    if (rules.lotOpenMs !== 25_000) throw new Error(`lotOpenMs is ${rules.lotOpenMs}`);
    if (
      JSON.stringify(rules.quotas) !==
      JSON.stringify([
        { attribute: 'overseas', value: 'yes', max: 8 },
        { category: 'Wicketkeeper', min: 1 },
      ])
    ) {
      throw new Error(`the host runs quotas ${JSON.stringify(rules.quotas)}`);
    }

    // [QUO7] the console board has a column per quota for every team.
    await waitUntil(
      async () => (await byTestId(admin, 'team-quota').count()) === 16,
      () => '8 teams × 2 quota cells on the console board',
    );
    await expectText(byTestId(byTestId(admin, 'team-row', { 'team-id': 'T1' }), 'team-quota').nth(1), '0/min 1');
    await saveScreenshot(admin, 'console-quotas', { locator: byTestId(admin, 'team-board') });

    // The bidder's team card lists the same counts.
    const bidder = await pages.open('t1', joinUrl(h, h.host.joinCodes.teams['T1'] ?? ''), 'phone');
    await expectScreen(bidder, 'bidder');
    await waitUntil(
      async () => (await byTestId(bidder, 'my-quota').count()) === 2,
      () => 'two quota lines',
    );
    await expectText(byTestId(bidder, 'my-quota').first(), /overseas\s*0\/8/);
    await expectText(byTestId(bidder, 'my-quota').nth(1), /Wicketkeeper\s*0\/min 1/);
    await saveScreenshot(bidder, 'bidder-quotas', { locator: byTestId(bidder, 'my-team') });

    // The projector's purse tiles carry the same use (their look is the board's CSS).
    const projector = await pages.open('projector', joinUrl(h, h.host.joinCodes.spectator), 'projector');
    await expectScreen(projector, 'projector');
    await waitUntil(
      async () => (await byTestId(projector, 'team-quotas').count()) === 8,
      () => 'a quota line per tile',
    );
    await expectText(byTestId(projector, 'team-quotas').first(), 'overseas 0/8 · Wicketkeeper 0/min 1');
    await saveScreenshot(projector, 'projector-quotas');
    pages.assertNoErrors();
  });
});
