import type { Db } from '../db/connection.js';
import { appendAudit } from '../db/audit.repo.js';
import { listRules } from '../db/criteria.repo.js';
import * as repo from '../db/handoffs.repo.js';
import * as w from '../db/handoffs-write.repo.js';
import { now } from '../db/ids.js';
import { saveSlaCalendar, slaCalendar } from '../db/sla-settings.repo.js';
import {
  HandoffListInputSchema,
  UNDO_WINDOW_MS,
  type HandoffListInput,
  type HandoffRow,
  type Inbox,
  type SlaSettings,
} from '../../shared/contracts/handoffs.js';
import { moveStage } from '../../shared/domain/stage-machine.js';
import { calendarProblem } from '../../shared/domain/sla.js';
import { AppError } from '../../shared/errors.js';
import { mustBeSomeone, mustGetRecord, mustMayAct } from './handoffs-decide.js';
import * as decisions from './handoffs-decide.js';
import { current as currentUser, requireOwner } from './users.js';

/** The SAL loop's reads and the steps after acceptance (SQL checklist, opportunity), and SLA settings. */

export function get(db: Db, id: string, at = now()): HandoffRow {
  return repo.toRow(mustGetRecord(db, id), at);
}

export function decide(db: Db, id: string, d: Parameters<typeof decisions.decide>[2], at = now(), actorId?: string): HandoffRow {
  return repo.toRow(decisions.decide(db, id, d, at, actorId), at);
}

export function decideMany(db: Db, ids: readonly string[], d: Parameters<typeof decisions.decide>[2], at = now()): { decided: number } {
  return { decided: decisions.decideMany(db, ids, d, at) };
}

export function undo(db: Db, id: string, at = now()): HandoffRow {
  return repo.toRow(decisions.undo(db, id, at), at);
}

export function undoMany(db: Db, ids: readonly string[], at = now()): { undone: number } {
  return { undone: decisions.undoMany(db, ids, at) };
}

/** A rep's pending handoffs by SLA due time (default: the current user's), with what can be undone. */
export function inbox(db: Db, input: { repId?: string | undefined; limit?: number | undefined }, at = now()): Inbox {
  const me = currentUser(db);
  const repId = input.repId ?? me?.id ?? null;
  const latest = me ? repo.latestDecisionSince(db, me.id, at - UNDO_WINDOW_MS) : null;
  const undoable =
    me && latest
      ? { handoffId: latest.id, until: latest.decided_at + UNDO_WINDOW_MS, handoffIds: repo.decidedTogether(db, me.id, latest.decided_at) }
      : null;
  if (!repId) return { repId: null, pending: [], pendingCount: 0, breachedCount: 0, undoable };
  const rows = repo.inboxRecords(db, repId, input.limit ?? 5_000).map((r) => repo.toRow(r, at));
  const counts = repo.inboxCounts(db, repId, at);
  return { repId, pending: rows, pendingCount: counts.pending, breachedCount: counts.breached, undoable };
}

export function list(
  db: Db,
  raw: HandoffListInput,
  at = now(),
): { rows: HandoffRow[]; nextCursor: { value: string | number; id: string } | null; total: number } {
  const input = HandoffListInputSchema.parse(raw);
  const column = input.sort.column;
  if (input.cursor && (typeof input.cursor.value === 'string') !== (column === 'leadName')) {
    throw new AppError('validation', `The cursor does not belong to a list sorted by ${column}; start from the first page.`);
  }
  const { rows, total } = repo.listRecords(db, {
    filters: input.filters,
    sortKey: repo.SORT_KEYS[column],
    dir: input.sort.dir,
    cursor: input.cursor,
    limit: input.limit,
    at,
  });
  const last = rows.length === input.limit ? rows[rows.length - 1] : undefined;
  return { rows: rows.map((r) => repo.toRow(r, at)), nextCursor: last ? { value: last.sort_value, id: last.id } : null, total };
}

/**
 * Tick SQL checklist (BANT) items of the handoff's version while the lead is an SAL; when every
 * item is ticked the lead becomes an SQL.
 */
