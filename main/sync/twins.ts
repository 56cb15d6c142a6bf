import type { Db } from '../db/connection.js';
import { setApplying } from '../db/sync-apply.repo.js';
import { clearDirty, setHidden, twinChanges } from '../db/handoff-twins.repo.js';

/**
 * After a pull (in its transaction): hide the handoff twins of merged leads, or show them again,
 * as the synced data now says (handoff-twins.repo.ts has the rule), for the leads whose handoffs
 * changed since the last pull, here or pulled. Every laptop applies the same
 * rule to the same rows, so all hide the same ones; nothing is deleted or synced, and a later pull
 * (a decision on another laptop, a twin arriving late) can change which one stays. Returns how many
 * handoffs changed.
 */
export function settleHandoffTwins(db: Db): number {
  const changes = twinChanges(db);
  if (!changes.length) {
    clearDirty(db);
    return 0;
  }
  // Derived state: the outbox triggers must not take it for an edit to push.
  setApplying(db, true);
  let n = 0;
  try {
    for (const c of changes) n += setHidden(db, c.id, c.hide);
  } finally {
    setApplying(db, false);
  }
  clearDirty(db);
  return n;
}
