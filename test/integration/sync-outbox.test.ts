import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openWorkspace } from '../../main/db/connection.js';
import { migrate } from '../../main/db/migrate.js';
import { MIGRATIONS } from '../../main/db/migrations/index.js';
import { SYNCED_TABLES_V8 } from '../../main/db/migrations/0008-sync-outbox.js';
import { SYNCED_TABLES } from '../../main/sync/tables.js';
import { setApplying } from '../../main/db/sync-apply.repo.js';
import { enrollExistingRows } from '../../main/db/sync-outbox.repo.js';
import * as criteria from '../../main/services/criteria.js';
import { rescore } from '../../main/services/rescore.js';
import * as users from '../../main/services/users.js';
import { insertLead } from '../helpers/builders.js';
import { createTestDb, tempDir, type TestDb } from '../helpers/test-db.js';

type Out = { tbl: string; row_id: string; cols: string };
const outbox = (t: TestDb): { tbl: string; rowId: string; cols: Record<string, unknown> }[] =>
  (t.db.prepare('SELECT tbl, row_id, cols FROM sync_outbox ORDER BY seq').all() as Out[]).map((r) => ({
    tbl: r.tbl,
    rowId: r.row_id,
    cols: JSON.parse(r.cols) as Record<string, unknown>,
  }));
const clear = (t: TestDb) => t.db.prepare('DELETE FROM sync_outbox').run();

