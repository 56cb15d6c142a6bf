import { afterEach, describe, expect, it } from 'vitest';
import { createRegistry } from '../../main/rpc/registry.js';
import { generateDemo } from '../../main/services/demo/index.js';
import { explain, explainAsOf } from '../../main/services/explain.js';
import { createTestDb, type TestDb } from '../helpers/test-db.js';

interface HandoffRow {
  lead_id: string;
  version_id: string;
  handed_at: number;
  score_at_handoff: number;
  level: string | null;
  number: number;
}

describe("a lead's score as of a handoff (what the rep deciding it sees)", () => {
  let t: TestDb;
  afterEach(() => t?.cleanup());

  it('reproduces the score and level each handoff was made at, under its own version', async () => {
    t = createTestDb();
    const { db } = t;
    await generateDemo(db, { leads: 3000, seed: 11, endDate: Date.UTC(2026, 9, 1) });
    const rows = db
      .prepare(
        `SELECT h.lead_id, h.version_id, h.handed_at, h.score_at_handoff, h.level, v.number
         FROM handoffs h JOIN criteria_versions v ON v.id = h.version_id
         WHERE h.deleted = 0 ORDER BY h.id`,
      )
      .all() as HandoffRow[];
    expect(new Set(rows.map((r) => r.number)).size).toBe(2); // both demo versions are among them
    let changedSince = 0;
    for (const r of rows) {
      const e = explainAsOf(db, r.lead_id, r.version_id, r.handed_at);
      expect(e).toMatchObject({ source: 'asOf', versionNumber: r.number, computedAt: r.handed_at, level: r.level });
      // Each contribution is rounded to 0.01 where the handoff's total was rounded once.
      expect(Math.abs(e.total - r.score_at_handoff)).toBeLessThan(0.05);
      const live = explain(db, r.lead_id)!;
      if (live.level !== r.level || live.versionId !== r.version_id) changedSince += 1;
    }
    // The point of it: for many handoffs the live score says something else by now.
    expect(changedSince).toBeGreaterThan(rows.length / 10);
  });

  it('is reached through leads:explain with asOf, which is validated', async () => {
    t = createTestDb();
    const { db } = t;
    await generateDemo(db, { leads: 600, seed: 3, endDate: Date.UTC(2026, 9, 1) });
    const h = db.prepare('SELECT lead_id, version_id, handed_at, score_at_handoff FROM handoffs WHERE deleted = 0 LIMIT 1').get() as HandoffRow;
    const registry = createRegistry();
    const ctx = { db, path: t.path, emit: () => undefined };
    const ok = (await registry.invoke('leads:explain', { id: h.lead_id, asOf: { versionId: h.version_id, at: h.handed_at } }, ctx)) as {
      ok: boolean;
      value: { total: number; source: string };
    };
    expect(ok.ok).toBe(true);
    expect(ok.value.source).toBe('asOf');
    expect(Math.abs(ok.value.total - h.score_at_handoff)).toBeLessThan(0.05);
    const bad = (await registry.invoke('leads:explain', { id: h.lead_id, asOf: { versionId: h.version_id } }, ctx)) as {
      ok: boolean;
      error: { kind: string };
    };
    expect(bad).toMatchObject({ ok: false, error: { kind: 'validation' } });
  });
});
