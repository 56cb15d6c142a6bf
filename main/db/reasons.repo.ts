import type { Db } from './connection.js';
import { now } from './ids.js';
import { rejectionReasonIdFor } from '../sync/ids.js';
import type { LossReason, RejectionReason } from '../../shared/contracts/reasons.js';

interface ReasonRecord {
  id: string;
  code: string;
  label: string;
  blame: RejectionReason['blame'];
  action: RejectionReason['action'];
  comment_required: number;
  reopen_kind: RejectionReason['reopenKind'];
  active: number;
  position: number;
  usage_count: number;
  created_at: number;
  updated_at: number;
}

const toReason = (r: ReasonRecord): RejectionReason => ({
  id: r.id,
  code: r.code,
  label: r.label,
  blame: r.blame,
  action: r.action,
  commentRequired: r.comment_required === 1,
  reopenKind: r.reopen_kind,
  active: r.active === 1,
  position: r.position,
  usageCount: r.usage_count,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

// Usage counts come from the handoffs_reason index, one probe per reason.
const SELECT = `SELECT r.id, r.code, r.label, r.blame, r.action, r.comment_required, r.reopen_kind, r.active, r.position,
    (SELECT count(*) FROM handoffs h WHERE h.reason_id = r.id AND h.deleted = 0) AS usage_count, r.created_at, r.updated_at
  FROM rejection_reasons r`;

export function listReasons(db: Db, includeInactive: boolean): RejectionReason[] {
  const rows = db
    .prepare(`${SELECT} WHERE r.deleted = 0 AND (? OR r.active = 1) ORDER BY r.position, r.created_at, r.id`)
    .all(includeInactive ? 1 : 0) as ReasonRecord[];
  return rows.map(toReason);
}

export function getReason(db: Db, id: string): RejectionReason | null {
  const row = db.prepare(`${SELECT} WHERE r.id = ? AND r.deleted = 0`).get(id) as ReasonRecord | undefined;
  return row ? toReason(row) : null;
}

export function reasonByCode(db: Db, code: string): RejectionReason | null {
  const row = db.prepare(`${SELECT} WHERE r.code = ? AND r.deleted = 0`).get(code) as ReasonRecord | undefined;
  return row ? toReason(row) : null;
}

/** Codes are unique over every row ever made (deleted ones too), so a code never changes meaning. */
export function codeTaken(db: Db, code: string): boolean {
  return db.prepare('SELECT 1 FROM rejection_reasons WHERE code = ?').get(code) !== undefined;
}

export interface ReasonFields {
  label: string;
  blame: RejectionReason['blame'];
  action: RejectionReason['action'];
  commentRequired: boolean;
  reopenKind: RejectionReason['reopenKind'];
  active: boolean;
}

export function insertReason(db: Db, code: string, f: ReasonFields, at = now()): string {
  // From the code (unique, never edited): one reason added on two laptops is one row when they sync.
  const id = rejectionReasonIdFor(code);
  const { p } = db.prepare('SELECT coalesce(max(position) + 1, 0) AS p FROM rejection_reasons WHERE deleted = 0').get() as { p: number };
  db.prepare(
    `INSERT INTO rejection_reasons (id, code, label, blame, action, comment_required, reopen_kind, active, position, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(id, code, f.label, f.blame, f.action, f.commentRequired ? 1 : 0, f.reopenKind, f.active ? 1 : 0, p, at, at);
  return id;
}

export function updateReason(db: Db, id: string, f: ReasonFields, at = now()): void {
  db.prepare(
    `UPDATE rejection_reasons SET label = ?, blame = ?, action = ?, comment_required = ?, reopen_kind = ?, active = ?, updated_at = ?
     WHERE id = ? AND deleted = 0`,
  ).run(f.label, f.blame, f.action, f.commentRequired ? 1 : 0, f.reopenKind, f.active ? 1 : 0, at, id);
}

export function softDeleteReason(db: Db, id: string, at = now()): number {
  return db.prepare('UPDATE rejection_reasons SET deleted = 1, active = 0, updated_at = ? WHERE id = ? AND deleted = 0').run(at, id).changes;
}

export function setReasonPosition(db: Db, id: string, position: number, at = now()): void {
  db.prepare('UPDATE rejection_reasons SET position = ?, updated_at = ? WHERE id = ? AND deleted = 0 AND position <> ?').run(position, at, id, position);
}

export function liveReasonIds(db: Db): string[] {
  return db.prepare('SELECT id FROM rejection_reasons WHERE deleted = 0').pluck().all() as string[];
}

interface LossRecord {
  id: string;
  code: string;
  label: string;
  active: number;
  position: number;
  usage_count: number;
}

export function listLossReasons(db: Db, includeInactive: boolean): LossReason[] {
  const rows = db
    .prepare(
      `SELECT r.id, r.code, r.label, r.active, r.position,
         (SELECT count(*) FROM outcomes o WHERE o.loss_reason_id = r.id AND o.deleted = 0) AS usage_count
       FROM loss_reasons r WHERE r.deleted = 0 AND (? OR r.active = 1) ORDER BY r.position, r.created_at, r.id`,
    )
    .all(includeInactive ? 1 : 0) as LossRecord[];
  return rows.map((r) => ({ id: r.id, code: r.code, label: r.label, active: r.active === 1, position: r.position, usageCount: r.usage_count }));
}
