import type { Rule } from './criteria.js';
import { canon } from './scoring.js';

/**
 * Rule candidates for suggested points, learnt from the training rows only (no holdout value decides
 * which candidates exist). A candidate is a 0/1 indicator that maps one-to-one onto a criteria rule:
 * - a categorical lead field or custom attribute equal to a value (values seen at least `minSupport`
 *   times; the rest are the baseline), or the field missing;
 * - a numeric field at or above a quantile edge ("employees ≥ 50"), so bins stack and stay ordered;
 * - a touchpoint type, offer type or offer seen before the decision moment (an engagement rule
 *   capped at its own points, i.e. counted once).
 */

export interface SuggestRow {
  /** Lead fields by rule field name (`country`, `employees`, `attributes.plan`, …). */
  fields: Record<string, unknown>;
  /** Touchpoints before the decision moment, as `touchpoint.type`/`offer.type`/`offer.id` → values. */
  touches: Record<string, readonly string[]>;
}

export type CandidateTest =
  | { kind: 'equals'; value: string | number | boolean }
  | { kind: 'missing' }
  | { kind: 'atLeast'; min: number }
  | { kind: 'touch'; value: string };

export interface Candidate {
  field: string;
  test: CandidateTest;
  label: string;
}

export interface SkippedField {
  field: string;
  why: 'single_value' | 'identifier' | 'outcome_leak' | 'too_rare' | 'excluded' | 'duplicate';
}

/**
 * Candidates that match exactly the same rows as an earlier one (in the demo every touchpoint's type
 * is its offer's type, so `touchpoint.type = webinar` and `offer.type = webinar` are one signal): a fit
 * would split the weight between the twins and a draft made from it count the same thing twice. The
 * first of each set stays; a field all of whose candidates went is reported as a duplicate.
 */
export function dropTwins(
  candidates: readonly Candidate[],
  matrix: readonly (readonly number[])[],
): { keep: number[]; skipped: SkippedField[] } {
  const rowsOf = candidates.map(() => [] as number[]);
  matrix.forEach((active, i) => {
    for (const j of active) rowsOf[j]!.push(i);
  });
  const seen = new Set<string>();
  const keep: number[] = [];
  const dropped = new Map<string, number>();
  candidates.forEach((c, j) => {
    const key = rowsOf[j]!.join(',');
    if (seen.has(key)) dropped.set(c.field, (dropped.get(c.field) ?? 0) + 1);
    else {
      seen.add(key);
      keep.push(j);
    }
  });
  const total = new Map<string, number>();
  for (const c of candidates) total.set(c.field, (total.get(c.field) ?? 0) + 1);
  const skipped = [...dropped].filter(([f, n]) => n === total.get(f)).map(([field]) => ({ field, why: 'duplicate' as const }));
  return { keep, skipped };
}

/** Fields never offered as rules: identifiers and free text that no rule should key on. */
const NEVER = new Set(['email', 'name', 'company', 'domain']);
const MAX_VALUES_PER_FIELD = 30;
const NUMERIC_EDGES = 4;

const isMissing = (v: unknown) => v === null || v === undefined || (typeof v === 'string' && v.trim() === '');
const asNumber = (v: unknown): number | null => {
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v);
  return null;
};

/** canon, memoised over one pass of the rows: field values repeat a lot, and each fold allocates. */
function canonMemo(): (v: unknown) => string {
  const seen = new Map<string, string>();
  return (v) => {
    if (typeof v !== 'string') return canon(v);
    let c = seen.get(v);
    if (c === undefined) {
      c = canon(v);
      if (seen.size < 100_000) seen.set(v, c);
    }
    return c;
  };
}

export function candidateMatches(c: Candidate, row: SuggestRow): boolean {
  const t = c.test;
  if (t.kind === 'touch') return (row.touches[c.field] ?? []).some((v) => canon(v) === canon(t.value));
  const v = row.fields[c.field];
  if (t.kind === 'missing') return isMissing(v);
  if (isMissing(v)) return false;
  if (t.kind === 'atLeast') {
    const n = asNumber(v);
    return n !== null && n >= t.min;
  }
  return canon(v) === canon(t.value);
}

