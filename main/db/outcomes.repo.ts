import type { Db } from './connection.js';
import type { Stage } from '../../shared/contracts/common.js';
import type { OutcomeCursor, OutcomeFilters, OutcomeRow, OUTCOME_SORT_COLUMNS } from '../../shared/contracts/outcomes.js';
import type { LossReason } from '../../shared/contracts/reasons.js';

type SortColumn = (typeof OUTCOME_SORT_COLUMNS)[number];

/** Sort keys: each matches an index ending in id (outcomes_date from migration 0006) or is cheap at outcome scale. */
const SORT_EXPR: Record<SortColumn, string> = {
  date: 'coalesce(o.closed_at, o.opened_at, o.created_at)',
  amount: 'coalesce(o.amount, -1)',
  createdAt: 'o.created_at',
};

export interface OutcomeRecord {
  id: string;
  lead_id: string | null;
  external_id: string | null;
  opened_at: number | null;
  closed_at: number | null;
  result: OutcomeRow['result'];
  amount: number | null;
  currency: string;
  loss_reason_id: string | null;
  competitor: string | null;
  created_at: number;
  updated_at: number;
  deleted: number;
}

interface RowRecord extends OutcomeRecord {
  lead_name: string | null;
  lead_email: string | null;
  company: string | null;
  campaign_name: string | null;
  loss_reason_label: string | null;
  sort_value: number;
}

const SELECT = `
  SELECT o.*, COALESCE(NULLIF(l.name, ''), NULLIF(l.email, ''), l.external_id) AS lead_name, l.email AS lead_email, l.company AS company, c.name AS campaign_name,
         lr.label AS loss_reason_label`;
const FROM = `
  FROM outcomes o
  LEFT JOIN leads l ON l.id = o.lead_id
  LEFT JOIN campaigns c ON c.id = l.first_campaign_id
  LEFT JOIN loss_reasons lr ON lr.id = o.loss_reason_id`;

