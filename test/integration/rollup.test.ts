import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { applyPragmas, openWorkspace } from '../../main/db/connection.js';
import { migrate, schemaVersion } from '../../main/db/migrate.js';
import { MIGRATIONS } from '../../main/db/migrations/index.js';
import { rollupRowSql } from '../../main/db/migrations/0011-rollup-upserts.js';
import { rateToReportingSql } from '../../main/db/migrations/0023-reporting-currency.js';
import { STEP_INDEXES, stepWhere } from '../../main/db/migrations/0007-report-indexes.js';
import { LEAD_IS_LIVE } from '../../main/db/reports-common.repo.js';
import { expectedRollupRows, rebuildRollup, rollupRows } from '../../main/db/rollup.repo.js';
import { generateDemo } from '../../main/services/demo/index.js';
import * as reports from '../../main/services/reports/index.js';
import * as b from '../helpers/report-builders.js';
import { buildReportFixture } from '../helpers/report-fixture.js';
import { createTestDb, tempDir, type TestDb } from '../helpers/test-db.js';

const ROLLUP_VERSION = MIGRATIONS.findIndex((m) => m.name === '0006-lead-rollup') + 1;

describe('migration 0006: lead_rollup', () => {
  let t: ReturnType<typeof tempDir>;
  afterEach(() => t?.cleanup());

  it('backfills one row per existing lead from its events, handoffs and outcomes', () => {
    t = tempDir();
    const path = join(t.dir, 'old.db');
    const raw = new Database(path);
    applyPragmas(raw);
    migrate(raw, path, MIGRATIONS.slice(0, ROLLUP_VERSION - 1));
    expect(schemaVersion(raw)).toBe(ROLLUP_VERSION - 1);
    const fx = buildReportFixture(raw);
    raw.close();

    const db = openWorkspace(path);
    expect(schemaVersion(db)).toBe(MIGRATIONS.length);
    const rows = rollupRows(db);
    expect(rows).toHaveLength(7);
    expect(rows).toEqual(expectedRollupRows(db));
    const l1 = db.prepare('SELECT * FROM lead_rollup WHERE lead_id = ?').get(fx.leads.L1) as Record<string, unknown>;
    expect(l1).toMatchObject({
      cohort: '2026-01',
      offer_id: fx.demo,
      version_id: fx.v1,
      mql_at: b.day(2026, 1, 6),
      sal_at: b.day(2026, 1, 7),
      sql_at: b.day(2026, 1, 10),
      won_at: b.day(2026, 2, 10),
      won_deals: 1,
      revenue: 1000,
    });
    const l7 = db.prepare('SELECT deleted FROM lead_rollup WHERE lead_id = ?').get(fx.leads.L7) as { deleted: number };
    expect(l7.deleted).toBe(1);
    // The upgraded workspace answers the reports like a new one.
    expect(reports.funnel(db, {}).total).toMatchObject({ leads: 6, mql: 5, sal: 3, sql: 3, won: 2 });
    db.close();
  });
});

