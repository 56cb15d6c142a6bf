import type { Database } from 'better-sqlite3';

/**
 * Team sync: rows merged on a natural key (issue 9). The same lead (one external id), outcome or
 * reason code made on two laptops under two ids used to collide on the unique index when pulled,
 * and the second row was set aside as a conflict: the laptops never converged. Now the two rows
 * become one: the smaller id survives on every laptop, the other row's fields are merged into it by
 * the same last-writer-wins rule and the rows that pointed at it are re-pointed. The hub keeps
 * both ids; this table maps the merged-away id to the surviving one, so that anything pulled later
 * for the old id (an edit made offline, a touchpoint of that lead) lands on the surviving row.
 */
export function up(db: Database): void {
  db.exec(`
    CREATE TABLE sync_merged (
      tbl TEXT NOT NULL,
      from_id TEXT NOT NULL,
      into_id TEXT NOT NULL,
      merged_at INTEGER NOT NULL,
      PRIMARY KEY (tbl, from_id)
    ) STRICT, WITHOUT ROWID;
    CREATE INDEX sync_merged_into ON sync_merged(tbl, into_id);
  `);
}
