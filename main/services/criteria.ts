import type { Db } from '../db/connection.js';
import { appendAudit } from '../db/audit.repo.js';
import * as repo from '../db/criteria.repo.js';
import { newId, now } from '../db/ids.js';
import type { VersionDetail } from '../../shared/contracts/criteria.js';
import { LevelsSchema, RuleSchema, type Level } from '../../shared/domain/criteria.js';
import { approvalState, diffVersions, isEditable, VERSION_MOVES, type VersionDiff } from '../../shared/domain/versions.js';
import { parseVersionFile, toMarkdown, toVersionFile } from '../../shared/domain/version-export.js';
import { AppError, describeIssues } from '../../shared/errors.js';
import { withCountryCodes } from '../../shared/domain/rule-country.js';
import { current as currentUser } from './users.js';

export function get(db: Db, id: string): VersionDetail {
  const v = repo.getVersion(db, id);
  if (!v) throw new AppError('not_found', `No criteria version with id ${id}.`);
  return { ...v, rules: repo.listRules(db, id) };
}

export const list = repo.listVersions;

function mustBeDraft(v: VersionDetail): void {
  if (!isEditable(v.status)) {
    throw new AppError('conflict', `Version ${v.number} is ${v.status} and read-only; clone it to a new draft to change it.`);
  }
}

function checkLevels(levels: Level[]): Level[] {
  const parsed = LevelsSchema.safeParse(levels);
  if (!parsed.success) throw new AppError('validation', `Invalid MQL levels: ${describeIssues(parsed.error.issues)}`);
  return parsed.data;
}

function audit(db: Db, versionId: string, action: string, before?: unknown, after?: unknown): void {
  appendAudit(db, { userId: currentUser(db)?.id ?? null, entity: 'criteria_version', entityId: versionId, action, before, after });
}

const DEFAULT_LEVELS: Level[] = [
  { name: 'MQL-A', threshold: 70 },
  { name: 'MQL-B', threshold: 40 },
];

/** A new draft, empty or cloned from any version (rules get new ids so versions never share rows). */
export function createDraft(db: Db, input: { fromId?: string; name: string }): VersionDetail {
  return db.transaction(() => {
    const from = input.fromId ? get(db, input.fromId) : null;
    const id = repo.insertVersion(db, {
      name: input.name,
      levels: from?.levels ?? DEFAULT_LEVELS,
      slaHours: from?.slaHours ?? 48,
      slaBusinessHours: from?.slaBusinessHours ?? false,
      rationale: '',
      parentId: from?.id ?? null,
      createdBy: currentUser(db)?.id ?? null,
    });
    from?.rules.forEach((r, i) => repo.upsertRule(db, id, { ...r, id: newId() }, i));
    const created = get(db, id);
    audit(db, id, from ? `clone of v${from.number}` : 'create', undefined, { number: created.number, name: created.name });
    return created;
  })();
}

export function updateDraft(
  db: Db,
  id: string,
  patch: { name?: string; levels?: Level[]; slaHours?: number; slaBusinessHours?: boolean; rationale?: string },
): VersionDetail {
  return db.transaction(() => {
    const before = get(db, id);
    mustBeDraft(before);
    const levels = patch.levels ? checkLevels(patch.levels) : undefined;
    repo.updateVersionFields(db, id, { ...patch, ...(levels ? { levels } : {}) });
    const after = get(db, id);
    audit(db, id, 'update', before, after);
    return after;
  })();
}

export function saveRule(db: Db, versionId: string, draft: Record<string, unknown>): VersionDetail {
  return db.transaction(() => {
    const v = get(db, versionId);
    mustBeDraft(v);
    const isNew = typeof draft.id !== 'string' || !v.rules.some((r) => r.id === draft.id);
    const parsed = RuleSchema.safeParse({ ...draft, id: isNew ? newId() : draft.id });
    if (!parsed.success) {
      const label = typeof draft.label === 'string' && draft.label ? `"${draft.label}"` : 'the rule';
      throw new AppError('validation', `Invalid rule ${label}: ${describeIssues(parsed.error.issues)}`, parsed.error.issues);
    }
    const rule = withCountryCodes(parsed.data);
    const position = isNew ? v.rules.length : v.rules.findIndex((r) => r.id === rule.id);
    repo.upsertRule(db, versionId, rule, position);
    audit(db, versionId, isNew ? 'rule added' : 'rule changed', isNew ? undefined : v.rules[position], rule);
    return get(db, versionId);
  })();
}

export function removeRule(db: Db, versionId: string, ruleId: string): VersionDetail {
  return db.transaction(() => {
    const v = get(db, versionId);
    mustBeDraft(v);
    const rule = v.rules.find((r) => r.id === ruleId);
    if (!rule || repo.softDeleteRule(db, versionId, ruleId) === 0) {
      throw new AppError('not_found', `Version ${v.number} has no rule ${ruleId}.`);
    }
    audit(db, versionId, 'rule removed', rule);
    return get(db, versionId);
  })();
}

function move(db: Db, id: string, action: keyof typeof VERSION_MOVES): VersionDetail {
  const v = get(db, id);
  const m = VERSION_MOVES[action]!;
  if (!m.from.includes(v.status)) {
    const need = m.from.join(' or ');
    const done = action === 'propose' ? 'proposed' : action === 'withdraw' ? 'withdrawn' : `${action}d`;
    throw new AppError('conflict', `Version ${v.number} is ${v.status}; only ${/^[aeiou]/.test(need) ? 'an' : 'a'} ${need} version can be ${done}.`);
  }
  return v;
}

