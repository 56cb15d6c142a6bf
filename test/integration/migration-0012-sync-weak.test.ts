import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openWorkspace } from '../../main/db/connection.js';
import { migrate, schemaVersion } from '../../main/db/migrate.js';
import { MIGRATIONS } from '../../main/db/migrations/index.js';
import { stampedOutbox } from '../../main/db/sync-outbox.repo.js';
import { stampPending } from '../../main/sync/engine.js';
import { tempDir } from '../helpers/test-db.js';

describe('migration 0012: yielding writes in the sync outbox', () => {
  let t: ReturnType<typeof tempDir>;
  afterEach(() => t?.cleanup());

  it('keeps the outbox rows waiting to be pushed, as ordinary (not yielding) writes stamped at their time', () => {
    t = tempDir();
    const path = join(t.dir, 'v11.db');
    const db = new Database(path);
    migrate(db, path, MIGRATIONS.slice(0, 11));
    db.prepare("INSERT INTO campaigns (id, name, channel, created_at, updated_at) VALUES ('0190f5c8-0000-7000-8000-000000000001', 'Spring', 'email', 1, 1)").run();
    const waiting = db.prepare('SELECT count(*) FROM sync_outbox').pluck().get();
    expect(waiting).toBe(1);
    db.close();

    const upgraded = openWorkspace(path);
    expect(schemaVersion(upgraded)).toBeGreaterThanOrEqual(12);
    expect(upgraded.prepare('SELECT weak FROM sync_outbox').pluck().all()).toEqual([0]);
    stampPending(upgraded, '000000000000000a', 0);
    const [row] = stampedOutbox(upgraded, 0, 10);
    expect(row).toMatchObject({ tbl: 'campaigns', weak: false });
    expect(row!.clock!.startsWith('1970')).toBe(false);
    expect(() => upgraded.prepare('UPDATE sync_outbox SET weak = 2').run()).toThrow(/CHECK/);
    upgraded.close();
  });
});
