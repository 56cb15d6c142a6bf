import type { Db } from '../db/connection.js';
import { appendAudit } from '../db/audit.repo.js';
import { activeVersionId, getVersion, listRules, listVersions } from '../db/criteria.repo.js';
import { newId, now } from '../db/ids.js';
import * as repo from '../db/reviews.repo.js';
import { getUser } from '../db/users.repo.js';
import {
  ActionItemSchema,
  AgendaItemSchema,
  EvidenceSchema,
  type ActionItem,
  type AgendaItem,
  type Candidate,
  type Evidence,
  type Proposal,
  type Review,
  type ReviewSummary,
} from '../../shared/contracts/reviews.js';
import { candidatesFrom, moveTo, rejectionReasons } from '../../shared/domain/review-agenda.js';
import { diffVersions } from '../../shared/domain/versions.js';
import { AppError } from '../../shared/errors.js';
import { z } from 'zod';
import { draftAgenda } from './review-agenda.js';
import { current as currentUser } from './users.js';

/** The quarterly criteria review: the review row, its agenda, attendees, action items and decisions. */

const Agenda = z.array(AgendaItemSchema);
const Actions = z.array(ActionItemSchema);
const Ids = z.array(z.string());

function parseJson<T>(schema: z.ZodType<T>, text: string | null, fallback: T): T {
  if (!text) return fallback;
  try {
    const r = schema.safeParse(JSON.parse(text));
    return r.success ? r.data : fallback;
  } catch {
    return fallback;
  }
}

export function audit(db: Db, reviewId: string, action: string, after?: unknown): void {
  appendAudit(db, { userId: currentUser(db)?.id ?? null, entity: 'review', entityId: reviewId, action, after });
}

function row(db: Db, id: string): repo.ReviewRow {
  const r = repo.getReview(db, id);
  if (!r) throw new AppError('not_found', `No review with id ${id}.`);
  return r;
}

const agendaOf = (r: repo.ReviewRow): AgendaItem[] => parseJson(Agenda, r.agenda, []);
const actionsOf = (r: repo.ReviewRow): ActionItem[] => parseJson(Actions, r.decisions, []);

/**
 * The version a proposal is set against: the one its backtest compared it with (by id, else by
 * number in evidence kept before the id was), else the active one, else the one it was cloned from.
 */
function comparedWith(db: Db, versionId: string, evidence: Evidence | null): ReturnType<typeof getVersion> {
  const b = evidence?.backtest;
  const byId = b?.baselineId ? getVersion(db, b.baselineId) : null;
  if (byId) return byId;
  const byNumber = b?.baselineNumber != null ? listVersions(db).find((v) => v.number === b.baselineNumber) : undefined;
  if (byNumber) return byNumber;
  const active = activeVersionId(db);
  if (active && active !== versionId) return getVersion(db, active);
  const parentId = getVersion(db, versionId)?.parentId;
  return parentId ? getVersion(db, parentId) : null;
}

/** What the proposal's version changes against the version it is set against, from both as they are now. */
function changesOf(db: Db, versionId: string, evidence: Evidence | null): Proposal['changes'] {
  const v = getVersion(db, versionId);
  const from = v ? comparedWith(db, versionId, evidence) : null;
  if (!v || !from || from.id === v.id) return null;
  const diff = diffVersions({ ...from, rules: listRules(db, from.id) }, { ...v, rules: listRules(db, v.id) });
  return { from: { id: from.id, number: from.number, name: from.name }, diff };
}

function toProposal(db: Db, p: repo.ProposalRow, opts: { changes?: boolean } = {}): Proposal {
  const v = getVersion(db, p.version_id);
  const evidence = parseJson(EvidenceSchema.nullable(), p.backtest, null);
  return {
    id: p.id,
    reviewId: p.review_id,
    title: p.title,
    version: v
      ? { id: v.id, number: v.number, name: v.name, status: v.status, approvals: v.approvals.filter((a) => a.decision === 'approve').length }
      : { id: p.version_id, number: 0, name: '(deleted)', status: 'retired', approvals: 0 },
    evidence,
    changes: opts.changes === false ? null : changesOf(db, p.version_id, evidence),
    decision: p.decision,
    decisionReason: p.decision_reason,
    createdAt: p.created_at,
  };
}

