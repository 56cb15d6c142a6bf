import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openWorkspace } from '../../main/db/connection.js';
import * as reports from '../../main/services/reports/index.js';
import { buildReportFixture } from '../helpers/report-fixture.js';
import { tempDir } from '../helpers/test-db.js';

const bin = join(process.cwd(), 'bin', 'leadpact.mjs');
const cli = (args: string[]) => {
  const r = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', timeout: 120_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
};

describe('leadpact currency', () => {
  let t: ReturnType<typeof tempDir>;
  let file: string;
  beforeAll(() => {
    t = tempDir();
    file = join(t.dir, 'w.db');
    const db = openWorkspace(file, { create: true });
    buildReportFixture(db);
    db.close();
  });
  afterAll(() => t.cleanup());

  const adsRevenue = () => {
    const db = openWorkspace(file);
    try {
      return reports.offers(db, {}, 'first').rows.find((r) => r.group === 'campaign' && r.label === 'Ads')!.revenue;
    } finally {
      db.close();
    }
  };

  it('shows what is in use, sets the reporting currency and a rate, and the reports follow', () => {
    const show = cli(['currency', file]);
    expect(show.code).toBe(0);
    expect(show.out).toContain('Reporting currency: none (amounts summed as recorded)');
    expect(show.out).toContain('USD: 1 won deal(s), 4 cost(s)');
    const set = cli(['currency', file, '--report-in', 'eur', '--rate', 'USD=0,9']);
    expect(set.err).toBe('');
    expect(set.out).toContain('Reporting currency: EUR');
    expect(set.out).toContain('1 USD = 0.9 EUR');
    expect(adsRevenue()).toBeCloseTo(1000 + 2700, 9);
    const json = JSON.parse(cli(['currency', file, '--json']).out) as { reportingCurrency: string; rates: { code: string; rate: number }[] };
    expect(json).toMatchObject({ reportingCurrency: 'EUR', rates: [{ code: 'USD', rate: 0.9 }] });
    const removed = cli(['currency', file, '--remove', 'USD']);
    expect(removed.out).toContain('USD: 1 won deal(s), 4 cost(s) — no rate, left out of the sums');
    expect(adsRevenue()).toBe(1000);
  });

  it('refuses bad flags with one line and changes nothing, even half of a call', () => {
    const before = readFileSync(file);
    for (const [args, message] of [
      [['--rate', 'USD:0.9'], '--rate must be CODE=RATE with a rate above zero, such as USD=0.92 (got "USD:0.9").'],
      [['--rate', 'USD=0'], '--rate must be CODE=RATE'],
      [['--report-in', 'EURO'], '--report-in needs a three-letter currency code such as EUR (got "EURO").'],
      // The currency would be set, then the rate is refused: the whole call is undone.
      [['--report-in', 'USD', '--rate', 'USD=2'], 'USD is the reporting currency; its rate is 1.'],
    ] as const) {
      const r = cli(['currency', file, ...args]);
      expect(r.code, args.join(' ')).not.toBe(0);
      expect(r.err).toContain(message);
      expect(r.err.trim().split('\n')).toHaveLength(1);
    }
    expect(readFileSync(file).equals(before)).toBe(true);
  });
});
