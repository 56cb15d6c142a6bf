import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openWorkspace } from '../../main/db/connection.js';
import { migrate, schemaVersion } from '../../main/db/migrate.js';
import { MIGRATIONS } from '../../main/db/migrations/index.js';
import { listLeads } from '../../main/db/leads.repo.js';
import { tempDir } from '../helpers/test-db.js';

describe('migration 0009: leads by country in creation order', () => {
  let t: ReturnType<typeof tempDir>;
  afterEach(() => t?.cleanup());

  it('indexes the leads already there, and the country filter walks it in date order with the search checked per row', () => {
    t = tempDir();
    const path = join(t.dir, 'v8.db');
    const db = new Database(path);
    migrate(db, path, MIGRATIONS.slice(0, 8));
    const insert = db.prepare(
      `INSERT INTO leads (id, name, company, country, stage, created_at, updated_at) VALUES (?, ?, ?, ?, 'lead', ?, ?)`,
    );
    for (let i = 0; i < 60; i++) {
      const id = `0190f5c8-0000-7000-8000-${String(i).padStart(12, '0')}`;
      insert.run(
        id,
        `Lead ${i}`,
        i % 4 === 0 ? 'Dune Spice Co' : 'Other Co',
        i % 2 ? 'NL' : 'DE',
        1_000 + ((i * 7) % 60),
        1,
      );
    }
    db.close();

    const upgraded = openWorkspace(path);
    expect(schemaVersion(upgraded)).toBeGreaterThanOrEqual(9);
    const plan = (
      upgraded
        .prepare(
          `EXPLAIN QUERY PLAN SELECT id FROM leads l WHERE l.deleted = 0 AND l.country = 'NL' ORDER BY l.created_at DESC, l.id DESC LIMIT 10`,
        )
        .all() as { detail: string }[]
    )
      .map((r) => r.detail)
      .join(' | ');
    expect(plan).toContain('leads_country_created');
    expect(plan).not.toMatch(/TEMP B-TREE/);

    const want = (
      upgraded
        .prepare(
          `SELECT id FROM leads WHERE country = 'DE' AND rowid IN (SELECT rowid FROM leads_fts WHERE leads_fts MATCH '"dune"*') ORDER BY created_at DESC, id DESC`,
        )
        .all() as { id: string }[]
    ).map((r) => r.id);
    const page = listLeads(upgraded, {
      sort: { column: 'createdAt', dir: 'desc' },
      filters: { q: 'dune', country: 'DE' },
      cursor: null,
      limit: 50,
    });
    expect(want.length).toBe(15);
    expect(page.rows.map((r) => r.id)).toEqual(want);
    upgraded.close();
  });
});
