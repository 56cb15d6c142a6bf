import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LeadIdsByRowid } from '../../main/db/import-lead-ids.repo.js';
import { importFile, mapping, writeFile } from '../helpers/import.js';
import { createTestDb, type TestDb } from '../helpers/test-db.js';

/**
 * A big touchpoints import finds each lead's id in arrays by rowid (one covering probe of
 * leads_external_id a row) instead of reading the lead's row; it must name the same lead the SQL
 * lookup names, and leave deleted or unknown leads to it (so their errors say why).
 */

// Record numbers of 1 to 6 digits (their text order is not their order: the lookup sorts them).
const ext = (i: number) => (i % 2 ? `X${i}` : String(5 + ((i * 7919) % 300) * 997));
const ins = `INSERT INTO leads (id, external_id, email, name, created_at, updated_at, deleted) VALUES (?, ?, ?, ?, 1, 1, ?)`;

describe('lead ids by rowid for a big touchpoints import', () => {
  let t: TestDb;
  beforeAll(() => {
    t = createTestDb();
    const add = t.db.prepare(ins);
    // Half the external ids are CRM record numbers (the sorted-number path), half not (the index).
    for (let i = 0; i < 300; i++)
      add.run(
        `0190${String(i).padStart(4, '0')}-aaaa-7bbb-8ccc-${String(i).padStart(12, 'f')}`,
        ext(i),
        `x${i}@a.io`,
        `L${i}`,
        0,
      );
    // Not canonical ("0123" is not how 123 is written): found through the index, not as a number.
    add.run('0190eeee-0000-7000-8000-00000000000e', '0123', 'zero@a.io', 'Zero', 0);
    add.run('0190ffff-0000-7000-8000-00000000dead', 'GONE', 'gone@a.io', 'Gone', 1);
    add.run('legacy-id-not-a-uuid', 'ODD', 'odd@a.io', 'Odd', 0);
  });
  afterAll(() => t.cleanup());

  it('is not loaded for a file small beside the leads', () => {
    expect(LeadIdsByRowid.load(t.db, 20)).toBeNull();
  });

  it('gives the id SQL gives for every live lead, and nothing for deleted or unknown ones', () => {
    const ids = LeadIdsByRowid.load(t.db, 1e6)!;
    const sql = t.db.prepare('SELECT external_id, id FROM leads WHERE deleted = 0').raw().all() as [string, string][];
    expect(sql).toHaveLength(302);
    for (const [ext, id] of sql) expect(ids.liveByExternalId(ext)).toBe(id);
    expect(ids.liveByExternalId('GONE')).toBeUndefined();
    expect(ids.liveByExternalId('NOPE')).toBeUndefined();
    expect(ids.liveByExternalId('100001')).toBeUndefined();
    expect(ids.liveByExternalId('123')).toBeUndefined();
  });

  it('imports a big activities file onto the right leads, with the errors the SQL lookup gives', async () => {
    const rows = ['lead,type,at'];
    // 24,000 rows (~900 KB) estimate to more than 10,000 (bulk.ts): the arrays are used.
    const at = (i: number) => new Date(Date.UTC(2024, 0, 1) + i * 1000).toISOString().slice(0, 19) + 'Z';
    for (let i = 0; i < 24_000; i++) rows.push(`${ext(i % 300)},page_view,${at(i)}`);
    rows.push(
      'ODD,page_view,2024-02-01T00:00Z',
      'GONE,page_view,2024-02-01T00:00Z',
      'NOPE,page_view,2024-02-01T00:00Z',
    );
    const m = mapping('touchpoints', [
      { column: 'lead', target: 'lead.externalId' },
      { column: 'type', target: 'type' },
      { column: 'at', target: 'occurredAt', transform: { dateFormat: 'iso' } },
    ]);
    const r = await importFile(t.db, writeFile(t.dir, 'a.csv', rows.join('\n') + '\n'), m, { onError: 'skip' });
    expect(r.counts).toMatchObject({ read: 24_003, rejected: 2 });
    expect(r.errors.map((e) => e.reason)).toEqual([
      'no lead has external id "GONE" (it was deleted)',
      'no lead has external id "NOPE"',
    ]);
    const wrong = t.db
      .prepare(`SELECT count(*) FROM touchpoints t JOIN leads l ON l.id = t.lead_id WHERE l.deleted = 1`)
      .pluck()
      .get();
    expect(wrong).toBe(0);
    const perLead = t.db
      .prepare(
        `SELECT l.external_id, count(*) FROM touchpoints t JOIN leads l ON l.id = t.lead_id GROUP BY 1 ORDER BY 1`,
      )
      .raw()
      .all() as [string, number][];
    expect(perLead).toHaveLength(301);
    expect(perLead.find(([e]) => e === ext(8))?.[1]).toBe(80);
    expect(perLead.find(([e]) => e === 'ODD')?.[1]).toBe(1);
    expect(perLead.find(([e]) => e === 'X7')?.[1]).toBe(80);
  });
});
