import type { Db } from './connection.js';
import type { ReportFilters, REASON_SPLITS } from '../../shared/contracts/reports.js';
import { leadIsLive, rollupWhere, versionIdOf } from './reports-common.repo.js';

export type ReasonSplit = (typeof REASON_SPLITS)[number];

export interface ReasonCount {
  reasonId: string | null;
  code: string | null;
  label: string | null;
  splitKey: string | null;
  splitLabel: string | null;
  count: number;
}

/** A lead's channel: its first offer's own, else that offer's campaign's, else its first campaign's. */
const CHANNEL_OF_LEAD = `coalesce((SELECT o.channel FROM offers o WHERE o.id = r.offer_id),
  (SELECT c.channel FROM campaigns c WHERE c.id = coalesce((SELECT o2.campaign_id FROM offers o2 WHERE o2.id = r.offer_id), r.campaign_id)))`;

/** Split key expression, and a statement naming a key (null: the key is its own label). */
function splitExpr(split: ReasonSplit | null, who: string, ver: string, competitor: string | null): { key: string; labelOf: string | null } {
  switch (split) {
    case 'offer':
      return { key: 'r.offer_id', labelOf: 'SELECT name FROM offers WHERE id = ?' };
    case 'campaign':
      return { key: 'r.campaign_id', labelOf: 'SELECT name FROM campaigns WHERE id = ?' };
    case 'channel':
      return { key: CHANNEL_OF_LEAD, labelOf: null };
    case 'version':
      return { key: ver, labelOf: `SELECT 'v' || number FROM criteria_versions WHERE id = ?` };
    case 'rep':
      return { key: who, labelOf: 'SELECT name FROM users WHERE id = ?' };
    case 'competitor':
      return competitor ? { key: competitor, labelOf: null } : { key: 'NULL', labelOf: null };
    default:
      return { key: 'NULL', labelOf: null };
  }
}

/**
 * Without a split the key is the constant NULL: grouping by it too makes SQLite sort every row in a
 * temp b-tree, while the reason alone is the covering index's own order (a 3x slower walk at 1M).
 */
const groupBy = (splitKey: string) => (splitKey === 'NULL' ? '1' : '1, 2');

/** The lead-side filters (campaign, channel) over the rollup; dates, version and rep are per row kind. */
function leadSide(db: Db, f: ReportFilters) {
  return rollupWhere(db, { campaignId: f.campaignId, channel: f.channel });
}

/** Whether the query needs the lead's rollup row (lead-side filters or splits), or can stay on its own covering index. */
const needsLead = (f: ReportFilters, split: ReasonSplit | null) =>
  Boolean(f.campaignId || f.channel) || split === 'offer' || split === 'campaign' || split === 'channel';

/** FROM and the lead-side WHERE: the rollup join, or just "the lead is not deleted". */
function leadJoin(db: Db, f: ReportFilters, join: boolean, leadCol: string): { from: string; where: string; params: unknown[] } {
  if (!join) return { from: '', where: leadIsLive(db, leadCol), params: [] };
  const w = leadSide(db, f);
  return { from: `JOIN lead_rollup r ON r.lead_id = ${leadCol}`, where: w.sql, params: w.params };
}

/** Rejected handoffs decided in the range, per reason and split key. */
export function rejectionCounts(db: Db, f: ReportFilters, split: ReasonSplit | null): ReasonCount[] {
  const lead = leadJoin(db, f, needsLead(f, split), 'h.lead_id');
  const s = splitExpr(split, 'h.rep_id', 'h.version_id', null);
  const { sql, params } = handoffWhere(db, f);
  const counts = db
    .prepare(
      `SELECT h.reason_id AS reasonId, ${s.key} AS splitKey, count(*) AS count
       FROM handoffs h ${lead.from}
       WHERE h.decision = 'rejected' AND ${sql} AND ${lead.where}
       GROUP BY ${groupBy(s.key)}`,
    )
    .all(...params, ...lead.params) as { reasonId: string | null; splitKey: string | null; count: number }[];
  return labelled(db, counts, 'rejection_reasons', split, s.labelOf);
}

