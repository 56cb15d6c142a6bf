import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDemo } from '../../main/services/demo/index.js';
import { rescore } from '../../main/services/rescore.js';
import { createTestDb, type TestDb } from '../helpers/test-db.js';

const END = Date.UTC(2026, 10, 1);
const HOUR = 3_600_000;

/**
 * The demo tells what the app would have done: every lead at an MQL level when a rescore ran (v2
 * going live, the last rescore an hour before the end) was handed off then. So the user's first
 * rescore of a fresh demo hands off only what the app's rule adds since: recycled leads whose
 * nurture ended, lost leads active again (the demo does not play second passes).
 */
describe('the demo against the app’s own handoff rule', () => {
  let t: TestDb;
  beforeAll(async () => {
    t = createTestDb();
    await generateDemo(t.db, { leads: 4000, seed: 'consistent', endDate: END });
  }, 120_000);
  afterAll(() => t?.cleanup());

  it('leaves no lead at an MQL level without a handoff; a rescore as of its last one hands off only re-opened or re-engaged leads', () => {
    const v2 = t.db.prepare(`SELECT id FROM criteria_versions WHERE status = 'active'`).pluck().get() as string;
    const orphans = t.db
      .prepare(
        `SELECT count(*) FROM leads l WHERE l.stage IN ('suspect', 'lead') AND l.score_level IS NOT NULL
           AND NOT EXISTS (SELECT 1 FROM handoffs h WHERE h.lead_id = l.id)`,
      )
      .pluck()
      .get();
    expect(orphans).toBe(0);
    const stageBefore = new Map(t.db.prepare('SELECT id, stage FROM leads').raw().all() as [string, string][]);
    const handoffsBefore = new Set(t.db.prepare('SELECT id FROM handoffs').pluck().all() as string[]);
    rescore(t.db, v2, { asOf: END - HOUR });
    const made = (t.db.prepare('SELECT id, lead_id FROM handoffs').raw().all() as [string, string][]).filter(([id]) => !handoffsBefore.has(id));
    // What a rescore may rightly add: recycled leads whose nurture ended, lost leads active since the loss.
    const from = [...new Set(made.map(([, lead]) => stageBefore.get(lead)))].sort();
    expect(from.every((s) => s === 'recycled' || s === 'lost')).toBe(true);
    expect(made.length).toBeLessThan(4000 * 0.03);
  });
});
