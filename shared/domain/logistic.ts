/**
 * L2-regularised logistic regression over sparse binary features, fitted by Newton's method
 * (iteratively reweighted least squares). Rule candidates are indicators (a field has a value, a lead
 * had a touchpoint of a type), so a row is the list of its active feature indexes: the gradient and
 * Hessian cost O(active²) per row, not O(features²). Newton converges in a handful of iterations on
 * this convex problem, and the penalised Hessian is positive definite, so a Cholesky solve always
 * succeeds. The intercept is not penalised (as in scikit-learn).
 */

export interface SparseRow {
  /** Indexes of the features equal to 1 (each at most once). */
  active: readonly number[];
  label: 0 | 1;
}

export interface LogisticModel {
  intercept: number;
  weights: Float64Array;
  iterations: number;
  converged: boolean;
}

export interface FitOptions {
  /** Penalty λ in ½λ‖w‖² (scikit-learn's C is 1/λ). */
  lambda: number;
  maxIterations?: number;
  tolerance?: number;
  /** Checked before each Newton step; throwing from it (a cancelled job) stops the fit. */
  beforeStep?: () => void;
}

export const sigmoid = (z: number): number => (z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z)));

export function linear(model: { intercept: number; weights: ArrayLike<number> }, active: readonly number[]): number {
  let z = model.intercept;
  for (const j of active) z += model.weights[j]!;
  return z;
}

export const predict = (model: LogisticModel, active: readonly number[]): number => sigmoid(linear(model, active));

/** Solve A x = b for a symmetric positive-definite A (row-major, n×n) by Cholesky; A is overwritten. */
export function choleskySolve(a: Float64Array, b: Float64Array, n: number): Float64Array {
  for (let j = 0; j < n; j++) {
    let d = a[j * n + j]!;
    for (let k = 0; k < j; k++) d -= a[j * n + k]! * a[j * n + k]!;
    if (!(d > 0)) throw new RangeError('choleskySolve: matrix is not positive definite');
    const l = Math.sqrt(d);
    a[j * n + j] = l;
    for (let i = j + 1; i < n; i++) {
      let s = a[i * n + j]!;
      for (let k = 0; k < j; k++) s -= a[i * n + k]! * a[j * n + k]!;
      a[i * n + j] = s / l;
    }
  }
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = b[i]!;
    for (let k = 0; k < i; k++) s -= a[i * n + k]! * y[k]!;
    y[i] = s / a[i * n + i]!;
  }
  const x = new Float64Array(n);
  for (let i = n - 1; i >= 0; i--) {
    let s = y[i]!;
    for (let k = i + 1; k < n; k++) s -= a[k * n + i]! * x[k]!;
    x[i] = s / a[i * n + i]!;
  }
  return x;
}

/** Penalised negative log-likelihood: what Newton minimises (for tests and convergence checks). */
export function objective(rows: readonly SparseRow[], model: { intercept: number; weights: ArrayLike<number> }, lambda: number): number {
  let loss = 0;
  for (const r of rows) {
    const z = linear(model, r.active);
    // log(1 + e^z) - y z, computed without overflow
    loss += (z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z))) - r.label * z;
  }
  let pen = 0;
  for (let j = 0; j < model.weights.length; j++) pen += model.weights[j]! * model.weights[j]!;
  return loss + 0.5 * lambda * pen;
}

/**
 * Rows with the same active features, with how many of them were positive and negative. Indicator
 * rows repeat a lot (a few fields, a few values each): the fit works on the distinct patterns, which
 * is the same sum of terms, grouped, at a fraction of the cost and of the garbage.
 */
export interface PatternSet {
  /** Active features of pattern k: features[offsets[k] .. offsets[k + 1]). */
  offsets: Int32Array;
  features: Int32Array;
  positives: Float64Array;
  negatives: Float64Array;
}

export function groupPatterns(rows: readonly SparseRow[]): PatternSet {
  const index = new Map<string, number>();
  const lists: (readonly number[])[] = [];
  const pos: number[] = [];
  const neg: number[] = [];
  for (const r of rows) {
    const key = r.active.join(',');
    let k = index.get(key);
    if (k === undefined) {
      index.set(key, (k = lists.length));
      lists.push(r.active);
      pos.push(0);
      neg.push(0);
    }
    if (r.label === 1) pos[k]! += 1;
    else neg[k]! += 1;
  }
  const offsets = new Int32Array(lists.length + 1);
  for (let k = 0; k < lists.length; k++) offsets[k + 1] = offsets[k]! + lists[k]!.length;
  const features = new Int32Array(offsets[lists.length]!);
  lists.forEach((l, k) => features.set(l, offsets[k]!));
  return { offsets, features, positives: Float64Array.from(pos), negatives: Float64Array.from(neg) };
}

function patternObjective(ps: PatternSet, beta: Float64Array, features: number, lambda: number): number {
  let loss = 0;
  const m = ps.positives.length;
  for (let k = 0; k < m; k++) {
    let z = beta[features]!;
    for (let i = ps.offsets[k]!; i < ps.offsets[k + 1]!; i++) z += beta[ps.features[i]!]!;
    const soft = z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z));
    loss += (ps.positives[k]! + ps.negatives[k]!) * soft - ps.positives[k]! * z;
  }
  let pen = 0;
  for (let j = 0; j < features; j++) pen += beta[j]! * beta[j]!;
  return loss + 0.5 * lambda * pen;
}

