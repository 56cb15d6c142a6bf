import type { Db } from './connection.js';
import { stmt } from './statements.js';
import { REPORTING_CURRENCY_ID } from './migrations/0023-reporting-currency.js';
import { nameBasedId } from '../sync/ids.js';
import type { CurrencyUse, ExchangeRate } from '../../shared/contracts/currency.js';

/** Reporting currency and exchange rates (migration 0023); writes go through the synced tables. */

export const rateId = (code: string, base: string): string => nameBasedId('exchange-rate', code, base);

export function reportingCurrency(db: Db): string | null {
  const r = stmt(db, 'SELECT value FROM workspace_settings WHERE id = ? AND deleted = 0').get(REPORTING_CURRENCY_ID) as { value: string | null } | undefined;
  return r?.value ?? null;
}

export function setReportingCurrency(db: Db, code: string | null, at: number): void {
  stmt(
    db,
    `INSERT INTO workspace_settings (id, key, value, created_at, updated_at) VALUES (?, 'reporting_currency', ?, ?, ?)
     ON CONFLICT (id) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at, deleted = 0
     WHERE value IS NOT excluded.value OR deleted = 1`,
  ).run(REPORTING_CURRENCY_ID, code, at, at);
}

export function ratesAgainst(db: Db, base: string): ExchangeRate[] {
  return stmt(db, 'SELECT code, rate, updated_at AS updatedAt FROM exchange_rates WHERE base = ? AND deleted = 0 ORDER BY code').all(base) as ExchangeRate[];
}

export function upsertRate(db: Db, code: string, base: string, rate: number, at: number): void {
  stmt(
    db,
    `INSERT INTO exchange_rates (id, code, base, rate, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (id) DO UPDATE SET rate = excluded.rate, updated_at = excluded.updated_at, deleted = 0
     WHERE rate IS NOT excluded.rate OR deleted = 1`,
  ).run(rateId(code, base), code, base, rate, at, at);
}

/** Soft delete, as every synced row; true when there was a live rate. */
export function removeRate(db: Db, code: string, base: string, at: number): boolean {
  return stmt(db, 'UPDATE exchange_rates SET deleted = 1, updated_at = ? WHERE id = ? AND deleted = 0').run(at, rateId(code, base)).changes > 0;
}

/**
 * The currencies of live won deals and of recorded costs (offers' and campaigns' own), with their
 * counts; `converted` from the reporting currency's rates (all true with none set).
 */
export function currencyUses(db: Db): CurrencyUse[] {
  const rows = stmt(
    db,
    `WITH RECURSIVE won(c) AS (
       SELECT (SELECT min(currency) FROM outcomes WHERE result = 'won' AND deleted = 0)
       UNION ALL
       SELECT (SELECT min(currency) FROM outcomes WHERE result = 'won' AND deleted = 0 AND currency > won.c) FROM won WHERE won.c IS NOT NULL
     ), costs AS (
       SELECT currency AS c, count(*) AS n FROM (
         SELECT currency FROM offers WHERE deleted = 0 AND cost > 0
         UNION ALL SELECT currency FROM campaigns WHERE deleted = 0 AND cost > 0
       ) GROUP BY currency
     ), codes AS (SELECT c FROM won WHERE c IS NOT NULL UNION SELECT c FROM costs)
     SELECT codes.c AS code,
            -- Counted along outcomes_won_currency (result, currency, lead_id): index entries only.
            (SELECT count(*) FROM outcomes o WHERE o.result = 'won' AND o.currency = codes.c AND o.deleted = 0) AS wonDeals,
            coalesce((SELECT n FROM costs WHERE costs.c = codes.c), 0) AS costLines
       FROM codes ORDER BY codes.c`,
  ).all() as Omit<CurrencyUse, 'converted'>[];
  const base = reportingCurrency(db);
  const rated = new Set(base ? ratesAgainst(db, base).map((r) => r.code) : []);
  return rows.map((r) => ({ ...r, converted: base === null || r.code === base || rated.has(r.code) }));
}
