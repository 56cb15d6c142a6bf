import { afterEach, describe, expect, it } from 'vitest';
import type { Db } from '../../main/db/connection.js';
import { orderedQuantiles } from '../../main/db/reports-common.repo.js';
import { wonCurrencies } from '../../main/db/reports-offers.repo.js';
import { funnelCounts } from '../../main/db/reports-funnel.repo.js';
import { ruleMatchCounts } from '../../main/db/reports-lift.repo.js';
import { leadRulePredicate } from '../../main/db/rule-sql.js';
import type { Rule } from '../../shared/domain/criteria.js';
import { slaCounts } from '../../main/db/reports-sla.repo.js';
import * as reports from '../../main/services/reports/index.js';
import { quantile } from '../../shared/domain/stats.js';
import { Rng } from '../../shared/domain/random.js';
import { buildReportFixture } from '../helpers/report-fixture.js';
import { HOUR, campaign, day, event, handoff, lead, outcome, user, version } from '../helpers/report-builders.js';
import { createTestDb, type TestDb } from '../helpers/test-db.js';

/**
 * The report paths that lean on migration 0017's indexes give what a plain pass over the rows gives:
 * the SLA counters split between a count of every handoff and a look at the marked ones, quantiles
 * read from the nearer end of an index, the won currencies found one currency at a time.
 */

let t: TestDb;
afterEach(() => t?.cleanup());

/** The SLA counters per rep the way one plain pass over the live handoffs counts them. */
function plainSla(db: Db, asOf: number, where = '1', params: unknown[] = []) {
  return db
    .prepare(
      `SELECT h.rep_id AS repId, count(*) AS handoffs, count(h.sla_due_at) AS withDue,
              sum(h.decision = 'pending') AS pending, sum(h.decision = 'pending' AND h.sla_due_at < ?) AS pendingBreached,
              sum(h.decision <> 'pending') AS decided, sum(h.decision <> 'pending' AND h.decided_at > h.sla_due_at) AS decidedLate,
              sum(h.decision <> 'pending' AND h.decided_at IS NOT NULL AND h.decided_at >= h.handed_at) AS timed
       FROM handoffs h JOIN leads l ON l.id = h.lead_id WHERE h.deleted = 0 AND l.deleted = 0 AND ${where}
       GROUP BY h.rep_id ORDER BY h.rep_id`,
    )
    .all(asOf, ...params) as Record<string, unknown>[];
}

const byRep = (rows: ReturnType<typeof slaCounts>) =>
  rows
    .map(({ repId, handoffs, withDue, pending, pendingBreached, decided, decidedLate, timed }) => ({ repId, handoffs, withDue, pending, pendingBreached, decided, decidedLate, timed }))
    .sort((a, b) => (a.repId ?? '').localeCompare(b.repId ?? ''));

/** Every statement `fn` runs, with its query plan. */
function plansOf(db: Db, fn: () => unknown): { sql: string; plan: string[] }[] {
  const seen: { sql: string; plan: string[] }[] = [];
  const prepare = db.prepare.bind(db);
  const spy = (sql: string) => {
    const st = prepare(sql);
    const explain = (args: unknown[]) => {
      const rows = prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...args) as { detail: string }[];
      seen.push({ sql, plan: rows.map((r) => r.detail) });
    };
    const proxy: unknown = new Proxy(st, {
      get(target, prop) {
        const v = Reflect.get(target, prop, target) as unknown;
        if (prop === 'get' || prop === 'all' || prop === 'run')
          return (...args: unknown[]) => {
            explain(args);
            return (v as (...a: unknown[]) => unknown).apply(target, args);
          };
        if (prop === 'pluck' || prop === 'raw')
          return (...args: unknown[]) => {
            (v as (...a: unknown[]) => unknown).apply(target, args);
            return proxy;
          };
        return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
      },
    });
    return proxy;
  };
  (db as unknown as { prepare: unknown }).prepare = spy;
  try {
    fn();
  } finally {
    (db as unknown as { prepare: unknown }).prepare = prepare;
  }
  return seen;
}

