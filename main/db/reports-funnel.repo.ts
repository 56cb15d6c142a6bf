import type { Db } from './connection.js';
import type { ReportFilters } from '../../shared/contracts/reports.js';
import { groupQuantiles, rollupWhere } from './reports-common.repo.js';

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

/** Each step's start and end column in the rollup (fixed names, never input). */
export const STEP_COLUMNS = {
  leadToMql: ['r.created_at', 'r.mql_at'],
  mqlToSal: ['r.mql_at', 'r.sal_at'],
  salToSql: ['r.sal_at', 'r.sql_at'],
  sqlToWon: ['r.sql_at', 'r.won_at'],
  leadToWon: ['r.created_at', 'r.won_at'],
} as const;
export type Step = keyof typeof STEP_COLUMNS;

/**
 * Median and p80 days of every step, in one statement: the durations of all steps are stacked with
 * the step as the group, sorted per group by SQLite, and only the order statistics come back.
 */
export function stepQuantiles(db: Db, f: ReportFilters): Map<Step, { n: number; median: number | null; p80: number | null }> {
  const w = rollupWhere(db, f);
  const parts: string[] = [];
  const params: unknown[] = [];
  for (const [step, [a, b]] of Object.entries(STEP_COLUMNS)) {
    parts.push(
      `SELECT '${step}', (${b} - ${a}) / ${DAY_MS}.0 FROM lead_rollup r WHERE ${w.sql} AND ${b} IS NOT NULL AND ${a} IS NOT NULL AND ${b} >= ${a}`,
    );
    params.push(...w.params);
  }
  const q = groupQuantiles(db, parts.join(' UNION ALL '), params, [0.5, 0.8]);
  const out = new Map<Step, { n: number; median: number | null; p80: number | null }>();
  for (const step of Object.keys(STEP_COLUMNS) as Step[]) {
    const g = q.get(step);
    out.set(step, { n: g?.n ?? 0, median: g?.values[0] ?? null, p80: g?.values[1] ?? null });
  }
  return out;
}
