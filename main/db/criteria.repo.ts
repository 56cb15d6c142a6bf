import { z } from 'zod';
import type { Db } from './connection.js';
import { newId, now } from './ids.js';
import { LevelSchema, RuleSchema, type Level, type Rule } from '../../shared/domain/criteria.js';
import type { Approval, VersionSummary } from '../../shared/contracts/criteria.js';

interface VersionRecord {
  id: string;
  number: number;
  name: string;
  status: VersionSummary['status'];
  levels: string;
  sla_hours: number;
  sla_business_hours: number;
  rationale: string;
  effective_from: number | null;
  effective_to: number | null;
  parent_id: string | null;
  created_at: number;
  updated_at: number;
  rule_count: number;
}

interface RuleRecord {
  id: string;
  kind: Rule['kind'];
  label: string;
  field: string;
  operator: Rule['operator'];
  value: string;
  points: number;
  cap: number | null;
  decay_half_life_days: number | null;
  window_days: number | null;
}

const LevelsJson = z.array(LevelSchema);

const VERSION_SQL = `
  SELECT v.*, (SELECT count(*) FROM criteria_rules r WHERE r.version_id = v.id AND r.deleted = 0) AS rule_count
  FROM criteria_versions v WHERE v.deleted = 0`;

function approvalsFor(db: Db, versionIds: string[]): Map<string, Approval[]> {
  const out = new Map<string, Approval[]>();
  if (versionIds.length === 0) return out;
  const rows = db
    .prepare(
      `SELECT a.id, a.version_id, a.user_id, u.name AS user_name, a.team, a.decision, a.comment, a.at
       FROM approvals a JOIN users u ON u.id = a.user_id
       WHERE a.deleted = 0 AND a.version_id IN (SELECT value FROM json_each(?))
       ORDER BY a.at`,
    )
    .all(JSON.stringify(versionIds)) as {
    id: string;
    version_id: string;
    user_id: string;
    user_name: string;
    team: Approval['team'];
    decision: Approval['decision'];
    comment: string | null;
    at: number;
  }[];
  for (const r of rows) {
    const list = out.get(r.version_id) ?? [];
    list.push({ id: r.id, userId: r.user_id, userName: r.user_name, team: r.team, decision: r.decision, comment: r.comment, at: r.at });
    out.set(r.version_id, list);
  }
  return out;
}

