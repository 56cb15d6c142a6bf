import type { Db } from './connection.js';
import { stmt } from './sync-statements.js';

/** Natural keys two laptops can make alike (a version's number), for the sync's clash rules. */

export function versionWithNumber(db: Db, number: number, exceptId: string): string | null {
  return (stmt(db, 'SELECT id FROM criteria_versions WHERE number = ? AND id <> ?').pluck().get(number, exceptId) as string | undefined) ?? null;
}

export function versionNumbers(db: Db): { id: string; number: number }[] {
  return stmt(db, 'SELECT id, number FROM criteria_versions').pluck(false).all() as { id: string; number: number }[];
}

/** A number no version holds (below every real one), to hold a version while numbers are settled. */
export function parkingNumber(db: Db): number {
  return stmt(db, 'SELECT min(0, coalesce(min(number), 0)) - 1 FROM criteria_versions').pluck().get() as number;
}

/**
 * The number each renumbered version was first given, from the synced `sync.renumbered` audit
 * entries (any laptop's): the smallest `before` recorded, since settling only ever raises a number.
 */
export function renumberedFrom(db: Db, action: string): Map<string, number> {
  const rows = stmt(
    db,
    "SELECT entity_id AS id, min(json_extract(before, '$.number')) AS number FROM audit WHERE entity = 'criteria_version' AND action = ? AND json_valid(before) GROUP BY entity_id",
  )
    .pluck(false)
    .all(action) as { id: string; number: number | null }[];
  return new Map(rows.filter((r) => typeof r.number === 'number').map((r) => [r.id, r.number!]));
}

/** Renumber a local version; the caller queues the synced write (it runs under the applying flag). */
export function setVersionNumber(db: Db, id: string, number: number, at: number): void {
  stmt(db, 'UPDATE criteria_versions SET number = ?, updated_at = ? WHERE id = ?').run(number, at, id);
}

/** Put a version's number in place as pulled (or parked), not a change of its own. */
export function placeVersionNumber(db: Db, id: string, number: number): void {
  stmt(db, 'UPDATE criteria_versions SET number = ? WHERE id = ?').run(number, id);
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
