import type { Database } from 'better-sqlite3';

/**
 * Team sync: handoff twins of a merged lead (issue 9). One CRM lead imported on two laptops under
 * two random ids, and handed off on each, became one lead with two handoffs when sync merged the
 * rows on their natural key: the inbox showed it twice and the SAL figures counted it twice.
 * - handoffs.deleted may be 2, "hidden twin": a handoff this laptop hides because another copy's
 *   handoff of the same lead stands for it. It is derived after every pull from synced data, alike on
 *   every laptop, never synced (a pulled or local write of deleted replaces it), and reversible.
 *   Every reader already takes `deleted = 0` as live, so the inbox, SLA, reports, the lead rollup
 *   (its triggers fire on deleted) and the handoff rule all leave hidden twins out with no change,
 *   and the partial indexes on `deleted = 0` stay as they are.
 * - handoff_origins: the lead a handoff was made for, when a merge has re-pointed it to the
 *   surviving lead (the hub keeps that id); a merged lead's handoffs are told apart by it.
 * - handoffs_twin_hidden: the few hidden rows, found without a scan.
 * - handoff_twins_dirty: the leads whose handoffs changed (pulled or local) since the last pull, so a
 *   pull works out the twins of those only, not of every merged lead each time (50k merged leads
 *   with two handoffs each took 0.75 s a pull). The triggers do nothing in a workspace that never
 *   merged a lead with handoffs.
 *
 * The CHECK on deleted is loosened in place, by SQLite's documented procedure for loosening a
 * constraint (https://sqlite.org/lang_altertable.html, "otheralter"): rebuilding the table would need
 * foreign keys off, which a pragma cannot do inside the migrations' transaction, and stage_events and
 * reroutes point at handoffs. No existing row can break the looser check.
 */
const OLD_CHECK = 'deleted INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0,1))';
const NEW_CHECK = 'deleted INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0,1,2))';

function loosenDeletedCheck(db: Database): void {
  const sql = db.prepare("SELECT sql FROM sqlite_schema WHERE type = 'table' AND name = 'handoffs'").pluck().get() as string;
  const at = sql.indexOf(OLD_CHECK);
  if (at < 0 || sql.indexOf(OLD_CHECK, at + 1) >= 0) throw new Error('0020: handoffs.deleted is not declared as expected');
  const next = sql.slice(0, at) + NEW_CHECK + sql.slice(at + OLD_CHECK.length);
  const version = db.pragma('schema_version', { simple: true }) as number;
  // better-sqlite3 opens connections in defensive mode, which forbids writing the schema table.
  db.unsafeMode(true);
  try {
    db.pragma('writable_schema = ON');
    db.prepare("UPDATE sqlite_schema SET sql = ? WHERE type = 'table' AND name = 'handoffs'").run(next);
    db.pragma(`schema_version = ${version + 1}`);
  } finally {
    db.pragma('writable_schema = OFF');
    db.unsafeMode(false);
  }
}

export function up(db: Database): void {
  loosenDeletedCheck(db);
  db.exec(`
    CREATE TABLE handoff_origins (
      handoff_id TEXT PRIMARY KEY,
      lead_id TEXT NOT NULL
    ) STRICT, WITHOUT ROWID;
    CREATE INDEX handoffs_twin_hidden ON handoffs(lead_id) WHERE deleted = 2;
    CREATE TABLE handoff_twins_dirty (
      lead_id TEXT PRIMARY KEY
    ) STRICT, WITHOUT ROWID;
    CREATE TRIGGER handoff_twins_ai AFTER INSERT ON handoffs WHEN EXISTS (SELECT 1 FROM handoff_origins) BEGIN
      INSERT OR IGNORE INTO handoff_twins_dirty (lead_id) VALUES (new.lead_id);
    END;
    CREATE TRIGGER handoff_twins_au AFTER UPDATE OF lead_id, version_id, handed_at, decision, deleted ON handoffs
    WHEN EXISTS (SELECT 1 FROM handoff_origins) BEGIN
      INSERT OR IGNORE INTO handoff_twins_dirty (lead_id) VALUES (old.lead_id);
      INSERT OR IGNORE INTO handoff_twins_dirty (lead_id) VALUES (new.lead_id);
    END;
    CREATE TRIGGER handoff_twins_ad AFTER DELETE ON handoffs WHEN EXISTS (SELECT 1 FROM handoff_origins) BEGIN
      INSERT OR IGNORE INTO handoff_twins_dirty (lead_id) VALUES (old.lead_id);
    END;
  `);
}
