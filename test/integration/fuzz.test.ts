import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_RATE_LIMITS } from '../../main/host/rate-limit';
import type { GavelClient } from '../../renderer/lib/gavel-client';
import { CLIENT_COMMAND_TYPES } from '../../shared/protocol/messages';
import { emptySchema, isClientCommandType, parseCommand } from '../../shared/protocol/payloads';
import { makeConfig } from '../helpers/builders';
import { startTestHost, type TestHost } from '../helpers/host';

/**
 * Hostile input: thousands of malformed, oversized, wrongly typed,
 * prototype-polluting and out-of-range payloads across every client event.
 * Each must get an error ack (or be dropped), the host must stay up, and the
 * auction must not change.
 */

const PAYLOADS_PER_RUN = 10_000;
const EVENTS = [...CLIENT_COMMAND_TYPES, 'snapshot:get', 'time:ping', 'no:such-event'] as const;
const FIELD_NAMES = ['bidId', 'lotId', 'amount', 'teamId', 'ms', 'delta', 'reason', 'name', 'rules', 'teams', 'lots'];

const hostile = fc.oneof(
  fc.constantFrom(-1, 0, 0.5, 1e300, -1e300, Number.MAX_SAFE_INTEGER + 2, 2 ** 53, '', '0', 'NaN', null, true, []),
  fc.string({ maxLength: 80 }),
  fc.string({ minLength: 65, maxLength: 3_000 }),
  fc.integer(),
  fc.double(),
  fc.constantFrom(
    '__proto__',
    'constructor',
    'prototype',
    '=cmd|" /C calc"!A0',
    '<script>alert(1)</script>',
    'L1\u0000',
  ),
  fc.anything({ maxDepth: 3 }),
);

/** Objects shaped like real payloads, with hostile values in real field names. */
const shapedPayload = fc
  .dictionary(fc.constantFrom(...FIELD_NAMES, '__proto__', 'constructor', 'extra'), hostile, { maxKeys: 5 })
  .map((fields) => JSON.parse(JSON.stringify(fields)) as unknown);

/** Payloads with keys that try to reach Object.prototype once parsed from JSON. */
const pollutingPayload = fc
  .record({ key: fc.constantFrom('__proto__', 'constructor'), value: fc.anything({ maxDepth: 2 }) })
  .map(({ key, value }) =>
    JSON.parse(
      `{"${key}": {"polluted": ${JSON.stringify(value ?? null) ?? 'null'}}, "bidId": "b", "lotId": "L1", "amount": 100}`,
    ),
  );

const payload = fc.oneof(shapedPayload, pollutingPayload, hostile, fc.anything({ maxDepth: 4 }));

let t: TestHost;
let clients: GavelClient[];

beforeAll(async () => {
  t = await startTestHost(makeConfig({ teams: 3, lots: 3 }), {
    rateLimits: { ...DEFAULT_RATE_LIMITS, handshakePerSecond: 1, commandBurst: 1e9, commandPerSecond: 1e9 },
  });
  const admin = await t.admin();
  await admin.send('auction:start', {});
  await admin.send('bid:floor', { bidId: 'seed-bid', lotId: 'L1', teamId: 'T1', amount: 100 });
  clients = [admin, await t.team('T2'), await t.connect(t.host.joinCodes.spectator)];
});

afterAll(async () => {
  await t.close();
});

/** True when the host's schema would let this payload through: those are not hostile, so skip them. */
function isWellFormed(event: string, body: unknown): boolean {
  if (event === 'snapshot:get' || event === 'time:ping') return emptySchema.parse(body ?? {}, '').ok;
  return isClientCommandType(event) && parseCommand(event, body).ok;
}

describe('fuzzing every client event', () => {
  it(`answers ${PAYLOADS_PER_RUN} hostile payloads with errors and leaves the auction unchanged`, async () => {
    const before = structuredClone(t.host.room.state);
    const samples = fc.sample(fc.tuple(fc.constantFrom(...EVENTS), payload, fc.nat(clients.length - 1)), {
      numRuns: PAYLOADS_PER_RUN * 2,
      seed: 20261125,
    });
    const hostileSamples = samples.filter(([event, body]) => !isWellFormed(event, body)).slice(0, PAYLOADS_PER_RUN);
    expect(hostileSamples.length).toBe(PAYLOADS_PER_RUN);

    const codes = new Map<string, number>();
    const batch = 200;
    for (let i = 0; i < hostileSamples.length; i += batch) {
      const answers = await Promise.all(
        hostileSamples.slice(i, i + batch).map(async ([event, body, who]) => {
          const socket = clients[who]!.socket as unknown as {
            timeout(ms: number): {
              emitWithAck(ev: string, p: unknown): Promise<{ ok: boolean; error?: { code: string } }>;
            };
          };
          return socket.timeout(5_000).emitWithAck(event, body);
        }),
      );
      for (const answer of answers) {
        expect(answer.ok).toBe(false);
        codes.set(answer.error!.code, (codes.get(answer.error!.code) ?? 0) + 1);
      }
    }
    expect([...codes.keys()].sort()).toEqual(['invalid_payload']);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('polluted');
    expect(t.host.room.state).toEqual(before);
    // Still serving: a fresh client gets a snapshot and a good bid goes through.
    const late = await t.team('T3');
    expect(late.state).toEqual(t.host.room.publishedState);
    expect((await late.placeBid('L1', 110)).ok).toBe(true);
  });
});
