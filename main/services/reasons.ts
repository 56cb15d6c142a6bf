import type { Db } from '../db/connection.js';
import { appendAudit } from '../db/audit.repo.js';
import * as repo from '../db/reasons.repo.js';
import type { LossReason, RejectionReason, RejectionReasonDraft } from '../../shared/contracts/reasons.js';
import { AppError } from '../../shared/errors.js';
import { current as currentUser, requireOwner } from './users.js';

/** The rejection-reason taxonomy (settings) and the loss reasons list. */

export const list = (db: Db, includeInactive = true): RejectionReason[] => repo.listReasons(db, includeInactive);
export const lossList = (db: Db, includeInactive = true): LossReason[] => repo.listLossReasons(db, includeInactive);

export function mustGet(db: Db, id: string): RejectionReason {
  const r = repo.getReason(db, id);
  if (!r) throw new AppError('not_found', `No rejection reason with id ${id}.`);
  return r;
}

function audit(db: Db, id: string, action: string, before?: unknown, after?: unknown): void {
  appendAudit(db, { userId: currentUser(db)?.id ?? null, entity: 'rejection_reason', entityId: id, action, before, after });
}

/** A stable code from the label: lower case words joined by "_", made unique with a number. */
function codeFor(db: Db, label: string): string {
  const base =
    label
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '_')
      .replace(/^_+|_+$/g, '')
      .slice(0, 40) || 'reason';
  let code = base;
  for (let i = 2; repo.codeTaken(db, code); i++) code = `${base}_${i}`;
  return code;
}

function checkFields(f: repo.ReasonFields): void {
  if (f.reopenKind !== null && f.action !== 'recycle') {
    throw new AppError('validation', `A re-open date only applies to reasons that recycle; "${f.label}" would ${f.action}.`);
  }
}

function labelFree(db: Db, label: string, exceptId: string | null): void {
  const clash = repo.listReasons(db, true).find((r) => r.id !== exceptId && r.label.toLowerCase() === label.toLowerCase());
  if (clash) throw new AppError('conflict', `A reason called "${clash.label}" already exists.`);
}

/** The taxonomy is the two teams' shared language for rejections (and every report splits by it): an owner's to change. */
const TAXONOMY = 'change the rejection reasons reps choose from';

export function create(db: Db, draft: RejectionReasonDraft): RejectionReason {
  const f: repo.ReasonFields = {
    label: draft.label.trim(),
    blame: draft.blame,
    action: draft.action,
    commentRequired: draft.commentRequired ?? false,
    reopenKind: draft.reopenKind ?? null,
    active: true,
  };
  checkFields(f);
  return db.transaction(() => {
    requireOwner(db, TAXONOMY);
    labelFree(db, f.label, null);
    const id = repo.insertReason(db, codeFor(db, f.label), f);
    const created = mustGet(db, id);
    audit(db, id, 'create', undefined, created);
    return created;
  })();
}

export function update(db: Db, id: string, patch: Partial<RejectionReasonDraft> & { active?: boolean }): RejectionReason {
  return db.transaction(() => {
    requireOwner(db, TAXONOMY);
    const before = mustGet(db, id);
    const f: repo.ReasonFields = {
      label: patch.label?.trim() ?? before.label,
      blame: patch.blame ?? before.blame,
      action: patch.action ?? before.action,
      commentRequired: patch.commentRequired ?? before.commentRequired,
      // Changing the action away from recycle drops a re-open kind unless the patch sets one.
      reopenKind: patch.reopenKind !== undefined ? patch.reopenKind : (patch.action ?? before.action) === 'recycle' ? before.reopenKind : null,
      active: patch.active ?? before.active,
    };
    checkFields(f);
    if (f.label !== before.label) labelFree(db, f.label, id);
    repo.updateReason(db, id, f);
    const after = mustGet(db, id);
    const action = patch.active === false && before.active ? 'deactivate' : patch.active === true && !before.active ? 'activate' : 'update';
    audit(db, id, action, before, after);
    return after;
  })();
}

/** Only a reason no handoff uses can go; one in use keeps the history readable and is deactivated instead. */
export function remove(db: Db, id: string): void {
  db.transaction(() => {
    requireOwner(db, TAXONOMY);
    const before = mustGet(db, id);
    if (before.usageCount > 0) {
      throw new AppError(
        'conflict',
        `"${before.label}" is used by ${before.usageCount} handoff${before.usageCount === 1 ? '' : 's'}; deactivate it instead of deleting it.`,
        { usageCount: before.usageCount },
      );
    }
    repo.softDeleteReason(db, id);
    audit(db, id, 'delete', before);
  })();
}

/** A new display order: the ids of every reason (active or not), each once. */
export function reorder(db: Db, ids: readonly string[]): RejectionReason[] {
  return db.transaction(() => {
    const live = new Set(repo.liveReasonIds(db));
    const given = new Set(ids);
    if (given.size !== ids.length) throw new AppError('validation', 'Each reason may appear once in the new order.');
    const unknown = ids.filter((id) => !live.has(id));
    if (unknown.length) throw new AppError('not_found', `No rejection reason with id ${unknown[0]}.`);
    const missing = [...live].filter((id) => !given.has(id));
    if (missing.length) throw new AppError('validation', `The new order leaves out ${missing.length} reason${missing.length === 1 ? '' : 's'}; list every reason.`);
    const before = repo.listReasons(db, true).map((r) => r.id);
    ids.forEach((id, i) => repo.setReasonPosition(db, id, i));
    audit(db, 'taxonomy', 'reorder', before, ids);
    return repo.listReasons(db, true);
  })();
}
