import { z } from 'zod';
import type { Db } from './connection.js';
import { HandoffOutcomeSchema, type HandoffFilters, type HandoffRow } from '../../shared/contracts/handoffs.js';
import type { Stage } from '../../shared/contracts/common.js';

/** Reading handoffs: one row shape for the inbox, lists, drill-downs and single reads. */

export interface HandoffRecord {
  id: string;
  lead_id: string;
  lead_name: string;
  lead_email: string | null;
  company: string;
  job_title: string | null;
  country: string;
  industry: string | null;
  employees: number | null;
  lead_stage: Stage;
  first_offer_name: string | null;
  first_offer_type: HandoffRow['firstOfferType'];
  version_id: string | null;
  version_number: number | null;
  score_at_handoff: number;
  level: string | null;
  handed_at: number;
  sla_due_at: number | null;
  rep_id: string | null;
  rep_name: string | null;
  decision: HandoffRow['decision'];
  decided_at: number | null;
  decided_by: string | null;
  decided_by_name: string | null;
  reason_id: string | null;
  reason_label: string | null;
  action: HandoffRow['action'];
  comment: string | null;
  reopen_at: number | null;
  checklist: string;
  stage_before: Stage | null;
  rerouted_from_id: string | null;
  outcome_id: string | null;
  /** The lead's live outcome as a JSON object (HandoffOutcomeSchema), or null. */
  outcome_json: string | null;
}

/** The joins every row read uses; filters may refer to h, l, o, c. */
export const ROW_FROM = `FROM handoffs h
  JOIN leads l ON l.id = h.lead_id
  LEFT JOIN offers o ON o.id = l.first_offer_id
  LEFT JOIN campaigns c ON c.id = l.first_campaign_id
  LEFT JOIN criteria_versions v ON v.id = h.version_id
  LEFT JOIN users ru ON ru.id = h.rep_id
  LEFT JOIN users du ON du.id = h.decided_by
  LEFT JOIN rejection_reasons rr ON rr.id = h.reason_id`;

/**
 * The lead's live outcome, open deals first (as openOpportunity links them), then the latest by close or
 * open date: one probe of outcomes_lead per row. A subquery in the column list, not a join in ROW_FROM,
 * so the counts and reports that share ROW_FROM do not pay for it.
 */
const OUTCOME_JSON = `(SELECT json_object('id', lo.id, 'result', lo.result, 'amount', lo.amount, 'currency', lo.currency,
    'openedAt', lo.opened_at, 'closedAt', lo.closed_at)
  FROM outcomes lo WHERE lo.lead_id = h.lead_id AND lo.deleted = 0
  ORDER BY lo.result = 'open' DESC, coalesce(lo.closed_at, lo.opened_at, lo.created_at) DESC, lo.id DESC LIMIT 1)`;

/** How a list names a lead: many CRM exports have no name (X Education has neither name nor email). */
const LEAD_NAME = `COALESCE(NULLIF(l.name, ''), NULLIF(l.email, ''), l.external_id)`;

export const ROW_COLUMNS = `h.id, h.lead_id, ${LEAD_NAME} AS lead_name, l.email AS lead_email, l.company, l.job_title, l.country, l.industry,
  l.employees, l.stage AS lead_stage, o.name AS first_offer_name, o.type AS first_offer_type, h.version_id, v.number AS version_number,
  h.score_at_handoff, h.level, h.handed_at, h.sla_due_at, h.rep_id, ru.name AS rep_name, h.decision, h.decided_at, h.decided_by,
  du.name AS decided_by_name, h.reason_id, rr.label AS reason_label, h.action, h.comment, h.reopen_at, h.checklist, h.stage_before,
  h.rerouted_from_id, h.outcome_id, ${OUTCOME_JSON} AS outcome_json`;

const ChecklistJson = z.record(z.string(), z.boolean());

