import type { Db } from '../db/connection.js';
import { appendAudit } from '../db/audit.repo.js';
import { logConflict } from '../db/sync-clocks.repo.js';
import { setApplying } from '../db/sync-apply.repo.js';
import { queueWrite } from '../db/sync-outbox.repo.js';
import { otherActiveVersion, parkingNumber, placeVersionNumber, renumberedFrom, retireVersion, setVersionNumber, versionNumbers } from '../db/sync-natural-keys.repo.js';
import { getRowClocks } from '../db/sync-clocks.repo.js';
import type { FieldValue } from '../../shared/domain/sync-merge.js';

export const RENUMBER_ACTION = 'sync.renumbered';

/**
 * Two laptops numbered a version alike (each made "draft 3" offline): all versions stay, with
 * unique numbers that every laptop works out alike whatever order the rows reach it in. Each
 * version's claim is the number it was first given (a renumbered one's is on its `sync.renumbered`
 * audit entries, which sync); sorted by (claim, id), each takes its claim or, when that is taken,
 * the number after the one before it. A number is then a function of the versions themselves, not
 * of what a laptop happened to hold when a row arrived ("the next free number" then differed
 * between laptops and their renumberings chased each other). A pulled number that is already that
 * outcome (another laptop's renumbering) is put in place as it is; a version this laptop has to move
 * gets the new number as its own synced change, the claim goes to the conflict log, and the move is
 * audited. `pulled` holds the numbers this pull wrote (some parked while they collided). The caller
 * holds the transaction, applying.
 */
export function settleVersionNumbers(db: Db, pulled: ReadonlyMap<string, number>, now: number): void {
  const from = renumberedFrom(db, RENUMBER_ACTION);
  const items = versionNumbers(db).map((r) => {
    const value = pulled.get(r.id) ?? r.number;
    const first = from.get(r.id);
    return { id: r.id, stored: r.number, value, claim: first !== undefined && first < value ? first : value, settled: 0 };
  });
  items.sort((a, b) => a.claim - b.claim || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  let prev = Number.NEGATIVE_INFINITY;
  for (const it of items) prev = it.settled = Math.max(it.claim, prev + 1);
  const moves = items.filter((it) => it.settled !== it.stored);
  if (!moves.length) return;
  // Out of the way first: the unique index is checked at every row's update.
  let park = parkingNumber(db);
  for (const m of moves) placeVersionNumber(db, m.id, park--);
  for (const m of moves) {
    if (m.settled === m.value) {
      placeVersionNumber(db, m.id, m.settled);
      continue;
    }
    setVersionNumber(db, m.id, m.settled, now);
    queueWrite(db, 'criteria_versions', m.id, { number: m.settled, updated_at: now }, now);
    const clock = getRowClocks(db, 'criteria_versions', m.id)?.number?.[0] ?? '';
    logConflict(db, { tbl: 'criteria_versions', rowId: m.id, col: 'number', keptValue: m.settled, keptClock: clock, lostValue: m.claim, lostClock: clock }, now);
    // The audit entry is this laptop's own record, so it is synced like any (outside the applying flag).
    setApplying(db, false);
    appendAudit(db, { userId: null, entity: 'criteria_version', entityId: m.id, action: RENUMBER_ACTION, before: { number: m.claim }, after: { number: m.settled } }, now);
    setApplying(db, true);
  }
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