describe('SLA counters', () => {
  it('equal one plain pass over the handoffs, odd ones included (no due time, no or an early decision time, deleted)', () => {
    t = createTestDb();
    const { db } = t;
    const rng = new Rng(20261202);
    const rand = () => rng.next();
    const reps = [user(db, 'Ana'), user(db, 'Bo'), user(db, 'Cy'), null];
    const v1 = version(db, 1, 'retired');
    const v2 = version(db, 2);
    const leads: string[] = [];
    for (let i = 0; i < 40; i++) leads.push(lead(db, { name: `L${i}`, createdAt: day(2026, 1, 1) + i * HOUR }));
    const start = day(2026, 2, 1);
    for (let i = 0; i < 300; i++) {
      const handedAt = start + Math.floor(rand() * 60 * 24) * HOUR;
      const d = rand();
      const decision = d < 0.3 ? 'pending' : d < 0.65 ? 'accepted' : 'rejected';
      const decidedAt = decision === 'pending' ? null : handedAt + Math.floor((rand() * 120 - 10) * HOUR);
      const id = handoff(db, {
        leadId: leads[Math.floor(rand() * leads.length)]!,
        versionId: rand() < 0.5 ? v1 : v2,
        repId: reps[Math.floor(rand() * reps.length)]!,
        handedAt,
        slaHours: 48,
        decision,
        decidedAt,
      });
      const odd = rand();
      if (odd < 0.06) db.prepare('UPDATE handoffs SET sla_due_at = NULL WHERE id = ?').run(id);
      else if (odd < 0.1 && decision !== 'pending') db.prepare('UPDATE handoffs SET decided_at = NULL WHERE id = ?').run(id);
      else if (odd < 0.14) db.prepare('UPDATE handoffs SET deleted = 1 WHERE id = ?').run(id);
    }
    db.prepare('UPDATE leads SET deleted = 1 WHERE id = ?').run(leads[0]);
    const asOf = start + 30 * 24 * HOUR;

    const plain = plainSla(db, asOf);
    expect(plain.some((r) => (r.decidedLate as number) > 0 && (r.pendingBreached as number) > 0)).toBe(true);
    expect(byRep(slaCounts(db, {}, asOf))).toEqual(plain);
    // The unfiltered counts walk the (rep, decision) groups; with no lead deleted they skip the lead check.
    db.prepare('UPDATE leads SET deleted = 0 WHERE id = ?').run(leads[0]);
    expect(byRep(slaCounts(db, {}, asOf))).toEqual(plainSla(db, asOf));
    db.prepare('UPDATE leads SET deleted = 1 WHERE id = ?').run(leads[0]);
    expect(byRep(slaCounts(db, { version: 2 }, asOf))).toEqual(plainSla(db, asOf, 'h.version_id = ?', [v2]));
    expect(byRep(slaCounts(db, { repId: reps[1]! }, asOf))).toEqual(plainSla(db, asOf, 'h.rep_id = ?', [reps[1]]));
    const from = start + 10 * 24 * HOUR;
    const to = start + 40 * 24 * HOUR;
    expect(byRep(slaCounts(db, { from, to }, asOf))).toEqual(plainSla(db, asOf, 'h.handed_at >= ? AND h.handed_at < ?', [from, to]));
  });

  it('reads index pages only: every (rep, decision) group a range of handoffs_sla (of handoffs_sla_groups with no lead deleted), the pending ones\' due times ranges of handoffs_sla, the decided marked ones ranges of handoffs_sla_marks', () => {
    t = createTestDb();
    buildReportFixture(t.db);
    const plans = plansOf(t.db, () => reports.sla(t.db, {}, day(2026, 3, 1)));
    const text = plans.flatMap((p) => p.plan).join('\n');
    expect(text).toMatch(/SEARCH h USING COVERING INDEX handoffs_sla \(rep_id=\? AND decision=\?\)/);
    // With no lead deleted (nothing to check of the lead) the groups walk the narrower index.
    t.db.prepare('UPDATE leads SET deleted = 0').run();
    const live = plansOf(t.db, () => reports.sla(t.db, {}, day(2026, 3, 1))).flatMap((p) => p.plan).join('\n');
    expect(live).toMatch(/SEARCH h USING COVERING INDEX handoffs_sla_groups \(rep_id=\? AND decision=\? AND deleted=\?\)/);
    expect(live).not.toMatch(/h USING INDEX|TEMP B-TREE/);
    expect(text).toMatch(/SEARCH h USING COVERING INDEX handoffs_sla_marks \(rep_id=\? AND decision=\?\)/);
    expect(text).toMatch(/SEARCH h USING COVERING INDEX handoffs_sla \(rep_id=\? AND decision=\? AND sla_due_at<\?\)/);
    expect(text).not.toMatch(/TEMP B-TREE/);
  });
});

