import { wilson, type Interval } from './stats.js';
import { auc, fitLogistic, fitNaiveBayes, groupPatterns, linear, sigmoid, type PatternSet } from './logistic.js';
import { buildCandidates, design, dropTwins, type Candidate, type SkippedField, type SuggestRow } from './suggest-features.js';

/**
 * Suggested points: which method, how it is tuned, and how the whole suggestion is judged.
 * - Logistic regression with an L2 penalty when there are enough labelled leads: it accounts for
 *   correlated candidates (a source and the offers it brings), which per-feature rates cannot.
 * - Smoothed naive Bayes below THIN_DATA labelled training leads: with a few hundred rows and
 *   dozens of candidates the regression's weights swing with the penalty, while naive Bayes weights
 *   rest on per-value counts with Laplace smoothing and stay modest.
 * The penalty is chosen on the latest quarter of the training rows (by time), then the model is
 * refitted on all of them; the holdout (the latest rows overall) is only used to report AUC and
 * calibration, never to choose anything.
 */

export const MIN_LABELLED = 40;
export const MIN_PER_CLASS = 10;
export const THIN_DATA = 200;
/** Points per unit of log-odds (20 points multiply the odds of winning by e): fine enough that rounding keeps the ranking. */
export const POINTS_PER_LOGIT = 20;
const LAMBDAS = [0.3, 1, 3, 10, 30];

export interface LabelledRow extends SuggestRow {
  label: 0 | 1;
  /** Decision moment, ms UTC; rows come sorted by it (ties in import order). */
  at: number;
}

export interface SuggestionItem {
  candidate: Candidate;
  weight: number;
  points: number;
  n: number;
  wins: number;
  winRate: number | null;
  interval: Interval | null;
}

export interface CalibrationBin {
  n: number;
  meanPredicted: number;
  observed: number;
  interval: Interval | null;
}

export interface Suggestion {
  method: 'logistic_l2' | 'naive_bayes';
  lambda: number | null;
  intercept: number;
  items: SuggestionItem[];
  skipped: SkippedField[];
  train: { n: number; wins: number; from: number; to: number };
  holdout: { n: number; wins: number; from: number; to: number; auc: number | null; pointsAuc: number | null; brier: number; calibration: CalibrationBin[] };
}

export class NotEnoughData extends Error {}

/** Thrown between fitting steps when the caller's isCancelled says so. */
export class FitCancelled extends Error {}

export interface FitProgress {
  isCancelled?: () => boolean;
  /** Fits done out of all of them (one per penalty tried, then the final one). */
  onStep?: (done: number, total: number) => void;
}

export function splitByTime<T extends { at: number }>(rows: readonly T[], holdoutFrom?: number): { train: T[]; holdout: T[] } {
  if (holdoutFrom !== undefined) return { train: rows.filter((r) => r.at < holdoutFrom), holdout: rows.filter((r) => r.at >= holdoutFrom) };
  const cut = Math.floor(rows.length * 0.75);
  return { train: rows.slice(0, cut), holdout: rows.slice(cut) };
}

const wins = (rows: readonly { label: 0 | 1 }[]) => rows.reduce((s, r) => s + r.label, 0);

export function checkEnough(train: readonly { label: 0 | 1 }[], holdout: readonly { label: 0 | 1 }[]): void {
  const n = train.length + holdout.length;
  const w = wins(train);
  if (n < MIN_LABELLED) {
    throw new NotEnoughData(`Only ${n} labelled leads; suggestions need at least ${MIN_LABELLED} with an outcome.`);
  }
  if (w < MIN_PER_CLASS || train.length - w < MIN_PER_CLASS) {
    throw new NotEnoughData(
      `The training period has ${w} positive and ${train.length - w} negative leads; each needs at least ${MIN_PER_CLASS}.`,
    );
  }
  const hw = wins(holdout);
  if (hw === 0 || hw === holdout.length) {
    throw new NotEnoughData(`The holdout period (${holdout.length} leads) needs both outcomes to measure the suggestion; move the holdout date.`);
  }
}

function fitWith(rows: PatternSet, features: number, lambda: number, progress: FitProgress) {
  return fitLogistic(rows, features, {
    lambda,
    beforeStep: () => {
      if (progress.isCancelled?.()) throw new FitCancelled('The suggestion was cancelled.');
    },
  });
}

export function calibrationBins(pred: readonly number[], labels: readonly (0 | 1)[], bins = 10): CalibrationBin[] {
  const order = pred.map((p, i) => [p, labels[i]!] as const).sort((a, b) => a[0] - b[0]);
  const out: CalibrationBin[] = [];
  const k = Math.min(bins, order.length);
  for (let b = 0; b < k; b++) {
    const part = order.slice(Math.floor((b * order.length) / k), Math.floor(((b + 1) * order.length) / k));
    if (part.length === 0) continue;
    const w = part.reduce((s, x) => s + x[1], 0);
    out.push({ n: part.length, meanPredicted: part.reduce((s, x) => s + x[0], 0) / part.length, observed: w / part.length, interval: wilson(w, part.length) });
  }
  return out;
}

