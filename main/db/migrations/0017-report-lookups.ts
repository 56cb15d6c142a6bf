import type { Database } from 'better-sqlite3';

/**
 * Lookups the win/loss reports made through wide table rows (measured on the 1M-lead demo with
 * test/bench/reports.bench.ts):
 * - scores_lead_total: calibration reads the (version, total, rowid) of every won lead's score; the
 *   unique (lead_id, version_id) index gave the rowid only, so each won lead cost a fetch of its score
 *   row (which carries the contributions JSON). A score's total changes with each rescore, so this
 *   index is written where scores_version already is.
 * - handoffs_sla_marks: the SLA report's counters need a handoff's times only when it is pending,
 *   has no due time, or was decided late or without a usable decision time (a quarter of the demo's
 *   handoffs); the others are counted along handoffs_sla with nothing to compute, and these looked at
 *   along this index (covering: the columns of the report's filters are in it).
 * - outcomes_won_currency: the offers report lists the currencies of the won deals it sums; with
 *   (result, currency) it steps from one currency to the next and checks each against the filter,
 *   instead of looking up the lead of every won outcome.
 */
export function up(db: Database): void {
  db.exec(`
    CREATE INDEX scores_lead_total ON scores(lead_id, version_id, total);
    CREATE INDEX handoffs_sla_marks ON handoffs(rep_id, decision, sla_due_at, decided_at, handed_at, version_id, lead_id, deleted)
      WHERE deleted = 0 AND (decision = 'pending' OR sla_due_at IS NULL OR decided_at IS NULL OR decided_at > sla_due_at OR decided_at < handed_at);
    CREATE INDEX outcomes_won_currency ON outcomes(result, currency, lead_id) WHERE deleted = 0;
  `);
}
