import { afterEach, describe, expect, it } from 'vitest';
import { defaultEndDate } from '../../main/services/demo/index.js';
import { seedDemoIfEmpty, DEMO_LEADS } from '../../main/services/first-run.js';
import { createTestDb, type TestDb } from '../helpers/test-db.js';

describe('first start', () => {
  let t: TestDb;
  afterEach(() => t.cleanup());

  it('fills a new workspace with the demo once, and never refills it after the user empties it', async () => {
    t = createTestDb();
    expect(await seedDemoIfEmpty(t.db)).toBe(true);
    const count = () => (t.db.prepare('SELECT count(*) AS n FROM leads WHERE deleted = 0').get() as { n: number }).n;
    expect(count()).toBe(DEMO_LEADS);
    // The story ends today: the newest handoffs are still inside their SLA, the older pending ones are not.
    const now = Date.now();
    const pending = t.db
      .prepare(`SELECT sum(sla_due_at >= ?) AS open, sum(sla_due_at < ?) AS late, max(handed_at) AS newest FROM handoffs WHERE decision = 'pending'`)
      .get(now - 86_400_000, now - 86_400_000) as { open: number; late: number; newest: number };
    expect(pending.open).toBeGreaterThan(0);
    expect(pending.late).toBeGreaterThan(0);
    expect(now - pending.newest).toBeLessThan(3 * 86_400_000);
    t.db.prepare('UPDATE leads SET deleted = 1').run();
    expect(await seedDemoIfEmpty(t.db)).toBe(false);
    expect(count()).toBe(0);
  }, 120_000);

  it('the demo story ends at the start of today (UTC), not of the month', () => {
    expect(defaultEndDate(Date.UTC(2026, 11, 17, 15, 30))).toBe(Date.UTC(2026, 11, 17));
    expect(defaultEndDate(Date.UTC(2027, 0, 1, 0, 0, 0, 1))).toBe(Date.UTC(2027, 0, 1));
  });

  it('leaves a workspace that already holds leads alone', async () => {
    t = createTestDb();
    t.db
      .prepare(
        `INSERT INTO leads (id, name, created_at, updated_at) VALUES ('0190f5c8-0000-7000-8000-000000000009', 'Own lead', 1, 1)`,
      )
      .run();
    expect(await seedDemoIfEmpty(t.db)).toBe(false);
    expect(t.db.prepare('SELECT name FROM leads').all()).toEqual([{ name: 'Own lead' }]);
  });
});
