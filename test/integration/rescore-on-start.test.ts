import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { jobsFor } from '../../main/jobs/runner.js';
import { rescoreIfStale } from '../../main/jobs/rescore-on-start.js';
import { rescore } from '../../main/services/rescore.js';
import { insertLead } from '../helpers/builders.js';
import { rule, version } from '../helpers/report-builders.js';
import { createTestDb, type TestDb } from '../helpers/test-db.js';

const DAY = 86_400_000;

describe('rescoring stale scores on start', () => {
  let t: TestDb;
  beforeEach(() => {
    t = createTestDb();
  });
  afterEach(() => t.cleanup());

  async function finished(jobId: string) {
    for (let i = 0; i < 400; i++) {
      const job = jobsFor(t.ctx)
        .list()
        .find((j) => j.jobId === jobId)!;
      if (job.finished) return job;
      await new Promise((r) => setTimeout(r, 25));
    }
    throw new Error('rescore did not finish');
  }

  it('rescores when the active version was scored days ago, so decayed points are current; not again once fresh', async () => {
    const now = Date.now();
    const v = version(t.db, 1, 'active');
    rule(t.db, v, { kind: 'engagement', label: 'Webinar', field: 'touchpoint.type', operator: 'equals', value: 'webinar', points: 40 });
    t.db.prepare('UPDATE criteria_rules SET decay_half_life_days = 7 WHERE version_id = ?').run(v);
    const lead = insertLead(t.db, { name: 'Decaying' });
    t.db
      .prepare(`INSERT INTO touchpoints (id, lead_id, type, occurred_at, created_at, updated_at) VALUES ('tp1', ?, 'webinar', ?, 1, 1)`)
      .run(lead, now - 10 * DAY);
    rescore(t.db, v, { asOf: now - 3 * DAY });
    const total = () => t.db.prepare('SELECT score_total FROM leads WHERE id = ?').pluck().get(lead) as number;
    const threeDaysAgo = total();
    expect(threeDaysAgo).toBeGreaterThan(10);

    const jobId = rescoreIfStale(t.ctx, now);
    expect(jobId).not.toBeNull();
    expect(await finished(jobId!)).toMatchObject({ kind: 'rescore', phase: 'done' });
    // Three more days of a 7-day half-life: the points fell by 2^(-3/7).
    expect(total()).toBeCloseTo(threeDaysAgo * 2 ** (-3 / 7), 1);
    expect(rescoreIfStale(t.ctx, Date.now())).toBeNull();
  });

  it('does nothing without a live version or without leads, and scores a live version never scored', async () => {
    expect(rescoreIfStale(t.ctx)).toBeNull();
    const v = version(t.db, 1, 'active');
    expect(rescoreIfStale(t.ctx)).toBeNull();
    insertLead(t.db, { name: 'Unscored' });
    const jobId = rescoreIfStale(t.ctx);
    expect(jobId).not.toBeNull();
    await finished(jobId!);
    expect(t.db.prepare('SELECT count(*) FROM scores WHERE version_id = ?').pluck().get(v)).toBe(1);
  });
});
