import type { Database } from 'better-sqlite3';

/**
 * Indexes that let each report with its default filters read only index pages, in the order it
 * needs, instead of table rows it then sorts (measured in test/bench/reports.bench.ts):
 * - funnel: (cohort, stage times) of live leads covers the scan and delivers it grouped by cohort;
 * - offers: the MQLs' first offer and stages, partial on live MQLs;
 * - velocity: one expression index per step on its duration, partial on the leads that made the
 *   step, so a quantile is an index walk to a rank (LIMIT 2 OFFSET k) rather than a sort;
 * - reasons and SLA: covering partial indexes on live handoffs and outcomes, per rep the decision
 *   hours in order; a partial index of deleted leads, so those queries skip the join to the rollup.
 * Columns repeated after the key make an index covering (SQLite reads the predicate's columns too).
 * The first version of 0006 (in workspaces made while it was being written) had an
 * outcomes(result, closed_at) index that SQLite preferred over outcomes(lead_id) for the rollup's
 * per-lead lookups; it is dropped here if present.
 */
export const STEP_INDEXES = {
  leadToMql: ['created_at', 'mql_at'],
  mqlToSal: ['mql_at', 'sal_at'],
  salToSql: ['sal_at', 'sql_at'],
  sqlToWon: ['sql_at', 'won_at'],
  leadToWon: ['created_at', 'won_at'],
} as const;

/** The predicate of a step's partial index; a query must state it verbatim (over `r`) for SQLite to use it. */
export const stepWhere = (a: string, b: string): string =>
  `r.deleted = 0 AND r.${b} IS NOT NULL AND r.${a} IS NOT NULL AND r.${b} >= r.${a}`;

export function up(db: Database): void {
  db.exec(`
    DROP INDEX IF EXISTS outcomes_result_closed;

    CREATE INDEX lead_rollup_funnel ON lead_rollup(cohort, mql_at, sal_at, sql_at, won_at) WHERE deleted = 0;
    CREATE INDEX lead_rollup_offers ON lead_rollup(offer_id, campaign_id, sal_at, sql_at, won_at, revenue, mql_at, deleted)
      WHERE mql_at IS NOT NULL AND deleted = 0;
    CREATE INDEX lead_rollup_deleted ON lead_rollup(lead_id) WHERE deleted = 1;

    CREATE INDEX handoffs_report ON handoffs(decision, reason_id, decided_at, rep_id, version_id, lead_id) WHERE deleted = 0;
    CREATE INDEX handoffs_sla ON handoffs(rep_id, decision, sla_due_at, decided_at, handed_at, version_id, lead_id) WHERE deleted = 0;
    CREATE INDEX handoffs_decision_hours ON handoffs(rep_id, (decided_at - handed_at), lead_id, decision, decided_at, handed_at, deleted)
      WHERE deleted = 0 AND decision <> 'pending' AND decided_at IS NOT NULL AND decided_at >= handed_at;
    CREATE INDEX handoffs_decision_hours_all ON handoffs((decided_at - handed_at), lead_id, decision, decided_at, handed_at, deleted)
      WHERE deleted = 0 AND decision <> 'pending' AND decided_at IS NOT NULL AND decided_at >= handed_at;
    CREATE INDEX outcomes_report ON outcomes(result, loss_reason_id, closed_at, lead_id, competitor) WHERE deleted = 0;
  `);
  for (const [step, [a, b]] of Object.entries(STEP_INDEXES)) {
    // Partial-index predicates cannot use the alias; they name the columns plainly.
    const where = stepWhere(a, b).replaceAll('r.', '');
    // The columns after the duration make the index covering: the WHERE is checked without the table.
    db.exec(`CREATE INDEX lead_rollup_step_${step} ON lead_rollup((${b} - ${a}), ${a}, ${b}, deleted) WHERE ${where}`);
  }
}