describe('quantiles read from the nearer end of an index', () => {
  it('equal the quantiles of the sorted values for every size and p', () => {
    t = createTestDb();
    const { db } = t;
    db.exec('CREATE TABLE temp.q (v REAL NOT NULL); CREATE INDEX temp.q_v ON q(v)');
    const rng = new Rng(7);
    const rand = () => rng.next();
    const values: number[] = [];
    const insert = db.prepare('INSERT INTO temp.q (v) VALUES (?)');
    for (let n = 1; n <= 13; n++) {
      // Ties included: a quarter of the values repeat an earlier one.
      const v = values.length > 0 && rand() < 0.25 ? values[Math.floor(rand() * values.length)]! : Math.round(rand() * 1000) / 10;
      values.push(v);
      insert.run(v);
      const ps = [0, 0.1, 0.5, 0.8, 0.95, 1];
      const q = orderedQuantiles(db, 'temp.q', '1', 'q.v', [], ps);
      expect(q.n).toBe(n);
      q.values.forEach((got, i) => expect(got, `n=${n} p=${ps[i]}`).toBeCloseTo(quantile(values, ps[i]!)!, 10));
    }
  });
});

describe('won currencies', () => {
  it('are those of won, live outcomes of MQLs in the filter', () => {
    t = createTestDb();
    const { db } = t;
    const paid = campaign(db, 'Paid', 'paid_search', 0);
    const mql = (name: string, campaignId: string | null = null) => {
      const id = lead(db, { name, createdAt: day(2026, 1, 1), campaignId });
      event(db, id, 'lead', 'mql', day(2026, 1, 2));
      return id;
    };
    outcome(db, { leadId: mql('A'), result: 'won', amount: 10, currency: 'EUR', closedAt: day(2026, 2, 1) });
    outcome(db, { leadId: mql('B', paid), result: 'won', amount: 10, currency: 'USD', closedAt: day(2026, 2, 1) });
    // Not an MQL, lost, deleted: none of these currencies is summed.
    outcome(db, { leadId: lead(db, { name: 'C', createdAt: day(2026, 1, 1) }), result: 'won', amount: 10, currency: 'GBP', closedAt: day(2026, 2, 1) });
    outcome(db, { leadId: mql('D'), result: 'lost', currency: 'CHF', closedAt: day(2026, 2, 1) });
    const gone = outcome(db, { leadId: mql('E'), result: 'won', amount: 10, currency: 'JPY', closedAt: day(2026, 2, 1) });
    db.prepare('UPDATE outcomes SET deleted = 1 WHERE id = ?').run(gone);
    expect(wonCurrencies(db, {})).toEqual(['EUR', 'USD']);
    expect(wonCurrencies(db, { campaignId: paid })).toEqual(['USD']);
    expect(wonCurrencies(db, { from: day(2027, 1, 1) })).toEqual([]);
    const plan = plansOf(db, () => wonCurrencies(db, {})).flatMap((p) => p.plan).join('\n');
    expect(plan).toMatch(/COVERING INDEX outcomes_won_currency \(result=\? AND currency>\?\)/);
  });
});

describe('calibration and offers plans', () => {
  it('take the won leads\' totals from scores_lead_total, and count the MQLs per offer as lead_rollup_offers delivers them', () => {
    t = createTestDb();
    buildReportFixture(t.db);
    const calib = plansOf(t.db, () => reports.calibration(t.db, {})).flatMap((p) => p.plan).join('\n');
    expect(calib).toMatch(/SEARCH s USING COVERING INDEX scores_lead_total \(lead_id=\? AND version_id=\?\)/);
    const offers = plansOf(t.db, () => reports.offers(t.db, {}, 'first')).find((p) => p.sql.includes('WITH per AS'))!.plan;
    const scan = offers.indexOf('SCAN r USING COVERING INDEX lead_rollup_offers');
    expect(scan).toBeGreaterThan(-1);
    // The sort that follows, if any, is over the few (offer, campaign) groups, after the scan's co-routine.
    expect(offers[scan + 1]).not.toMatch(/TEMP B-TREE/);
  });
});

