import { describe, expect, it } from 'vitest';
import { validateConfig } from '../../../shared/auction/config';
import type { AuctionRules } from '../../../shared/auction/types';
import {
  describeIssue,
  describeRulesIssue,
  parseLotsCsv,
  parseRulesJson,
  parseTeamsCsv,
  type ImportIssue,
  type LotsImport,
  type TeamsImport,
} from '../../../shared/catalog';
import { PRESETS, LAKH_PAISE, CRORE_PAISE } from '../../../shared/catalog/presets';

const ipl = PRESETS.ipl;
const usd: AuctionRules = PRESETS.fantasy;

function lots(text: string, rules: AuctionRules = ipl) {
  const result: LotsImport = parseLotsCsv(text, rules);
  if (!result.ok) throw new Error(result.errors.map(describeIssue).join('\n'));
  return result;
}

function lotErrors(text: string, rules: AuctionRules = ipl): ImportIssue[] {
  const result = parseLotsCsv(text, rules);
  if (result.ok) throw new Error('expected errors');
  return result.errors;
}

function teams(text: string, rules: AuctionRules = ipl) {
  const result: TeamsImport = parseTeamsCsv(text, rules);
  if (!result.ok) throw new Error(result.errors.map(describeIssue).join('\n'));
  return result;
}

function teamErrors(text: string, rules: AuctionRules = ipl): ImportIssue[] {
  const result = parseTeamsCsv(text, rules);
  if (result.ok) throw new Error('expected errors');
  return result.errors;
}

describe('describeIssue', () => {
  it('names the row and the column the way a spreadsheet shows them', () => {
    expect(describeIssue({ row: 7, column: 'base_price', message: '"12x" is not an amount' })).toBe(
      'row 7, column "base_price": "12x" is not an amount',
    );
    expect(describeIssue({ row: 3, column: '', message: 'x' })).toBe('row 3: x');
    expect(describeIssue({ row: 0, column: '', message: 'too large' })).toBe('file: too large');
  });
});

