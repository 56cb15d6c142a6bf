import type { Db } from '../db/connection.js';
import { setApplying } from '../db/sync-apply.repo.js';
import { clearDirty, markDirty, recordOrigin, setHidden, twinChanges, unplacedMergedHandoffs } from '../db/handoff-twins.repo.js';
import { getSyncState, setSyncState } from '../db/sync-outbox.repo.js';
import { nameBasedId } from './ids.js';

/**
 * After a pull (in its transaction): hide the handoff twins of merged leads, or show them again,
 * as the synced data now says (handoff-twins.repo.ts has the rule), for the leads whose handoffs
 * changed since the last pull, here or pulled. Every laptop applies the same rule to the same rows,
 * so all hide the same ones; nothing is deleted or synced, and a later pull (a decision on another
 * laptop, a twin arriving late) can change which one stays. Returns how many handoffs changed.
 */
export function settleHandoffTwins(db: Db): number {
  if (getSyncState(db, ORIGINS_FOUND) !== '1') {
    findOriginsOfEarlierMerges(db);
    setSyncState(db, ORIGINS_FOUND, '1');
  }
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

const ORIGINS_FOUND = 'twin_origins_found';

/**
 * Leads merged before handoff origins were kept (migration 0020) still show a handoff per copy.
 * Once, the lead each of their rescore handoffs was made for is found again from its name-based id
 * (lead, version, pass), alike on every laptop, and those leads are settled. A handoff with a random
 * id (imported, rerouted) cannot be placed and counts as the surviving lead's own.
 */
function findOriginsOfEarlierMerges(db: Db): void {
  for (const h of unplacedMergedHandoffs(db)) {
    const madeFor = h.candidates.find((lead) => {
      for (let pass = 1; pass <= h.passes; pass++) if (nameBasedId('handoff', lead, h.versionId, String(pass)) === h.id) return true;
      return false;
    });
    if (madeFor === undefined) continue;
    recordOrigin(db, h.id, madeFor);
    markDirty(db, h.leadId);
  }
}
