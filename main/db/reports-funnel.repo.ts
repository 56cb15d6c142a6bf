import type { Db } from './connection.js';
import type { ReportFilters } from '../../shared/contracts/reports.js';
import { STEP_INDEXES, stepWhere } from './migrations/0007-report-indexes.js';
import { orderedQuantiles, rollupWhere } from './reports-common.repo.js';

export interface CohortCounts {
  cohort: string;
  leads: number;
  mql: number;
  sal: number;
  sql: number;
  won: number;
}

/** Leads per creation month and how many of them reached each stage: one scan of the rollup. */
export function funnelCounts(db: Db, f: ReportFilters): CohortCounts[] {
  const w = rollupWhere(db, f);
  return db
    .prepare(
      `SELECT r.cohort AS cohort, count(*) AS leads, count(r.mql_at) AS mql, count(r.sal_at) AS sal,
              count(r.sql_at) AS sql, count(r.won_at) AS won
       FROM lead_rollup r WHERE ${w.sql} GROUP BY r.cohort ORDER BY r.cohort`,
    )
    .all(...w.params) as CohortCounts[];
}

const DAY_MS = 86_400_000;

export const STEP_COLUMNS = STEP_INDEXES;
export type Step = keyof typeof STEP_INDEXES;

/**
 * Median and p80 days of every step. Each step's durations have an expression index (migration 0007)
 * whose predicate the query repeats, so a quantile is a walk to its rank along that index.
 */
export function stepQuantiles(db: Db, f: ReportFilters): Map<Step, { n: number; median: number | null; p80: number | null }> {
  const w = rollupWhere(db, f);
  const out = new Map<Step, { n: number; median: number | null; p80: number | null }>();
  for (const [step, [a, b]] of Object.entries(STEP_INDEXES) as [Step, readonly [string, string]][]) {
    // INDEXED BY: without statistics SQLite may pick another partial index and read the table.
    const q = orderedQuantiles(db, `lead_rollup r INDEXED BY lead_rollup_step_${step}`, `${stepWhere(a, b)} AND ${w.sql}`, `(r.${b} - r.${a})`, w.params, [0.5, 0.8]);
    out.set(step, {
      n: q.n,
      median: q.values[0] === null ? null : q.values[0]! / DAY_MS,
      p80: q.values[1] === null ? null : q.values[1]! / DAY_MS,
    });
  }
  return out;
}
