import { afterEach, describe, expect, it } from 'vitest';
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
    t.db.prepare('UPDATE leads SET deleted = 1').run();
    expect(await seedDemoIfEmpty(t.db)).toBe(false);
    expect(count()).toBe(0);
  }, 120_000);

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
