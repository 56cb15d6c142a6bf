import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { newId } from '../../main/db/ids.js';
import { history, undo } from '../../main/services/import/history.js';
import * as users from '../../main/services/users.js';
import { insertLead } from '../helpers/builders.js';
import { dump, importFile, mapping, writeFile } from '../helpers/import.js';
import { createTestDb, type TestDb } from '../helpers/test-db.js';

/**
 * What undo must restore: every table but the import journal itself, the audit log, FTS internals and
 * the sync outbox (migration 0008), which like the audit log only grows: the import and its undo are
 * both changes other laptops must receive (checked below: a tombstone for every row it removed).
 */
const JOURNAL = [
  'imports',
  'import_changes',
  'import_presets',
  'audit',
  'sync_outbox',
  'leads_fts_data',
  'leads_fts_idx',
  'leads_fts_docsize',
  'leads_fts_config',
];
const state = (t: TestDb) => dump(t.db, JOURNAL);
const search = (t: TestDb, word: string) =>
  (
    t.db
      .prepare(
        `SELECT l.external_id FROM leads_fts f JOIN leads l ON l.rowid = f.rowid WHERE leads_fts MATCH ? ORDER BY 1`,
      )
      .all(`"${word}"*`) as { external_id: string }[]
  ).map((r) => r.external_id);

const LEADS = mapping('leads', [
  { column: 'id', target: 'externalId' },
  { column: 'email', target: 'email' },
  { column: 'name', target: 'name' },
  { column: 'offer', target: 'firstOffer' },
  { column: 'tier', target: 'attributes.tier' },
]);
const TOUCH = mapping('touchpoints', [
  { column: 'lead', target: 'lead.externalId' },
  { column: 'type', target: 'type' },
  { column: 'offer', target: 'offer' },
  { column: 'campaign', target: 'campaign' },
  { column: 'at', target: 'occurredAt', transform: { dateFormat: 'iso' } },
]);
const HANDOFFS = mapping('handoffs', [
  { column: 'lead', target: 'lead.externalId' },
  { column: 'handed', target: 'handedAt', transform: { dateFormat: 'iso' } },
  { column: 'accepted', target: 'decision', transform: { values: { yes: 'accepted', no: 'rejected' } } },
  { column: 'reason', target: 'reason' },
]);
const OUTCOMES = mapping('outcomes', [
  { column: 'opp', target: 'externalId' },
  { column: 'lead', target: 'lead.externalId' },
  { column: 'result', target: 'result' },
  { column: 'amount', target: 'amount' },
  { column: 'loss', target: 'lossReason' },
]);

