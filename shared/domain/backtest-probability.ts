import { wilson, type Interval } from './stats.js';

/**
 * A calibrated win probability per score. Observed win rates by score are noisy and need not rise
 * with the score; isotonic regression (pool adjacent violators, weighted by leads) gives the closest
 * non-decreasing curve, which is what "more points, likelier to win" promises. Each band of pooled
 * scores carries its own counts and a Wilson interval, so a thin band shows how little it knows.
 */

export interface ScoreCount {
  /** Lowest and highest score of the group (equal for one score). */
  minScore: number;
  maxScore: number;
  n: number;
  won: number;
}

export interface ProbabilityBand extends ScoreCount {
  probability: number;
  interval: Interval | null;
}

export function isotonic(groups: readonly ScoreCount[]): ProbabilityBand[] {
  const sorted = groups.filter((g) => g.n > 0).sort((a, b) => a.minScore - b.minScore);
  const stack: ScoreCount[] = [];
  for (const g of sorted) {
    let cur = { ...g };
    while (stack.length > 0) {
      const top = stack[stack.length - 1]!;
      if (top.won / top.n < cur.won / cur.n) break;
      stack.pop();
      cur = { minScore: top.minScore, maxScore: Math.max(top.maxScore, cur.maxScore), n: top.n + cur.n, won: top.won + cur.won };
    }
    stack.push(cur);
  }
  return stack.map((g) => ({ ...g, probability: g.won / g.n, interval: wilson(g.won, g.n) }));
}

/**
 * Pool scores into at most `maxBands` bands of similar size before the isotonic fit, so a curve
 * over a million leads is a readable table; then merge violators.
 */
export function probabilityBands(counts: readonly ScoreCount[], maxBands = 10): ProbabilityBand[] {
  const sorted = counts.filter((c) => c.n > 0).sort((a, b) => a.minScore - b.minScore);
  const total = sorted.reduce((s, c) => s + c.n, 0);
  if (total === 0) return [];
  const target = total / maxBands;
  const pooled: ScoreCount[] = [];
  let cur: ScoreCount | null = null;
  for (const c of sorted) {
    if (cur && cur.n >= target) {
      pooled.push(cur);
      cur = null;
    }
    cur = cur ? { minScore: cur.minScore, maxScore: c.maxScore, n: cur.n + c.n, won: cur.won + c.won } : { ...c };
  }
  if (cur) pooled.push(cur);
  return isotonic(pooled);
}

/** The band a score falls in: the last band starting at or below it (scores below all bands get the first). */
export function probabilityAt(bands: readonly ProbabilityBand[], score: number): ProbabilityBand | null {
  let hit: ProbabilityBand | null = bands[0] ?? null;
  for (const b of bands) if (b.minScore <= score) hit = b;
  return hit;
}
