import { describe, expect, it } from 'vitest';
import { validateConfig } from '../../../shared/auction/config';
import { describeIssue, parseLotsCsv, parseRulesJson } from '../../../shared/catalog';
import { checkDuration, formatDuration, parseDuration } from '../../../shared/catalog/durations';
import { PRESETS } from '../../../shared/catalog/presets';

function errorsOf(json: unknown): { field: string; message: string }[] {
  const result = parseRulesJson(JSON.stringify(json));
  if (result.ok) throw new Error('expected errors');
  return result.errors;
}

describe('rules files and durations', () => {
  it('[CFG4] a duration carries its unit: "25s", "5m", "1500ms", "1.5s"', () => {
    expect(parseDuration('25s', 'lotOpenMs')).toEqual({ ok: true, ms: 25_000 });
    expect(parseDuration('5m', 'lotOpenMs')).toEqual({ ok: true, ms: 300_000 });
    expect(parseDuration('1500ms', 'gapMs')).toEqual({ ok: true, ms: 1500 });
    expect(parseDuration(' 1.5 s ', 'gapMs')).toEqual({ ok: true, ms: 1500 });
    expect(parseDuration('2 minutes', 'lotOpenMs')).toEqual({ ok: true, ms: 120_000 });
    expect(parseDuration('0s', 'gapMs')).toEqual({ ok: true, ms: 0 });
  });

  it('[CFG4] a bare number, a number without a unit or an unknown unit is refused, saying how to write it', () => {
    expect(parseDuration(25, 'lotOpenMs')).toEqual({ ok: false, error: 'needs a unit: write "25s", "25ms" or "25m"' });
    expect(parseDuration('25', 'lotOpenMs')).toEqual({
      ok: false,
      error: 'needs a unit: write "25s", "25ms" or "25m"',
    });
    expect(parseDuration('25h', 'lotOpenMs')).toEqual({ ok: false, error: '"h" is not a unit; use ms, s or m' });
    expect(parseDuration('-5s', 'lotOpenMs').ok).toBe(false);
    expect(parseDuration('soon', 'lotOpenMs').ok).toBe(false);
    expect(parseDuration({ s: 5 }, 'lotOpenMs').ok).toBe(false);
    expect(parseDuration('9'.repeat(400) + 's', 'lotOpenMs').ok).toBe(false);
  });

  it('[CFG4] a value below its floor is refused with the reason', () => {
    expect(parseDuration('25ms', 'lotOpenMs')).toEqual({
      ok: false,
      error: 'must be at least 5s: a lot shorter than 5s closes before bidders on phones have read its name',
    });
    expect(checkDuration(4_999, 'nominateMs').ok).toBe(false);
    expect(checkDuration(500, 'gapMs')).toMatchObject({
      ok: false,
      error: expect.stringMatching(/^must be at least 1s/),
    });
    expect(checkDuration(0, 'gapMs').ok).toBe(true);
    expect(checkDuration(0, 'lotOpenMs').ok).toBe(false);
    expect(checkDuration(300, 'graceMs').ok).toBe(true);
    expect(checkDuration(11_000, 'graceMs')).toEqual({ ok: false, error: 'must be at most 10s' });
    expect([25_000, 300_000, 1500, 0].map(formatDuration)).toEqual(['25s', '5m', '1500ms', '0s']);
  });

  it('[CFG4] the issue\'s "lotOpenMs": 25 is refused instead of making 25 ms lots', () => {
    expect(errorsOf({ preset: 'ipl', lotOpenMs: 25 })).toEqual([
      { field: 'lotOpenMs', message: 'needs a unit: write "25s", "25ms" or "25m"' },
    ]);
    expect(errorsOf({ preset: 'fantasy', order: { mode: 'nominate', nominateMs: '2s' } })).toEqual([
      { field: 'order.nominateMs', message: expect.stringMatching(/^must be at least 5s/) },
    ]);
  });

  it('[CFG5] every error of the file comes in one pass: fields, unknown names and those between fields', () => {
    const errors = errorsOf({ preset: 'ipl', colour: 'red', lotOpenMs: 25, squadMin: 30, squadMax: 20, rounds: 50 });
    expect(errors).toEqual([
      { field: 'colour', message: 'is not a setting Gavel knows' },
      { field: 'lotOpenMs', message: 'needs a unit: write "25s", "25ms" or "25m"' },
      { field: 'rounds', message: 'must be a positive integer between 1 and 20' },
      { field: 'squadMin', message: 'must not exceed rules.squadMax' },
    ]);
  });

  it('[CFG5] a check between fields is left out when one of its fields could not be read', () => {
    const errors = errorsOf({ preset: 'fantasy', squadMin: 16, squadMax: 'many' });
    expect(errors.map((e) => e.field)).toEqual(['squadMax']);
  });

  it('[QUO1] quotas in a rules file: an attribute without a value counts yes; each bad quota is named', () => {
    const result = parseRulesJson(
      JSON.stringify({
        preset: 'ipl',
        quotas: [
          { attribute: 'overseas', max: 2 },
          { category: 'Wicketkeeper', min: 1 },
        ],
      }),
    );
    expect(result.ok && result.rules.quotas).toEqual([
      { attribute: 'overseas', value: 'yes', max: 2 },
      { category: 'Wicketkeeper', min: 1 },
    ]);
    expect(
      errorsOf({ preset: 'ipl', quotas: [{ category: 'Wicketkeeper' }, { attribute: 'x', max: 1, min: 2 }] }),
    ).toEqual([{ field: 'quotas[0]', message: 'must set a max, a min or both' }]);
    expect(errorsOf({ preset: 'ipl', quotas: { overseas: 2 } })).toEqual([
      { field: 'quotas', message: expect.stringMatching(/^must be a list/) },
    ]);
  });

  it('[QUO5] the league sheet of the issue: overseas and country are attributes, and the ipl quota counts them', () => {
    const csv = [
      'id,name,category,role,overseas,country,base_price,set',
      'P1,Keeper One,Wicketkeeper,Keeper,Yes,Australia,2 Cr,Marquee',
      'P2,Bat Two,Batter,Opener,No,India,1 Cr,Marquee',
      'P3,Bowl Three,Bowler,Pace,y,England,50 L,Pace',
    ].join('\n');
    const read = parseLotsCsv(csv, PRESETS.ipl);
    if (!read.ok) throw new Error(read.errors.map(describeIssue).join('\n'));
    expect(read.lots[0]).toMatchObject({
      id: 'P1',
      category: 'Wicketkeeper',
      extra: { role: 'Keeper', overseas: 'Yes', country: 'Australia' },
    });
    const rules = parseRulesJson(
      JSON.stringify({
        preset: 'ipl',
        quotas: [
          { attribute: 'overseas', max: 2 },
          { category: 'wicketkeeper', min: 1 },
        ],
      }),
    );
    if (!rules.ok) throw new Error('rules refused');
    const teams = [{ id: 'T1', name: 'One', short: 'ONE', purse: rules.rules.purse }];
    expect(
      validateConfig({ name: 'League', rules: rules.rules, teams, lots: read.lots }, { complete: true }),
    ).toBeNull();
    // The issue's rules file: a category quota on what is a column is an error at the start, with the fix.
    const wrong = parseRulesJson(JSON.stringify({ preset: 'ipl', categoryQuotas: { overseas: 2, wicketkeeper: 1 } }));
    if (!wrong.ok) throw new Error('rules refused');
    expect(
      validateConfig({ name: 'League', rules: wrong.rules, teams, lots: read.lots }, { complete: true })?.message,
    ).toBe(
      'rules.categoryQuotas["overseas"] counts no lot: no lot in the catalog is "overseas"; "overseas" is a column: count it with { "attribute": "overseas", "value": "yes" } in quotas',
    );
  });
});