export function isBreached(r: Pick<HandoffRecord, 'decision' | 'sla_due_at' | 'decided_at'>, at: number): boolean {
  if (r.sla_due_at === null) return false;
  return r.decision === 'pending' ? at > r.sla_due_at : (r.decided_at ?? 0) > r.sla_due_at;
}

export function toRow(r: HandoffRecord, at: number): HandoffRow {
  return {
    id: r.id,
    leadId: r.lead_id,
    leadName: r.lead_name,
    leadEmail: r.lead_email,
    company: r.company,
    jobTitle: r.job_title,
    country: r.country,
    industry: r.industry,
    employees: r.employees,
    leadStage: r.lead_stage,
    firstOfferName: r.first_offer_name,
    firstOfferType: r.first_offer_type,
    versionId: r.version_id,
    versionNumber: r.version_number,
    scoreAtHandoff: r.score_at_handoff,
    level: r.level,
    handedAt: r.handed_at,
    slaDueAt: r.sla_due_at,
    breached: isBreached(r, at),
    repId: r.rep_id,
    repName: r.rep_name,
    decision: r.decision,
    decidedAt: r.decided_at,
    decidedByName: r.decided_by_name,
    reasonId: r.reason_id,
    reasonLabel: r.reason_label,
    action: r.action,
    comment: r.comment,
    reopenAt: r.reopen_at,
    checklist: r.checklist === '{}' ? {} : ChecklistJson.parse(JSON.parse(r.checklist)),
    outcome: r.outcome_json === null ? null : HandoffOutcomeSchema.parse(JSON.parse(r.outcome_json)),
  };
}

export function getRecord(db: Db, id: string): HandoffRecord | null {
  return (db.prepare(`SELECT ${ROW_COLUMNS} ${ROW_FROM} WHERE h.id = ? AND h.deleted = 0`).get(id) as HandoffRecord | undefined) ?? null;
}

export function recordsByIds(db: Db, ids: readonly string[]): HandoffRecord[] {
  return db
    .prepare(`SELECT ${ROW_COLUMNS} ${ROW_FROM} WHERE h.id IN (SELECT value FROM json_each(?)) AND h.deleted = 0`)
    .all(JSON.stringify(ids)) as HandoffRecord[];
}

/**
 * The inbox query: a rep's pending handoffs in SLA order, read straight off the partial index
 * handoffs_inbox (its WHERE is repeated here word for word so SQLite can use it).
 */
export const INBOX_SQL = `SELECT ${ROW_COLUMNS} ${ROW_FROM}
  WHERE h.rep_id = ? AND h.decision = 'pending' AND h.deleted = 0
  ORDER BY h.sla_due_at, h.id LIMIT ?`;

export function inboxRecords(db: Db, repId: string, limit: number): HandoffRecord[] {
  return db.prepare(INBOX_SQL).all(repId, limit) as HandoffRecord[];
}

export function inboxCounts(db: Db, repId: string, at: number): { pending: number; breached: number } {
  return db
    .prepare(
      `SELECT count(*) AS pending, coalesce(sum(h.sla_due_at < ?), 0) AS breached FROM handoffs h
       WHERE h.rep_id = ? AND h.decision = 'pending' AND h.deleted = 0`,
    )
    .get(at, repId) as { pending: number; breached: number };
}

/** The user's latest decision still inside the undo window. */
export function latestDecisionSince(db: Db, userId: string, since: number): { id: string; decided_at: number } | null {
  return (
    (db
      .prepare(
        `SELECT h.id, h.decided_at FROM handoffs h WHERE h.decided_by = ? AND h.decided_at >= ? AND h.deleted = 0
         ORDER BY h.decided_at DESC, h.id DESC LIMIT 1`,
      )
      .get(userId, since) as { id: string; decided_at: number } | undefined) ?? null
  );
}

