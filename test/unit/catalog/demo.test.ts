import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { validateConfig } from '../../../shared/auction/config';
import {
  decodeCsvBytes,
  demoLeague,
  describeIssue,
  parseLotsCsv,
  parseTeamsCsv,
  PRESETS,
} from '../../../shared/catalog';

function fixture(name: string): string {
  const bytes = readFileSync(fileURLToPath(new URL(`../../fixtures/${name}`, import.meta.url)));
  const decoded = decodeCsvBytes(new Uint8Array(bytes));
  if (!decoded.ok) throw new Error(decoded.error);
  return decoded.text;
}

describe('demoLeague', () => {
  const demo = demoLeague();

  it('has 8 teams and 60 lots with unique ids and names, on the ipl preset', () => {
    expect(demo.rules).toEqual(PRESETS.ipl);
    expect(demo.teams).toHaveLength(8);
    expect(demo.lots).toHaveLength(60);
    for (const list of [demo.teams, demo.lots]) {
      expect(new Set(list.map((item) => item.id)).size).toBe(list.length);
      expect(new Set(list.map((item) => item.name.toLowerCase())).size).toBe(list.length);
    }
    expect(new Set(demo.teams.map((team) => team.short)).size).toBe(8);
  });

  it('is a valid configuration for the engine', () => {
    expect(validateConfig(demo)).toBeNull();
  });

  it('groups players in sets with categories, roles and base prices at or above the minimum', () => {
    expect([...new Set(demo.lots.map((lot) => lot.set))]).toEqual([
      'Marquee',
      'Batters',
      'Bowlers',
      'All-rounders',
      'Wicketkeepers',
      'Uncapped',
    ]);
    // [QUO1] the role is the category; overseas an attribute the ipl preset's quota counts.
    expect(new Set(demo.lots.map((lot) => lot.category))).toEqual(
      new Set(['Batter', 'Bowler', 'All-rounder', 'Wicketkeeper']),
    );
    for (const lot of demo.lots) {
      expect(lot.basePrice).toBeGreaterThanOrEqual(demo.rules.minimumPrice);
      expect(lot.extra['overseas']).toMatch(/^(Yes|No)$/);
    }
    expect(validateConfig(demo, { complete: true })).toBeNull();
  });

  it('returns a fresh copy each time', () => {
    expect(demoLeague()).toEqual(demo);
    expect(demoLeague().lots).not.toBe(demo.lots);
  });

  it('matches the CSV fixtures exactly, so the two never drift', () => {
    const teams = parseTeamsCsv(fixture('demo-teams.csv'), demo.rules);
    const lots = parseLotsCsv(fixture('demo-lots.csv'), demo.rules);
    if (!teams.ok) throw new Error(teams.errors.map(describeIssue).join('\n'));
    if (!lots.ok) throw new Error(lots.errors.map(describeIssue).join('\n'));
    expect(teams.warnings).toEqual([]);
    expect(lots.warnings).toEqual([]);
    expect(teams.teams).toEqual(demo.teams);
    expect(lots.lots).toEqual(demo.lots);
  });
});
