import type { Database } from 'better-sqlite3';

/**
 * lead_rollup: one row per lead with what the win/loss reports count (cohort month, first offer and
 * campaign, owner, the version of its first handoff, when it first reached MQL, SAL, SQL, won and
 * lost, its won revenue), so a report over a million leads is one scan of a narrow table instead of
 * a join of leads, stage_events and outcomes.
 *
 * Kept exact by triggers, in the same transaction as every write that changes it:
 * - stage_events: a stage counts as reached by any event into it or a later rung of the ladder (an
 *   import that jumps a lead straight to "won" passed through MQL, SAL and SQL);
 * - outcomes: won_at is the earliest close of a live won outcome, revenue the sum of their amounts;
 * - handoffs: the version of the lead's earliest live handoff;
 * - leads: created_at, cohort, owner, first offer/campaign, deleted.
 * Inserts update the row in place (the hot paths: demo, import, rescore); updates and deletes
 * recompute the lead's row from its tables. No trigger reads or fires on leads.score_total,
 * score_level or updated_at (rescore writes those for every lead), on touchpoints (so their bulk
 * loads keep SQLite's fast transfer) or on scores.
 *
 * This SQL is frozen with the migration; ROLLUP_ROW_SQL also serves the rebuild in rollup.repo.ts.
 */

const MQL = `('mql','sal','rejected','sql','opportunity','won','lost')`;
const SAL = `('sal','sql','opportunity','won','lost')`;
const SQL = `('sql','opportunity','won','lost')`;

export const ROLLUP_COLUMNS =
  'lead_id, deleted, created_at, cohort, owner_id, offer_id, campaign_id, version_id, mql_at, sal_at, sql_at, won_at, lost_at, won_deals, revenue';

/** The rollup row of the leads matching `where` (over `leads l`), computed from the source tables. */
export function rollupRowSql(where: string): string {
  return `
  -- Unary + keeps SQLite on the lead_id indexes: an index on result or to_stage would turn each
  -- per-lead lookup into a scan of every outcome or event with that value.
  SELECT l.id, l.deleted, l.created_at, strftime('%Y-%m', l.created_at / 1000, 'unixepoch'), l.owner_id,
    l.first_offer_id, l.first_campaign_id,
    (SELECT h.version_id FROM handoffs h WHERE h.lead_id = l.id AND h.deleted = 0 ORDER BY h.handed_at, h.id LIMIT 1),
    (SELECT min(e.at) FROM stage_events e WHERE e.lead_id = l.id AND +e.to_stage IN ${MQL}),
    (SELECT min(e.at) FROM stage_events e WHERE e.lead_id = l.id AND +e.to_stage IN ${SAL}),
    (SELECT min(e.at) FROM stage_events e WHERE e.lead_id = l.id AND +e.to_stage IN ${SQL}),
    (SELECT min(coalesce(o.closed_at, o.opened_at, o.created_at)) FROM outcomes o WHERE o.lead_id = l.id AND o.deleted = 0 AND +o.result = 'won'),
    (SELECT min(coalesce(o.closed_at, o.opened_at, o.created_at)) FROM outcomes o WHERE o.lead_id = l.id AND o.deleted = 0 AND +o.result = 'lost'),
    (SELECT count(*) FROM outcomes o WHERE o.lead_id = l.id AND o.deleted = 0 AND +o.result = 'won'),
    (SELECT coalesce(sum(o.amount), 0) FROM outcomes o WHERE o.lead_id = l.id AND o.deleted = 0 AND +o.result = 'won')
  FROM leads l WHERE ${where}`;
}

const recompute = (idExpr: string) =>
  `INSERT OR REPLACE INTO lead_rollup (${ROLLUP_COLUMNS}) ${rollupRowSql(`l.id = ${idExpr}`)};`;

const earliest = (col: string) => `${col} = CASE WHEN ${col} IS NULL OR new.at < ${col} THEN new.at ELSE ${col} END`;
const earliestIf = (col: string, set: string) =>
  `${col} = CASE WHEN new.to_stage IN ${set} AND (${col} IS NULL OR new.at < ${col}) THEN new.at ELSE ${col} END`;
const closeAt = `coalesce(new.closed_at, new.opened_at, new.created_at)`;

