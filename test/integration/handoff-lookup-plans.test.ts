import { afterEach, describe, expect, it } from 'vitest';
import { LAST_REJECTION_SQL, PENDING_FOR_LEAD_SQL } from '../../main/db/handoffs-write.repo.js';
import { INBOX_SQL } from '../../main/db/handoffs.repo.js';
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

  it("the inbox reads each row's outcome with one outcomes_lead probe", () => {
    t = createTestDb();
    const plan = (t.db.prepare(`EXPLAIN QUERY PLAN ${INBOX_SQL}`).all('0190f5c8-0000-7000-8000-000000000001', 500) as { detail: string }[])
      .map((r) => r.detail)
      .join('\n');
    expect(plan).toMatch(/USING INDEX handoffs_inbox \(rep_id=\?\)/);
    expect(plan).toMatch(/SEARCH lo USING INDEX outcomes_lead \(lead_id=\?\)/);
  });
});
