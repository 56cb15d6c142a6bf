import type { Level, Rule } from './criteria.js';

export type VersionStatus = 'draft' | 'proposed' | 'approved' | 'active' | 'retired';
export type ApprovalTeam = 'marketing' | 'sales';

/** The sign-off ladder: what each action needs, as a pure rule both the service and the UI use. */
export const VERSION_MOVES: Readonly<Record<string, { from: readonly VersionStatus[]; to: VersionStatus }>> = {
  propose: { from: ['draft'], to: 'proposed' },
  withdraw: { from: ['proposed'], to: 'draft' },
  approve: { from: ['proposed'], to: 'approved' },
  activate: { from: ['approved'], to: 'active' },
  retire: { from: ['active'], to: 'retired' },
};

export const isEditable = (status: VersionStatus): boolean => status === 'draft';

export interface ApprovalLike {
  team: string;
  decision: 'approve' | 'reject';
}

/** Approved means one approval from a marketing owner and one from a sales owner, and no rejection. */
export function approvalState(approvals: readonly ApprovalLike[]): { marketing: boolean; sales: boolean; rejected: boolean; complete: boolean } {
  const marketing = approvals.some((a) => a.team === 'marketing' && a.decision === 'approve');
  const sales = approvals.some((a) => a.team === 'sales' && a.decision === 'approve');
  const rejected = approvals.some((a) => a.decision === 'reject');
  return { marketing, sales, rejected, complete: marketing && sales && !rejected };
}

export interface VersionShape {
  levels: readonly Level[];
  slaHours: number;
  slaBusinessHours: boolean;
  rules: readonly Rule[];
}

export interface RuleChange {
  label: string;
  kind: Rule['kind'];
  /** The rule's id in the older version and in the newer one (a clone gives rules new ids). */
  fromId: string;
  toId: string;
  changes: { field: keyof Rule; from: unknown; to: unknown }[];
  /** The lead field the rule tests in the older and the newer version: a changed value is worded as that field's values. */
  ruleFieldFrom: string;
  ruleFieldTo: string;
}

export interface VersionDiff {
  added: Rule[];
  removed: Rule[];
  changed: RuleChange[];
  levels: { name: string; from: number | null; to: number | null }[];
  sla: { from: number; to: number; businessHoursFrom: boolean; businessHoursTo: boolean } | null;
}

const COMPARED: (keyof Rule)[] = ['label', 'field', 'operator', 'value', 'points', 'cap', 'decayHalfLifeDays', 'windowDays'];

/**
 * Which rule of the older version each rule of the newer one is (newer rule -> older one; a rule
 * left out was added, an older one not among the values removed). Rules are matched across versions
 * by (kind, label), since a clone gets new ids; then what is left by (kind, condition): a rule whose
 * label changed with its points ("webinar (15 per touch)" became "webinar (8 per touch)") is that
 * rule changed, not one removed and another added. A rule whose label and condition both changed
 * is removed + added.
 */
export function pairRules<R extends Pick<Rule, 'kind' | 'label' | 'field' | 'operator' | 'value'>>(older: readonly R[], newer: readonly R[]): Map<R, R> {
  const byLabel = (r: R) => `${r.kind}\u0000${r.label.trim().toLowerCase()}`;
  const byCondition = (r: R) => `${r.kind}\u0000${r.field}\u0000${r.operator}\u0000${JSON.stringify(r.value)}`;
  const pairs = new Map<R, R>();
  const pair = (key: (r: R) => string) => {
    const paired = new Set(pairs.values());
    const left = new Map<string, R[]>();
    for (const r of older) if (!paired.has(r)) (left.get(key(r)) ?? left.set(key(r), []).get(key(r))!).push(r);
    for (const r of newer) {
      if (pairs.has(r)) continue;
      const old = left.get(key(r))?.shift();
      if (old) pairs.set(r, old);
    }
  };
  pair(byLabel);
  pair(byCondition);
  return pairs;
}

/** Rules added, removed and changed from `a` to `b` (paired as pairRules does), and the levels and SLA that moved. */
export function diffVersions(a: VersionShape, b: VersionShape): VersionDiff {
  const pairs = pairRules(a.rules, b.rules); // newer rule -> older one
  const matched = new Set(pairs.values());
  const added = b.rules.filter((r) => !pairs.has(r));
  const removed = a.rules.filter((r) => !matched.has(r));
  const changed: RuleChange[] = [];
  for (const r of b.rules) {
    const old = pairs.get(r);
    if (!old) continue;
    const changes = COMPARED.filter((f) => JSON.stringify(old[f]) !== JSON.stringify(r[f])).map((f) => ({ field: f, from: old[f], to: r[f] }));
    if (changes.length) changed.push({ label: r.label, kind: r.kind, fromId: old.id, toId: r.id, changes, ruleFieldFrom: old.field, ruleFieldTo: r.field });
  }
  const names = [...new Set([...a.levels.map((l) => l.name), ...b.levels.map((l) => l.name)])];
  const levels = names
    .map((name) => ({
      name,
      from: a.levels.find((l) => l.name === name)?.threshold ?? null,
      to: b.levels.find((l) => l.name === name)?.threshold ?? null,
    }))
    .filter((l) => l.from !== l.to);
  const sla =
    a.slaHours !== b.slaHours || a.slaBusinessHours !== b.slaBusinessHours
      ? { from: a.slaHours, to: b.slaHours, businessHoursFrom: a.slaBusinessHours, businessHoursTo: b.slaBusinessHours }
      : null;
  return { added, removed, changed, levels, sla };
}
