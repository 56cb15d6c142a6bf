/**
 * Pure statistics for the reports. The database computes counts and fetches order statistics; these
 * functions turn them into rates, intervals and percentiles, so every report uses one definition.
 */

/** z for a two-sided 95 % interval. */
export const Z95 = 1.959963984540054;

export interface Interval {
  low: number;
  high: number;
}

/** successes / n, or null when n is 0 (a rate of nothing is unknown, not zero). */
export function rate(successes: number, n: number): number | null {
  return n > 0 ? successes / n : null;
}

/**
 * Wilson score interval for a binomial proportion: unlike the normal approximation it stays inside
 * [0, 1] and behaves at 0 and n successes, which small segments of the lift report hit often.
 */
export function wilson(successes: number, n: number, z = Z95): Interval | null {
  if (n <= 0) return null;
  if (successes < 0 || successes > n) throw new RangeError(`wilson: ${successes} successes of ${n}`);
  const p = successes / n;
  const z2 = z * z;
  const denom = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denom;
  const half = (z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / denom;
  return { low: Math.max(0, centre - half), high: Math.min(1, centre + half) };
}

/**
 * Where the p-quantile of n sorted values lies (linear interpolation between closest ranks, the
 * "R-7" definition used by spreadsheets and numpy): the 0-based ranks to read and the weight of the
 * upper one. SQL reads just those two rows; `fromRanks` finishes the job.
 */
export function quantileRanks(n: number, p: number): { lo: number; hi: number; frac: number } | null {
  if (n <= 0) return null;
  if (!(p >= 0 && p <= 1)) throw new RangeError(`quantile: p must be in [0, 1], got ${p}`);
  const h = (n - 1) * p;
  const lo = Math.floor(h);
  return { lo, hi: Math.min(n - 1, lo + 1), frac: h - lo };
}

export function fromRanks(loValue: number, hiValue: number, frac: number): number {
  return loValue + (hiValue - loValue) * frac;
}

/** The p-quantile of values (any order); null for none. */
export function quantile(values: readonly number[], p: number): number | null {
  const r = quantileRanks(values.length, p);
  if (!r) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return fromRanks(sorted[r.lo]!, sorted[r.hi]!, r.frac);
}

export const median = (values: readonly number[]): number | null => quantile(values, 0.5);

/**
 * The decile (1–10) of the i-th (0-based) of n values sorted ascending, as SQL's NTILE(10) assigns
 * it: the first n mod 10 groups get one extra row. Used to check the SQL and to label buckets.
 */
export function ntile(i: number, n: number, buckets = 10): number {
  if (i < 0 || i >= n) throw new RangeError(`ntile: row ${i} of ${n}`);
  const size = Math.floor(n / buckets);
  const big = n % buckets;
  const bigRows = big * (size + 1);
  return i < bigRows ? Math.floor(i / (size + 1)) + 1 : big + Math.floor((i - bigRows) / Math.max(1, size)) + 1;
}

/** Ratio of two rates, null when either is unknown or the base is zero. */
export function lift(matchRate: number | null, otherRate: number | null): number | null {
  if (matchRate === null || otherRate === null || otherRate === 0) return null;
  return matchRate / otherRate;
}

/** a / b, null when b is 0 or either is null: for costs per MQL, revenue per MQL, CAC and ROI. */
export function ratio(a: number | null, b: number | null): number | null {
  if (a === null || b === null || b === 0) return null;
  return a / b;
}