export function setChecklist(db: Db, id: string, ticks: Record<string, boolean>, at = now()): HandoffRow {
  return db.transaction(() => {
    const u = mustBeSomeone(db);
    const h = mustGetRecord(db, id);
    mustMayAct(h, u, 'qualify');
    if (h.decision !== 'accepted') throw new AppError('conflict', `Accept the handoff of ${h.lead_name} before working its SQL checklist.`);
    if (h.lead_stage !== 'sal') {
      throw new AppError('conflict', `${h.lead_name} is "${h.lead_stage}"; the SQL checklist applies while the lead is an SAL.`);
    }
    if (!h.version_id) throw new AppError('conflict', 'This handoff has no criteria version, so it has no SQL checklist.');
    const rules = listRules(db, h.version_id).filter((r) => r.kind === 'sql');
    const known = new Set(rules.map((r) => r.id));
    const unknown = Object.keys(ticks).filter((k) => !known.has(k));
    if (unknown.length) {
      throw new AppError('validation', `"${unknown[0]}" is not an SQL checklist item of version ${h.version_number ?? '?'}.`, { unknown });
    }
    const before = repo.toRow(h, at).checklist;
    const next = { ...before, ...ticks };
    w.setChecklist(db, h.id, next, at);
    appendAudit(db, { userId: u.id, entity: 'handoff', entityId: h.id, action: 'checklist', before, after: next }, at);
    if (rules.length > 0 && rules.every((r) => next[r.id] === true)) {
      const to = moveStage('sal', 'qualifySql');
      const why = `SQL checklist complete: ${rules.map((r) => r.label).join(', ')}`;
      w.insertStageEvent(db, { leadId: h.lead_id, from: 'sal', to, at, by: u.id, why, handoffId: h.id });
      w.setLeadStage(db, h.lead_id, to, at);
    }
    return get(db, h.id, at);
  })();
}

/** SQL → opportunity, linked to the lead's outcome when one exists; a closed outcome moves the lead on to won or lost. */
export function openOpportunity(db: Db, id: string, at = now()): HandoffRow {
  return db.transaction(() => {
    const u = mustBeSomeone(db);
    const h = mustGetRecord(db, id);
    mustMayAct(h, u, 'open an opportunity for');
    if (h.decision !== 'accepted') throw new AppError('conflict', `The handoff of ${h.lead_name} was not accepted.`);
    const to = moveStage(h.lead_stage, 'openOpportunity');
    const outcome = w.latestOutcome(db, h.lead_id);
    w.insertStageEvent(db, { leadId: h.lead_id, from: h.lead_stage, to, at, by: u.id, why: 'Opportunity opened', handoffId: h.id });
    w.setLeadStage(db, h.lead_id, to, at);
    w.linkOutcome(db, h.id, outcome?.id ?? null, at);
    if (outcome && outcome.result !== 'open') {
      const closed = moveStage(to, outcome.result === 'won' ? 'win' : 'lose');
      const when = Math.max(at, outcome.closed_at ?? at);
      w.insertStageEvent(db, { leadId: h.lead_id, from: to, to: closed, at: when, by: u.id, why: `Outcome already closed ${outcome.result}`, handoffId: h.id });
      w.setLeadStage(db, h.lead_id, closed, when);
    }
    appendAudit(db, { userId: u.id, entity: 'handoff', entityId: h.id, action: 'open opportunity', after: { outcomeId: outcome?.id ?? null } }, at);
    return get(db, h.id, at);
  })();
}

export const slaSettings = (db: Db): SlaSettings => slaCalendar(db) as SlaSettings;

/** New business hours apply to handoffs made from now on; due times already agreed stay as they are. */
export function setSlaSettings(db: Db, s: SlaSettings): SlaSettings {
  const problem = calendarProblem(s);
  if (problem) throw new AppError('validation', problem);
  return db.transaction(() => {
    requireOwner(db, 'change the SLA and business hours the reps are measured against');
    const before = slaCalendar(db);
    saveSlaCalendar(db, s);
    const after = slaCalendar(db);
    appendAudit(db, { userId: currentUser(db)?.id ?? null, entity: 'workspace', entityId: 'sla_settings', action: 'update', before, after });
    return after as SlaSettings;
  })();
}
