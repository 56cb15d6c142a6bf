import type { Database } from 'better-sqlite3';
import { syncTriggersSql, type SyncedTable } from './0008-sync-outbox.js';

/**
 * A reporting currency and exchange rates, so revenue and cost sum in one currency. Deals come in
 * the currency they were sold in (a team selling in Europe and the US has EUR and USD outcomes), and
 * lead_rollup.revenue added their amounts as they were: the offers report, the backtest and the
 * review pack then compared euros with dollars.
 *
 * - workspace_settings: team-wide settings, synced; one row per key, its id made from the key
 *   (nameBasedId('setting', key)), so two laptops setting a key offline make one row that merges by
 *   last-writer-wins. The first key is reporting_currency.
 * - exchange_rates: "1 code = rate base", synced; id from (code, base). A rate is read only against
 *   the reporting currency it was entered for (base), so a rate entered on one laptop while another
 *   changed the reporting currency is never applied against the wrong base.
 * - lead_rollup.revenue is now the won amounts in the reporting currency: with none set, amounts as
 *   recorded (what it was before, so no row changes here); a currency without a rate adds nothing
 *   and the reports name it. Changing the setting or a rate recomputes the won leads concerned.
 */

/** nameBasedId('setting', 'reporting_currency') (main/sync/ids.ts), frozen here as shipped. */
export const REPORTING_CURRENCY_ID = '6dd648d8-a954-7625-b5c4-3878ac7e7df8';

const BASE = `(SELECT s.value FROM workspace_settings s WHERE s.id = '${REPORTING_CURRENCY_ID}' AND s.deleted = 0)`;

/** The factor from `code` to the reporting currency: 1 with none set or for itself, else the rate, NULL without one. */
export const rateToReportingSql = (code: string): string =>
  `(CASE WHEN ${BASE} IS NULL OR ${BASE} = ${code} THEN 1.0
         ELSE (SELECT x.rate FROM exchange_rates x WHERE x.code = ${code} AND x.base = ${BASE} AND x.deleted = 0) END)`;

export const SYNCED_TABLES_V23_NEW: readonly SyncedTable[] = [
  { name: 'workspace_settings', columns: ['key', 'value', 'created_at', 'updated_at', 'deleted'], appendOnly: false },
  { name: 'exchange_rates', columns: ['code', 'base', 'rate', 'created_at', 'updated_at', 'deleted'], appendOnly: false },
];

/** A lead's won revenue in the reporting currency, over `outcomes o` (as the recompute triggers read it). */
const REVENUE_OF = (lead: string) =>
  `(SELECT coalesce(sum(o.amount * ${rateToReportingSql('o.currency')}), 0) FROM outcomes o WHERE o.lead_id = ${lead} AND o.deleted = 0 AND +o.result = 'won')`;

const recomputeWon = (where: string) =>
  `UPDATE lead_rollup SET revenue = ${REVENUE_OF('lead_rollup.lead_id')}
     WHERE lead_id IN (SELECT o.lead_id FROM outcomes o WHERE o.result = 'won' AND o.deleted = 0 ${where});`;

// The rollup's SQL (its triggers, 0011's rollupRowSql) sums amounts in two shapes; each becomes the converted sum.
const SHAPES: [string, string][] = [
  ['coalesce(sum(o.amount), 0)', `coalesce(sum(o.amount * ${rateToReportingSql('o.currency')}), 0)`],
  ['coalesce(new.amount, 0)', `coalesce(coalesce(new.amount, 0) * ${rateToReportingSql('new.currency')}, 0)`],
  // A deal's currency corrected changes its converted amount.
  ['UPDATE OF lead_id, result, amount,', 'UPDATE OF lead_id, result, amount, currency,'],
];

/** The rollup SQL of 0006/0011 with its amount sums in the reporting currency. */
export function convertAmountSums(sql: string): string {
  // Converted already (an upgrade run again over its own triggers): once is right, twice would multiply twice.
  if (sql.includes(BASE)) return sql;
  for (const [from, to] of SHAPES) sql = sql.split(from).join(to);
  return sql;
}

export function up(db: Database): void {
  // IF NOT EXISTS throughout: a test makes a file of an older version from a new one by dropping only
  // what that version lacked, and upgrades it again (as 0022).
  db.exec(`
    CREATE TABLE IF NOT EXISTS workspace_settings (
      id TEXT PRIMARY KEY,
      key TEXT NOT NULL,
      value TEXT,
      created_at INTEGER NOT NULL,
      updated_at INTEGER NOT NULL,
      deleted INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0,1))
    );
    CREATE TABLE IF NOT EXISTS exchange_rates (
      id TEXT PRIMARY KEY,
      code TEXT NOT NULL,
      base TEXT NOT NULL,
      rate REAL NOT NULL CHECK (rate > 0),
      created_at INTEGER NOT NULL,
      updated_at INTEGER NOT NULL,
      deleted INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0,1))
    );
    CREATE INDEX IF NOT EXISTS exchange_rates_code_base ON exchange_rates(code, base) WHERE deleted = 0;
  `);
  for (const t of SYNCED_TABLES_V23_NEW) db.exec(syncTriggersSql(t).replaceAll('CREATE TRIGGER ', 'CREATE TRIGGER IF NOT EXISTS '));

  const triggers = db
    .prepare(`SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'lead_rollup_%'`)
    .all() as { name: string; sql: string }[];
  const factor = rateToReportingSql('new.currency');
  let converted = 0;
  for (const tr of triggers) {
    const sql = convertAmountSums(tr.sql);
    if (sql !== tr.sql) {
      db.exec(`DROP TRIGGER ${tr.name}`);
      db.exec(sql);
    }
    if (sql.includes(factor)) converted++;
  }
  if (converted === 0) throw new Error('0023: found no lead_rollup trigger that sums outcome amounts');

  // Triggers on the tables the factor reads: a change recomputes the won leads it concerns.
  db.exec(`
    CREATE TRIGGER IF NOT EXISTS reporting_currency_ai AFTER INSERT ON workspace_settings WHEN new.id = '${REPORTING_CURRENCY_ID}' BEGIN
      ${recomputeWon('')}
    END;
    CREATE TRIGGER IF NOT EXISTS reporting_currency_au AFTER UPDATE OF value, deleted ON workspace_settings
      WHEN new.id = '${REPORTING_CURRENCY_ID}' AND (new.value IS NOT old.value OR new.deleted IS NOT old.deleted) BEGIN
      ${recomputeWon('')}
    END;
    CREATE TRIGGER IF NOT EXISTS reporting_currency_ad AFTER DELETE ON workspace_settings WHEN old.id = '${REPORTING_CURRENCY_ID}' BEGIN
      ${recomputeWon('')}
    END;
    CREATE TRIGGER IF NOT EXISTS exchange_rates_rollup_ai AFTER INSERT ON exchange_rates WHEN new.base = ${BASE} BEGIN
      ${recomputeWon('AND o.currency = new.code')}
    END;
    CREATE TRIGGER IF NOT EXISTS exchange_rates_rollup_au AFTER UPDATE OF code, base, rate, deleted ON exchange_rates BEGIN
      ${recomputeWon(`AND o.currency IN (old.code, new.code) AND ${BASE} IN (old.base, new.base)`)}
    END;
    CREATE TRIGGER IF NOT EXISTS exchange_rates_rollup_ad AFTER DELETE ON exchange_rates WHEN old.base = ${BASE} BEGIN
      ${recomputeWon('AND o.currency = old.code')}
    END;
  `);
}
