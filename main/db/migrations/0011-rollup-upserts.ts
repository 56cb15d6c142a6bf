import type { Database } from 'better-sqlite3';

/**
 * lead_rollup's insert triggers, rewritten so that no insert reads another table. The first ones
 * (0006) recomputed a new lead's row from stage_events, handoffs and outcomes, and looked up a lead's
 * earliest handoff on every new handoff: cheap with their lead_id indexes, but the demo generator and
 * bulk loads drop those indexes while they write, which made each insert a scan (quadratic: a
 * 200,000-lead demo no longer finished). Now every insert is one upsert of the lead's rollup row:
 * - a stage event, handoff or outcome that arrives before its lead (bulk writers buffer per table)
 *   creates the row, and the lead's insert fills in its own columns;
 * - the earliest handoff is kept by its time and id (new columns handoff_at, handoff_id), so a new
 *   handoff compares with the row instead of searching the table.
 * Updates and deletes still recompute the lead's row from its tables (rare, and indexes are there).
 */

const MQL = `('mql','sal','rejected','sql','opportunity','won','lost')`;
const SAL = `('sal','sql','opportunity','won','lost')`;
const SQL = `('sql','opportunity','won','lost')`;

export const ROLLUP_COLUMNS =
  'lead_id, deleted, created_at, cohort, owner_id, offer_id, campaign_id, version_id, handoff_at, handoff_id, mql_at, sal_at, sql_at, won_at, lost_at, won_deals, revenue';

const FIRST_HANDOFF = `FROM handoffs h WHERE h.lead_id = l.id AND h.deleted = 0 ORDER BY h.handed_at, h.id LIMIT 1`;

