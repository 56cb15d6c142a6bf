import type { Db } from '../../db/connection.js';
import { dropForBulk, rebuildAfterBulk, tableRowCount, type DroppedSchema } from '../../db/import-bulk.repo.js';
import type { ImportKind } from '../../../shared/domain/import/targets.js';

/** Rough bytes per row of a CRM lead export, to estimate a file's rows from its size. */
const BYTES_PER_LEAD_ROW = 150;
const MIN_BULK_ROWS = 50_000;

/**
 * For a big leads import into a smaller workspace, maintaining the search index and eleven sort
 * indexes row by row costs more than building them once at the end (a sort per index). Inside the
 * import's transaction the FTS triggers and the secondary indexes not used for matching are dropped
 * and rebuilt before commit; a rollback (abort, cancel, crash) restores them with everything else.
 */
export function bulkLoad(db: Db, kind: ImportKind, fileSize: number): { finish(): void } {
  if (kind !== 'leads') return { finish: () => undefined };
  const estimated = fileSize / BYTES_PER_LEAD_ROW;
  if (estimated < MIN_BULK_ROWS || estimated < 2 * tableRowCount(db, 'leads')) return { finish: () => undefined };
  const dropped: DroppedSchema = dropForBulk(db, 'leads', ['leads_external_id', 'leads_email']);
  return { finish: () => rebuildAfterBulk(db, dropped) };
}
