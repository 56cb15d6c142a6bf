import type { Db } from '../../../main/db/connection.js';
import * as handoffsService from '../../../main/services/handoffs.js';
import * as reasonsService from '../../../main/services/reasons.js';
import * as usersService from '../../../main/services/users.js';
import type { HandoffRow } from '../../../shared/contracts/handoffs.js';
import type { RejectionReason } from '../../../shared/contracts/reasons.js';
import type { User } from '../../../shared/contracts/users.js';

const HOUR = 3_600_000;

export interface TriageWorkspace {
  rep: User;
  manager: User;
  /** The rep's pending handoffs, in inbox order (SLA due time). */
  pending: HandoffRow[];
  /** Active reasons in picker order: reason `code` answers to number key `keyOf(code)`. */
  reasons: RejectionReason[];
  keyOf(code: string): string;
  reason(code: string): RejectionReason;
}

/**
 * A new sales rep with exactly `count` pending handoffs, made the way a workspace gets them: the
 * sales owner reroutes other reps' pending MQLs to the new rep through the handoff service (a
 * "duplicate / already in an open deal" rejection). The reroutes are dated a few hours apart into
 * the past, so the new queue holds handoffs past their SLA and handoffs still inside it. The new
 * rep is left as the current user.
 */
export function makeTriageWorkspace(db: Db, count = 20, now = Date.now()): TriageWorkspace {
  const users = usersService.list(db);
  const manager = users.find((u) => u.team === 'sales' && u.role === 'owner');
  if (!manager) throw new Error('the demo has no sales owner');
  const rep = usersService.create(db, {
    name: 'Robin Okafor',
    email: 'robin.okafor@example.com',
    team: 'sales',
    role: 'member',
  });
  usersService.setCurrent(db, manager.id);

  const reasons = reasonsService.list(db, false).sort((a, b) => a.position - b.position);
  const reroute = reasons.find((r) => r.code === 'duplicate');
  if (!reroute) throw new Error('no "duplicate" reroute reason');
  const others = handoffsService
    .list(db, { filters: { status: 'pending' }, sort: { column: 'handedAt', dir: 'desc' }, limit: 200 })
    .rows.filter((h) => h.repId !== null && h.repId !== rep.id)
    .slice(0, count);
  if (others.length < count) throw new Error(`only ${others.length} pending handoffs to reroute`);
  others.forEach((h, i) => {
    // Spread over the last ~4 days: the oldest are past a 48-hour SLA, the newest are not.
    const at = now - (count - i) * 5 * HOUR;
    handoffsService.decide(db, h.id, { decision: 'reject', reasonId: reroute.id, rerouteToRepId: rep.id }, at);
  });
  usersService.setCurrent(db, rep.id);
  const pending = handoffsService.inbox(db, { repId: rep.id }, now).pending;
  if (pending.length !== count) throw new Error(`the new rep has ${pending.length} pending handoffs, not ${count}`);

  const reason = (code: string) => {
    const r = reasons.find((x) => x.code === code);
    if (!r) throw new Error(`no active reason ${code}`);
    return r;
  };
  return { rep, manager, pending, reasons, reason, keyOf: (code) => String(reasons.indexOf(reason(code)) + 1) };
}
