import type { Db } from './connection.js';
import { changesPage } from './imports.repo.js';

/**
 * The SQL of undoing an import. Table and column names come from the allowlist below and from the
 * table's own schema (PRAGMA table_info), never from data; values are bound parameters.
 */

export const UNDO_TABLES = [
  'leads',
  'touchpoints',
  'offers',
  'campaigns',
  'handoffs',
  'outcomes',
  'stage_events',
  'loss_reasons',
] as const;
export type UndoTable = (typeof UNDO_TABLES)[number];
const isUndoTable = (t: string): t is UndoTable => (UNDO_TABLES as readonly string[]).includes(t);

const PAGE = 5000;

function columnsOf(db: Db, table: UndoTable): string[] {
  return (db.prepare(`SELECT name FROM pragma_table_info(?)`).all(table) as { name: string }[]).map((r) => r.name);
}

/** Rows updated by the import that were changed again since (their updated_at is not the import's). */
export function changedSince(db: Db, importId: string, at: number): { entity: string; n: number }[] {
  const out: { entity: string; n: number }[] = [];
  for (const table of ['leads', 'touchpoints', 'offers', 'handoffs', 'outcomes'] as const) {
    const { n } = db
      .prepare(
        `SELECT count(*) AS n FROM import_changes c JOIN ${table} t ON t.id = c.entity_id
         WHERE c.import_id = ? AND c.entity = ? AND c.op IN ('insert','update') AND t.updated_at <> ?`,
      )
      .get(importId, table, at) as { n: number };
    if (n > 0) out.push({ entity: table, n });
  }
  return out;
}

/** Rows not made by this import that point at rows it inserted (they would block or lose their target). */
/** What later work hangs on rows an import added, by a code the wizard says in its language. */
export const DEPENDENT_CODES = [
  'touchpoints-of-leads',
  'handoffs-of-leads',
  'outcomes-of-leads',
  'touchpoints-using-offers',
  'leads-using-offers',
  'offers-in-campaigns',
  'touchpoints-in-campaigns',
  'leads-in-campaigns',
  'outcomes-using-loss-reasons',
] as const;
export type DependentCode = (typeof DEPENDENT_CODES)[number];

export function dependents(db: Db, importId: string): { code: DependentCode; what: string; n: number }[] {
  const q = (code: DependentCode, what: string, sql: string) => {
    const { n } = db.prepare(sql).get(importId, importId) as { n: number };
    return n > 0 ? [{ code, what, n }] : [];
  };
  // The NOT EXISTS names d.entity so it is one primary-key lookup per row, not a scan of the import's changes.
  const inserted = (entity: string, col: string, table: UndoTable) =>
    `JOIN import_changes c ON c.import_id = ? AND c.entity = '${entity}' AND c.op = 'insert' AND c.entity_id = x.${col}
     WHERE NOT EXISTS (SELECT 1 FROM import_changes d WHERE d.import_id = ? AND d.entity = '${table}' AND d.entity_id = x.id)`;
  return [
    ...q(
      'touchpoints-of-leads',
      'touchpoints of leads it added',
      `SELECT count(*) AS n FROM touchpoints x ${inserted('leads', 'lead_id', 'touchpoints')}`,
    ),
    ...q(
      'handoffs-of-leads',
      'handoffs of leads it added',
      `SELECT count(*) AS n FROM handoffs x ${inserted('leads', 'lead_id', 'handoffs')}`,
    ),
    ...q(
      'outcomes-of-leads',
      'outcomes of leads it added',
      `SELECT count(*) AS n FROM outcomes x ${inserted('leads', 'lead_id', 'outcomes')}`,
    ),
    ...q(
      'touchpoints-using-offers',
      'touchpoints using offers it added',
      `SELECT count(*) AS n FROM touchpoints x ${inserted('offers', 'offer_id', 'touchpoints')}`,
    ),
    ...q(
      'leads-using-offers',
      'leads using offers it added',
      `SELECT count(*) AS n FROM leads x ${inserted('offers', 'first_offer_id', 'leads')}`,
    ),
    ...q(
      'offers-in-campaigns',
      'offers in campaigns it added',
      `SELECT count(*) AS n FROM offers x ${inserted('campaigns', 'campaign_id', 'offers')}`,
    ),
    ...q(
      'touchpoints-in-campaigns',
      'touchpoints in campaigns it added',
      `SELECT count(*) AS n FROM touchpoints x ${inserted('campaigns', 'campaign_id', 'touchpoints')}`,
    ),
    ...q(
      'leads-in-campaigns',
      'leads in campaigns it added',
      `SELECT count(*) AS n FROM leads x ${inserted('campaigns', 'first_campaign_id', 'leads')}`,
    ),
    ...q(
      'outcomes-using-loss-reasons',
      'outcomes using loss reasons it added',
      `SELECT count(*) AS n FROM outcomes x ${inserted('loss_reasons', 'loss_reason_id', 'outcomes')}`,
    ),
  ];
}

