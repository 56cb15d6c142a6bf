import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createRegistry } from '../../main/rpc/registry.js';
import { jobsFor } from '../../main/jobs/runner.js';
import { runBacktest } from '../../main/services/backtest.js';
import { runSuggest } from '../../main/services/suggest.js';
import { BacktestParamsSchema } from '../../shared/contracts/backtest.js';
import { SuggestParamsSchema } from '../../shared/contracts/suggest.js';
import { dump } from '../helpers/import.js';
import { day, handoff, lead, outcome, rejectionReason, rule, touch, user, version } from '../helpers/report-builders.js';
import { createTestDb, type TestDb } from '../helpers/test-db.js';

const DAY = 86_400_000;
const T0 = day(2026, 3, 1);

/**
 * A small history: the active v1 counts a demo request (25) and Dutch leads (10) toward MQL at 30;
 * the draft v2 drops the country rule and adds a disqualifier. Every expected number is worked out
 * by hand from the leads below.
 */
function world(t: TestDb) {
  const db = t.db;
  const rep = user(db, 'Rita');
  const v1 = version(db, 1, 'active');
  rule(db, v1, { kind: 'fit', label: 'Dutch', field: 'country', operator: 'equals', value: 'NL', points: 10 });
  rule(db, v1, { kind: 'engagement', label: 'Demo request', field: 'touchpoint.type', operator: 'equals', value: 'demo_request', points: 25 });
  const v2 = version(db, 2, 'draft');
  rule(db, v2, { kind: 'engagement', label: 'Demo request', field: 'touchpoint.type', operator: 'equals', value: 'demo_request', points: 30 });
  rule(db, v2, { kind: 'disqualifier', label: 'Student', field: 'jobTitle', operator: 'equals', value: 'Student', points: 0 });
  const empty = version(db, 3, 'draft');
  const noBudget = rejectionReason(db, 'no_budget_x', 'No budget');
  // a: handed off after a demo, accepted, won 1000: an MQL under both.
  const a = lead(db, { country: 'NL', createdAt: T0 });
  touch(db, a, null, T0 + 2 * DAY, 'demo_request');
  handoff(db, { leadId: a, versionId: v1, repId: rep, handedAt: T0 + 3 * DAY, decision: 'accepted', decidedAt: T0 + 4 * DAY });
  outcome(db, { leadId: a, result: 'won', amount: 1000, closedAt: T0 + 20 * DAY });
  // b: a student with a demo, handed off and rejected: v2 disqualifies it (an avoided rejection).
  const b = lead(db, { country: 'NL', jobTitle: 'Student', createdAt: T0 + DAY });
  touch(db, b, null, T0 + 2 * DAY, 'demo_request');
  handoff(db, { leadId: b, versionId: v1, repId: rep, handedAt: T0 + 3 * DAY, decision: 'rejected', decidedAt: T0 + 4 * DAY, reasonId: noBudget });
  // c: Dutch, never handed off, won; its demo came 40 days after creation, after its decision moment (30 days).
  const c = lead(db, { country: 'NL', createdAt: T0 + 2 * DAY });
  const late = touch(db, c, null, T0 + 42 * DAY, 'demo_request');
  outcome(db, { leadId: c, result: 'won', amount: 500, closedAt: T0 + 60 * DAY });
  // d: a German lead, lost.
  const d = lead(db, { country: 'DE', createdAt: T0 + 40 * DAY });
  outcome(db, { leadId: d, result: 'lost', closedAt: T0 + 80 * DAY });
  return { v1, v2, empty, a, b, c, d, late };
}

