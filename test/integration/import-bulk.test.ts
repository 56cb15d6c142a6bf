import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { undo } from '../../main/services/import/history.js';
import type { ImportResult } from '../../shared/contracts/imports.js';
import { importFile, mapping, writeFile } from '../helpers/import.js';
import { createTestDb, type TestDb } from '../helpers/test-db.js';

/**
 * A big leads import into a small workspace takes the bulk path: search-index triggers and sort
 * indexes are dropped inside the transaction and rebuilt before commit, and inserted rows are
 * journaled set-based by rowid. The result must be indistinguishable from the row-by-row path.
 */

const ROWS = 60_000;
const M = mapping('leads', [
  { column: 'id', target: 'externalId' },
  { column: 'email', target: 'email' },
  { column: 'name', target: 'name' },
  { column: 'company', target: 'company' },
  { column: 'title', target: 'jobTitle' },
  { column: 'created', target: 'createdAt', transform: { dateFormat: 'iso' } },
]);

describe('bulk path of a big leads import', () => {
  let t: TestDb;
  let schema: unknown[];
  let result: ImportResult;
  const schemaOf = () =>
    t.db
      .prepare(
        `SELECT type, name, sql FROM sqlite_master WHERE tbl_name IN ('leads', 'stage_events') ORDER BY type, name`,
      )
      .all();

  beforeAll(async () => {
    t = createTestDb();
    schema = schemaOf();
    const lines = ['id,email,name,company,title,created'];
    for (let i = 1; i <= ROWS; i++)
      lines.push(
        `B${i},bulk.lead.${i}@example-company-domain.com,Bulk Lead Number ${i} Lastname,Company ${i % 500} Holding International,Senior Marketing Operations Manager,2021-03-${String(1 + (i % 28)).padStart(2, '0')}T10:00Z`,
      );
    lines.push(`B5,late.duplicate@example.com,Late Duplicate,Dup Co,CEO,2021-03-01T10:00Z`);
    result = await importFile(t.db, writeFile(t.dir, 'bulk.csv', lines.join('\n') + '\n'), M, { onError: 'skip' });
  }, 120_000);
  afterAll(() => t.cleanup());

  it('imports every row and rejects the late duplicate naming the row it repeats', () => {
    expect(result.counts).toEqual({ read: ROWS + 1, inserted: ROWS, updated: 0, unchanged: 0, rejected: 1 });
    expect(result.errors[0]).toMatchObject({
      row: ROWS + 1,
      // Row 5 of the data is line 6 of the file (the header is line 1), as the list numbers lines.
      reason: 'external id "B5" already appears on line 6 of this file',
    });
  });

  it('puts every index and trigger back, and the search index finds the new leads', () => {
    expect(schemaOf()).toEqual(schema);
    expect(t.db.prepare(`INSERT INTO leads_fts(leads_fts) VALUES ('integrity-check')`).run()).toBeDefined();
    const hit = t.db
      .prepare(`SELECT l.external_id FROM leads_fts f JOIN leads l ON l.rowid = f.rowid WHERE leads_fts MATCH ?`)
      .all('"Number" "41234"');
    expect(hit).toEqual([{ external_id: 'B41234' }]);
    expect(
      t.db
        .prepare(`EXPLAIN QUERY PLAN SELECT id FROM leads ORDER BY company, id LIMIT 5`)
        .all()
        .map((r) => (r as { detail: string }).detail)
        .join(),
    ).toMatch(/leads_company/);
  });

  it('journals every inserted row and gives each a stage event, set-based', () => {
    expect(
      t.db
        .prepare(`SELECT count(*) AS n FROM import_changes WHERE import_id = ? AND entity = 'leads' AND op = 'insert'`)
        .get(result.importId),
    ).toEqual({ n: ROWS });
    expect(
      t.db
        .prepare(
          `SELECT count(*) AS n FROM stage_events WHERE to_stage = 'lead' AND from_stage IS NULL AND why = 'Imported from bulk.csv'`,
        )
        .get(),
    ).toEqual({ n: ROWS });
    const ids = t.db.prepare(`SELECT id FROM stage_events`).pluck().all() as string[];
    expect(new Set(ids).size).toBe(ROWS);
    expect(ids.every((id) => /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/.test(id))).toBe(
      true,
    );
    const created = t.db
      .prepare(
        `SELECT l.created_at AS c, e.at AS a FROM leads l JOIN stage_events e ON e.lead_id = l.id WHERE l.external_id = 'B7'`,
      )
      .get();
    expect(created).toEqual({ c: Date.UTC(2021, 2, 8, 10), a: Date.UTC(2021, 2, 8, 10) });
  });

  it('a second import of the same file takes the row-by-row path and finds everything unchanged', async () => {
    const again = await importFile(t.db, `${t.dir}/bulk.csv`, M, { onError: 'skip', dryRun: true });
    expect(again.counts).toMatchObject({ inserted: 0, unchanged: ROWS, rejected: 1 });
  }, 120_000);

  it('undo removes it all and leaves the schema as it was', () => {
    undo(t.db, result.importId!);
    expect(
      t.db.prepare('SELECT (SELECT count(*) FROM leads) AS l, (SELECT count(*) FROM stage_events) AS e').get(),
    ).toEqual({ l: 0, e: 0 });
    expect(schemaOf()).toEqual(schema);
    expect(t.db.prepare(`SELECT count(*) AS n FROM leads_fts WHERE leads_fts MATCH 'Bulk'`).get()).toEqual({ n: 0 });
  });
});