function handoffWhere(db: Db, f: ReportFilters): { sql: string; params: unknown[] } {
  const clauses = ['h.deleted = 0'];
  const params: unknown[] = [];
  if (f.from !== undefined) {
    clauses.push('h.decided_at >= ?');
    params.push(f.from);
  }
  if (f.to !== undefined) {
    clauses.push('h.decided_at < ?');
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

/**
 * Accepted handoffs decided in the same filter as rejectionCounts without a split (the same
 * predicate): with the rejected ones counted there, the decided count without walking them twice.
 */
export function acceptedCount(db: Db, f: ReportFilters): number {
  const lead = leadJoin(db, f, needsLead(f, null), 'h.lead_id');
  const { sql, params } = handoffWhere(db, f);
  return db
    .prepare(`SELECT count(*) FROM handoffs h ${lead.from} WHERE h.decision = 'accepted' AND ${sql} AND ${lead.where}`)
    .pluck()
    .get(...params, ...lead.params) as number;
}

/** Decided handoffs (accepted or rejected) in the same filter: the base of the rejection shares. */
export function decidedCount(db: Db, f: ReportFilters): number {
  const lead = leadJoin(db, f, needsLead(f, null), 'h.lead_id');
  const { sql, params } = handoffWhere(db, f);
  return db
    .prepare(`SELECT count(*) FROM handoffs h ${lead.from} WHERE h.decision IN ('accepted', 'rejected') AND ${sql} AND ${lead.where}`)
    .pluck()
    .get(...params, ...lead.params) as number;
}

function outcomeWhere(db: Db, f: ReportFilters): { sql: string; params: unknown[] } {
  const clauses = ['o.deleted = 0'];
  const params: unknown[] = [];
  if (f.from !== undefined) {
    clauses.push('o.closed_at >= ?');
    params.push(f.from);
  }
  if (f.to !== undefined) {
    clauses.push('o.closed_at < ?');
    params.push(f.to);
  }
  if (f.version !== undefined) {
    clauses.push('r.version_id = ?');
    params.push(versionIdOf(db, f.version));
  }
  if (f.repId) {
    clauses.push('r.owner_id = ?');
    params.push(f.repId);
  }
  return { sql: clauses.join(' AND '), params };
}

/** Lost outcomes closed in the range, per loss reason and split key. */
export function lossCounts(db: Db, f: ReportFilters, split: ReasonSplit | null): ReasonCount[] {
  const join = needsLead(f, split) || split === 'rep' || split === 'version' || f.version !== undefined || Boolean(f.repId);
  const lead = leadJoin(db, f, join, 'o.lead_id');
  const s = splitExpr(split, 'r.owner_id', 'r.version_id', 'o.competitor');
  const { sql, params } = outcomeWhere(db, f);
  const counts = db
    .prepare(
      `SELECT o.loss_reason_id AS reasonId, ${s.key} AS splitKey, count(*) AS count
       FROM outcomes o ${lead.from}
       WHERE o.result = 'lost' AND ${sql} AND ${lead.where}
       GROUP BY ${groupBy(s.key)}`,
    )
    .all(...params, ...lead.params) as { reasonId: string | null; splitKey: string | null; count: number }[];
  return labelled(db, counts, 'loss_reasons', split, s.labelOf);
}

/** Won and lost outcomes closed in the same filter: the base of the loss shares. */
export function closedCount(db: Db, f: ReportFilters): number {
  const join = needsLead(f, null) || f.version !== undefined || Boolean(f.repId);
  const lead = leadJoin(db, f, join, 'o.lead_id');
  const { sql, params } = outcomeWhere(db, f);
  return db
    .prepare(`SELECT count(*) FROM outcomes o ${lead.from} WHERE o.result IN ('won', 'lost') AND ${sql} AND ${lead.where}`)
    .pluck()
    .get(...params, ...lead.params) as number;
}

/** Names for the (few) reasons and split keys of the result, looked up once each. */
function labelled(
  db: Db,
  counts: { reasonId: string | null; splitKey: string | null; count: number }[],
  table: 'rejection_reasons' | 'loss_reasons',
  split: ReasonSplit | null,
  labelOf: string | null,
): ReasonCount[] {
  const reason = db.prepare(`SELECT code, label FROM ${table} WHERE id = ?`);
  const splitLabel = labelOf ? db.prepare(labelOf).pluck() : null;
  const reasons = new Map<string | null, { code: string; label: string } | undefined>();
  const splits = new Map<string | null, string | null>();
  return counts.map((c) => {
    if (!reasons.has(c.reasonId)) reasons.set(c.reasonId, c.reasonId ? (reason.get(c.reasonId) as { code: string; label: string } | undefined) : undefined);
    if (split && !splits.has(c.splitKey))
      splits.set(c.splitKey, c.splitKey === null ? null : splitLabel ? ((splitLabel.get(c.splitKey) as string | undefined) ?? null) : c.splitKey);
    const r = reasons.get(c.reasonId);
    return { reasonId: c.reasonId, code: r?.code ?? null, label: r?.label ?? null, splitKey: c.splitKey, splitLabel: splits.get(c.splitKey) ?? null, count: c.count };
  });
}
