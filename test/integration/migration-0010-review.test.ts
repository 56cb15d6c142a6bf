import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openWorkspace } from '../../main/db/connection.js';
import { migrate } from '../../main/db/migrate.js';
import { MIGRATIONS } from '../../main/db/migrations/index.js';
import { tempDir } from '../helpers/test-db.js';

describe('migration 0010: review indexes', () => {
  let t: ReturnType<typeof tempDir>;
  afterEach(() => t?.cleanup());

  it('upgrades a v9 workspace with reviews in it, and proposals are found by version through the index', () => {
    t = tempDir();
    const path = join(t.dir, 'v9.db');
    const raw = new Database(path);
    migrate(raw, path, MIGRATIONS.slice(0, 9));
    raw.prepare(`INSERT INTO criteria_versions (id, number, name, status, levels, sla_hours, created_at, updated_at) VALUES ('v', 1, 'v1', 'draft', '[]', 48, 1, 1)`).run();
    raw.prepare(`INSERT INTO reviews (id, quarter, created_at, updated_at) VALUES ('r', '2026Q2', 1, 1)`).run();
    raw.prepare(`INSERT INTO review_proposals (id, review_id, version_id, title, created_at, updated_at) VALUES ('p', 'r', 'v', 'x', 1, 1)`).run();
    raw.close();
    const db = openWorkspace(path);
    const names = (db.prepare(`SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name IN ('reviews', 'review_proposals')`).all() as { name: string }[]).map((r) => r.name);
    expect(names).toEqual(expect.arrayContaining(['reviews_quarter', 'review_proposals_review', 'review_proposals_version']));
    const plan = (db.prepare(`EXPLAIN QUERY PLAN SELECT id FROM review_proposals WHERE version_id = 'v' AND deleted = 0`).all() as { detail: string }[]).map((r) => r.detail).join(' ');
    expect(plan).toContain('review_proposals_version');
    expect(db.prepare('SELECT quarter FROM reviews').get()).toEqual({ quarter: '2026Q2' });
    db.close();
  });
});