/**
 * Forced undo: detach or delete what later work attached to the rows being removed. Derived rows of
 * removed leads (scores, stage history, handoffs and their events, touchpoints, outcomes) go with
 * them; references from surviving rows to removed offers, campaigns and loss reasons are cleared.
 */
export function detachDependents(db: Db, importId: string, at: number): number {
  const ins = (entity: string) =>
    `SELECT entity_id FROM import_changes WHERE import_id = ? AND entity = '${entity}' AND op = 'insert'`;
  let n = 0;
  const run = (sql: string, ...params: unknown[]) => (n += db.prepare(sql).run(...params).changes);
  run(
    `DELETE FROM stage_events WHERE handoff_id IN (SELECT id FROM handoffs WHERE lead_id IN (${ins('leads')}))`,
    importId,
  );
  run(`DELETE FROM handoffs WHERE lead_id IN (${ins('leads')})`, importId);
  run(`DELETE FROM touchpoints WHERE lead_id IN (${ins('leads')})`, importId);
  run(`DELETE FROM outcomes WHERE lead_id IN (${ins('leads')})`, importId);
  run(`UPDATE touchpoints SET offer_id = NULL, updated_at = ? WHERE offer_id IN (${ins('offers')})`, at, importId);
  run(
    `UPDATE leads SET first_offer_id = NULL, updated_at = ? WHERE first_offer_id IN (${ins('offers')})`,
    at,
    importId,
  );
  run(`UPDATE offers SET campaign_id = NULL, updated_at = ? WHERE campaign_id IN (${ins('campaigns')})`, at, importId);
  run(
    `UPDATE touchpoints SET campaign_id = NULL, updated_at = ? WHERE campaign_id IN (${ins('campaigns')})`,
    at,
    importId,
  );
  run(
    `UPDATE leads SET first_campaign_id = NULL, updated_at = ? WHERE first_campaign_id IN (${ins('campaigns')})`,
    at,
    importId,
  );
  run(
    `UPDATE outcomes SET loss_reason_id = NULL, updated_at = ? WHERE loss_reason_id IN (${ins('loss_reasons')})`,
    at,
    importId,
  );
  return n;
}

/** Put every row the import updated back as it was before. Returns rows restored. */
export function restoreUpdated(db: Db, importId: string): number {
  let restored = 0;
  for (const table of UNDO_TABLES) {
    const cols = columnsOf(db, table).filter((c) => c !== 'id');
    const stmt = db.prepare(`UPDATE ${table} SET ${cols.map((c) => `"${c}" = @${c}`).join(', ')} WHERE id = @id`);
    for (let after = ''; ;) {
      const page = changesPage(db, importId, table, 'update', after, PAGE);
      if (page.length === 0) break;
      for (const ch of page) {
        if (!isUndoTable(ch.entity) || ch.before === null) continue;
        const before = JSON.parse(ch.before) as Record<string, unknown>;
        const params: Record<string, unknown> = { id: ch.entity_id };
        for (const c of cols) params[c] = before[c] ?? null;
        restored += stmt.run(params).changes;
      }
      after = page[page.length - 1]!.entity_id;
    }
  }
  return restored;
}

/** Delete every row the import inserted, children first (stage history and scores of its leads go too). */
export function deleteInserted(db: Db, importId: string): number {
  const ins = (entity: string) =>
    `SELECT entity_id FROM import_changes WHERE import_id = ? AND entity = '${entity}' AND op = 'insert'`;
  let n = 0;
  const run = (sql: string, ...params: unknown[]) => (n += db.prepare(sql).run(...params).changes);
  run(`DELETE FROM stage_events WHERE id IN (${ins('stage_events')})`, importId);
  run(`DELETE FROM stage_events WHERE lead_id IN (${ins('leads')})`, importId);
  run(`DELETE FROM scores WHERE lead_id IN (${ins('leads')})`, importId);
  for (const table of [
    'touchpoints',
    'handoffs',
    'outcomes',
    'leads',
    'offers',
    'campaigns',
    'loss_reasons',
  ] as const) {
    run(`DELETE FROM ${table} WHERE id IN (${ins(table)})`, importId);
  }
  return n;
}
