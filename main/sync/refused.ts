import type { Db } from '../db/connection.js';
import { appendAudit } from '../db/audit.repo.js';
import { dropRefused, listRefused, refusedCount, refusedRowOnlyHere, requeueRefused, type RefusedRow } from '../db/sync-refused.repo.js';
import { setSyncState } from '../db/sync-outbox.repo.js';
import { current } from '../services/users.js';
import { AppError } from '../../shared/errors.js';

/** The refused list's use cases: look, send again, or give up a change (CLI and app alike). */

export function refused(db: Db): RefusedRow[] {
  return listRefused(db);
}

export { refusedCount };

/** The row of this refused change exists only on this laptop: discarding it deletes the only copy. */
export const onlyHere = (db: Db, row: RefusedRow): boolean => refusedRowOnlyHere(db, row);

const mustExist = (db: Db, seq: number): RefusedRow => {
  const row = listRefused(db).find((r) => r.seq === seq);
  if (!row) throw new AppError('not_found', `No refused change ${seq}; "leadpact sync refused" lists them.`);
  return row;
};

/** Back into the outbox for the next sync (after the hub admin changed the user's team, or the clock was set right). */
export function retryRefused(db: Db, seq: number | null): number {
  return db.transaction(() => {
    if (seq !== null) mustExist(db, seq);
    const n = requeueRefused(db, seq);
    appendAudit(db, { userId: current(db)?.id ?? null, entity: 'sync', entityId: seq === null ? 'refused' : String(seq), action: 'sync.retry_refused', after: { changes: n } });
    return n;
  })();
}

/**
 * Give up a refused change: the next sync reads the hub again from the start so its values replace
 * the ones this change wrote; a row only this change made is deleted here, and only when the caller
 * says the user agreed to that (`deleteOnlyCopy`: the app's confirmation names it, the CLI's
 * --delete): that row exists nowhere else. The change itself stays in the audit log.
 */
export function discardRefused(db: Db, seq: number, opts: { deleteOnlyCopy?: boolean } = {}): RefusedRow & { deleted: boolean } {
  return db.transaction(() => {
    const row = mustExist(db, seq);
    const deleted = onlyHere(db, row);
    if (deleted && !opts.deleteOnlyCopy) {
      throw new AppError(
        'conflict',
        `Refused change ${seq} made ${row.tbl} ${row.rowId}, which exists only on this laptop: discarding it deletes that row. ` +
          'Confirm the deletion (in the CLI: --delete), or leave the change set aside: the row stays here, unsynced, until the hub allows it.',
        { code: 'only_copy' },
      );
    }
    dropRefused(db, seq);
    setSyncState(db, 'cursor', JSON.stringify({ xid: '0', id: '0' }));
    appendAudit(db, {
      userId: current(db)?.id ?? null,
      entity: row.tbl,
      entityId: row.rowId,
      action: 'sync.discard_refused',
      before: { cols: row.cols, clock: row.clock, reason: row.reason, deletedOnlyCopy: deleted },
    });
    return { ...row, deleted };
  })();
}
