import { z } from 'zod';
import { LevelsSchema, RuleSchema, type Rule } from './criteria.js';
import type { VersionDiff } from './versions.js';

/** The portable form of a version: no ids, so importing it anywhere makes a fresh draft. */
export const VersionFileSchema = z
  .object({
    format: z.literal('leadpact.criteria/1'),
    name: z.string().trim().min(1).max(120),
    rationale: z.string().max(5000).default(''),
    levels: LevelsSchema,
    slaHours: z.number().positive().max(720),
    slaBusinessHours: z.boolean().default(false),
    rules: z.array(z.record(z.string(), z.unknown())).max(500),
  })
  .strict();
export type VersionFile = z.infer<typeof VersionFileSchema>;

export interface ExportableVersion {
  number: number;
  name: string;
  status: string;
  rationale: string;
  levels: { name: string; threshold: number }[];
  slaHours: number;
  slaBusinessHours: boolean;
  rules: readonly Rule[];
  approvals: readonly { userName: string; team: string; decision: string; at: number }[];
  effectiveFrom: number | null;
}

export function toVersionFile(v: ExportableVersion): VersionFile {
  return {
    format: 'leadpact.criteria/1',
    name: v.name,
    rationale: v.rationale,
    levels: v.levels,
    slaHours: v.slaHours,
    slaBusinessHours: v.slaBusinessHours,
    rules: v.rules.map(({ id: _id, ...r }) => r),
  };
}

export type ParsedVersionFile = { ok: true; file: VersionFile; rules: Omit<Rule, 'id'>[] } | { ok: false; message: string };

/** Validate a version file; an error names the rule (number and label) and what is wrong with it. */
export function parseVersionFile(text: string): ParsedVersionFile {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    return { ok: false, message: `Not valid JSON: ${e instanceof Error ? e.message : String(e)}` };
  }
  const head = VersionFileSchema.safeParse(json);
  if (!head.success) {
    const i = head.error.issues[0]!;
    return { ok: false, message: `${i.path.join('.') || '(file)'}: ${i.message}` };
  }
  const rules: Omit<Rule, 'id'>[] = [];
  for (const [n, raw] of head.data.rules.entries()) {
    const r = RuleSchema.safeParse({ ...raw, id: `import-${n}` });
    if (!r.success) {
      const i = r.error.issues[0]!;
      const label = typeof raw.label === 'string' ? ` "${raw.label}"` : '';
      return { ok: false, message: `Rule ${n + 1}${label}: ${i.path.join('.') || 'rule'}: ${i.message}` };
    }
    const { id: _id, ...rule } = r.data;
    rules.push(rule);
  }
  return { ok: true, file: head.data, rules };
}

const KIND_TITLES: Record<Rule['kind'], string> = {
  fit: 'Fit rules',
  engagement: 'Engagement rules',
  disqualifier: 'Disqualifiers',
  sql: 'SQL checklist (BANT)',
};

export function describeCondition(r: Pick<Rule, 'field' | 'operator' | 'value'>): string {
  const v = r.value;
  const list = (x: unknown) => (Array.isArray(x) ? x.join(', ') : String(x));
  switch (r.operator) {
    case 'equals':
      return `${r.field} is ${String(v)}`;
    case 'in':
      return `${r.field} is one of ${list(v)}`;
    case 'not_in':
      return `${r.field} is none of ${list(v)}`;
    case 'contains':
      return `${r.field} contains "${String(v)}"`;
    case 'starts_with':
      return `${r.field} starts with "${String(v)}"`;
    case 'range': {
      const { min, max } = (v ?? {}) as { min?: number; max?: number };
      if (min !== undefined && max !== undefined) return `${r.field} from ${min} to ${max}`;
      return min !== undefined ? `${r.field} at least ${min}` : `${r.field} at most ${String(max)}`;
    }
    case 'exists':
      return `${r.field} is filled in`;
    case 'missing':
      return `${r.field} is empty`;
  }
}

const cell = (s: string) => s.replaceAll('|', '\\|').replaceAll('\n', ' ');

/** A page both teams can read and sign off in a meeting, without the app. */
export function toMarkdown(v: ExportableVersion, dateFmt: (ms: number) => string): string {
  const out: string[] = [`# Lead criteria v${v.number}: ${v.name}`, '', `Status: **${v.status}**`];
  if (v.effectiveFrom !== null) out.push(`Effective from: ${dateFmt(v.effectiveFrom)}`);
  out.push('', `SLA for a decision: ${v.slaHours} ${v.slaBusinessHours ? 'business ' : ''}hours`, '');
  out.push('## MQL levels', '', ...[...v.levels].sort((a, b) => b.threshold - a.threshold).map((l) => `- **${l.name}**: ${l.threshold} points or more`));
  if (v.rationale.trim()) out.push('', '## Rationale', '', v.rationale.trim());
  for (const kind of ['fit', 'engagement', 'disqualifier', 'sql'] as const) {
    const rules = v.rules.filter((r) => r.kind === kind);
    if (rules.length === 0) continue;
    out.push('', `## ${KIND_TITLES[kind]}`, '');
    if (kind === 'engagement') {
      out.push('| Rule | When | Points | Cap | Half-life (days) | Window (days) |', '|---|---|---:|---:|---:|---:|');
      for (const r of rules) {
        out.push(`| ${cell(r.label)} | ${cell(describeCondition(r))} | ${r.points} | ${r.cap ?? '—'} | ${r.decayHalfLifeDays ?? '—'} | ${r.windowDays ?? '—'} |`);
      }
    } else {
      out.push('| Rule | When | Points |', '|---|---|---:|');
      for (const r of rules) out.push(`| ${cell(r.label)} | ${cell(describeCondition(r))} | ${kind === 'disqualifier' ? 'veto' : kind === 'sql' ? '—' : r.points} |`);
    }
  }
  if (v.approvals.length) {
    out.push('', '## Sign-off', '');
    for (const a of v.approvals) out.push(`- ${a.userName} (${a.team}): ${a.decision} on ${dateFmt(a.at)}`);
  }
  return out.join('\n') + '\n';
}

export function diffToText(d: VersionDiff, fromLabel: string, toLabel: string): string {
  const lines = [`Changes from ${fromLabel} to ${toLabel}`];
  for (const r of d.added) lines.push(`+ ${r.kind} "${r.label}": ${describeCondition(r)} → ${r.points} points`);
  for (const r of d.removed) lines.push(`- ${r.kind} "${r.label}": ${describeCondition(r)} (${r.points} points)`);
  for (const c of d.changed) {
    lines.push(`~ ${c.kind} "${c.label}": ${c.changes.map((x) => `${x.field} ${JSON.stringify(x.from)} → ${JSON.stringify(x.to)}`).join(', ')}`);
  }
  for (const l of d.levels) lines.push(`~ level ${l.name}: ${l.from ?? 'none'} → ${l.to ?? 'none'}`);
  if (d.sla) lines.push(`~ SLA: ${d.sla.from} h → ${d.sla.to} h`);
  if (lines.length === 1) lines.push('(no differences)');
  return lines.join('\n');
}