describe('backtest', () => {
  let t: TestDb;
  let w: ReturnType<typeof world>;
  beforeEach(() => {
    t = createTestDb();
    w = world(t);
  });
  afterEach(() => t.cleanup());
  const params = (p: Record<string, unknown>) => BacktestParamsSchema.parse(p);

  it('scores each lead as of its decision moment and compares with the active version', () => {
    const r = runBacktest(t.db, params({ versionId: w.v2 }));
    expect(r.baseline?.number).toBe(1);
    expect(r.outcomes).toEqual({ won: 2, lost: 1, decided: 2 });
    expect(r.candidate).toMatchObject({ leads: 4, mqls: 1, accepted: 1, rejected: 0, won: 1, revenue: 1000 });
    expect(r.baselineResult).toMatchObject({ mqls: 2, accepted: 1, rejected: 1, acceptanceRate: 0.5, won: 1 });
    expect(r.baselineResult!.rejectReasons).toEqual([{ code: 'no_budget_x', label: 'No budget', count: 1 }]);
    expect(r.difference).toMatchObject({ handoffsPct: -50, wonDeals: 0, acceptancePts: 50, avoidedRejections: 1 });
    expect(r.candidate.avoidedRejections.leads.map((l) => l.leadId)).toEqual([w.b]);
    // c is missed by both: 10 points under v1 (short by 20), nothing under v2.
    expect(r.candidate.missedWon.leads).toEqual([
      expect.objectContaining({ leadId: w.c, revenue: 500, total: 0, shortBy: 30, unmet: ['Demo request'], otherCaught: false }),
    ]);
    expect(r.baselineResult!.missedWon.leads[0]).toMatchObject({ leadId: w.c, total: 10, shortBy: 20 });
    // By creation month: c (created in March, judged in April) counts in March, d (created in April,
    // judged in May) in April, so no month after the last lead's creation shows.
    expect(r.candidate.monthly).toEqual([
      { month: '2026-03', mqls: 1, leads: 3 },
      { month: '2026-04', mqls: 0, leads: 1 },
    ]);
    // A period ending at midnight on 1 April (exclusive) has March only.
    const march = runBacktest(t.db, params({ versionId: w.v2, to: day(2026, 4, 1) }));
    expect(march.candidate.monthly.map((m) => m.month)).toEqual(['2026-03']);
  });

  it('ignores a touchpoint after the decision moment: moving it before changes the result', () => {
    const before = runBacktest(t.db, params({ versionId: w.v2 }));
    expect(before.candidate.missedWon.count).toBe(1);
    // The same touchpoint 10 days after creation: now before the decision moment, c becomes an MQL.
    t.db.prepare('UPDATE touchpoints SET occurred_at = ? WHERE id = ?').run(day(2026, 3, 3) + 10 * DAY, w.late);
    const after = runBacktest(t.db, params({ versionId: w.v2 }));
    expect(after.candidate.missedWon.count).toBe(0);
    expect(after.candidate.mqls).toBe(before.candidate.mqls + 1);
    // A longer decision window takes the late demo in as well.
    t.db.prepare('UPDATE touchpoints SET occurred_at = ? WHERE id = ?').run(T0 + 42 * DAY, w.late);
    expect(runBacktest(t.db, params({ versionId: w.v2, decisionDays: 45 })).candidate.missedWon.count).toBe(0);
  });

  it('ignores a touchpoint after the handoff of a handed-off lead', () => {
    // e: handed off with no touchpoint yet and rejected; a demo request came a day later.
    const e = lead(t.db, { country: 'DE', createdAt: T0 });
    handoff(t.db, { leadId: e, versionId: w.v1, repId: null, handedAt: T0 + 5 * DAY, decision: 'rejected', decidedAt: T0 + 6 * DAY });
    const demo = touch(t.db, e, null, T0 + 6 * DAY, 'demo_request');
    const avoided = (r: ReturnType<typeof runBacktest>) => r.candidate.avoidedRejections.leads.map((l) => l.leadId);
    expect(avoided(runBacktest(t.db, params({ versionId: w.v2 })))).toContain(e);
    t.db.prepare('UPDATE touchpoints SET occurred_at = ? WHERE id = ?').run(T0 + 4 * DAY, demo);
    expect(avoided(runBacktest(t.db, params({ versionId: w.v2 })))).not.toContain(e);
  });

  it('writes nothing: scores, handoffs, stages and the audit are as they were', () => {
    const before = dump(t.db);
    runBacktest(t.db, params({ versionId: w.v2 }));
    runBacktest(t.db, params({ versionId: w.v1 }));
    expect(dump(t.db)).toEqual(before);
  });

  it('narrows to a period, and says so when the period has no outcomes or the version no rules', () => {
    const march = runBacktest(t.db, params({ versionId: w.v2, from: T0, to: day(2026, 3, 10) }));
    expect(march.candidate.leads).toBe(3);
    lead(t.db, { country: 'NL', createdAt: day(2026, 6, 1) });
    const late = runBacktest(t.db, params({ versionId: w.v2, from: day(2026, 5, 20), to: day(2026, 6, 20) }));
    expect(late.warnings).toEqual([
      'No lead of this period has a won or lost outcome: win rates and missed deals cannot be judged.',
      'No handoff of this period was accepted or rejected: acceptance cannot be judged.',
    ]);
    const none = runBacktest(t.db, params({ versionId: w.empty }));
    expect(none.warnings[0]).toBe('Version 3 has no scoring rules: every lead scores 0.');
    expect(none.candidate.mqls).toBe(0);
    expect(() => runBacktest(t.db, params({ versionId: w.v2, from: day(2030, 1, 1) }))).toThrow('No leads were created in that period; choose another period.');
  });

  it('runs as a job over the registry with progress, and a cancelled one reports so', async () => {
    const reg = createRegistry();
    const call = async (channel: string, input: unknown) => {
      const res = await reg.invoke(channel, input, t.ctx);
      if (!res.ok) throw new Error(`${channel}: ${res.error.message}`);
      return res.value as Record<string, unknown>;
    };
    const { jobId } = (await call('backtest:start', { versionId: w.v2 })) as { jobId: string };
    let status = await call('backtest:result', { jobId });
    for (let i = 0; i < 300 && status.state === 'running'; i++) {
      await new Promise((r) => setTimeout(r, 100));
      status = await call('backtest:result', { jobId });
    }
    expect(status.state).toBe('done');
    const direct = runBacktest(t.db, params({ versionId: w.v2 }));
    expect({ ...(status.result as object), computedAt: 0 }).toEqual({ ...direct, computedAt: 0 });
    expect(await call('backtest:latest', { versionId: w.v2 })).toMatchObject({ version: { number: 2 } });
    expect(t.events.some((e) => e.event === 'job:progress' && (e.payload as { kind: string; finished: boolean }).finished)).toBe(true);
    expect(t.events.some((e) => e.event === 'data:changed')).toBe(false);

    const second = (await call('backtest:start', { versionId: w.v1 })) as { jobId: string };
    jobsFor(t.ctx).cancel(second.jobId);
    let s2 = await call('backtest:result', { jobId: second.jobId });
    for (let i = 0; i < 300 && s2.state === 'running'; i++) {
      await new Promise((r) => setTimeout(r, 100));
      s2 = await call('backtest:result', { jobId: second.jobId });
    }
    expect(s2).toEqual({ state: 'failed', error: 'Backtest cancelled.' });
    const bad = await reg.invoke('backtest:start', { versionId: w.v2, from: 5, to: 1 }, t.ctx);
    expect(bad.ok).toBe(false);
  });
});

