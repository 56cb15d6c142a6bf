import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openWorkspace, type Db } from '../../main/db/connection.js';
import { migrate } from '../../main/db/migrate.js';
import { MIGRATIONS } from '../../main/db/migrations/index.js';
import { listLeads, type ListLeadsQuery } from '../../main/db/leads.repo.js';
import type { LeadCursor } from '../../shared/contracts/leads.js';
import { tempDir } from '../helpers/test-db.js';

const BEFORE = MIGRATIONS.findIndex((m) => m.name === '0019-leads-stage-score');
/** More won leads than the repository's sort-first threshold (10,000), so the page walks an index in order. */
const LEADS = 24_000;
const WON_EVERY = 2;

/** The leads list's own statement for a query, as EXPLAIN QUERY PLAN sees it. */
function planOf(db: Db, q: ListLeadsQuery): string {
  const original = db.prepare.bind(db);
  let sql = '';
  (db as { prepare: Db['prepare'] }).prepare = ((s: string) => {
    if (/FROM leads l/.test(s)) sql = s;
    return original(s);
  }) as Db['prepare'];
  try {
    listLeads(db, q);
  } finally {
    (db as { prepare: Db['prepare'] }).prepare = original;
  }
  const params = (sql.match(/\?/g) ?? []).map(() => null);
  return (original(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[]).map((r) => r.detail).join(' | ');
}

describe('migration 0019: leads by stage in score order', () => {
  let t: ReturnType<typeof tempDir>;
  afterEach(() => t?.cleanup());

  it('replaces leads_stage on the leads already there; one stage sorted by score pages along it, in the right order', () => {
    t = tempDir();
    const path = join(t.dir, 'v18.db');
    const old = new Database(path);
    migrate(old, path, MIGRATIONS.slice(0, BEFORE));
    const insert = old.prepare(
      `INSERT INTO leads (id, name, company, country, stage, score_total, created_at, updated_at) VALUES (?, ?, 'Co', 'NL', ?, ?, ?, 1)`,
    );
    old.transaction(() => {
      for (let i = 0; i < LEADS; i++) {
        const stage = i % WON_EVERY === 0 ? 'won' : i % 3 === 0 ? 'sal' : 'lead';
        // Few distinct scores, so the id tie-break decides within a score.
        insert.run(`0190f5c8-0000-7000-8000-${String(i).padStart(12, '0')}`, `Lead ${i}`, stage, (i * 37) % 50, i);
      }
    })();
    old.close();

    const db = openWorkspace(path);
    const indexes = (db.prepare(`SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'leads'`).pluck().all() as string[]);
    expect(indexes).toContain('leads_stage_score');
    expect(indexes).not.toContain('leads_stage');

    for (const [stage, dir] of [
      ['won', 'desc'],
      ['won', 'asc'],
      ['sal', 'desc'], // fewer than 10,000: collected through the same index
    ] as const) {
      const query = (cursor: LeadCursor | null): ListLeadsQuery => ({
        sort: { column: 'score', dir },
        filters: { stages: [stage] },
        cursor,
        limit: 100,
      });
      const plan = planOf(db, query({ value: 25, id: '0190f5c8-0000-7000-8000-000000000000' }));
      expect(plan).toContain('leads_stage_score (stage=? AND (score_total,id)');
      expect(plan).not.toMatch(/TEMP B-TREE/);

      const order = dir === 'desc' ? 'DESC' : 'ASC';
      const want = (
        db
          .prepare(`SELECT id FROM leads WHERE stage = ? ORDER BY score_total ${order}, id ${order} LIMIT 300`)
          .pluck()
          .all(stage) as string[]
      );
      const got: string[] = [];
      let cursor: LeadCursor | null = null;
      for (let page = 0; page < 3; page++) {
        const r = listLeads(db, query(cursor));
        got.push(...r.rows.map((x) => x.id));
        cursor = r.nextCursor;
      }
      expect(got).toEqual(want);
    }

    // Two stages: still the score index, walked with the stage checked per row (unchanged).
    const two = planOf(db, { sort: { column: 'score', dir: 'desc' }, filters: { stages: ['won', 'sal'] }, cursor: null, limit: 100 });
    expect(two).toContain('leads_score');
    db.close();
  });
});
