import type { Db } from './connection.js';
import type { ScoringLead, ScoringTouchpoint } from '../../shared/domain/scoring.js';

/**
 * Reads for backtests and suggestions: leads in id order (keyset) with what happened to them, and
 * their touchpoints. Read only: nothing here writes.
 */

export interface HistoryLead {
  id: string;
  rowid: number;
  name: string;
  company: string;
  createdAt: number;
  lead: ScoringLead;
  /** First live handoff of the lead. */
  handedAt: number | null;
  decision: 'accepted' | 'rejected' | 'pending' | null;
  reasonCode: string | null;
  reasonLabel: string | null;
  sqlAt: number | null;
  wonAt: number | null;
  lostAt: number | null;
  revenue: number;
}

type Raw = [
  string, number, string | null, string, string, string | null, string, string | null, number | null, string | null, string | null,
  number | null, string | null, string, number, number | null, string | null, string | null, string | null, number | null, number | null,
  number | null, number | null,
];

export interface Period {
  from: number | null;
  to: number | null;
}

/**
 * Which leads a reader returns: all of them, only those with a won or lost outcome, only those with
 * an accepted or rejected first handoff, or an even sample (every stride-th row) for estimates.
 * Fixed SQL fragments: the values are bound.
 */
export type LeadSelection = 'all' | 'won_lost' | 'decided' | { stride: number };
const SELECTION_SQL: Record<'all' | 'won_lost' | 'decided' | 'stride', string> = {
  all: '',
  won_lost: 'AND (r.won_at IS NOT NULL OR r.lost_at IS NOT NULL)',
  decided: "AND h.decision IN ('accepted', 'rejected')",
  stride: 'AND l.rowid % @stride = 0',
};

/**
 * The ids a sparse selection may hold, from a narrow table (a superset for 'decided': the chunk
 * query keeps only leads whose first handoff was decided), so a reader visits those leads alone
 * instead of walking every lead.
 */
export function selectionIds(db: Db, selection: Exclude<LeadSelection, 'all'>): string[] {
  if (selection === 'won_lost') {
    return db
      .prepare('SELECT lead_id FROM lead_rollup WHERE deleted = 0 AND (won_at IS NOT NULL OR lost_at IS NOT NULL) ORDER BY lead_id')
      .pluck()
      .all() as string[];
  }
  if (selection === 'decided') {
    return db
      .prepare("SELECT DISTINCT lead_id FROM handoffs WHERE deleted = 0 AND decision IN ('accepted', 'rejected') ORDER BY lead_id")
      .pluck()
      .all() as string[];
  }
  return db.prepare('SELECT id FROM leads WHERE deleted = 0 AND rowid % ? = 0 ORDER BY id').pluck().all(Math.max(1, Math.floor(selection.stride))) as string[];
}

// The first live handoff per lead is kept by the rollup (handoff_id, migration 0011, by handed_at
// then id), as are the ladder and outcomes: one primary-key join instead of a per-lead subquery.
// Unary + keeps the period filter off leads_created: that index would make every chunk a scan of
// the period plus a sort, instead of a walk of the primary key from the last id.
const chunkSql = (keyset: boolean, selection: string) => `
  SELECT l.id, l.rowid, l.email, l.name, l.company, l.domain, l.country, l.industry, l.employees, l.job_title, l.seniority,
    l.budget, l.source, l.attributes, l.created_at, h.handed_at, h.decision, rr.code, rr.label,
    r.sql_at, r.won_at, r.lost_at, r.revenue
  FROM leads l
  LEFT JOIN lead_rollup r ON r.lead_id = l.id
  LEFT JOIN handoffs h ON h.id = r.handoff_id
  LEFT JOIN rejection_reasons rr ON rr.id = h.reason_id
  WHERE ${keyset ? 'l.id > @after' : 'l.id IN (SELECT value FROM json_each(@ids))'} AND l.deleted = 0
    AND +l.created_at >= @from AND +l.created_at < @to ${selection}
  ORDER BY l.id LIMIT @limit`;

export function historyReader(db: Db, period: Period, selection: LeadSelection = 'all') {
  const kind = typeof selection === 'string' ? selection : 'stride';
  const stmt = db.prepare(chunkSql(true, SELECTION_SQL[kind])).raw();
  const byIds = db.prepare(chunkSql(false, SELECTION_SQL[kind])).raw();
  const bounds = {
    from: period.from ?? -1,
    to: period.to ?? Number.MAX_SAFE_INTEGER,
    ...(typeof selection === 'object' ? { stride: Math.max(1, Math.floor(selection.stride)) } : {}),
  };
  const read = (rows: Raw[]): HistoryLead[] => rows.map(toHistoryLead);
  return {
    /** The next leads after `after` in id order. */
    after: (after: string, limit: number): HistoryLead[] => read(stmt.all({ ...bounds, after, limit }) as Raw[]),
    /** These leads (those of them the selection keeps), in id order. */
    ids: (ids: readonly string[]): HistoryLead[] => read(byIds.all({ ...bounds, ids: JSON.stringify(ids), limit: ids.length }) as Raw[]),
  };
}

