import type { Database } from 'better-sqlite3';

/**
 * handoffs_sla covers the SLA report's per-rep pass: 0007's index left out `deleted`, the column of
 * its own predicate, and SQLite reads every column the query names (h.deleted = 0 included), so the
 * pass fetched each handoff's table row. The name stays: it is the same index with deleted at the end.
 */
export function up(db: Database): void {
  db.exec(`
    DROP INDEX IF EXISTS handoffs_sla;
    CREATE INDEX handoffs_sla ON handoffs(rep_id, decision, sla_due_at, decided_at, handed_at, version_id, lead_id, deleted) WHERE deleted = 0;
  `);
}
