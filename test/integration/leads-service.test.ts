import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { STAGE_RANK_SQL } from '../../main/db/stage-rank.js';
import { createRegistry } from '../../main/rpc/registry.js';
import { STAGE_ORDER } from '../../shared/domain/stages.js';
import * as leads from '../../main/services/leads.js';
import * as users from '../../main/services/users.js';
import type { LeadRow } from '../../shared/contracts/leads.js';
import { insertLead } from '../helpers/builders.js';
import { createTestDb, type TestDb } from '../helpers/test-db.js';

const base = { filters: {}, cursor: null } as const;

describe('leads service on a real workspace', () => {
  let t: TestDb;
  beforeEach(() => {
    t = createTestDb();
  });
  afterEach(() => t.cleanup());

  it('walks every lead exactly once through keyset pages, in order, for every sort', () => {
    const names = ['delta', 'Alpha', 'charlie', 'bravo', 'echo', 'alpha'];
    for (let i = 0; i < 30; i++) {
      insertLead(t.db, {
        name: `${names[i % names.length]} ${i % 4}`,
        employees: i % 5 === 0 ? null : (i * 37) % 500,
        scoreTotal: (i * 13) % 40,
        stage: STAGE_ORDER[i % STAGE_ORDER.length]!,
        country: ['NL', 'DE', 'PL'][i % 3]!,
      });
    }
    for (const column of ['createdAt', 'name', 'company', 'country', 'employees', 'score', 'stage'] as const) {
      for (const dir of ['asc', 'desc'] as const) {
        const seen: LeadRow[] = [];
        let cursor = null;
        do {
          const page = leads.list(t.db, { sort: { column, dir }, filters: {}, cursor, limit: 7 });
          seen.push(...page.rows);
          cursor = page.nextCursor;
        } while (cursor);
        expect(new Set(seen.map((r) => r.id)).size).toBe(30);
        const key = (r: LeadRow) =>
          column === 'employees'
            ? (r.employees ?? -1)
            : column === 'score'
              ? r.scoreTotal
              : column === 'createdAt'
                ? r.createdAt
                : column === 'stage'
                  ? STAGE_ORDER.indexOf(r.stage)
                  : String(r[column]).toLowerCase();
        for (let i = 1; i < seen.length; i++) {
          const a = key(seen[i - 1]!);
          const b = key(seen[i]!);
          if (dir === 'asc') expect(a <= b, `${column} ${dir} at ${i}`).toBe(true);
          else expect(a >= b, `${column} ${dir} at ${i}`).toBe(true);
        }
      }
    }
  });

  it('filters by text, stage, country, owner and created range, and counts the same set', () => {
    const rep = users.create(t.db, { name: 'Sam Rep', team: 'sales', role: 'member' });
    insertLead(t.db, { name: 'Ada Lovelace', company: 'Analytical Engines', country: 'GB', stage: 'mql', ownerId: rep.id, createdAt: Date.UTC(2026, 2, 1) });
    insertLead(t.db, { name: 'Grace Hopper', company: 'Navy Compilers', country: 'US', stage: 'sal', createdAt: Date.UTC(2026, 3, 1) });
    insertLead(t.db, { name: 'Ada Yonath', company: 'Ribosome Labs', country: 'IL', stage: 'lead', createdAt: Date.UTC(2026, 4, 1) });
    const names = (filters: Parameters<typeof leads.list>[1]['filters']) =>
      leads.list(t.db, { ...base, sort: { column: 'name', dir: 'asc' }, filters, limit: 50 }).rows.map((r) => r.name);

    expect(names({ q: 'ada' })).toEqual(['Ada Lovelace', 'Ada Yonath']);
    expect(names({ q: 'analyt' })).toEqual(['Ada Lovelace']);
    expect(names({ q: 'ada ribo' })).toEqual(['Ada Yonath']);
    expect(names({ q: '"); DROP TABLE leads; --' })).toEqual([]);
    expect(names({ stages: ['mql', 'sal'] })).toEqual(['Ada Lovelace', 'Grace Hopper']);
    expect(names({ country: 'US' })).toEqual(['Grace Hopper']);
    expect(names({ ownerId: rep.id })).toEqual(['Ada Lovelace']);
    expect(names({ createdFrom: Date.UTC(2026, 2, 15), createdTo: Date.UTC(2026, 4, 1) })).toEqual(['Grace Hopper']);
    expect(leads.count(t.db, { q: 'ada' })).toBe(2);
    expect(leads.count(t.db, {})).toBe(3);
    expect(leads.list(t.db, { ...base, sort: { column: 'name', dir: 'asc' }, limit: 50 }).rows[0]!.ownerName).toBe('Sam Rep');
  });

  it('sorts from an index (no temporary sort) for the hot leads queries', () => {
    insertLead(t.db);
    const plan = (sql: string) =>
      (t.db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all() as { detail: string }[]).map((r) => r.detail).join(' | ');
    for (const [expr] of [['l.created_at'], ['l.name'], ['l.score_total'], ['coalesce(l.employees, -1)'], [STAGE_RANK_SQL]]) {
      const p = plan(`SELECT l.id FROM leads l WHERE l.deleted = 0 ORDER BY ${expr} DESC, l.id DESC LIMIT 100`);
      expect(p, expr).not.toMatch(/TEMP B-TREE/);
    }
  });

  it('returns a lead with its touchpoints and stage history, and not_found for a missing id', async () => {
    const id = insertLead(t.db, { name: 'Linus' });
    const reg = createRegistry();
    const ok = await reg.invoke('leads:get', { id }, t.ctx);
    expect(ok).toMatchObject({ ok: true, value: { id, name: 'Linus', touchpoints: [], stageEvents: [] } });
    const missing = await reg.invoke('leads:get', { id: '0190f5c8-0000-7000-8000-000000000000' }, t.ctx);
    expect(missing).toMatchObject({ ok: false, error: { kind: 'not_found' } });
  });
});
