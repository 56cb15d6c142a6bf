import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { fromRanks, lift, median, ntile, quantile, quantileRanks, rate, ratio, wilson } from '../../shared/domain/stats.js';

describe('wilson', () => {
  it('matches published values', () => {
    // 81 of 263 (Wilson 1927 style textbook example): 0.2553 .. 0.3662
    const w = wilson(81, 263)!;
    expect(w.low).toBeCloseTo(0.2553, 3);
    expect(w.high).toBeCloseTo(0.3662, 3);
    // 0 of 10: the lower bound is 0 and the upper is about 0.2775
    const z = wilson(0, 10)!;
    expect(z.low).toBe(0);
    expect(z.high).toBeCloseTo(0.2775, 3);
    const all = wilson(10, 10)!;
    expect(all.high).toBeCloseTo(1, 12);
    expect(all.low).toBeCloseTo(0.7225, 3);
  });
  it('is null for no trials and refuses impossible counts', () => {
    expect(wilson(0, 0)).toBeNull();
    expect(() => wilson(3, 2)).toThrow(RangeError);
  });
  it('narrows as n grows and always contains the point estimate', () => {
    const small = wilson(5, 20)!;
    const big = wilson(500, 2000)!;
    expect(big.high - big.low).toBeLessThan(small.high - small.low);
    for (const [k, n] of [[1, 3], [7, 9], [50, 51]] as const) {
      const w = wilson(k, n)!;
      expect(w.low).toBeLessThanOrEqual(k / n);
      expect(w.high).toBeGreaterThanOrEqual(k / n);
    }
  });
});

describe('quantiles', () => {
  it('interpolate linearly between closest ranks (R-7)', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([1, 2, 3, 4])).toBe(2.5);
    expect(quantile([1, 2, 3, 4, 5], 0.8)).toBeCloseTo(4.2, 10);
    expect(quantile([10], 0.8)).toBe(10);
    expect(quantile([], 0.5)).toBeNull();
    expect(quantile([0, 10], 0)).toBe(0);
    expect(quantile([0, 10], 1)).toBe(10);
  });
  it('give the ranks SQL reads', () => {
    expect(quantileRanks(5, 0.8)).toEqual({ lo: 3, hi: 4, frac: expect.closeTo(0.2, 10) as number });
    expect(quantileRanks(1, 0.5)).toEqual({ lo: 0, hi: 0, frac: 0 });
    expect(quantileRanks(0, 0.5)).toBeNull();
    expect(fromRanks(4, 5, 0.2)).toBeCloseTo(4.2, 10);
    expect(() => quantileRanks(3, 1.5)).toThrow(RangeError);
  });
});

describe('ntile', () => {
  it('assigns buckets exactly as SQLite NTILE(10) does', () => {
    const db = new Database(':memory:');
    for (const n of [1, 7, 10, 11, 23, 100, 105]) {
      const sql = db
        .prepare(
          `WITH RECURSIVE s(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM s WHERE i + 1 < ?)
           SELECT i, ntile(10) OVER (ORDER BY i) AS d FROM s`,
        )
        .all(n) as { i: number; d: number }[];
      for (const r of sql) expect(ntile(r.i, n)).toBe(r.d);
    }
    db.close();
  });
});

describe('rates and ratios', () => {
  it('are null where undefined', () => {
    expect(rate(1, 4)).toBe(0.25);
    expect(rate(0, 0)).toBeNull();
    expect(lift(0.5, 0.25)).toBe(2);
    expect(lift(0.5, 0)).toBeNull();
    expect(lift(null, 0.2)).toBeNull();
    expect(ratio(10, 4)).toBe(2.5);
    expect(ratio(10, 0)).toBeNull();
    expect(ratio(null, 3)).toBeNull();
  });
});
