import type { Db } from './connection.js';
import { stmt } from './sync-statements.js';
import { newId } from './ids.js';
import type { FieldValue } from '../../shared/domain/sync-merge.js';

/**
 * Per field of one row: [clock, base, synced]. clock and base are those of the value the field
 * holds; synced is the newest clock of the field this laptop has exchanged with the hub (pulled,
 * or pushed and pulled back). A local write's base is `synced`, not the clock of an earlier local
 * write still in the outbox: what the writer had seen of the others.
 */
export type RowClocks = Record<string, [string, string | null, string | null]>;

export function getRowClocks(db: Db, tbl: string, rowId: string): RowClocks | null {
  const r = stmt(db, 'SELECT clocks FROM sync_clocks WHERE tbl = ? AND row_id = ?').get(tbl, rowId) as { clocks: string } | undefined;
  return r ? (JSON.parse(r.clocks) as RowClocks) : null;
}

export function setRowClocks(db: Db, tbl: string, rowId: string, clocks: RowClocks): void {
  stmt(db, 
    'INSERT INTO sync_clocks (tbl, row_id, clocks) VALUES (?, ?, ?) ON CONFLICT(tbl, row_id) DO UPDATE SET clocks = excluded.clocks',
  ).run(tbl, rowId, JSON.stringify(clocks));
}

export function allClockedRows(db: Db): { tbl: string; rowId: string }[] {
  return (stmt(db, 'SELECT tbl, row_id FROM sync_clocks').all() as { tbl: string; row_id: string }[]).map((r) => ({
    tbl: r.tbl,
    rowId: r.row_id,
  }));
}

export interface ConflictInput {
  tbl: string;
  rowId: string;
  col: string;
  keptValue: FieldValue;
  keptClock: string;
  lostValue: FieldValue;
  lostClock: string;
}

/** Logged once per lost write, however often it is pulled again. */
export function logConflict(db: Db, c: ConflictInput, at: number): void {
  stmt(db, 
    `INSERT INTO sync_conflicts (id, tbl, row_id, col, kept_value, kept_clock, lost_value, lost_clock, detected_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(tbl, row_id, col, lost_clock) DO NOTHING`,
  ).run(newId(), c.tbl, c.rowId, c.col, JSON.stringify(c.keptValue), c.keptClock, JSON.stringify(c.lostValue), c.lostClock, at);
}

export interface ConflictRow {
  id: string;
  tbl: string;
  rowId: string;
  col: string;
  keptValue: FieldValue;
  keptClock: string;
  lostValue: FieldValue;
  lostClock: string;
  detectedAt: number;
  seen: boolean;
}

export function listConflicts(db: Db, limit: number): ConflictRow[] {
  const rows = stmt(db, 'SELECT * FROM sync_conflicts ORDER BY detected_at DESC, id DESC LIMIT ?').all(limit) as {
    id: string;
    tbl: string;
    row_id: string;
    col: string;
    kept_value: string | null;
    kept_clock: string;
    lost_value: string | null;
    lost_clock: string;
    detected_at: number;
    seen: number;
  }[];
  const parse = (v: string | null): FieldValue => (v === null ? null : (JSON.parse(v) as FieldValue));
  return rows.map((r) => ({
    id: r.id,
    tbl: r.tbl,
    rowId: r.row_id,
    col: r.col,
    keptValue: parse(r.kept_value),
    keptClock: r.kept_clock,
    lostValue: parse(r.lost_value),
    lostClock: r.lost_clock,
    detectedAt: r.detected_at,
    seen: r.seen === 1,
  }));
}

export function conflictCount(db: Db): { total: number; unseen: number } {
  return stmt(db, 'SELECT count(*) AS total, coalesce(sum(seen = 0), 0) AS unseen FROM sync_conflicts').get() as { total: number; unseen: number };
}

export function markConflictsSeen(db: Db): void {
  stmt(db, 'UPDATE sync_conflicts SET seen = 1 WHERE seen = 0').run();
}
