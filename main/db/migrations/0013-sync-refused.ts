import type { Database } from 'better-sqlite3';

/**
 * Team sync: changes the hub refused (issue 9). A change the hub will not take (the user's team may
 * not write it, or its clock is too far ahead) used to stay at the front of the outbox and block
 * every later push. It is moved here, with the hub's reason, so the rest goes through; the user
 * retries it (back into the outbox with its own clock) or discards it (the hub's value comes back).
 * Never dropped silently.
 */
export function up(db: Database): void {
  db.exec(`
    CREATE TABLE sync_refused (
      seq INTEGER PRIMARY KEY,
      tbl TEXT NOT NULL,
      row_id TEXT NOT NULL,
      cols TEXT NOT NULL,
      at INTEGER NOT NULL,
      clock TEXT NOT NULL,
      bases TEXT NOT NULL,
      weak INTEGER NOT NULL DEFAULT 0 CHECK (weak IN (0,1)),
      reason TEXT NOT NULL,
      refused_at INTEGER NOT NULL
    ) STRICT;
  `);
}
