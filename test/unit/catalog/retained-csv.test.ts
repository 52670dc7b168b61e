import { describe, expect, it } from 'vitest';
import { validateConfig } from '../../../shared/auction/config';
import { parseLotsCsv } from '../../../shared/catalog';
import { PRESETS, LAKH_PAISE, CRORE_PAISE } from '../../../shared/catalog/presets';
import { makeConfig } from '../../helpers/builders';

const rules = PRESETS.ipl;

describe('[RET1] retained players from the lots CSV', () => {
  it('reads retained_by and retained_price as a retention', () => {
    const csv = [
      'id,name,category,base_price,retained_by,retained_price',
      'P1,Virat,batter,2 Cr,RCB,21 Cr',
      'P2,Rohit,batter,2 Cr,,',
      'P3,Bumrah,bowler,2 Cr,MI,18 Cr',
    ].join('\n');
    const parsed = parseLotsCsv(csv, rules);
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
    expect(parsed.lots.map((lot) => lot.retained ?? null)).toEqual([
      { teamId: 'RCB', price: 21 * CRORE_PAISE },
      null,
      { teamId: 'MI', price: 18 * CRORE_PAISE },
    ]);
    // not an extra column
    expect(parsed.lots[0]?.extra).toEqual({});
  });

  it('wants both columns of a row or neither, and a price it can read', () => {
    const csv = ['name,base_price,retained_by,retained_price', 'A,20 L,RCB,', 'B,20 L,,50 L', 'C,20 L,RCB,lots'].join(
      '\n',
    );
    const parsed = parseLotsCsv(csv, rules);
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.errors.map((e) => [e.row, e.column])).toEqual([
      [2, 'retained_by'],
      [3, 'retained_price'],
      [4, 'retained_price'],
    ]);
    expect(parsed.errors[0]?.message).toMatch(/retained_price is empty/);
  });

  it('a retention naming no team is refused by the config, not silently dropped', () => {
    const parsed = parseLotsCsv('name,base_price,retained_by,retained_price\nA,20 L,constructor,50 L', rules);
    if (!parsed.ok) throw new Error('parse');
    const config = makeConfig({ lots: parsed.lots, rules: { ...rules, purse: 100 * CRORE_PAISE } });
    expect(validateConfig(config)?.message).toMatch(/names no team "constructor"/);
    expect(LAKH_PAISE).toBeGreaterThan(0);
  });
});