describe('parseLotsCsv', () => {
  it('reads lots, generating ids and keeping unknown columns as extra', () => {
    const { lots: result, warnings } = lots(
      'name,category,base_price,set,country\nAsha Rao,domestic,50 L,Batters,Kerala\nB. Lindqvist,overseas,2 Cr,Marquee,\n',
    );
    expect(warnings).toEqual([]);
    expect(result).toEqual([
      {
        id: 'L001',
        name: 'Asha Rao',
        category: 'domestic',
        basePrice: 50 * LAKH_PAISE,
        set: 'Batters',
        extra: { country: 'Kerala' },
      },
      {
        id: 'L002',
        name: 'B. Lindqvist',
        category: 'overseas',
        basePrice: 2 * CRORE_PAISE,
        set: 'Marquee',
        extra: { country: '' },
      },
    ]);
  });

  it('accepts headers in any case and with aliases, and defaults category and set', () => {
    const { lots: result } = lots('Player,Base Price (₹),Notes\nX,20 L,left-handed\n');
    expect(result[0]).toEqual({
      id: 'L001',
      name: 'X',
      category: '',
      basePrice: 20 * LAKH_PAISE,
      set: '',
      extra: { Notes: 'left-handed' },
    });
    const aliased = lots('ID,PLAYER,ROLE,RESERVE,POOL\nP9,Y,Bowler,30 L,Pace\n').lots[0];
    expect(aliased).toMatchObject({ id: 'P9', name: 'Y', category: 'Bowler', basePrice: 30 * LAKH_PAISE, set: 'Pace' });
  });

  it('prefers the canonical column over an alias: category wins, role goes to extra', () => {
    const lot = lots('name,role,category,base\nX,Batter,overseas,1 Cr\n').lots[0];
    expect(lot?.category).toBe('overseas');
    expect(lot?.extra).toEqual({ role: 'Batter' });
  });

  it('reports a bad amount with its spreadsheet row and column', () => {
    const text = ['name,base_price', 'A,20 L', 'B,30 L', 'C,40 L', 'D,50 L', 'E,60 L', 'F,12x'].join('\n');
    const errors = lotErrors(text);
    expect(errors).toHaveLength(1);
    expect(describeIssue(errors[0]!)).toMatch(/^row 7, column "base_price": "12x" is not an amount/);
  });

  it('counts rows as a spreadsheet does, across blank lines and multi-line cells', () => {
    const errors = lotErrors('name,base\n"two\nlines",1 L\n\nC,oops\n');
    expect(errors[0]).toMatchObject({ row: 4, column: 'base' });
  });

  it('collects every error, not just the first', () => {
    const errors = lotErrors('id,name,base_price\nA,,20 L\nA,Y,\nB,Z,-5\nC,W,0\n');
    expect(errors.map(describeIssue)).toEqual([
      'row 2, column "name": the name is empty',
      'row 3, column "id": id "A" is already used on row 2',
      'row 3, column "base_price": the base price is empty',
      'row 4, column "base_price": "-5" is negative; amounts cannot be below zero',
      'row 5, column "base_price": must be more than zero',
    ]);
  });

  it('treats ids case-insensitively and never generates an id the file uses', () => {
    expect(lotErrors('id,name,base\nL7,A,1 L\nl7,B,1 L\n')[0]?.message).toMatch(/already used on row 2/);
    const result = lots('id,name,base\n,A,1 L\nL001,B,1 L\n,C,1 L\n').lots;
    expect(result.map((lot) => lot.id)).toEqual(['L002', 'L001', 'L003']);
  });

  it('warns about a duplicate name (two lots may share one) but accepts it', () => {
    const { lots: result, warnings } = lots('name,base\nBottle of wine,1 L\nBottle of wine,1 L\n');
    expect(result).toHaveLength(2);
    expect(warnings.map(describeIssue)).toEqual(['row 3, column "name": "Bottle of wine" is also the name on row 2']);
  });

  it('requires the name and base price columns, naming the accepted aliases', () => {
    const errors = lotErrors('player_name,category\nX,y\n');
    expect(errors.map((e) => e.message)).toEqual([expect.stringMatching(/no "base_price" column.*base, reserve/)]);
    expect(lotErrors('title,price\n')[0]?.message).toMatch(/no lots below the header/);
    expect(lotErrors('')[0]?.message).toMatch(/empty/);
    expect(lotErrors('\n\n')[0]?.message).toMatch(/empty/);
  });

  it('refuses a column that appears twice and a prototype-polluting header', () => {
    expect(lotErrors('name,base,Name\nx,1 L,y\n')[0]).toMatchObject({
      row: 1,
      column: 'Name',
      message: expect.stringMatching(/twice/),
    });
    expect(lotErrors('name,base,__proto__\nx,1 L,y\n')[0]?.message).toMatch(/not allowed/);
  });

  it('skips blank rows (including rows of empty cells from Excel) and warns about stray cells', () => {
    const { lots: result, warnings } = lots('name,base,,\nA,1 L,,\n,,,\nB,1 L,,oops\n');
    expect(result.map((lot) => lot.name)).toEqual(['A', 'B']);
    expect(warnings.map(describeIssue)).toEqual([
      'row 1, column "#4": has no name in the first row; its cells are ignored',
    ]);
    const extra = lots('name,base\nA,1 L,stray\n').warnings;
    expect(extra.map(describeIssue)).toEqual([
      'row 2: has more cells than the first row has columns; the extra cells are ignored',
    ]);
  });

  it('neutralises formula-like text with a warning, but leaves numbers alone', () => {
    const { lots: result, warnings } = lots("name,base,category,set,note\n=cmd|' /C calc'!A0,1 L,+overseas,@pool,-5\n");
    expect(result[0]).toMatchObject({
      name: "'=cmd|' /C calc'!A0",
      category: "'+overseas",
      set: "'@pool",
      extra: { note: '-5' },
    });
    expect(warnings.map((w) => `${w.row}:${w.column}`)).toEqual(['2:name', '2:category', '2:set']);
    expect(warnings[0]?.message).toMatch(/looks like a spreadsheet formula/);
    expect(lots('name,base,n\nX,1 L,+44\n').lots[0]?.extra).toEqual({ n: '+44' });
  });

  it('turns line breaks inside a name into spaces and drops control characters', () => {
    const lot = lots('name,base\n"Asha\r\nRao\u0000\u0007",1 L\n').lots[0];
    expect(lot?.name).toBe('Asha Rao');
  });

  it('refuses a name longer than the engine accepts, and a huge field outright', () => {
    expect(lotErrors(`name,base\n${'n'.repeat(201)},1 L\n`)[0]?.message).toMatch(/201 characters.*200/);
    expect(lotErrors(`name,base\nX,1 L\n${'n'.repeat(10_000)},1 L\n`)[0]).toMatchObject({
      row: 3,
      column: '#1',
      message: expect.stringMatching(/too long/),
    });
  });

  it('passes on CSV syntax errors with their position', () => {
    const errors = lotErrors('name,base\n"unclosed,1 L\n');
    expect(errors[0]).toMatchObject({ row: 2, column: '#1', message: expect.stringMatching(/never closed/) });
  });

  it('refuses more rows than the limit', () => {
    const text = 'name,base\n' + 'x,1 L\n'.repeat(5000);
    expect(lotErrors(text)[0]?.message).toMatch(/too many rows/);
  });

  it('reads amounts in the rules currency and catches a foreign one', () => {
    expect(lots('name,base\nSigned bat,$250\n', usd).lots[0]?.basePrice).toBe(25_000);
    expect(lotErrors('name,base\nSigned bat,€250\n', usd)[0]?.message).toMatch(/in USD/);
    expect(lotErrors('name,base\nX,1.999\n', usd)[0]?.message).toMatch(/decimal places/);
  });

  it('warns when a lakh-style price is a bare small number, and when a price exceeds the purse', () => {
    const { warnings } = lots('name,base\nA,20\nB,200 Cr\nC,20 L\n');
    expect(warnings.map(describeIssue)).toEqual([
      'row 2, column "base": 20 is read as ₹20; for lakh write "20 L", for crore "20 Cr"',
      'row 3, column "base": ₹200 Cr is more than a team\'s purse (₹120 Cr); nobody can buy this lot',
    ]);
  });

  it('produces lots the engine accepts', () => {
    const { lots: result } = lots('name,base,category,set\nA,1 L,overseas,S1\nB,2 Cr,,\n');
    expect(validateConfig({ name: 'x', rules: ipl, teams: [], lots: result })).toBeNull();
  });

  it('reads semicolon-separated files from European Excel', () => {
    expect(lots('name;base\nLot;€200\n', { ...usd, currency: 'EUR' }).lots[0]?.basePrice).toBe(20_000);
  });
});

