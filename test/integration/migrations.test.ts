import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openWorkspace } from '../../main/db/connection.js';
import { migrate, schemaVersion } from '../../main/db/migrate.js';
import { LATEST_SCHEMA_VERSION, MIGRATIONS } from '../../main/db/migrations/index.js';
import { MODEL_TABLES } from '../../main/db/stats.repo.js';
import { AppError } from '../../shared/errors.js';
import { tempDir } from '../helpers/test-db.js';

const hash = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

describe('workspace migrations', () => {
  let t: ReturnType<typeof tempDir>;
  afterEach(() => t?.cleanup());

  it('creates every table of the data model with the pragmas set', () => {
    t = tempDir();
    const path = join(t.dir, 'w.db');
    const db = openWorkspace(path, { create: true });
    expect(schemaVersion(db)).toBe(LATEST_SCHEMA_VERSION);
    const tables = (db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table'`).all() as { name: string }[]).map((r) => r.name);
    for (const table of MODEL_TABLES) expect(tables).toContain(table);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    db.close();
  });

  it('refuses a database from a newer version and leaves it byte for byte as it was', () => {
    t = tempDir();
    const path = join(t.dir, 'newer.db');
    const raw = new Database(path);
    raw.exec('CREATE TABLE x (a); INSERT INTO x VALUES (1);');
    raw.pragma(`user_version = ${LATEST_SCHEMA_VERSION + 5}`);
    raw.close();
    const before = hash(path);
    expect(() => openWorkspace(path)).toThrow(/newer LeadPact/);
    try {
      openWorkspace(path);
    } catch (e) {
      expect(e).toBeInstanceOf(AppError);
      expect((e as AppError).kind).toBe('conflict');
    }
    expect(hash(path)).toBe(before);
    expect(existsSync(`${path}-wal`)).toBe(false);
  });

  it('refuses a file that is not SQLite without touching it', () => {
    t = tempDir();
    const path = join(t.dir, 'notes.db');
    writeFileSync(path, 'name,email\nAda,ada@example.com\n');
    const before = hash(path);
    expect(() => openWorkspace(path)).toThrow(/not a LeadPact workspace/);
    expect(hash(path)).toBe(before);
    expect(readdirSync(t.dir)).toEqual(['notes.db']);
  });

  it('refuses a missing file unless asked to create it', () => {
    t = tempDir();
    expect(() => openWorkspace(join(t.dir, 'missing.db'))).toThrow(/No workspace at/);
    expect(readdirSync(t.dir)).toEqual([]);
  });

  it('backs up before upgrading and runs all pending migrations in one transaction', () => {
    t = tempDir();
    const path = join(t.dir, 'old.db');
    const db = new Database(path);
    migrate(db, path, MIGRATIONS.slice(0, 1));
    db.prepare(`INSERT INTO meta (key, value) VALUES ('k', 'v')`).run();
    const extra = [
      ...MIGRATIONS,
      { version: MIGRATIONS.length + 1, name: 'add-column', up: (d: Database.Database) => d.exec('ALTER TABLE meta ADD COLUMN note TEXT') },
    ];
    const result = migrate(db, path, extra);
    expect(result.from).toBe(1);
    expect(result.to).toBe(extra.length);
    expect(result.backup).not.toBeNull();
    const backup = new Database(result.backup!, { readonly: true });
    expect(schemaVersion(backup)).toBe(1);
    expect(backup.prepare(`SELECT value FROM meta WHERE key = 'k'`).get()).toEqual({ value: 'v' });
    backup.close();
    db.close();
  });

  it('rolls back every pending migration when one fails', () => {
    t = tempDir();
    const path = join(t.dir, 'fail.db');
    const db = new Database(path);
    migrate(db, path, MIGRATIONS.slice(0, 1));
    const broken = [
      ...MIGRATIONS,
      { version: MIGRATIONS.length + 1, name: 'ok-step', up: (d: Database.Database) => d.exec('CREATE TABLE added (a)') },
      { version: MIGRATIONS.length + 2, name: 'bad-step', up: (d: Database.Database) => d.exec('ALTER TABLE nowhere ADD COLUMN b') },
    ];
    expect(() => migrate(db, path, broken)).toThrow(/nowhere/);
    expect(schemaVersion(db)).toBe(1);
    expect(db.prepare(`SELECT count(*) AS n FROM sqlite_master WHERE name = 'added'`).get()).toEqual({ n: 0 });
    db.close();
  });

  it('upgrades a version-1 workspace holding leads to the latest schema, keeping the data and a backup', () => {
    t = tempDir();
    const path = join(t.dir, 'v1.db');
    const db = new Database(path);
    migrate(db, path, MIGRATIONS.slice(0, 1));
    db.prepare(`INSERT INTO leads (id, name, stage, created_at, updated_at) VALUES ('0190f5c8-0000-7000-8000-000000000001', 'Ada', 'sal', 1, 1)`).run();
    db.close();
    const upgraded = openWorkspace(path);
    expect(schemaVersion(upgraded)).toBe(LATEST_SCHEMA_VERSION);
    expect(upgraded.prepare('SELECT name, stage FROM leads').all()).toEqual([{ name: 'Ada', stage: 'sal' }]);
    expect(upgraded.prepare(`SELECT count(*) AS n FROM sqlite_master WHERE name = 'leads_stage_rank'`).get()).toEqual({ n: 1 });
    upgraded.close();
    expect(readdirSync(t.dir).some((f) => f.startsWith('v1.db.v1-') && f.endsWith('.bak'))).toBe(true);
  });

  it('0004 rebuilds the search index from the leads already there, with four-letter prefixes', () => {
    t = tempDir();
    const path = join(t.dir, 'v3.db');
    const db = new Database(path);
    migrate(db, path, MIGRATIONS.slice(0, 3));
    db.prepare(`INSERT INTO leads (id, name, company, stage, created_at, updated_at) VALUES ('0190f5c8-0000-7000-8000-000000000002', 'Paul Atreides', 'Dune Spice Co', 'lead', 1, 1)`).run();
    db.close();
    const upgraded = openWorkspace(path);
    const sql = (upgraded.prepare(`SELECT sql FROM sqlite_master WHERE name = 'leads_fts'`).get() as { sql: string }).sql;
    expect(sql).toContain("prefix='2 3 4'");
    expect(upgraded.prepare(`SELECT rowid FROM leads_fts WHERE leads_fts MATCH '"spic"*'`).all()).toHaveLength(1);
    upgraded.prepare(`UPDATE leads SET company = 'Arrakis Mining' WHERE name = 'Paul Atreides'`).run();
    expect(upgraded.prepare(`SELECT rowid FROM leads_fts WHERE leads_fts MATCH '"spic"*'`).all()).toHaveLength(0);
    expect(upgraded.prepare(`SELECT rowid FROM leads_fts WHERE leads_fts MATCH '"arra"*'`).all()).toHaveLength(1);
    upgraded.close();
  });
});