/** Rejection patterns of the agenda's snapshot, each marked with the proposal made from it, if any. */
export function candidatesOf(agenda: readonly AgendaItem[], proposals: readonly Proposal[]): Candidate[] {
  const made = (key: string) => proposals.find((p) => p.evidence?.candidateKey === key)?.id ?? null;
  return candidatesFrom(rejectionReasons(agenda)).map((c) => ({
    ...c,
    proposalId: made(c.key),
    alternative: c.alternative ? { ...c.alternative, proposalId: made(c.alternative.key) } : null,
  }));
}

function resulting(db: Db, id: string | null): Review['resultingVersion'] {
  const v = id ? getVersion(db, id) : null;
  return v ? { id: v.id, number: v.number, name: v.name, status: v.status } : null;
}

export function get(db: Db, id: string): Review {
  const r = row(db, id);
  const agenda = agendaOf(r);
  const proposals = repo.listProposals(db, id).map((p) => toProposal(db, p));
  const attendees = parseJson(Ids, r.attendees, []).flatMap((uid) => {
    const u = getUser(db, uid);
    return u ? [{ id: u.id, name: u.name, team: u.team }] : [];
  });
  return {
    id: r.id,
    quarter: r.quarter,
    status: r.status,
    heldOn: r.held_on,
    attendees,
    agenda,
    actions: actionsOf(r).map((a) => ({ ...a, ownerName: a.ownerId ? (getUser(db, a.ownerId)?.name ?? null) : null })),
    proposals,
    candidates: candidatesOf(agenda, proposals),
    resultingVersion: resulting(db, r.resulting_version_id),
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

export function list(db: Db): ReviewSummary[] {
  return repo.listReviews(db).map((r) => {
    // The list shows decisions only: no diffs to work out.
    const proposals = repo.listProposals(db, r.id).map((p) => toProposal(db, p, { changes: false }));
    return {
      id: r.id,
      quarter: r.quarter,
      status: r.status,
      heldOn: r.held_on,
      resultingVersion: resulting(db, r.resulting_version_id),
      createdAt: r.created_at,
      proposals: proposals.length,
      decisions: proposals.flatMap((p) => (p.decision ? [{ title: p.title, decision: p.decision, versionNumber: p.version.number }] : [])),
    };
  });
}

/** One click: a review for the quarter with its agenda drafted from the data as it is now. */
export function create(db: Db, quarter: string, at = now()): Review {
  return db.transaction(() => {
    if (repo.reviewIdForQuarter(db, quarter)) throw new AppError('conflict', `There is already a review for ${quarter}; open it from the list.`);
    const id = repo.insertReview(db, { quarter, agenda: JSON.stringify(draftAgenda(db, quarter, at)) }, at);
    audit(db, id, 'create', { quarter });
    return get(db, id);
  })();
}

function mustBeOpen(r: repo.ReviewRow): void {
  if (r.status === 'closed') throw new AppError('conflict', `The ${r.quarter} review is closed; reopen it to change it.`);
}

function editAgenda(db: Db, id: string, action: string, edit: (agenda: AgendaItem[]) => AgendaItem[], detail: unknown): Review {
  return db.transaction(() => {
    const r = row(db, id);
    mustBeOpen(r);
    repo.updateReview(db, id, { agenda: JSON.stringify(edit(agendaOf(r))) });
    audit(db, id, action, detail);
    return get(db, id);
  })();
}

function indexOf(agenda: readonly AgendaItem[], itemId: string): number {
  const i = agenda.findIndex((x) => x.id === itemId);
  if (i < 0) throw new AppError('not_found', `The agenda has no item ${itemId}.`);
  return i;
}

export const moveItem = (db: Db, id: string, itemId: string, to: number): Review =>
  editAgenda(db, id, 'agenda move', (a) => moveTo(a, indexOf(a, itemId), to), { itemId, to });

export const removeItem = (db: Db, id: string, itemId: string): Review =>
  editAgenda(db, id, 'agenda remove', (a) => a.filter((_, i) => i !== indexOf(a, itemId)), { itemId });

export const addItem = (db: Db, id: string, title: string): Review =>
  editAgenda(db, id, 'agenda add', (a) => [...a, { id: newId(), title, data: { kind: 'custom' }, note: '' }], { title });

export const setNote = (db: Db, id: string, itemId: string, note: string): Review =>
  editAgenda(db, id, 'note', (a) => (indexOf(a, itemId), a.map((x) => (x.id === itemId ? { ...x, note } : x))), { itemId, note });

export function setAttendees(db: Db, id: string, userIds: readonly string[]): Review {
  return db.transaction(() => {
    const r = row(db, id);
    mustBeOpen(r);
    const unique = [...new Set(userIds)];
    const missing = unique.find((u) => !getUser(db, u));
    if (missing) throw new AppError('not_found', `No user with id ${missing}.`);
    repo.updateReview(db, id, { attendees: JSON.stringify(unique) });
    audit(db, id, 'attendees', { userIds: unique });
    return get(db, id);
  })();
}

const MOVES: Record<repo.ReviewRow['status'], readonly repo.ReviewRow['status'][]> = {
  planned: ['in_progress'],
  in_progress: ['closed', 'planned'],
  closed: ['in_progress'],
};

/** Start the meeting (sets the day it is held), close it, or reopen it. */
export function setStatus(db: Db, id: string, status: repo.ReviewRow['status'], at = now()): Review {
  return db.transaction(() => {
    const r = row(db, id);
    if (r.status === status) return get(db, id);
    if (!MOVES[r.status].includes(status)) throw new AppError('conflict', `A ${r.status.replace('_', ' ')} review cannot be set to ${status.replace('_', ' ')}.`);
    repo.updateReview(db, id, { status, ...(status === 'in_progress' && r.held_on === null ? { heldOn: at } : {}) });
    audit(db, id, `status ${status}`);
    return get(db, id);
  })();
}

function editActions(db: Db, id: string, action: string, edit: (list: ActionItem[]) => ActionItem[], detail: unknown): Review {
  return db.transaction(() => {
    const r = row(db, id);
    mustBeOpen(r);
    repo.updateReview(db, id, { decisions: JSON.stringify(edit(actionsOf(r))) });
    audit(db, id, action, detail);
    return get(db, id);
  })();
}

export function addAction(db: Db, id: string, a: { text: string; ownerId: string | null; dueOn: number | null }): Review {
  if (a.ownerId && !getUser(db, a.ownerId)) throw new AppError('not_found', `No user with id ${a.ownerId}.`);
  return editActions(db, id, 'action add', (l) => [...l, { id: newId(), text: a.text, ownerId: a.ownerId, dueOn: a.dueOn, done: false }], a);
}

function actionIndex(list: readonly ActionItem[], actionId: string): number {
  const i = list.findIndex((x) => x.id === actionId);
  if (i < 0) throw new AppError('not_found', `The review has no action item ${actionId}.`);
  return i;
}

export const setActionDone = (db: Db, id: string, actionId: string, done: boolean): Review =>
  editActions(db, id, done ? 'action done' : 'action reopened', (l) => (actionIndex(l, actionId), l.map((x) => (x.id === actionId ? { ...x, done } : x))), { actionId });

export const removeAction = (db: Db, id: string, actionId: string): Review =>
  editActions(db, id, 'action remove', (l) => l.filter((_, i) => i !== actionIndex(l, actionId)), { actionId });