describe('parseTeamsCsv', () => {
  it('reads teams, generating ids, short names and purses', () => {
    const { teams: result, warnings } = teams('name\nHarbour Hawks\nMonsoon Mariners\nGranite\n');
    expect(warnings).toEqual([]);
    expect(result).toEqual([
      { id: 'T1', name: 'Harbour Hawks', short: 'HH', purse: ipl.purse },
      { id: 'T2', name: 'Monsoon Mariners', short: 'MM', purse: ipl.purse },
      { id: 'T3', name: 'Granite', short: 'GRA', purse: ipl.purse },
    ]);
  });

  it('keeps derived short names unique, also against the ones the file gives', () => {
    const result = teams('team,code\nHarbour Hawks,\nHighland Herons,\nHill House,HH3\nHeron Hollow,\n').teams;
    expect(result.map((team) => team.short)).toEqual(['HH', 'HH2', 'HH3', 'HH4']);
  });

  it('reads a purse per team and checks it covers the squad', () => {
    const result = teams('Team Name,Budget\nA,100 Cr\nB,\n').teams;
    expect(result.map((team) => team.purse)).toEqual([100 * CRORE_PAISE, ipl.purse]);
    const errors = teamErrors('name,purse\nA,3 Cr\nB,lots\n');
    expect(errors.map(describeIssue)).toEqual([
      'row 2, column "purse": ₹3 Cr is too small: a team must be able to fill its squad of 18 at ₹20 L each (₹3.6 Cr)',
      'row 3, column "purse": "lots" is not an amount',
    ]);
  });

  it('refuses duplicate ids, names and short names', () => {
    const errors = teamErrors('id,name,short\nT1,Hawks,HK\nt1,hawks,hk\n');
    expect(errors.map(describeIssue)).toEqual([
      'row 3, column "id": id "t1" is already used on row 2',
      'row 3, column "name": "hawks" is already a team on row 2',
      'row 3, column "short": short name "hk" is already used on row 2',
    ]);
  });

  it('requires a name, limits the short name and ignores unknown columns with a warning', () => {
    expect(teamErrors('name\n""\n')[0]?.message).toMatch(/no teams below the header/);
    expect(teamErrors('name,short\n,X\n')[0]?.message).toMatch(/team name is empty/);
    expect(teamErrors('name,short\nA,ABCDEFGHIJK\n')[0]?.message).toMatch(/limit is 10/);
    const { warnings } = teams('name,colour\nA,red\n');
    expect(warnings.map(describeIssue)).toEqual([
      'row 1, column "colour": is not a team column Gavel knows; it is ignored',
    ]);
  });

  it('neutralises a formula in a team name', () => {
    const { teams: result, warnings } = teams('name\n@SUM(1+1)*cmd\n');
    expect(result[0]?.name).toBe("'@SUM(1+1)*cmd");
    expect(result[0]?.short).toBe('S11C');
    expect(warnings).toHaveLength(1);
  });

  it('produces teams the engine accepts', () => {
    const { teams: result } = teams('name,short,purse\nA,,50 Cr\nB,BB,\n');
    expect(validateConfig({ name: 'x', rules: ipl, teams: result, lots: [] })).toBeNull();
  });
});