export interface CandidateOptions {
  minSupport: number;
  exclude?: readonly string[];
  /** Labels of the training rows, to recognise a field that is the outcome itself. */
  labels?: readonly (0 | 1)[];
}

/** A field whose values split won from lost almost perfectly is the outcome recorded twice (X Education's "Converted"). */
function looksLikeOutcome(rows: readonly SuggestRow[], field: string, labels: readonly (0 | 1)[]): boolean {
  const byValue = new Map<string, [number, number]>();
  let n = 0;
  rows.forEach((r, i) => {
    const v = r.fields[field];
    if (isMissing(v)) return;
    n += 1;
    const k = canon(v);
    const c = byValue.get(k) ?? [0, 0];
    c[labels[i]!] += 1;
    byValue.set(k, c);
  });
  if (n < 20 || byValue.size < 2 || byValue.size > 5) return false;
  let pure = 0;
  for (const [a, b] of byValue.values()) pure += Math.max(a, b);
  return pure / n >= 0.995 && n >= 0.9 * rows.length;
}

export function buildCandidates(rows: readonly SuggestRow[], opts: CandidateOptions): { candidates: Candidate[]; skipped: SkippedField[] } {
  const candidates: Candidate[] = [];
  const skipped: SkippedField[] = [];
  const exclude = new Set(opts.exclude ?? []);
  const fold = canonMemo();
  const fields = new Set<string>();
  const touchFields = new Set<string>();
  for (const r of rows) {
    for (const k of Object.keys(r.fields)) fields.add(k);
    for (const k of Object.keys(r.touches)) touchFields.add(k);
  }
  for (const field of [...fields].sort()) {
    if (NEVER.has(field)) continue;
    if (exclude.has(field)) {
      skipped.push({ field, why: 'excluded' });
      continue;
    }
    const counts = new Map<string, { n: number; value: string | number | boolean }>();
    let missing = 0;
    const numbers: number[] = [];
    for (const r of rows) {
      const v = r.fields[field];
      if (isMissing(v)) {
        missing += 1;
        continue;
      }
      const n = asNumber(v);
      if (n !== null) numbers.push(n);
      const k = fold(v);
      const c = counts.get(k);
      if (c) c.n += 1;
      else counts.set(k, { n: 1, value: typeof v === 'string' ? v.trim() : (v as number | boolean) });
    }
    const present = rows.length - missing;
    if (counts.size <= 1 && (missing === 0 || present === 0)) {
      skipped.push({ field, why: 'single_value' });
      continue;
    }
    if (opts.labels && looksLikeOutcome(rows, field, opts.labels)) {
      skipped.push({ field, why: 'outcome_leak' });
      continue;
    }
    const before = candidates.length;
    const numeric = numbers.length >= 0.95 * present && counts.size > 10;
    if (numeric) {
      const sorted = numbers.sort((a, b) => a - b);
      const edges = new Set<number>();
      for (let q = 1; q <= NUMERIC_EDGES; q++) {
        const e = sorted[Math.floor((q * sorted.length) / (NUMERIC_EDGES + 1))]!;
        if (e > sorted[0]!) edges.add(e);
      }
      for (const e of [...edges].sort((a, b) => a - b)) {
        candidates.push({ field, test: { kind: 'atLeast', min: e }, label: `${field} ≥ ${e}` });
      }
    } else {
      if (counts.size > Math.max(50, 0.5 * present)) {
        skipped.push({ field, why: 'identifier' });
        continue;
      }
      const common = [...counts.values()].filter((c) => c.n >= opts.minSupport).sort((a, b) => b.n - a.n);
      for (const c of common.slice(0, MAX_VALUES_PER_FIELD)) {
        candidates.push({ field, test: { kind: 'equals', value: c.value }, label: `${field} = ${String(c.value)}` });
      }
    }
    if (missing >= opts.minSupport && present >= opts.minSupport) {
      candidates.push({ field, test: { kind: 'missing' }, label: `${field} missing` });
    }
    if (candidates.length === before) skipped.push({ field, why: 'too_rare' });
  }
  for (const field of [...touchFields].sort()) {
    const counts = new Map<string, { n: number; value: string }>();
    for (const r of rows) {
      const values = r.touches[field] ?? [];
      const folded = new Set(values.map(fold));
      for (const v of folded) {
        const c = counts.get(v);
        if (c) c.n += 1;
        else counts.set(v, { n: 1, value: values.find((x) => fold(x) === v)! });
      }
    }
    for (const c of [...counts.values()].filter((x) => x.n >= opts.minSupport).sort((a, b) => b.n - a.n).slice(0, MAX_VALUES_PER_FIELD)) {
      candidates.push({ field, test: { kind: 'touch', value: c.value }, label: `${field} = ${c.value}` });
    }
  }
  return { candidates, skipped };
}

