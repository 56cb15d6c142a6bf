import type { Db } from './connection.js';
import type { ReportFilters, REASON_SPLITS } from '../../shared/contracts/reports.js';
import { rollupWhere, versionIdOf } from './reports-common.repo.js';

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

/** Split key and label expressions; `who` and `ver` are the rep and version columns of the row kind. */
function splitExpr(split: ReasonSplit | null, who: string, ver: string, competitor: string | null): { key: string; label: string } {
  switch (split) {
    case 'offer':
      return { key: 'r.offer_id', label: '(SELECT name FROM offers WHERE id = r.offer_id)' };
    case 'campaign':
      return { key: 'r.campaign_id', label: '(SELECT name FROM campaigns WHERE id = r.campaign_id)' };
    case 'channel':
      return { key: CHANNEL_OF_LEAD, label: CHANNEL_OF_LEAD };
    case 'version':
      return { key: ver, label: `(SELECT 'v' || number FROM criteria_versions WHERE id = ${ver})` };
    case 'rep':
      return { key: who, label: `(SELECT name FROM users WHERE id = ${who})` };
    case 'competitor':
      return competitor ? { key: competitor, label: competitor } : { key: 'NULL', label: 'NULL' };
    default:
      return { key: 'NULL', label: 'NULL' };
  }
}

/** The lead-side filters (campaign, channel) over the rollup; dates, version and rep are per row kind. */
function leadSide(db: Db, f: ReportFilters) {
  return rollupWhere(db, { campaignId: f.campaignId, channel: f.channel });
}

/** Rejected handoffs decided in the range, per reason and split key. */
export function rejectionCounts(db: Db, f: ReportFilters, split: ReasonSplit | null): ReasonCount[] {
  const w = leadSide(db, f);
  const s = splitExpr(split, 'h.rep_id', 'h.version_id', null);
  const { sql, params } = handoffWhere(db, f);
  return db
    .prepare(
      `SELECT h.reason_id AS reasonId, rr.code AS code, rr.label AS label, ${s.key} AS splitKey, ${s.label} AS splitLabel, count(*) AS count
       FROM handoffs h JOIN lead_rollup r ON r.lead_id = h.lead_id LEFT JOIN rejection_reasons rr ON rr.id = h.reason_id
       WHERE h.decision = 'rejected' AND ${sql} AND ${w.sql}
       GROUP BY 1, 4`,
    )
    .all(...params, ...w.params) as ReasonCount[];
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

/** Decided handoffs (accepted or rejected) in the same filter: the base of the rejection shares. */
export function decidedCount(db: Db, f: ReportFilters): number {
  const w = leadSide(db, f);
  const { sql, params } = handoffWhere(db, f);
  return db
    .prepare(
      `SELECT count(*) FROM handoffs h JOIN lead_rollup r ON r.lead_id = h.lead_id
       WHERE h.decision IN ('accepted', 'rejected') AND ${sql} AND ${w.sql}`,
    )
    .pluck()
    .get(...params, ...w.params) as number;
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
  const w = leadSide(db, f);
  const s = splitExpr(split, 'r.owner_id', 'r.version_id', 'o.competitor');
  const { sql, params } = outcomeWhere(db, f);
  return db
    .prepare(
      `SELECT o.loss_reason_id AS reasonId, lr.code AS code, lr.label AS label, ${s.key} AS splitKey, ${s.label} AS splitLabel, count(*) AS count
       FROM outcomes o JOIN lead_rollup r ON r.lead_id = o.lead_id LEFT JOIN loss_reasons lr ON lr.id = o.loss_reason_id
       WHERE o.result = 'lost' AND ${sql} AND ${w.sql}
       GROUP BY 1, 4`,
    )
    .all(...params, ...w.params) as ReasonCount[];
}

/** Won and lost outcomes closed in the same filter: the base of the loss shares. */
export function closedCount(db: Db, f: ReportFilters): number {
  const w = leadSide(db, f);
  const { sql, params } = outcomeWhere(db, f);
  return db
    .prepare(
      `SELECT count(*) FROM outcomes o JOIN lead_rollup r ON r.lead_id = o.lead_id
       WHERE o.result IN ('won', 'lost') AND ${sql} AND ${w.sql}`,
    )
    .pluck()
    .get(...params, ...w.params) as number;
}