describe('0008 sync outbox', () => {
  let t: TestDb;
  beforeEach(() => {
    t = createTestDb();
  });
  afterEach(() => t.cleanup());

  it('appends every synced column of an insert, and no derived column', () => {
    const id = insertLead(t.db, { name: 'Ada', scoreTotal: 80 });
    const rows = outbox(t);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ tbl: 'leads', rowId: id, cols: { name: 'Ada', deleted: 0, stage: 'lead' } });
    expect(Object.keys(rows[0]!.cols).sort()).toEqual([...SYNCED_TABLES_V8.find((x) => x.name === 'leads')!.columns].sort());
    expect(rows[0]!.cols).not.toHaveProperty('score_total');
    expect(rows[0]!.cols).not.toHaveProperty('score_level');
  });

  it('an update carries only the changed columns (with updated_at), a no-op update nothing', () => {
    const id = insertLead(t.db, { name: 'Ada' });
    clear(t);
    t.db.prepare('UPDATE leads SET name = ?, updated_at = ? WHERE id = ?').run('Ada L.', 99, id);
    t.db.prepare('UPDATE leads SET name = ?, updated_at = ? WHERE id = ?').run('Ada L.', 100, id);
    expect(outbox(t)).toEqual([{ tbl: 'leads', rowId: id, cols: { name: 'Ada L.', updated_at: 99 } }]);
  });

  it('a rescore writes scores and score columns but not one outbox row', () => {
    const mkt = users.create(t.db, { name: 'Maria', team: 'marketing', role: 'owner' }).id;
    const sales = users.create(t.db, { name: 'Sam', team: 'sales', role: 'owner' }).id;
    users.setCurrent(t.db, mkt);
    const v = criteria.createDraft(t.db, { name: 'Test' });
    criteria.saveRule(t.db, v.id, { kind: 'fit', label: 'Software', field: 'company', operator: 'contains', value: 'soft', points: 10 });
    criteria.propose(t.db, v.id);
    criteria.decide(t.db, v.id, 'approve');
    users.setCurrent(t.db, sales);
    criteria.decide(t.db, v.id, 'approve');
    criteria.activate(t.db, v.id);
    for (let i = 0; i < 50; i++) insertLead(t.db, { company: i % 2 ? 'Acme Software' : 'Bakery' });
    clear(t);
    const summary = rescore(t.db, v.id);
    expect(summary.scored).toBe(50);
    const changed = (t.db.prepare('SELECT count(*) AS n FROM leads WHERE score_total > 0').get() as { n: number }).n;
    expect(changed).toBeGreaterThan(0);
    // No MQL threshold is reached (no levels), so nothing people-made changed: the outbox stays empty.
    expect(outbox(t)).toEqual([]);
  });

  it('a hard delete is a soft delete elsewhere; append-only tables sync inserts only', () => {
    const lead = insertLead(t.db);
    t.db.prepare("INSERT INTO stage_events (id, lead_id, from_stage, to_stage, at, created_at) VALUES ('e1', ?, 'lead', 'mql', 1, 1)").run(lead);
    clear(t);
    t.db.prepare("UPDATE stage_events SET why = 'x' WHERE id = 'e1'").run();
    expect(outbox(t)).toEqual([]);
    t.db.prepare("DELETE FROM stage_events WHERE id = 'e1'").run();
    t.db.prepare('DELETE FROM leads WHERE id = ?').run(lead);
    const rows = outbox(t);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ tbl: 'leads', rowId: lead, cols: { deleted: 1 } });
  });

  it('writes applied from the hub do not echo into the outbox', () => {
    t.db.transaction(() => {
      setApplying(t.db, true);
      insertLead(t.db);
      setApplying(t.db, false);
    })();
    expect(outbox(t)).toEqual([]);
    insertLead(t.db);
    expect(outbox(t)).toHaveLength(1);
  });

  it('an outbox row is in the transaction of its write: a rolled-back write leaves none', () => {
    expect(() =>
      t.db.transaction(() => {
        insertLead(t.db);
        throw new Error('abort');
      })(),
    ).toThrow('abort');
    expect(outbox(t)).toEqual([]);
  });

  it('enrols a row written without triggers and edited since: the hub gets the whole row, not only the edit', () => {
    setApplying(t.db, true);
    t.db.prepare("INSERT INTO users (id, name, team, role, created_at, updated_at) VALUES ('bulk', 'Bulk', 'sales', 'member', 1, 1)").run();
    setApplying(t.db, false);
    t.db.prepare("UPDATE users SET name = 'Edited', updated_at = 2 WHERE id = 'bulk'").run();
    const queued = () => outbox(t).filter((o) => o.rowId === 'bulk');
    expect(queued().map((o) => o.cols)).toEqual([{ name: 'Edited', updated_at: 2 }]);
    enrollExistingRows(t.db, 5);
    expect(queued().map((o) => o.cols)).toEqual([
      { name: 'Edited', updated_at: 2 },
      { name: 'Edited', email: null, team: 'sales', role: 'member', created_at: 1, updated_at: 2, deleted: 0 },
    ]);
    // A row whose insert is queued whole is not queued again.
    t.db.prepare("INSERT INTO users (id, name, team, role, created_at, updated_at) VALUES ('live', 'Live', 'sales', 'member', 1, 1)").run();
    enrollExistingRows(t.db, 6);
    expect(outbox(t).filter((o) => o.rowId === 'live')).toHaveLength(1);
  });

  it('upgrades a v7 workspace with data: triggers from then on, existing rows enrolled once at first sync', () => {
    const d = tempDir();
    try {
      const path = join(d.dir, 'old.db');
      const raw = new Database(path);
      migrate(raw, path, MIGRATIONS.slice(0, 7));
      raw.prepare("INSERT INTO users (id, name, team, role, created_at, updated_at) VALUES ('u1', 'Old', 'sales', 'member', 1, 1)").run();
      raw.close();
      const db = openWorkspace(path);
      expect((db.prepare('SELECT count(*) AS n FROM sync_outbox').get() as { n: number }).n).toBe(0);
      const triggers = db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'sync_%'").get() as { n: number };
      expect(triggers.n).toBe(SYNCED_TABLES.reduce((n, x) => n + (x.appendOnly ? 1 : 3), 0));
      const enrolled = enrollExistingRows(db, 5);
      // the user and the seeded default reasons (same ids on every laptop)
      expect(enrolled).toBeGreaterThan(1);
      expect(db.prepare("SELECT cols FROM sync_outbox WHERE row_id = 'u1'").get()).toEqual({
        cols: JSON.stringify({ name: 'Old', email: null, team: 'sales', role: 'member', created_at: 1, updated_at: 1, deleted: 0 }),
      });
      expect(enrollExistingRows(db, 6)).toBe(0);
      db.close();
    } finally {
      d.cleanup();
    }
  });
});
