import type { Db } from '../../db/connection.js';
import { ROLLUP_COLUMNS } from '../../db/migrations/0011-rollup-upserts.js';

// The stage ladders of migration 0011's insert triggers (a stage counts as reached by any later rung).
const MQL = `('mql','sal','rejected','sql','opportunity','won','lost')`;
const SAL = `('sal','sql','opportunity','won','lost')`;
const SQL = `('sql','opportunity','won','lost')`;
const CLOSE_AT = 'coalesce(closed_at, opened_at, created_at)';

/**
 * lead_rollup for a workspace loaded with the rollup's insert triggers dropped, in one statement:
 * each source table is read once and grouped by lead, instead of one upsert per inserted row (which
 * also moved entries in the rollup's ten indexes every time a stage or outcome arrived). It does
 * what migration 0011's insert triggers do for inserted rows: the earliest live handoff by
 * (handed_at, id), the earliest event into each rung, the earliest close of a live won and a live
 * lost outcome, the count and amount total of the live won ones. Rows go in lead id order, so
 * the WITHOUT ROWID table is appended to. Leads only: the triggers' stub rows (an event whose lead
 * never arrives) cannot occur in the demo, whose rows reference their leads by construction
 * (test/integration/demo-rollup.test.ts compares both ways row for row).
 */
const FILL_SQL = `
  WITH
    h AS (
      SELECT lead_id, version_id, handed_at, id FROM (
        SELECT lead_id, version_id, handed_at, id,
          row_number() OVER (PARTITION BY lead_id ORDER BY handed_at, id) AS n
        FROM handoffs WHERE deleted = 0
      ) WHERE n = 1
    ),
    e AS (
      SELECT lead_id, min(at) AS mql_at,
        min(CASE WHEN to_stage IN ${SAL} THEN at END) AS sal_at,
        min(CASE WHEN to_stage IN ${SQL} THEN at END) AS sql_at
      FROM stage_events WHERE to_stage IN ${MQL} GROUP BY lead_id
    ),
    o AS (
      SELECT lead_id,
        min(CASE WHEN result = 'won' THEN ${CLOSE_AT} END) AS won_at,
        min(CASE WHEN result = 'lost' THEN ${CLOSE_AT} END) AS lost_at,
        sum(result = 'won') AS won_deals,
        sum(CASE WHEN result = 'won' THEN coalesce(amount, 0) ELSE 0 END) AS revenue
      FROM outcomes WHERE deleted = 0 AND result IN ('won','lost') AND lead_id IS NOT NULL GROUP BY lead_id
    )
  INSERT INTO lead_rollup (${ROLLUP_COLUMNS})
  SELECT l.id, l.deleted, l.created_at, strftime('%Y-%m', l.created_at / 1000, 'unixepoch'), l.owner_id,
    l.first_offer_id, l.first_campaign_id, h.version_id, h.handed_at, h.id,
    e.mql_at, e.sal_at, e.sql_at, o.won_at, o.lost_at, coalesce(o.won_deals, 0), coalesce(o.revenue, 0)
  FROM leads l
  LEFT JOIN h ON h.lead_id = l.id
  LEFT JOIN e ON e.lead_id = l.id
  LEFT JOIN o ON o.lead_id = l.id
  ORDER BY l.id`;

/** Fill the (empty) lead_rollup from leads, handoffs, stage_events and outcomes; returns its rows. */
export function fillRollup(db: Db): number {
  if (!db.inTransaction) throw new Error('fillRollup runs inside the demo transaction');
  return db.prepare(FILL_SQL).run().changes;
}