/** Fit, tune and judge a suggestion on rows sorted by decision moment. */
export function suggest(rows: readonly LabelledRow[], opts: { holdoutFrom?: number; exclude?: readonly string[] } & FitProgress = {}): Suggestion {
  const { train, holdout } = splitByTime(rows, opts.holdoutFrom);
  checkEnough(train, holdout);
  const minSupport = Math.max(5, Math.round(train.length * 0.005));
  const built = buildCandidates(train, { minSupport, labels: train.map((r) => r.label), ...(opts.exclude ? { exclude: opts.exclude } : {}) });
  const twins = dropTwins(built.candidates, design(train, built.candidates));
  const candidates = twins.keep.map((j) => built.candidates[j]!);
  const skipped = [...built.skipped, ...twins.skipped];
  const xs = design(train, candidates).map((active, i) => ({ active, label: train[i]!.label }));
  const hx = design(holdout, candidates);
  const p = candidates.length;
  let method: Suggestion['method'];
  let lambda: number | null = null;
  let model: { intercept: number; weights: Float64Array };
  if (train.length < THIN_DATA) {
    method = 'naive_bayes';
    model = fitNaiveBayes(xs, p);
  } else {
    method = 'logistic_l2';
    const inner = splitByTime(xs.map((x, i) => ({ ...x, at: train[i]!.at })));
    let best = { lambda: 1, auc: -1 };
    const innerWins = wins(inner.holdout);
    const tune = innerWins > 0 && innerWins < inner.holdout.length;
    const steps = (tune ? LAMBDAS.length : 0) + 1;
    opts.onStep?.(0, steps);
    if (tune) {
      const innerTrain = groupPatterns(inner.train);
      for (const [i, l] of LAMBDAS.entries()) {
        const m = fitWith(innerTrain, p, l, opts);
        const a = auc(inner.holdout.map((r) => linear(m, r.active)), inner.holdout.map((r) => r.label)) ?? 0;
        if (a > best.auc + 1e-9) best = { lambda: l, auc: a };
        opts.onStep?.(i + 1, steps);
      }
    }
    lambda = best.lambda;
    model = fitWith(groupPatterns(xs), p, lambda, opts);
    opts.onStep?.(steps, steps);
  }
  const seen = new Int32Array(p);
  const won = new Int32Array(p);
  for (const x of xs) {
    for (const j of x.active) {
      seen[j] = seen[j]! + 1;
      won[j] = won[j]! + x.label;
    }
  }
  const items: SuggestionItem[] = candidates.map((candidate, j) => {
    const n = seen[j]!;
    const w = won[j]!;
    const weight = model.weights[j]!;
    return { candidate, weight, points: Math.round(weight * POINTS_PER_LOGIT), n, wins: w, winRate: n ? w / n : null, interval: wilson(w, n) };
  });
  const hLabels = holdout.map((r) => r.label);
  const pred = hx.map((a) => sigmoid(linear(model, a)));
  const pointsOf = (a: readonly number[]) => a.reduce((s, j) => s + items[j]!.points, 0);
  return {
    method,
    lambda,
    intercept: model.intercept,
    items,
    skipped,
    train: { n: train.length, wins: wins(train), from: train[0]!.at, to: train[train.length - 1]!.at },
    holdout: {
      n: holdout.length,
      wins: wins(holdout),
      from: holdout[0]!.at,
      to: holdout[holdout.length - 1]!.at,
      auc: auc(pred, hLabels),
      pointsAuc: auc(hx.map(pointsOf), hLabels),
      brier: pred.reduce((s, q, i) => s + (q - hLabels[i]!) ** 2, 0) / pred.length,
      calibration: calibrationBins(pred, hLabels),
    },
  };
}

/** The threshold whose MQL volume (totals at or above it) is closest to `rate` of the leads, at least one lead. */
export function thresholdForRate(totals: readonly number[], rate: number): number {
  if (totals.length === 0) return 0;
  const sorted = [...totals].sort((a, b) => b - a);
  const k = Math.max(1, Math.min(sorted.length, Math.round(rate * sorted.length)));
  const t = sorted[k - 1]!;
  const atOrAbove = sorted.filter((x) => x >= t).length;
  const above = sorted.filter((x) => x > t);
  // Ties at the cut: step just above them when that lands nearer the wanted volume.
  if (above.length > 0 && Math.abs(above.length - k) < Math.abs(atOrAbove - k)) return above[above.length - 1]!;
  return t;
}
