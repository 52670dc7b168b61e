import { describe, expect, it } from 'vitest';
import { Outbox } from '../../../main/host/outbox';

const turn = (): Promise<void> => new Promise((r) => setImmediate(r));

/** An outbox whose every send reaches `sockets` sockets, with a budget of `budget` writes a turn. */
function outboxOf(sockets: number, budget: number): { outbox: Outbox<string>; sent: string[] } {
  const sent: string[] = [];
  const outbox = new Outbox<string>(
    (item) => {
      sent.push(item);
      return sockets;
    },
    (err) => {
      throw err;
    },
    budget,
  );
  return { outbox, sent };
}

describe('Outbox', () => {
  it('sends at once, in order, and yields to the event loop once a turn has made its writes', async () => {
    const { outbox, sent } = outboxOf(500, 500);
    const first = outbox.push(['a', 'b']);
    const second = outbox.push(['c']);
    expect(sent).toEqual(['a']); // 500 writes: the turn's budget
    expect(outbox.size).toBe(2);
    await turn();
    expect(sent).toEqual(['a', 'b']);
    await turn();
    expect(sent).toEqual(['a', 'b', 'c']);
    await Promise.all([first, second]);
    expect(outbox.size).toBe(0);
  });

  it("sends a small room's batch in one turn, later pushes in that turn included", async () => {
    const { outbox, sent } = outboxOf(50, 500);
    const pushed = outbox.push(['a', 'b', 'c']);
    expect(sent).toEqual(['a', 'b', 'c']);
    await pushed;
    void outbox.push(['d']); // 150 writes so far this turn: room for more
    expect(sent).toEqual(['a', 'b', 'c', 'd']);
  });

  it('holds pushes for the next turn once this turn has spent its budget, from whichever push', async () => {
    const { outbox, sent } = outboxOf(200, 500);
    void outbox.push(['a', 'b', 'c']); // the third send starts under budget and ends over it
    expect(sent).toEqual(['a', 'b', 'c']);
    void outbox.push(['d']);
    expect(sent).toEqual(['a', 'b', 'c']);
    await turn();
    expect(sent).toEqual(['a', 'b', 'c', 'd']);
  });

  it('resolves a push only once its last item is sent', async () => {
    const { outbox, sent } = outboxOf(10, 10);
    let isDone = false;
    const pushed = outbox.push(['a', 'b', 'c']);
    expect(pushed).toBeInstanceOf(Promise);
    const done = pushed?.then(() => (isDone = true));
    await turn();
    expect(isDone).toBe(false);
    await done;
    expect(sent).toEqual(['a', 'b', 'c']);
  });

  it('makes no promise for a push that went out at once', () => {
    const { outbox, sent } = outboxOf(10, 500);
    expect(outbox.push(['a', 'b'])).toBeUndefined();
    expect(sent).toEqual(['a', 'b']);
  });

  it('reports a send that throws and goes on with the next items', async () => {
    const sent: string[] = [];
    const errors: unknown[] = [];
    const outbox = new Outbox<string>(
      (item) => {
        if (item === 'bad') throw new Error('socket gone');
        sent.push(item);
        return 1;
      },
      (err) => errors.push(err),
    );
    await outbox.push(['a', 'bad', 'c']);
    expect(sent).toEqual(['a', 'c']);
    expect(String(errors[0])).toMatch(/socket gone/);
    await outbox.push(['d']);
    expect(sent).toEqual(['a', 'c', 'd']);
  });

  it('gives nothing to wait for of an empty push', () => {
    const { outbox } = outboxOf(1, 1);
    expect(outbox.push([])).toBeUndefined();
  });
});
