import type { Db } from './connection.js';

/** Tables of the data model (not FTS shadow tables or SQLite internals), for stats and checks. */
export const MODEL_TABLES = [
  'users',
  'campaigns',
  'offers',
  'criteria_versions',
  'criteria_rules',
  'approvals',
  'leads',
  'touchpoints',
  'scores',
  'rejection_reasons',
  'loss_reasons',
  'handoffs',
  'stage_events',
  'outcomes',
  'reviews',
  'review_proposals',
  'audit',
] as const;

/** Any lead row at all, deleted or not (the first start fills only a workspace that never had one). */
export function hasAnyLead(db: Db): boolean {
  return db.prepare('SELECT 1 FROM leads LIMIT 1').get() !== undefined;
}

export function tableCounts(db: Db): Record<string, number> {
  const out: Record<string, number> = {};
  for (const table of MODEL_TABLES) {
    // Table names come from the constant list above, never from input.
    const row = db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number };
    out[table] = row.n;
  }
  return out;
}
