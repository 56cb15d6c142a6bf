import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { BulkMode } from '../../main/services/import/bulk.js';
import { importFile, mapping, writeFile } from '../helpers/import.js';
import { createTestDb, type TestDb } from '../helpers/test-db.js';

/**
 * A touchpoints import into a workspace without live touchpoints finds a repeated touchpoint by its
 * natural-key id (no lookup per row, and the bulk path drops touchpoints_lead); with live ones it
 * looks each row up by (lead, time, type, offer). Both must count and store the same.
 */

const LEADS = mapping('leads', [
  { column: 'id', target: 'externalId' },
  { column: 'email', target: 'email' },
  { column: 'created', target: 'createdAt', transform: { dateFormat: 'iso' } },
]);
const TOUCH = mapping('touchpoints', [
  { column: 'lead', target: 'lead.externalId' },
  { column: 'type', target: 'type' },
  { column: 'offer', target: 'offer' },
  { column: 'at', target: 'occurredAt', transform: { dateFormat: 'iso' } },
  { column: 'value', target: 'value', transform: { type: 'number' } },
]);

const csv = (rows: string[]) => ['lead,type,offer,at,value', ...rows].join('\n') + '\n';
// Row 3 repeats row 1 (offer name in another case and padded: the same offer); row 4 differs by type.
const FILE = csv([
  'A,page_view,Ebook,2024-03-01T10:00Z,1',
  'B,page_view,,2024-03-02T10:00Z,2',
  'A,page_view, ebook ,2024-03-01T10:00Z,1',
  'A,demo_request,Ebook,2024-03-01T10:00Z,3',
  'B,page_view,,2024-03-02T10:00Z,2',
]);

const touchpoints = (t: TestDb) =>
  t.db
    .prepare(
      `SELECT l.external_id, t.type, o.name AS offer, t.occurred_at, t.value, t.deleted FROM touchpoints t
       JOIN leads l ON l.id = t.lead_id LEFT JOIN offers o ON o.id = t.offer_id ORDER BY 1, 2, 4, t.deleted`,
    )
    .raw()
    .all() as unknown[][];

describe.each(['on', 'off'] as BulkMode[])('touchpoints import, bulk %s', (bulk) => {
  let t: TestDb;
  beforeEach(async () => {
    t = createTestDb();
    await importFile(
      t.db,
      writeFile(t.dir, 'leads.csv', 'id,email,created\nA,a@x.io,2024-01-01T00:00Z\nB,b@x.io,2024-01-02T00:00Z\n'),
      LEADS,
    );
  });
  afterEach(() => t.cleanup());

  it('into an empty table: a repeat in the file is unchanged, found by its id', async () => {
    const r = await importFile(t.db, writeFile(t.dir, 't.csv', FILE), TOUCH, { bulk });
    expect(r.counts).toMatchObject({ read: 5, inserted: 3, unchanged: 2, rejected: 0 });
    expect(touchpoints(t)).toHaveLength(3);
    // Imported again: every row is the same touchpoint as one stored (the lookup path now).
    const again = await importFile(t.db, writeFile(t.dir, 't2.csv', FILE), TOUCH, { bulk });
    expect(again.counts).toMatchObject({ inserted: 0, unchanged: 5 });
    expect(touchpoints(t)).toHaveLength(3);
  });

  it('with a live touchpoint of a random id: the lookup finds it and the file updates it', async () => {
    const lead = t.db.prepare(`SELECT id FROM leads WHERE external_id = 'B'`).pluck().get() as string;
    t.db
      .prepare(
        `INSERT INTO touchpoints (id, lead_id, type, occurred_at, value, created_at, updated_at) VALUES ('0190aaaa-0000-7000-8000-00000000000b', ?, 'page_view', ?, 9, 1, 1)`,
      )
      .run(lead, Date.parse('2024-03-02T10:00Z'));
    const r = await importFile(t.db, writeFile(t.dir, 't.csv', FILE), TOUCH, { bulk });
    expect(r.counts).toMatchObject({ read: 5, inserted: 2, updated: 1, unchanged: 2 });
    expect(touchpoints(t)).toEqual([
      ['A', 'demo_request', 'Ebook', Date.parse('2024-03-01T10:00Z'), 3, 0],
      ['A', 'page_view', 'Ebook', Date.parse('2024-03-01T10:00Z'), 1, 0],
      ['B', 'page_view', null, Date.parse('2024-03-02T10:00Z'), 2, 0],
    ]);
  });

  it('writes without foreign_keys yet leaves every reference valid, and foreign_keys on again', async () => {
    const withCampaign = mapping('touchpoints', [
      ...TOUCH.fields,
      { column: 'campaign', target: 'campaign' },
    ]);
    const rows = [
      'lead,type,offer,at,value,campaign',
      'A,page_view,Ebook,2024-03-01T10:00Z,1,Spring',
      'B,webinar,Webinar 1,2024-03-02T10:00Z,2,',
      'NOBODY,page_view,Ebook,2024-03-03T10:00Z,3,Spring',
    ];
    const r = await importFile(t.db, writeFile(t.dir, 'fk.csv', rows.join('\n') + '\n'), withCampaign, {
      bulk,
      onError: 'skip',
    });
    expect(r.counts).toMatchObject({ read: 3, inserted: 2, rejected: 1 });
    expect(r.errors[0]).toMatchObject({ row: 3, target: 'lead.externalId' });
    expect(t.db.pragma('foreign_key_check')).toEqual([]);
    expect(t.db.pragma('foreign_keys', { simple: true })).toBe(1);
    const linked = t.db
      .prepare(
        `SELECT l.external_id, o.name, c.name FROM touchpoints t JOIN leads l ON l.id = t.lead_id
         JOIN offers o ON o.id = t.offer_id LEFT JOIN campaigns c ON c.id = t.campaign_id ORDER BY 1`,
      )
      .raw()
      .all();
    expect(linked).toEqual([
      ['A', 'Ebook', 'Spring'],
      ['B', 'Webinar 1', null],
    ]);
    // An aborted one puts it back too.
    const aborted = await importFile(t.db, writeFile(t.dir, 'fk2.csv', rows.join('\n') + '\n'), withCampaign, {
      bulk,
    });
    expect(aborted.status).toBe('aborted');
    expect(t.db.pragma('foreign_keys', { simple: true })).toBe(1);
  });

  it('a deleted touchpoint holding the id: one fresh row, its repeat unchanged', async () => {
    await importFile(t.db, writeFile(t.dir, 't.csv', FILE), TOUCH, { bulk });
    t.db.prepare('UPDATE touchpoints SET deleted = 1').run();
    const r = await importFile(t.db, writeFile(t.dir, 't2.csv', FILE), TOUCH, { bulk });
    expect(r.counts).toMatchObject({ read: 5, inserted: 3, unchanged: 2 });
    expect(touchpoints(t).filter((row) => row[5] === 0)).toHaveLength(3);
    expect(touchpoints(t)).toHaveLength(6);
  });
});
