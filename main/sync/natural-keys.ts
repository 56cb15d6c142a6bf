import type { Db } from '../db/connection.js';
import { appendAudit } from '../db/audit.repo.js';
import { logConflict } from '../db/sync-clocks.repo.js';
import { setApplying } from '../db/sync-apply.repo.js';
import { queueWrite } from '../db/sync-outbox.repo.js';
import { nextVersionNumber, otherActiveVersion, retireVersion, setVersionNumber, versionWithNumber } from '../db/sync-natural-keys.repo.js';
import { getRowClocks } from '../db/sync-clocks.repo.js';
import type { FieldValue } from '../../shared/domain/sync-merge.js';

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

/**
 * Two laptops each put a different version live offline: both cannot be active (one active version
 * is a unique index), and applying the second used to fail the whole pull, every time. The version
 * whose going live has the later clock stays active, as last-writer-wins would have it for one
 * field; the other is retired as of the winner's date, by the same rule on every laptop, written as
 * this laptop's own synced change, logged as a conflict and audited (`sync.retired`). `values` are
 * the fields about to be written to the incoming row `rowId`; changed in place when it is the one
 * retired. The caller holds the transaction, applying.
 */
export function settleActiveVersion(db: Db, rowId: string, values: Record<string, FieldValue>, clock: string, now: number): void {
  if (values.status !== 'active') return;
  const other = otherActiveVersion(db, rowId);
  if (other === null) return;
  const otherClock = getRowClocks(db, 'criteria_versions', other.id)?.status?.[0] ?? '';
  const incomingWins = clock > otherClock;
  const loser = incomingWins ? other.id : rowId;
  const winnerFrom = (incomingWins ? (typeof values.effective_from === 'number' ? values.effective_from : null) : other.effectiveFrom) ?? now;
  if (incomingWins) retireVersion(db, other.id, winnerFrom, now);
  else Object.assign(values, { status: 'retired', effective_to: winnerFrom, updated_at: now });
  queueWrite(db, 'criteria_versions', loser, { status: 'retired', effective_to: winnerFrom, updated_at: now }, now);
  logConflict(db, { tbl: 'criteria_versions', rowId: loser, col: 'status', keptValue: 'retired', keptClock: incomingWins ? clock : otherClock, lostValue: 'active', lostClock: incomingWins ? otherClock : clock }, now);
  setApplying(db, false);
  appendAudit(db, { userId: null, entity: 'criteria_version', entityId: loser, action: 'sync.retired', before: { status: 'active' }, after: { status: 'retired', effectiveTo: winnerFrom } }, now);
  setApplying(db, true);
}
