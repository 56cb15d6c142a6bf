import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as criteria from '../../main/services/criteria.js';
import * as users from '../../main/services/users.js';
import { AppError } from '../../shared/errors.js';
import { createTestDb, type TestDb } from '../helpers/test-db.js';

const rule = (over: Record<string, unknown> = {}) => ({
  kind: 'fit' as const,
  label: 'ICP industry',
  field: 'industry',
  operator: 'in',
  value: ['Software'],
  points: 10,
  ...over,
});

const expectError = (fn: () => unknown, kind: AppError['kind'], message: RegExp) => {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(AppError);
    expect((e as AppError).kind).toBe(kind);
    expect((e as AppError).message).toMatch(message);
    return;
  }
  throw new Error('expected an error');
};

describe('criteria versions and two-owner sign-off', () => {
  let t: TestDb;
  let mkt: string, sales: string, member: string;
  beforeEach(() => {
    t = createTestDb();
    mkt = users.create(t.db, { name: 'Maria Marketing', team: 'marketing', role: 'owner' }).id;
    sales = users.create(t.db, { name: 'Sam Sales', team: 'sales', role: 'owner' }).id;
    member = users.create(t.db, { name: 'Rita Rep', team: 'sales', role: 'member' }).id;
  });
  afterEach(() => t.cleanup());

  const as = (id: string) => users.setCurrent(t.db, id);
  const changes = () => (t.db.prepare('SELECT total_changes() AS n').get() as { n: number }).n;

  function proposedDraft() {
    const v = criteria.createDraft(t.db, { name: 'Q3 proposal' });
    criteria.saveRule(t.db, v.id, rule());
    criteria.saveRule(t.db, v.id, rule({ kind: 'engagement', label: 'Webinar', field: 'touchpoint.type', operator: 'equals', value: 'webinar', points: 8, cap: 16, decayHalfLifeDays: 30 }));
    return criteria.propose(t.db, v.id);
  }

  it('walks draft → proposed → approved by both teams → active, retiring the previous version', () => {
    as(mkt);
    const first = proposedDraft();
    criteria.decide(t.db, first.id, 'approve');
    as(sales);
    expect(criteria.decide(t.db, first.id, 'approve').status).toBe('approved');
    expect(criteria.activate(t.db, first.id).status).toBe('active');

    const second = criteria.createDraft(t.db, { fromId: first.id, name: 'Clone' });
    expect(second.number).toBe(2);
    expect(second.rules.map((r) => r.label)).toEqual(first.rules.map((r) => r.label));
    expect(second.rules.map((r) => r.id)).not.toContain(first.rules[0]!.id);
    criteria.saveRule(t.db, second.id, { ...second.rules.find((r) => r.label === 'Webinar')!, points: 4 });
    criteria.propose(t.db, second.id);
    criteria.decide(t.db, second.id, 'approve');
    as(mkt);
    const approved = criteria.decide(t.db, second.id, 'approve');
    expect(approved.approvals.map((a) => [a.userName, a.team])).toEqual([
      ['Sam Sales', 'sales'],
      ['Maria Marketing', 'marketing'],
    ]);
    criteria.activate(t.db, second.id);
    const list = criteria.list(t.db);
    expect(list.map((v) => [v.number, v.status])).toEqual([
      [2, 'active'],
      [1, 'retired'],
    ]);
    expect(list[1]!.effectiveTo).not.toBeNull();

    const d = criteria.diff(t.db, first.id, second.id);
    expect(d.changed).toEqual([
      { label: 'Webinar', kind: 'engagement', fromId: expect.any(String), toId: expect.any(String), changes: [{ field: 'points', from: 8, to: 4 }], ruleFieldFrom: 'touchpoint.type', ruleFieldTo: 'touchpoint.type' },
    ]);
    expect(d.added).toEqual([]);
    const audit = t.db.prepare(`SELECT action FROM audit WHERE entity = 'criteria_version' AND entity_id = ?`).all(second.id) as { action: string }[];
    expect(audit.map((a) => a.action)).toEqual(['clone of v1', 'rule changed', 'propose', 'approve (sales)', 'approve (marketing)', 'schedule', 'activate']);
  });

  it('refuses a non-owner, a second approval for the same team, and edits of a read-only version, changing nothing', () => {
    as(mkt);
    const v = proposedDraft();
    as(member);
    const beforeRefusal = changes();
    expectError(() => criteria.decide(t.db, v.id, 'approve'), 'forbidden', /not an owner/);
    expect(changes()).toBe(beforeRefusal);
    as(mkt);
    criteria.decide(t.db, v.id, 'approve');
    const before = changes();
    expectError(() => criteria.decide(t.db, v.id, 'approve'), 'conflict', /already approved for marketing/);
    expectError(() => criteria.saveRule(t.db, v.id, rule({ label: 'New' })), 'conflict', /read-only; clone it/);
    expectError(() => criteria.updateDraft(t.db, v.id, { name: 'x' }), 'conflict', /read-only/);
    expectError(() => criteria.activate(t.db, v.id), 'conflict', /only an approved version can be activated/);
    expect(changes()).toBe(before);
  });

  it('gives a specific error for an invalid rule or overlapping thresholds', () => {
    as(mkt);
    const v = criteria.createDraft(t.db, { name: 'Draft' });
    expectError(() => criteria.saveRule(t.db, v.id, rule({ label: 'Shoes', field: 'shoe_size' })), 'validation', /Invalid rule "Shoes": field: Unknown lead field/);
    expectError(() => criteria.saveRule(t.db, v.id, rule({ field: 'employees', operator: 'contains', value: 'x' })), 'validation', /does not fit number/);
    expectError(
      () => criteria.saveRule(t.db, v.id, rule({ kind: 'engagement', field: 'touchpoint.type', operator: 'equals', value: 'ebook', cap: -5 })),
      'validation',
      /cap/,
    );
    expectError(
      () => criteria.updateDraft(t.db, v.id, { levels: [{ name: 'A', threshold: 50 }, { name: 'B', threshold: 50 }] }),
      'validation',
      /share the threshold 50/,
    );
    expect(criteria.get(t.db, v.id).rules).toEqual([]);
  });

  it('a rejection needs a reason and sends the version back to draft', () => {
    as(sales);
    const v = proposedDraft();
    expectError(() => criteria.decide(t.db, v.id, 'reject'), 'validation', /Say why/);
    const back = criteria.decide(t.db, v.id, 'reject', 'Webinar points too high');
    expect(back.status).toBe('draft');
    expect(back.approvals[0]).toMatchObject({ decision: 'reject', comment: 'Webinar points too high' });
  });

  it('only one version can be scheduled or active at a time', () => {
    const approve = (id: string) => {
      as(mkt);
      criteria.decide(t.db, id, 'approve');
      as(sales);
      criteria.decide(t.db, id, 'approve');
    };
    as(mkt);
    const a = proposedDraft();
    approve(a.id);
    const b = proposedDraft();
    approve(b.id);
    const tomorrow = Date.now() + 86_400_000;
    expect(criteria.activate(t.db, a.id, tomorrow).status).toBe('approved');
    expectError(() => criteria.activate(t.db, b.id), 'conflict', /already scheduled/);
    expect(criteria.promoteDue(t.db, tomorrow + 1)).toBe(a.id);
    expect(criteria.get(t.db, a.id).status).toBe('active');
  });

  it('saves a territory rule typed with country names as the codes leads carry, so it matches them', () => {
    as(mkt);
    const v = criteria.createDraft(t.db, { name: 'Territory' });
    criteria.saveRule(t.db, v.id, rule({ label: 'Territory', field: 'country', value: ['Netherlands', 'Deutschland', 'NL', 'EMEA'] }));
    criteria.saveRule(t.db, v.id, rule({ label: 'One line', field: 'country', value: ['Belgium, France', 'Korea, Republic of', 'Benelux, FR'] }));
    criteria.saveRule(t.db, v.id, rule({ label: 'Home', field: 'country', operator: 'equals', value: 'the Netherlands' }));
    criteria.saveRule(t.db, v.id, rule({ label: 'Name part', field: 'country', operator: 'contains', value: 'Nether' }));
    const saved = Object.fromEntries(criteria.get(t.db, v.id).rules.map((r) => [r.label, r.value]));
    expect(saved).toEqual({
      Territory: ['NL', 'DE', 'EMEA'],
      'One line': ['BE', 'FR', 'KR', 'Benelux, FR'],
      Home: 'NL',
      'Name part': 'Nether',
    });
  });
});