function toHistoryLead(r: Raw): HistoryLead {
  return {
    id: r[0],
    rowid: r[1],
    name: r[3],
    company: r[4],
    createdAt: r[14],
    lead: {
      email: r[2],
      name: r[3],
      company: r[4],
      domain: r[5],
      country: r[6],
      industry: r[7],
      employees: r[8],
      jobTitle: r[9],
      seniority: r[10],
      budget: r[11],
      source: r[12],
      attributes: r[13] === '{}' ? {} : (JSON.parse(r[13]) as Record<string, unknown>),
    },
    handedAt: r[15],
    decision: r[16] as HistoryLead['decision'],
    reasonCode: r[17],
    reasonLabel: r[18],
    sqlAt: r[19],
    wonAt: r[20],
    lostAt: r[21],
    revenue: r[22] ?? 0,
  };
}
type TouchRaw = [string, string, string | null, string | null, string | null, number];

/**
 * Touchpoints grouped by lead, with the offer's type: of the leads whose ids lie in [firstId, lastId]
 * (a chunk of consecutive leads), or of a list of leads (a sparse selection: only theirs are read).
 */
export function touchpointReader(db: Db) {
  const offers = new Map(
    (db.prepare('SELECT id, type FROM offers').raw().all() as [string, string][]).map(([id, type]) => [id, type] as const),
  );
  const cols = 'lead_id, type, offer_id, campaign_id, channel, occurred_at';
  const range = db.prepare(`SELECT ${cols} FROM touchpoints WHERE lead_id BETWEEN ? AND ? AND deleted = 0`).raw();
  const list = db.prepare(`SELECT ${cols} FROM touchpoints WHERE lead_id IN (SELECT value FROM json_each(?)) AND deleted = 0`).raw();
  const group = (rows: TouchRaw[]) => {
    const out = new Map<string, ScoringTouchpoint[]>();
    for (const [leadId, type, offerId, campaignId, channel, occurredAt] of rows) {
      let l = out.get(leadId);
      if (!l) out.set(leadId, (l = []));
      l.push({ type, offerId, offerType: offerId ? (offers.get(offerId) ?? null) : null, campaignId, channel, occurredAt });
    }
    return out;
  };
  return {
    inRange: (firstId: string, lastId: string) => group(range.all(firstId, lastId) as TouchRaw[]),
    of: (ids: readonly string[]) => group(list.all(JSON.stringify(ids)) as TouchRaw[]),
  };
}

/** The id in the middle of the period's leads (id order), where a two-thread backtest splits; null when there are none. */
export function medianLeadId(db: Db, period: Period, total: number): string | null {
  return (
    (db
      .prepare('SELECT id FROM leads WHERE deleted = 0 AND +created_at >= ? AND +created_at < ? ORDER BY id LIMIT 1 OFFSET ?')
      .pluck()
      .get(period.from ?? -1, period.to ?? Number.MAX_SAFE_INTEGER, Math.max(0, Math.floor(total / 2) - 1)) as string | undefined) ?? null
  );
}

export function countHistory(db: Db, period: Period): number {
  return db
    .prepare('SELECT count(*) FROM leads WHERE deleted = 0 AND created_at >= ? AND created_at < ?')
    .pluck()
    .get(period.from ?? -1, period.to ?? Number.MAX_SAFE_INTEGER) as number;
}

/** Leads of the period with a won or lost outcome, and with a decided handoff: whether a backtest has anything to compare with. */
export function outcomeCounts(db: Db, period: Period): { won: number; lost: number; decided: number } {
  return db
    .prepare(
      `SELECT coalesce(sum(r.won_at IS NOT NULL), 0) AS won, coalesce(sum(r.won_at IS NULL AND r.lost_at IS NOT NULL), 0) AS lost,
         (SELECT count(DISTINCT h.lead_id) FROM handoffs h JOIN leads l2 ON l2.id = h.lead_id
          WHERE h.deleted = 0 AND h.decision <> 'pending' AND l2.deleted = 0 AND l2.created_at >= @from AND l2.created_at < @to) AS decided
       FROM lead_rollup r WHERE r.deleted = 0 AND r.created_at >= @from AND r.created_at < @to`,
    )
    .get({ from: period.from ?? -1, to: period.to ?? Number.MAX_SAFE_INTEGER }) as { won: number; lost: number; decided: number };
}

/** Offer names by id, for readable rule labels. */
export function offerNames(db: Db): Map<string, string> {
  return new Map(db.prepare('SELECT id, name FROM offers').raw().all() as [string, string][]);
}