export function up(db: Database): void {
  db.exec(`
    CREATE TABLE lead_rollup (
      lead_id TEXT PRIMARY KEY,
      deleted INTEGER NOT NULL DEFAULT 0,
      created_at INTEGER NOT NULL,
      cohort TEXT NOT NULL,
      owner_id TEXT,
      offer_id TEXT,
      campaign_id TEXT,
      version_id TEXT,
      mql_at INTEGER,
      sal_at INTEGER,
      sql_at INTEGER,
      won_at INTEGER,
      lost_at INTEGER,
      won_deals INTEGER NOT NULL DEFAULT 0,
      revenue REAL NOT NULL DEFAULT 0
    ) STRICT, WITHOUT ROWID;

    INSERT INTO lead_rollup (${ROLLUP_COLUMNS}) ${rollupRowSql('1')};

    -- Date-filtered reports walk the creation date; the MQL-based ones (offers, velocity, lift) the MQL time.
    CREATE INDEX lead_rollup_created ON lead_rollup(created_at);
    CREATE INDEX lead_rollup_mql ON lead_rollup(mql_at) WHERE mql_at IS NOT NULL;
    -- The outcomes list pages by the outcome's date (keyset on (date, id)).
    CREATE INDEX outcomes_date ON outcomes(coalesce(closed_at, opened_at, created_at), id);

    CREATE TRIGGER lead_rollup_leads_ai AFTER INSERT ON leads BEGIN
      ${recompute('new.id')}
    END;
    CREATE TRIGGER lead_rollup_leads_au AFTER UPDATE OF deleted, created_at, owner_id, first_offer_id, first_campaign_id ON leads BEGIN
      UPDATE lead_rollup SET deleted = new.deleted, created_at = new.created_at,
        cohort = strftime('%Y-%m', new.created_at / 1000, 'unixepoch'), owner_id = new.owner_id,
        offer_id = new.first_offer_id, campaign_id = new.first_campaign_id
      WHERE lead_id = new.id;
    END;
    CREATE TRIGGER lead_rollup_leads_ad AFTER DELETE ON leads BEGIN
      DELETE FROM lead_rollup WHERE lead_id = old.id;
    END;

    CREATE TRIGGER lead_rollup_events_ai AFTER INSERT ON stage_events WHEN new.to_stage IN ${MQL} BEGIN
      UPDATE lead_rollup SET ${earliest('mql_at')}, ${earliestIf('sal_at', SAL)}, ${earliestIf('sql_at', SQL)}
      WHERE lead_id = new.lead_id;
    END;
    CREATE TRIGGER lead_rollup_events_au AFTER UPDATE OF lead_id, to_stage, at ON stage_events BEGIN
      ${recompute('old.lead_id')}
      ${recompute('new.lead_id')}
    END;
    CREATE TRIGGER lead_rollup_events_ad AFTER DELETE ON stage_events WHEN old.to_stage IN ${MQL} BEGIN
      ${recompute('old.lead_id')}
    END;

    CREATE TRIGGER lead_rollup_outcomes_ai AFTER INSERT ON outcomes WHEN new.deleted = 0 AND new.result IN ('won','lost') AND new.lead_id IS NOT NULL BEGIN
      UPDATE lead_rollup SET
        won_at = CASE WHEN new.result = 'won' AND (won_at IS NULL OR ${closeAt} < won_at) THEN ${closeAt} ELSE won_at END,
        lost_at = CASE WHEN new.result = 'lost' AND (lost_at IS NULL OR ${closeAt} < lost_at) THEN ${closeAt} ELSE lost_at END,
        won_deals = won_deals + (new.result = 'won'),
        revenue = revenue + CASE WHEN new.result = 'won' THEN coalesce(new.amount, 0) ELSE 0 END
      WHERE lead_id = new.lead_id;
    END;
    CREATE TRIGGER lead_rollup_outcomes_au AFTER UPDATE OF lead_id, result, amount, opened_at, closed_at, deleted ON outcomes BEGIN
      ${recompute('old.lead_id')}
      ${recompute('new.lead_id')}
    END;
    CREATE TRIGGER lead_rollup_outcomes_ad AFTER DELETE ON outcomes BEGIN
      ${recompute('old.lead_id')}
    END;

    CREATE TRIGGER lead_rollup_handoffs_ai AFTER INSERT ON handoffs WHEN new.deleted = 0 BEGIN
      UPDATE lead_rollup SET version_id =
        (SELECT h.version_id FROM handoffs h WHERE h.lead_id = new.lead_id AND h.deleted = 0 ORDER BY h.handed_at, h.id LIMIT 1)
      WHERE lead_id = new.lead_id;
    END;
    CREATE TRIGGER lead_rollup_handoffs_au AFTER UPDATE OF lead_id, version_id, handed_at, deleted ON handoffs BEGIN
      ${recompute('old.lead_id')}
      ${recompute('new.lead_id')}
    END;
    CREATE TRIGGER lead_rollup_handoffs_ad AFTER DELETE ON handoffs BEGIN
      ${recompute('old.lead_id')}
    END;
  `);
}
