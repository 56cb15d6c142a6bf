import { afterEach, describe, expect, it } from 'vitest';
import { applyPulled } from '../../main/sync/apply.js';
import type { PulledField } from '../../main/sync/hub-client.js';
import { createTestDb, type TestDb } from '../helpers/test-db.js';

/**
 * A pulled new row that a unique index naming no row refuses (not a natural key, so no merge) is
 * kept apart as a '(row)' conflict, and the pull goes on: the refused INSERT leaves nothing behind
 * (SQLite aborts that one statement, its triggers' writes included), the rows around it land.
 */

let t: TestDb | null = null;
afterEach(() => {
  t?.cleanup();
  t = null;
});

let seq = 0;
function lead(id: string, email: string): PulledField[] {
  const cols: Record<string, string | number> = { name: `Lead ${id}`, email, country: 'NL', created_at: 1_700_000_000_000, updated_at: 1_700_000_000_000 };
  return Object.entries(cols).map(([col, value]) => {
    seq++;
    return { xid: '1', id: String(seq), tbl: 'leads', rowId: id, col, value, clock: `2026-12-02T10:00:00.000Z-0000-00000000000000aa`, base: null };
  });
}

describe('applying a pulled row a unique index refuses', () => {
  it('logs it apart, writes nothing of it, and applies the rows before and after it in the same transaction', () => {
    t = createTestDb();
    const db = t.db;
    // A unique index that names no row, as a newer schema might add (this test's own).
    db.exec('CREATE UNIQUE INDEX test_leads_email ON leads(email)');
    const ids = ['01900000-0000-7000-8000-000000000001', '01900000-0000-7000-8000-000000000002', '01900000-0000-7000-8000-000000000003'];
    db.transaction(() => {
      applyPulled(db, [...lead(ids[0]!, 'jan@example.com'), ...lead(ids[1]!, 'jan@example.com'), ...lead(ids[2]!, 'piet@example.com')], '00000000000000bb', Date.now());
    })();
    expect(db.prepare('SELECT id FROM leads ORDER BY id').pluck().all()).toEqual([ids[0], ids[2]]);
    // The lead rollup's insert trigger made rows for the two that landed only.
    expect(db.prepare('SELECT lead_id FROM lead_rollup ORDER BY lead_id').pluck().all()).toEqual([ids[0], ids[2]]);
    expect(db.prepare("SELECT row_id FROM sync_conflicts WHERE col = '(row)'").pluck().all()).toEqual([ids[1]]);
    expect(db.prepare('SELECT count(*) FROM sync_outbox').pluck().get()).toBe(0);
    expect(db.prepare('SELECT applying FROM sync_apply').pluck().get()).toBe(0);
    expect(db.pragma('foreign_key_check')).toEqual([]);
  });
});
