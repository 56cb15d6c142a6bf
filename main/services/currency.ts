import type { Db } from '../db/connection.js';
import { appendAudit } from '../db/audit.repo.js';
import * as repo from '../db/currency.repo.js';
import { now } from '../db/ids.js';
import type { CurrencySettings } from '../../shared/contracts/currency.js';
import { AppError } from '../../shared/errors.js';
import { current as currentUser, requireOwner } from './users.js';

/** The team's reporting currency and exchange rates (Settings): what revenue and cost are summed in. */

export function get(db: Db): CurrencySettings {
  const base = repo.reportingCurrency(db);
  return { reportingCurrency: base, rates: base ? repo.ratesAgainst(db, base) : [], used: repo.currencyUses(db) };
}

function audit(db: Db, action: string, entityId: string, before: unknown, after: unknown, at: number): void {
  appendAudit(db, { userId: currentUser(db)?.id ?? null, entity: 'currency', entityId, action, before, after }, at);
}

/**
 * Rates entered against the old reporting currency stay (a switch back finds them); those the new
 * one lacks are carried over by cross rate through the old one when it had a rate for the new one:
 * 1 X = r(X) old and 1 new = r(new) old, so 1 X = r(X) / r(new) new, and 1 old = 1 / r(new) new.
 */
/** Every revenue, cost and ROI figure moves with these: an owner's decision, as the criteria are. */
const OWNER_WORK = 'change the reporting currency and exchange rates';

export function setReporting(db: Db, code: string | null): CurrencySettings {
  return db.transaction(() => {
    requireOwner(db, OWNER_WORK);
    const at = now();
    const before = repo.reportingCurrency(db);
    if (before === code) return get(db);
    if (code && before) {
      const old = repo.ratesAgainst(db, before);
      const pivot = old.find((r) => r.code === code)?.rate;
      if (pivot) {
        const have = new Set(repo.ratesAgainst(db, code).map((r) => r.code));
        const carried = [...old.filter((r) => r.code !== code).map((r) => ({ code: r.code, rate: r.rate / pivot })), { code: before, rate: 1 / pivot }];
        for (const r of carried) if (!have.has(r.code)) repo.upsertRate(db, r.code, code, r.rate, at);
      }
    }
    repo.setReportingCurrency(db, code, at);
    audit(db, 'currency.reporting_set', 'reporting_currency', { code: before }, { code }, at);
    return get(db);
  })();
}

function mustHaveBase(db: Db, code: string): string {
  const base = repo.reportingCurrency(db);
  if (!base) throw new AppError('validation', 'Choose a reporting currency first: rates are entered against it.');
  if (base === code) throw new AppError('validation', `${code} is the reporting currency; its rate is 1.`);
  return base;
}

export function setRate(db: Db, code: string, rate: number): CurrencySettings {
  return db.transaction(() => {
    requireOwner(db, OWNER_WORK);
    const base = mustHaveBase(db, code);
    const at = now();
    const before = repo.ratesAgainst(db, base).find((r) => r.code === code)?.rate ?? null;
    repo.upsertRate(db, code, base, rate, at);
    audit(db, 'currency.rate_set', `${code}/${base}`, { rate: before }, { rate }, at);
    return get(db);
  })();
}

export function removeRate(db: Db, code: string): CurrencySettings {
  return db.transaction(() => {
    requireOwner(db, OWNER_WORK);
    const base = mustHaveBase(db, code);
    const at = now();
    const before = repo.ratesAgainst(db, base).find((r) => r.code === code)?.rate;
    if (!repo.removeRate(db, code, base, at)) throw new AppError('not_found', `No rate for ${code} against ${base}.`);
    audit(db, 'currency.rate_removed', `${code}/${base}`, { rate: before }, null, at);
    return get(db);
  })();
}