describe('migration 0007: report indexes', () => {
  let t: ReturnType<typeof tempDir>;
  afterEach(() => t?.cleanup());

  it('drops the early outcomes(result, closed_at) index and leaves the reports unchanged', () => {
    t = tempDir();
    const path = join(t.dir, 'v6.db');
    const raw = new Database(path);
    applyPragmas(raw);
    migrate(raw, path, MIGRATIONS.slice(0, ROLLUP_VERSION));
    raw.exec('CREATE INDEX outcomes_result_closed ON outcomes(result, closed_at)');
    buildReportFixture(raw);
    // velocity needs 0007's step indexes (INDEXED BY), so it is checked after the upgrade only.
    // The offers report reads the reporting currency (0023): it is checked after the upgrade only.
    const before = [reports.funnel(raw, {}), reports.reasons(raw, {}, 'rep'), reports.sla(raw, {}, 1e13)];
    raw.close();
    const db = openWorkspace(path);
    const indexes = db.prepare(`SELECT name FROM sqlite_master WHERE type = 'index'`).pluck().all() as string[];
    expect(indexes).not.toContain('outcomes_result_closed');
    expect(indexes).toEqual(expect.arrayContaining(['lead_rollup_funnel', 'lead_rollup_offers', 'handoffs_report', 'lead_rollup_step_mqlToSal']));
    expect([reports.funnel(db, {}), reports.reasons(db, {}, 'rep'), reports.sla(db, {}, 1e13)]).toEqual(before);
    const demo = reports.offers(db, {}, 'first').rows.find((r) => r.group === 'offer' && r.label === 'Demo');
    expect(demo).toMatchObject({ mqls: 2, won: 1, revenue: 1000, cost: 100 });
    expect(reports.velocity(db, {}).rows[0]).toMatchObject({ step: 'leadToMql', n: 5, medianDays: 1 });
    // 0011's new columns (the earliest handoff's time and id) are backfilled from the handoffs.
    expect(rollupRows(db)).toEqual(expectedRollupRows(db));
    expect(db.prepare('SELECT count(*) FROM lead_rollup WHERE handoff_id IS NOT NULL').pluck().get()).toBe(6);
    db.close();
  });
});

