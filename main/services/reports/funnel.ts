import type { Db } from '../../db/connection.js';
import { funnelCounts, stepQuantiles, type CohortCounts, type Step } from '../../db/reports-funnel.repo.js';
import { VELOCITY_STEPS, type Funnel, type FunnelRow, type ReportFilters, type Velocity } from '../../../shared/contracts/reports.js';
import { rate } from '../../../shared/domain/stats.js';

function row(c: CohortCounts): FunnelRow {
  return {
    ...c,
    leadToMql: rate(c.mql, c.leads),
    mqlToSal: rate(c.sal, c.mql),
    salToSql: rate(c.sql, c.sal),
    sqlToWon: rate(c.won, c.sql),
    cumulativeMql: rate(c.mql, c.leads),
    cumulativeSal: rate(c.sal, c.leads),
    cumulativeSql: rate(c.sql, c.leads),
    cumulativeWon: rate(c.won, c.leads),
  };
}

/** The waterfall by cohort month (lead creation, UTC) with step and cumulative conversion. */
export function funnel(db: Db, filters: ReportFilters): Funnel {
  const cohorts = funnelCounts(db, filters);
  const total = cohorts.reduce<CohortCounts>(
    (t, c) => ({
      cohort: 'total',
      leads: t.leads + c.leads,
      mql: t.mql + c.mql,
      sal: t.sal + c.sal,
      sql: t.sql + c.sql,
      won: t.won + c.won,
    }),
    { cohort: 'total', leads: 0, mql: 0, sal: 0, sql: 0, won: 0 },
  );
  return { rows: cohorts.map(row), total: row(total) };
}

/** Median and p80 days of each step of the ladder. */
export function velocity(db: Db, filters: ReportFilters): Velocity {
  const q = stepQuantiles(db, filters);
  return {
    rows: VELOCITY_STEPS.map((step: Step) => {
      const s = q.get(step)!;
      return { step, n: s.n, medianDays: s.median, p80Days: s.p80 };
    }),
  };
}
