import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { newId } from '../../main/db/ids.js';
import { JobRunner } from '../../main/jobs/runner.js';
import { offerTypes, touchpointsInRange } from '../../main/db/scores.repo.js';
import { activeScoresComputedAt } from '../../main/db/score-freshness.repo.js';
import * as criteria from '../../main/services/criteria.js';
import { explain } from '../../main/services/explain.js';
import { CancelledError, rescore } from '../../main/services/rescore.js';
import * as users from '../../main/services/users.js';
import { compileVersion, scoreCompiled } from '../../shared/domain/scoring.js';
import { insertLead } from '../helpers/builders.js';
import { createTestDb, type TestDb } from '../helpers/test-db.js';

const DAY = 86_400_000;
const asOf = Date.UTC(2026, 9, 1);

/** A deterministic little random stream, so a failure can be replayed. */
function lcg(seed: number): () => number {
  let s = seed;
  return () => (s = (s * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
}

describe('rescore at scale: touchpoints read chunk by chunk, scoring in a second thread', () => {
  let t: TestDb;
  let versionId: string;
  let leadIds: string[];

  beforeEach(() => {
    t = createTestDb();
    const mkt = users.create(t.db, { name: 'Maria', team: 'marketing', role: 'owner' }).id;
    const sales = users.create(t.db, { name: 'Sam', team: 'sales', role: 'owner' }).id;
    users.create(t.db, { name: 'Rita Rep', team: 'sales', role: 'member' });
    users.setCurrent(t.db, mkt);
    const v = criteria.createDraft(t.db, { name: 'Scale' });
    const rule = (r: Parameters<typeof criteria.saveRule>[2]) => criteria.saveRule(t.db, v.id, r);
    rule({ kind: 'fit', label: 'Software', field: 'company', operator: 'contains', value: 'soft', points: 25 });
    rule({ kind: 'fit', label: 'Benelux', field: 'country', operator: 'in', value: ['NL', 'BE'], points: 10 });
    rule({
      kind: 'engagement',
      label: 'Webinars',
      field: 'offer.type',
      operator: 'equals',
      value: 'webinar',
      points: 8,
      cap: 20,
      decayHalfLifeDays: 30,
    });
    rule({
      kind: 'engagement',
      label: 'Demo',
      field: 'touchpoint.type',
      operator: 'equals',
      value: 'demo_request',
      points: 30,
      windowDays: 60,
    });
    rule({
      kind: 'engagement',
      label: 'Visits',
      field: 'channel',
      operator: 'in',
      value: ['organic'],
      points: 1.5,
      cap: 6,
    });
    rule({
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

    const webinar = newId();
    t.db
      .prepare(`INSERT INTO offers (id, name, type, created_at, updated_at) VALUES (?, 'Webinar', 'webinar', 0, 0)`)
      .run(webinar);
    const rnd = lcg(7);
    leadIds = [];
    for (let i = 0; i < 300; i++) {
      const company = rnd() < 0.4 ? `Acme Software ${i}` : `Bakery ${i}`;
      leadIds.push(
        insertLead(t.db, {
          company,
          country: ['NL', 'DE', 'BE'][i % 3]!,
          jobTitle: i % 17 === 0 ? 'Student' : 'Manager',
        }),
      );
    }
    t.db.prepare('UPDATE leads SET deleted = 1 WHERE id = ?').run(leadIds[5]);
    // Touchpoints stored in random order (not by lead), some soft-deleted, some after asOf.
    const tp = t.db.prepare(
      `INSERT INTO touchpoints (id, lead_id, type, offer_id, channel, occurred_at, deleted, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, 0, 0)`,
    );
    for (let k = 0; k < 2000; k++) {
      const lead = leadIds[Math.floor(rnd() * leadIds.length)]!;
      const type = ['visit', 'webinar', 'demo_request'][Math.floor(rnd() * 3)]!;
      const at = asOf - Math.floor(rnd() * 120) * DAY + (rnd() < 0.05 ? 10 * DAY : 0);
      tp.run(
        newId(),
        lead,
        type,
        type === 'webinar' ? webinar : null,
        rnd() < 0.5 ? 'organic' : 'paid',
        at,
        rnd() < 0.03 ? 1 : 0,
      );
    }
  });
  afterEach(() => t.cleanup());

  const snapshot = () =>
    t.db
      .prepare(
        `SELECT s.lead_id, s.fit_points, s.engagement_points, s.total, s.level, s.disqualified_by, s.contributions, l.score_total, l.score_level, l.stage
         FROM scores s JOIN leads l ON l.id = s.lead_id WHERE s.version_id = ? ORDER BY s.lead_id`,
      )
      .all(versionId);

  it('stores, in either thread, exactly what the engine gives lead by lead, and explains it from the stored rows', () => {
    const first = rescore(t.db, versionId, { asOf, chunk: 37, scoreInWorker: false });
    expect(first.scored).toBe(299);
    const inThread = snapshot();
    const second = rescore(t.db, versionId, { asOf, chunk: 37, scoreInWorker: true });
    expect(second).toMatchObject({ scored: 299, mqls: first.mqls, handoffsCreated: 0 });
    expect(snapshot()).toEqual(inThread);

    // Each stored score is the engine's on the lead's touchpoints as the explanation reads them.
    const version = criteria.get(t.db, versionId);
    const compiled = compileVersion(version);
    const types = offerTypes(t.db);
    let explained = 0;
    for (const id of leadIds.filter((_, i) => i !== 5)) {
      const lead = t.db
        .prepare('SELECT company, country, job_title AS jobTitle FROM leads WHERE id = ?')
        .get(id) as Record<string, unknown>;
      const expected = scoreCompiled(compiled, lead, touchpointsInRange(t.db, id, id, types).get(id) ?? [], asOf);
      const e = explain(t.db, id)!;
      expect(e.source).toBe('stored');
      expect({ total: e.total, level: e.level, contributions: e.contributions }).toEqual(
        JSON.parse(
          JSON.stringify({ total: expected.total, level: expected.level, contributions: expected.contributions }),
        ),
      );
      if (e.contributions.length > 0) explained += 1;
    }
    expect(explained).toBeGreaterThan(200);
    expect(t.db.prepare('SELECT count(*) AS n FROM scores WHERE lead_id = ?').get(leadIds[5])).toEqual({ n: 0 });
  });

  /** The indexes a big rescore may drop and rebuild (the scores' and the leads' over the score), as defined. */
  const scoreIndexes = () =>
    t.db
      .prepare(
        `SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name IN ('leads', 'scores') AND sql IS NOT NULL ORDER BY name`,
      )
      .all() as { name: string; sql: string }[];

  it('a rescore that moves most scores rebuilds the indexes over them as they were, holding the new scores', () => {
    const before = scoreIndexes();
    expect(before.map((r) => r.name)).toEqual(expect.arrayContaining(['leads_score', 'leads_stage_score', 'scores_version']));
    const schema = () => t.db.pragma('schema_version', { simple: true }) as number;
    const schemaBefore = schema();
    // Every lead starts at 0: most scores and current scores change, in chunks that show it.
    rescore(t.db, versionId, { asOf, chunk: 40, scoreInWorker: true });
    // Three indexes dropped and created again (each a schema change), identical and consistent.
    expect(schema() - schemaBefore).toBeGreaterThanOrEqual(6);
    expect(scoreIndexes()).toEqual(before);
    expect(t.db.pragma('integrity_check', { simple: true })).toBe('ok');
    const byIndex = (index: string, order: string) =>
      t.db.prepare(`SELECT id FROM leads INDEXED BY ${index} WHERE deleted = 0 ORDER BY ${order}`).pluck().all();
    const plain = (order: string) =>
      t.db.prepare(`SELECT id FROM leads NOT INDEXED WHERE deleted = 0 ORDER BY ${order}`).pluck().all();
    expect(byIndex('leads_score', 'score_total, id')).toEqual(plain('score_total, id'));
    expect(byIndex('leads_stage_score', 'stage, score_total, id')).toEqual(plain('stage, score_total, id'));
    const totals = (how: string) =>
      t.db.prepare(`SELECT total FROM scores ${how} WHERE version_id = ? ORDER BY total`).pluck().all(versionId);
    expect(totals('INDEXED BY scores_version')).toEqual(totals('NOT INDEXED'));
    expect(new Set(totals('NOT INDEXED')).size).toBeGreaterThan(3);
  });

  it('a cancel while the second thread scores leaves everything as it was', () => {
    const before = t.db.prepare('SELECT count(*) AS n FROM scores').get();
    const leadsBefore = t.db.prepare('SELECT id, stage, score_total, updated_at FROM leads ORDER BY id').all();
    const indexesBefore = scoreIndexes();
    let chunks = 0;
    expect(() =>
      rescore(t.db, versionId, {
        asOf,
        chunk: 50,
        scoreInWorker: true,
        onProgress: () => (chunks += 1),
        isCancelled: () => chunks >= 2,
      }),
    ).toThrow(CancelledError);
    expect(t.db.prepare('SELECT count(*) AS n FROM scores').get()).toEqual(before);
    expect(t.db.prepare('SELECT id, stage, score_total, updated_at FROM leads ORDER BY id').all()).toEqual(leadsBefore);
    // The score indexes a big rescore drops for its writes are all back (the leads' ones too).
    expect(scoreIndexes()).toEqual(indexesBefore);
    expect(t.db.prepare('SELECT count(*) AS n FROM handoffs').get()).toEqual({ n: 0 });
    // The (version, total) index a big rescore drops and rebuilds is back as it was.
    const indexSql = () => t.db.prepare(`SELECT sql FROM sqlite_master WHERE name = 'scores_version'`).pluck().get();
    expect(indexSql()).toBe('CREATE INDEX scores_version ON scores(version_id, total)');
    // The connection is free again: a full rescore runs right after, and leaves the index in place.
    expect(rescore(t.db, versionId, { asOf, scoreInWorker: true }).scored).toBe(299);
    expect(indexSql()).toBe('CREATE INDEX scores_version ON scores(version_id, total)');
    const plan = t.db
      .prepare(`EXPLAIN QUERY PLAN SELECT total FROM scores WHERE version_id = ? ORDER BY total`)
      .all(versionId) as { detail: string }[];
    expect(plan.map((p) => p.detail).join(' ')).toContain('scores_version');
  });

  it('from the job runner, a big workspace is scored in a thread of the job thread', async () => {
    const insert = t.db.prepare(
      `INSERT INTO leads (id, name, company, country, stage, created_at, updated_at) VALUES (?, ?, ?, 'NL', 'lead', 1, 1)`,
    );
    t.db.transaction(() => {
      for (let i = 0; i < 20_000; i++) insert.run(newId(), `Bulk ${i}`, i % 2 ? 'Soft Co' : 'Hard Co');
    })();
    const runner = new JobRunner(t.path, t.ctx.emit);
    const { done } = runner.start('rescore', { versionId, asOf });
    await expect(done).resolves.toMatchObject({ scored: 20_299 });
    expect(
      t.db
        .prepare(
          `SELECT count(*) AS n FROM scores s JOIN leads l ON l.id = s.lead_id WHERE s.version_id = ? AND l.name LIKE 'Bulk %' AND s.total = 35`,
        )
        .get(versionId),
    ).toEqual({
      n: 10_000,
    });
  }, 60_000);

  it('a cancelled job that cannot stop by itself is stopped from outside, and nothing was written', async () => {
    const count = () => t.db.prepare('SELECT count(*) AS n, max(computed_at) AS at FROM scores WHERE version_id = ?').get(versionId);
    const before = count();
    const events: { phase: string; finished: boolean }[] = [];
    const runner = new JobRunner(t.path, (name, payload) => {
      if (name === 'job:progress') events.push(payload as { phase: string; finished: boolean });
    }, 300);
    // Another connection holds the write lock: the job's thread waits inside SQLite and cannot look at the flag.
    t.db.exec('BEGIN IMMEDIATE');
    try {
      const { jobId, done } = runner.start('rescore', { versionId, asOf });
      expect(runner.cancel(jobId)).toBe(true);
      await expect(done).rejects.toThrow('cancelled; nothing was changed');
      expect(runner.list().find((j) => j.jobId === jobId)).toMatchObject({ finished: true, phase: 'cancelled' });
      expect(events.at(-1)).toMatchObject({ finished: true, phase: 'cancelled' });
    } finally {
      t.db.exec('COMMIT');
    }
    expect(count()).toEqual(before);
    // The stopped thread left no lock or job behind: the next rescore runs.
    await expect(runner.start('rescore', { versionId, asOf }).done).resolves.toMatchObject({ cancelled: false });
  }, 60_000);

  it('updates a lead only when its score changed, and never moves its updated_at', () => {
    rescore(t.db, versionId, { asOf, scoreInWorker: false });
    t.db.exec(`CREATE TEMP TABLE rewritten (id TEXT);
      CREATE TEMP TRIGGER count_rewrites AFTER UPDATE ON main.leads BEGIN INSERT INTO rewritten VALUES (new.id); END;`);
    const stamps = () => t.db.prepare('SELECT id, stage, updated_at FROM leads ORDER BY id').all();
    const before = stamps();
    const scoreRows = () =>
      t.db
        .prepare(
          `SELECT lead_id, fit_points, engagement_points, total, level, disqualified_by, contributions, computed_at
           FROM scores WHERE version_id = ? ORDER BY lead_id`,
        )
        .all(versionId) as ({ lead_id: string; computed_at: number } & Record<string, unknown>)[];
    const scoresBefore = scoreRows();
    rescore(t.db, versionId, { asOf: asOf + 1000, scoreInWorker: false });
    // A second later no decayed score moves by a cent, so no lead row is rewritten (some MQLs' touches
    // leave a rule's window in that second).
    const rewritten = () =>
      t.db.prepare(`SELECT count(*) FROM rewritten r JOIN leads l ON l.id = r.id WHERE l.stage <> 'mql'`).pluck().get() as number;
    expect(rewritten()).toBe(0);
    // Only the scores that changed are written; the others keep their row, and the explanation
    // dates every one to this rescore.
    const scoresAfter = scoreRows();
    expect(scoresAfter.map((r) => r.lead_id)).toEqual(scoresBefore.map((r) => r.lead_id));
    const strip = ({ computed_at: _, ...rest }: { computed_at: number } & Record<string, unknown>) => rest;
    let kept = 0;
    scoresAfter.forEach((r, i) => {
      const was = scoresBefore[i]!;
      if (r.computed_at === asOf) {
        kept += 1;
        expect(r).toEqual(was);
      } else {
        expect(r.computed_at).toBe(asOf + 1000);
        expect(strip(r)).not.toEqual(strip(was));
      }
    });
    expect(kept).toBeGreaterThan(250);
    expect(explain(t.db, scoresAfter[0]!.lead_id)!.computedAt).toBe(asOf + 1000);
    // ...and so does the check on start that rescores stale scores (one index probe and the mark).
    expect(activeScoresComputedAt(t.db)).toEqual({ versionId, computedAt: asOf + 1000 });

    // Thirty days later scores have decayed and rows are rewritten, but a score is not an edit: a lead
    // whose stage the rescore left alone keeps its updated_at.
    rescore(t.db, versionId, { asOf: asOf + 30 * 86_400_000, scoreInWorker: false });
    expect(rewritten()).toBeGreaterThan(0);
    const after = stamps() as { id: string; stage: string }[];
    const stageBefore = new Map((before as { id: string; stage: string }[]).map((r) => [r.id, r.stage]));
    const unmoved = (rows: unknown[]) =>
      (rows as { id: string }[]).filter((r) => after.find((a) => a.id === r.id)!.stage === stageBefore.get(r.id));
    expect(unmoved(after).length).toBeGreaterThan(0);
    expect(unmoved(after)).toEqual(unmoved(before));
    t.db.exec('DROP TRIGGER temp.count_rewrites; DROP TABLE temp.rewritten;');
  });
});
