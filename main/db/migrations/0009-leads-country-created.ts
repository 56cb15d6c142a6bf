import type { Database } from 'better-sqlite3';

/**
 * The leads list filtered by country and sorted by creation date (its default sort) walked the
 * creation-date index and read each row to check the country: with a text search on top, tens of
 * thousands of rows for one page (p95 40 ms on 1M leads). With the country first, the walk visits
 * that country's leads only, already in date order, and checks the search by rowid from the index.
 */
export function up(db: Database): void {
  db.exec('CREATE INDEX IF NOT EXISTS leads_country_created ON leads(country, created_at, id)');
}