/** The handoffs one user decided at one instant: a single decision, or every one of a bulk decision. */
export function decidedTogether(db: Db, userId: string, decidedAt: number): string[] {
  return db
    .prepare(`SELECT h.id FROM handoffs h WHERE h.decided_by = ? AND h.decided_at = ? AND h.deleted = 0 ORDER BY h.id`)
    .pluck()
    .all(userId, decidedAt) as string[];
}

// ---------- lists with filters and keyset paging ----------

export const SORT_KEYS = {
  slaDueAt: 'coalesce(h.sla_due_at, 9007199254740991)',
  handedAt: 'h.handed_at',
  decidedAt: 'coalesce(h.decided_at, 0)',
  score: 'h.score_at_handoff',
  // As the rows name the lead (a lead imported without a name goes by its email, else its CRM id).
  leadName: `COALESCE(NULLIF(l.name, ''), NULLIF(l.email, ''), l.external_id, '')`,
} as const;

/** WHERE fragments (constants) with their bound values, for the list filters. */
export function filterSql(f: HandoffFilters, at: number): { where: string; params: unknown[] } {
  const parts = ['h.deleted = 0'];
  const params: unknown[] = [];
  const add = (sql: string, ...values: unknown[]) => {
    parts.push(sql);
    params.push(...values);
  };
  if (f.repId) add('h.rep_id = ?', f.repId);
  switch (f.status ?? 'all') {
    case 'pending':
      add(`h.decision = 'pending'`);
      break;
    case 'decided':
      add(`h.decision <> 'pending'`);
      break;
    case 'accepted':
      add(`h.decision = 'accepted'`);
      break;
    case 'rejected':
      add(`h.decision = 'rejected'`);
      break;
    default:
      break;
  }
  if (f.breached !== undefined) {
    const breached = `(h.sla_due_at IS NOT NULL AND CASE WHEN h.decision = 'pending' THEN ? > h.sla_due_at ELSE h.decided_at > h.sla_due_at END)`;
    add(f.breached ? breached : `NOT ${breached}`, at);
  }
  if (f.reasonId) add('h.reason_id = ?', f.reasonId);
  if (f.versionId) add('h.version_id = ?', f.versionId);
  if (f.offerId) add('l.first_offer_id = ?', f.offerId);
  if (f.campaignId) add('l.first_campaign_id = ?', f.campaignId);
  if (f.channel) add('coalesce(o.channel, c.channel) = ?', f.channel);
  if (f.handedFrom !== undefined) add('h.handed_at >= ?', f.handedFrom);
  if (f.handedTo !== undefined) add('h.handed_at < ?', f.handedTo);
  return { where: parts.join(' AND '), params };
}

export interface ListQuery {
  filters: HandoffFilters;
  sortKey: string;
  dir: 'asc' | 'desc';
  cursor: { value: string | number; id: string } | null;
  limit: number;
  at: number;
}

export function listRecords(db: Db, q: ListQuery): { rows: (HandoffRecord & { sort_value: string | number })[]; total: number } {
  const { where, params } = filterSql(q.filters, q.at);
  const op = q.dir === 'asc' ? '>' : '<';
  const dir = q.dir === 'asc' ? 'ASC' : 'DESC';
  const keyset = q.cursor ? ` AND (${q.sortKey}, h.id) ${op} (?, ?)` : '';
  const rows = db
    .prepare(
      `SELECT ${ROW_COLUMNS}, ${q.sortKey} AS sort_value ${ROW_FROM} WHERE ${where}${keyset}
       ORDER BY ${q.sortKey} ${dir}, h.id ${dir} LIMIT ?`,
    )
    .all(...params, ...(q.cursor ? [q.cursor.value, q.cursor.id] : []), q.limit) as (HandoffRecord & { sort_value: string | number })[];
  const { n } = db.prepare(`SELECT count(*) AS n ${ROW_FROM} WHERE ${where}`).get(...params) as { n: number };
  return { rows, total: n };
}
