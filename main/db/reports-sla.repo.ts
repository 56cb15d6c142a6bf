import type { Db } from './connection.js';
import type { ReportFilters } from '../../shared/contracts/reports.js';
import { groupQuantiles, rollupWhere, versionIdOf, type GroupQuantiles } from './reports-common.repo.js';

export interface SlaCounts {
  repId: string | null;
  repName: string | null;
  handoffs: number;
  withDue: number;
  pending: number;
  pendingBreached: number;
  decided: number;
  decidedLate: number;
}

/** Handoffs made in the range, with their lead-side filters (campaign, channel) from the rollup. */
function handoffFilter(db: Db, f: ReportFilters): { sql: string; params: unknown[] } {
  const lead = rollupWhere(db, { campaignId: f.campaignId, channel: f.channel });
  const clauses = ['h.deleted = 0', lead.sql];
  const params: unknown[] = [...lead.params];
  if (f.from !== undefined) {
    clauses.push('h.handed_at >= ?');
    params.push(f.from);
  }
  if (f.to !== undefined) {
    clauses.push('h.handed_at < ?');
    params.push(f.to);
  }
  if (f.version !== undefined) {
    clauses.push('h.version_id = ?');
    params.push(versionIdOf(db, f.version));
  }
  if (f.repId) {
    clauses.push('h.rep_id = ?');
    params.push(f.repId);
  }
  return { sql: clauses.join(' AND '), params };
}

/** Per rep: handoffs, pending (and past due at `asOf`), decided (and after the due time). */
export function slaCounts(db: Db, f: ReportFilters, asOf: number): SlaCounts[] {
  const w = handoffFilter(db, f);
  return db
    .prepare(
      `SELECT h.rep_id AS repId, (SELECT name FROM users WHERE id = h.rep_id) AS repName, count(*) AS handoffs,
              count(h.sla_due_at) AS withDue,
              sum(h.decision = 'pending') AS pending,
              sum(h.decision = 'pending' AND h.sla_due_at < ?) AS pendingBreached,
              sum(h.decision <> 'pending') AS decided,
              sum(h.decision <> 'pending' AND h.decided_at > h.sla_due_at) AS decidedLate
       FROM handoffs h JOIN lead_rollup r ON r.lead_id = h.lead_id
       WHERE ${w.sql} GROUP BY h.rep_id ORDER BY repName`,
    )
    .all(asOf, ...w.params) as SlaCounts[];
}

/** Median and p80 hours from handoff to decision, per rep and over all (key '*'). */
export function decisionHours(db: Db, f: ReportFilters): { perRep: Map<string | null, GroupQuantiles>; all: GroupQuantiles | null } {
  const w = handoffFilter(db, f);
  const values = (group: string) =>
    `SELECT ${group}, (h.decided_at - h.handed_at) / 3600000.0 FROM handoffs h JOIN lead_rollup r ON r.lead_id = h.lead_id
     WHERE ${w.sql} AND h.decision <> 'pending' AND h.decided_at IS NOT NULL AND h.decided_at >= h.handed_at`;
  const perRep = groupQuantiles(db, values('h.rep_id'), w.params, [0.5, 0.8]);
  const all = groupQuantiles(db, values(`'*'`), w.params, [0.5, 0.8]).get('*') ?? null;
  return { perRep, all };
}
