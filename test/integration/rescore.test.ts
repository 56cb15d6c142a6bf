import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { newId } from '../../main/db/ids.js';
import { JobRunner } from '../../main/jobs/runner.js';
import * as criteria from '../../main/services/criteria.js';
import { rescore } from '../../main/services/rescore.js';
import * as users from '../../main/services/users.js';
import { decodeContributions } from '../../shared/domain/contribution-codec.js';
import { insertLead } from '../helpers/builders.js';
import { createTestDb, type TestDb } from '../helpers/test-db.js';

const DAY = 86_400_000;

describe('rescore', () => {
  let t: TestDb;
  let versionId: string;
  let hot: string, cold: string, student: string, customer: string;
  const asOf = Date.UTC(2026, 9, 1);

  beforeEach(() => {
    t = createTestDb();
    const mkt = users.create(t.db, { name: 'Maria', team: 'marketing', role: 'owner' }).id;
    const sales = users.create(t.db, { name: 'Sam', team: 'sales', role: 'owner' }).id;
    users.create(t.db, { name: 'Rita Rep', team: 'sales', role: 'member' });
    users.setCurrent(t.db, mkt);
    const v = criteria.createDraft(t.db, { name: 'Test' });
    criteria.saveRule(t.db, v.id, {
      kind: 'fit',
      label: 'Software',
      field: 'company',
      operator: 'contains',
      value: 'soft',
      points: 30,
    });
    criteria.saveRule(t.db, v.id, {
      kind: 'engagement',
      label: 'Demo',
      field: 'touchpoint.type',
      operator: 'equals',
      value: 'demo_request',
      points: 30,
      cap: 30,
    });
    criteria.saveRule(t.db, v.id, {
      kind: 'disqualifier',
      label: 'Students',
      field: 'jobTitle',
      operator: 'contains',
      value: 'student',
      points: 0,
    });
    criteria.propose(t.db, v.id);
    criteria.decide(t.db, v.id, 'approve');
    users.setCurrent(t.db, sales);
    criteria.decide(t.db, v.id, 'approve');
    criteria.activate(t.db, v.id);
    versionId = v.id;

    hot = insertLead(t.db, { company: 'Acme Software', stage: 'lead' });
    cold = insertLead(t.db, { company: 'Bakery', stage: 'lead' });
    student = insertLead(t.db, { company: 'Uni Software', jobTitle: 'Student', stage: 'lead' });
    customer = insertLead(t.db, { company: 'Old Software', stage: 'won' });
    const tp = t.db.prepare(
      `INSERT INTO touchpoints (id, lead_id, type, occurred_at, created_at, updated_at) VALUES (?, ?, ?, ?, 0, 0)`,
    );
    for (const id of [hot, student, customer]) tp.run(newId(), id, 'demo_request', asOf - 2 * DAY);
    tp.run(newId(), cold, 'demo_request', asOf + DAY); // after asOf: must not count
  });
  afterEach(() => t.cleanup());

  it('scores every lead, hands off new MQLs once, and is idempotent', () => {
    const first = rescore(t.db, versionId, { asOf, chunk: 2 });
    expect(first).toMatchObject({ scored: 4, mqls: 2, handoffsCreated: 1 });
    const row = (id: string) =>
      t.db.prepare('SELECT stage, score_total, score_level, owner_id FROM leads WHERE id = ?').get(id) as Record<
        string,
        unknown
      >;
    expect(row(hot)).toMatchObject({ stage: 'mql', score_total: 60, score_level: 'MQL-B' });
    expect(row(hot).owner_id).not.toBeNull();
    expect(row(cold)).toMatchObject({ stage: 'lead', score_total: 0, score_level: null });
    expect(row(student)).toMatchObject({ stage: 'lead', score_total: 60, score_level: null });
    expect(row(customer)).toMatchObject({ stage: 'won' });

    const handoff = t.db
      .prepare(
        'SELECT version_id, score_at_handoff, level, sla_due_at - handed_at AS sla FROM handoffs WHERE lead_id = ?',
      )
      .get(hot);
    expect(handoff).toEqual({ version_id: versionId, score_at_handoff: 60, level: 'MQL-B', sla: 48 * 3_600_000 });
    // Stored compactly (rule positions), read back in full through the version's rules.
    const stored = t.db
      .prepare('SELECT contributions, fit_points AS fit, engagement_points AS engagement FROM scores WHERE lead_id = ?')
      .get(hot) as {
      contributions: string;
      fit: number;
      engagement: number;
    };
    expect(stored.contributions.length).toBeLessThan(40);
    const rules = criteria.get(t.db, versionId).rules;
    expect(
      decodeContributions(stored.contributions, rules, stored)?.map((c) => [c.label, c.points, c.matches]),
    ).toEqual([
      ['Software', 30, 1],
      ['Demo', 30, 1],
    ]);

    const second = rescore(t.db, versionId, { asOf });
    expect(second.handoffsCreated).toBe(0);
    expect(t.db.prepare('SELECT count(*) AS n FROM handoffs').get()).toEqual({ n: 1 });
    expect(t.db.prepare('SELECT count(*) AS n FROM scores').get()).toEqual({ n: 4 });
    expect(t.db.prepare(`SELECT count(*) AS n FROM stage_events WHERE to_stage = 'mql'`).get()).toEqual({ n: 1 });
  });

  it('runs in a worker thread with progress events', async () => {
    const runner = new JobRunner(t.path, t.ctx.emit);
    const { done } = runner.start('rescore', { versionId, asOf });
    expect(() => runner.start('rescore', { versionId })).toThrow(/already running/);
    await expect(done).resolves.toMatchObject({ scored: 4, handoffsCreated: 1 });
    const progress = t.events
      .filter((e) => e.event === 'job:progress')
      .map((e) => e.payload as { finished: boolean; done: number; total: number });
    expect(progress.at(-1)).toMatchObject({ finished: true, done: 4, total: 4 });
    expect(t.db.prepare('SELECT count(*) AS n FROM scores').get()).toEqual({ n: 4 });
  });

  it('a cancel leaves the workspace exactly as it was', async () => {
    const before = t.db.prepare('SELECT count(*) AS n FROM scores').get();
    const runner = new JobRunner(t.path, t.ctx.emit);
    const { jobId, done } = runner.start('rescore', { versionId, asOf });
    expect(runner.cancel(jobId)).toBe(true);
    await expect(done).rejects.toThrow(/cancelled/);
    expect(runner.list()[0]).toMatchObject({ finished: true, phase: 'cancelled' });
    expect(t.db.prepare('SELECT count(*) AS n FROM scores').get()).toEqual(before);
    expect(t.db.prepare('SELECT count(*) AS n FROM handoffs').get()).toEqual({ n: 0 });
  });
});

