import type { Db } from '../db/connection.js';
import { getRowClocks, logConflict, setRowClocks, type ConflictInput } from '../db/sync-clocks.repo.js';
import { anyMerged, parentOf } from '../db/sync-merge.repo.js';
import { insertRow, readRow, setApplying, softDeleteRow, updateRow } from '../db/sync-apply.repo.js';
import { getSyncState, setSyncState } from '../db/sync-outbox.repo.js';
import { formatHlc, parseHlc, receive, type Hlc } from '../../shared/domain/hlc.js';
import { lostUnseen, mergeField, type FieldValue } from '../../shared/domain/sync-merge.js';
import type { PulledField } from './hub-client.js';
import { syncedTable } from './tables.js';
import { RENUMBER_ACTION, settleActiveVersion, settleVersionNumbers } from './natural-keys.js';
import { parkingNumber, versionWithNumber } from '../db/sync-natural-keys.repo.js';
import { applyMergeEntry, MERGE_ACTION, mergeRows, NATURAL_KEYS, naturalKeyHolder, survivor } from './merge.js';
import { HIDDEN_TWIN, recordOrigin } from '../db/handoff-twins.repo.js';

const isUnique = (e: unknown): boolean => (e as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE' || (e as { code?: string }).code === 'SQLITE_CONSTRAINT_PRIMARYKEY';

/**
 * Merge fields pulled from the hub into the workspace; the caller holds the transaction. The
 * writes are flagged so the outbox triggers skip them (nothing echoes back to the hub), and
 * foreign keys are checked at commit, since a row may arrive before the row it points to.
 */
export function applyPulled(db: Db, fields: readonly PulledField[], node: string, now: number): number {
  db.pragma('defer_foreign_keys = ON');
  setApplying(db, true);
  const hlcState = getSyncState(db, 'hlc');
  let clock: Hlc = hlcState ? parseHlc(hlcState) : { millis: 0, counter: 0, node };
  const rows = new Map<string, PulledField[]>();
  for (const f of fields) {
    const key = `${f.tbl}\u0000${f.rowId}`;
    const list = rows.get(key);
    if (list) list.push(f);
    else rows.set(key, [f]);
  }
  // One receive of the newest clock pulled orders every later local write after all of them.
  let newest: string | null = null;
  for (const f of fields) if (newest === null || f.clock > newest) newest = f.clock;
  if (newest !== null) clock = receive(clock, parseHlc(newest), now, Number.POSITIVE_INFINITY);
  let applied = 0;
  const versionNumbers = new Map<string, number>();
  let renumbered = false;
  const ownSuffix = `-${node}`;
  // Ids merged away on a natural key (merge.ts) are looked up only once there are any.
  let merges = anyMerged(db);
  const surviving = (tbl: string, col: string, v: FieldValue): FieldValue => {
    if (!merges || typeof v !== 'string') return v;
    const parent = parentOf(db, tbl, col);
    return parent !== undefined && parent in NATURAL_KEYS ? survivor(db, parent, v) : v;
  };
  for (const list of rows.values()) {
    const tbl = list[0]!.tbl;
    const spec = syncedTable(tbl);
    if (!spec) continue; // a table of a newer LeadPact
    let rowId = merges ? survivor(db, tbl, list[0]!.rowId) : list[0]!.rowId;
    const pulled = list.filter((f) => spec.columns.has(f.col));
    const cols = [...new Set(pulled.map((f) => f.col))];
    for (let attempt = 0; ; attempt++) {
      const known = merges ? pulled.map((f) => ({ ...f, value: surviving(tbl, f.col, f.value) })) : pulled;
      if (merges && tbl === 'handoffs') {
        // Made for a lead merged away here: remember which copy it belongs to (twins.ts).
        for (let i = 0; i < pulled.length; i++) {
          const made = pulled[i]!;
          if (made.col === 'lead_id' && typeof made.value === 'string' && known[i]!.value !== made.value) recordOrigin(db, rowId, made.value);
        }
      }
      const stored = getRowClocks(db, tbl, rowId);
      const clocks = stored ?? {};
      const local = readRow(db, tbl, rowId, cols);
      // A hidden twin (twins.ts) is live as far as sync knows: the hidden state is this laptop's derived one.
      if (tbl === 'handoffs' && local?.deleted === HIDDEN_TWIN) local.deleted = 0;
      const values: Record<string, FieldValue> = {};
      const lostWrites: ConflictInput[] = [];
      for (const f of known) {
        const c = clocks[f.col];
        const current = c ? { value: (f.col in values ? values[f.col] : local?.[f.col]) ?? null, clock: c[0], base: c[1] } : null;
        const r = mergeField(current, { value: f.value, clock: f.clock, base: f.base }, f.col);
        if (r.applied) {
          values[f.col] = f.value;
          clocks[f.col] = [f.clock, f.base, f.clock];
        } else if (c && (c[2] === null || f.clock > c[2])) {
          c[2] = f.clock;
        }
        // This laptop's own older write coming back (pulled after a later local edit of the field)
        // is history, not someone else's lost edit.
        const lost = r.lost ?? (current && c && lostUnseen(current, r.state, c[2], f.col) ? current : null);
        if (lost && !(!r.applied && f.clock.endsWith(ownSuffix))) {
          lostWrites.push({ tbl, rowId, col: f.col, keptValue: r.state.value, keptClock: r.state.clock, lostValue: lost.value, lostClock: lost.clock });
        }
      }
      // The same natural key under another id here (one CRM export imported on two laptops): the
      // two rows become one, under the smaller id, and this row's fields merge into it afresh.
      const holder = attempt < 4 && (local || !stored) ? naturalKeyHolder(db, tbl, rowId, values) : null;
      if (holder !== null) {
        rowId = mergeRows(db, tbl, rowId, holder, now);
        merges = true;
        applied++; // rows changed here even when no pulled field wins (the app refreshes on it)
        continue;
      }
      for (const w of lostWrites) logConflict(db, w, now);
      if (tbl === 'criteria_versions' && typeof values.number === 'number' && (local || !stored)) {
        // Settled once the whole pull is in (settleVersionNumbers), so the order rows arrive in
        // cannot change the outcome; a number another version holds meanwhile waits parked.
        versionNumbers.set(rowId, values.number);
        if (versionWithNumber(db, values.number, rowId) !== null) values.number = parkingNumber(db);
      }
      if (tbl === 'criteria_versions' && values.status === 'active' && (local || !stored)) {
        settleActiveVersion(db, rowId, values, clocks.status?.[0] ?? '', now);
      }
      if (local) {
        updateRow(db, tbl, rowId, values);
      } else if (stored) {
        // Hard-deleted here (an import undone): the hub has it as a soft delete; keep the clocks only.
      } else {
        try {
          // No savepoint: a constraint error aborts the one INSERT, its triggers' writes included,
          // and leaves the transaction's earlier writes (SQLite's ABORT); one per row cost two
          // statements more for each of a pull's new rows.
          insertRow(db, tbl, rowId, values);
        } catch (e) {
          if (!isUnique(e)) throw e;
          // A unique index that names no row (see NATURAL_KEYS): kept apart, shown.
          logConflict(db, { tbl, rowId, col: '(row)', keptValue: null, keptClock: '', lostValue: JSON.stringify(values), lostClock: list[list.length - 1]!.clock }, now);
          break;
        }
        // Another laptop merged two rows of one natural key: the same merge here.
        if (tbl === 'audit' && values.action === MERGE_ACTION) {
          applyMergeEntry(db, values.entity_id ?? null, values.after ?? null, now);
          merges = true;
        }
        if (tbl === 'audit' && values.action === RENUMBER_ACTION) renumbered = true;
      }
      setRowClocks(db, tbl, rowId, clocks);
      applied += Object.keys(values).length;
      break;
    }
  }
  // A pulled renumbering's audit entry says what number that version first had, even with no number pulled.
  if (versionNumbers.size || renumbered) settleVersionNumbers(db, versionNumbers, now);
  setSyncState(db, 'hlc', formatHlc(clock));
  setApplying(db, false);
  return applied;
}

export function applyPurged(db: Db, rows: readonly { tbl: string; rowId: string }[]): number {
  setApplying(db, true);
  let n = 0;
  for (const r of rows) if (softDeleteRow(db, r.tbl, r.rowId)) n++;
  setApplying(db, false);
  return n;
}
