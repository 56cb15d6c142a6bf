import type { Db } from '../db/connection.js';
import { appendAudit } from '../db/audit.repo.js';
import { getVersion, activeVersionId } from '../db/criteria.repo.js';
import { getRecord, type HandoffRecord } from '../db/handoffs.repo.js';
import * as w from '../db/handoffs-write.repo.js';
import { now } from '../db/ids.js';
import { getReason } from '../db/reasons.repo.js';
import { slaCalendar } from '../db/sla-settings.repo.js';
import { getUser, listUsers } from '../db/users.repo.js';
import { UNDO_WINDOW_MS, type Decision } from '../../shared/contracts/handoffs.js';
import type { Stage } from '../../shared/contracts/common.js';
import type { User } from '../../shared/contracts/users.js';
import { DEFAULT_NURTURE_DAYS, moveStage } from '../../shared/domain/stage-machine.js';
import { slaDueAt } from '../../shared/domain/sla.js';
import { AppError } from '../../shared/errors.js';
import { current as currentUser } from './users.js';

/** Accepting and rejecting handoffs, one or many at once, and undoing a decision. */

const DAY = 86_400_000;

/** A sales owner is the "manager": may decide any rep's handoff. */
export const isManager = (u: User): boolean => u.team === 'sales' && u.role === 'owner';

/** The acting user: `actorId` when a caller (the CLI's --as) names one, else the current user. */
export function mustBeSomeone(db: Db, actorId?: string): User {
  const u = actorId ? getUser(db, actorId) : currentUser(db);
  if (!u) throw new AppError('forbidden', 'No current user: choose who you are before deciding handoffs.');
  return u;
}

export function mustGetRecord(db: Db, id: string): HandoffRecord {
  const h = getRecord(db, id);
  if (!h) throw new AppError('not_found', `No handoff with id ${id}.`);
  return h;
}

/** The rep the handoff belongs to, or a sales owner, may act on it; an unassigned one is anyone's. */
export function mustMayAct(h: HandoffRecord, u: User, verb: string): void {
  if (h.rep_id !== null && h.rep_id !== u.id && !isManager(u)) {
    throw new AppError(
      'forbidden',
      `This handoff of ${h.lead_name} belongs to ${h.rep_name ?? 'another rep'}; only they or a sales owner can ${verb} it.`,
    );
  }
}

const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

function slaFor(db: Db, versionId: string | null, at: number): number {
  const v = (versionId ? getVersion(db, versionId) : null) ?? (() => {
    const active = activeVersionId(db);
    return active ? getVersion(db, active) : null;
  })();
  return slaDueAt(at, v?.slaHours ?? 48, v?.slaBusinessHours ?? false, slaCalendar(db));
}

function rerouteTarget(db: Db, h: HandoffRecord, repId: string | undefined): User {
  if (repId !== undefined) {
    const u = getUser(db, repId);
    if (!u) throw new AppError('not_found', `No user with id ${repId} to reroute to.`);
    if (u.team !== 'sales') throw new AppError('validation', `${u.name} is not in the sales team; reroute to a sales rep.`);
    if (u.id === h.rep_id) throw new AppError('validation', `This handoff is already ${u.name}'s; choose another rep to reroute to.`);
    return u;
  }
  const owner = listUsers(db).find((u) => u.team === 'sales' && u.role === 'owner' && u.id !== h.rep_id);
  if (!owner) throw new AppError('validation', 'Choose a rep to reroute to: this workspace has no other sales owner to send it to.');
  return owner;
}

