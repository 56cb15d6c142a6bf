import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDemo } from '../../main/services/demo/index.js';
import * as criteria from '../../main/services/criteria.js';
import { packHtml } from '../../main/services/review-pack.js';
import * as reviews from '../../main/services/reviews.js';
import { forVersion } from '../../main/services/reviews-proposals.js';
import { createTestDb, type TestDb } from '../helpers/test-db.js';

const END = Date.UTC(2026, 9, 1);

describe('the demo workspace has one past review', () => {
  let a: TestDb;
  let b: TestDb;
  beforeAll(async () => {
    a = createTestDb();
    b = createTestDb();
    await generateDemo(a.db, { leads: 2_000, seed: 'review', endDate: END });
    await generateDemo(b.db, { leads: 2_000, seed: 'review', endDate: END });
  }, 120_000);
  afterAll(() => {
    a?.cleanup();
    b?.cleanup();
  });

  it('that produced the active version, with its decision, attendees and actions, the same for the same seed', () => {
    const list = reviews.list(a.db);
    expect(list).toHaveLength(1);
    const active = criteria.list(a.db).find((v) => v.status === 'active')!;
    // v2 went live on 10 May 2026 (start + 7 months + 9 days); drafted 20 days before, reviewed 5 days later, in Q2, on Q1.
    expect(list[0]).toMatchObject({ quarter: '2026Q1', status: 'closed', heldOn: Date.UTC(2026, 3, 25), resultingVersion: { id: active.id, number: 2 } });
    expect(list[0]!.decisions).toEqual([{ title: expect.stringContaining('v2'), decision: 'accept', versionNumber: 2 }]);
    const r = reviews.get(a.db, list[0]!.id);
    expect(r.attendees.map((x) => x.team).sort()).toEqual(['marketing', 'sales', 'sales']);
    expect(r.agenda.map((i) => i.data.kind)).toEqual(['funnel', 'rejections', 'offers', 'sla', 'lift', 'proposals']);
    expect(r.actions).toHaveLength(2);
    const p = r.proposals[0]!;
    expect(p.evidence?.backtest?.baselineNumber).toBe(1);
    expect(p.evidence?.computedAt).toBe(Date.UTC(2026, 3, 25));
    expect(p.evidence?.suggestion).toBeNull();
    expect(forVersion(a.db, active.id)).toMatchObject({ quarter: '2026Q1', decision: 'accept' });
    expect(JSON.stringify(reviews.get(b.db, reviews.list(b.db)[0]!.id))).toBe(JSON.stringify(r));
    expect(packHtml(a.db, r.id).html).toContain('signed by');
  });
});