interface FieldMatcher {
  field: string;
  touch: boolean;
  equals: Map<string, number[]>;
  missing: number[];
  atLeast: { min: number; j: number }[];
}

/**
 * Each row as the indexes of the candidates it matches: the design matrix, sparse. Candidates are
 * grouped by field so each value is read and case-folded once per row, not once per candidate;
 * the answer is the same as candidateMatches (a unit test holds them together).
 */
export function design(rows: readonly SuggestRow[], candidates: readonly Candidate[]): number[][] {
  const byField = new Map<string, FieldMatcher>();
  candidates.forEach((c, j) => {
    const key = `${c.test.kind === 'touch' ? 't' : 'f'}:${c.field}`;
    let m = byField.get(key);
    if (!m) byField.set(key, (m = { field: c.field, touch: c.test.kind === 'touch', equals: new Map(), missing: [], atLeast: [] }));
    const t = c.test;
    if (t.kind === 'missing') m.missing.push(j);
    else if (t.kind === 'atLeast') m.atLeast.push({ min: t.min, j });
    else {
      const k = canon(t.value);
      const list = m.equals.get(k) ?? [];
      list.push(j);
      m.equals.set(k, list);
    }
  });
  const matchers = [...byField.values()];
  const fold = canonMemo();
  const seen: string[] = [];
  return rows.map((r) => {
    const active: number[] = [];
    for (const m of matchers) {
      if (m.touch) {
        seen.length = 0;
        for (const v of r.touches[m.field] ?? []) {
          const k = fold(v);
          if (seen.includes(k)) continue;
          seen.push(k);
          for (const j of m.equals.get(k) ?? []) active.push(j);
        }
        continue;
      }
      const v = r.fields[m.field];
      if (isMissing(v)) {
        for (const j of m.missing) active.push(j);
        continue;
      }
      for (const j of m.equals.get(fold(v)) ?? []) active.push(j);
      if (m.atLeast.length) {
        const n = asNumber(v);
        if (n !== null) for (const a of m.atLeast) if (n >= a.min) active.push(a.j);
      }
    }
    return active.sort((a, b) => a - b);
  });
}

/** The criteria rule a candidate becomes, with its points. */
export function candidateRule(c: Candidate, points: number): Omit<Rule, 'id'> {
  const base = { label: c.label, field: c.field, points, cap: null, decayHalfLifeDays: null, windowDays: null };
  switch (c.test.kind) {
    case 'touch':
      return { ...base, kind: 'engagement', operator: 'equals', value: c.test.value, cap: Math.abs(points) };
    case 'missing':
      return { ...base, kind: 'fit', operator: 'missing', value: null };
    case 'atLeast':
      return { ...base, kind: 'fit', operator: 'range', value: { min: c.test.min } };
    case 'equals':
      return { ...base, kind: 'fit', operator: 'equals', value: c.test.value };
  }
}
