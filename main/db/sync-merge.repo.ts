import type { Db } from './connection.js';
import { stmt } from './sync-statements.js';
import { syncedTable } from '../sync/tables.js';
import { ROLLUP_COLUMNS, rollupRowSql } from './migrations/0011-rollup-upserts.js';
import { convertAmountSums } from './migrations/0023-reporting-currency.js';
import type { FieldValue } from '../../shared/domain/sync-merge.js';

/**
 * The SQL of merging two rows that are one thing (one natural key) under two ids (migration 0014).
 * Table names reach SQL only after a check against the synced list or the schema itself; values
 * are always bound.
 */

type Row = Record<string, FieldValue>;

const quote = (name: string): string => `"${name.replace(/"/g, '""')}"`;

function mustBeSynced(tbl: string): void {
  if (!syncedTable(tbl)) throw new Error(`Not a synced table: ${tbl}`);
}

interface Reference {
  table: string;
  column: string;
  synced: boolean;
}

const references = new WeakMap<Db, Map<string, Reference[]>>();

/** Every column of the schema with a foreign key to `tbl` (synced tables and derived ones alike). */
export function referencesTo(db: Db, tbl: string): Reference[] {
  let byParent = references.get(db);
  if (!byParent) {
    byParent = new Map();
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").pluck().all() as string[];
    for (const t of tables) {
      for (const fk of db.prepare(`PRAGMA foreign_key_list(${quote(t)})`).all() as { table: string; from: string }[]) {
        const list = byParent.get(fk.table) ?? [];
        list.push({ table: t, column: fk.from, synced: syncedTable(t)?.columns.has(fk.from) ?? false });
        byParent.set(fk.table, list);
      }
    }
    references.set(db, byParent);
  }
  return byParent.get(tbl) ?? [];
}

/** The parent table of each foreign-key column of a synced table. */
const parents = new WeakMap<Db, Map<string, Map<string, string>>>();
export function parentOf(db: Db, tbl: string, col: string): string | undefined {
  let byTable = parents.get(db);
  if (!byTable) {
    byTable = new Map();
    parents.set(db, byTable);
  }
  let cols = byTable.get(tbl);
  if (!cols) {
    mustBeSynced(tbl);
    cols = new Map((db.prepare(`PRAGMA foreign_key_list(${quote(tbl)})`).all() as { table: string; from: string }[]).map((f) => [f.from, f.table]));
    byTable.set(tbl, cols);
  }
  return cols.get(col);
}

/** The other row holding `value` in the natural-key column `col`, if any. */
export function holderOf(db: Db, tbl: string, col: string, value: FieldValue, exceptId: string): string | null {
  mustBeSynced(tbl);
  if (!syncedTable(tbl)!.columns.has(col)) throw new Error(`Not a synced column: ${tbl}.${col}`);
  return (stmt(db, `SELECT id FROM ${tbl} WHERE ${col} = ? AND id <> ? LIMIT 1`).pluck(true).get(value, exceptId) as string | undefined) ?? null;
}

export function wholeRow(db: Db, tbl: string, id: string): Row | null {
  mustBeSynced(tbl);
  return (stmt(db, `SELECT * FROM ${tbl} WHERE id = ?`).pluck(false).get(id) as Row | undefined) ?? null;
}

export function anyMerged(db: Db): boolean {
  return stmt(db, 'SELECT 1 FROM sync_merged LIMIT 1').pluck(false).get() !== undefined;
}

/** Where a merged-away id lives now, or null for an id never merged. */
export function mergedInto(db: Db, tbl: string, id: string): string | null {
  return (stmt(db, 'SELECT into_id FROM sync_merged WHERE tbl = ? AND from_id = ?').pluck(true).get(tbl, id) as string | undefined) ?? null;
}

export function recordMerge(db: Db, tbl: string, from: string, into: string, at: number): void {
  // Rows merged into `from` earlier now live in `into` too: a lookup is one step, never a chain.
  stmt(db, 'UPDATE sync_merged SET into_id = ? WHERE tbl = ? AND into_id = ?').run(into, tbl, from);
  stmt(db, 'INSERT INTO sync_merged (tbl, from_id, into_id, merged_at) VALUES (?, ?, ?, ?) ON CONFLICT(tbl, from_id) DO UPDATE SET into_id = excluded.into_id').run(
    tbl,
    from,
    into,
    at,
  );
}

export function deleteRow(db: Db, tbl: string, id: string): void {
  mustBeSynced(tbl);
  stmt(db, `DELETE FROM ${tbl} WHERE id = ?`).run(id);
}

/** The whole row again under another id (derived columns too: they are this laptop's own). */
export function insertWholeRow(db: Db, tbl: string, row: Row): void {
  mustBeSynced(tbl);
  const cols = Object.keys(row);
  const known = new Set((db.prepare(`PRAGMA table_info(${quote(tbl)})`).all() as { name: string }[]).map((c) => c.name));
  for (const c of cols) if (!known.has(c)) throw new Error(`No column ${tbl}.${c}`);
  stmt(db, `INSERT INTO ${tbl} (${cols.join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`).run(...cols.map((c) => row[c]));
}

/** Point every row that referred to `from` at `into`, the sync's and import undo's bookkeeping too. */
export function repoint(db: Db, tbl: string, from: string, into: string): number {
  let n = 0;
  for (const r of referencesTo(db, tbl)) {
    const t = quote(r.table);
    const c = quote(r.column);
    if (r.synced) {
      n += stmt(db, `UPDATE ${t} SET ${c} = ? WHERE ${c} = ?`).run(into, from).changes;
    } else {
      // Derived rows (scores) the surviving row already has are recomputed, not kept twice.
      n += stmt(db, `UPDATE OR IGNORE ${t} SET ${c} = ? WHERE ${c} = ?`).run(into, from).changes;
      stmt(db, `DELETE FROM ${t} WHERE ${c} = ?`).run(from);
    }
  }
  stmt(db, 'UPDATE OR IGNORE import_changes SET entity_id = ? WHERE entity = ? AND entity_id = ?').run(into, tbl, from);
  stmt(db, 'DELETE FROM import_changes WHERE entity = ? AND entity_id = ?').run(tbl, from);
  stmt(db, 'UPDATE sync_outbox SET row_id = ? WHERE tbl = ? AND row_id = ?').run(into, tbl, from);
  stmt(db, 'UPDATE sync_refused SET row_id = ? WHERE tbl = ? AND row_id = ?').run(into, tbl, from);
  stmt(db, 'UPDATE OR IGNORE sync_conflicts SET row_id = ? WHERE tbl = ? AND row_id = ?').run(into, tbl, from);
  stmt(db, 'DELETE FROM sync_clocks WHERE tbl = ? AND row_id = ?').run(tbl, from);
  return n;
}

/**
 * The lead rollup after two leads merged: a row a child made for the merged-away id before its lead
 * arrived (a stub the lead's own insert fills in, which never comes) would count that lead twice in
 * every report; the surviving lead's row is recomputed from its rows, the re-pointed ones included.
 */
export function mergeLeadRollup(db: Db, from: string, into: string): void {
  stmt(db, 'DELETE FROM lead_rollup WHERE lead_id = ?').run(from);
  stmt(db, `INSERT OR REPLACE INTO lead_rollup (${ROLLUP_COLUMNS}) ${convertAmountSums(rollupRowSql('l.id = ?'))}`).run(into);
}