describe('funnel without filters', () => {
  it('counts the leads and the MQLs\' later stages per cohort along their indexes, equal to one pass over every lead', () => {
    t = createTestDb();
    buildReportFixture(t.db);
    const extra = lead(t.db, { name: 'Gone', createdAt: day(2026, 1, 9) });
    event(t.db, extra, 'lead', 'mql', day(2026, 1, 10));
    t.db.prepare('UPDATE leads SET deleted = 1 WHERE id = ?').run(extra);
    const onePass = t.db
      .prepare(
        `SELECT r.cohort AS cohort, count(*) AS leads, count(r.mql_at) AS mql, count(r.sal_at) AS sal, count(r.sql_at) AS sql,
                count(r.won_at) AS won FROM lead_rollup r WHERE r.deleted = 0 GROUP BY r.cohort ORDER BY r.cohort`,
      )
      .all();
    expect(funnelCounts(t.db, {})).toEqual(onePass);
    const plan = new Set(plansOf(t.db, () => funnelCounts(t.db, {})).flatMap((p) => p.plan).filter((l) => / r /.test(l)));
    expect([...plan].sort()).toEqual([
      'SCAN r USING COVERING INDEX lead_rollup_funnel',
      'SEARCH r USING COVERING INDEX lead_rollup_funnel (cohort=?)',
      'SEARCH r USING COVERING INDEX lead_rollup_funnel (cohort>?)',
      'SEARCH r USING COVERING INDEX lead_rollup_funnel_mql (cohort=?)',
    ]);
  });
});

describe('lift on the typed lead columns', () => {
  it('matches each rule on the same MQLs as the general rule predicate (blank, padded, mixed-case and null values)', () => {
    t = createTestDb();
    const { db } = t;
    const values: { country: string; industry: string | null; employees: number | null; budget: number | null; jobTitle: string | null; seniority: string | null }[] = [
      { country: 'DE', industry: 'Software', employees: 200, budget: 10000, jobTitle: 'Head of Sales', seniority: 'VP' },
      { country: ' de ', industry: '  ', employees: 50, budget: 0, jobTitle: '  head of ops', seniority: ' vp ' },
      { country: '', industry: null, employees: null, budget: null, jobTitle: null, seniority: null },
      { country: 'FR', industry: ' software', employees: 5000, budget: 12500.5, jobTitle: 'SALES lead', seniority: 'manager' },
      { country: '  ', industry: 'Retail', employees: 199, budget: 9999.99, jobTitle: '', seniority: '' },
    ];
    for (const [i, v] of values.entries()) {
      const id = lead(db, { name: `L${i}`, createdAt: day(2026, 1, 1), country: v.country, employees: v.employees, jobTitle: v.jobTitle, industry: v.industry });
      db.prepare('UPDATE leads SET budget = ?, seniority = ? WHERE id = ?').run(v.budget, v.seniority, id);
      event(db, id, 'lead', 'mql', day(2026, 1, 2));
      if (i % 2 === 0) outcome(db, { leadId: id, result: 'won', amount: 1, closedAt: day(2026, 2, 1) });
    }
    const rules = [
      ['country', 'in', ['de']],
      ['country', 'not_in', ['DE']],
      ['country', 'missing', null],
      ['industry', 'exists', null],
      ['industry', 'equals', 'software'],
      ['industry', 'missing', null],
      ['employees', 'range', { min: 50, max: 200 }],
      ['employees', 'range', { min: 201 }],
      ['employees', 'exists', null],
      ['budget', 'range', { min: 10000 }],
      ['budget', 'exists', null],
      ['budget', 'missing', null],
      ['jobTitle', 'starts_with', 'head of'],
      ['jobTitle', 'contains', 'sales'],
      ['seniority', 'equals', 'vp'],
      ['seniority', 'in', ['vp', 'manager']],
    ].map(([field, operator, value], i) => ({ id: `r${i}`, kind: 'fit', label: `r${i}`, field, operator, value, points: 1 }) as unknown as Rule);
    const counts = ruleMatchCounts(db, {}, rules);
    expect(counts.population).toBe(5);
    rules.forEach((rule, i) => {
      const p = leadRulePredicate(rule);
      const want = db
        .prepare(`SELECT count(*) AS n, coalesce(sum(r.won_at IS NOT NULL), 0) AS won FROM leads l JOIN lead_rollup r ON r.lead_id = l.id WHERE r.mql_at IS NOT NULL AND ${p.sql}`)
        .get(...p.params);
      expect(counts.rules[i], `${rule.field} ${rule.operator} ${JSON.stringify(rule.value)}`).toEqual(want);
    });
    // Not vacuous: the values split every rule.
    expect(counts.rules.map((r) => r.n).filter((n) => n === 0 || n === 5)).toEqual([]);
  });
});