describe('suggest on thin or flat data', () => {
  let t: TestDb;
  beforeEach(() => {
    t = createTestDb();
  });
  afterEach(() => t.cleanup());

  it('refuses too few labelled leads, saying how many are needed, and writes nothing', () => {
    for (let i = 0; i < 30; i++) {
      const id = lead(t.db, { country: i % 2 ? 'NL' : 'DE', createdAt: T0 + i * DAY });
      outcome(t.db, { leadId: id, result: i % 3 ? 'lost' : 'won', closedAt: T0 + (i + 5) * DAY });
    }
    const before = dump(t.db);
    expect(() => runSuggest(t.db, SuggestParamsSchema.parse({ outcome: 'won' }))).toThrow(
      'Only 30 labelled leads; suggestions need at least 40 with an outcome. (leads with a won or lost outcome).',
    );
    expect(() => runSuggest(t.db, SuggestParamsSchema.parse({ outcome: 'accepted' }))).toThrow(/Only 0 labelled leads.*accepted or rejected handoff/);
    expect(dump(t.db)).toEqual(before);
  });

  it('says there is nothing to suggest when every field has a single value', () => {
    for (let i = 0; i < 80; i++) {
      const id = lead(t.db, { country: 'NL', employees: 10, jobTitle: 'CTO', createdAt: T0 + i * DAY });
      outcome(t.db, { leadId: id, result: i % 2 ? 'lost' : 'won', closedAt: T0 + (i + 5) * DAY });
    }
    expect(() => runSuggest(t.db, SuggestParamsSchema.parse({ outcome: 'won' }))).toThrow(/nothing to suggest/);
  });
});
