import type { Db } from './connection.js';
import { stmt } from './sync-statements.js';
import { SYNCED_TABLES } from '../sync/tables.js';

export interface OutboxRow {
  seq: number;
  tbl: string;
  rowId: string;
  cols: Record<string, string | number | null>;
  at: number;
  clock: string | null;
  bases: Record<string, string | null> | null;
  /** A derived write that yields to people's edits (see migration 0012). */
  weak: boolean;
}

interface RawOutbox {
  seq: number;
  tbl: string;
  row_id: string;
  cols: string;
  at: number;
  clock: string | null;
  bases: string | null;
  weak: number;
}

const toRow = (r: RawOutbox): OutboxRow => ({
  seq: r.seq,
  tbl: r.tbl,
  rowId: r.row_id,
  cols: JSON.parse(r.cols) as OutboxRow['cols'],
  at: r.at,
  clock: r.clock,
  bases: r.bases === null ? null : (JSON.parse(r.bases) as OutboxRow['bases']),
  weak: r.weak === 1,
});

/** The newest outbox row now, so that the writes that follow can be flagged. */
export function outboxMark(db: Db): number {
  return (stmt(db, 'SELECT coalesce(max(seq), 0) AS s FROM sync_outbox').get() as { s: number }).s;
}

/** Flag the outbox rows written since `mark` (in this transaction) as yielding writes. */
export function markWeakSince(db: Db, mark: number): void {
  stmt(db, 'UPDATE sync_outbox SET weak = 1 WHERE seq > ? AND clock IS NULL').run(mark);
}

export function getSyncState(db: Db, key: string): string | null {
  const row = stmt(db, 'SELECT value FROM sync_state WHERE key = ?').get(key) as { value: string } | undefined;
  return row?.value ?? null;
}

export function setSyncState(db: Db, key: string, value: string): void {
  stmt(db, 'INSERT INTO sync_state (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(key, value);
}

export function unstampedOutbox(db: Db, limit: number): OutboxRow[] {
  return (stmt(db, 'SELECT * FROM sync_outbox WHERE clock IS NULL ORDER BY seq LIMIT ?').all(limit) as RawOutbox[]).map(toRow);
}

export function stampOutbox(db: Db, seq: number, clock: string, bases: Record<string, string | null>): void {
  stmt(db, 'UPDATE sync_outbox SET clock = ?, bases = ? WHERE seq = ?').run(clock, JSON.stringify(bases), seq);
}

export function stampedOutbox(db: Db, afterSeq: number, limit: number): OutboxRow[] {
  return (
    stmt(db, 'SELECT * FROM sync_outbox WHERE clock IS NOT NULL AND seq > ? ORDER BY seq LIMIT ?').all(afterSeq, limit) as RawOutbox[]
  ).map(toRow);
}

/** Called only once the hub confirmed it holds every change up to `seq`. */
export function removeAcknowledged(db: Db, seq: number): number {
  return stmt(db, 'DELETE FROM sync_outbox WHERE seq <= ? AND clock IS NOT NULL').run(seq).changes;
}

export function pendingCount(db: Db): number {
  return (stmt(db, 'SELECT count(*) AS n FROM sync_outbox').get() as { n: number }).n;
}

/**
 * Put every row that exists but was never synced (made before sync was set up) into the outbox
 * once, as a whole-row write; rows already known to sync (a clock on file) are left alone. Each is
 * dated by its own last change, not by now: a workspace joining a hub late must not win over edits
 * made meanwhile on other laptops to rows it has too (the seeded default reasons).
 */
export function enrollExistingRows(db: Db, at: number): number {
  let n = 0;
  for (const t of SYNCED_TABLES) {
    const obj = `json_object(${t.columns.map((c) => `'${c}', ${c}`).join(', ')})`;
    n += stmt(db, 
        `INSERT INTO sync_outbox (tbl, row_id, cols, at)
         SELECT '${t.name}', id, ${obj}, coalesce(${['updated_at', 'created_at', 'at'].find((c) => t.columns.includes(c))}, ?) FROM ${t.name} x
         WHERE NOT EXISTS (SELECT 1 FROM sync_clocks c WHERE c.tbl = '${t.name}' AND c.row_id = x.id)
           -- One pass over the outbox (SQLite indexes the list once); a correlated NOT EXISTS scanned
           -- the unindexed outbox for every row, quadratic on a big workspace (1M-lead demo: 6M rows).
           -- Only a whole-row write (every column, as the insert trigger writes) stands in for the
           -- row: one edited before the first sync (a demo lead, written without triggers) has only
           -- its changed fields queued, and the hub must still get the whole row.
           AND x.id NOT IN (SELECT o.row_id FROM sync_outbox o WHERE o.tbl = '${t.name}'
                              AND (SELECT count(*) FROM json_each(o.cols)) >= ${t.columns.length})`,
      )
      .run(at).changes;
  }
  return n;
}

/** A change this laptop decided while applying pulled ones (a renumbered version): pushed at the next sync. */
export function queueWrite(db: Db, tbl: string, rowId: string, cols: Record<string, string | number | null>, at: number): void {
  stmt(db, 'INSERT INTO sync_outbox (tbl, row_id, cols, at) VALUES (?, ?, ?, ?)').run(tbl, rowId, JSON.stringify(cols), at);
}
