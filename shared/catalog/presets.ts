import type { AuctionRules } from '../auction/types';

/**
 * Rule presets for the three kinds of auction Gavel is made for. Amounts are
 * in minor units: paise for INR (1 lakh = 1,00,000 rupees = 1,00,00,000 paise),
 * cents for USD.
 */

export type PresetName = 'ipl' | 'fantasy' | 'charity';

/** The preset names, in the order a picker shows them. */
export const PRESET_NAMES: readonly PresetName[] = ['ipl', 'fantasy', 'charity'];

/** One lakh rupees in paise. */
export const LAKH_PAISE = 10_000_000;
/** One crore rupees (100 lakh) in paise. */
export const CRORE_PAISE = 100 * LAKH_PAISE;

const SECOND = 1000;

const IPL: AuctionRules = {
  currency: 'INR',
  moneyStyle: 'lakh',
  purse: 120 * CRORE_PAISE,
  squadMin: 18,
  squadMax: 25,
  categoryQuotas: {},
  // [QUO6] overseas is its own Yes/No column in a league's sheet, not a role: an attribute quota.
  quotas: [{ attribute: 'overseas', value: 'yes', max: 8 }],
  minimumPrice: 20 * LAKH_PAISE,
  // [INC2] +5 L up to 1 Cr, +10 L to 2 Cr, +20 L to 5 Cr, +25 L above.
  increments: {
    kind: 'slabs',
    slabs: [
      { upTo: 1 * CRORE_PAISE, step: 5 * LAKH_PAISE },
      { upTo: 2 * CRORE_PAISE, step: 10 * LAKH_PAISE },
      { upTo: 5 * CRORE_PAISE, step: 20 * LAKH_PAISE },
      { upTo: null, step: 25 * LAKH_PAISE },
    ],
  },
  lotOpenMs: 30 * SECOND,
  bidExtendMs: 10 * SECOND,
  graceMs: 300,
  gapMs: 5 * SECOND,
  order: { mode: 'sets', seed: 1 },
  rounds: 2,
};

const FANTASY: AuctionRules = {
  currency: 'USD',
  moneyStyle: 'standard',
  purse: 200_00,
  squadMin: 15,
  squadMax: 15,
  categoryQuotas: {},
  minimumPrice: 1_00,
  increments: { kind: 'fixed', step: 1_00 },
  lotOpenMs: 20 * SECOND,
  bidExtendMs: 8 * SECOND,
  graceMs: 300,
  gapMs: 4 * SECOND,
  order: { mode: 'nominate', nominateMs: 30 * SECOND },
  rounds: 1,
};

const CHARITY: AuctionRules = {
  currency: 'USD',
  moneyStyle: 'standard',
  // Charity bidders have no real cap: a purse far above any plausible bid.
  purse: 1_000_000_00,
  squadMin: 0,
  squadMax: 99,
  categoryQuotas: {},
  minimumPrice: 10_00,
  increments: { kind: 'fixed', step: 10_00 },
  lotOpenMs: 60 * SECOND,
  bidExtendMs: 15 * SECOND,
  graceMs: 300,
  gapMs: 5 * SECOND,
  order: { mode: 'catalog' },
  rounds: 1,
};

/**
 * The presets:
 * - `ipl`: INR shown in lakh/crore, ₹120 Cr purse, squads of 18–25 with at most
 *   8 overseas (lots whose `overseas` column says yes), slab increments, lots drawn by set, unsold lots back in round 2.
 * - `fantasy`: $200 purse, 15 a squad, $1 steps, teams nominate in turn.
 * - `charity`: practically unlimited purse, $10 steps, catalog order.
 */
export const PRESETS: Readonly<Record<PresetName, AuctionRules>> = { ipl: IPL, fantasy: FANTASY, charity: CHARITY };

/** True when `name` names a preset (for CLI flags and JSON's `"preset"`). */
export function isPresetName(name: string): name is PresetName {
  return (PRESET_NAMES as readonly string[]).includes(name);
}

/** A fresh copy of a preset's rules, safe to edit. */
export function presetRules(name: PresetName): AuctionRules {
  return structuredClone(PRESETS[name]);
}