describe('lead_rollup triggers', () => {
  let t: TestDb;
  afterEach(() => t?.cleanup());

  it('keep the rollup equal to a rebuild through a demo and every kind of edit', async () => {
    t = createTestDb();
    const { db } = t;
    await generateDemo(db, { leads: 1500, seed: 7, endDate: Date.UTC(2026, 9, 1) });
    expect(rollupRows(db)).toHaveLength(1500);
    expect(rollupRows(db)).toEqual(expectedRollupRows(db));

    const pick = (sql: string) => db.prepare(sql).pluck().get() as string;
    const now = Date.UTC(2026, 5, 1);
    // Outcomes: a won one becomes lost, a lost one is deleted, amounts change, one moves to another lead.
    db.prepare(`UPDATE outcomes SET result = 'lost', updated_at = ? WHERE id = ?`).run(now, pick(`SELECT id FROM outcomes WHERE result = 'won' LIMIT 1`));
    db.prepare(`UPDATE outcomes SET deleted = 1 WHERE id = ?`).run(pick(`SELECT id FROM outcomes WHERE result = 'lost' ORDER BY id DESC LIMIT 1`));
    db.prepare(`UPDATE outcomes SET amount = amount * 2 WHERE result = 'won'`).run();
    const otherLead = pick(`SELECT id FROM leads WHERE stage = 'lead' LIMIT 1`);
    db.prepare(`UPDATE outcomes SET lead_id = ? WHERE id = ?`).run(otherLead, pick(`SELECT id FROM outcomes WHERE result = 'won' ORDER BY id LIMIT 1 OFFSET 3`));
    // Stage events: one deleted, one re-dated.
    db.prepare(`DELETE FROM stage_events WHERE id = ?`).run(pick(`SELECT id FROM stage_events WHERE to_stage = 'sal' LIMIT 1`));
    db.prepare(`UPDATE stage_events SET at = at - 86400000 WHERE id = ?`).run(pick(`SELECT id FROM stage_events WHERE to_stage = 'mql' LIMIT 1 OFFSET 5`));
    // Handoffs: one soft-deleted, a new earlier one under another version.
    const h = db.prepare(`SELECT id, lead_id FROM handoffs LIMIT 1 OFFSET 2`).get() as { id: string; lead_id: string };
    db.prepare(`UPDATE handoffs SET deleted = 1 WHERE id = ?`).run(h.id);
    const v1 = pick(`SELECT id FROM criteria_versions WHERE number = 1`);
    b.handoff(db, { leadId: otherLead, versionId: v1, repId: null, handedAt: Date.UTC(2025, 0, 1) });
    // Leads: a new one with a whole story, an owner and offer change, a soft delete.
    const fresh = b.lead(db, { createdAt: Date.UTC(2026, 2, 3) });
    b.event(db, fresh, 'lead', 'sql', Date.UTC(2026, 2, 4));
    b.outcome(db, { leadId: fresh, result: 'won', amount: 77, closedAt: Date.UTC(2026, 2, 9) });
    db.prepare(`UPDATE leads SET owner_id = NULL, first_offer_id = NULL WHERE id = ?`).run(h.lead_id);
    db.prepare(`UPDATE leads SET deleted = 1 WHERE id = ?`).run(pick(`SELECT id FROM leads WHERE stage = 'won' LIMIT 1`));

    expect(rollupRows(db)).toEqual(expectedRollupRows(db));
    const before = rollupRows(db);
    expect(rebuildRollup(db)).toBe(1501);
    expect(rollupRows(db)).toEqual(before);
  });

  it('never fire on the rescore\u2019s columns nor touch touchpoints or scores', () => {
    t = createTestDb();
    const triggers = t.db
      .prepare(`SELECT name, tbl_name AS tbl, sql FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'lead_rollup_%'`)
      .all() as { name: string; tbl: string; sql: string }[];
    expect(new Set(triggers.map((x) => x.tbl))).toEqual(new Set(['leads', 'stage_events', 'outcomes', 'handoffs']));
    for (const tr of triggers) {
      if (tr.tbl === 'leads' && /AFTER UPDATE/.test(tr.sql)) {
        const cols = /UPDATE OF ([^O]+) ON/.exec(tr.sql)![1]!;
        expect(cols).not.toMatch(/score_total|score_level|updated_at|stage\b/);
      }
      expect(tr.sql).not.toMatch(/\bscores\b|\btouchpoints\b/);
    }
    // A rescore-style write leaves the rollup untouched (checked through SQLite's change counter).
    const id = b.lead(t.db, {});
    const changes = t.db.prepare('SELECT total_changes()').pluck();
    const start = changes.get() as number;
    t.db.prepare('UPDATE leads SET score_total = 99, score_level = ?, updated_at = 5 WHERE id = ?').run('MQL-A', id);
    expect((changes.get() as number) - start).toBe(1);
  });

  it('read no other table on insert, so bulk loads without indexes stay linear, and take events that come before their lead', () => {
    t = createTestDb();
    const inserts = t.db
      .prepare(`SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'lead_rollup_%_ai'`)
      .all() as { name: string; sql: string }[];
    expect(inserts.map((x) => x.name).sort()).toEqual(['lead_rollup_events_ai', 'lead_rollup_handoffs_ai', 'lead_rollup_leads_ai', 'lead_rollup_outcomes_ai']);
    // The one lookup allowed: an outcome's factor to the reporting currency (0023), in two tables of a
    // few rows that keep their indexes through a bulk load.
    const factor = rateToReportingSql('new.currency');
    expect(inserts.find((x) => x.name === 'lead_rollup_outcomes_ai')!.sql).toContain(factor);
    for (const tr of inserts) expect(tr.sql.split(factor).join(''), tr.name).not.toMatch(/\bFROM\b/i);
    // A bulk writer (foreign keys off, buffers per table) may write a lead's events before the lead.
    const v = b.version(t.db, 1);
    t.db.pragma('foreign_keys = OFF');
    const id = '01900000-0000-7000-8000-00000000abcd';
    b.event(t.db, id, 'lead', 'mql', b.day(2026, 3, 2));
    b.handoff(t.db, { leadId: id, versionId: v, repId: null, handedAt: b.day(2026, 3, 2) });
    b.event(t.db, id, 'mql', 'sal', b.day(2026, 3, 3));
    b.outcome(t.db, { leadId: id, result: 'won', amount: 40, closedAt: b.day(2026, 4, 1) });
    b.lead(t.db, { id, createdAt: b.day(2026, 3, 1) });
    t.db.pragma('foreign_keys = ON');
    expect(rollupRows(t.db)).toEqual(expectedRollupRows(t.db));
    expect(t.db.prepare('SELECT cohort, version_id, mql_at, sal_at, won_deals, revenue FROM lead_rollup WHERE lead_id = ?').get(id)).toEqual({
      cohort: '2026-03',
      version_id: v,
      mql_at: b.day(2026, 3, 2),
      sal_at: b.day(2026, 3, 3),
      won_deals: 1,
      revenue: 40,
    });
  });

  it('are undone with the transaction that fired them', () => {
    t = createTestDb();
    const id = b.lead(t.db, {});
    expect(() =>
      t.db.transaction(() => {
        b.event(t.db, id, 'lead', 'mql', 1_000);
        throw new Error('abort');
      })(),
    ).toThrow('abort');
    expect(t.db.prepare('SELECT mql_at FROM lead_rollup WHERE lead_id = ?').pluck().get(id)).toBeNull();
  });
});