export function fitLogistic(rows: readonly SparseRow[] | PatternSet, features: number, opts: FitOptions): LogisticModel {
  const ps = 'offsets' in rows ? rows : groupPatterns(rows);
  const n = features + 1; // slot `features` is the intercept
  const maxIt = opts.maxIterations ?? 50;
  const tol = opts.tolerance ?? 1e-8;
  const beta = new Float64Array(n);
  const m = ps.positives.length;
  let prev = patternObjective(ps, beta, features, opts.lambda);
  let iterations = 0;
  let converged = false;
  const idx = new Int32Array(n + 1);
  const h = new Float64Array(n * n);
  const g = new Float64Array(n);
  const old = new Float64Array(n);
  for (; iterations < maxIt; ) {
    opts.beforeStep?.();
    iterations += 1;
    h.fill(0);
    g.fill(0);
    for (let k = 0; k < m; k++) {
      const from = ps.offsets[k]!;
      const len = ps.offsets[k + 1]! - from;
      let z = beta[features]!;
      for (let i = 0; i < len; i++) z += beta[(idx[i] = ps.features[from + i]!)]!;
      idx[len] = features;
      const p = sigmoid(z);
      const count = ps.positives[k]! + ps.negatives[k]!;
      const w = count * Math.max(p * (1 - p), 1e-12);
      const e = count * p - ps.positives[k]!;
      for (let a = 0; a <= len; a++) {
        const ja = idx[a]!;
        g[ja] = g[ja]! + e;
        const row = ja * n;
        for (let b = 0; b <= a; b++) h[row + idx[b]!] = h[row + idx[b]!]! + w;
      }
    }
    // Only the lower triangle of each row's block was filled (in idx order); mirror it whole.
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < i; j++) {
        const s = h[i * n + j]! + h[j * n + i]!;
        h[i * n + j] = s;
        h[j * n + i] = s;
      }
    }
    for (let j = 0; j < features; j++) {
      g[j] = g[j]! + opts.lambda * beta[j]!;
      h[j * n + j] = h[j * n + j]! + opts.lambda;
    }
    h[features * n + features] = h[features * n + features]! + 1e-9; // keeps the intercept's row definite when every row is one class
    const step = choleskySolve(h, g, n);
    // Damped Newton: halve the step until the objective does not rise.
    let t = 1;
    old.set(beta);
    let next = prev;
    for (let k = 0; k < 30; k++) {
      for (let j = 0; j < n; j++) beta[j] = old[j]! - t * step[j]!;
      next = patternObjective(ps, beta, features, opts.lambda);
      if (next <= prev + 1e-12) break;
      t /= 2;
    }
    const improvement = prev - next;
    prev = next;
    if (Math.abs(improvement) <= tol * (1 + Math.abs(next))) {
      converged = true;
      break;
    }
  }
  return { intercept: beta[features]!, weights: Float64Array.from(beta.subarray(0, features)), iterations, converged };
}

/**
 * Area under the ROC curve: the chance a random positive outranks a random negative, ties counted
 * half (the Mann-Whitney statistic). Null when one class is absent.
 */
export function auc(scores: readonly number[], labels: readonly (0 | 1)[]): number | null {
  const order = scores.map((s, i) => [s, labels[i]!] as const).sort((a, b) => a[0] - b[0]);
  let pos = 0;
  let neg = 0;
  let rankSum = 0;
  for (let i = 0; i < order.length; ) {
    let j = i;
    while (j < order.length && order[j]![0] === order[i]![0]) j++;
    const midRank = (i + 1 + j) / 2;
    for (let k = i; k < j; k++) {
      if (order[k]![1] === 1) {
        pos += 1;
        rankSum += midRank;
      } else neg += 1;
    }
    i = j;
  }
  if (pos === 0 || neg === 0) return null;
  return (rankSum - (pos * (pos + 1)) / 2) / (pos * neg);
}

export interface NaiveBayesModel {
  intercept: number;
  weights: Float64Array;
}

/**
 * Smoothed naive Bayes in log-odds form, for thin data: each feature's weight is the log ratio of
 * its (Laplace-smoothed) frequency among positives and negatives, against its absence. Every weight
 * rests on counts alone, so it stays finite and modest when a value was seen a handful of times.
 */
export function fitNaiveBayes(rows: readonly SparseRow[], features: number, alpha = 1): NaiveBayesModel {
  const on = [new Float64Array(features), new Float64Array(features)];
  const total = [0, 0];
  for (const r of rows) {
    total[r.label]! += 1;
    for (const j of r.active) on[r.label]![j]! += 1;
  }
  const weights = new Float64Array(features);
  let intercept = Math.log((total[1]! + alpha) / (total[0]! + alpha));
  for (let j = 0; j < features; j++) {
    const p1 = (on[1]![j]! + alpha) / (total[1]! + 2 * alpha);
    const p0 = (on[0]![j]! + alpha) / (total[0]! + 2 * alpha);
    weights[j] = Math.log(p1 / p0) - Math.log((1 - p1) / (1 - p0));
    intercept += Math.log((1 - p1) / (1 - p0));
  }
  return { intercept, weights };
}
