import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openWorkspace } from '../../main/db/connection.js';
import { migrate, schemaVersion } from '../../main/db/migrate.js';
import { convertAmountSums } from '../../main/db/migrations/0023-reporting-currency.js';
import { MIGRATIONS } from '../../main/db/migrations/index.js';
import { expectedRollupRows, rollupRows } from '../../main/db/rollup.repo.js';
import { tempDir } from '../helpers/test-db.js';

const LEAD = '0190f5c8-0000-7000-8000-000000000001';
const HANDOFF = '0190f5c8-0000-7000-8000-000000000002';
const MIGRATION = MIGRATIONS.findIndex((m) => m.name === '0020-handoff-twins');

describe('migration 0020: handoff twins', () => {
  let t: ReturnType<typeof tempDir>;
  afterEach(() => t?.cleanup());

  it('lets a handoff be hidden (deleted = 2) and nothing else, keeping every row, index, trigger and reference', () => {
    t = tempDir();
    const path = join(t.dir, 'before.db');
    const db = new Database(path);
    migrate(db, path, MIGRATIONS.slice(0, MIGRATION));
    db.prepare("INSERT INTO leads (id, name, country, created_at, updated_at) VALUES (?, 'Jan', 'NL', 1, 1)").run(LEAD);
    db.prepare("INSERT INTO handoffs (id, lead_id, handed_at, created_at, updated_at) VALUES (?, ?, 10, 10, 10)").run(HANDOFF, LEAD);
    db.prepare("INSERT INTO stage_events (id, lead_id, to_stage, at, handoff_id, created_at) VALUES ('0190f5c8-0000-7000-8000-000000000003', ?, 'mql', 10, ?, 10)").run(LEAD, HANDOFF);
    const objects = (d: Database.Database) =>
      d.prepare("SELECT type, name, sql FROM sqlite_schema WHERE tbl_name = 'handoffs' AND type <> 'table' ORDER BY name").all();
    const before = { objects: objects(db), rows: db.prepare('SELECT * FROM handoffs').all() };
    expect(() => db.prepare('UPDATE handoffs SET deleted = 2').run()).toThrow(/CHECK/);
    db.close();

    const up = openWorkspace(path);
    expect(schemaVersion(up)).toBe(MIGRATIONS.length);
    expect(up.prepare('SELECT * FROM handoffs').all()).toEqual(before.rows);
    const after = objects(up) as { name: string }[];
    const added = ['handoff_twins_ad', 'handoff_twins_ai', 'handoff_twins_au', 'handoffs_twin_hidden'];
    // The upgrade runs to the latest schema: what later migrations add to handoffs is theirs to test.
    const later = ['handoffs_sla_groups'];
    // 0023 puts the rollup triggers' amount sums in the reporting currency, nothing else of theirs.
    const laterRewrite = (o: { sql: string | null }) => ({ ...o, sql: o.sql === null ? null : convertAmountSums(o.sql) });
    expect(after.filter((o) => !added.includes(o.name) && !later.includes(o.name))).toEqual((before.objects as { sql: string | null }[]).map(laterRewrite));
    expect(after.map((o) => o.name).filter((n) => added.includes(n)).sort()).toEqual(added);
    const sql = up.prepare("SELECT sql FROM sqlite_schema WHERE name = 'handoffs'").pluck().get() as string;
    expect(sql).toContain('CHECK (deleted IN (0,1,2))');
    expect(sql).not.toContain('CHECK (deleted IN (0,1))');

    // Hidden is not live for the rollup's trigger; shown again, it is.
    up.prepare('UPDATE handoffs SET deleted = 2 WHERE id = ?').run(HANDOFF);
    expect(up.prepare('SELECT handoff_id FROM lead_rollup WHERE lead_id = ?').pluck().get(LEAD)).toBeNull();
    expect(rollupRows(up)).toEqual(expectedRollupRows(up));
    up.prepare('UPDATE handoffs SET deleted = 0 WHERE id = ?').run(HANDOFF);
    expect(up.prepare('SELECT handoff_id FROM lead_rollup WHERE lead_id = ?').pluck().get(LEAD)).toBe(HANDOFF);
    expect(() => up.prepare('UPDATE handoffs SET deleted = 3').run()).toThrow(/CHECK/);
    // Writing the schema is off again, and the file is sound.
    expect(() => up.prepare("UPDATE sqlite_schema SET sql = sql WHERE name = 'handoffs'").run()).toThrow();
    expect(up.pragma('integrity_check')).toEqual([{ integrity_check: 'ok' }]);
    expect(up.pragma('foreign_key_check')).toEqual([]);
    expect(up.prepare('SELECT count(*) FROM handoff_origins').pluck().get()).toBe(0);
    // No lead was ever merged: handoff writes leave nothing to settle.
    expect(up.prepare('SELECT count(*) FROM handoff_twins_dirty').pluck().get()).toBe(0);
    up.prepare("INSERT INTO handoff_origins (handoff_id, lead_id) VALUES (?, 'merged-away')").run(HANDOFF);
    up.prepare("UPDATE handoffs SET decision = 'accepted' WHERE id = ?").run(HANDOFF);
    expect(up.prepare('SELECT lead_id FROM handoff_twins_dirty').pluck().all()).toEqual([LEAD]);
    const plan = up.prepare('EXPLAIN QUERY PLAN SELECT id FROM handoffs WHERE deleted = 2').all() as { detail: string }[];
    expect(plan.map((p) => p.detail).join(' ')).toContain('handoffs_twin_hidden');
    up.close();
  });
});
