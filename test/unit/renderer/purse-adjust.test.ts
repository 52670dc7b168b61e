import { describe, expect, it } from 'vitest';
import { summariseTeams, type TeamSummary } from '../../../shared/auction/views';
import { makeError } from '../../../shared/core/errors';
import {
  explainAdjustRefusal,
  explainShortfall,
  previewAdjustment,
  splitSign,
} from '../../../renderer/lib/purse-adjust';
import { makeRunning, run, sell } from '../../helpers/builders';

/** $1,000 purses in cents; T1 bought L1 for $300, so it has $700 left. */
const state = run(
  makeRunning({
    rules: { currency: 'USD', purse: 100_000, minimumPrice: 1_000, increments: { kind: 'fixed', step: 1_000 } },
  }),
  sell('T1', 30_000),
).state;
const rules = state.config.rules;
const t1 = summariseTeams(state)[0] as TeamSummary;

describe('splitSign', () => {
  it('reads a leading plus as adding', () => {
    expect(splitSign('+5 Cr')).toEqual({ direction: 'add', rest: '5 Cr' });
  });

  it('reads a hyphen or a true minus sign as removing', () => {
    expect(splitSign('-50 L')).toEqual({ direction: 'remove', rest: '50 L' });
    expect(splitSign('− $20')).toEqual({ direction: 'remove', rest: '$20' });
    expect(splitSign('  - 7')).toEqual({ direction: 'remove', rest: '7' });
  });

  it('leaves unsigned text alone', () => {
    expect(splitSign('50')).toEqual({ direction: null, rest: '50' });
    expect(splitSign('$1,000')).toEqual({ direction: null, rest: '$1,000' });
  });

  it('gives an empty rest for a sign on its own (still typing)', () => {
    expect(splitSign('-')).toEqual({ direction: 'remove', rest: '' });
  });
});

describe('previewAdjustment', () => {
  it('adds to the purse and to what is left', () => {
    expect(t1).toMatchObject({ purse: 100_000, spent: 30_000, left: 70_000 });
    expect(previewAdjustment(t1, 5_000, 'add', 0)).toEqual({
      delta: 5_000,
      purseAfter: 105_000,
      leftAfter: 75_000,
      committed: 0,
      isTooLow: false,
    });
  });

  it('removes with a negative delta', () => {
    expect(previewAdjustment(t1, 20_000, 'remove', 0)).toMatchObject({
      delta: -20_000,
      purseAfter: 80_000,
      leftAfter: 50_000,
      isTooLow: false,
    });
  });

  it('may take the purse left to exactly zero, not below [AUC9]', () => {
    expect(previewAdjustment(t1, 70_000, 'remove', 0).isTooLow).toBe(false);
    expect(previewAdjustment(t1, 70_001, 'remove', 0).isTooLow).toBe(true);
  });

  it('must keep the team’s standing high bid covered [AUC9]', () => {
    expect(previewAdjustment(t1, 60_000, 'remove', 10_000).isTooLow).toBe(false);
    expect(previewAdjustment(t1, 60_001, 'remove', 10_000).isTooLow).toBe(true);
  });
});

describe('explainShortfall', () => {
  it('says nothing when the purse stays covered', () => {
    expect(explainShortfall(rules, t1, previewAdjustment(t1, 1_000, 'remove', 0))).toBeNull();
  });

  it('names the most that may be removed when it would go below zero', () => {
    expect(explainShortfall(rules, t1, previewAdjustment(t1, 80_000, 'remove', 0))).toBe(
      'That takes Team 1 below zero (-$100 left). Remove at most $700.',
    );
  });

  it('names the high bid when it would no longer cover it', () => {
    expect(explainShortfall(rules, t1, previewAdjustment(t1, 65_000, 'remove', 10_000))).toBe(
      'That leaves Team 1 $50, less than its high bid of $100. Remove at most $600.',
    );
  });
});

describe('explainAdjustRefusal', () => {
  it('explains the engine’s purse refusal in our words', () => {
    expect(explainAdjustRefusal(makeError('purse_negative', 'the purse left would be -1, below 0'))).toMatch(
      /no longer cover what the team has spent/,
    );
  });

  it('sends a refusal before the start to Setup', () => {
    expect(explainAdjustRefusal(makeError('not_running', 'before the start'))).toMatch(/edit the team in Setup/);
  });

  it('has a general sentence for codes it does not know', () => {
    expect(explainAdjustRefusal(makeError('wrong_phase', 'x'))).toBe('The host did not accept this adjustment.');
  });
});