describe('query plans of the hot report queries', () => {
  let t: TestDb;
  afterEach(() => t?.cleanup());

  const plan = (db: Database.Database, sql: string, ...params: unknown[]) =>
    (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[]).map((r) => r.detail).join('\n');

  it('read the rollup, not leads or stage_events, and use the indexes for per-lead lookups', () => {
    t = createTestDb();
    const { db } = t;
    const funnel = plan(db, `SELECT r.cohort, count(*), count(r.mql_at) FROM lead_rollup r WHERE r.deleted = 0 GROUP BY r.cohort`);
    expect(funnel).toBe('SCAN r USING COVERING INDEX lead_rollup_funnel');
    const offers = plan(db, `SELECT r.offer_id, r.campaign_id, count(*), count(r.sal_at), sum(r.revenue) FROM lead_rollup r WHERE r.deleted = 0 AND r.mql_at IS NOT NULL GROUP BY 1, 2`);
    expect(offers).toBe('SCAN r USING COVERING INDEX lead_rollup_offers');
    for (const [step, [a, b]] of Object.entries(STEP_INDEXES)) {
      const walk = plan(db, `SELECT (r.${b} - r.${a}) FROM lead_rollup r INDEXED BY lead_rollup_step_${step} WHERE ${stepWhere(a, b)} AND r.deleted = 0 ORDER BY (r.${b} - r.${a}) LIMIT 2 OFFSET 9`);
      expect(walk, step).toBe(`SCAN r USING COVERING INDEX lead_rollup_step_${step}`);
    }
    const rejections = plan(db, `SELECT h.reason_id, count(*) FROM handoffs h WHERE h.decision = 'rejected' AND h.deleted = 0 AND ${LEAD_IS_LIVE('h.lead_id')} GROUP BY 1`);
    expect(rejections).toMatch(/^SEARCH h USING COVERING INDEX handoffs_report \(decision=\?\)/);
    expect(rejections).toMatch(/SCAN lead_rollup USING COVERING INDEX lead_rollup_deleted/);
    const hours = plan(db, `SELECT (h.decided_at - h.handed_at) FROM handoffs h WHERE h.deleted = 0 AND h.decision <> 'pending' AND h.decided_at IS NOT NULL AND h.decided_at >= h.handed_at AND h.rep_id IS ? AND ${LEAD_IS_LIVE('h.lead_id')} ORDER BY (h.decided_at - h.handed_at) LIMIT 2 OFFSET 3`, 'x');
    expect(hours).toMatch(/^SEARCH h USING COVERING INDEX handoffs_decision_hours \(rep_id=\?\)/);
    expect(hours).not.toMatch(/TEMP B-TREE/);
    // The SLA's per-rep pass reads index pages only (migration 0016 added deleted to handoffs_sla).
    const sla = plan(db, `SELECT h.rep_id, h.decision, count(*), count(h.sla_due_at), sum(h.sla_due_at < ?), sum(h.decided_at > h.sla_due_at), sum(h.decided_at >= h.handed_at)
      FROM handoffs h WHERE h.deleted = 0 AND ${LEAD_IS_LIVE('h.lead_id')} GROUP BY h.rep_id, h.decision`, 1);
    expect(sla).toMatch(/^SCAN h USING COVERING INDEX handoffs_sla/);
    expect(sla).not.toMatch(/TEMP B-TREE/);
    // Calibration's counts per total come in order from the score index, without a sort.
    const totals = plan(db, `SELECT s.total, count(*) FROM scores s WHERE s.version_id = ? GROUP BY s.total ORDER BY s.total`, 'x');
    expect(totals).toBe('SEARCH s USING COVERING INDEX scores_version (version_id=?)');
    // Lift groups the MQLs' touchpoints per lead as the rollup's key order delivers them.
    const lift = plan(db, `SELECT r.lead_id, sum(DISTINCT CASE lower(trim(t.type)) WHEN 'x' THEN 1 ELSE 0 END) FROM lead_rollup r
      LEFT JOIN touchpoints t ON t.lead_id = r.lead_id AND t.occurred_at <= r.mql_at AND t.deleted = 0 WHERE r.deleted = 0 AND r.mql_at IS NOT NULL GROUP BY r.lead_id`);
    expect(lift).toMatch(/SEARCH t USING COVERING INDEX touchpoints_lead \(lead_id=\? AND occurred_at<\?\)/);
    expect(lift).not.toMatch(/TEMP B-TREE FOR GROUP BY/);
    const ranged = plan(db, `SELECT count(*) FROM lead_rollup r WHERE r.deleted = 0 AND r.created_at >= ? AND r.created_at < ?`, 1, 2);
    expect(ranged).toMatch(/USING INDEX lead_rollup_created/);
    const lastTouch = plan(
      db,
      `SELECT (SELECT t.offer_id FROM touchpoints t WHERE t.lead_id = r.lead_id AND t.occurred_at <= r.mql_at AND t.offer_id IS NOT NULL
               ORDER BY t.occurred_at DESC LIMIT 1) FROM lead_rollup r WHERE r.mql_at IS NOT NULL`,
    );
    // Covering (migration 0015): the walk reads index pages only, never the touchpoints table.
    expect(lastTouch).toMatch(/SEARCH t USING COVERING INDEX touchpoints_lead \(lead_id=\? AND occurred_at<\?\)/);
    const chunk = plan(db, `SELECT lead_id, type, offer_id, campaign_id, channel, occurred_at FROM touchpoints WHERE lead_id BETWEEN ? AND ? AND deleted = 0`, 'a', 'b');
    expect(chunk).toMatch(/SEARCH touchpoints USING COVERING INDEX touchpoints_lead \(lead_id>\? AND lead_id<\?\)/);
    const calib = plan(db, `SELECT sc.total FROM scores sc JOIN lead_rollup r ON r.lead_id = sc.lead_id WHERE sc.version_id = ?`, 'x');
    expect(calib).toMatch(/SEARCH sc USING (COVERING )?INDEX scores_version/);
    expect(calib).toMatch(/SEARCH r USING PRIMARY KEY/);
    const page = plan(
      db,
      `SELECT o.id FROM outcomes o WHERE o.deleted = 0 ORDER BY coalesce(o.closed_at, o.opened_at, o.created_at) DESC, o.id DESC LIMIT 100`,
    );
    expect(page).toMatch(/outcomes_date/);
    expect(page).not.toMatch(/TEMP B-TREE/);
    // The row recompute a trigger runs finds a lead's rows through their lead indexes.
    const recompute = plan(db, rollupRowSql('l.id = ?'), 'x').split('\n').filter((l) => /^SEARCH [heo] /.test(l));
    expect(recompute).toHaveLength(10);
    for (const line of recompute) expect(line).toMatch(/USING INDEX (handoffs|stage_events|outcomes)_lead \(lead_id=\?\)/);
  });
});
