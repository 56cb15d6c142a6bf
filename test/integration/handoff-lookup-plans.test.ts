import { afterEach, describe, expect, it } from 'vitest';
import { LAST_REJECTION_SQL, PENDING_FOR_LEAD_SQL } from '../../main/db/handoffs-write.repo.js';
import { createTestDb, type TestDb } from '../helpers/test-db.js';

/** The rescore asks these per MQL lead: they must search the lead's own handoffs, never a decision index. */
describe('per-lead handoff lookups', () => {
  let t: TestDb | undefined;
  afterEach(() => t?.cleanup());

  it.each([
    ['pending', PENDING_FOR_LEAD_SQL],
    ['last rejection', LAST_REJECTION_SQL],
  ])('the %s check searches handoffs_lead by lead_id', (_name, sql) => {
    t = createTestDb();
    const plan = (t.db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all('0190f5c8-0000-7000-8000-000000000001') as { detail: string }[])
      .map((r) => r.detail)
      .join('\n');
    expect(plan).toMatch(/USING INDEX handoffs_lead \(lead_id=\?\)/);
    expect(plan).not.toMatch(/decision=\?/);
  });
});
