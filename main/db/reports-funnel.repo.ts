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

/**
 * Leads per creation month and how many of them reached each stage. With a filter, one scan of the
 * rollup. Without one, two walks in cohort order: every live lead counted along lead_rollup_funnel,
 * and the later stages counted over the MQLs only along lead_rollup_funnel_mql (migration 0018; named,
 * as SQLite without statistics takes lead_rollup_funnel for both).
 */
export function funnelCounts(db: Db, f: ReportFilters): CohortCounts[] {
  const w = rollupWhere(db, f);
  const unfiltered = f.from === undefined && f.to === undefined && f.version === undefined && !f.campaignId && !f.channel && !f.repId;
  // A file not yet at migration 0018 (the upgrade tests read one) has only the one-pass index.
  const mqlIndex = db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'index' AND name = 'lead_rollup_funnel_mql'`).get() !== undefined;
  if (!unfiltered || !mqlIndex)
    return db
      .prepare(
        `SELECT r.cohort AS cohort, count(*) AS leads, count(r.mql_at) AS mql, count(r.sal_at) AS sal,
                count(r.sql_at) AS sql, count(r.won_at) AS won
         FROM lead_rollup r WHERE ${w.sql} GROUP BY r.cohort ORDER BY r.cohort`,
      )
      .all(...w.params) as CohortCounts[];
  const leads = db
    .prepare(`SELECT r.cohort, count(*) FROM lead_rollup r WHERE r.deleted = 0 GROUP BY r.cohort ORDER BY r.cohort`)
    .raw()
    .all() as [string, number][];
  const mqls = db
    .prepare(
      `SELECT r.cohort, count(*), count(r.sal_at), count(r.sql_at), count(r.won_at)
       FROM lead_rollup r INDEXED BY lead_rollup_funnel_mql WHERE r.deleted = 0 AND r.mql_at IS NOT NULL GROUP BY r.cohort`,
    )
    .raw()
    .all() as [string, number, number, number, number][];
  const stages = new Map(mqls.map((m) => [m[0], m]));
  return leads.map(([cohort, n]) => {
    const m = stages.get(cohort);
    return { cohort, leads: n, mql: m?.[1] ?? 0, sal: m?.[2] ?? 0, sql: m?.[3] ?? 0, won: m?.[4] ?? 0 };
  });
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