/** Decide one pending handoff inside the caller's transaction. */
function decideOne(db: Db, h: HandoffRecord, d: Decision, u: User, at: number): void {
  if (h.decision !== 'pending') {
    throw new AppError(
      'conflict',
      `The handoff of ${h.lead_name} was already ${h.decision}${h.decided_by_name ? ` by ${h.decided_by_name}` : ''} on ${day(h.decided_at ?? at)}.`,
    );
  }
  mustMayAct(h, u, 'decide');
  const from = h.lead_stage;
  const comment = d.comment ? d.comment : null;
  if (d.decision === 'accept') {
    const to = moveStage(from, 'accept');
    w.markDecided(db, h.id, { decision: 'accepted', at, by: u.id, reasonId: null, action: null, comment, reopenAt: null, stageBefore: from });
    w.insertStageEvent(db, { leadId: h.lead_id, from, to, at, by: u.id, why: comment ? `Accepted: ${comment}` : 'Accepted', handoffId: h.id });
    w.setLeadStage(db, h.lead_id, to, at);
    appendAudit(db, { userId: u.id, entity: 'handoff', entityId: h.id, action: 'accept', after: { comment } }, at);
    return;
  }

  const reason = getReason(db, d.reasonId);
  if (!reason) throw new AppError('not_found', `No rejection reason with id ${d.reasonId}.`);
  if (!reason.active) throw new AppError('validation', `"${reason.label}" is no longer in use (inactive); choose another reason.`);
  if (reason.commentRequired && !comment) throw new AppError('validation', `"${reason.label}" needs a comment saying why.`);
  if (d.rerouteToRepId !== undefined && reason.action !== 'reroute') {
    throw new AppError('validation', `"${reason.label}" does not reroute (it would ${reason.action}); leave out the rep to reroute to.`);
  }
  let reopenAt: number | null = null;
  if (reason.action === 'recycle') {
    if (reason.reopenKind !== null && d.reopenAt === undefined) {
      const what = reason.reopenKind === 'renewal' ? 'the renewal date of what they use now' : 'a date to re-open the lead';
      throw new AppError('validation', `"${reason.label}" recycles the lead until a date: give ${what}.`);
    }
    if (d.reopenAt !== undefined && d.reopenAt < at) {
      throw new AppError('validation', `The re-open date ${day(d.reopenAt)} is in the past; choose a later date.`);
    }
    reopenAt = d.reopenAt ?? at + DEFAULT_NURTURE_DAYS * DAY;
  } else if (d.reopenAt !== undefined) {
    throw new AppError('validation', `A re-open date only applies when the reason recycles; "${reason.label}" would ${reason.action}.`);
  }
  const target = reason.action === 'reroute' ? rerouteTarget(db, h, d.rerouteToRepId) : null;

  const rejected = moveStage(from, 'reject');
  const move = reason.action === 'disqualify' ? 'disqualify' : reason.action === 'recycle' ? 'recycle' : 'reroute';
  const to = moveStage(rejected, move);
  w.markDecided(db, h.id, { decision: 'rejected', at, by: u.id, reasonId: reason.id, action: reason.action, comment, reopenAt, stageBefore: from });
  const label = comment ? `${reason.label}: ${comment}` : reason.label;
  w.insertStageEvent(db, { leadId: h.lead_id, from, to: rejected, at, by: u.id, why: label, handoffId: h.id });
  let newHandoff: string | null = null;
  if (target) {
    newHandoff = w.insertHandoff(db, {
      leadId: h.lead_id,
      versionId: h.version_id,
      score: h.score_at_handoff,
      level: h.level,
      at,
      repId: target.id,
      slaDueAt: slaFor(db, h.version_id, at),
      reroutedFromId: h.id,
    });
    w.insertStageEvent(db, { leadId: h.lead_id, from: rejected, to, at, by: u.id, why: `Rerouted to ${target.name}`, handoffId: newHandoff });
    w.setLeadStage(db, h.lead_id, to, at, target.id);
  } else {
    const why = move === 'disqualify' ? `Disqualified: ${reason.label}` : `Back to nurture until ${day(reopenAt!)}`;
    w.insertStageEvent(db, { leadId: h.lead_id, from: rejected, to, at, by: u.id, why, handoffId: h.id });
    w.setLeadStage(db, h.lead_id, to, at);
  }
  appendAudit(
    db,
    { userId: u.id, entity: 'handoff', entityId: h.id, action: 'reject', after: { reason: reason.code, action: reason.action, comment, reopenAt, reroutedTo: target?.id ?? null, newHandoff } },
    at,
  );
}

export function decide(db: Db, id: string, d: Decision, at = now(), actorId?: string): HandoffRecord {
  return db.transaction(() => {
    const u = mustBeSomeone(db, actorId);
    decideOne(db, mustGetRecord(db, id), d, u, at);
    return mustGetRecord(db, id);
  })();
}

