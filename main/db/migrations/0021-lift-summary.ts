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
 * lift_match: for each of the last 3 rule sets analysed (lift_match_sets: its slot, the key naming its
 * predicates), each lift_mql row's matches as bits, one per rule (g0..g7, 52 rules each), so a report
 * on the same rules tests a bit per rule instead of evaluating its predicates per MQL, and reports
 * alternating between versions do not rewrite it each time. A lift_mql row rewritten drops its rows
 * of every slot; the report on that slot finds them missing and writes them.
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
      slot INTEGER NOT NULL,
      lead_id TEXT NOT NULL,
      mql_at INTEGER NOT NULL,
      no_lead INTEGER NOT NULL,
      ${MATCHES},
      PRIMARY KEY (slot, lead_id)
    ) STRICT, WITHOUT ROWID;

    CREATE TABLE lift_match_sets (
      slot INTEGER PRIMARY KEY CHECK (slot BETWEEN 0 AND 2),
      match_key TEXT NOT NULL UNIQUE,
      used INTEGER NOT NULL
    ) STRICT;

    CREATE TABLE lift_dirty (lead_id TEXT PRIMARY KEY) STRICT, WITHOUT ROWID;

    CREATE TABLE lift_state (
      id INTEGER PRIMARY KEY CHECK (id = 1),
      built INTEGER NOT NULL DEFAULT 0,
      touch_rowid INTEGER NOT NULL DEFAULT 0,
      touch_id TEXT
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
  buildExisting(db);
}

/**
 * An existing workspace's summary is built here, once, inside the upgrade's transaction (about as
 * long as a lift report's first build: seconds at 1M leads), so no report has to build it holding
 * the write lock, which an import or rescore job starting meanwhile would wait on and fail. Written
 * out here, not by lift-summary.repo, so later changes there cannot break this upgrade. Numbers the
 * text values the active version's engagement rules name; the report adds any it names besides (a
 * number or boolean value, another version's rules) and recomputes what they touched, and writes
 * lift_match for its rules.
 */
const BITS = 52;
const SLOTS = 16 * BITS;
const TOUCH_COL: Record<string, string> = { 'touchpoint.type': 'type', 'offer.id': 'offer_id', 'campaign.id': 'campaign_id', channel: 'channel' };

function buildExisting(db: Database): void {
  if (!db.prepare('SELECT EXISTS (SELECT 1 FROM lead_rollup WHERE mql_at IS NOT NULL)').pluck().get()) return;
  const named = db
    .prepare(
      `SELECT r.field, lower(trim(j.value)) AS value
       FROM criteria_versions v JOIN criteria_rules r ON r.version_id = v.id,
         json_each(CASE json_type(r.value) WHEN 'array' THEN r.value ELSE json_array(json(r.value)) END) j
       WHERE v.status = 'active' AND v.deleted = 0 AND r.deleted = 0 AND r.kind = 'engagement' AND j.type = 'text'`,
    )
    .all() as { field: string; value: string }[];
  const insert = db.prepare('INSERT OR IGNORE INTO lift_touch_bits (col, value) VALUES (?, ?)');
  const offersOfType = db.prepare('SELECT lower(trim(id)) FROM offers WHERE lower(trim(type)) = ?').pluck();
  for (const n of named) {
    if (n.field === 'offer.type') for (const id of offersOfType.all(n.value) as string[]) insert.run('offer_id', id);
    else if (TOUCH_COL[n.field]) insert.run(TOUCH_COL[n.field], n.value);
  }
  const dict = db.prepare('SELECT bit, col, value FROM lift_touch_bits ORDER BY bit').all() as { bit: number; col: string; value: string }[];
  if (dict.length > SLOTS) {
    db.prepare('DELETE FROM lift_touch_bits').run();
    return;
  }
  // As lift-summary.repo's writeRows: per mask column, per touchpoint column, the sum of the distinct
  // bits of the values touched up to the MQL time (their OR).
  const params: unknown[] = [];
  const ks = Array.from({ length: 16 }, (_, j) => {
    const terms: string[] = [];
    for (const col of ['type', 'offer_id', 'campaign_id', 'channel']) {
      const here = dict.filter((b) => b.col === col && Math.floor((b.bit - 1) / BITS) === j);
      if (!here.length) continue;
      terms.push(`coalesce(sum(DISTINCT CASE lower(trim(t.${col})) ${here.map(() => 'WHEN ? THEN ?').join(' ')} ELSE 0 END), 0)`);
      for (const b of here) params.push(b.value, 2 ** ((b.bit - 1) % BITS));
    }
    return `${terms.length ? terms.join(' + ') : 'NULL'} AS k${j}`;
  });
  const fields = LEAD_FIELD_COLUMNS.map((c) => (['name', 'company', 'country', 'attributes'].includes(c) ? `coalesce(l.${c}, '')` : `l.${c}`));
  db.prepare(
    `INSERT INTO lift_mql (lead_id, mql_at, no_lead, ${ks.map((_, j) => `k${j}`).join(', ')}, ${LEAD_FIELD_COLUMNS.join(', ')})
     SELECT g.lead_id, g.mql_at, l.id IS NULL, ${ks.map((_, j) => `g.k${j}`).join(', ')}, ${fields.join(', ')}
     FROM (SELECT r.lead_id, r.mql_at, ${ks.join(', ')}
           FROM lead_rollup r LEFT JOIN touchpoints t ON t.lead_id = r.lead_id AND t.occurred_at <= r.mql_at AND t.deleted = 0
           WHERE r.mql_at IS NOT NULL GROUP BY r.lead_id) g
     LEFT JOIN leads l ON l.id = g.lead_id`,
  ).run(...params);
  db.prepare(
    `UPDATE lift_state SET built = 1, touch_rowid = coalesce((SELECT max(rowid) FROM touchpoints), 0),
       touch_id = (SELECT id FROM touchpoints WHERE rowid = (SELECT max(rowid) FROM touchpoints))`,
  ).run();
}
