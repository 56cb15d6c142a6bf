import type { Db } from './connection.js';
import { newId, now } from './ids.js';

export interface AuditEntry {
  userId: string | null;
  entity: string;
  entityId: string;
  action: string;
  before?: unknown;
  after?: unknown;
}

export function appendAudit(db: Db, e: AuditEntry, at = now()): void {
  db.prepare(
    'INSERT INTO audit (id, at, user_id, entity, entity_id, action, before, after) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
  ).run(
    newId(),
    at,
    e.userId,
    e.entity,
    e.entityId,
    e.action,
    e.before === undefined ? null : JSON.stringify(e.before),
    e.after === undefined ? null : JSON.stringify(e.after),
  );
}
