import type { Db } from './connection.js';
import { stmt } from './sync-statements.js';

/** handoffs.deleted of a hidden twin (migration 0020): not live for any reader, synced as 0. */
export const HIDDEN_TWIN = 2;

/**
 * The SQL of handoff twins (migration 0020): handoffs of one lead made for two copies of it (one CRM
 * lead imported on two laptops under two ids, merged by sync), and which of them to hide.
 */

/** A merge re-points the handoffs of `fromLead`: remember the lead each was made for (the first one, after chained merges). */
export function recordOriginsOfLead(db: Db, fromLead: string): void {
  stmt(db, 'INSERT OR IGNORE INTO handoff_origins (handoff_id, lead_id) SELECT id, lead_id FROM handoffs WHERE lead_id = ?').run(fromLead);
}

/** A pulled handoff made for a lead merged away here: it lands on the surviving lead, made for `madeFor`. */
export function recordOrigin(db: Db, handoffId: string, madeFor: string): void {
  stmt(db, 'INSERT OR IGNORE INTO handoff_origins (handoff_id, lead_id) VALUES (?, ?)').run(handoffId, madeFor);
}

/**
 * Rescore handoffs of merged leads that have no origin yet (merged before migration 0020), with the
 * ids merged into their lead: a rescore's handoff id is named by (lead, version, pass), so the lead
 * it was made for can be found again (ids.ts). `passes` is how many handoffs the lead has under that
 * version, the most a pass can have been.
 */
export function unplacedMergedHandoffs(db: Db): { id: string; versionId: string; passes: number; leadId: string; candidates: string[] }[] {
  const rows = stmt(
    db,
    `SELECT h.id, h.version_id AS versionId, h.lead_id AS leadId,
       (SELECT count(*) FROM handoffs x WHERE x.lead_id = h.lead_id AND x.version_id = h.version_id) AS passes,
       (SELECT json_group_array(m.from_id) FROM sync_merged m WHERE m.tbl = 'leads' AND m.into_id = h.lead_id) AS candidates
     FROM (SELECT DISTINCT into_id FROM sync_merged WHERE tbl = 'leads') s CROSS JOIN handoffs h ON h.lead_id = s.into_id
     WHERE h.version_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM handoff_origins o WHERE o.handoff_id = h.id)`,
  )
    .pluck(false)
    .all() as { id: string; versionId: string; leadId: string; passes: number; candidates: string }[];
  return rows.map((r) => ({ ...r, candidates: JSON.parse(r.candidates) as string[] }));
}

/** Every lead that can have twins (a handoff with an origin) to be settled again, as after a change of the rule. */
export function markAllWithOriginsDirty(db: Db): void {
  stmt(
    db,
    'INSERT OR IGNORE INTO handoff_twins_dirty (lead_id) SELECT DISTINCT h.lead_id FROM handoff_origins o CROSS JOIN handoffs h ON h.id = o.handoff_id',
  ).run();
}

/** Settle these leads at the next pull (as if their handoffs had changed). */
export function markDirty(db: Db, leadId: string): void {
  stmt(db, 'INSERT OR IGNORE INTO handoff_twins_dirty (lead_id) VALUES (?)').run(leadId);
}

/**
 * Per handoff of the leads whose handoffs changed since the last settling (handoff_twins_dirty, kept
 * by triggers) that have a re-pointed handoff (only those can have twins), whether it is to be
 * hidden, computed from synced data only (hidden rows count as live here, so the answer does not
 * depend on itself):
 * - a rerouted handoff (a random id) belongs to the copy its first handoff was made for, found by
 *   following rerouted_from_id (synced) back, so that a laptop that merged before origins were kept,
 *   which can place only rescore handoffs from their ids (twins.ts), places it alike;
 * - each copy's handoffs are numbered in (handed_at, id) order; the n-th of each copy are twins (a
 *   later pass of one copy, after a decision on it, is that copy's own next step), whatever version
 *   each was made under: a lead passes the ladder one pass at a time, and a copy handed off under a
 *   new version while the other copy's pass was already decided (accepted: no rescore of one
 *   workspace would hand an SAL off again) is a duplicate of that pass, not a new one;
 * - decided handoffs are never hidden (decisions are append-only and never conflict);
 * - a pending handoff whose twin is decided is hidden: the lead was decided at that pass;
 * - a pending handoff made before another copy's handoff was accepted is hidden: the lead became an
 *   SAL after it (the stage is the later write's), so it could no longer be decided; a copy's
 *   reroute after its rejection, with the other copy accepted later, is the case (not a twin: it
 *   is its copy's second pass);
 * - of the pending ones left for a lead, under any version, the earliest (handed_at, id) stays: one
 *   lead never has two pending handoffs (the handoff rule does not look at versions), so any other is
 *   a copy's duplicate, also when the copies were handed off under two versions.
 */