const toSummary = (r: VersionRecord, approvals: Approval[]): VersionSummary => ({
  id: r.id,
  number: r.number,
  name: r.name,
  status: r.status,
  levels: LevelsJson.parse(JSON.parse(r.levels)),
  slaHours: r.sla_hours,
  slaBusinessHours: r.sla_business_hours === 1,
  rationale: r.rationale,
  effectiveFrom: r.effective_from,
  effectiveTo: r.effective_to,
  parentId: r.parent_id,
  ruleCount: r.rule_count,
  approvals,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

export function listVersions(db: Db): VersionSummary[] {
  const rows = db.prepare(`${VERSION_SQL} ORDER BY v.number DESC`).all() as VersionRecord[];
  const approvals = approvalsFor(db, rows.map((r) => r.id));
  return rows.map((r) => toSummary(r, approvals.get(r.id) ?? []));
}

export function getVersion(db: Db, id: string): VersionSummary | null {
  const row = db.prepare(`${VERSION_SQL} AND v.id = ?`).get(id) as VersionRecord | undefined;
  return row ? toSummary(row, approvalsFor(db, [id]).get(id) ?? []) : null;
}

export function activeVersionId(db: Db): string | null {
  const row = db.prepare(`SELECT id FROM criteria_versions WHERE status = 'active' AND deleted = 0`).get() as { id: string } | undefined;
  return row?.id ?? null;
}

export function listRules(db: Db, versionId: string): Rule[] {
  const rows = db
    .prepare(`SELECT * FROM criteria_rules WHERE version_id = ? AND deleted = 0 ORDER BY kind, position, created_at`)
    .all(versionId) as RuleRecord[];
  return rows.map((r) =>
    RuleSchema.parse({
      id: r.id,
      kind: r.kind,
      label: r.label,
      field: r.field,
      operator: r.operator,
      value: JSON.parse(r.value),
      points: r.points,
      cap: r.cap,
      decayHalfLifeDays: r.decay_half_life_days,
      windowDays: r.window_days,
    }),
  );
}

/** One rule's definition by id, whatever its version (a retired one's too); null when there is none. */
export function ruleDefinition(db: Db, id: string): Pick<Rule, 'kind' | 'field' | 'operator' | 'value'> | null {
  const r = db.prepare('SELECT kind, field, operator, value FROM criteria_rules WHERE id = ?').get(id) as Pick<RuleRecord, 'kind' | 'field' | 'operator' | 'value'> | undefined;
  return r ? { kind: r.kind as Rule['kind'], field: r.field, operator: r.operator as Rule['operator'], value: JSON.parse(r.value) as Rule['value'] } : null;
}

export interface NewVersion {
  name: string;
  levels: Level[];
  slaHours: number;
  slaBusinessHours: boolean;
  rationale: string;
  parentId: string | null;
  createdBy: string | null;
}

export function insertVersion(db: Db, v: NewVersion, at = now()): string {
  const id = newId();
  const { next } = db.prepare('SELECT coalesce(max(number), 0) + 1 AS next FROM criteria_versions').get() as { next: number };
  db.prepare(
    `INSERT INTO criteria_versions (id, number, name, status, levels, sla_hours, sla_business_hours, rationale, parent_id, created_by, created_at, updated_at)
     VALUES (?, ?, ?, 'draft', ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(id, next, v.name, JSON.stringify(v.levels), v.slaHours, v.slaBusinessHours ? 1 : 0, v.rationale, v.parentId, v.createdBy, at, at);
  return id;
}

export function updateVersionFields(
  db: Db,
  id: string,
  patch: { name?: string; levels?: Level[]; slaHours?: number; slaBusinessHours?: boolean; rationale?: string },
  at = now(),
): void {
  db.prepare(
    `UPDATE criteria_versions SET
       name = coalesce(@name, name),
       levels = coalesce(@levels, levels),
       sla_hours = coalesce(@slaHours, sla_hours),
       sla_business_hours = coalesce(@slaBusinessHours, sla_business_hours),
       rationale = coalesce(@rationale, rationale),
       updated_at = @at
     WHERE id = @id`,
  ).run({
    id,
    name: patch.name ?? null,
    levels: patch.levels ? JSON.stringify(patch.levels) : null,
    slaHours: patch.slaHours ?? null,
    slaBusinessHours: patch.slaBusinessHours === undefined ? null : patch.slaBusinessHours ? 1 : 0,
    rationale: patch.rationale ?? null,
    at,
  });
}

export function setVersionStatus(
  db: Db,
  id: string,
  status: VersionSummary['status'],
  dates: { effectiveFrom?: number | null; effectiveTo?: number | null } = {},
  at = now(),
): void {
  db.prepare(
    `UPDATE criteria_versions SET status = @status,
       effective_from = CASE WHEN @setFrom THEN @from ELSE effective_from END,
       effective_to = CASE WHEN @setTo THEN @to ELSE effective_to END,
       updated_at = @at
     WHERE id = @id`,
  ).run({
    id,
    status,
    setFrom: dates.effectiveFrom === undefined ? 0 : 1,
    from: dates.effectiveFrom ?? null,
    setTo: dates.effectiveTo === undefined ? 0 : 1,
    to: dates.effectiveTo ?? null,
    at,
  });
}

export function upsertRule(db: Db, versionId: string, r: Rule, position: number, at = now()): void {
  db.prepare(
    `INSERT INTO criteria_rules (id, version_id, kind, label, field, operator, value, points, cap, decay_half_life_days, window_days, position, created_at, updated_at)
     VALUES (@id, @versionId, @kind, @label, @field, @operator, @value, @points, @cap, @half, @window, @position, @at, @at)
     ON CONFLICT(id) DO UPDATE SET kind = excluded.kind, label = excluded.label, field = excluded.field,
       operator = excluded.operator, value = excluded.value, points = excluded.points, cap = excluded.cap,
       decay_half_life_days = excluded.decay_half_life_days, window_days = excluded.window_days, updated_at = excluded.updated_at
     WHERE criteria_rules.version_id = excluded.version_id`,
  ).run({
    id: r.id,
    versionId,
    kind: r.kind,
    label: r.label,
    field: r.field,
    operator: r.operator,
    value: JSON.stringify(r.value),
    points: r.points,
    cap: r.cap,
    half: r.decayHalfLifeDays,
    window: r.windowDays,
    position,
    at,
  });
}

export function softDeleteRule(db: Db, versionId: string, ruleId: string, at = now()): number {
  return db
    .prepare('UPDATE criteria_rules SET deleted = 1, updated_at = ? WHERE id = ? AND version_id = ? AND deleted = 0')
    .run(at, ruleId, versionId).changes;
}

export function insertApproval(
  db: Db,
  a: { versionId: string; userId: string; team: 'marketing' | 'sales'; decision: 'approve' | 'reject'; comment: string | null },
  at = now(),
): void {
  db.prepare(
    `INSERT INTO approvals (id, version_id, user_id, team, decision, comment, at, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(newId(), a.versionId, a.userId, a.team, a.decision, a.comment, at, at, at);
}

/** A rejection sends the version back to draft; its earlier approvals no longer count. */
export function voidApprovals(db: Db, versionId: string, at = now()): void {
  db.prepare('UPDATE approvals SET deleted = 1, updated_at = ? WHERE version_id = ? AND deleted = 0').run(at, versionId);
}
