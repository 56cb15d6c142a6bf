import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { activeVersionId } from '../../main/db/criteria.repo.js';
import { generateDemo } from '../../main/services/demo/index.js';
import * as criteria from '../../main/services/criteria.js';
import { BacktestCancelled, runBacktest, runBacktestInTwo } from '../../main/services/backtest.js';
import { createTestDb, type TestDb } from '../helpers/test-db.js';

describe('backtest in two threads', () => {
  let t: TestDb;
  beforeAll(async () => {
    t = createTestDb();
    await generateDemo(t.db, { leads: 3000, seed: 11, endDate: Date.UTC(2026, 5, 30) });
  }, 120_000);
  afterAll(() => t.cleanup());

  const strip = <T extends { computedAt: number }>(r: T) => ({ ...r, computedAt: 0 });

  it('gives exactly the one-thread result: counts, months, reasons, probability bands and the lead lists in order', async () => {
    const active = activeVersionId(t.db)!;
    const other = criteria.list(t.db).find((v) => v.id !== active)!;
    for (const params of [
      { versionId: active, compareToId: active, decisionDays: 30 },
      { versionId: other.id, compareToId: active, decisionDays: 30 },
      { versionId: other.id, compareToId: active, decisionDays: 14, from: Date.UTC(2026, 0, 1) },
    ]) {
      const one = runBacktest(t.db, params);
      const seen: number[] = [];
      const two = await runBacktestInTwo(t.db, params, { twoThreadsFrom: 0, chunk: 250, onProgress: (done) => seen.push(done) });
      expect(strip(two)).toEqual(strip(one));
      expect(one.candidate.missedWon.leads.length + one.candidate.avoidedRejections.leads.length).toBeGreaterThan(0);
      // Progress reaches the total and never goes past it.
      expect(seen.at(-1)).toBe(one.candidate.leads);
      expect(Math.max(...seen)).toBe(one.candidate.leads);
    }
  }, 120_000);

  it('a cancel stops both threads', async () => {
    const active = activeVersionId(t.db)!;
    await expect(
      runBacktestInTwo(t.db, { versionId: active, compareToId: active, decisionDays: 30 }, { twoThreadsFrom: 0, chunk: 100, isCancelled: () => true }),
    ).rejects.toBeInstanceOf(BacktestCancelled);
  }, 60_000);
});
