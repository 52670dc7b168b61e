import { describe, expect, it } from 'vitest';
import { QUEUE_SHOWN, readUpNext } from '../../../renderer/lib/up-next';
import { makeRunning, makeSetup, run, sell } from '../../helpers/builders';

const names = (up: ReturnType<typeof readUpNext>): string[] => up.lots.map((lot) => lot.name);

describe("the console's queue card", () => {
  it('before the start in catalog order: the catalog, in order', () => {
    const up = readUpNext(makeSetup({ lots: 3 }).state);
    expect(up).toMatchObject({ title: 'Up next', kind: 'queue', pending: 3, more: 0, canOpenNow: false });
    expect(names(up)).toEqual(['Lot 1', 'Lot 2', 'Lot 3']);
  });

  it('before the start in sets or nominate mode: no order yet, and says why', () => {
    const sets = readUpNext(makeSetup({ rules: { order: { mode: 'sets', seed: 1 } } }).state);
    expect(sets).toMatchObject({ kind: 'order-unknown', pending: 5, lots: [], title: 'Up next' });
    expect(sets.note).toBe('Sets run in catalog order; the order inside each set is drawn at the start.');
    const nominate = readUpNext(makeSetup({ rules: { order: { mode: 'nominate', nominateMs: 1000 } } }).state);
    expect(nominate.note).toBe('Teams nominate lots in turn once the auction starts.');
  });

  it(`lists ${QUEUE_SHOWN} lots and counts the rest`, () => {
    const up = readUpNext(makeRunning({ lots: 12 }));
    expect(up.lots).toHaveLength(QUEUE_SHOWN);
    expect(up.pending).toBe(11);
    expect(up.more).toBe(3);
  });

  it('[ORD3] in a gap the waiting lots may open at once; while a team nominates they are waiting lots', () => {
    const gap = run(makeRunning(), sell('T1', 100)).state;
    expect(readUpNext(gap).canOpenNow).toBe(true);
    expect(readUpNext(run(gap, [{ type: 'auction:pause' }]).state).canOpenNow).toBe(false);
    const turn = readUpNext(makeRunning({ rules: { order: { mode: 'nominate', nominateMs: 1000 } } }));
    expect(turn).toMatchObject({ title: 'Waiting lots', kind: 'nominating', pending: 5 });
  });

  it('nothing queued: says whether unsold lots come back, or that nothing is left', () => {
    const lastOpen = makeRunning({ lots: 1, rules: { rounds: 2 } });
    expect(readUpNext(lastOpen)).toMatchObject({ kind: 'empty', note: 'Nothing queued.' });
    const skipped = run(makeRunning({ lots: 2, rules: { rounds: 2, gapMs: 0 } }), [{ type: 'lot:skip' }]).state;
    expect(readUpNext(skipped)).toMatchObject({
      kind: 'empty',
      note: 'Nothing queued; unsold lots return next round.',
    });
    const finished = run(makeRunning({ lots: 1 }), [{ type: 'lot:skip' }]).state;
    expect(readUpNext(finished)).toMatchObject({ kind: 'empty', note: 'Nothing left.' });
  });

  it('keeps the last sale with its lot', () => {
    expect(readUpNext(makeRunning()).lastSale).toBeNull();
    const sold = readUpNext(run(makeRunning(), sell('T2', 150)).state);
    expect(sold.lastSale?.lot.name).toBe('Lot 1');
    expect(sold.lastSale?.sale).toMatchObject({ teamId: 'T2', amount: 150 });
  });
});
