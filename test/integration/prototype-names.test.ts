import fc from 'fast-check';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { connectGavel, type GavelClient } from '../../renderer/lib/gavel-client';
import { PROTOTYPE_MEMBER_NAMES, ownValue, summariseTeams } from '../../shared/auction';
import type { AuctionConfig } from '../../shared/auction/types';
import { DEFAULT_RULES, makeConfig } from '../helpers/builders';
import { spawnHost, type HostProcess } from '../helpers/crash-loop';

/**
 * Teams, lots, categories, quotas and lot details named like Object.prototype
 * members, through a real host process: configured over the socket, bid on,
 * the host SIGKILLed, resumed from its journal and codes, and the auction
 * finished. Before, a team called `constructor` got no code and the next
 * wrong code at the handshake killed the host.
 */

const NAMES = PROTOTYPE_MEMBER_NAMES.filter((name) => name !== '__proto__');

let dataDir = '';
let hosts: HostProcess[] = [];
let clients: GavelClient[] = [];
afterEach(async () => {
  for (const c of clients) c.close();
  clients = [];
  for (const h of hosts) await h.kill();
  hosts = [];
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
  dataDir = '';
});

async function open(port: number, code: string): Promise<GavelClient> {
  const client = connectGavel({
    url: `http://127.0.0.1:${port}`,
    code,
    clockSyncIntervalMs: 0,
    socketOptions: { reconnection: false },
  });
  clients.push(client);
  await client.waitFor((c) => c.state !== null || c.status === 'refused', 10_000);
  return client;
}

function hostileConfig(
  teamIds: readonly string[],
  lotIds: readonly string[],
  category: string,
): Partial<AuctionConfig> {
  return {
    name: 'toString',
    rules: { ...DEFAULT_RULES, squadMax: 20, lotOpenMs: 600_000, gapMs: 0, categoryQuotas: { [category]: { max: 5 } } },
    teams: teamIds.map((id) => ({ id, name: id, short: id.slice(0, 12), purse: 10_000 })),
    lots: lotIds.map((id) => ({
      id,
      name: id,
      category,
      basePrice: 100,
      set: id,
      extra: Object.fromEntries(NAMES.map((key) => [key, id])),
    })),
  };
}

describe('a host process with every Object.prototype member name as data', () => {
  it(
    'configures, takes bids, refuses wrong codes, survives SIGKILL and resumes with the same codes',
    { timeout: 60_000 },
    async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.shuffledSubarray(NAMES, { minLength: 3, maxLength: 6 }),
          fc.shuffledSubarray(NAMES, { minLength: 3, maxLength: 4 }),
          fc.constantFrom(...NAMES),
          async (teamIds, lotIds, category) => {
            dataDir = await mkdtemp(join(tmpdir(), 'gavel-proto-'));
            const configFile = join(dataDir, 'config.json');
            await writeFile(configFile, JSON.stringify(makeConfig({ teams: 2, lots: 1 })));
            const first = await spawnHost(['--data', dataDir, '--port', '0', '--config', configFile]);
            hosts.push(first);
            const port = first.ready.port;
            const admin = await open(port, first.ready.joinCodes.admin);
            const configured = await admin.configureAuction(hostileConfig(teamIds, lotIds, category));
            expect(configured.ok).toBe(true);
            await admin.waitFor((c) => teamIds.every((id) => typeof ownValue(c.joinCodes?.teams, id) === 'string'));
            const codes = admin.joinCodes?.teams ?? {};
            for (const id of teamIds) expect(typeof ownValue(codes, id), id).toBe('string');

            // A wrong code is refused; the host lives on and the right codes work.
            const wrong = await open(port, 'WRONG-CODE');
            expect(wrong.refusal?.code).toBe('bad_credentials');
            const teams = await Promise.all(teamIds.map((id) => open(port, ownValue(codes, id) as string)));
            expect(teams.map((c) => c.teamId)).toEqual(teamIds);
            expect((await admin.send('auction:start', {})).ok).toBe(true);
            const firstLot = admin.state?.current?.lotId as string;
            const bid = await teams[0]?.placeBid(firstLot, 100);
            expect(bid?.ok).toBe(true);
            await admin.waitFor((c) =>
              c.presence?.teams ? ownValue(c.presence.teams, teamIds[0] as string) === 1 : false,
            );

            // SIGKILL, then resume from the journal and the saved codes.
            await first.kill();
            for (const c of clients) c.close();
            clients = [];
            const second = await spawnHost(['--data', dataDir, '--port', '0', '--resume', first.ready.auctionId]);
            hosts.push(second);
            for (const id of teamIds) expect(ownValue(second.ready.joinCodes.teams, id)).toBe(ownValue(codes, id));
            expect(await open(second.ready.port, 'WRONG-AGAIN').then((c) => c.refusal?.code)).toBe('bad_credentials');
            const admin2 = await open(second.ready.port, second.ready.joinCodes.admin);
            expect(admin2.state?.status).toBe('paused');
            expect(admin2.state?.current?.bids.map((b) => b.teamId)).toEqual([teamIds[0]]);
            const again = await open(second.ready.port, ownValue(codes, teamIds[1] as string) as string);
            expect(again.teamId).toBe(teamIds[1]);
            expect((await admin2.send('auction:resume', {})).ok).toBe(true);
            expect((await again.placeBid(firstLot, 110)).ok).toBe(true);
            // Finish: hammer every lot, the rest unsold.
            for (let i = 0; i < lotIds.length && admin2.state?.status !== 'finished'; i++) {
              const r = await admin2.send('lot:hammer', {});
              expect(r.ok).toBe(true);
              await admin2.waitFor((c) => c.state?.seq === (r.ok ? r.data.seq : -1));
            }
            const state = admin2.state;
            expect(state?.status).toBe('finished');
            expect(state?.sales.map((s) => [s.lotId, s.teamId])).toEqual([[firstLot, teamIds[1]]]);
            const rows = state ? summariseTeams(state) : [];
            expect(rows.find((r) => r.id === teamIds[1])?.categories).toEqual({ [category]: 1 });
            await second.kill();
            for (const c of clients) c.close();
            clients = [];
            hosts = [];
            await rm(dataDir, { recursive: true, force: true });
            dataDir = '';
          },
        ),
        { numRuns: 2, seed: 14 },
      );
    },
  );

  it('a team with the id `constructor` gets a code, and a wrong code afterwards is refused, not fatal', async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'gavel-proto-'));
    const configFile = join(dataDir, 'config.json');
    await writeFile(configFile, JSON.stringify(makeConfig({ teams: 2, lots: 1 })));
    const host = await spawnHost(['--data', dataDir, '--port', '0', '--config', configFile]);
    hosts.push(host);
    const admin = await open(host.ready.port, host.ready.joinCodes.admin);
    const teams = [{ id: 'constructor', name: 'Constructors', short: 'CON', purse: 1000 }];
    expect((await admin.send('auction:configure', { teams })).ok).toBe(true);
    await admin.waitFor((c) => c.state?.config.teams[0]?.id === 'constructor');
    await admin.waitFor((c) => typeof ownValue(c.joinCodes?.teams, 'constructor') === 'string');
    expect((await open(host.ready.port, 'WRONG-CODE')).refusal?.code).toBe('bad_credentials');
    const team = await open(host.ready.port, ownValue(admin.joinCodes?.teams, 'constructor') as string);
    expect(team.teamId).toBe('constructor');
    expect(host.child.exitCode).toBeNull();
  });
});
