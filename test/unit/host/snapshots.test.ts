import { Encoder } from 'socket.io-parser';
import { describe, expect, it } from 'vitest';
import { SnapshotBuilder, readVersionClaim, type SnapshotFor } from '../../../main/host/snapshots';
import type { AuctionState } from '../../../shared/auction/types';
import { createAuction, evolve } from '../../../shared/auction/engine';
import { makeConfig } from '../../helpers/builders';

/** The host's snapshots (main/host/snapshots.ts): the text it writes is what Socket.IO would have encoded. */

function stateWithProxies(): AuctionState {
  const created = createAuction('A1', makeConfig({ teams: 3, lots: 4 }), 1_000);
  let state = created.state;
  // Proxies of two teams: a team's own view keeps only its own [PRX6].
  state = {
    ...state,
    proxies: [
      { teamId: 'T1', lotId: 'L1', max: 500, since: 2 },
      { teamId: 'T2', lotId: 'L1', max: 700, since: 3 },
    ],
  };
  return evolve(state, { type: 'auction:started', seq: state.seq + 1, at: 2_000 } as never);
}

const presence = { teams: { T1: 1, T2: 0, T3: 2 }, admins: 1, spectators: 4 };
const to = (over: Partial<SnapshotFor>): SnapshotFor => ({
  identity: { role: 'spectator', teamId: null },
  hostNow: 5_000,
  presence,
  joinCodes: null,
  heldVersion: null,
  ...over,
});

describe('SnapshotBuilder', () => {
  it('writes the same message Socket.IO would encode, with and without the config, for every view', () => {
    const state = stateWithProxies();
    const builder = new SnapshotBuilder('A1');
    const { version } = builder.configVersion(state);
    for (const identity of [
      { role: 'spectator', teamId: null },
      { role: 'admin', teamId: null },
      { role: 'team', teamId: 'T1' },
      { role: 'team', teamId: 'T3' },
    ] as const) {
      for (const heldVersion of [null, version, 'stale']) {
        const who = to({ identity, heldVersion });
        const message = builder.message(state, who);
        expect(JSON.parse(builder.json(state, who))).toEqual(JSON.parse(JSON.stringify(message)));
        const [encoded] = new Encoder().encode({ type: 2, nsp: '/', data: ['auction:snapshot', message] });
        expect(JSON.parse((encoded as string).slice(1))).toEqual([
          'auction:snapshot',
          JSON.parse(builder.json(state, who)),
        ]);
        expect(message.state.config === undefined).toBe(heldVersion === version);
      }
    }
    // [PRX6] a team sees its own maximum only; everyone else none.
    const t1 = JSON.parse(builder.json(state, to({ identity: { role: 'team', teamId: 'T1' } })));
    expect(t1.state.proxies).toEqual([expect.objectContaining({ teamId: 'T1' })]);
    const spectator = JSON.parse(builder.json(state, to({})));
    expect(spectator.state.proxies).toEqual([]);
  });

  it('names a config by its content: the same config the same version, another config another', () => {
    const state = stateWithProxies();
    const a = new SnapshotBuilder('A1').configVersion(state).version;
    const b = new SnapshotBuilder('B2').configVersion({
      ...state,
      config: JSON.parse(JSON.stringify(state.config)),
    }).version;
    expect(a).toBe(b);
    expect(a).toMatch(/^[A-Za-z0-9_-]{22}$/);
    const renamed = { ...state, config: { ...state.config, name: 'Another league' } };
    expect(new SnapshotBuilder('A1').configVersion(renamed).version).not.toBe(a);
  });

  it('reads a claimed version only when it is a short string', () => {
    expect(readVersionClaim('abc')).toBe('abc');
    for (const claim of [undefined, null, 42, {}, ['abc'], '', 'x'.repeat(65)])
      expect(readVersionClaim(claim)).toBeNull();
  });
});
