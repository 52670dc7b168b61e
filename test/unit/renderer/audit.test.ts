import { describe, expect, it } from 'vitest';
import { auditToCsv, toAuditRows } from '../../../renderer/lib/audit';
import { toPublicEvent } from '../../../shared/auction/views';
import { bid, floorBid, makeRunningWithEvents, run, teamActor, tick, T0 } from '../../helpers/builders';

describe('the audit log as rows and CSV', () => {
  it("names lots and teams, keeps floor and automatic flags, and an adjustment's reason", () => {
    const start = makeRunningWithEvents({ teams: 2, lots: 2, rules: { gapMs: 0 } });
    const later = run(start.state, [
      bid('T1', 100),
      floorBid('T2', 110),
      tick(T0 + 99_999),
      { type: 'purse:adjust', teamId: 'T1', delta: 50, reason: '=HYPERLINK("x") refund' },
    ]);
    const rows = toAuditRows([...start.events, ...later.events], start.state.config);
    expect(rows.map((r) => r.seq)).toEqual(rows.map((_, i) => i + 1));
    const bids = rows.filter((r) => r.type === 'bid:accepted');
    expect(bids.map((r) => [r.team, r.lot, r.amount, r.isFloor, r.by])).toEqual([
      ['Team 1', 'Lot 1', 100, false, 'team'],
      ['Team 2', 'Lot 1', 110, true, 'admin'],
    ]);
    expect(rows.find((r) => r.type === 'lot:sold')).toMatchObject({ team: 'Team 2', amount: 110, isAutomatic: true });
    expect(rows.find((r) => r.type === 'purse:adjusted')).toMatchObject({ amount: 50, note: '=HYPERLINK("x") refund' });
    const csv = auditToCsv(rows, start.state.config);
    expect(csv.split('\r\n')[0]).toContain('host_time_utc');
    expect(csv).toContain(`'=HYPERLINK`);
    expect(csv.trim().split('\r\n')).toHaveLength(rows.length + 1);
  });

  it('[PRX3] [PRX6] marks automatic bids and shows a withheld proxy event without its maximum', () => {
    const start = makeRunningWithEvents({ teams: 2, lots: 2 });
    const later = run(start.state, [
      { command: { type: 'proxy:set', lotId: 'L1', max: 437 }, actor: teamActor('T1') },
      bid('T2', 150),
    ]);
    const rows = toAuditRows([...start.events, ...later.events].map(toPublicEvent), start.state.config);
    expect(rows.find((r) => r.type === 'event:withheld')).toMatchObject({ note: 'private to a team', amount: null });
    expect(rows.filter((r) => r.type === 'bid:accepted').map((r) => [r.team, r.amount, r.note.split(' ')[0]])).toEqual([
      ['Team 1', 100, 'auto'],
      ['Team 2', 150, 'bid'],
      ['Team 1', 160, 'auto'],
    ]);
    expect(auditToCsv(rows, start.state.config)).not.toContain('437');
  });
});
