import type { Database } from 'better-sqlite3';

/**
 * lift_mql: what the lift report tests of each MQL, so the report reads one narrow row per MQL in
 * lead order instead of joining each MQL's touchpoints up to its MQL time and its wide leads row
 * (issue 6 bench: that join was the report's whole cost). Per MQL: its MQL time as of the last
 * refresh, masks k0..k15 of the touchpoint values (type, offer, campaign, channel, each numbered in
 * lift_touch_bits) it touched at or before that time, and the lead fields rules test, declared as in
 * leads (types, collations) so every predicate reads them alike.
 *
 * Brought up to date by the report itself before it reads (lift-summary.repo.ts), never by a trigger
 * on touchpoint inserts or on lead_rollup, so their bulk copies keep SQLite's raw transfer:
 * - new touchpoints: rowid above lift_state's watermark (touch_rowid, and the id it had, so a
 *   VACUUM that renumbered rowids is noticed and answered with a full rebuild);
 * - an MQL time that moved, or a new MQL: the report sees lift_mql.mql_at differ from the rollup's;
 * - the rest feed lift_dirty through the cheap triggers below: a touchpoint update that changes what
 *   it tests (soft delete and undo included), a touchpoint delete (which also lowers the watermark
 *   when it removes the row at it, the newest folded in, whose rowid SQLite would hand out again; an
 *   older row's delete leaves it: SQLite never hands out a rowid below the largest), a lead field
 *   update, a lead delete, the insert of a lead that had a no_lead row. They do nothing for leads without a lift_mql row.
 * no_lead = 1: an MQL of the rollup whose lead row is not there (a sync child that came before its
 * lead), which the report leaves out as the join to leads did; lift_leads_ai marks it when the lead
 * arrives.
 * lift_match: for the rule set the report last analysed (lift_state.match_key), each lift_mql row's
 * matches as bits, one per rule (g0..g7, 52 rules each), rewritten with the lift_mql rows, so a
 * report on the same rules tests a bit per rule instead of evaluating its predicates per MQL.
 * lift_touch_bits numbers only the values the analysed rules name (the masks need no others), so it
 * fills past 832 only for rule sets naming that many, which the report answers from the source tables.
 * lift_state.built = 0: never built; the first report builds it whole.
 */
const LEAD_FIELD_COLUMNS = [
  'email',
  'name',
  'company',
  'domain',
  'country',
  'industry',
  'employees',
  'job_title',
  'seniority',
  'budget',
  'source',
  'attributes',
];
const TOUCH_TESTED = ['lead_id', 'type', 'offer_id', 'campaign_id', 'channel', 'occurred_at', 'deleted'];
const changed = (cols: readonly string[]) => cols.map((c) => `old.${c} IS NOT new.${c}`).join(' OR ');
const MATCHES = Array.from({ length: 8 }, (_, j) => `g${j} INTEGER`).join(', ');
const MASKS = Array.from({ length: 16 }, (_, j) => `k${j} INTEGER`).join(', ');

export function up(db: Database): void {
  db.exec(`
    CREATE TABLE lift_mql (
      lead_id TEXT PRIMARY KEY,
      mql_at INTEGER NOT NULL,
      no_lead INTEGER NOT NULL DEFAULT 0 CHECK (no_lead IN (0,1)),
      ${MASKS},
      email TEXT COLLATE NOCASE,
      name TEXT NOT NULL DEFAULT '' COLLATE NOCASE,
      company TEXT NOT NULL DEFAULT '' COLLATE NOCASE,
      domain TEXT,
      country TEXT NOT NULL DEFAULT '',
      industry TEXT,
      employees INTEGER,
      job_title TEXT,
      seniority TEXT,
      budget REAL,
      source TEXT,
      attributes TEXT NOT NULL DEFAULT '{}'
    ) STRICT, WITHOUT ROWID;

    CREATE TABLE lift_touch_bits (
      bit INTEGER PRIMARY KEY,
      col TEXT NOT NULL CHECK (col IN ('type','offer_id','campaign_id','channel')),
      value TEXT NOT NULL,
      UNIQUE (col, value)
    ) STRICT;

    CREATE TABLE lift_match (
      lead_id TEXT PRIMARY KEY,
      mql_at INTEGER NOT NULL,
      no_lead INTEGER NOT NULL,
      ${MATCHES}
    ) STRICT, WITHOUT ROWID;

    CREATE TABLE lift_dirty (lead_id TEXT PRIMARY KEY) STRICT, WITHOUT ROWID;

    CREATE TABLE lift_state (
      id INTEGER PRIMARY KEY CHECK (id = 1),
      built INTEGER NOT NULL DEFAULT 0,
      touch_rowid INTEGER NOT NULL DEFAULT 0,
      touch_id TEXT,
      match_key TEXT
    ) STRICT;
    INSERT INTO lift_state (id) VALUES (1);

    CREATE TRIGGER lift_touchpoints_au AFTER UPDATE OF ${TOUCH_TESTED.join(', ')} ON touchpoints
      WHEN (${changed(TOUCH_TESTED)})
        AND (EXISTS (SELECT 1 FROM lift_mql m WHERE m.lead_id = old.lead_id) OR EXISTS (SELECT 1 FROM lift_mql m WHERE m.lead_id = new.lead_id))
    BEGIN
      INSERT OR IGNORE INTO lift_dirty (lead_id) VALUES (old.lead_id), (new.lead_id);
    END;
    CREATE TRIGGER lift_touchpoints_ad AFTER DELETE ON touchpoints BEGIN
      INSERT OR IGNORE INTO lift_dirty (lead_id) SELECT old.lead_id WHERE EXISTS (SELECT 1 FROM lift_mql m WHERE m.lead_id = old.lead_id);
      UPDATE lift_state SET
        touch_rowid = coalesce((SELECT max(t.rowid) FROM touchpoints t WHERE t.rowid < old.rowid), 0),
        touch_id = (SELECT t.id FROM touchpoints t WHERE t.rowid = (SELECT max(t2.rowid) FROM touchpoints t2 WHERE t2.rowid < old.rowid))
      WHERE touch_rowid = old.rowid;
    END;

    CREATE TRIGGER lift_leads_au AFTER UPDATE OF id, ${LEAD_FIELD_COLUMNS.join(', ')} ON leads
      WHEN (${changed(['id', ...LEAD_FIELD_COLUMNS])})
        AND (EXISTS (SELECT 1 FROM lift_mql m WHERE m.lead_id = old.id) OR EXISTS (SELECT 1 FROM lift_mql m WHERE m.lead_id = new.id))
    BEGIN
      INSERT OR IGNORE INTO lift_dirty (lead_id) VALUES (old.id), (new.id);
    END;
    CREATE TRIGGER lift_leads_ai AFTER INSERT ON leads WHEN EXISTS (SELECT 1 FROM lift_mql m WHERE m.lead_id = new.id) BEGIN
      INSERT OR IGNORE INTO lift_dirty (lead_id) VALUES (new.id);
    END;
    CREATE TRIGGER lift_leads_ad AFTER DELETE ON leads WHEN EXISTS (SELECT 1 FROM lift_mql m WHERE m.lead_id = old.id) BEGIN
      INSERT OR IGNORE INTO lift_dirty (lead_id) VALUES (old.id);
    END;
  `);
}
