import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../main/db/connection.js';
import { generateDemo, type DemoTuning } from '../../main/services/demo/index.js';
import { gatherEvidence } from '../../main/services/reviews-proposals.js';
import { createTestDb, type TestDb } from '../helpers/test-db.js';

/**
 * The past review's backtest is tallied from the simulation (review-feed.ts) instead of reading the
 * written rows back. Both ways must give the same review, figure for figure: the same demo is
 * generated both ways, on one thread and on two, and the evidence is gathered again from the rows.
 */
const LEADS = 4000;
const END = Date.UTC(2026, 10, 1);

const generated = async (seed: string, tuning: Partial<DemoTuning>): Promise<TestDb> => {
  const t = createTestDb();
  await generateDemo(t.db, { leads: LEADS, seed, endDate: END }, tuning);
  return t;
};
const reviewRows = (db: Db) => ({
  reviews: db.prepare('SELECT * FROM reviews ORDER BY id').all(),
  proposals: db.prepare('SELECT * FROM review_proposals ORDER BY id').all() as { version_id: string; backtest: string }[],
});

describe('the demo review backtest fed from the simulation', () => {
  const made: TestDb[] = [];
  const cases: { name: string; fed: TestDb; read: TestDb }[] = [];

  beforeAll(async () => {
    for (const [seed, parallel] of [
      ['feed-one', false],
      ['feed-two', true],
    ] as const) {
      const fed = await generated(seed, { parallel });
      const read = await generated(seed, { parallel, reviewFeed: false });
      made.push(fed, read);
      cases.push({ name: `${seed} (${parallel ? 'two threads' : 'one thread'})`, fed, read });
    }
  }, 120_000);
  afterAll(() => {
    for (const t of made) t.cleanup();
  });

  it('writes the same review and proposal rows as reading the rows back', () => {
    for (const c of cases) {
      const fed = reviewRows(c.fed.db);
      expect(fed.proposals, c.name).toHaveLength(1);
      expect(fed, c.name).toEqual(reviewRows(c.read.db));
    }
  });

  it('carries real figures: a backtest against v1 with MQLs, decisions, SQLs and won revenue in it', () => {
    for (const c of cases) {
      const { backtest, backtestError } = JSON.parse(reviewRows(c.fed.db).proposals[0]!.backtest) as {
        backtest: { candidate: Record<string, number>; baseline: Record<string, number> | null; monthly: unknown[] };
        backtestError: string | null;
      };
      expect(backtestError, c.name).toBeNull();
      for (const side of [backtest.candidate, backtest.baseline!]) {
        expect(side.mqls, c.name).toBeGreaterThan(50);
        expect(side.acceptanceRate, c.name).toBeGreaterThan(0);
        expect(side.sqlRate, c.name).toBeGreaterThan(0);
        expect(side.won, c.name).toBeGreaterThan(0);
        expect(side.revenue, c.name).toBeGreaterThan(0);
      }
      expect(backtest.candidate.avoidedRejections, c.name).toBeGreaterThan(0);
      expect(backtest.monthly.length, c.name).toBeGreaterThan(3);
    }
  });

  it('equals the evidence gathered again from the committed rows', () => {
    for (const c of cases) {
      const db = c.fed.db;
      const row = reviewRows(db).proposals[0]!;
      const stored = JSON.parse(row.backtest) as { computedAt: number; change: string };
      const v1 = db.prepare('SELECT id FROM criteria_versions WHERE number = 1').pluck().get() as string;
      const again = gatherEvidence(db, row.version_id, { text: stored.change, candidateKey: '' }, stored.computedAt, {
        compareToId: v1,
        to: stored.computedAt,
        suggest: false,
      });
      expect(again, c.name).toEqual(stored);
    }
  });
});
