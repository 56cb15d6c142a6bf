import type { Database } from 'better-sqlite3';

/**
 * Team sync, the local half (issue 9).
 * - sync_outbox: every write of a synced column appends one row (the changed columns as a JSON
 *   object) from a trigger, so it is in the same transaction as the write and no write path can
 *   forget it. Clocks are stamped when a sync starts, before anything is pulled, in outbox order.
 * - Only what people make is synced. Derived data (scores, leads.score_total/score_level,
 *   lead_rollup, the search index) is left out and recomputed on each laptop: the update triggers
 *   list their columns (`AFTER UPDATE OF`), so a rescore, which sets score columns and updated_at,
 *   fires none of them. updated_at travels with a real change but never fires one on its own.
 * - stage_events and audit are append-only: only inserts are synced, they never conflict.
 * - A hard delete (undo of an import) is synced as the soft delete it means elsewhere.
 * - sync_apply.applying is 1 only inside the transaction that applies changes pulled from the hub,
 *   so those writes do not echo back into the outbox (set and cleared in that one transaction, so
 *   no other connection ever sees it set).
 * - sync_clocks: per synced row, each field's clock and base (the clock it replaced), for the
 *   per-field last-writer-wins merge; sync_conflicts: the losing values, for the user to see.
 *
 * The table list is frozen here as shipped; a later migration that syncs another column recreates
 * that table's triggers from its own list.
 */
export interface SyncedTable {
  readonly name: string;
  /** Every synced column except id. */
  readonly columns: readonly string[];
  readonly appendOnly: boolean;
}

const t = (name: string, columns: string, appendOnly = false): SyncedTable => ({
  name,
  columns: columns.split(/\s+/).filter(Boolean),
  appendOnly,
});

export const SYNCED_TABLES_V8: readonly SyncedTable[] = [
  t('users', 'name email team role created_at updated_at deleted'),
  t('campaigns', 'name channel cost currency starts_at ends_at created_at updated_at deleted'),
  t('offers', 'name type campaign_id channel landing_page cost currency created_at updated_at deleted'),
  t('criteria_versions', 'number name status levels sla_hours sla_business_hours rationale effective_from effective_to parent_id created_by created_at updated_at deleted'),
  t('criteria_rules', 'version_id kind label field operator value points cap decay_half_life_days window_days position created_at updated_at deleted'),
  t('approvals', 'version_id user_id team decision comment at created_at updated_at deleted'),
  t('leads', 'external_id email name company domain country industry employees job_title seniority budget source first_offer_id first_campaign_id owner_id stage attributes created_at updated_at deleted'),
  t('touchpoints', 'lead_id type offer_id campaign_id channel landing_page occurred_at value created_at updated_at deleted'),
  t('rejection_reasons', 'code label blame action comment_required reopen_kind active position created_at updated_at deleted'),
  t('loss_reasons', 'code label active position created_at updated_at deleted'),
  t('handoffs', 'lead_id version_id score_at_handoff level handed_at rep_id sla_due_at decision decided_at decided_by reason_id action comment reopen_at stage_before rerouted_from_id checklist outcome_id created_at updated_at deleted'),
  t('stage_events', 'lead_id from_stage to_stage at by_user_id why handoff_id created_at', true),
  t('outcomes', 'lead_id external_id opened_at closed_at result amount currency loss_reason_id competitor created_at updated_at deleted'),
  t('reviews', 'quarter held_on status attendees agenda notes decisions resulting_version_id created_at updated_at deleted'),
  t('review_proposals', 'review_id version_id title backtest decision decision_reason created_at updated_at deleted'),
  t('audit', 'at user_id entity entity_id action before after', true),
];

const NOW_MS = `CAST(unixepoch('subsec') * 1000 AS INTEGER)`;
const NOT_APPLYING = '(SELECT applying FROM sync_apply) = 0';

/** The outbox triggers of one table (names and columns come from the frozen list above, never input). */
export function syncTriggersSql(table: SyncedTable): string {
  const { name, columns } = table;
  const obj = (row: 'new') => `json_object(${columns.map((c) => `'${c}', ${row}.${c}`).join(', ')})`;
  let sql = `
    CREATE TRIGGER sync_${name}_ai AFTER INSERT ON ${name} WHEN ${NOT_APPLYING} BEGIN
      INSERT INTO sync_outbox (tbl, row_id, cols, at) VALUES ('${name}', new.id, ${obj('new')}, ${NOW_MS});
    END;`;
  if (table.appendOnly) return sql;
  const fire = columns.filter((c) => c !== 'updated_at');
  const changed = fire.map((c) => `new.${c} IS NOT old.${c}`).join(' OR ');
  const changedCols = [...fire, 'updated_at']
    .map((c) => `SELECT '${c}' AS k, new.${c} AS v WHERE new.${c} IS NOT old.${c}`)
    .join(' UNION ALL ');
  sql += `
    CREATE TRIGGER sync_${name}_au AFTER UPDATE OF ${fire.join(', ')} ON ${name}
    WHEN ${NOT_APPLYING} AND (${changed}) BEGIN
      INSERT INTO sync_outbox (tbl, row_id, cols, at)
      VALUES ('${name}', new.id, (SELECT json_group_object(k, v) FROM (${changedCols})), ${NOW_MS});
    END;
    CREATE TRIGGER sync_${name}_ad AFTER DELETE ON ${name} WHEN ${NOT_APPLYING} BEGIN
      INSERT INTO sync_outbox (tbl, row_id, cols, at)
      VALUES ('${name}', old.id, json_object('deleted', 1, 'updated_at', ${NOW_MS}), ${NOW_MS});
    END;`;
  return sql;
}

export function up(db: Database): void {
  db.exec(`
    CREATE TABLE sync_outbox (
      seq INTEGER PRIMARY KEY AUTOINCREMENT,
      tbl TEXT NOT NULL,
      row_id TEXT NOT NULL,
      cols TEXT NOT NULL,
      at INTEGER NOT NULL,
      clock TEXT,
      bases TEXT
    ) STRICT;
    CREATE TABLE sync_apply (
      one INTEGER PRIMARY KEY CHECK (one = 1),
      applying INTEGER NOT NULL CHECK (applying IN (0,1))
    ) STRICT;
    INSERT INTO sync_apply (one, applying) VALUES (1, 0);
    CREATE TABLE sync_state (
      key TEXT PRIMARY KEY,
      value TEXT NOT NULL
    ) STRICT;
    CREATE TABLE sync_clocks (
      tbl TEXT NOT NULL,
      row_id TEXT NOT NULL,
      clocks TEXT NOT NULL,
      PRIMARY KEY (tbl, row_id)
    ) STRICT, WITHOUT ROWID;
    CREATE TABLE sync_conflicts (
      id TEXT PRIMARY KEY,
      tbl TEXT NOT NULL,
      row_id TEXT NOT NULL,
      col TEXT NOT NULL,
      kept_value TEXT,
      kept_clock TEXT NOT NULL,
      lost_value TEXT,
      lost_clock TEXT NOT NULL,
      detected_at INTEGER NOT NULL,
      seen INTEGER NOT NULL DEFAULT 0 CHECK (seen IN (0,1)),
      UNIQUE (tbl, row_id, col, lost_clock)
    ) STRICT;
    CREATE INDEX sync_conflicts_recent ON sync_conflicts(detected_at);
  `);
  for (const table of SYNCED_TABLES_V8) db.exec(syncTriggersSql(table));
}
