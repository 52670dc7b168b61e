import { apply, createAuction, evolve } from '../../shared/auction/engine';
import type { AuctionEvent } from '../../shared/auction/events';
import type { Command } from '../../shared/auction/commands';
import type { AuctionState } from '../../shared/auction/types';
import { toPublicEvent } from '../../shared/auction/views';
import { makeBenchConfig } from './host-process';
import { createProbe } from './v8-probe';

/**
 * The client's fold alone: what GavelClient does with each event once
 * socket.io-client has parsed it (`evolve` onto the state it holds). Bids
 * from `--teams` teams on the open lot of an auction that has already sold
 * `--sold` lots (so the ledger and the sales list are not empty), as they
 * arrive over the wire (public, parsed from JSON). Prints ns and bytes
 * allocated per fold.
 *
 *   npx tsx test/bench/fold-micro.ts [--teams 10] [--sold 100] [--bids 2000] [--repeat 50]
 */

function option(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? Number(process.argv[at + 1]) : fallback;
}
const teams = option('teams', 10);
const sold = option('sold', 100);
const bidCount = option('bids', 2_000);
const repeat = option('repeat', 50);

const config = makeBenchConfig(teams);
let now = 1_000_000;
let { state } = createAuction('fold', config, now);
const admin = { role: 'admin' } as const;

function run(command: Command, actor: Parameters<typeof apply>[2]['actor'] = admin): AuctionEvent[] {
  now += 10;
  const result = apply(state, command, { now, actor });
  if (!result.ok) throw new Error(`${command.type}: ${result.error.message}`);
  state = result.state;
  return result.events;
}

function bid(k: number): AuctionEvent[] {
  const teamId = config.teams[k % teams]?.id as string;
  const lotId = state.current?.lotId as string;
  const amount = (state.current?.bids.at(-1)?.amount ?? 0) + 1_000;
  return run({ type: 'bid:place', bidId: `b${k}`, lotId, amount }, { role: 'team', teamId });
}

run({ type: 'auction:start' });
for (let i = 0; i < sold; i++) {
  bid(i);
  run({ type: 'lot:hammer' });
}
const start: AuctionState = JSON.parse(JSON.stringify(state)) as AuctionState;
const wire: AuctionEvent[] = [];
for (let k = 0; k < bidCount; k++) {
  for (const event of bid(k)) wire.push(JSON.parse(JSON.stringify(toPublicEvent(event))) as AuctionEvent);
}

function foldAll(): AuctionState {
  let s = start;
  for (const event of wire) s = evolve(s, event);
  return s;
}

for (let i = 0; i < 20; i++) foldAll(); // warm up: optimised code, as on a device that has folded a while
const t0 = process.hrtime.bigint();
for (let i = 0; i < repeat; i++) foldAll();
const ns = Number(process.hrtime.bigint() - t0) / (repeat * wire.length);

const probe = createProbe();
await probe.start({ cpu: false, heap: true });
for (let i = 0; i < 5; i++) foldAll();
const { allocations } = await probe.stop();
const bytes = (allocations?.bytes ?? 0) / (5 * wire.length);

console.log(
  `teams ${teams}, ${sold} lots sold, ${wire.length} bid events: ${ns.toFixed(0)} ns and ${bytes.toFixed(0)} bytes per fold`,
);
for (const { name, bytes: b } of allocations?.byFunction.slice(0, 6) ?? []) {
  console.log(`  ${(b / (5 * wire.length)).toFixed(0).padStart(6)} B  ${name}`);
}
process.exit(0);
