/**
 * Per-field last-writer-wins, the one rule every client and the hub apply, so all converge.
 *
 * A field's state is its value, the clock of the write that set it, and that write's base: the
 * clock of the value its writer saw when it wrote. Clocks are HLC strings whose string order is
 * (time, counter, node), so the winner is the larger clock whatever order changes arrive in.
 * Two writes conflict when neither saw the other: the winner's base is older than the loser's
 * clock. Then the losing value is reported (for the conflict log) rather than silently dropped; a
 * write that knowingly replaced the other is an ordinary edit, not a conflict.
 */

import { formatHlc, parseHlc } from './hlc.js';

export type FieldValue = string | number | null;

export interface FieldWrite {
  readonly value: FieldValue;
  readonly clock: string;
  /** The clock of the value the writer replaced, or null when it wrote a field it had never seen. */
  readonly base: string | null;
}

export interface MergeResult {
  /** The field after the merge. */
  readonly state: FieldWrite;
  /** True when the incoming write replaced the current state. */
  readonly applied: boolean;
  /** The write that lost to a concurrent one, or null when there was no conflict. */
  readonly lost: FieldWrite | null;
}

const older = (a: string | null, b: string): boolean => a === null || a < b;

/**
 * Bookkeeping columns follow the same rule but never make a conflict: two edits of different fields
 * of one row both set updated_at, and that is not something for the user to resolve.
 */
export const BOOKKEEPING_COLUMNS: ReadonlySet<string> = new Set(['created_at', 'updated_at']);

export function mergeField(current: FieldWrite | null, incoming: FieldWrite, column?: string): MergeResult {
  if (current === null) return { state: incoming, applied: true, lost: null };
  if (incoming.clock === current.clock) return { state: current, applied: false, lost: null };
  const incomingWins = incoming.clock > current.clock;
  const winner = incomingWins ? incoming : current;
  const loser = incomingWins ? current : incoming;
  const concurrent =
    !(column !== undefined && BOOKKEEPING_COLUMNS.has(column)) &&
    !createdByRule(loser) &&
    older(winner.base, loser.clock) &&
    !sameValue(winner.value, loser.value);
  return { state: winner, applied: incomingWins, lost: concurrent ? loser : null };
}

export function sameValue(a: FieldValue, b: FieldValue): boolean {
  return a === b;
}

/**
 * Soft delete against edit: `deleted` is a field like any other, so the later of the delete and the
 * edit wins for that field, and an edit of other fields never brings a deleted row back. Only an
 * explicit write of deleted = 0 (a restore) does. What a reader sees: a row is live when its
 * merged `deleted` field is 0; edits made concurrently with a delete are kept (and merged) on
 * the deleted row, so restoring it shows them.
 */
export function isLive(deleted: FieldValue | undefined): boolean {
  return deleted === undefined || deleted === null || Number(deleted) === 0;
}

const GENESIS_TIME = '1970-01-01T00:00:00.000Z-';

/**
 * The clock of a yielding write (a rescore's handoff, the stage move it causes): just after the
 * field's current clock, on this node, or at the very start of time for a field never written. It
 * replaces the value it saw but loses to any edit made after that on any laptop, so a rep's
 * decision on another laptop is never undone by this laptop's rescore.
 */
export function yieldingClock(current: string | null, node: string): string {
  if (current === null) return formatHlc({ millis: 0, counter: 0, node });
  const c = parseHlc(current);
  return formatHlc(c.counter < 0xffff ? { millis: c.millis, counter: c.counter + 1, node } : { millis: c.millis + 1, counter: 0, node });
}

/**
 * The first value of a row made by a rule (a rescore's handoff, whose name-based id every laptop
 * makes alike, stamped at the start of time): replacing it, whether by the same row made on another
 * laptop or by a decision, is no lost edit, since the rule makes it again from the same data.
 */
function createdByRule(w: FieldWrite): boolean {
  return w.base === null && w.clock.startsWith(GENESIS_TIME);
}

/**
 * A local write the hub never showed back (newer than the last clock pulled for the field) that
 * loses to an incoming write not based on it: its writer cannot have seen it, even when its base is
 * a later clock than the local write's (the base orders what the writer saw, not what it did not).
 * The hub keeps winners only, so this laptop is the one place that still knows the lost value.
 */
export function lostUnseen(current: FieldWrite, incoming: FieldWrite, syncedClock: string | null, column: string): boolean {
  return (
    incoming.clock > current.clock &&
    (syncedClock === null || current.clock > syncedClock) &&
    incoming.base !== current.clock &&
    !BOOKKEEPING_COLUMNS.has(column) &&
    !createdByRule(current) &&
    !sameValue(current.value, incoming.value)
  );
}
