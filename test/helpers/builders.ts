import {
  apply,
  createAuction,
  type Actor,
  type ApplyResult,
  type AuctionConfig,
  type AuctionEvent,
  type AuctionRules,
  type AuctionState,
  type Command,
  type Lot,
  type Team,
  type TeamId,
} from '../../shared/auction';

/** The host time tests start the auction at. */
export const T0 = 1_000_000;

export const ADMIN: Actor = { role: 'admin' };
export const SYSTEM: Actor = { role: 'system' };
export const SPECTATOR: Actor = { role: 'spectator' };
export function teamActor(teamId: TeamId): Actor {
  return { role: 'team', teamId };
}

/** Round numbers, a fixed step and a catalog order: easy to reason about in a test. */
export const DEFAULT_RULES: AuctionRules = {
  currency: 'INR',
  moneyStyle: 'standard',
  purse: 1000,
  squadMin: 0,
  squadMax: 5,
  categoryQuotas: {},
  minimumPrice: 10,
  increments: { kind: 'fixed', step: 10 },
  lotOpenMs: 10_000,
  bidExtendMs: 5_000,
  graceMs: 300,
  gapMs: 2_000,
  order: { mode: 'catalog' },
  rounds: 1,
};

/** IPL increments in lakh [INC2]. */
export const IPL_SLABS: AuctionRules['increments'] = {
  kind: 'slabs',
  slabs: [
    { upTo: 100, step: 5 },
    { upTo: 200, step: 10 },
    { upTo: 500, step: 20 },
    { upTo: null, step: 25 },
  ],
};

export function makeTeam(i: number, overrides: Partial<Team> = {}): Team {
  return { id: `T${i}`, name: `Team ${i}`, short: `T${i}`, purse: DEFAULT_RULES.purse, ...overrides };
}

export function makeLot(i: number, overrides: Partial<Lot> = {}): Lot {
  return { id: `L${i}`, name: `Lot ${i}`, category: 'bat', basePrice: 100, set: 'S1', extra: {}, ...overrides };
}

export interface ConfigOptions {
  /** A count (T1..Tn with the rules' purse) or the teams themselves. */
  readonly teams?: number | readonly Team[];
  /** A count (L1..Ln, base price 100, category `bat`, set `S1`) or the lots themselves. */
  readonly lots?: number | readonly Lot[];
  readonly rules?: Partial<AuctionRules>;
  readonly name?: string;
}

/** A valid config: `makeConfig({ teams: 3, lots: 5, rules: { gapMs: 0 } })`. */
export function makeConfig(options: ConfigOptions = {}): AuctionConfig {
  const rules = { ...DEFAULT_RULES, ...options.rules };
  const teams = options.teams ?? 3;
  const lots = options.lots ?? 5;
  return {
    name: options.name ?? 'Test league',
    rules,
    teams:
      typeof teams === 'number'
        ? Array.from({ length: teams }, (_, i) => makeTeam(i + 1, { purse: rules.purse }))
        : teams,
    lots: typeof lots === 'number' ? Array.from({ length: lots }, (_, i) => makeLot(i + 1)) : lots,
  };
}

/** An auction in setup, created at T0 − 1000, with its events. */
export function makeSetup(options: ConfigOptions = {}): { state: AuctionState; events: AuctionEvent[] } {
  return createAuction('auction-1', makeConfig(options), T0 - 1000);
}

/** An auction started at T0: the first lot is open until T0 + lotOpenMs (or the first team nominates). */
export function makeRunning(options: ConfigOptions = {}): AuctionState {
  return makeRunningWithEvents(options).state;
}

export function makeRunningWithEvents(options: ConfigOptions = {}): { state: AuctionState; events: AuctionEvent[] } {
  const setup = makeSetup(options);
  const started = run(setup.state, [{ type: 'auction:start' }]);
  return { state: started.state, events: [...setup.events, ...started.events] };
}

/** One command with who sends it and when. */
export interface Step {
  readonly command: Command;
  readonly actor: Actor;
  /** Host time; defaults to the previous step's time (T0 for the first). */
  readonly now?: number;
}

/** A plain command runs as admin (a tick as the system); a function may read the state (e.g. the open lot). */
export type StepLike = Command | Step | ((state: AuctionState) => Step);

let bidCounter = 0;
function nextBidId(): string {
  bidCounter += 1;
  return `bid-${bidCounter}`;
}

function toStep(step: StepLike, state: AuctionState): Step {
  if (typeof step === 'function') return step(state);
  if ('command' in step) return step;
  return { command: step, actor: step.type === 'clock:tick' ? SYSTEM : ADMIN };
}

/** A team's bid on the open lot (or on `lotId`). */
export function bid(
  teamId: TeamId,
  amount: number,
  options: { now?: number; lotId?: string; bidId?: string } = {},
): (state: AuctionState) => Step {
  return (state) => ({
    command: {
      type: 'bid:place',
      bidId: options.bidId ?? nextBidId(),
      lotId: options.lotId ?? state.current?.lotId ?? 'none',
      amount,
    },
    actor: teamActor(teamId),
    now: options.now,
  });
}

/** The auctioneer's floor bid for a team on the open lot [AUC8]. */
export function floorBid(
  teamId: TeamId,
  amount: number,
  options: { now?: number } = {},
): (state: AuctionState) => Step {
  return (state) => ({
    command: { type: 'bid:floor', bidId: nextBidId(), lotId: state.current?.lotId ?? 'none', teamId, amount },
    actor: ADMIN,
    now: options.now,
  });
}

/** The host clock's tick at `now`. */
export function tick(now: number): Step {
  return { command: { type: 'clock:tick' }, actor: SYSTEM, now };
}

/** An admin command at `now`. */
export function at(now: number, command: Command, actor: Actor = ADMIN): Step {
  return { command, actor, now };
}

export interface RunResult {
  readonly state: AuctionState;
  readonly events: AuctionEvent[];
  readonly now: number;
}

/** Apply steps in order; throws on the first refused one (use `attempt` to expect an error). */
export function run(state: AuctionState, steps: readonly StepLike[], now = T0): RunResult {
  const events: AuctionEvent[] = [];
  let current = state;
  let clock = now;
  for (const [i, stepLike] of steps.entries()) {
    const step = toStep(stepLike, current);
    clock = step.now ?? clock;
    const result = apply(current, step.command, { now: clock, actor: step.actor });
    if (!result.ok) {
      throw new Error(`step ${i} (${step.command.type}) refused: ${result.error.code}: ${result.error.message}`);
    }
    current = result.state;
    events.push(...result.events);
  }
  return { state: current, events, now: clock };
}

/** Apply one step and return the raw result. */
export function attempt(state: AuctionState, stepLike: StepLike, now = T0): ApplyResult {
  const step = toStep(stepLike, state);
  return apply(state, step.command, { now: step.now ?? now, actor: step.actor });
}

/** The error code of a step that must be refused. */
export function errorOf(state: AuctionState, stepLike: StepLike, now = T0): string {
  const result = attempt(state, stepLike, now);
  if (result.ok) throw new Error('expected the step to be refused, but it was accepted');
  return result.error.code;
}

/** Steps that sell the open lot to `teamId` at `amount` (a bid, then the hammer). */
export function sell(teamId: TeamId, amount: number): StepLike[] {
  return [bid(teamId, amount), { type: 'lot:hammer' }];
}

/** The event types, in order: a compact way to assert what a command did. */
export function typesOf(events: readonly AuctionEvent[]): string[] {
  return events.map((event) => event.type);
}