const toRow = (r: RowRecord): OutcomeRow => ({
  id: r.id,
  leadId: r.lead_id,
  leadName: r.lead_name,
  leadEmail: r.lead_email,
  company: r.company,
  campaignName: r.campaign_name,
  externalId: r.external_id,
  openedAt: r.opened_at,
  closedAt: r.closed_at,
  result: r.result,
  amount: r.amount,
  currency: r.currency,
  lossReasonId: r.loss_reason_id,
  lossReasonLabel: r.loss_reason_label,
  competitor: r.competitor,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

function whereFor(f: OutcomeFilters): { clauses: string[]; params: unknown[] } {
  const clauses = ['o.deleted = 0'];
  const params: unknown[] = [];
  if (f.results?.length) {
    clauses.push(`o.result IN (${f.results.map(() => '?').join(', ')})`);
    params.push(...f.results);
  }
  if (f.from !== undefined) {
    clauses.push(`${SORT_EXPR.date} >= ?`);
    params.push(f.from);
  }
  if (f.to !== undefined) {
    clauses.push(`${SORT_EXPR.date} < ?`);
    params.push(f.to);
  }
  if (f.lossReasonId) {
    clauses.push('o.loss_reason_id = ?');
    params.push(f.lossReasonId);
  }
  if (f.competitor) {
    clauses.push('o.competitor = ? COLLATE NOCASE');
    params.push(f.competitor);
  }
  if (f.campaignId) {
    clauses.push('l.first_campaign_id = ?');
    params.push(f.campaignId);
  }
  if (f.q) {
    const like = `%${f.q.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
    clauses.push(`(l.name LIKE ? ESCAPE '\\' OR l.email LIKE ? ESCAPE '\\' OR l.company LIKE ? ESCAPE '\\' OR o.external_id LIKE ? ESCAPE '\\')`);
    params.push(like, like, like, like);
  }
  return { clauses, params };
}

export function listOutcomes(
  db: Db,
  q: { filters: OutcomeFilters; sort: { column: SortColumn; dir: 'asc' | 'desc' }; cursor: OutcomeCursor | null; limit: number },
): { rows: OutcomeRow[]; nextCursor: OutcomeCursor | null } {
  const expr = SORT_EXPR[q.sort.column];
  const dir = q.sort.dir === 'asc' ? 'ASC' : 'DESC';
  const { clauses, params } = whereFor(q.filters);
  if (q.cursor) {
    clauses.push(`(${expr}, o.id) ${dir === 'ASC' ? '>' : '<'} (?, ?)`);
    params.push(q.cursor.value, q.cursor.id);
  }
  const records = db
    .prepare(`${SELECT}, ${expr} AS sort_value ${FROM} WHERE ${clauses.join(' AND ')} ORDER BY ${expr} ${dir}, o.id ${dir} LIMIT ?`)
    .all(...params, q.limit + 1) as RowRecord[];
  const page = records.slice(0, q.limit);
  const last = page[page.length - 1];
  return {
    rows: page.map(toRow),
    nextCursor: records.length > q.limit && last ? { value: last.sort_value, id: last.id } : null,
  };
}

export function countOutcomes(db: Db, filters: OutcomeFilters): number {
  const { clauses, params } = whereFor(filters);
  return db.prepare(`SELECT count(*) ${FROM} WHERE ${clauses.join(' AND ')}`).pluck().get(...params) as number;
}

export function getOutcomeRow(db: Db, id: string): OutcomeRow | null {
  const r = db.prepare(`${SELECT}, 0 AS sort_value ${FROM} WHERE o.id = ? AND o.deleted = 0`).get(id) as RowRecord | undefined;
  return r ? toRow(r) : null;
}

export function getOutcomeRecord(db: Db, id: string): OutcomeRecord | null {
  return (db.prepare('SELECT * FROM outcomes WHERE id = ? AND deleted = 0').get(id) as OutcomeRecord | undefined) ?? null;
}

export function outcomeIdTaken(db: Db, id: string): boolean {
  return db.prepare('SELECT 1 FROM outcomes WHERE id = ?').get(id) !== undefined;
}

/** A live outcome of the lead with the same result, close date, amount and currency and no opportunity id. */
export function sameManualOutcome(
  db: Db,
  o: { lead_id: string | null; result: string; closed_at: number | null; amount: number | null; currency: string },
): string | null {
  return (
    (db
      .prepare(
        `SELECT id FROM outcomes WHERE lead_id IS ? AND deleted = 0 AND external_id IS NULL AND result = ?
           AND closed_at IS ? AND amount IS ? AND currency = ? LIMIT 1`,
      )
      .pluck()
      .get(o.lead_id, o.result, o.closed_at, o.amount, o.currency) as string | undefined) ?? null
  );
}

export function outcomeIdByExternal(db: Db, externalId: string): string | null {
  return (db.prepare('SELECT id FROM outcomes WHERE external_id = ?').pluck().get(externalId) as string | undefined) ?? null;
}

export type OutcomeWrite = Omit<OutcomeRecord, 'created_at' | 'updated_at' | 'deleted'>;

export function insertOutcome(db: Db, o: OutcomeWrite, at: number): void {
  db.prepare(
    `INSERT INTO outcomes (id, lead_id, external_id, opened_at, closed_at, result, amount, currency, loss_reason_id, competitor, created_at, updated_at)
     VALUES (@id, @lead_id, @external_id, @opened_at, @closed_at, @result, @amount, @currency, @loss_reason_id, @competitor, @at, @at)`,
  ).run({ ...o, at });
}

export function updateOutcome(db: Db, o: OutcomeWrite, at: number): void {
  db.prepare(
    `UPDATE outcomes SET lead_id = @lead_id, external_id = @external_id, opened_at = @opened_at, closed_at = @closed_at,
       result = @result, amount = @amount, currency = @currency, loss_reason_id = @loss_reason_id, competitor = @competitor,
       updated_at = @at
     WHERE id = @id AND deleted = 0`,
  ).run({ ...o, at });
}

export function softDeleteOutcome(db: Db, id: string, at: number): number {
  return db.prepare('UPDATE outcomes SET deleted = 1, updated_at = ? WHERE id = ? AND deleted = 0').run(at, id).changes;
}

// Leads, as a manual entry names them

export interface LeadStageRef {
  id: string;
  stage: Stage;
}

export function leadById(db: Db, id: string): LeadStageRef | null {
  return (db.prepare('SELECT id, stage FROM leads WHERE id = ? AND deleted = 0').get(id) as LeadStageRef | undefined) ?? null;
}

export function leadByExternalId(db: Db, externalId: string): LeadStageRef | null {
  return (
    (db.prepare('SELECT id, stage FROM leads WHERE external_id = ? AND deleted = 0').get(externalId) as LeadStageRef | undefined) ??
    null
  );
}

/** Up to two live leads with this email (ignoring case): more than one is ambiguous. */
export function leadsByEmail(db: Db, email: string): LeadStageRef[] {
  return db.prepare('SELECT id, stage FROM leads WHERE email = ? AND deleted = 0 LIMIT 2').all(email) as LeadStageRef[];
}

/** Move a lead to a stage and record the move in its history, in the caller's transaction. */
export function moveLeadStage(
  db: Db,
  e: { id: string; leadId: string; from: Stage; to: Stage; at: number; byUserId: string | null; why: string },
): void {
  db.prepare('UPDATE leads SET stage = ?, updated_at = ? WHERE id = ?').run(e.to, e.at, e.leadId);
  db.prepare(
    'INSERT INTO stage_events (id, lead_id, from_stage, to_stage, at, by_user_id, why, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
  ).run(e.id, e.leadId, e.from, e.to, e.at, e.byUserId, e.why, e.at);
}

// Loss reasons

interface LossReasonRecord {
  id: string;
  code: string;
  label: string;
  active: number;
  position: number;
  usage: number;
}

const toLossReason = (r: LossReasonRecord): LossReason => ({
  id: r.id,
  code: r.code,
  label: r.label,
  active: r.active === 1,
  position: r.position,
  usageCount: r.usage,
});

export function getLossReason(db: Db, id: string): LossReason | null {
  const r = db
    .prepare(
      `SELECT lr.id, lr.code, lr.label, lr.active, lr.position,
              (SELECT count(*) FROM outcomes o WHERE o.loss_reason_id = lr.id AND o.deleted = 0) AS usage
       FROM loss_reasons lr WHERE lr.id = ? AND lr.deleted = 0`,
    )
    .get(id) as LossReasonRecord | undefined;
  return r ? toLossReason(r) : null;
}

export function lossReasonCodeTaken(db: Db, code: string): boolean {
  return db.prepare('SELECT 1 FROM loss_reasons WHERE code = ?').get(code) !== undefined;
}

export function lossReasonLabelTaken(db: Db, label: string, exceptId: string | null): boolean {
  return (
    db
      .prepare('SELECT 1 FROM loss_reasons WHERE lower(label) = lower(?) AND deleted = 0 AND id IS NOT ?')
      .get(label, exceptId) !== undefined
  );
}

export function insertLossReason(db: Db, r: { id: string; code: string; label: string }, at: number): void {
  const position = db.prepare('SELECT coalesce(max(position), -1) + 1 FROM loss_reasons').pluck().get() as number;
  db.prepare(
    'INSERT INTO loss_reasons (id, code, label, active, position, created_at, updated_at) VALUES (?, ?, ?, 1, ?, ?, ?)',
  ).run(r.id, r.code, r.label, position, at, at);
}

export function updateLossReason(db: Db, id: string, patch: { label?: string; active?: boolean }, at: number): void {
  db.prepare(
    `UPDATE loss_reasons SET label = coalesce(?, label), active = coalesce(?, active), updated_at = ? WHERE id = ? AND deleted = 0`,
  ).run(patch.label ?? null, patch.active === undefined ? null : patch.active ? 1 : 0, at, id);
}

/** Whether a loss reason can be put on a new or edited outcome (exists, live and active). */
export function lossReasonUsable(db: Db, id: string): 'ok' | 'missing' | 'inactive' {
  const r = db.prepare('SELECT active FROM loss_reasons WHERE id = ? AND deleted = 0').get(id) as { active: number } | undefined;
  return !r ? 'missing' : r.active === 1 ? 'ok' : 'inactive';
}
