import type { Db } from '../db/connection.js';
import { appendAudit } from '../db/audit.repo.js';
import { acceptForOutcome, pendingHandoffsOf } from '../db/handoffs-write.repo.js';
import { newId, now } from '../db/ids.js';
import { lossReasonIdFor, outcomeIdFor } from '../sync/ids.js';
import * as repo from '../db/outcomes.repo.js';
import type { Stage } from '../../shared/contracts/common.js';
import {
  LossReasonDraftSchema,
  OutcomeListInputSchema,
  outcomeIssues,
  type LeadRef,
  type OutcomeDraft,
  type OutcomeListInput,
  type OutcomePatch,
  type OutcomeRow,
  OutcomeDraftSchema,
  OutcomePatchSchema,
} from '../../shared/contracts/outcomes.js';
import type { LossReason } from '../../shared/contracts/reasons.js';
import { AppError } from '../../shared/errors.js';
import { canMove } from '../../shared/domain/stage-machine.js';
import { current as currentUser } from './users.js';
import type { z } from 'zod';

export function list(db: Db, input: OutcomeListInput) {
  const q = OutcomeListInputSchema.parse(input);
  return { ...repo.listOutcomes(db, q), total: repo.countOutcomes(db, q.filters) };
}

export function get(db: Db, id: string): OutcomeRow {
  const row = repo.getOutcomeRow(db, id);
  if (!row) throw new AppError('not_found', `No outcome ${id}.`);
  return row;
}

function resolveLead(db: Db, ref: LeadRef): repo.LeadStageRef {
  if (ref.id) {
    const l = repo.leadById(db, ref.id);
    if (!l) throw new AppError('not_found', `No lead with id ${ref.id}.`);
    return l;
  }
  if (ref.externalId) {
    const l = repo.leadByExternalId(db, ref.externalId);
    if (!l) throw new AppError('not_found', `No lead with external id "${ref.externalId}".`, { path: 'lead', code: 'no_lead' });
    return l;
  }
  const found = repo.leadsByEmail(db, ref.email!);
  if (found.length === 0) throw new AppError('not_found', `No lead with email ${ref.email}.`, { path: 'lead', code: 'no_lead' });
  if (found.length > 1)
    throw new AppError('validation', `More than one lead has the email ${ref.email}; name the lead by its id or external id.`, {
      path: 'lead',
      code: 'ambiguous_lead',
    });
  return found[0]!;
}

function checkLossReason(db: Db, id: string | null, unchangedFrom: string | null): void {
  if (id === null || id === unchangedFrom) return;
  const state = repo.lossReasonUsable(db, id);
  if (state === 'missing') throw new AppError('not_found', `No loss reason ${id}.`, { path: 'lossReasonId' });
  if (state === 'inactive')
    throw new AppError('validation', 'That loss reason is deactivated; choose an active one.', { path: 'lossReasonId' });
}

function checkExternalId(db: Db, externalId: string | null, selfId: string | null): void {
  if (externalId === null) return;
  const other = repo.outcomeIdByExternal(db, externalId);
  if (other && other !== selfId)
    throw new AppError('conflict', `Another outcome already has the opportunity id "${externalId}".`, { path: 'externalId' });
}

function validate(o: Parameters<typeof outcomeIssues>[0]): void {
  const issues = outcomeIssues(o);
  if (issues.length > 0)
    throw new AppError('validation', issues.map((i) => `${i.path}: ${i.message}`).join('; '), issues);
}

/**
 * A won or lost outcome moves its lead to won or lost, with a stage event. The stage machine's
 * `win`/`lose` moves cover leads in SQL or opportunity; an outcome recorded for a lead elsewhere in the
 * ladder (a small team logging a deal it never qualified here) is still a fact, so the lead moves and
 * the event says from where.
 */
function applyStage(db: Db, lead: repo.LeadStageRef, result: OutcomeRow['result'], at: number, userId: string | null): void {
  if (result === 'open') return;
  const to: Stage = result;
  if (lead.stage === to) return;
  const move = result === 'won' ? 'win' : 'lose';
  const why = canMove(lead.stage, move)
    ? `Closed ${result} (outcome recorded)`
    : `Outcome recorded as ${result} while the lead was ${lead.stage}`;
  repo.moveLeadStage(db, { id: newId(), leadId: lead.id, from: lead.stage, to, at, byUserId: userId, why });
}

function closePendingHandoffs(db: Db, lead: repo.LeadStageRef, outcomeId: string, at: number, userId: string | null): void {
  for (const h of pendingHandoffsOf(db, lead.id)) {
    acceptForOutcome(db, h.id, { at, by: userId, stageBefore: lead.stage, outcomeId, updatedAt: at });
  }
}

export function create(db: Db, input: OutcomeDraft): OutcomeRow {
  const d = OutcomeDraftSchema.parse(input);
  const at = now();
  const userId = currentUser(db)?.id ?? null;
  let id = newId();
  db.transaction(() => {
    const lead = resolveLead(db, d.lead);
    checkLossReason(db, d.lossReasonId, null);
    checkExternalId(db, d.externalId, null);
    // An opportunity id makes the outcome's id, as in an import, so the two converge when synced.
    if (d.externalId && !repo.outcomeIdTaken(db, outcomeIdFor(d.externalId))) id = outcomeIdFor(d.externalId);
    const write: repo.OutcomeWrite = {
      id,
      lead_id: lead.id,
      external_id: d.externalId,
      opened_at: d.openedAt,
      closed_at: d.closedAt,
      result: d.result,
      amount: d.amount,
      currency: d.currency,
      loss_reason_id: d.lossReasonId,
      competitor: d.competitor || null,
    };
    // The same deal entered twice (a double submit, or two people recording it) would count its revenue
    // twice; a second deal of a lead that looks identical needs its opportunity id to tell them apart.
    if (write.external_id === null && repo.sameManualOutcome(db, write))
      throw new AppError(
        'conflict',
        `This lead already has this ${d.result} outcome (same close date, amount and currency). Edit that one, or give this deal its opportunity id.`,
        { path: 'form', code: 'duplicate_outcome' },
      );
    repo.insertOutcome(db, write, at);
    applyStage(db, lead, d.result, at, userId);
    closePendingHandoffs(db, lead, id, at, userId);
    appendAudit(db, { userId, entity: 'outcome', entityId: id, action: 'create', after: write }, at);
  })();
  return get(db, id);
}