/** All or nothing: one refused handoff refuses the whole batch, naming it. */
export function decideMany(db: Db, ids: readonly string[], d: Decision, at = now()): number {
  if (new Set(ids).size !== ids.length) throw new AppError('validation', 'Each handoff may appear once in a bulk decision.');
  return db.transaction(() => {
    const u = mustBeSomeone(db);
    ids.forEach((id, i) => {
      const h = getRecord(db, id);
      if (!h) throw new AppError('not_found', `Handoff ${i + 1} of ${ids.length}: no handoff with id ${id}; nothing was decided.`);
      try {
        decideOne(db, h, d, u, at);
      } catch (e) {
        if (e instanceof AppError) {
          throw new AppError(e.kind, `Handoff ${i + 1} of ${ids.length} (${h.lead_name}): ${e.message} Nothing was decided.`, e.details);
        }
        throw e;
      }
    });
    return ids.length;
  })();
}

/** The stage a decision left the lead in, to check nothing moved it since. */
function stageAfter(h: HandoffRecord): Stage {
  if (h.decision === 'accepted') return 'sal';
  return h.action === 'disqualify' ? 'disqualified' : h.action === 'recycle' ? 'recycled' : 'mql';
}

export function undo(db: Db, id: string, at = now()): HandoffRecord {
  return db.transaction(() => {
    const u = mustBeSomeone(db);
    undoOne(db, mustGetRecord(db, id), u, at);
    return mustGetRecord(db, id);
  })();
}

/** Undo several decisions (a bulk one) together: one refused handoff refuses them all. */
export function undoMany(db: Db, ids: readonly string[], at = now()): number {
  if (new Set(ids).size !== ids.length) throw new AppError('validation', 'Each handoff may appear once in a bulk undo.');
  return db.transaction(() => {
    const u = mustBeSomeone(db);
    ids.forEach((id, i) => {
      const h = getRecord(db, id);
      if (!h) throw new AppError('not_found', `Handoff ${i + 1} of ${ids.length}: no handoff with id ${id}; nothing was undone.`);
      try {
        undoOne(db, h, u, at);
      } catch (e) {
        if (e instanceof AppError) throw new AppError(e.kind, `Handoff ${i + 1} of ${ids.length} (${h.lead_name}): ${e.message} Nothing was undone.`, e.details);
        throw e;
      }
    });
    return ids.length;
  })();
}

function undoOne(db: Db, h: HandoffRecord, u: User, at: number): void {
  if (h.decision === 'pending') throw new AppError('conflict', `The handoff of ${h.lead_name} is not decided; there is nothing to undo.`);
  if (h.decided_by !== u.id) {
    throw new AppError('forbidden', `Only ${h.decided_by_name ?? 'the rep who decided'} can undo this decision.`);
  }
  if (h.decided_at === null || at - h.decided_at > UNDO_WINDOW_MS) {
    throw new AppError('conflict', `The ${UNDO_WINDOW_MS / 1000}-second undo window for ${h.lead_name} has passed.`);
  }
  if (h.stage_before === null) throw new AppError('conflict', 'This decision was imported; it cannot be undone here.');
  const expected = stageAfter(h);
  if (h.lead_stage !== expected) {
    throw new AppError('conflict', `${h.lead_name} has moved on since (now "${h.lead_stage}"); the decision can no longer be undone.`);
  }
  for (const r of w.reroutedFrom(db, h.id)) {
    if (r.decision !== 'pending') throw new AppError('conflict', 'The rerouted handoff was already decided; undo that decision first.');
    w.softDeleteHandoff(db, r.id, at);
  }
  w.markPendingAgain(db, h.id, at);
  const what = h.decision === 'accepted' ? 'acceptance' : `rejection (${h.reason_label ?? 'reason'})`;
  w.insertStageEvent(db, { leadId: h.lead_id, from: h.lead_stage, to: h.stage_before, at, by: u.id, why: `Undo ${what}`, handoffId: h.id });
  w.setLeadStage(db, h.lead_id, h.stage_before, at, h.action === 'reroute' ? h.rep_id : undefined);
  appendAudit(db, { userId: u.id, entity: 'handoff', entityId: h.id, action: 'undo', before: { decision: h.decision, reason: h.reason_id, comment: h.comment } }, at);
}
