import { describe, expect, it } from 'vitest';
import { RuleSchema } from '../../shared/domain/criteria.js';
import { Rng } from '../../shared/domain/random.js';
import { score } from '../../shared/domain/scoring.js';
import { buildCandidates, candidateMatches, candidateRule, design, type SuggestRow } from '../../shared/domain/suggest-features.js';
import { MIN_LABELLED, NotEnoughData, splitByTime, suggest, thresholdForRate, type LabelledRow } from '../../shared/domain/suggest-fit.js';

const row = (fields: Record<string, unknown>, types: string[] = []): SuggestRow => ({ fields, touches: { 'touchpoint.type': types } });

/** Leads whose win chance rises with size and a demo request, falls for students; `converted` copies the label. */
function history(n: number, seed = 1): LabelledRow[] {
  const rng = new Rng(seed, 'suggest');
  return Array.from({ length: n }, (_, i) => {
    const employees = Math.round(10 * Math.exp(rng.next() * 6));
    const industry = ['Software', 'Retail', 'Education', 'Media'][rng.int(0, 3)]!;
    const demo = rng.next() < 0.3;
    const z = -1.5 + (employees > 200 ? 1.2 : 0) + (demo ? 1.5 : 0) + (industry === 'Education' ? -1.5 : 0);
    const label = rng.next() < 1 / (1 + Math.exp(-z)) ? 1 : 0;
    return {
      fields: { employees, industry, country: 'NL', 'attributes.converted': label === 1, 'attributes.plan': rng.next() < 0.5 ? 'pro' : null },
      touches: { 'touchpoint.type': demo ? ['demo_request', 'visit'] : ['visit'] },
      label: label as 0 | 1,
      at: Date.UTC(2026, 0, 1) + i * 3_600_000,
    };
  });
}

describe('rule candidates', () => {
  it('offers common values, numeric thresholds, missing values and touchpoint types; skips single values and the outcome itself', () => {
    const rows = history(2000);
    const { candidates, skipped } = buildCandidates(rows, { minSupport: 10, labels: rows.map((r) => r.label) });
    const labels = candidates.map((c) => c.label);
    expect(labels).toContain('industry = Education');
    expect(labels).toContain('attributes.plan = pro');
    expect(labels).toContain('attributes.plan missing');
    expect(labels).toContain('touchpoint.type = demo_request');
    expect(candidates.filter((c) => c.field === 'employees').every((c) => c.test.kind === 'atLeast')).toBe(true);
    expect(skipped).toContainEqual({ field: 'country', why: 'single_value' });
    expect(skipped).toContainEqual({ field: 'attributes.converted', why: 'outcome_leak' });
  });

  it('keeps one of two fields that match the same leads, so a draft does not count one signal twice', () => {
    const rows = history(2000).map((r) => ({ ...r, touches: { ...r.touches, 'offer.type': r.touches['touchpoint.type']! } }));
    const s = suggest(rows);
    const fields = new Set(s.items.map((i) => i.candidate.field));
    expect(fields.has('offer.type')).toBe(true);
    expect(fields.has('touchpoint.type')).toBe(false);
    expect(s.skipped).toContainEqual({ field: 'touchpoint.type', why: 'duplicate' });
    // A field that differs from the other on some leads keeps its candidates.
    const apart = rows.map((r, i) => (i % 3 === 0 ? { ...r, touches: { ...r.touches, 'offer.type': [] } } : r));
    expect(new Set(suggest(apart).items.map((i) => i.candidate.field)).has('touchpoint.type')).toBe(true);
  });

  it('leaves out excluded fields and values rarer than the support', () => {
    const rows = [row({ source: 'ads' }), row({ source: 'ads' }), row({ source: 'web' }), row({ source: 'ads' })];
    const { candidates, skipped } = buildCandidates(rows, { minSupport: 2, exclude: ['industry'] });
    expect(candidates.map((c) => c.label)).toEqual(['source = ads']);
    expect(buildCandidates([row({ industry: 'x' }), row({ industry: 'y' })], { minSupport: 1, exclude: ['industry'] }).skipped).toEqual([
      { field: 'industry', why: 'excluded' },
    ]);
    expect(skipped).toEqual([]);
  });

  it('becomes a valid criteria rule that the scoring engine matches exactly as the candidate does', () => {
    const rows = history(600);
    const { candidates } = buildCandidates(rows, { minSupport: 10 });
    for (const c of candidates) {
      const rule = RuleSchema.parse({ ...candidateRule(c, 7), id: 'r' });
      const version = { id: 'v', levels: [{ name: 'MQL', threshold: 7 }], rules: [rule] };
      for (const r of rows.slice(0, 100)) {
        const lead = Object.fromEntries(Object.entries(r.fields).filter(([k]) => !k.startsWith('attributes.')));
        const attributes = Object.fromEntries(Object.entries(r.fields).filter(([k]) => k.startsWith('attributes.')).map(([k, v]) => [k.slice(11), v]));
        const touches = (r.touches['touchpoint.type'] ?? []).map((type) => ({ type, occurredAt: r.at - 1000 }));
        const s = score({ ...lead, attributes }, touches, version, r.at);
        expect(s.total === 7, `${c.label} on ${JSON.stringify(r.fields)}`).toBe(candidateMatches(c, r));
      }
    }
  });

  it('builds the same design as testing each candidate on each row', () => {
    const rows = [...history(400), row({ industry: ' software ', employees: '500' }, ['Demo_Request', 'demo_request']), row({})];
    const { candidates } = buildCandidates(rows, { minSupport: 5 });
    const naive = rows.map((r) => candidates.flatMap((c, j) => (candidateMatches(c, r) ? [j] : [])));
    expect(design(rows, candidates)).toEqual(naive);
  });

  it('builds the sparse design row by row', () => {
    const rows = [row({ industry: 'A' }, ['visit']), row({ industry: 'B' })];
    const { candidates } = buildCandidates([...rows, ...rows], { minSupport: 1 });
    expect(design(rows, candidates).map((a) => a.map((j) => candidates[j]!.label))).toEqual([
      ['industry = A', 'touchpoint.type = visit'],
      ['industry = B'],
    ]);
  });
});

