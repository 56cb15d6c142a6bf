import { openWorkspace } from '../db/connection.js';
import { CurrencyCodeSchema, type CurrencySettings } from '../../shared/contracts/currency.js';
import { AppError } from '../../shared/errors.js';
import * as currency from '../services/currency.js';
import type { Command } from './commands.js';
import { parseRate } from '../../shared/domain/currency.js';

const str = (v: string | boolean | undefined) => (typeof v === 'string' ? v : undefined);

function code(v: string, flag: string): string {
  const c = v.trim().toUpperCase();
  if (!CurrencyCodeSchema.safeParse(c).success) throw new AppError('validation', `${flag} needs a three-letter currency code such as EUR (got "${v}").`);
  return c;
}

/** "USD=0.92" (a comma decimal is read as one). */
function rate(v: string): { code: string; rate: number } {
  const m = /^\s*([A-Za-z]{3})\s*=(.*)$/.exec(v);
  const n = m ? parseRate(m[2]!) : null;
  if (!m || n === null) throw new AppError('validation', `--rate must be CODE=RATE with a rate above zero, such as USD=0.92 (got "${v}").`);
  return { code: code(m[1]!, '--rate'), rate: n };
}

function print(s: CurrencySettings, out: (line: string) => void): void {
  out(s.reportingCurrency ? `Reporting currency: ${s.reportingCurrency}` : 'Reporting currency: none (amounts summed as recorded)');
  for (const r of s.rates) out(`  1 ${r.code} = ${r.rate} ${s.reportingCurrency}`);
  for (const u of s.used) out(`  ${u.code}: ${u.wonDeals} won deal(s), ${u.costLines} cost(s)${u.converted ? '' : ' — no rate, left out of the sums'}`);
}

export const currencyCommands: Record<string, Command> = {
  currency: {
    usage: 'leadpact currency <file.db> [--report-in EUR|none] [--rate USD=0.92] [--remove USD] [--json]',
    summary: 'Show or set the reporting currency and its exchange rates (what revenue and cost are summed in).',
    options: {
      'report-in': { type: 'string', description: 'the reporting currency, or "none" to sum amounts as recorded' },
      rate: { type: 'string', description: 'set a rate against the reporting currency: CODE=RATE, 1 CODE = RATE of it' },
      remove: { type: 'string', description: 'remove the rate of this currency' },
      json: { type: 'boolean', description: 'print JSON' },
    },
    positionals: ['file'],
    async run({ positionals: [file], values }, io) {
      const reportIn = str(values['report-in']);
      const base = reportIn === undefined ? undefined : reportIn.trim().toLowerCase() === 'none' ? null : code(reportIn, '--report-in');
      const set = str(values.rate) === undefined ? undefined : rate(str(values.rate)!);
      const remove = str(values.remove) === undefined ? undefined : code(str(values.remove)!, '--remove');
      const db = openWorkspace(file!);
      try {
        // One transaction: a rate refused after the currency was set leaves the currency as it was.
        const s = db.transaction(() => {
          let s = currency.get(db);
          if (base !== undefined) s = currency.setReporting(db, base);
          if (set) s = currency.setRate(db, set.code, set.rate);
          if (remove) s = currency.removeRate(db, remove);
          return s;
        })();
        if (values.json) io.out(JSON.stringify(s, null, 2));
        else print(s, (line) => io.out(line));
      } finally {
        db.close();
      }
    },
  },
};
