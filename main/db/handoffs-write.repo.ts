import type { Db } from './connection.js';
import { newId } from './ids.js';
import { stmt } from './statements.js';
import type { LeadForScoring } from './scores.repo.js';
import type { Stage } from '../../shared/contracts/common.js';
import type { ScoreResult } from '../../shared/domain/scoring.js';
import { DEFAULT_NURTURE_DAYS, canMove } from '../../shared/domain/stage-machine.js';
import { slaDueAt, type SlaCalendar } from '../../shared/domain/sla.js';
import { slaCalendar } from './sla-settings.repo.js';
import { markWeakSince, outboxMark } from './sync-outbox.repo.js';
import { nameBasedId } from '../sync/ids.js';
import { HIDDEN_TWIN } from './handoff-twins.repo.js';

/** Writing handoffs and the stage moves they cause. Every function runs inside the caller's transaction. */

const NURTURE_MS = DEFAULT_NURTURE_DAYS * 86_400_000;

/**
 * Until when a recycled lead stays in nurture: the re-open date of the rejection that recycled it
 * (or the default nurture period after that decision when none was set), else the default period
 * after the lead's last move to "recycled" (a recycle after an accepted lead, or an imported one).
 */
export const RECYCLED_UNTIL_SQL = `coalesce(
  (SELECT CASE WHEN h.decision = 'rejected' AND h.action = 'recycle' THEN coalesce(h.reopen_at, h.decided_at + ${NURTURE_MS}) END
     FROM handoffs h WHERE h.lead_id = l.id AND h.deleted = 0 AND h.decided_at IS NOT NULL
       AND h.decided_at >= coalesce((SELECT max(e.at) FROM stage_events e WHERE e.lead_id = l.id AND e.to_stage = 'recycled'), 0) - 60000
     ORDER BY h.decided_at DESC LIMIT 1),
  (SELECT max(e.at) + ${NURTURE_MS} FROM stage_events e WHERE e.lead_id = l.id AND e.to_stage = 'recycled'),
  l.updated_at + ${NURTURE_MS})`;

export function recycledUntil(db: Db, leadId: string): number {
  return stmt(db, `SELECT ${RECYCLED_UNTIL_SQL} AS until FROM leads l WHERE l.id = ?`)
    .pluck(true)
    .get(leadId) as number;
}

export interface StageEvent {
  leadId: string;
  from: Stage | null;
  to: Stage;
  at: number;
  by: string | null;
  why: string;
  handoffId: string | null;
}

