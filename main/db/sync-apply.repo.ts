import type { Db } from './connection.js';
import { stmt } from './sync-statements.js';
import type { FieldValue } from '../../shared/domain/sync-merge.js';
import { syncedTable } from '../sync/tables.js';

/**
 * Writes of changes pulled from the hub. Table and column names are checked against the synced
 * list before they reach SQL (a hub may carry tables of a newer LeadPact, which are skipped);
 * values are always bound.
 */

export function setApplying(db: Db, on: boolean): void {
  stmt(db, 'UPDATE sync_apply SET applying = ? WHERE one = 1').run(on ? 1 : 0);
}

function checkColumns(tbl: string, cols: readonly string[]): void {
  const spec = syncedTable(tbl);
  if (!spec) throw new Error(`Not a synced table: ${tbl}`);
  for (const c of cols) if (!spec.columns.has(c)) throw new Error(`Not a synced column: ${tbl}.${c}`);
}

export function readRow(db: Db, tbl: string, rowId: string, cols: readonly string[]): Record<string, FieldValue> | null {
  checkColumns(tbl, cols);
  const list = cols.length ? cols.join(', ') : 'id';
  return (stmt(db, `SELECT ${list} FROM ${tbl} WHERE id = ?`).get(rowId) as Record<string, FieldValue> | undefined) ?? null;
}

export function updateRow(db: Db, tbl: string, rowId: string, values: Record<string, FieldValue>): void {
  const cols = Object.keys(values);
  if (!cols.length) return;
  checkColumns(tbl, cols);
  stmt(db, `UPDATE ${tbl} SET ${cols.map((c) => `${c} = ?`).join(', ')} WHERE id = ?`).run(...cols.map((c) => values[c]), rowId);
}

export function insertRow(db: Db, tbl: string, rowId: string, values: Record<string, FieldValue>): void {
  const cols = Object.keys(values);
  checkColumns(tbl, cols);
  stmt(db, `INSERT INTO ${tbl} (id${cols.map((c) => `, ${c}`).join('')}) VALUES (?${', ?'.repeat(cols.length)})`).run(
    rowId,
    ...cols.map((c) => values[c]),
  );
}

/**
 * A row purged from the hub after its retention window: it was deleted there, so it is here too; a
 * hidden twin (handoffs.deleted = 2, handoff-twins.repo.ts) is live as far as sync knows, so it goes too.
 */
export function softDeleteRow(db: Db, tbl: string, rowId: string): boolean {
  const spec = syncedTable(tbl);
  if (!spec || !spec.columns.has('deleted')) return false;
  return stmt(db, `UPDATE ${tbl} SET deleted = 1 WHERE id = ? AND deleted IN (0, 2)`).run(rowId).changes > 0;
}
