import type { Database } from 'better-sqlite3';

/**
 * lead_rollup_funnel_mql: the funnel's stage counts over the MQLs alone (a fifth of the demo's
 * leads), in cohort order. Unfiltered, the funnel counts every lead per cohort along
 * lead_rollup_funnel and the later stages along this index, instead of reading four stage columns of
 * every lead. mql_at and deleted are repeated after the key so the walk reads index pages only
 * (SQLite reads the predicate's columns too).
 */
export function up(db: Database): void {
  db.exec(`CREATE INDEX lead_rollup_funnel_mql ON lead_rollup(cohort, sal_at, sql_at, won_at, mql_at, deleted) WHERE deleted = 0 AND mql_at IS NOT NULL`);
}