describe('suggest', () => {
  it('learns the generating effects and beats chance on the later holdout', () => {
    const s = suggest(history(3000));
    expect(s.method).toBe('logistic_l2');
    const pts = (label: string) => s.items.find((i) => i.candidate.label === label)?.points ?? 0;
    expect(pts('touchpoint.type = demo_request')).toBeGreaterThan(8);
    expect(pts('industry = Education')).toBeLessThan(-5);
    expect(s.holdout.auc!).toBeGreaterThan(0.7);
    expect(s.holdout.n).toBe(750);
    expect(s.train.to).toBeLessThan(s.holdout.from);
    const covered = s.holdout.calibration.reduce((a, b) => a + b.n, 0);
    expect(covered).toBe(750);
    const demo = s.items.find((i) => i.candidate.label === 'touchpoint.type = demo_request')!;
    expect(demo.interval!.low).toBeLessThan(demo.winRate!);
    expect(demo.interval!.high).toBeGreaterThan(demo.winRate!);
  });

  it('uses smoothed naive Bayes on thin data', () => {
    expect(suggest(history(150)).method).toBe('naive_bayes');
  });

  it('refuses too few labelled leads, or a training period with one outcome, saying how many are needed', () => {
    expect(() => suggest(history(MIN_LABELLED - 1))).toThrow(new NotEnoughData(`Only ${MIN_LABELLED - 1} labelled leads; suggestions need at least ${MIN_LABELLED} with an outcome.`));
    const allWon = history(300).map((r) => ({ ...r, label: 1 as const }));
    expect(() => suggest(allWon)).toThrow(/each needs at least 10/);
  });

  it('splits by time: a holdout date puts every later lead in the holdout', () => {
    const rows = history(100);
    const { train, holdout } = splitByTime(rows, rows[60]!.at);
    expect(train).toHaveLength(60);
    expect(holdout.every((r) => r.at >= rows[60]!.at)).toBe(true);
  });
});

describe('thresholdForRate', () => {
  it('picks the total that qualifies the asked share of leads', () => {
    const totals = Array.from({ length: 100 }, (_, i) => i);
    expect(thresholdForRate(totals, 0.2)).toBe(80);
    expect(totals.filter((t) => t >= thresholdForRate(totals, 0.05)).length).toBe(5);
  });
  it('steps over ties when that lands nearer the volume, and never qualifies nobody', () => {
    expect(thresholdForRate([10, 10, 10, 10, 5, 0, 0, 0, 0, 0], 0.1)).toBe(10);
    expect(thresholdForRate([0, 0, 0], 0.01)).toBe(0);
  });
});