describe('parseRulesJson', () => {
  it('reads complete rules', () => {
    // [CFG4] durations carry their unit in a file.
    const written = { ...PRESETS.charity, lotOpenMs: '1m', bidExtendMs: '15s', graceMs: '300ms', gapMs: '5s' };
    const result = parseRulesJson(JSON.stringify(written));
    expect(result).toEqual({ ok: true, rules: PRESETS.charity });
  });

  it('merges partial rules onto a named preset, with friendly money and durations', () => {
    const result = parseRulesJson(
      JSON.stringify({
        preset: 'ipl',
        purse: '100 Cr',
        squadMax: 20,
        lotOpenMs: '45s',
        gapMs: '1.5s',
        categoryQuotas: { overseas: 6, uncapped: { max: 4 } },
        order: 'catalog',
      }),
    );
    expect(result.ok && result.rules).toEqual({
      ...PRESETS.ipl,
      purse: 100 * CRORE_PAISE,
      squadMax: 20,
      lotOpenMs: 45_000,
      gapMs: 1500,
      categoryQuotas: { overseas: { max: 6 }, uncapped: { max: 4 } },
      order: { mode: 'catalog' },
    });
  });

  it('merges onto a base given by the caller, and reads increments in any form', () => {
    const fixed = parseRulesJson('{"increments": "$5"}', PRESETS.fantasy);
    expect(fixed.ok && fixed.rules.increments).toEqual({ kind: 'fixed', step: 500 });
    const slabs = parseRulesJson(
      '{"increments": {"kind": "slabs", "slabs": [{"upTo": "$10", "step": 100}, {"upTo": null, "step": "$2"}]}}',
      PRESETS.fantasy,
    );
    expect(slabs.ok && slabs.rules.increments).toEqual({
      kind: 'slabs',
      slabs: [
        { upTo: 1000, step: 100 },
        { upTo: null, step: 200 },
      ],
    });
    const nominate = parseRulesJson('{"order": {"mode": "nominate", "nominateMs": "1m"}}', PRESETS.ipl);
    expect(nominate.ok && nominate.rules.order).toEqual({ mode: 'nominate', nominateMs: 60_000 });
  });

  it('reports every bad field by name', () => {
    const result = parseRulesJson(
      JSON.stringify({
        preset: 'ipl',
        pursee: 5,
        squadMin: -1,
        lotOpenMs: 'soon',
        moneyStyle: 'crore',
        purse: '12x',
        categoryQuotas: { overseas: 'eight' },
        order: { mode: 'random' },
      }),
    );
    expect(result.ok).toBe(false);
    expect(!result.ok && result.errors.map((e) => e.field)).toEqual([
      'pursee',
      'moneyStyle',
      'purse',
      'squadMin',
      'lotOpenMs',
      'categoryQuotas.overseas',
      'order.mode',
    ]);
  });

  it('describes an issue in one line', () => {
    expect(describeRulesIssue({ field: 'purse', message: '"12x" is not an amount' })).toBe(
      'purse: "12x" is not an amount',
    );
    expect(describeRulesIssue({ field: '', message: 'Not JSON.' })).toBe('Not JSON.');
  });

  it('lists missing fields when there is no preset to start from', () => {
    const result = parseRulesJson('{"currency": "USD", "purse": 100}');
    expect(!result.ok && result.errors[0]).toEqual({
      field: 'moneyStyle',
      message: expect.stringMatching(/missing.*preset/),
    });
  });

  it('checks the rules together, as the engine does', () => {
    const result = parseRulesJson('{"preset": "fantasy", "squadMin": 16}');
    expect(!result.ok && result.errors).toEqual([{ field: 'squadMin', message: 'must not exceed rules.squadMax' }]);
    const slabs = parseRulesJson('{"preset":"fantasy","increments":{"kind":"slabs","slabs":[{"upTo":5,"step":1}]}}');
    expect(!slabs.ok && slabs.errors[0]?.field).toBe('increments.slabs[0].upTo');
  });

  it('refuses bad JSON, a non-object, an unknown preset and a huge file', () => {
    expect(parseRulesJson('{purse: 1}')).toMatchObject({
      ok: false,
      errors: [{ field: '', message: expect.stringMatching(/not valid JSON/) }],
    });
    expect(parseRulesJson('[1]')).toMatchObject({
      ok: false,
      errors: [{ message: expect.stringMatching(/JSON object/) }],
    });
    expect(parseRulesJson('{"preset": "nfl"}')).toMatchObject({
      ok: false,
      errors: [{ field: 'preset', message: expect.stringMatching(/ipl, fantasy, charity/) }],
    });
    expect(parseRulesJson(' '.repeat(100_001))).toMatchObject({ ok: false });
  });

  it('is not fooled by __proto__ keys', () => {
    const result = parseRulesJson(
      '{"preset": "ipl", "__proto__": {"purse": 1}, "categoryQuotas": {"__proto__": {"max": 1}}}',
    );
    expect(result.ok).toBe(false);
    expect(!result.ok && result.errors.map((e) => e.field)).toContain('__proto__');
    expect(({} as Record<string, unknown>)['purse']).toBeUndefined();
  });
});
