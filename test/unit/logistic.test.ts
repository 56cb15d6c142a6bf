import { describe, expect, it } from 'vitest';
import { auc, choleskySolve, fitLogistic, fitNaiveBayes, linear, objective, sigmoid, type SparseRow } from '../../shared/domain/logistic.js';
import { Rng } from '../../shared/domain/random.js';

/** Rows from a known model: 6 indicator features, each on with its own rate. */
function simulate(n: number, seed: number, weights: number[], intercept: number): SparseRow[] {
  const rng = new Rng(seed, 'logistic');
  const rnd = () => rng.next();
  const rows: SparseRow[] = [];
  for (let i = 0; i < n; i++) {
    const active: number[] = [];
    weights.forEach((_, j) => {
      if (rnd() < 0.2 + 0.1 * (j % 3)) active.push(j);
    });
    const p = sigmoid(intercept + active.reduce((s, j) => s + weights[j]!, 0));
    rows.push({ active, label: rnd() < p ? 1 : 0 });
  }
  return rows;
}

/** The penalised gradient, computed plainly: zero at the optimum. */
function gradient(rows: SparseRow[], m: { intercept: number; weights: ArrayLike<number> }, features: number, lambda: number): number[] {
  const g = new Array<number>(features + 1).fill(0);
  for (const r of rows) {
    const e = sigmoid(linear(m, r.active)) - r.label;
    for (const j of r.active) g[j]! += e;
    g[features]! += e;
  }
  for (let j = 0; j < features; j++) g[j]! += lambda * m.weights[j]!;
  return g;
}

describe('choleskySolve', () => {
  it('solves a symmetric positive-definite system', () => {
    const a = Float64Array.from([4, 12, -16, 12, 37, -43, -16, -43, 98]);
    const x = choleskySolve(a, Float64Array.from([1, 2, 3]), 3);
    // A x = b checked against the original matrix
    const A = [4, 12, -16, 12, 37, -43, -16, -43, 98];
    for (let i = 0; i < 3; i++) expect(A[i * 3]! * x[0]! + A[i * 3 + 1]! * x[1]! + A[i * 3 + 2]! * x[2]!).toBeCloseTo([1, 2, 3][i]!, 9);
  });
  it('refuses a matrix that is not positive definite', () => {
    expect(() => choleskySolve(Float64Array.from([1, 2, 2, 1]), Float64Array.from([1, 1]), 2)).toThrow(RangeError);
  });
});

describe('fitLogistic', () => {
  const truth = [1.5, -1, 0.5, 0, 2, -2];
  const rows = simulate(20_000, 7, truth, -0.5);

  it('reaches the optimum: the penalised gradient vanishes', () => {
    const m = fitLogistic(rows, 6, { lambda: 1 });
    expect(m.converged).toBe(true);
    for (const g of gradient(rows, m, 6, 1)) expect(Math.abs(g)).toBeLessThan(1e-4);
  });

  it('recovers the generating weights with a light penalty on plenty of data', () => {
    const m = fitLogistic(rows, 6, { lambda: 0.01 });
    truth.forEach((w, j) => expect(m.weights[j]!).toBeCloseTo(w, 0));
    expect(m.intercept).toBeCloseTo(-0.5, 0);
  });

  it('shrinks weights as the penalty grows, and the objective is lower than at nearby points', () => {
    const light = fitLogistic(rows, 6, { lambda: 0.1 });
    const heavy = fitLogistic(rows, 6, { lambda: 5000 });
    const norm = (w: Float64Array) => Math.hypot(...w);
    expect(norm(heavy.weights)).toBeLessThan(norm(light.weights));
    const at = objective(rows, light, 0.1);
    for (let j = 0; j < 6; j++) {
      const w = Float64Array.from(light.weights);
      w[j]! += 0.05;
      expect(objective(rows, { intercept: light.intercept, weights: w }, 0.1)).toBeGreaterThan(at);
    }
  });

  it('stays finite on separable data (the penalty bounds the weights)', () => {
    const sep: SparseRow[] = Array.from({ length: 200 }, (_, i) => ({ active: i % 2 ? [0] : [1], label: (i % 2) as 0 | 1 }));
    const m = fitLogistic(sep, 2, { lambda: 1 });
    expect(Number.isFinite(m.weights[0]!)).toBe(true);
    expect(m.weights[0]!).toBeGreaterThan(2);
    expect(m.weights[1]!).toBeLessThan(-2);
  });
});

describe('auc', () => {
  it('is the share of positive-negative pairs ranked right, ties half', () => {
    expect(auc([0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1])).toBeCloseTo(0.75, 12);
    expect(auc([1, 2, 3], [0, 1, 1])).toBe(1);
    expect(auc([3, 2, 1], [0, 1, 1])).toBe(0);
    expect(auc([1, 1, 1, 1], [0, 1, 0, 1])).toBe(0.5);
    expect(auc([1, 2], [1, 1])).toBeNull();
  });
});

describe('fitNaiveBayes', () => {
  it('gives a feature seen more among positives a positive weight, and ranks like the truth', () => {
    const rows = simulate(3000, 3, [1.5, -1, 0.5, 0, 2, -2], 0);
    const nb = fitNaiveBayes(rows, 6);
    expect(nb.weights[0]!).toBeGreaterThan(0);
    expect(nb.weights[5]!).toBeLessThan(0);
    const a = auc(rows.map((r) => linear(nb, r.active)), rows.map((r) => r.label))!;
    expect(a).toBeGreaterThan(0.75);
  });
  it('keeps weights finite for a value never seen with one class (smoothing)', () => {
    const rows: SparseRow[] = [{ active: [0], label: 1 }, { active: [0], label: 1 }, { active: [], label: 0 }, { active: [], label: 0 }];
    const nb = fitNaiveBayes(rows, 1);
    expect(Number.isFinite(nb.weights[0]!)).toBe(true);
    expect(nb.weights[0]!).toBeGreaterThan(0);
  });
});