export function insertStageEvent(db: Db, e: StageEvent, id = newId()): void {
  stmt(
    db,
    `INSERT INTO stage_events (id, lead_id, from_stage, to_stage, at, by_user_id, why, handoff_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(id, e.leadId, e.from, e.to, e.at, e.by, e.why, e.handoffId, e.at);
}

export function setLeadStage(db: Db, leadId: string, stage: Stage, at: number, ownerId?: string | null): void {
  if (ownerId === undefined) stmt(db, 'UPDATE leads SET stage = ?, updated_at = ? WHERE id = ?').run(stage, at, leadId);
  else
    stmt(db, 'UPDATE leads SET stage = ?, owner_id = ?, updated_at = ? WHERE id = ?').run(stage, ownerId, at, leadId);
}

export function leadStage(db: Db, leadId: string): Stage | null {
  return (
    (stmt(db, 'SELECT stage FROM leads WHERE id = ? AND deleted = 0').pluck(true).get(leadId) as Stage | undefined) ??
    null
  );
}

export interface NewHandoff {
  leadId: string;
  versionId: string | null;
  score: number;
  level: string | null;
  at: number;
  repId: string | null;
  slaDueAt: number | null;
  reroutedFromId?: string | null;
  checklist?: string;
}

export function insertHandoff(db: Db, h: NewHandoff, id = newId()): string {
  stmt(
    db,
    `INSERT INTO handoffs (id, lead_id, version_id, score_at_handoff, level, handed_at, rep_id, sla_due_at, decision, rerouted_from_id, checklist, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'pending', ?, ?, ?, ?)`,
  ).run(
    id,
    h.leadId,
    h.versionId,
    h.score,
    h.level,
    h.at,
    h.repId,
    h.slaDueAt,
    h.reroutedFromId ?? null,
    h.checklist ?? '{}',
    h.at,
    h.at,
  );
  return id;
}

export interface DecisionFields {
  decision: 'accepted' | 'rejected';
  at: number;
  by: string;
  reasonId: string | null;
  action: 'disqualify' | 'recycle' | 'reroute' | null;
  comment: string | null;
  reopenAt: number | null;
  stageBefore: Stage;
}

/** Record a decision on a pending handoff; 0 when it was no longer pending (decided meanwhile). */
export function markDecided(db: Db, id: string, d: DecisionFields): number {
  return stmt(
    db,
    `UPDATE handoffs SET decision = ?, decided_at = ?, decided_by = ?, reason_id = ?, action = ?, comment = ?, reopen_at = ?, stage_before = ?, updated_at = ?
       WHERE id = ? AND decision = 'pending' AND deleted = 0`,
  ).run(d.decision, d.at, d.by, d.reasonId, d.action, d.comment, d.reopenAt, d.stageBefore, d.at, id).changes;
}

export function markPendingAgain(db: Db, id: string, at: number): void {
  stmt(
    db,
    `UPDATE handoffs SET decision = 'pending', decided_at = NULL, decided_by = NULL, reason_id = NULL, action = NULL, comment = NULL,
       reopen_at = NULL, stage_before = NULL, updated_at = ? WHERE id = ?`,
  ).run(at, id);
}

export function softDeleteHandoff(db: Db, id: string, at: number): void {
  stmt(db, 'UPDATE handoffs SET deleted = 1, updated_at = ? WHERE id = ?').run(at, id);
}

/** The handoffs a reroute made from `id`, hidden twins (handoff-twins.repo.ts) included: an undo deletes them too. */
export function reroutedFrom(db: Db, id: string): { id: string; decision: string; rep_id: string | null }[] {
  return stmt(db, 'SELECT id, decision, rep_id FROM handoffs WHERE rerouted_from_id = ? AND deleted <> 1').all(id) as {
    id: string;
    decision: string;
    rep_id: string | null;
  }[];
}

export function setChecklist(db: Db, id: string, checklist: Record<string, boolean>, at: number): void {
  stmt(db, 'UPDATE handoffs SET checklist = ?, updated_at = ? WHERE id = ?').run(JSON.stringify(checklist), at, id);
}

/** A lead's live pending handoffs, whole rows (an import journals them before it changes them). */
export function pendingHandoffsOf(db: Db, leadId: string): (Record<string, unknown> & { id: string; handed_at: number })[] {
  return stmt(db, `SELECT * FROM handoffs WHERE lead_id = ? AND decision = 'pending' AND deleted = 0`).all(leadId) as (Record<
    string,
    unknown
  > & { id: string; handed_at: number })[];
}

/**
 * A deal recorded for a lead still waiting in a rep's inbox: sales took the lead, so its handoff is
 * accepted (at `at`, never before it was handed off) and linked to the outcome, instead of staying
 * in the inbox with Accept and Reject that its won or lost stage refuses.
 */
export function acceptForOutcome(
  db: Db,
  id: string,
  f: { at: number; by: string | null; stageBefore: Stage; outcomeId: string; updatedAt: number },
): number {
  return stmt(
    db,
    `UPDATE handoffs SET decision = 'accepted', decided_at = max(handed_at, ?), decided_by = ?, stage_before = ?, outcome_id = ?, updated_at = ?
       WHERE id = ? AND decision = 'pending' AND deleted = 0`,
  ).run(f.at, f.by, f.stageBefore, f.outcomeId, f.updatedAt, id).changes;
}

export function linkOutcome(db: Db, id: string, outcomeId: string | null, at: number): void {
  stmt(db, 'UPDATE handoffs SET outcome_id = ?, updated_at = ? WHERE id = ?').run(outcomeId, at, id);
}

/** The lead's most recent outcome (open first), for linking an opportunity. */
export function latestOutcome(
  db: Db,
  leadId: string,
): { id: string; result: 'open' | 'won' | 'lost'; closed_at: number | null } | null {
  return (
    (stmt(
      db,
      `SELECT id, result, closed_at FROM outcomes WHERE lead_id = ? AND deleted = 0
         ORDER BY result = 'open' DESC, coalesce(closed_at, opened_at, created_at) DESC LIMIT 1`,
    ).get(leadId) as { id: string; result: 'open' | 'won' | 'lost'; closed_at: number | null } | undefined) ?? null
  );
}

/**
 * A pending handoff counts for the handoff rule when live, or when a hidden twin (handoff-twins.repo.ts)
 * of a lead still in "mql": its twin was decided on another laptop, but the lead's stage is merged
 * field by field, and a copy's later weak "mql" write can win over the decision's stage. Without
 * this the next rescore would hand the decided lead off again, as a real synced handoff. A recycled
 * or rejected lead is past that handoff and may qualify anew.
 */
const PENDING_HERE = `(h.deleted = 0 OR (h.deleted = ${HIDDEN_TWIN} AND EXISTS (SELECT 1 FROM leads l WHERE l.id = h.lead_id AND l.stage = 'mql')))`;

/**
 * A lead's own handoffs, found through handoffs_lead. The unary + keeps SQLite off the indexes that
 * lead with `decision` (the reports' covering indexes): without statistics it picked one and walked
 * every pending handoff per lead, 0.8 ms a check, 15 s of a 200k-lead rescore.
 */
export const PENDING_FOR_LEAD_SQL = `SELECT 1 FROM handoffs h WHERE lead_id = ? AND +decision = 'pending' AND ${PENDING_HERE} LIMIT 1`;
export const LAST_REJECTION_SQL = `SELECT action, coalesce(reopen_at, decided_at + ${NURTURE_MS}) AS until FROM handoffs
  WHERE lead_id = ? AND +decision = 'rejected' AND deleted = 0 ORDER BY decided_at DESC LIMIT 1`;

/**
 * Whether a lost lead has engaged again since it was lost: a touchpoint after its last move to
 * "lost" (or, without that event, after the row last changed). A lost deal goes back to marketing;
 * points from the activity that led to the lost deal must not hand it straight back to sales on the
 * next rescore, so only new activity can make it an MQL again.
 */
export const REENGAGED_SINCE_LOST_SQL = `SELECT EXISTS (SELECT 1 FROM touchpoints t WHERE t.lead_id = l.id AND t.deleted = 0
    AND t.occurred_at > coalesce((SELECT max(e.at) FROM stage_events e WHERE e.lead_id = l.id AND e.to_stage = 'lost'), l.updated_at))
  FROM leads l WHERE l.id = ?`;

/**
 * The leads with a pending handoff, in one read: a whole rescore asks this of every lead at a level
 * (a lookup each cost 5 to 10 µs, a second of the 1M-lead rescore's writing thread).
 */
export function pendingLeadIds(db: Db): Set<string> {
  return new Set(
    stmt(
      db,
      // Two parts, so the live one keeps its plan; hidden twins are few (handoffs_twin_hidden).
      `SELECT lead_id FROM handoffs WHERE decision = 'pending' AND deleted = 0
       UNION ALL SELECT h.lead_id FROM handoffs h WHERE h.deleted = ${HIDDEN_TWIN} AND h.decision = 'pending' AND ${PENDING_HERE}`,
    )
      .pluck(true)
      .all() as string[],
  );
}

export function hasPendingHandoff(db: Db, leadId: string): boolean {
  return stmt(db, PENDING_FOR_LEAD_SQL).get(leadId) !== undefined;
}

/**
 * A lead left in "rejected" (an imported decision, or a reroute whose new handoff lives elsewhere)
 * follows its rejection: disqualified or rerouted stays put, recycled waits for its re-open date, and
 * a rejection without an action may be handed off again.
 */
function rejectedMayQualify(r: { action: string | null; until: number } | undefined, at: number): boolean {
  if (!r || r.action === null) return true;
  if (r.action === 'recycle') return r.until <= at;
  return false;
}

/**
 * Handoffs made by a rescore. A lead gets a new handoff when it is at an MQL level, its stage allows
 * qualifying (not disqualified, not won, not in the sales ladder), it has no pending handoff, and,
 * when recycled (or left rejected with a recycle), its re-open date has come; when lost, it has
 * engaged again since. Rescoring twice therefore hands off nothing new.
 */
export function handoffWriter(
  db: Db,
  version: { id: string; slaHours: number; slaBusinessHours?: boolean },
  at: number,
  opts: { weakMarkAtEnd?: boolean; pendingLeads?: Set<string> } = {},
) {
  const pending = db.prepare(PENDING_FOR_LEAD_SQL).pluck();
  const until = db.prepare(`SELECT ${RECYCLED_UNTIL_SQL} FROM leads l WHERE l.id = ?`).pluck();
  const lastRejection = db.prepare(LAST_REJECTION_SQL);
  const passes = db.prepare('SELECT count(*) FROM handoffs WHERE lead_id = ? AND version_id = ?').pluck();
  const reengaged = db.prepare(REENGAGED_SINCE_LOST_SQL).pluck();
  const calendar: SlaCalendar = slaCalendar(db);
  const business = version.slaBusinessHours ?? false;
  // A rescore writes nothing else to the outbox while it hands off (score rows and current scores
  // have no sync triggers), so one update at the end flags the same rows as one per handoff.
  const startMark = opts.weakMarkAtEnd ? outboxMark(db) : 0;
  return {
    handOff(lead: LeadForScoring, s: Pick<ScoreResult, 'total' | 'level'>, repId: string | null, why: string): boolean {
      const stage = lead.stage as Stage;
      if (!canMove(stage, 'qualify')) return false;
      if (opts.pendingLeads ? opts.pendingLeads.has(lead.id) : pending.get(lead.id)) return false;
      if (stage === 'recycled' && (until.get(lead.id) as number) > at) return false;
      if (stage === 'lost' && reengaged.get(lead.id) !== 1) return false;
      if (
        stage === 'rejected' &&
        !rejectedMayQualify(lastRejection.get(lead.id) as { action: string | null; until: number } | undefined, at)
      ) {
        return false;
      }
      // Every laptop's rescore hands this MQL off: the same id (lead, version, pass) on each makes
      // one handoff after sync, and the writes yield to decisions made meanwhile elsewhere.
      const pass = (passes.get(lead.id, version.id) as number) + 1;
      const mark = opts.weakMarkAtEnd ? 0 : outboxMark(db);
      const id = insertHandoff(
        db,
        {
          leadId: lead.id,
          versionId: version.id,
          score: s.total,
          level: s.level,
          at,
          repId,
          slaDueAt: slaDueAt(at, version.slaHours, business, calendar),
        },
        nameBasedId('handoff', lead.id, version.id, String(pass)),
      );
      insertStageEvent(
        db,
        { leadId: lead.id, from: stage, to: 'mql', at, by: null, why, handoffId: id },
        nameBasedId('handoff-mql', id),
      );
      setLeadStage(db, lead.id, 'mql', at, repId);
      opts.pendingLeads?.add(lead.id);
      if (!opts.weakMarkAtEnd) markWeakSince(db, mark);
      return true;
    },
    /** With `weakMarkAtEnd`: flag the outbox rows of every handoff made (call once, after the last). */
    finish(): void {
      if (opts.weakMarkAtEnd) markWeakSince(db, startMark);
    },
  };
}

/** Recycled leads whose time in nurture is over at `at`, with the date it ended. */
export function dueReopens(db: Db, at: number): { id: string; until: number; handoff_id: string | null }[] {
  return stmt(
    db,
    `SELECT id, until, handoff_id FROM (
         SELECT l.id, ${RECYCLED_UNTIL_SQL} AS until,
           (SELECT h.id FROM handoffs h WHERE h.lead_id = l.id AND h.deleted = 0 AND h.action = 'recycle'
              AND h.decided_at >= coalesce((SELECT max(e.at) FROM stage_events e WHERE e.lead_id = l.id AND e.to_stage = 'recycled'), 0) - 60000
            ORDER BY h.decided_at DESC LIMIT 1) AS handoff_id
         FROM leads l WHERE l.stage = 'recycled' AND l.deleted = 0)
       WHERE until <= ? ORDER BY until, id`,
  ).all(at) as { id: string; until: number; handoff_id: string | null }[];
}
