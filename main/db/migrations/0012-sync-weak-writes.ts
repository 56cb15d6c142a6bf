import type { Database } from 'better-sqlite3';

/**
 * Team sync: derived writes that yield (issue 9, duplicate handoffs).
 * A rescore on each laptop hands the same MQL off; the handoff now has a name-based id (lead,
 * version, pass), so two laptops make the same row. What the rescore wrote (the handoff, its stage
 * event, the lead's move to mql) is flagged `weak` in the outbox: such a write is stamped just after
 * the value it replaced (or before everything, for a new row) instead of at the time it was made, so
 * it never wins over an edit a person made meanwhile on another laptop (a rep's decision on that
 * handoff), while still replacing the value it saw.
 */
export function up(db: Database): void {
  db.exec(`ALTER TABLE sync_outbox ADD COLUMN weak INTEGER NOT NULL DEFAULT 0 CHECK (weak IN (0,1));`);
}
