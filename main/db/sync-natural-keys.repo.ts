import type { Db } from './connection.js';
import { stmt } from './sync-statements.js';

/** Natural keys two laptops can make alike (a version's number), for the sync's clash rules. */

export function versionWithNumber(db: Db, number: number, exceptId: string): string | null {
  return (stmt(db, 'SELECT id FROM criteria_versions WHERE number = ? AND id <> ?').pluck().get(number, exceptId) as string | undefined) ?? null;
}

export function nextVersionNumber(db: Db): number {
  return (stmt(db, 'SELECT coalesce(max(number), 0) + 1 FROM criteria_versions').pluck().get() as number);
}

/** Renumber a local version; the caller queues the synced write (it runs under the applying flag). */
export function setVersionNumber(db: Db, id: string, number: number, at: number): void {
  stmt(db, 'UPDATE criteria_versions SET number = ?, updated_at = ? WHERE id = ?').run(number, at, id);
}

/** The live active version other than `exceptId`, with its effective date. */
export function otherActiveVersion(db: Db, exceptId: string): { id: string; effectiveFrom: number | null } | null {
  const r = stmt(db, "SELECT id, effective_from AS effectiveFrom FROM criteria_versions WHERE status = 'active' AND deleted = 0 AND id <> ?")
    .pluck(false)
    .get(exceptId) as { id: string; effectiveFrom: number | null } | undefined;
  return r ?? null;
}

/** Retire a local version; the caller queues the synced write (it runs under the applying flag). */
export function retireVersion(db: Db, id: string, effectiveTo: number, at: number): void {
  stmt(db, "UPDATE criteria_versions SET status = 'retired', effective_to = ?, updated_at = ? WHERE id = ?").run(effectiveTo, at, id);
}
