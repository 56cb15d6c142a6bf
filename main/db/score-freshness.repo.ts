import type { Db } from './connection.js';
import { rescoredAt } from './scores.repo.js';

/**
 * When the active version's stored scores were computed, read from one of its score rows and the
 * time of the last full rescore (which writes only the rows whose score changed, see
 * scores.repo.ts markRescored): a full rescore stamps every row it writes with its time; the row read is the first in the
 * (version_id, total) index, so this is one index probe at any size, not a scan. A later partial
 * scoring (an import, a pull) stamps only some rows, which can only make this read older than the
 * newest, never newer than the oldest full rescore.
 */
export function activeScoresComputedAt(db: Db): { versionId: string; computedAt: number | null } | null {
  const v = db.prepare(`SELECT id FROM criteria_versions WHERE status = 'active' AND deleted = 0`).pluck().get() as string | undefined;
  if (v === undefined) return null;
  const at = db.prepare('SELECT computed_at FROM scores WHERE version_id = ? LIMIT 1').pluck().get(v) as number | undefined;
  // A full rescore rewrites only the scores that changed; the time it ran is kept beside them.
  const full = rescoredAt(db, v);
  return { versionId: v, computedAt: at === undefined ? null : Math.max(at, full ?? 0) };
}

export function hasLiveLeads(db: Db): boolean {
  return db.prepare('SELECT 1 FROM leads WHERE deleted = 0 LIMIT 1').get() !== undefined;
}
