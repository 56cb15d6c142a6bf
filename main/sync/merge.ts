import type { Db } from '../db/connection.js';
import { appendAudit } from '../db/audit.repo.js';
import { setApplying, updateRow } from '../db/sync-apply.repo.js';
import { getRowClocks, logConflict, setRowClocks, type RowClocks } from '../db/sync-clocks.repo.js';
import { deleteRow, holderOf, insertWholeRow, mergedInto, mergeLeadRollup, recordMerge, repoint, wholeRow } from '../db/sync-merge.repo.js';
import { BOOKKEEPING_COLUMNS, sameValue, type FieldValue } from '../../shared/domain/sync-merge.js';
import { syncedTable } from './tables.js';
import { recordOriginsOfLead } from '../db/handoff-twins.repo.js';

/**
 * The natural keys of synced tables: columns with a unique index whose value names the thing the
 * row is (a CRM's lead or opportunity id, a reason's code), so two rows holding one value are one
 * thing made twice (one CSV imported on two laptops). New rows get ids derived from these (ids.ts);
 * rows made before, or apart, merge here. The other unique indexes of synced tables are not names:
 * criteria_versions.number is settled by renumbering (natural-keys.ts) and criteria_one_active is
 * one active version, not an identity. A test checks this list against the schema.
 */
export const NATURAL_KEYS: Readonly<Record<string, readonly string[]>> = {
  leads: ['external_id'],
  outcomes: ['external_id'],
  rejection_reasons: ['code'],
  loss_reasons: ['code'],
};

export const MERGE_ACTION = 'sync.merged';

const AUDIT_ENTITY: Record<string, string> = { leads: 'lead', outcomes: 'outcome', rejection_reasons: 'rejection_reason', loss_reasons: 'loss_reason' };

/** The row already here that holds one of `values`' natural keys under another id, if any. */
export function naturalKeyHolder(db: Db, tbl: string, rowId: string, values: Record<string, FieldValue>): string | null {
  for (const col of NATURAL_KEYS[tbl] ?? []) {
    const v = values[col];
    if (v === undefined || v === null) continue;
    const other = holderOf(db, tbl, col, v, rowId);
    if (other !== null) return other;
  }
  return null;
}

/** Where `id` lives now: itself, or the row it was merged into. */
export function survivor(db: Db, tbl: string, id: string): string {
  return mergedInto(db, tbl, id) ?? id;
}

/**
 * Make `a` and `b` (two ids of one thing) one row: the smaller id survives, on every laptop alike,
 * whichever of them this laptop holds. Each field keeps the later write (the same last-writer-wins
 * as everywhere, on the fields' clocks); a value that loses is logged as a conflict; rows pointing
 * at the merged-away id are re-pointed; the merge is audited, and that audit entry, synced, tells
 * the laptops that have not seen the clash to merge too. The caller holds the transaction, with
 * the applying flag set (the merge itself is not a change to push: each laptop makes it).
 * Returns the surviving id.
 */
export function mergeRows(db: Db, tbl: string, a: string, b: string, now: number, announce = true): string {
  const into = a < b ? a : b;
  const from = a < b ? b : a;
  if (from === into || !syncedTable(tbl)) return into;
  const spec = syncedTable(tbl)!;
  const fromRow = wholeRow(db, tbl, from);
  const intoRow = wholeRow(db, tbl, into);
  if (fromRow) {
    const fromClocks = getRowClocks(db, tbl, from) ?? {};
    const intoClocks = getRowClocks(db, tbl, into) ?? {};
    deleteRow(db, tbl, from); // first: it holds the natural key the surviving row is about to take
    if (!intoRow) {
      insertWholeRow(db, tbl, { ...fromRow, id: into });
      setRowClocks(db, tbl, into, { ...intoClocks, ...fromClocks });
    } else {
      const { values, clocks } = mergeFields(db, tbl, into, intoRow, intoClocks, fromRow, fromClocks, spec.columns, now);
      updateRow(db, tbl, into, values);
      setRowClocks(db, tbl, into, clocks);
    }
  }
  // The handoffs of each copy are told apart later (twins.ts): each keeps the lead it was made for.
  if (tbl === 'leads') recordOriginsOfLead(db, from);
  repoint(db, tbl, from, into);
  if (tbl === 'leads') mergeLeadRollup(db, from, into);
  recordMerge(db, tbl, from, into, now);
  if (announce) {
    setApplying(db, false);
    appendAudit(db, { userId: null, entity: AUDIT_ENTITY[tbl] ?? tbl, entityId: from, action: MERGE_ACTION, after: { tbl, into } }, now);
    setApplying(db, true);
  }
  return into;
}

/** Field by field, the later write of the two rows; the other value, when it differs, is logged. */
function mergeFields(
  db: Db,
  tbl: string,
  into: string,
  intoRow: Record<string, FieldValue>,
  intoClocks: RowClocks,
  fromRow: Record<string, FieldValue>,
  fromClocks: RowClocks,
  columns: ReadonlySet<string>,
  now: number,
): { values: Record<string, FieldValue>; clocks: RowClocks } {
  const values: Record<string, FieldValue> = {};
  const clocks: RowClocks = { ...intoClocks };
  for (const col of columns) {
    const cf = fromClocks[col];
    const ci = intoClocks[col];
    const fromWins = cf !== undefined && (ci === undefined || cf[0] > ci[0]);
    const synced = [cf?.[2] ?? null, ci?.[2] ?? null].reduce((x, y) => (x === null || (y !== null && y > x) ? y : x), null);
    const kept = fromWins ? cf : ci;
    if (kept) clocks[col] = [kept[0], kept[1], synced];
    const winner = fromWins ? fromRow[col] : intoRow[col];
    const loser = fromWins ? intoRow[col] : fromRow[col];
    if (fromWins && !sameValue(fromRow[col] ?? null, intoRow[col] ?? null)) values[col] = fromRow[col] ?? null;
    if (!BOOKKEEPING_COLUMNS.has(col) && !sameValue(winner ?? null, loser ?? null)) {
      const lostClock = (fromWins ? ci : cf)?.[0] ?? '';
      logConflict(db, { tbl, rowId: into, col, keptValue: winner ?? null, keptClock: kept?.[0] ?? '', lostValue: loser ?? null, lostClock }, now);
    }
  }
  return { values, clocks };
}

/** A merge announced by another laptop (its audit entry pulled): the same merge here. */
export function applyMergeEntry(db: Db, entityId: FieldValue, after: FieldValue, now: number): void {
  if (typeof entityId !== 'string' || typeof after !== 'string') return;
  let m: { tbl?: unknown; into?: unknown };
  try {
    m = JSON.parse(after) as typeof m;
  } catch {
    return;
  }
  if (typeof m.tbl !== 'string' || typeof m.into !== 'string' || !(m.tbl in NATURAL_KEYS)) return;
  const a = survivor(db, m.tbl, entityId);
  const b = survivor(db, m.tbl, m.into);
  if (a !== b) mergeRows(db, m.tbl, a, b, now, false);
}
