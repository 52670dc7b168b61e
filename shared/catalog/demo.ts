import type { AuctionConfig, Lot, Team } from '../auction/types';
import { LAKH_PAISE, presetRules } from './presets';

/**
 * The demo league shipped with Gavel: 8 teams and 60 players on the IPL
 * preset. Every name is invented; any likeness to a real player or team is an
 * accident. The same league lives as CSV in `test/fixtures/demo-teams.csv` and
 * `test/fixtures/demo-lots.csv`, and a unit test keeps the two identical.
 */

const TEAMS: readonly (readonly [name: string, short: string])[] = [
  ['Harbour Hawks', 'HH'],
  ['Monsoon Mariners', 'MM'],
  ['Granite Giants', 'GG'],
  ['Saffron Sparrows', 'SS'],
  ['Tidewater Tigers', 'TT'],
  ['Coral Coast Kites', 'CCK'],
  ['Lantern Lions', 'LL'],
  ['Velvet Vipers', 'VV'],
];

type Role = 'Batter' | 'Bowler' | 'All-rounder' | 'Wicketkeeper';
type Origin = 'overseas' | 'domestic';
/** Base price in lakh. */
type Player = readonly [name: string, category: Origin, role: Role, baseLakh: number];

/** Amounts in the table are in lakh: `L(50)` is ₹50 L, `CR(1.5)` is ₹1.5 Cr = 150 lakh. */
const L = (lakh: number): number => lakh;
const CR = (crore: number): number => crore * 100;