describe('why is this lead an MQL', () => {
  it('explains the stored score rule by rule, and scores live when none is stored', async () => {
    const t = createTestDb();
    try {
      const { explain } = await import('../../main/services/explain.js');
      const mkt = users.create(t.db, { name: 'M', team: 'marketing', role: 'owner' }).id;
      const sales = users.create(t.db, { name: 'S', team: 'sales', role: 'owner' }).id;
      const lead = insertLead(t.db, { company: 'Acme Software', country: 'NL' });
      expect(explain(t.db, lead)).toBeNull();
      users.setCurrent(t.db, mkt);
      const v = criteria.createDraft(t.db, { name: 'E' });
      criteria.saveRule(t.db, v.id, {
        kind: 'fit',
        label: 'Dutch',
        field: 'country',
        operator: 'equals',
        value: 'NL',
        points: 45,
      });
      criteria.propose(t.db, v.id);
      criteria.decide(t.db, v.id, 'approve');
      users.setCurrent(t.db, sales);
      criteria.decide(t.db, v.id, 'approve');
      criteria.activate(t.db, v.id);
      const live = explain(t.db, lead)!;
      expect(live).toMatchObject({
        source: 'live',
        total: 45,
        level: 'MQL-B',
        contributions: [{ label: 'Dutch', points: 45 }],
      });
      rescore(t.db, v.id);
      const stored = explain(t.db, lead)!;
      expect(stored).toMatchObject({ source: 'stored', total: 45, level: 'MQL-B', versionNumber: 1 });
    } finally {
      t.cleanup();
    }
  });
});
