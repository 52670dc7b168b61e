import { afterEach, describe, expect, it } from 'vitest';
// The bot in docs/PROTOCOL.md's folder is plain JavaScript written from the document alone.
// @ts-expect-error: an untyped .mjs example
import { startBot } from '../../docs/examples/bidding-bot.mjs';
import { makeConfig } from '../helpers/builders';
import { startTestHost, type TestHost } from '../helpers/host';

let t: TestHost | null = null;
afterEach(async () => {
  await t?.close();
  t = null;
});

interface Bot {
  readonly state: { seq: number; status: string };
  close(): void;
}

describe('the example bot from docs/PROTOCOL.md', () => {
  it('plays a whole auction against a real host: two bots bid each other up to their limits', async () => {
    t = await startTestHost(makeConfig({ teams: 2, lots: 2, rules: { lotOpenMs: 10_000, gapMs: 1_000 } }));
    const admin = await t.admin();
    const logs: string[] = [];
    const log = (line: string): void => void logs.push(line);
    const low: Bot = await startBot({ url: t.url, code: t.host.joinCodes.teams['T1'], limit: 150, log });
    const high: Bot = await startBot({ url: t.url, code: t.host.joinCodes.teams['T2'], limit: 300, log });
    try {
      await admin.send('auction:start', {});
      // Let the bots bid until neither can go on, then let the clock close the lots.
      for (let i = 0; i < 200 && t.host.room.state.status !== 'finished'; i++) {
        await new Promise((r) => setTimeout(r, 20));
        if (t.host.room.state.phase === 'open') {
          const bids = t.host.room.state.current!.bids;
          const settled = bids.length > 0 && bids[bids.length - 1]!.amount >= 150;
          if (settled) await t.clock.advance(10_300);
        } else {
          await t.clock.advance(1_000);
        }
      }
      const state = t.host.room.state;
      expect(state.status).toBe('finished');
      // T1 opens at 100 and they alternate; T1 cannot go past 150, so T2's 150 wins both lots.
      expect(state.sales.map((s) => [s.lotId, s.teamId, s.amount])).toEqual([
        ['L1', 'T2', 150],
        ['L2', 'T2', 150],
      ]);
      expect(logs.some((l) => l.includes('L1 sold to T2 for 150'))).toBe(true);
      expect(high.state.seq).toBe(state.seq);
    } finally {
      low.close();
      high.close();
    }
  });
});
