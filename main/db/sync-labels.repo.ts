import type { Db } from './connection.js';
import { stmt } from './sync-statements.js';

/** The table's column that names a row for people, for the conflicts view. */
const LABEL_COLUMN: Record<string, string> = {
  leads: 'name',
  campaigns: 'name',
  offers: 'name',
  users: 'name',
  criteria_versions: 'name',
  criteria_rules: 'label',
  rejection_reasons: 'label',
  loss_reasons: 'label',
  reviews: 'quarter',
  review_proposals: 'title',
};

export function rowLabels(db: Db, rows: readonly { tbl: string; rowId: string }[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const r of rows) {
    const col = LABEL_COLUMN[r.tbl];
    if (!col) continue;
    const got = stmt(db, `SELECT ${col} AS label FROM ${r.tbl} WHERE id = ?`).get(r.rowId) as { label: string | null } | undefined;
    if (got?.label) out.set(`${r.tbl}\u0000${r.rowId}`, got.label);
  }
  return out;
}
