import { describe, expect, it } from 'vitest';
import { validateConfig } from '../../../shared/auction/config';
import { parseLotsCsv, parseRulesJson, parseTeamsCsv } from '../../../shared/catalog';
import { PRESETS } from '../../../shared/catalog/presets';
import { makeConfig } from '../../helpers/builders';

const rules = PRESETS.ipl;

describe('[RTM1] [RTM2] right to match from the CSVs', () => {
  it('[RTM2] reads a lot’s previous team (rtm_team or previous_team) as its RTM team', () => {
    for (const header of ['rtm_team', 'previous_team', 'Previous Team']) {
      const csv = [`id,name,category,base_price,${header}`, 'P1,Virat,batter,2 Cr,RCB', 'P2,Rohit,batter,2 Cr,'].join(
        '\n',
      );
      const parsed = parseLotsCsv(csv, rules);
      if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
      expect(
        parsed.lots.map((lot) => lot.rtmTeamId ?? null),
        header,
      ).toEqual(['RCB', null]);
      expect(parsed.lots[0]?.extra).toEqual({});
    }
  });

  it('[RTM2] a previous team that is no team is an error of the whole config, naming the lot', () => {
    const parsed = parseLotsCsv('name,base_price,rtm_team\nA,20 L,XYZ', rules);
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
    const config = makeConfig({ lots: parsed.lots });
    expect(validateConfig(config)?.message).toBe('lots[0].rtmTeamId names no team "XYZ"');
  });

  it('[RTM1] reads a team’s own rtm_cards, blank for the rules’ default, and refuses what is not 0–50', () => {
    const parsed = parseTeamsCsv('id,name,rtm_cards\nRCB,Bangalore,2\nMI,Mumbai,', rules);
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
    expect(parsed.teams.map((team) => team.rtmCards ?? null)).toEqual([2, null]);
    const bad = parseTeamsCsv('id,name,rtm_cards\nRCB,Bangalore,two\nMI,Mumbai,51\nCSK,Chennai,-1', rules);
    expect(bad.ok).toBe(false);
    if (bad.ok) return;
    expect(bad.errors.map((error) => error.row)).toEqual([2, 3, 4]);
    expect(bad.errors[0]?.message).toBe('"two" is not a number of RTM cards (0 to 50)');
  });
});

describe('[RTM1] [RTM4] right to match in a rules file', () => {
  it('reads rtmCards and a decision clock written with its unit', () => {
    const parsed = parseRulesJson(JSON.stringify({ preset: 'ipl', rtmCards: 2, rtmDecisionMs: '45s' }));
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
    expect(parsed.rules).toMatchObject({ rtmCards: 2, rtmDecisionMs: 45_000 });
  });

  it('refuses a bare number, a clock under 5 s and too many cards, all in one pass', () => {
    const bare = parseRulesJson(JSON.stringify({ preset: 'ipl', rtmCards: 99, rtmDecisionMs: 30 }));
    expect(bare.ok).toBe(false);
    if (bare.ok) return;
    expect(bare.errors.map((error) => error.field).sort()).toEqual(['rtmCards', 'rtmDecisionMs']);
    const short = parseRulesJson(JSON.stringify({ preset: 'ipl', rtmDecisionMs: '2s' }));
    expect(short.ok).toBe(false);
    if (short.ok) return;
    expect(short.errors[0]?.message).toContain('right-to-match decision shorter than 5s');
  });
});
