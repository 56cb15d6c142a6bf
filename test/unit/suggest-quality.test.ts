import { describe, expect, it } from 'vitest';
import { CHANCE_BELOW, strongestFirst, suggestionStrength, WEAK_BELOW } from '../../shared/domain/suggest-quality.js';

describe('suggestion strength', () => {
  const of = (auc: number | null, pointsAuc: number | null = auc) => suggestionStrength({ auc, pointsAuc });

  it('calls a holdout AUC under 0.6 chance, 0.6 to 0.7 weak, from 0.7 usable', () => {
    expect([CHANCE_BELOW, WEAK_BELOW]).toEqual([0.6, 0.7]);
    // The walk-through's fit on the demo workspace.
    expect(of(0.558)).toEqual({ strength: 'chance', auc: 0.558, basis: 'model' });
    expect(of(0.42).strength).toBe('chance');
    expect(of(0.6).strength).toBe('weak');
    expect(of(0.699).strength).toBe('weak');
    expect(of(0.7).strength).toBe('usable');
    expect(of(0.91).strength).toBe('usable');
  });

  it('judges by the lower of the model and its rounded points, as the draft gets the points', () => {
    expect(of(0.72, 0.66)).toEqual({ strength: 'weak', auc: 0.66, basis: 'points' });
    expect(of(0.65, 0.71)).toEqual({ strength: 'weak', auc: 0.65, basis: 'model' });
    expect(of(0.75, null)).toEqual({ strength: 'usable', auc: 0.75, basis: 'model' });
    expect(of(null, 0.55)).toEqual({ strength: 'chance', auc: 0.55, basis: 'points' });
  });

  it('says so when the holdout gave no AUC', () => {
    expect(of(null, null)).toMatchObject({ strength: 'unmeasured', auc: null });
    expect(of(Number.NaN, Number.NaN)).toMatchObject({ strength: 'unmeasured', auc: null });
  });

  it('lists the largest points either way first, then the most leads', () => {
    const rules = [
      { label: 'a', points: 2, n: 50 },
      { label: 'b', points: -7, n: 10 },
      { label: 'c', points: 7, n: 30 },
      { label: 'd', points: 2, n: 80 },
    ];
    expect(strongestFirst(rules).map((r) => r.label)).toEqual(['c', 'b', 'd', 'a']);
    expect(rules[0]!.label).toBe('a');
  });
});
