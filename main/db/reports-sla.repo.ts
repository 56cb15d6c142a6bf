import type { Db } from './connection.js';
import type { ReportFilters } from '../../shared/contracts/reports.js';
import { leadIsLive, orderedQuantiles, rollupWhere, versionIdOf, type GroupQuantiles } from './reports-common.repo.js';

export interface SlaCounts {
  repId: string | null;
  repName: string | null;
  handoffs: number;
  withDue: number;
  pending: number;
  pendingBreached: number;
  decided: number;
  decidedLate: number;
  /** Decided handoffs with a decision time at or after the handoff: those the decision hours are over. */
  timed: number;
}

/**
 * Handoffs made in the range. Without lead-side filters (campaign, channel) the query stays on the
 * handoffs' covering indexes and only checks the lead is not deleted; with them it joins the rollup.
 */
function handoffFilter(db: Db, f: ReportFilters): { from: string; sql: string; params: unknown[] } {
  const join = Boolean(f.campaignId || f.channel);
  const lead = join ? rollupWhere(db, { campaignId: f.campaignId, channel: f.channel }) : { sql: leadIsLive(db, 'h.lead_id'), params: [] };
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
  return { from: join ? 'handoffs h JOIN lead_rollup r ON r.lead_id = h.lead_id' : 'handoffs h', sql: clauses.join(' AND '), params };
}

/** The handoffs decision hours are measured over (besides not deleted). */
const TIMED = `h.decision <> 'pending' AND h.decided_at IS NOT NULL AND h.decided_at >= h.handed_at`;
/** The predicate of the decision-hours indexes (migration 0007), stated verbatim so SQLite uses them. */
const DECIDED = `h.deleted = 0 AND ${TIMED}`;

/**
 * Per rep: handoffs, pending (and past due at `asOf`), decided (and after the due time). One pass
 * along handoffs_sla grouped by (rep, decision), the index's own order: within a decision group the
 * counters need no test of the decision, so each handoff costs three plain comparisons; the groups
 * (three a rep at most) are added up here.
 */
export function slaCounts(db: Db, f: ReportFilters, asOf: number): SlaCounts[] {
  const w = handoffFilter(db, f);
  const groups = db
    .prepare(
      `SELECT h.rep_id AS repId, h.decision AS decision, count(*) AS n, count(h.sla_due_at) AS withDue,
              sum(h.sla_due_at < ?) AS pastDue, sum(h.decided_at > h.sla_due_at) AS late,
              sum(h.decided_at >= h.handed_at) AS timed
       FROM ${w.from} WHERE ${w.sql} GROUP BY h.rep_id, h.decision`,
    )
    .all(asOf, ...w.params) as { repId: string | null; decision: string; n: number; withDue: number; pastDue: number | null; late: number | null; timed: number | null }[];
  const byRep = new Map<string | null, Omit<SlaCounts, 'repName'>>();
  for (const g of groups) {
    const c = byRep.get(g.repId) ?? { repId: g.repId, handoffs: 0, withDue: 0, pending: 0, pendingBreached: 0, decided: 0, decidedLate: 0, timed: 0 };
    byRep.set(g.repId, c);
    c.handoffs += g.n;
    c.withDue += g.withDue;
    if (g.decision === 'pending') {
      c.pending += g.n;
      c.pendingBreached += g.pastDue ?? 0;
    } else {
      // A null decided_at compares as null and is not summed: TIMED's "decided_at IS NOT NULL".
      c.decided += g.n;
      c.decidedLate += g.late ?? 0;
      c.timed += g.timed ?? 0;
    }
  }
  const counts = [...byRep.values()];
  const name = db.prepare('SELECT name FROM users WHERE id = ?').pluck();
  return counts
    .map((c) => ({ ...c, repName: c.repId ? ((name.get(c.repId) as string | undefined) ?? null) : null }))
    .sort((a, b) => (a.repName ?? '\uffff').localeCompare(b.repName ?? '\uffff'));
}

const HOURS = '(h.decided_at - h.handed_at)';

/**
 * Median and p80 hours from handoff to decision, per rep and over all: walks along the hours indexes.
 * `counts` are slaCounts' rows for the same filters: their `timed` are the sizes of the walks' sets,
 * so no walk is spent counting.
 */
export function decisionHours(
  db: Db,
  f: ReportFilters,
  counts: readonly Pick<SlaCounts, 'repId' | 'timed'>[],
): { perRep: Map<string | null, GroupQuantiles>; all: GroupQuantiles } {
  const w = handoffFilter(db, f);
  const toHours = (q: GroupQuantiles): GroupQuantiles => ({ n: q.n, values: q.values.map((v) => (v === null ? null : v / 3_600_000)) });
  const perRep = new Map<string | null, GroupQuantiles>();
  for (const c of counts)
    perRep.set(c.repId, toHours(orderedQuantiles(db, w.from, `${DECIDED} AND h.rep_id IS ? AND ${w.sql}`, HOURS, [c.repId, ...w.params], [0.5, 0.8], c.timed)));
  const total = counts.reduce((s, c) => s + c.timed, 0);
  const all = toHours(orderedQuantiles(db, w.from, `${DECIDED} AND ${w.sql}`, HOURS, w.params, [0.5, 0.8], total));
  return { perRep, all };
}