export function propose(db: Db, id: string): VersionDetail {
  return db.transaction(() => {
    const v = move(db, id, 'propose');
    if (!v.rules.some((r) => r.kind === 'fit' || r.kind === 'engagement')) {
      throw new AppError('validation', `Version ${v.number} has no fit or engagement rule; add one before proposing it.`);
    }
    checkLevels(v.levels);
    repo.voidApprovals(db, id);
    repo.setVersionStatus(db, id, 'proposed');
    audit(db, id, 'propose');
    return get(db, id);
  })();
}

/** An owner of marketing or of sales signs (or rejects) a proposed version for their team. */
export function decide(db: Db, id: string, decision: 'approve' | 'reject', comment?: string): VersionDetail {
  return db.transaction(() => {
    const user = currentUser(db);
    if (!user) throw new AppError('forbidden', 'Pick who you are (Settings → current user) before approving.');
    if (user.role !== 'owner' || user.team === 'ops') {
      throw new AppError('forbidden', `${user.name} is not an owner of marketing or sales, so cannot ${decision} criteria.`);
    }
    const team = user.team;
    const v = move(db, id, 'approve');
    if (v.approvals.some((a) => a.team === team && a.decision === 'approve')) {
      throw new AppError('conflict', `Version ${v.number} is already approved for ${team}; it now needs the other team.`);
    }
    if (decision === 'reject' && !comment?.trim()) {
      throw new AppError('validation', 'Say why you reject this version (the comment is required).');
    }
    repo.insertApproval(db, { versionId: id, userId: user.id, team, decision, comment: comment?.trim() || null });
    const after = get(db, id);
    if (decision === 'reject') repo.setVersionStatus(db, id, 'draft');
    else if (approvalState(after.approvals).complete) repo.setVersionStatus(db, id, 'approved');
    audit(db, id, `${decision} (${team})`, undefined, { comment: comment ?? null });
    return get(db, id);
  })();
}

/**
 * Put an approved version live on a date (today or later). Going live now retires the active one in
 * the same transaction; a future date is kept until `promoteDue` runs on or after it.
 */
export function activate(db: Db, id: string, effectiveFrom?: number, at = now()): VersionDetail {
  return db.transaction(() => {
    move(db, id, 'activate');
    const from = effectiveFrom ?? at;
    if (from < at - 60_000) throw new AppError('validation', 'A version goes live today or later, not in the past.');
    const scheduled = repo
      .listVersions(db)
      .find((o) => o.id !== id && o.status === 'approved' && o.effectiveFrom !== null);
    if (scheduled) {
      throw new AppError('conflict', `Version ${scheduled.number} is already scheduled to go live; only one version can be activated at a time.`);
    }
    repo.setVersionStatus(db, id, 'approved', { effectiveFrom: from });
    audit(db, id, 'schedule', undefined, { effectiveFrom: from });
    promoteDue(db, at);
    return get(db, id);
  })();
}

/** Make the scheduled version live once its date has come; returns the id that went live, if any. */
export function promoteDue(db: Db, at = now()): string | null {
  return db.transaction(() => {
    const due = repo.listVersions(db).find((v) => v.status === 'approved' && v.effectiveFrom !== null && v.effectiveFrom <= at);
    if (!due) return null;
    const active = repo.activeVersionId(db);
    if (active) {
      repo.setVersionStatus(db, active, 'retired', { effectiveTo: due.effectiveFrom });
      audit(db, active, 'retire');
    }
    repo.setVersionStatus(db, due.id, 'active');
    audit(db, due.id, 'activate');
    return due.id;
  })();
}

export function diff(db: Db, fromId: string, toId: string): VersionDiff {
  return diffVersions(get(db, fromId), get(db, toId));
}

export function exportVersion(db: Db, id: string, format: 'json' | 'markdown'): { filename: string; content: string } {
  const v = get(db, id);
  const slug = v.name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'criteria';
  if (format === 'json') {
    return { filename: `criteria-v${v.number}-${slug}.json`, content: JSON.stringify(toVersionFile(v), null, 2) + '\n' };
  }
  const fmt = (ms: number) => new Date(ms).toISOString().slice(0, 10);
  return { filename: `criteria-v${v.number}-${slug}.md`, content: toMarkdown(v, fmt) };
}

/** A version file becomes a new draft, or nothing at all: the first bad rule is named in the error. */
export function importVersion(db: Db, text: string): VersionDetail {
  const parsed = parseVersionFile(text);
  if (!parsed.ok) throw new AppError('validation', `Cannot import this criteria file. ${parsed.message}`);
  const { file, rules } = parsed;
  return db.transaction(() => {
    const id = repo.insertVersion(db, {
      name: file.name,
      levels: file.levels,
      slaHours: file.slaHours,
      slaBusinessHours: file.slaBusinessHours,
      rationale: file.rationale,
      parentId: null,
      createdBy: currentUser(db)?.id ?? null,
    });
    rules.forEach((r, i) => repo.upsertRule(db, id, withCountryCodes({ ...r, id: newId() }), i));
    audit(db, id, 'import', undefined, { name: file.name, rules: rules.length });
    return get(db, id);
  })();
}

export function byNumber(db: Db, number: number): VersionDetail {
  const v = repo.listVersions(db).find((x) => x.number === number);
  if (!v) throw new AppError('not_found', `No criteria version ${number}.`);
  return get(db, v.id);
}
