import type { Db } from './connection.js';
import { stmt } from './sync-statements.js';
import type { OutboxRow } from './sync-outbox.repo.js';
import { getRowClocks, setRowClocks } from './sync-clocks.repo.js';
import { setApplying, softDeleteRow } from './sync-apply.repo.js';

/** Changes the hub refused (migration 0013), set aside so the rest of the outbox goes through. */

export interface RefusedRow {
  seq: number;
  tbl: string;
  rowId: string;
  cols: Record<string, string | number | null>;
  at: number;
  clock: string;
  reason: string;
  refusedAt: number;
}

interface Raw {
  seq: number;
  tbl: string;
  row_id: string;
  cols: string;
  at: number;
  clock: string;
  reason: string;
  refused_at: number;
}

/** Move one stamped outbox row to the refused list, with the hub's reason; the caller holds the transaction. */
export function setAside(db: Db, row: OutboxRow, reason: string, at: number): void {
  stmt(
    db,
    `INSERT INTO sync_refused (seq, tbl, row_id, cols, at, clock, bases, weak, reason, refused_at)
     SELECT seq, tbl, row_id, cols, at, clock, bases, weak, ?, ? FROM sync_outbox WHERE seq = ? AND clock IS NOT NULL`,
  ).run(reason, at, row.seq);
  stmt(db, 'DELETE FROM sync_outbox WHERE seq = ?').run(row.seq);
}

export function listRefused(db: Db): RefusedRow[] {
  return (stmt(db, 'SELECT seq, tbl, row_id, cols, at, clock, reason, refused_at FROM sync_refused ORDER BY seq').all() as Raw[]).map((r) => ({
    seq: r.seq,
    tbl: r.tbl,
    rowId: r.row_id,
    cols: JSON.parse(r.cols) as RefusedRow['cols'],
    at: r.at,
    clock: r.clock,
    reason: r.reason,
    refusedAt: r.refused_at,
  }));
}

export function refusedCount(db: Db): number {
  return (stmt(db, 'SELECT count(*) AS n FROM sync_refused').get() as { n: number }).n;
}

/**
 * Back into the outbox, at its end, with its own clock and bases (it still orders as the edit it
 * was, among the others' edits); `seq` null means all. Returns how many.
 */
export function requeueRefused(db: Db, seq: number | null): number {
  const n = stmt(
    db,
    `INSERT INTO sync_outbox (tbl, row_id, cols, at, clock, bases, weak)
     SELECT tbl, row_id, cols, at, clock, bases, weak FROM sync_refused WHERE ? IS NULL OR seq = ? ORDER BY seq`,
  ).run(seq, seq).changes;
  stmt(db, 'DELETE FROM sync_refused WHERE ? IS NULL OR seq = ?').run(seq, seq);
  return n;
}

/**
 * Whether the refused change's row exists only on this laptop, so that discarding the change
 * deletes its only copy: none of its fields ever came from or reached the hub, and no field is
 * held by another (later) change. Such a row is kept as long as the change stays set aside.
 */
export function refusedRowOnlyHere(db: Db, row: Pick<RefusedRow, 'tbl' | 'rowId' | 'cols' | 'clock'>): boolean {
  const clocks = getRowClocks(db, row.tbl, row.rowId);
  if (!clocks) return false;
  const cols = Object.entries(clocks);
  return cols.every(([col, c]) => c[2] === null && col in row.cols && c[0] === row.clock);
}

/**
 * Drop a refused change: its fields no longer count as written here (their clocks are cleared), so
 * the next full pull puts the hub's values back. Returns the dropped row, or null.
 */
export function dropRefused(db: Db, seq: number): RefusedRow | null {
  const row = listRefused(db).find((r) => r.seq === seq) ?? null;
  if (!row) return null;
  const clocks = getRowClocks(db, row.tbl, row.rowId);
  if (clocks) {
    // Only the fields this change still holds: a later local edit of a field keeps its own clock.
    for (const col of Object.keys(row.cols)) if (clocks[col]?.[0] === row.clock) delete clocks[col];
    if (Object.keys(clocks).length) setRowClocks(db, row.tbl, row.rowId, clocks);
    else {
      // Nothing of the row came from the hub or is waiting to go: it was this change's own new row.
      stmt(db, 'DELETE FROM sync_clocks WHERE tbl = ? AND row_id = ?').run(row.tbl, row.rowId);
      setApplying(db, true);
      softDeleteRow(db, row.tbl, row.rowId);
      setApplying(db, false);
    }
  }
  stmt(db, 'DELETE FROM sync_refused WHERE seq = ?').run(seq);
  return row;
}
