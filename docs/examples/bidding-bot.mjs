// A complete Gavel bidding bot, written from docs/PROTOCOL.md alone.
//
//   node docs/examples/bidding-bot.mjs http://192.168.1.20:4700 ABCD-EFGH 50000
//
// It bids the next valid amount on every lot until its own limit (minor
// units), never against itself, and prints what happens. It rides out a host
// restart: Socket.IO reconnects, the snapshot replaces what it held, and a bid
// whose ack was lost is sent again with the same bidId (PROTOCOL.md §3).
import { io } from 'socket.io-client';

const ACK_TIMEOUT_MS = 5_000;
const TRIES = 4;

/** Starts a bot; resolves with a handle once the first snapshot arrived. */
export function startBot({ url, code, limit, log = console.log }) {
  const socket = io(url, { auth: { code, protocol: 1 }, transports: ['websocket'] });
  let state = null; // the public state from the snapshot, kept current by events
  let me = null; // our team id
  let pending = false;
  let lastTried = ''; // the lot and amount of our last bid, so a refusal is not repeated
  let bids = 0; // for fresh bidIds: unique per team is enough (§3, "bidId")

  // Increments (PROTOCOL.md §5).
  const incrementAt = (rules, high) => {
    if (rules.increments.kind === 'fixed') return rules.increments.step;
    const slab = rules.increments.slabs.find((s) => s.upTo === null || high < s.upTo);
    return slab.step;
  };
  const nextAmount = () => {
    const lot = state.current;
    const catalogLot = state.config.lots.find((l) => l.id === lot.lotId);
    const high = lot.bids.at(-1);
    return high ? high.amount + incrementAt(state.config.rules, high.amount) : catalogLot.basePrice;
  };
  const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

  /** Sends one bid; a lost ack is retried with the same bidId, a rate limit after the wait the host names. */
  const send = async (payload) => {
    for (let attempt = 1; ; attempt++) {
      try {
        const ack = await socket.timeout(ACK_TIMEOUT_MS).emitWithAck('bid:place', payload);
        if (ack.ok || ack.error.code !== 'rate_limited' || attempt >= TRIES) return ack;
        await sleep(ack.error.retryAfterMs ?? 1_000);
      } catch {
        if (attempt >= TRIES) return null; // no answer: the host may be down; the next snapshot tells
      }
    }
  };

  const maybeBid = async () => {
    if (pending || !state || state.status !== 'running' || state.phase !== 'open') return;
    const lot = state.current;
    if (lot.bids.at(-1)?.teamId === me) return; // never outbid ourselves
    const amount = nextAmount();
    if (amount > limit || lastTried === `${lot.lotId}:${amount}`) return;
    lastTried = `${lot.lotId}:${amount}`;
    pending = true;
    bids += 1;
    const bidId = `bot-${bids}-${Date.now().toString(36)}`;
    const ack = await send({ bidId, lotId: lot.lotId, amount });
    pending = false;
    if (!ack) log(`bid ${amount} on ${lot.lotId}: no answer`);
    else if (ack.ok) log(`bid ${amount} on ${lot.lotId}: accepted as bid ${ack.data.bid.id}`);
    else log(`bid ${amount} on ${lot.lotId}: ${ack.error.code}`);
    void maybeBid(); // events that arrived while we waited may call for another bid
  };

  // Events are folded in seq order; a gap means we missed something: ask again.
  const onEvent = (event) => {
    if (!state || event.seq <= state.seq) return;
    if (event.seq !== state.seq + 1) {
      socket.emit('snapshot:get', {}, (ack) => {
        if (ack.ok) state = ack.data.state;
        void maybeBid();
      });
      return;
    }
    state = applyEvent(state, event);
    if (event.type === 'lot:sold') log(`${event.lotId} sold to ${event.teamId} for ${event.amount}`);
    if (event.type === 'lot:unsold') log(`${event.lotId} unsold`);
    if (event.type === 'auction:paused') log('paused');
    if (event.type === 'auction:resumed') log('resumed');
    if (event.type === 'auction:finished') log('finished');
    void maybeBid();
  };

  // The bot keeps only what it needs: the open lot, its bids, the status.
  function applyEvent(s, e) {
    switch (e.type) {
      case 'lot:opened':
        return {
          ...s,
          seq: e.seq,
          status: 'running',
          phase: 'open',
          current: { lotId: e.lotId, endsAt: e.endsAt, bids: [] },
        };
      case 'bid:accepted':
        return {
          ...s,
          seq: e.seq,
          current: { ...s.current, endsAt: e.endsAt, bids: [...s.current.bids, e.bid].slice(-50) },
        };
      case 'lot:sold':
      case 'lot:unsold':
        return { ...s, seq: e.seq, phase: 'gap', current: null };
      case 'auction:paused':
        return { ...s, seq: e.seq, status: 'paused' };
      case 'auction:resumed':
        return { ...s, seq: e.seq, status: 'running', phase: e.phase };
      case 'auction:finished':
        return { ...s, seq: e.seq, status: 'finished', phase: 'idle', current: null };
      default:
        return { ...s, seq: e.seq };
    }
  }

  for (const type of [
    'lot:opened',
    'bid:accepted',
    'lot:sold',
    'lot:unsold',
    'auction:paused',
    'auction:resumed',
    'auction:finished',
    'auction:started',
    'round:started',
    'lot:extended',
    'lot:nominating',
    'sale:undone',
    'purse:adjusted',
    'auction:configured',
  ]) {
    socket.on(type, onEvent);
  }

  socket.on('disconnect', (reason) => log(`disconnected (${reason})`));

  return new Promise((resolve, reject) => {
    socket.on('connect_error', (err) => {
      if (!err.data) return; // the host is unreachable: Socket.IO keeps trying
      const { code: why, message, retryAfterMs } = err.data;
      // A refusal to come back later: Socket.IO does not retry it by itself (§1).
      if (why === 'rate_limited' || why === 'too_many_connections') {
        setTimeout(() => socket.connect(), retryAfterMs ?? 3_000);
        return;
      }
      reject(new Error(`refused: ${why}: ${message}`));
    });
    socket.on('auction:snapshot', (snapshot) => {
      const first = state === null;
      // A snapshot replaces everything, even when it is older than what we held (§2).
      state = snapshot.state;
      me = snapshot.teamId;
      lastTried = '';
      if (first)
        resolve({
          socket,
          get state() {
            return state;
          },
          close: () => socket.close(),
        });
      void maybeBid();
    });
  });
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop())) {
  const [url, code, limit] = process.argv.slice(2);
  if (!url || !code) {
    console.error('usage: node bidding-bot.mjs URL CODE [LIMIT]');
    process.exit(2);
  }
  startBot({ url, code, limit: Number(limit ?? Infinity) }).catch((err) => {
    console.error(err.message);
    process.exit(1);
  });
}
