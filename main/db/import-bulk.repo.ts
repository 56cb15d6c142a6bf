import type { Db } from './connection.js';

/** Schema objects dropped for a bulk load, with the SQL that recreates them (read from sqlite_master). */
export interface DroppedSchema {
  indexes: { name: string; sql: string }[];
  triggers: { name: string; sql: string }[];
  rebuildFts: boolean;
}

const TABLES = new Set(['leads', 'touchpoints']);
const quoteIdent = (name: string) => `"${name.replaceAll('"', '""')}"`;

export function tableRowCount(db: Db, table: 'leads' | 'touchpoints'): number {
  if (!TABLES.has(table)) throw new Error(`not a bulk table: ${table}`);
  return (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
}

/**
 * Inside an open transaction: drop the non-unique secondary indexes of `table` except `keep`, and
 * for leads the FTS triggers. Unique indexes stay (they guard the data) and so do the ones matching
 * uses.
 */
export function dropForBulk(db: Db, table: 'leads' | 'touchpoints', keep: readonly string[]): DroppedSchema {
  if (!db.inTransaction) throw new Error('dropForBulk runs inside the import transaction');
  if (!TABLES.has(table)) throw new Error(`not a bulk table: ${table}`);
  const indexes = (
    db
      .prepare(
        `SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL AND sql NOT LIKE 'CREATE UNIQUE%'`,
      )
      .all(table) as { name: string; sql: string }[]
  ).filter((i) => !keep.includes(i.name));
  const triggers =
    table === 'leads'
      ? (db
          .prepare(
            `SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'leads' AND name LIKE 'leads_fts_%'`,
          )
          .all() as { name: string; sql: string }[])
      : [];
  for (const i of indexes) db.exec(`DROP INDEX ${quoteIdent(i.name)}`);
  for (const t of triggers) db.exec(`DROP TRIGGER ${quoteIdent(t.name)}`);
  return { indexes, triggers, rebuildFts: triggers.length > 0 };
}

/** Recreate what dropForBulk dropped. The index sorts spill to temp files rather than to this process's memory. */
export function rebuildAfterBulk(db: Db, d: DroppedSchema): void {
  const tempStore = db.pragma('temp_store', { simple: true }) as number;
  db.pragma('temp_store = FILE');
  try {
    for (const i of d.indexes) db.exec(i.sql);
    for (const t of d.triggers) db.exec(t.sql);
    if (d.rebuildFts) db.exec(`INSERT INTO leads_fts(leads_fts) VALUES ('rebuild')`);
  } finally {
    db.pragma(`temp_store = ${tempStore === 1 ? 'FILE' : tempStore === 2 ? 'MEMORY' : 'DEFAULT'}`);
  }
}
