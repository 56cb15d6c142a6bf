import type { Db } from './connection.js';

/**
 * Which leads an import's rows bear on, read from its change log (import_changes): the leads it
 * inserted or updated, and the leads of the touchpoints it inserted or updated ('touch' rows were
 * already there, unchanged). Read before an undo, since the undo
 * removes the touchpoints that name them.
 */
export function leadsTouchedByImport(db: Db, importId: string): string[] {
  return db
    .prepare(
      `SELECT entity_id FROM import_changes WHERE import_id = ? AND entity = 'leads' AND op <> 'touch'
       UNION
       SELECT t.lead_id FROM import_changes c JOIN touchpoints t ON t.id = c.entity_id
        WHERE c.import_id = ? AND c.entity = 'touchpoints' AND c.op <> 'touch'
       ORDER BY 1`,
    )
    .pluck()
    .all(importId, importId) as string[];
}

/** Whether the import changed existing offers (their type is what offer-type engagement rules match). */
export function importUpdatedOffers(db: Db, importId: string): boolean {
  return (
    db
      .prepare(`SELECT 1 FROM import_changes WHERE import_id = ? AND entity = 'offers' AND op = 'update' LIMIT 1`)
      .get(importId) !== undefined
  );
}

export function versionNumber(db: Db, versionId: string): number {
  return db.prepare('SELECT number FROM criteria_versions WHERE id = ?').pluck().get(versionId) as number;
}
