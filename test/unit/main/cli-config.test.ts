import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { describePurses, loadConfig, parseCliArgs } from '../../../main/host/cli';
import { CRORE_PAISE } from '../../../shared/catalog/presets';

const dirs: string[] = [];
afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

/** The issue's league: 6 teams of ₹100 Cr, the players' sheet laid out the way leagues keep it. */
async function league(rules: string): Promise<string[]> {
  const dir = await mkdtemp(join(tmpdir(), 'gavel-cli-config-'));
  dirs.push(dir);
  const teams = ['name,short,purse', ...[1, 2, 3, 4, 5, 6].map((i) => `Team ${i},T${i},100 Cr`)].join('\n');
  const lots = [
    'id,name,category,role,overseas,country,base_price,set',
    'P1,Keeper One,Wicketkeeper,Keeper,Yes,Australia,2 Cr,Marquee',
    'P2,Bat Two,Batter,Opener,No,India,1 Cr,Marquee',
    'P3,Bowl Three,Bowler,Pace,No,India,50 L,Pace',
  ].join('\n');
  await writeFile(join(dir, 'teams.csv'), teams);
  await writeFile(join(dir, 'lots.csv'), lots);
  await writeFile(join(dir, 'rules.json'), rules);
  return ['--teams', join(dir, 'teams.csv'), '--lots', join(dir, 'lots.csv'), '--rules', join(dir, 'rules.json')];
}

describe('the CLI reads a league', () => {
  it("[CFG6] the banner prints the teams' purses, not the preset's", async () => {
    const config = await loadConfig(parseCliArgs([...(await league('{"preset": "ipl"}')), '--no-journal']));
    expect(config.rules.purse).toBe(120 * CRORE_PAISE);
    expect(describePurses(config)).toBe('purse ₹100 Cr');
    const uneven = {
      ...config,
      teams: config.teams.map((team, i) => (i === 0 ? { ...team, purse: 90 * CRORE_PAISE } : team)),
    };
    expect(describePurses(uneven)).toBe('purses ₹90 Cr to ₹100 Cr');
  });

  it('[QUO5] a quota that counts nothing in the sheet stops the CLI with the quota named', async () => {
    const args = await league('{"preset": "ipl", "categoryQuotas": {"overseas": 2, "wicketkeeper": 1}}');
    await expect(loadConfig(parseCliArgs(args))).rejects.toThrow(
      /rules\.categoryQuotas\["overseas"\] counts no lot.*"overseas" is a column/,
    );
    const fixed = await league(
      '{"preset": "ipl", "quotas": [{"attribute": "overseas", "max": 2}, {"category": "wicketkeeper", "min": 1}]}',
    );
    const config = await loadConfig(parseCliArgs(fixed));
    expect(config.rules.quotas).toHaveLength(2);
  });

  it("[CFG5] a rules file's errors come all at once, one a line", async () => {
    const args = await league('{"preset": "ipl", "lotOpenMs": 25, "colour": "red", "squadMin": 30, "squadMax": 20}');
    const error = await loadConfig(parseCliArgs(args)).then(
      () => null,
      (err: unknown) => (err instanceof Error ? err.message : String(err)),
    );
    expect(error).toMatch(/^The rules file has errors:\n/);
    expect(
      error
        ?.split('\n')
        .slice(1)
        .map((line) => line.replace(/^ {2}\S+: /, '')),
    ).toEqual([
      'colour: is not a setting Gavel knows',
      'lotOpenMs: needs a unit: write "25s", "25ms" or "25m"',
      'squadMin: must not exceed rules.squadMax',
    ]);
  });
});
