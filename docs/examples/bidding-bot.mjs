// A complete Gavel bidding bot, written from docs/PROTOCOL.md alone.
//
//   node docs/examples/bidding-bot.mjs http://192.168.1.20:4700 ABCD-EFGH 50000
//
// It bids the next valid amount on every lot until its own limit (minor
// units), never against itself, and prints what happens.
import { io } from 'socket.io-client';

/** Starts a bot; resolves with a handle once the first snapshot arrived. */
export function startBot({ url, code, limit, log = console.log }) {
  const socket = io(url, { auth: { code, protocol: 1 }, transports: ['websocket'] });
  let state = null; // the public state from the snapshot, kept current by events
  let me = null; // our team id
  let pending = false;
  let lastTried = ''; // the lot and amount of our last bid, so a refusal is not repeated

  // Increments (docs/PROTOCOL.md, "Money and increments").
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

  const maybeBid = async () => {
    if (pending || !state || state.status !== 'running' || state.phase !== 'open') return;
    const lot = state.current;
    if (lot.bids.at(-1)?.teamId === me) return; // never outbid ourselves
    const amount = nextAmount();
    if (amount > limit || lastTried === `${lot.lotId}:${amount}`) return;
    lastTried = `${lot.lotId}:${amount}`;
    pending = true;
    const bidId = `bot-${me}-${lot.lotId}-${amount}`; // the same bid retried keeps its id
    try {
      const ack = await socket.timeout(5000).emitWithAck('bid:place', { bidId, lotId: lot.lotId, amount });
      log(ack.ok ? `bid ${amount} on ${lot.lotId}: accepted` : `bid ${amount} on ${lot.lotId}: ${ack.error.code}`);
    } catch {
      log(`bid ${amount} on ${lot.lotId}: no answer`);
    } finally {
      pending = false;
    }
    void maybeBid(); // events that arrived while we waited may call for another bid
  };

  // Events are folded in seq order; a gap means we missed something: ask again.
  const onEvent = (event) => {
    if (!state || event.seq <= state.seq) return;
    if (event.seq !== state.seq + 1) {
      socket.emit('snapshot:get', {}, (ack) => {
        if (ack.ok) state = ack.data.state;
      });
      return;
    }
    state = applyEvent(state, event);
    if (event.type === 'lot:sold') log(`${event.lotId} sold to ${event.teamId} for ${event.amount}`);
    if (event.type === 'lot:unsold') log(`${event.lotId} unsold`);
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
        return { ...s, seq: e.seq, status: 'running' };
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

  return new Promise((resolve, reject) => {
    socket.on('connect_error', (err) => {
      if (err.data) reject(new Error(`refused: ${err.data.code}: ${err.data.message}`));
    });
    socket.on('auction:snapshot', (snapshot) => {
      const first = state === null;
      state = snapshot.state;
      me = snapshot.teamId;
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