const SETS: readonly (readonly [set: string, players: readonly Player[]])[] = [
  [
    'Marquee',
    [
      ['Kiran Sandover', 'domestic', 'Batter', CR(2)],
      ['Tobias Wrenfield', 'overseas', 'Batter', CR(2)],
      ['Dev Anantharam', 'domestic', 'All-rounder', CR(2)],
      ['Marcus Okonjo-Reeve', 'overseas', 'All-rounder', CR(2)],
      ['Rohan Kestrel', 'domestic', 'Bowler', CR(2)],
      ['Liam Ashcombe', 'overseas', 'Bowler', CR(2)],
    ],
  ],
  [
    'Batters',
    [
      ['Aditya Rainsford', 'domestic', 'Batter', CR(1.5)],
      ['Callum Pettigrew', 'overseas', 'Batter', CR(1.5)],
      ['Varun Hollis', 'domestic', 'Batter', CR(1)],
      ['Jaden Mbeki-Stroud', 'overseas', 'Batter', CR(1)],
      ['Ishaan Corrie', 'domestic', 'Batter', L(75)],
      ['Pieter van Loon', 'overseas', 'Batter', L(75)],
      ['Harsh Malvade', 'domestic', 'Batter', L(75)],
      ['Sebastian Drury', 'overseas', 'Batter', L(50)],
      ['Kabir Sethna', 'domestic', 'Batter', L(50)],
      ['Omar Haddleton', 'overseas', 'Batter', L(50)],
      ['Pranav Iyengar-Moss', 'domestic', 'Batter', L(50)],
      ['Rafael Quintero', 'overseas', 'Batter', L(50)],
    ],
  ],
  [
    'Bowlers',
    [
      ['Yash Pendharkar', 'domestic', 'Bowler', CR(1.5)],
      ['Ethan Brightwater', 'overseas', 'Bowler', CR(1.5)],
      ['Manav Choudhari', 'domestic', 'Bowler', CR(1)],
      ['Kwame Ashdown', 'overseas', 'Bowler', CR(1)],
      ['Siddharth Oak', 'domestic', 'Bowler', L(75)],
      ['Finn Calloway', 'overseas', 'Bowler', L(75)],
      ['Aniket Deshmane', 'domestic', 'Bowler', L(75)],
      ['Brody Fairweather', 'overseas', 'Bowler', L(50)],
      ['Tanmay Rao-Lindqvist', 'domestic', 'Bowler', L(50)],
      ['Lukas Brennholt', 'overseas', 'Bowler', L(50)],
      ['Vivek Saranath', 'domestic', 'Bowler', L(50)],
      ['Dominic Thorne', 'overseas', 'Bowler', L(50)],
    ],
  ],
  [
    'All-rounders',
    [
      ['Aryan Bellamy', 'domestic', 'All-rounder', CR(1.5)],
      ['Jonah Featherstone', 'overseas', 'All-rounder', CR(1.5)],
      ['Rishi Kandaswamy', 'domestic', 'All-rounder', CR(1)],
      ['Mateo Greaves', 'overseas', 'All-rounder', CR(1)],
      ['Neel Parekh-Dunn', 'domestic', 'All-rounder', L(75)],
      ['Oscar Halvorsen', 'overseas', 'All-rounder', L(75)],
      ['Karan Mehrotra-Vale', 'domestic', 'All-rounder', L(75)],
      ['Tariq Embleton', 'overseas', 'All-rounder', L(50)],
      ['Dhruv Shenoy', 'domestic', 'All-rounder', L(50)],
      ['Reuben Castellane', 'overseas', 'All-rounder', L(50)],
      ['Ayaan Puthran', 'domestic', 'All-rounder', L(50)],
      ['Hugo Marchetti', 'overseas', 'All-rounder', L(50)],
    ],
  ],
  [
    'Wicketkeepers',
    [
      ['Samar Ketkar', 'domestic', 'Wicketkeeper', CR(1)],
      ['Declan Holloway', 'overseas', 'Wicketkeeper', CR(1)],
      ['Vihaan Ranade', 'domestic', 'Wicketkeeper', L(75)],
      ['Noah Kettering', 'overseas', 'Wicketkeeper', L(75)],
      ['Parth Lokhande', 'domestic', 'Wicketkeeper', L(50)],
      ['Eli Sutcliffe-Ward', 'overseas', 'Wicketkeeper', L(50)],
    ],
  ],
  [
    'Uncapped',
    [
      ['Ayush Koregaon', 'domestic', 'Batter', L(30)],
      ['Chirag Vadhera', 'domestic', 'Bowler', L(30)],
      ['Mihir Thakkar-Lyle', 'domestic', 'All-rounder', L(30)],
      ['Shaurya Balsekar', 'domestic', 'Wicketkeeper', L(30)],
      ['Arnav Pillay-Ross', 'domestic', 'Batter', L(20)],
      ['Jai Suratwala', 'domestic', 'Bowler', L(20)],
      ['Kunal Dhondge', 'domestic', 'All-rounder', L(20)],
      ['Ritvik Nandakumar', 'domestic', 'Batter', L(20)],
      ['Aarush Mokashi', 'domestic', 'Bowler', L(20)],
      ['Yuvan Talpade', 'domestic', 'All-rounder', L(20)],
      ['Advait Hebbalkar', 'domestic', 'Bowler', L(20)],
      ['Tejas Ozarkar', 'domestic', 'Batter', L(20)],
    ],
  ],
];

/**
 * A fresh copy of the demo league: "Gavel Demo League" on the `ipl` preset,
 * 8 teams (`T1`..`T8`, each with the preset purse) and 60 players (`L001`..
 * `L060`) in six sets (Marquee, Batters, Bowlers, All-rounders,
 * Wicketkeepers, Uncapped), each with its role as category and
 * `extra.overseas` Yes or No (the preset allows at most 8 overseas a squad).
 */
export function demoLeague(): AuctionConfig {
  const rules = presetRules('ipl');
  const teams: Team[] = TEAMS.map(([name, short], i) => ({ id: `T${i + 1}`, name, short, purse: rules.purse }));
  const lots: Lot[] = SETS.flatMap(([set, players]) =>
    players.map(([name, origin, role, baseLakh]) => ({
      id: '',
      name,
      // [QUO1] the role is the category; overseas is an attribute, as a league's sheet keeps it.
      category: role,
      basePrice: baseLakh * LAKH_PAISE,
      set,
      extra: { overseas: origin === 'overseas' ? 'Yes' : 'No' },
    })),
  ).map((lot, i) => ({ ...lot, id: `L${String(i + 1).padStart(3, '0')}` }));
  return { name: 'Gavel Demo League', rules, teams, lots };
}
