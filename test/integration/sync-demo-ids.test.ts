import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDemo } from '../../main/services/demo/index.js';
import { createTestDb, type TestDb } from '../helpers/test-db.js';

/**
 * Sync merges leads and outcomes that share a CRM id (their natural key): two laptops with demos
 * of different seeds must share none, or unrelated demo people merge into one.
 */
describe('demo CRM ids and sync', () => {
  const made: TestDb[] = [];
  const demo = async (seed: string) => {
    const t = createTestDb();
    made.push(t);
    await generateDemo(t.db, { leads: 400, seed, endDate: Date.UTC(2026, 10, 1) });
    return t;
  };
  let one: TestDb;
  let again: TestDb;
  let other: TestDb;
  beforeAll(async () => {
    [one, again, other] = [await demo('laptop one'), await demo('laptop one'), await demo('laptop two')];
  }, 120_000);
  afterAll(() => made.forEach((t) => t.cleanup()));

  const ids = (t: TestDb, table: 'leads' | 'outcomes') => t.db.prepare(`SELECT external_id FROM ${table} WHERE external_id IS NOT NULL ORDER BY external_id`).pluck().all() as string[];

  it('differ between seeds, for leads and outcomes alike, and stay the same for one seed', () => {
    for (const table of ['leads', 'outcomes'] as const) {
      const mine = ids(one, table);
      expect(mine.length).toBeGreaterThan(0);
      expect(ids(again, table)).toEqual(mine);
      const theirs = new Set(ids(other, table));
      expect(mine.filter((id) => theirs.has(id))).toEqual([]);
    }
  });
});
