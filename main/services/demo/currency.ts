import type { Db } from '../../db/connection.js';
import { setReportingCurrency, upsertRate } from '../../db/currency.repo.js';

/**
 * The demo company reports in euros (it sits in Amsterdam); its US and UK deals and its campaign
 * costs are in dollars, converted at one rate the team entered when the history starts.
 */
export const DEMO_REPORTING_CURRENCY = 'EUR';
export const DEMO_RATES: Readonly<Record<string, number>> = { USD: 0.92 };

/** An amount in the demo's reporting currency, as migration 0023's SQL converts it (same multiplication). */
export const inDemoReporting = (amount: number, currency: string): number =>
  currency === DEMO_REPORTING_CURRENCY ? amount : amount * DEMO_RATES[currency]!;

/**
 * Written after lead_rollup is filled (from amounts as recorded: the worker's scratch file has no
 * rates) and its triggers are back: setting the reporting currency recomputes the won leads' revenue.
 * The rates go in first, so that happens once.
 */
export function writeDemoCurrency(db: Db, at: number): void {
  for (const [code, rate] of Object.entries(DEMO_RATES)) upsertRate(db, code, DEMO_REPORTING_CURRENCY, rate, at);
  setReportingCurrency(db, DEMO_REPORTING_CURRENCY, at);
}
