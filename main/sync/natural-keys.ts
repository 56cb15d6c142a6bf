import type { Db } from '../db/connection.js';
import { appendAudit } from '../db/audit.repo.js';
import { logConflict } from '../db/sync-clocks.repo.js';
import { setApplying } from '../db/sync-apply.repo.js';
import { queueWrite } from '../db/sync-outbox.repo.js';
import { nextVersionNumber, setVersionNumber, versionWithNumber } from '../db/sync-natural-keys.repo.js';

/**
 * Two laptops numbered a version alike (each made "draft 3" offline): both versions stay. Of the
 * two, the one with the larger id gives way and takes the next free number, by the same rule on
 * every laptop; the new number is written as this laptop's own synced change (so the hub and the
 * others get it), the lost number goes to the conflict log, and the renumbering is audited.
 * Returns the number the incoming row `rowId` gets. The caller holds the transaction, applying.
 */
export function settleVersionNumber(db: Db, rowId: string, number: number, clock: string, now: number): number {
  const other = versionWithNumber(db, number, rowId);
  if (other === null) return number;
  const next = nextVersionNumber(db);
  const loser = rowId > other ? rowId : other;
  if (loser === other) setVersionNumber(db, other, next, now);
  queueWrite(db, 'criteria_versions', loser, { number: next, updated_at: now }, now);
  logConflict(db, { tbl: 'criteria_versions', rowId: loser, col: 'number', keptValue: next, keptClock: clock, lostValue: number, lostClock: clock }, now);
  // The audit entry is this laptop's own record, so it is synced like any (outside the applying flag).
  setApplying(db, false);
  appendAudit(db, { userId: null, entity: 'criteria_version', entityId: loser, action: 'sync.renumbered', before: { number }, after: { number: next } }, now);
  setApplying(db, true);
  return loser === rowId ? next : number;
}
