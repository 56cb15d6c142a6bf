import type { Db } from './connection.js';
import { ROW_COLUMNS, ROW_FROM, type HandoffRecord } from './handoffs.repo.js';
import type { LoopFilters } from '../../shared/contracts/handoffs.js';

/**
 * The loop reports, aggregated in SQL. Filters select handoffs by when they were handed off (the
 * cohort), so a criteria version or an offer is judged by the MQLs it produced, whenever decided.
 */

export type Split = 'offer' | 'campaign' | 'channel' | 'version' | 'rep';

/** Key and label of each split, as SQL over the row joins (constants only). */
export const SPLIT_SQL: Record<Split, { key: string; label: string }> = {
  offer: { key: 'l.first_offer_id', label: 'o.name' },
  campaign: { key: 'l.first_campaign_id', label: 'c.name' },
  channel: { key: 'coalesce(o.channel, c.channel)', label: 'coalesce(o.channel, c.channel)' },
  version: { key: 'h.version_id', label: `'v' || v.number` },
  rep: { key: 'h.rep_id', label: 'ru.name' },
};

export function reportWhere(f: LoopFilters): { where: string; params: unknown[] } {
  const parts = ['h.deleted = 0'];
  const params: unknown[] = [];
  const add = (sql: string, value: unknown) => {
    parts.push(sql);
    params.push(value);
  };
  if (f.from !== undefined) add('h.handed_at >= ?', f.from);
  if (f.to !== undefined) add('h.handed_at < ?', f.to);
  if (f.versionId) add('h.version_id = ?', f.versionId);
  if (f.offerId) add('l.first_offer_id = ?', f.offerId);
  if (f.campaignId) add('l.first_campaign_id = ?', f.campaignId);
  if (f.channel) add('coalesce(o.channel, c.channel) = ?', f.channel);
  if (f.repId) add('h.rep_id = ?', f.repId);
  return { where: parts.join(' AND '), params };
}

export interface RepSlaRecord {
  rep_id: string | null;
  rep_name: string | null;
  pending: number;
  breached_pending: number;
  decided: number;
  breached_decided: number;
  accepted: number;
  median_ms: number | null;
}

export function slaByRep(db: Db, f: LoopFilters, at: number): RepSlaRecord[] {
  const { where, params } = reportWhere(f);
  return db
    .prepare(
      `WITH base AS (
         SELECT h.rep_id, h.decision, h.handed_at, h.decided_at, h.sla_due_at ${ROW_FROM} WHERE ${where}),
       ranked AS (
         SELECT rep_id, decided_at - handed_at AS ms,
           row_number() OVER (PARTITION BY rep_id ORDER BY decided_at - handed_at) AS rn,
           count(*) OVER (PARTITION BY rep_id) AS cnt
         FROM base WHERE decision <> 'pending' AND decided_at IS NOT NULL),
       med AS (SELECT rep_id, avg(ms) AS median_ms FROM ranked WHERE rn IN ((cnt + 1) / 2, (cnt + 2) / 2) GROUP BY rep_id),
       agg AS (
         SELECT rep_id,
           sum(decision = 'pending') AS pending,
           sum(decision = 'pending' AND sla_due_at < ?) AS breached_pending,
           sum(decision <> 'pending') AS decided,
           sum(decision <> 'pending' AND decided_at > sla_due_at) AS breached_decided,
           sum(decision = 'accepted') AS accepted
         FROM base GROUP BY rep_id)
       SELECT agg.rep_id, u.name AS rep_name, agg.pending, agg.breached_pending, agg.decided, agg.breached_decided, agg.accepted, med.median_ms
       FROM agg LEFT JOIN med ON med.rep_id IS agg.rep_id LEFT JOIN users u ON u.id = agg.rep_id
       ORDER BY u.name IS NULL, u.name, agg.rep_id`,
    )
    .all(...params, at) as RepSlaRecord[];
}

