import type { Db } from '../db/connection.js';
import { setApplying } from '../db/sync-apply.repo.js';
import {
  clearDirty,
  leadOfHandoff,
  markAllWithOriginsDirty,
  markDirty,
  recordOrigin,
  setHidden,
  twinChanges,
  unplacedMergedHandoffs,
  unplacedRandomHandoffs,
} from '../db/handoff-twins.repo.js';
import { getSyncState, setSyncState } from '../db/sync-outbox.repo.js';
import type { HubTransport } from './hub-client.js';
import { nameBasedId } from './ids.js';
import { survivor } from './merge.js';

/**
 * After a pull (in its transaction): hide the handoff twins of merged leads, or show them again,
 * as the synced data now says (handoff-twins.repo.ts has the rule), for the leads whose handoffs
 * changed since the last pull, here or pulled. Every laptop applies the same rule to the same rows,
 * so all hide the same ones; nothing is deleted or synced, and a later pull (a decision on another
 * laptop, a twin arriving late) can change which one stays. Returns how many handoffs changed.
 */
export function settleHandoffTwins(db: Db): number {
  placeByName(db);
  settleAgainUnderNewRule(db);
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
const RULE = 'twin_rule';
/**
 * The twin rule's version (handoff-twins.repo.ts), to bump whenever the rule changes. A lead is
 * settled only when its handoffs change, so a laptop that settled under an older rule would keep
 * that answer while a laptop joining later finds another one. 2: twins paired across versions, and
 * a pending handoff made before another copy's acceptance hidden.
 */
const RULE_VERSION = '2';

function settleAgainUnderNewRule(db: Db): void {
  if (getSyncState(db, RULE) === RULE_VERSION) return;
  markAllWithOriginsDirty(db);
  setSyncState(db, RULE, RULE_VERSION);
}
const ORIGINS_READ = 'twin_origins_read';

function placeByName(db: Db): void {
  if (getSyncState(db, ORIGINS_FOUND) === '1') return;
  findOriginsOfEarlierMerges(db);
  setSyncState(db, ORIGINS_FOUND, '1');
}

/**
 * Once, before a sync's pull: handoffs of leads merged before handoff origins were kept whose ids
 * name no lead (imported ones) are placed from the hub's own lead_id of them, the synced value a
 * laptop that merges later (or joins later) places them from, so every laptop pairs them alike.
 * This laptop re-pointed them locally when it merged, so only the hub still has it: one read of the
 * whole hub (pull from the start, own rows too), kept to those rows, when there are any such
 * handoffs; a workspace without merged leads reads nothing. Returns how many were placed.
 */
export async function placeFromHub(db: Db, hub: HubTransport, batch: number): Promise<number> {
  if (getSyncState(db, ORIGINS_READ) === '1') return 0;
  const unplaced = new Map(
    db.transaction(() => {
      placeByName(db);
      return unplacedRandomHandoffs(db);
    })().map((h) => [h.id, h.leadId] as const),
  );
  const madeFor = new Map<string, string>();
  if (unplaced.size) {
    let cursor = { xid: '0', id: '0' };
    for (;;) {
      const got = await hub.pull(cursor, batch);
      for (const f of got) {
        if (f.tbl === 'handoffs' && f.col === 'lead_id' && typeof f.value === 'string' && unplaced.has(f.rowId)) madeFor.set(f.rowId, f.value);
      }
      if (got.length < batch) break;
      cursor = { xid: got[got.length - 1]!.xid, id: got[got.length - 1]!.id };
    }
  }
  let placed = 0;
  db.transaction(() => {
    for (const [id, lead] of madeFor) {
      // Made for a lead merged into the one it is on here (read again: the pull was outside the transaction).
      const here = leadOfHandoff(db, id);
      if (here === undefined || lead === here || survivor(db, 'leads', lead) !== here) continue;
      recordOrigin(db, id, lead);
      markDirty(db, here);
      placed++;
    }
    setSyncState(db, ORIGINS_READ, '1');
  })();
  return placed;
}

/**
 * A laptop's first sync with a hub pulls it from the start, and every merge it makes from then on
 * records its origins, so placeFromHub has nothing to find there: without this it read the whole
 * hub a second time at the next sync.
 */
export function markOriginsRead(db: Db): void {
  setSyncState(db, ORIGINS_READ, '1');
}

/**
 * Leads merged before handoff origins were kept (migration 0020) still show a handoff per copy.
 * Once, the lead each of their rescore handoffs was made for is found again from its name-based id
 * (lead, version, pass), alike on every laptop, and those leads are settled. A rerouted one follows
 * its first handoff (handoff-twins.repo.ts); an imported one (random id) is placed from the hub
 * (placeFromHub).
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