export function update(db: Db, id: string, input: OutcomePatch): OutcomeRow {
  const p: z.output<typeof OutcomePatchSchema> = OutcomePatchSchema.parse(input);
  const at = now();
  const userId = currentUser(db)?.id ?? null;
  db.transaction(() => {
    const before = repo.getOutcomeRecord(db, id);
    if (!before) throw new AppError('not_found', `No outcome ${id}.`);
    const lead = p.lead ? resolveLead(db, p.lead) : before.lead_id ? repo.leadById(db, before.lead_id) : null;
    const next: repo.OutcomeWrite = {
      id,
      lead_id: lead?.id ?? before.lead_id,
      external_id: p.externalId !== undefined ? p.externalId : before.external_id,
      opened_at: p.openedAt !== undefined ? p.openedAt : before.opened_at,
      closed_at: p.closedAt !== undefined ? p.closedAt : before.closed_at,
      result: p.result ?? before.result,
      amount: p.amount !== undefined ? p.amount : before.amount,
      currency: p.currency ?? before.currency,
      // A loss reason only belongs to a lost outcome: changing the result away from lost clears it.
      loss_reason_id:
        p.lossReasonId !== undefined ? p.lossReasonId : (p.result ?? before.result) === 'lost' ? before.loss_reason_id : null,
      competitor: p.competitor !== undefined ? p.competitor || null : before.competitor,
    };
    validate({ result: next.result, openedAt: next.opened_at, closedAt: next.closed_at, lossReasonId: next.loss_reason_id });
    checkLossReason(db, next.loss_reason_id, before.loss_reason_id);
    checkExternalId(db, next.external_id, id);
    repo.updateOutcome(db, next, at);
    if (lead && (next.result !== before.result || next.lead_id !== before.lead_id)) applyStage(db, lead, next.result, at, userId);
    if (lead) closePendingHandoffs(db, lead, id, at, userId);
    const { created_at: _c, updated_at: _u, deleted: _d, ...prev } = before;
    appendAudit(db, { userId, entity: 'outcome', entityId: id, action: 'update', before: prev, after: next }, at);
  })();
  return get(db, id);
}

/** Soft delete. The lead's stage is left as it is: the outcome's history stays in stage_events. */
export function remove(db: Db, id: string): { ok: true } {
  const at = now();
  db.transaction(() => {
    const before = repo.getOutcomeRecord(db, id);
    if (!before || repo.softDeleteOutcome(db, id, at) === 0) throw new AppError('not_found', `No outcome ${id}.`);
    appendAudit(db, { userId: currentUser(db)?.id ?? null, entity: 'outcome', entityId: id, action: 'delete', before }, at);
  })();
  return { ok: true };
}

// Loss reasons (the list itself is reasons:lossList)

function codeFor(label: string): string {
  const base =
    label
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '_')
      .replace(/^_+|_+$/g, '')
      .slice(0, 50) || 'reason';
  return base;
}

function lossReason(db: Db, id: string): LossReason {
  const r = repo.getLossReason(db, id);
  if (!r) throw new AppError('not_found', `No loss reason ${id}.`);
  return r;
}

export function createLossReason(db: Db, input: z.input<typeof LossReasonDraftSchema>): LossReason {
  const d = LossReasonDraftSchema.parse(input);
  const at = now();
  let id = '';
  db.transaction(() => {
    if (repo.lossReasonLabelTaken(db, d.label, null))
      throw new AppError('conflict', `A loss reason "${d.label}" already exists.`, { path: 'label' });
    let code = d.code ?? codeFor(d.label);
    if (repo.lossReasonCodeTaken(db, code)) {
      if (d.code) throw new AppError('conflict', `The code "${code}" is taken.`, { path: 'code' });
      let n = 2;
      while (repo.lossReasonCodeTaken(db, `${code}_${n}`)) n++;
      code = `${code}_${n}`;
    }
    // From the code, so one reason added on two laptops is one row when they sync.
    id = lossReasonIdFor(code);
    repo.insertLossReason(db, { id, code, label: d.label }, at);
    appendAudit(db, { userId: currentUser(db)?.id ?? null, entity: 'loss_reason', entityId: id, action: 'create', after: { code, label: d.label } }, at);
  })();
  return lossReason(db, id);
}

export function updateLossReason(db: Db, id: string, patch: { label?: string; active?: boolean }): LossReason {
  const at = now();
  db.transaction(() => {
    const before = lossReason(db, id);
    if (patch.label !== undefined && repo.lossReasonLabelTaken(db, patch.label, id))
      throw new AppError('conflict', `A loss reason "${patch.label}" already exists.`, { path: 'label' });
    repo.updateLossReason(db, id, patch, at);
    appendAudit(
      db,
      { userId: currentUser(db)?.id ?? null, entity: 'loss_reason', entityId: id, action: 'update', before: { label: before.label, active: before.active }, after: patch },
      at,
    );
  })();
  return lossReason(db, id);
}

export const deactivateLossReason = (db: Db, id: string): LossReason => updateLossReason(db, id, { active: false });