export function decisionTotals(db: Db, f: LoopFilters): { decided: number; rejected: number } {
  const { where, params } = reportWhere(f);
  return db
    .prepare(
      `SELECT coalesce(sum(h.decision <> 'pending'), 0) AS decided, coalesce(sum(h.decision = 'rejected'), 0) AS rejected ${ROW_FROM} WHERE ${where}`,
    )
    .get(...params) as { decided: number; rejected: number };
}

export interface ParetoRecord {
  reason_id: string;
  code: string;
  label: string;
  blame: 'fit' | 'engagement' | 'data' | 'routing';
  n: number;
}

export function rejectionsByReason(db: Db, f: LoopFilters): ParetoRecord[] {
  const { where, params } = reportWhere(f);
  return db
    .prepare(
      `SELECT h.reason_id, rr.code, rr.label, rr.blame, count(*) AS n ${ROW_FROM}
       WHERE ${where} AND h.decision = 'rejected' AND h.reason_id IS NOT NULL
       GROUP BY h.reason_id ORDER BY n DESC, rr.position, rr.code`,
    )
    .all(...params) as ParetoRecord[];
}

export function rejectionsBySplit(db: Db, f: LoopFilters, split: Split): { reason_id: string; k: string | null; label: string | null; n: number }[] {
  const { where, params } = reportWhere(f);
  const s = SPLIT_SQL[split];
  return db
    .prepare(
      `SELECT h.reason_id, ${s.key} AS k, ${s.label} AS label, count(*) AS n ${ROW_FROM}
       WHERE ${where} AND h.decision = 'rejected' AND h.reason_id IS NOT NULL
       GROUP BY h.reason_id, k ORDER BY h.reason_id, n DESC, label`,
    )
    .all(...params) as { reason_id: string; k: string | null; label: string | null; n: number }[];
}

export function drillRecords(
  db: Db,
  f: LoopFilters,
  reasonId: string,
  split: { by: Split; key: string | null } | null,
  limit: number,
): HandoffRecord[] {
  const { where, params } = reportWhere(f);
  const splitSql = split ? ` AND ${SPLIT_SQL[split.by].key} IS ?` : '';
  return db
    .prepare(
      `SELECT ${ROW_COLUMNS} ${ROW_FROM} WHERE ${where} AND h.decision = 'rejected' AND h.reason_id = ?${splitSql}
       ORDER BY h.decided_at DESC, h.id DESC LIMIT ?`,
    )
    .all(...params, reasonId, ...(split ? [split.key] : []), limit) as HandoffRecord[];
}

export function handedRange(db: Db, f: LoopFilters): { lo: number | null; hi: number | null } {
  const { where, params } = reportWhere(f);
  return db.prepare(`SELECT min(h.handed_at) AS lo, max(h.handed_at) AS hi ${ROW_FROM} WHERE ${where}`).get(...params) as {
    lo: number | null;
    hi: number | null;
  };
}

/**
 * Decisions per local ISO week of handoff. `offsets` turns instants into local time: the offset
 * before the first change, then each change's instant and new offset (bound values, not SQL text).
 */
export function weeklyDecisions(
  db: Db,
  f: LoopFilters,
  offsets: { initial: number; changes: { at: number; offset: number }[] },
): { day: number; decided: number; accepted: number }[] {
  const { where, params } = reportWhere(f);
  const cases = offsets.changes.map(() => 'WHEN h.handed_at < ? THEN ?').join(' ');
  // Offset in force at an instant: the one before the first change after it.
  const bounds: unknown[] = [];
  let current = offsets.initial;
  for (const c of offsets.changes) {
    bounds.push(c.at, current);
    current = c.offset;
  }
  const offsetSql = offsets.changes.length ? `CASE ${cases} ELSE ? END` : '?';
  return db
    .prepare(
      `SELECT local_day - ((local_day + 3) % 7) AS day, sum(decision <> 'pending') AS decided, sum(decision = 'accepted') AS accepted
       FROM (SELECT h.decision, CAST((h.handed_at + ${offsetSql}) / 86400000 AS INTEGER) AS local_day ${ROW_FROM} WHERE ${where})
       GROUP BY day ORDER BY day`,
    )
    .all(...bounds, current, ...params) as { day: number; decided: number; accepted: number }[];
}