/** The rollup row of the leads matching `where` (over `leads l`), from the source tables. */
export function rollupRowSql(where: string): string {
  return `
  -- Unary + keeps SQLite on the lead_id indexes (see 0006).
  SELECT l.id, l.deleted, l.created_at, strftime('%Y-%m', l.created_at / 1000, 'unixepoch'), l.owner_id,
    l.first_offer_id, l.first_campaign_id,
    (SELECT h.version_id ${FIRST_HANDOFF}), (SELECT h.handed_at ${FIRST_HANDOFF}), (SELECT h.id ${FIRST_HANDOFF}),
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

/** Keep the earlier of the stored and the incoming time (NULL = none yet). */
const earlier = (col: string) =>
  `${col} = CASE WHEN excluded.${col} IS NOT NULL AND (${col} IS NULL OR excluded.${col} < ${col}) THEN excluded.${col} ELSE ${col} END`;
const closeAt = `coalesce(new.closed_at, new.opened_at, new.created_at)`;
/** A row made by an event that came before its lead; the lead's own insert fills these in. */
const STUB = `0, ''`;

export function up(db: Database): void {
  db.exec(`
    ALTER TABLE lead_rollup ADD COLUMN handoff_at INTEGER;
    ALTER TABLE lead_rollup ADD COLUMN handoff_id TEXT;
    UPDATE lead_rollup SET
      handoff_at = (SELECT h.handed_at FROM handoffs h WHERE h.lead_id = lead_rollup.lead_id AND h.deleted = 0 ORDER BY h.handed_at, h.id LIMIT 1),
      handoff_id = (SELECT h.id FROM handoffs h WHERE h.lead_id = lead_rollup.lead_id AND h.deleted = 0 ORDER BY h.handed_at, h.id LIMIT 1)
    WHERE lead_id IN (SELECT lead_id FROM handoffs WHERE deleted = 0);
  `);
  const old = db.prepare(`SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'lead_rollup_%'`).pluck().all() as string[];
  for (const name of old) db.exec(`DROP TRIGGER "${name}"`);
  db.exec(`
    CREATE TRIGGER lead_rollup_leads_ai AFTER INSERT ON leads BEGIN
      INSERT INTO lead_rollup (lead_id, deleted, created_at, cohort, owner_id, offer_id, campaign_id)
      VALUES (new.id, new.deleted, new.created_at, strftime('%Y-%m', new.created_at / 1000, 'unixepoch'), new.owner_id, new.first_offer_id, new.first_campaign_id)
      ON CONFLICT (lead_id) DO UPDATE SET deleted = excluded.deleted, created_at = excluded.created_at, cohort = excluded.cohort,
        owner_id = excluded.owner_id, offer_id = excluded.offer_id, campaign_id = excluded.campaign_id;
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
      INSERT INTO lead_rollup (lead_id, created_at, cohort, mql_at, sal_at, sql_at)
      VALUES (new.lead_id, ${STUB}, new.at, CASE WHEN new.to_stage IN ${SAL} THEN new.at END, CASE WHEN new.to_stage IN ${SQL} THEN new.at END)
      ON CONFLICT (lead_id) DO UPDATE SET ${earlier('mql_at')}, ${earlier('sal_at')}, ${earlier('sql_at')};
    END;
    CREATE TRIGGER lead_rollup_events_au AFTER UPDATE OF lead_id, to_stage, at ON stage_events BEGIN
      ${recompute('old.lead_id')}
      ${recompute('new.lead_id')}
    END;
    CREATE TRIGGER lead_rollup_events_ad AFTER DELETE ON stage_events WHEN old.to_stage IN ${MQL} BEGIN
      ${recompute('old.lead_id')}
    END;

    CREATE TRIGGER lead_rollup_outcomes_ai AFTER INSERT ON outcomes WHEN new.deleted = 0 AND new.result IN ('won','lost') AND new.lead_id IS NOT NULL BEGIN
      INSERT INTO lead_rollup (lead_id, created_at, cohort, won_at, lost_at, won_deals, revenue)
      VALUES (new.lead_id, ${STUB}, CASE WHEN new.result = 'won' THEN ${closeAt} END, CASE WHEN new.result = 'lost' THEN ${closeAt} END,
              (new.result = 'won'), CASE WHEN new.result = 'won' THEN coalesce(new.amount, 0) ELSE 0 END)
      ON CONFLICT (lead_id) DO UPDATE SET ${earlier('won_at')}, ${earlier('lost_at')},
        won_deals = won_deals + excluded.won_deals, revenue = revenue + excluded.revenue;
    END;
    CREATE TRIGGER lead_rollup_outcomes_au AFTER UPDATE OF lead_id, result, amount, opened_at, closed_at, deleted ON outcomes BEGIN
      ${recompute('old.lead_id')}
      ${recompute('new.lead_id')}
    END;
    CREATE TRIGGER lead_rollup_outcomes_ad AFTER DELETE ON outcomes BEGIN
      ${recompute('old.lead_id')}
    END;

    CREATE TRIGGER lead_rollup_handoffs_ai AFTER INSERT ON handoffs WHEN new.deleted = 0 BEGIN
      INSERT INTO lead_rollup (lead_id, created_at, cohort, version_id, handoff_at, handoff_id)
      VALUES (new.lead_id, ${STUB}, new.version_id, new.handed_at, new.id)
      ON CONFLICT (lead_id) DO UPDATE SET
        -- SET expressions all read the row as it was, so the three agree on which handoff is first.
        version_id = CASE WHEN handoff_at IS NULL OR excluded.handoff_at < handoff_at OR (excluded.handoff_at = handoff_at AND excluded.handoff_id < handoff_id) THEN excluded.version_id ELSE version_id END,
        handoff_id = CASE WHEN handoff_at IS NULL OR excluded.handoff_at < handoff_at OR (excluded.handoff_at = handoff_at AND excluded.handoff_id < handoff_id) THEN excluded.handoff_id ELSE handoff_id END,
        handoff_at = CASE WHEN handoff_at IS NULL OR excluded.handoff_at < handoff_at OR (excluded.handoff_at = handoff_at AND excluded.handoff_id < handoff_id) THEN excluded.handoff_at ELSE handoff_at END;
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
