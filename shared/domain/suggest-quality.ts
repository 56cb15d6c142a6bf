/**
 * How far a suggestion's points can be trusted, from how well they separated the outcomes on the
 * holdout (leads the fit never saw). The figure is the area under the ROC curve: 0.5 is a coin toss,
 * 1 a perfect ranking. The bands follow the usual reading of it (Hosmer & Lemeshow, Applied Logistic
 * Regression: below 0.7 "poor", 0.7 to 0.8 "acceptable"), with "poor" split at 0.6: on a holdout of a
 * couple of hundred leads an AUC's 95% interval is about ±0.08 wide, so below 0.6 it cannot be told
 * apart from 0.5:
 * - below 0.6, 'chance': barely better than a coin toss; the points mostly fit noise of the history.
 * - 0.6 to 0.7, 'weak': some signal, but a version built on it would misrank many leads.
 * - from 0.7, 'usable'.
 * - 'unmeasured': the holdout gave no AUC.
 */
export type SuggestionStrength = 'chance' | 'weak' | 'usable' | 'unmeasured';

export const CHANCE_BELOW = 0.6;
export const WEAK_BELOW = 0.7;

/**
 * The strength of a suggestion from its holdout AUCs: the lower of the model's and that of the
 * rounded points, as the draft gets the rounded points (rounding can only lose a little; when it
 * loses more, that is what the draft would do). `basis` says which of the two it is, so the page can
 * name the figure it shows.
 */
export function suggestionStrength(holdout: { auc: number | null; pointsAuc: number | null }): {
  strength: SuggestionStrength;
  auc: number | null;
  basis: 'model' | 'points';
} {
  const ok = (x: number | null): x is number => x !== null && Number.isFinite(x);
  const model = ok(holdout.auc) ? holdout.auc : null;
  const points = ok(holdout.pointsAuc) ? holdout.pointsAuc : null;
  const basis = points !== null && (model === null || points < model) ? 'points' : 'model';
  const auc = basis === 'points' ? points : model;
  if (auc === null) return { strength: 'unmeasured', auc: null, basis };
  return { strength: auc < CHANCE_BELOW ? 'chance' : auc < WEAK_BELOW ? 'weak' : 'usable', auc, basis };
}

/** Suggested rules as a reader takes them in: the largest points, either way, first; then the most leads. */
export function strongestFirst<R extends { points: number; n: number }>(rules: readonly R[]): R[] {
  return [...rules].sort((a, b) => Math.abs(b.points) - Math.abs(a.points) || b.n - a.n);
}
