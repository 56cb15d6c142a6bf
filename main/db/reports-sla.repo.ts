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
 * The handoffs whose SLA counters need a look at their times (migration 0017's handoffs_sla_marks,
 * stated verbatim so SQLite uses it): pending, or without a due time, or decided late, or decided
 * with no decision time or one before the handoff. Every other handoff is decided, on time and
 * timed, so it adds one to the handoffs, withDue and timed counts and nothing else.
 */
const MARKED = `h.deleted = 0 AND (h.decision = 'pending' OR h.sla_due_at IS NULL OR h.decided_at IS NULL OR h.decided_at > h.sla_due_at OR h.decided_at < h.handed_at)`;

/**
 * Per rep: handoffs, pending (and past due at `asOf`), decided (and after the due time). Two walks,
 * both grouped by (rep, decision) in their index's own order: every handoff is only counted (along
 * handoffs_sla), and the marked ones (a quarter in the demo) are looked at along their own partial
 * index; the groups (three a rep at most) are added up here.
 */
export function slaCounts(db: Db, f: ReportFilters, asOf: number): SlaCounts[] {
  const w = handoffFilter(db, f);
  // The walks name their indexes; a file before migration 0017 (the upgrade tests read one) groups.
  const unfiltered =
    f.from === undefined && f.to === undefined && f.version === undefined && !f.repId && !f.campaignId && !f.channel && hasIndex(db, 'handoffs_sla_marks');
  const all = unfiltered
    ? groupsAlongIndex(db, w.sql)
    : (db
        .prepare(`SELECT h.rep_id AS repId, h.decision AS decision, count(*) AS n FROM ${w.from} WHERE ${w.sql} GROUP BY h.rep_id, h.decision`)
        .all(...w.params) as { repId: string | null; decision: string; n: number }[]);
  const marked = unfiltered
    ? marksPerGroup(db, w.sql, all, asOf)
    : (db
        .prepare(
          `SELECT h.rep_id AS repId, h.decision AS decision, count(*) AS n, count(h.sla_due_at) AS withDue,
              sum(h.sla_due_at < ?) AS pastDue, sum(h.decided_at > h.sla_due_at) AS late,
              sum(h.decided_at >= h.handed_at) AS timed
       FROM ${w.from} WHERE ${MARKED} AND ${w.sql} GROUP BY h.rep_id, h.decision`,
        )
        .all(asOf, ...w.params) as Marks[]);
  const key = (repId: string | null, decision: string) => JSON.stringify([repId, decision]);
  const marks = new Map(marked.map((m) => [key(m.repId, m.decision), m]));
  const groups = all.map((g) => {
    const m = marks.get(key(g.repId, g.decision));
    const plain = g.n - (m?.n ?? 0);
    return { repId: g.repId, decision: g.decision, n: g.n, withDue: plain + (m?.withDue ?? 0), pastDue: m?.pastDue ?? 0, late: m?.late ?? 0, timed: plain + (m?.timed ?? 0) };
  });
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

const hasIndex = (db: Db, name: string) => db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'index' AND name = ?`).get(name) !== undefined;

/**
 * Every (rep, decision) group of the unfiltered handoffs and its size, along handoffs_sla_groups
 * (migration 0022, whose predicate the query states): each group found by seeking past the one
 * before and counted as an index range, which only steps, instead of GROUP BY, which reads and
 * compares every entry's rep and decision (18 ms CPU at 1M, 205k handoffs; ~4 ms this way).
 * `live`: the filter's predicate (not deleted, the lead not deleted), no params.
 */
function groupsAlongIndex(db: Db, live: string): { repId: string | null; decision: string; n: number }[] {
  // handoffs_sla_groups has no lead_id: with a deleted lead to leave out it would read the table, so
  // then (and in a file not yet at migration 0022, as the upgrade tests read) the wider handoffs_sla.
  const narrow = leadIsLive(db, 'h.lead_id') === '1' && hasIndex(db, 'handoffs_sla_groups');
  const from = narrow ? `handoffs h INDEXED BY handoffs_sla_groups WHERE h.rep_id IS h.rep_id AND ${live}` : `handoffs h INDEXED BY handoffs_sla WHERE ${live}`;
  const first = db.prepare(`SELECT h.rep_id, h.decision FROM ${from} ORDER BY h.rep_id, h.decision LIMIT 1`).raw();
  // NULL sorts first: the rep after the unassigned group is the least non-null one.
  const nextRep = db.prepare(`SELECT h.rep_id, h.decision FROM ${from} AND h.rep_id > ? ORDER BY h.rep_id, h.decision LIMIT 1`).raw();
  const firstNamedRep = db.prepare(`SELECT h.rep_id, h.decision FROM ${from} AND h.rep_id IS NOT NULL ORDER BY h.rep_id, h.decision LIMIT 1`).raw();
  const nextDecision = db.prepare(`SELECT h.decision FROM ${from} AND h.rep_id IS ? AND h.decision > ? ORDER BY h.decision LIMIT 1`).pluck();
  const size = db.prepare(`SELECT count(*) FROM ${from} AND h.rep_id IS ? AND h.decision = ?`).pluck();
  const out: { repId: string | null; decision: string; n: number }[] = [];
  let group = first.get() as [string | null, string] | undefined;
  while (group) {
    const repId = group[0];
    for (let decision: string | undefined = group[1]; decision !== undefined; decision = nextDecision.get(repId, decision) as string | undefined)
      out.push({ repId, decision, n: size.get(repId, decision) as number });
    group = (repId === null ? firstNamedRep.get() : nextRep.get(repId)) as [string | null, string] | undefined;
  }
  return out;
}

type Marks = { repId: string | null; decision: string; n: number; withDue: number; pastDue: number | null; late: number | null; timed: number | null };

/**
 * The marked handoffs' counters of each unfiltered group. Every pending handoff is marked, and a
 * pending group needs only its due times: those are ranges of handoffs_sla (rep, decision,
 * sla_due_at), the missing ones and the past-due ones. A decided group's marked rows are read along
 * handoffs_sla_marks as one range each, no GROUP BY (its marks query was 10 ms CPU of slaCounts' 27
 * at 1M, a third of its rows pending).
 */
function marksPerGroup(db: Db, live: string, groups: readonly { repId: string | null; decision: string; n: number }[], asOf: number): Marks[] {
  const inGroup = `${live} AND h.rep_id IS ? AND h.decision = ?`;
  const noDue = db.prepare(`SELECT count(*) FROM handoffs h INDEXED BY handoffs_sla WHERE ${inGroup} AND h.sla_due_at IS NULL`).pluck();
  const pastDue = db.prepare(`SELECT count(*) FROM handoffs h INDEXED BY handoffs_sla WHERE ${inGroup} AND h.sla_due_at < ?`).pluck();
  const decided = db.prepare(
    `SELECT count(*) AS n, count(h.sla_due_at) AS withDue, sum(h.decided_at > h.sla_due_at) AS late, sum(h.decided_at >= h.handed_at) AS timed
     FROM handoffs h INDEXED BY handoffs_sla_marks WHERE ${MARKED} AND ${inGroup}`,
  );
  return groups.map((g) => {
    if (g.decision === 'pending')
      return { repId: g.repId, decision: g.decision, n: g.n, withDue: g.n - (noDue.get(g.repId, g.decision) as number), pastDue: pastDue.get(g.repId, g.decision, asOf) as number, late: null, timed: null };
    const m = decided.get(g.repId, g.decision) as { n: number; withDue: number; late: number | null; timed: number | null };
    return { repId: g.repId, decision: g.decision, ...m, pastDue: null };
  });
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
