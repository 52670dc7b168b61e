import { describe, expect, it } from 'vitest';
import { ConnectPacer } from '../../../main/host/handshake';

const turn = (): Promise<void> => new Promise((r) => setImmediate(r));

function pacerOf(budget: number): { pacer: ConnectPacer; ran: number[]; errors: unknown[] } {
  const errors: unknown[] = [];
  return { pacer: new ConnectPacer((err) => errors.push(err), budget), ran: [], errors };
}

describe('ConnectPacer', () => {
  it('runs a lone connect at once', () => {
    const { pacer, ran } = pacerOf(8);
    pacer.run(() => ran.push(1));
    expect(ran).toEqual([1]);
    expect(pacer.waiting).toBe(0);
  });

  it('runs at most its budget in a turn, the rest in later turns, in the order they came', async () => {
    const { pacer, ran } = pacerOf(3);
    for (let i = 1; i <= 7; i++) pacer.run(() => ran.push(i));
    expect(ran).toEqual([1, 2, 3]);
    expect(pacer.waiting).toBe(4);
    await turn();
    expect(ran).toEqual([1, 2, 3, 4, 5, 6]);
    // One that comes now waits behind the one still queued.
    pacer.run(() => ran.push(8));
    expect(ran).toEqual([1, 2, 3, 4, 5, 6]);
    await turn();
    expect(ran).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(pacer.waiting).toBe(0);
  });

  it('lets I/O and timers that became due run between its turns', async () => {
    const { pacer, ran } = pacerOf(1);
    for (let i = 1; i <= 3; i++) pacer.run(() => ran.push(i));
    // Scheduled after the pacer's first turn ended: runs before the queued connects are done.
    setImmediate(() => ran.push(0));
    await turn();
    await turn();
    await turn();
    expect(ran.indexOf(0)).toBeGreaterThan(0);
    expect(ran.indexOf(0)).toBeLessThan(ran.indexOf(3));
    expect(ran.filter((x) => x > 0)).toEqual([1, 2, 3]);
  });

  it('reports a connect that throws and still runs the ones after it', async () => {
    const { pacer, ran, errors } = pacerOf(2);
    pacer.run(() => ran.push(1));
    pacer.run(() => {
      throw new Error('boom');
    });
    pacer.run(() => ran.push(3));
    await turn();
    expect(ran).toEqual([1, 3]);
    expect(errors).toHaveLength(1);
  });
});
