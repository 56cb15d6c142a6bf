import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../main/db/connection.js';
import { expectedRollupRows, rollupRows } from '../../main/db/rollup.repo.js';
import { enrollExistingRows } from '../../main/db/sync-outbox.repo.js';
import { generateDemo, type DemoTuning } from '../../main/services/demo/index.js';
import { BULK_TABLES } from '../../main/services/demo/writer.js';
import { createTestDb, type TestDb } from '../helpers/test-db.js';

/**
 * The demo drops the bulk tables' row triggers (lead_rollup upserts, sync outbox) for its load, fills
 * lead_rollup in one statement and leaves the outbox to the first sync's enrolment. Both must give
 * what the triggers would have: the same demo is generated both ways and compared.
 */
const LEADS = 3000;
const END = Date.UTC(2026, 10, 1);

async function generated(tuning: Partial<DemoTuning>, steps: string[] = []): Promise<TestDb> {
  const t = createTestDb();
  await generateDemo(
    t.db,
    { leads: LEADS, seed: 'rollup-both-ways', endDate: END },
    { ...tuning, trace: (step) => steps.push(step) },
  );
  return t;
}

const marks = BULK_TABLES.map(() => '?').join(',');
/** The bulk tables' outbox rows as a sorted list of (table, row, columns); `at` differs by design. */
const outboxOf = (db: Db): [string, string, unknown][] =>
  (
    db
      .prepare(`SELECT tbl, row_id, cols FROM sync_outbox WHERE tbl IN (${marks}) ORDER BY tbl, row_id`)
      .raw()
      .all(...BULK_TABLES) as [string, string, string][]
  ).map(([tbl, row, cols]) => [tbl, row, JSON.parse(cols)]);

describe('demo without row triggers', () => {
  let bulk: TestDb;
  let triggered: TestDb;
  let oneThread: TestDb;
  const steps: string[] = [];

  beforeAll(async () => {
    // The worker fills the rollup next to the funnel tables it writes; one thread fills it after its load.
    bulk = await generated({ parallel: true }, steps);
    oneThread = await generated({ parallel: false });
    triggered = await generated({ rowTriggers: true });
  }, 120_000);
  afterAll(() => {
    bulk?.cleanup();
    oneThread?.cleanup();
    triggered?.cleanup();
  });

  it('fills lead_rollup row for row as the triggers do', () => {
    const fromTriggers = rollupRows(triggered.db);
    const filled = rollupRows(bulk.db);
    expect(fromTriggers.length).toBe(LEADS);
    // The story reaches every rung, so each column is really compared.
    // Columns as in ROLLUP_COLUMNS: 7 version_id, 10 mql_at, 12 sql_at, 13 won_at, 14 lost_at.
    for (const col of [7, 10, 12, 13, 14])
      expect(fromTriggers.filter((r) => r[col] !== null).length).toBeGreaterThan(10);
    expect(steps).toContain('worker: fill lead_rollup');
    expect(filled).toEqual(fromTriggers);
    expect(rollupRows(oneThread.db)).toEqual(fromTriggers);
    // ... and both equal the rollup recomputed from the source tables.
    expect(filled).toEqual(expectedRollupRows(bulk.db));
  });

  it('ends with the same schema: every trigger and index is back', () => {
    const schema = (db: Db) =>
      db.prepare(`SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name`).all();
    expect(schema(bulk.db)).toEqual(schema(triggered.db));
    const triggers = bulk.db.prepare(`SELECT name FROM sqlite_master WHERE type = 'trigger'`).pluck().all();
    expect(triggers).toContain('sync_touchpoints_ai');
    expect(triggers).toContain('lead_rollup_events_ai');
  });

  it('writes no outbox rows for the bulk tables; the first sync enrols exactly what the triggers would have queued', () => {
    expect(outboxOf(bulk.db)).toEqual([]);
    const queued = outboxOf(triggered.db);
    expect(queued.filter((r) => r[0] === 'touchpoints').length).toBeGreaterThan(LEADS);
    // What stampPending does on the first sync (main/sync/engine.ts), in a transaction of its own here.
    bulk.db.transaction(() => enrollExistingRows(bulk.db, Date.now()))();
    expect(outboxOf(bulk.db)).toEqual(queued);
  });

  it('keeps the row triggers working after the load', () => {
    const db = bulk.db;
    const lead = db.prepare(`SELECT id FROM leads ORDER BY id LIMIT 1`).pluck().get() as string;
    const before = db.prepare(`SELECT count(*) FROM sync_outbox`).pluck().get() as number;
    db.prepare(`UPDATE leads SET owner_id = NULL, company = 'Changed BV' WHERE id = ?`).run(lead);
    expect(db.prepare(`SELECT count(*) FROM sync_outbox`).pluck().get()).toBe(before + 1);
    expect(db.prepare(`SELECT owner_id FROM lead_rollup WHERE lead_id = ?`).pluck().get(lead)).toBeNull();
    expect(db.prepare(`SELECT count(*) FROM leads_fts WHERE leads_fts MATCH '"Changed BV"'`).pluck().get()).toBe(1);
  });
});
