import type { Database } from 'better-sqlite3';

/**
 * touchpoints_lead covers what the per-lead readers take (backtest and suggestion chunks, the lift
 * and offer reports' walks, the rescore of a range): type, offer, campaign, channel and the deleted
 * flag join (lead_id, occurred_at). A lead's touchpoints are then one run of index pages instead of a
 * random table page each (touchpoints are stored in the order they were imported, not by lead).
 * Measured on the 1M-lead / 5M-touchpoint demo: a backtest 89 s → 29 s, suggest on 51.6k labelled
 * leads 17 s → 6.8 s; the file grows about 15%. The name stays: it is the same index, wider.
 */
export function up(db: Database): void {
  db.exec(`
    DROP INDEX touchpoints_lead;
    CREATE INDEX touchpoints_lead ON touchpoints(lead_id, occurred_at, type, offer_id, campaign_id, channel, deleted);
  `);
}