const TWINS_SQL = `
  WITH merged AS (
    SELECT d.lead_id FROM handoff_twins_dirty d
    WHERE EXISTS (SELECT 1 FROM handoffs h CROSS JOIN handoff_origins o ON o.handoff_id = h.id WHERE h.lead_id = d.lead_id)
  ), chain (id, root) AS (
    SELECT h.id, h.id FROM merged m CROSS JOIN handoffs h ON h.lead_id = m.lead_id WHERE h.rerouted_from_id IS NULL
    UNION ALL SELECT h.id, c.root FROM chain c CROSS JOIN handoffs h ON h.rerouted_from_id = c.id
  ), copies AS (
    SELECT h.id, h.lead_id, h.decision, h.handed_at, h.decided_at, h.deleted, coalesce(o.lead_id, h.lead_id) AS copy,
      row_number() OVER (PARTITION BY h.lead_id, coalesce(o.lead_id, h.lead_id) ORDER BY h.handed_at, h.id) AS pass
    FROM merged m CROSS JOIN handoffs h ON h.lead_id = m.lead_id LEFT JOIN chain ch ON ch.id = h.id
      LEFT JOIN handoff_origins o ON o.handoff_id = coalesce(ch.root, h.id)
    WHERE h.deleted IN (0, ${HIDDEN_TWIN})
  ), passes AS (
    SELECT c.*, max(c.decision <> 'pending') OVER (PARTITION BY c.lead_id, c.pass) AS twin_decided,
      EXISTS (SELECT 1 FROM copies x WHERE x.lead_id = c.lead_id AND x.copy <> c.copy AND x.decision = 'accepted' AND x.decided_at > c.handed_at) AS accepted_since
    FROM copies c
  ), open AS (
    SELECT p.*, row_number() OVER (
        PARTITION BY p.lead_id, p.decision = 'pending' AND p.twin_decided = 0 AND p.accepted_since = 0 ORDER BY p.handed_at, p.id) AS k
    FROM passes p
  )
  SELECT id, deleted, (decision = 'pending' AND (twin_decided = 1 OR accepted_since = 1 OR k > 1)) AS hide FROM open`;

/** The handoffs whose hidden state is to change: `hide` true to hide a live one, false to show a hidden one. */
export function twinChanges(db: Db): { id: string; hide: boolean }[] {
  // No handoff of a merged lead changed (nearly every pull): nothing to work out.
  if (stmt(db, 'SELECT EXISTS (SELECT 1 FROM handoff_twins_dirty)').pluck(true).get() === 0) return [];
  const rows = stmt(db, TWINS_SQL).pluck(false).all() as { id: string; deleted: number; hide: number }[];
  const considered = new Set<string>();
  const out: { id: string; hide: boolean }[] = [];
  for (const r of rows) {
    considered.add(r.id);
    if (r.hide && r.deleted === 0) out.push({ id: r.id, hide: true });
    else if (!r.hide && r.deleted === HIDDEN_TWIN) out.push({ id: r.id, hide: false });
  }
  // A hidden row whose lead no longer has twins comes back.
  const hidden = stmt(db, `SELECT h.id FROM handoff_twins_dirty d CROSS JOIN handoffs h ON h.lead_id = d.lead_id WHERE h.deleted = ${HIDDEN_TWIN}`);
  for (const id of hidden.pluck(true).all() as string[]) if (!considered.has(id)) out.push({ id, hide: false });
  return out;
}

/** Every changed lead settled (the hiding itself marks them again): start afresh. */
export function clearDirty(db: Db): void {
  stmt(db, 'DELETE FROM handoff_twins_dirty').run();
}

/** Hide or show one handoff; only between live and hidden, never touching a real delete. */
export function setHidden(db: Db, id: string, hide: boolean): number {
  return hide
    ? stmt(db, `UPDATE handoffs SET deleted = ${HIDDEN_TWIN} WHERE id = ? AND deleted = 0`).run(id).changes
    : stmt(db, `UPDATE handoffs SET deleted = 0 WHERE id = ? AND deleted = ${HIDDEN_TWIN}`).run(id).changes;
}

/** How many handoffs are hidden twins now. */
export function hiddenTwinCount(db: Db): number {
  return stmt(db, `SELECT count(*) FROM handoffs WHERE deleted = ${HIDDEN_TWIN}`).pluck(true).get() as number;
}

/**
 * Handoffs of merged leads that no origin, name or reroute link places (imported ones, random ids),
 * with the lead each is on here: the hub's own lead_id of them says which copy each was made for.
 */
export function unplacedRandomHandoffs(db: Db): { id: string; leadId: string }[] {
  return stmt(
    db,
    `SELECT h.id, h.lead_id AS leadId
     FROM (SELECT DISTINCT into_id FROM sync_merged WHERE tbl = 'leads') s CROSS JOIN handoffs h ON h.lead_id = s.into_id
     WHERE h.rerouted_from_id IS NULL AND NOT EXISTS (SELECT 1 FROM handoff_origins o WHERE o.handoff_id = h.id)`,
  )
    .pluck(false)
    .all() as { id: string; leadId: string }[];
}

export function leadOfHandoff(db: Db, id: string): string | undefined {
  return stmt(db, 'SELECT lead_id FROM handoffs WHERE id = ?').pluck(true).get(id) as string | undefined;
}