describe('undo an import', () => {
  let t: TestDb;
  beforeEach(() => {
    t = createTestDb();
    const u = users.create(t.db, { name: 'Maria', team: 'marketing', role: 'owner' });
    users.setCurrent(t.db, u.id);
    insertLead(t.db, { externalId: 'EXT-1', email: 'one@x.io', name: 'Old One' });
    insertLead(t.db, { externalId: 'EXT-2', email: 'two@x.io', name: 'Two' });
    insertLead(t.db, { email: 'noid@x.io', name: 'No Id' });
    t.db
      .prepare(
        `INSERT OR IGNORE INTO rejection_reasons (id, code, label, blame, action, created_at, updated_at) VALUES (?, 'no_budget', 'No budget', 'fit', 'recycle', 0, 0)`,
      )
      .run(newId());
  });
  afterEach(() => t.cleanup());

  async function importAll() {
    const a = await importFile(
      t.db,
      writeFile(
        t.dir,
        'leads.csv',
        'id,email,name,offer,tier\nEXT-1,one@x.io,New One,Ebook: Scoring,gold\nN1,n1@x.io,Newton,Ebook: Scoring,\nN2,n2@x.io,Nadia,,silver\nEXT-2,two@x.io,Two,,\n,noid@x.io,Renamed,,\n',
      ),
      LEADS,
    );
    const b = await importFile(
      t.db,
      writeFile(
        t.dir,
        'touch.csv',
        'lead,type,offer,campaign,at\nN1,webinar,Webinar X,Q3 webinars,2021-03-01T10:00Z\nEXT-1,webinar,Webinar X,Q3 webinars,2021-03-01T10:00Z\nEXT-1,ebook,Ebook: Scoring,,2021-02-01\n',
      ),
      TOUCH,
    );
    const c = await importFile(
      t.db,
      writeFile(
        t.dir,
        'handoffs.csv',
        'lead,handed,accepted,reason\nEXT-2,2021-04-01,yes,\nN2,2021-04-02,no,No budget\n',
      ),
      HANDOFFS,
    );
    const d = await importFile(
      t.db,
      writeFile(t.dir, 'outcomes.csv', 'opp,lead,result,amount,loss\nO1,N1,won,"$1,000",\nO2,EXT-2,lost,,Price\n'),
      OUTCOMES,
    );
    return { a, b, c, d };
  }

  it('undoing every import, newest first, gives back exactly the workspace from before', async () => {
    const before = state(t);
    const { a, b, c, d } = await importAll();
    expect(a.counts).toEqual({ read: 5, inserted: 2, updated: 2, unchanged: 1, rejected: 0 });
    expect(b.counts).toMatchObject({ inserted: 3, rejected: 0 });
    expect(c.counts).toMatchObject({ inserted: 2, rejected: 0 });
    expect(d.counts).toMatchObject({ inserted: 2, rejected: 0 });
    expect(t.db.prepare(`SELECT stage FROM leads WHERE external_id = 'EXT-2'`).get()).toEqual({ stage: 'lost' });
    expect(search(t, 'Newton')).toEqual(['N1']);

    // The oldest cannot go first: later imports built on its rows.
    expect(() => undo(t.db, a.importId!)).toThrow(/later imports changed the same rows .*undo them first/);

    const inserted = t.db
      .prepare(`SELECT entity, entity_id FROM import_changes WHERE op = 'insert' ORDER BY 1, 2`)
      .raw()
      .all() as [string, string][];
    for (const r of [d, c, b, a]) undo(t.db, r.importId!);
    expect(state(t)).toEqual(before);
    // Each row an import inserted was synced as written, then as deleted by the undo, in that order
    // (stage history is append-only in sync: its rows are never sent as deleted).
    const tombstones = t.db
      .prepare(
        `SELECT o.tbl, o.row_id FROM sync_outbox o WHERE json_extract(o.cols, '$.deleted') = 1
           AND o.seq > (SELECT min(i.seq) FROM sync_outbox i WHERE i.tbl = o.tbl AND i.row_id = o.row_id) ORDER BY 1, 2`,
      )
      .raw()
      .all();
    expect(tombstones).toEqual(inserted.filter(([entity]) => entity !== 'stage_events'));
    expect(tombstones.length).toBeGreaterThan(8);
    expect(search(t, 'Newton')).toEqual([]);
    expect(search(t, 'Old')).toEqual(['EXT-1']);
    expect(
      t.db.prepare(`INSERT INTO leads_fts(leads_fts) VALUES ('integrity-check')`).run().changes,
    ).toBeGreaterThanOrEqual(0);
    expect(t.db.prepare('PRAGMA foreign_key_check').all()).toEqual([]);
    expect(history(t.db, 10).map((h) => [h.fileName, h.status])).toEqual([
      ['outcomes.csv', 'undone'],
      ['handoffs.csv', 'undone'],
      ['touch.csv', 'undone'],
      ['leads.csv', 'undone'],
    ]);
    expect(() => undo(t.db, d.importId!)).toThrow(/already undone/);
    const audit = t.db.prepare(`SELECT action FROM audit WHERE entity = 'import' ORDER BY at`).all();
    expect(audit).toHaveLength(4);
  });

  it('refuses to undo over later edits unless forced, and then removes what depends on the removed rows', async () => {
    const before = state(t);
    const a = await importFile(
      t.db,
      writeFile(t.dir, 'leads.csv', 'id,email,name,offer,tier\nEXT-1,one@x.io,New One,,\nN1,n1@x.io,Newton,,\n'),
      LEADS,
    );
    // Later work: someone edits the updated lead, and a touchpoint is logged for the new one.
    t.db.prepare(`UPDATE leads SET job_title = 'CEO', updated_at = updated_at + 1 WHERE external_id = 'EXT-1'`).run();
    const n1 = (t.db.prepare(`SELECT id FROM leads WHERE external_id = 'N1'`).get() as { id: string }).id;
    t.db
      .prepare(
        `INSERT INTO touchpoints (id, lead_id, type, occurred_at, created_at, updated_at) VALUES (?, ?, 'demo_request', 1, 1, 1)`,
      )
      .run(newId(), n1);

    let message = '';
    let details: unknown;
    try {
      undo(t.db, a.importId!);
    } catch (e) {
      message = (e as Error).message;
      details = (e as { details?: unknown }).details;
    }
    // The same as facts, for the wizard to say (and format the numbers) in its language.
    expect(details).toMatchObject({
      conflicts: [
        { code: 'changed', entity: 'leads', n: 1 },
        { code: 'dependents', what: 'touchpoints-of-leads', n: 1 },
      ],
    });
    expect(message).toMatch(/1 leads it wrote were changed since/);
    expect(message).toMatch(/1 touchpoints of leads it added/);
    expect(message).toMatch(/Undo with force/);

    const r = undo(t.db, a.importId!, { force: true });
    expect(r.restored).toBe(1);
    expect(state(t)).toEqual(before);
  });

  it('undo is one transaction: a failure half way leaves everything in place', async () => {
    const { a } = await importAll();
    const mid = state(t);
    t.db.exec(`CREATE TRIGGER boom BEFORE DELETE ON leads BEGIN SELECT RAISE(ABORT, 'boom'); END`);
    for (const id of (
      t.db.prepare(`SELECT id FROM imports WHERE id <> ? ORDER BY started_at DESC`).all(a.importId) as { id: string }[]
    ).map((x) => x.id))
      undo(t.db, id, { force: true });
    const afterOthers = state(t);
    expect(() => undo(t.db, a.importId!)).toThrow(/boom/);
    expect(state(t)).toEqual(afterOthers);
    expect(afterOthers).not.toEqual(mid);
    expect((t.db.prepare('SELECT status FROM imports WHERE id = ?').get(a.importId) as { status: string }).status).toBe(
      'done',
    );
  });

  it('an imported deal for a lead still in an inbox accepts its handoff, and undo puts it back in the inbox', async () => {
    const lead = t.db.prepare(`SELECT id FROM leads WHERE external_id = 'EXT-1'`).pluck().get() as string;
    const handedAt = Date.UTC(2021, 3, 1);
    const handoff = newId();
    t.db
      .prepare(
        `INSERT INTO handoffs (id, lead_id, handed_at, sla_due_at, decision, created_at, updated_at) VALUES (?, ?, ?, ?, 'pending', ?, ?)`,
      )
      .run(handoff, lead, handedAt, handedAt + 86_400_000, handedAt, handedAt);
    t.db.prepare(`UPDATE leads SET stage = 'mql' WHERE id = ?`).run(lead);
    const before = state(t);
    const r = await importFile(t.db, writeFile(t.dir, 'won.csv', 'opp,lead,result,amount,loss\nO9,EXT-1,won,500,\n'), OUTCOMES);
    const row = t.db.prepare('SELECT decision, decided_at, stage_before, outcome_id FROM handoffs WHERE id = ?').get(handoff);
    const outcome = t.db.prepare(`SELECT id FROM outcomes WHERE external_id = 'O9'`).pluck().get();
    expect(row).toMatchObject({ decision: 'accepted', stage_before: 'mql', outcome_id: outcome });
    expect((row as { decided_at: number }).decided_at).toBeGreaterThanOrEqual(handedAt);
    undo(t.db, r.importId!);
    expect(state(t)).toEqual(before);
  });

});
