import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openWorkspace } from '../../main/db/connection.js';
import { migrate, schemaVersion } from '../../main/db/migrate.js';
import { MIGRATIONS } from '../../main/db/migrations/index.js';
import { stampedOutbox } from '../../main/db/sync-outbox.repo.js';
import { listRefused, requeueRefused, setAside } from '../../main/db/sync-refused.repo.js';
import { stampPending } from '../../main/sync/engine.js';
import { tempDir } from '../helpers/test-db.js';

describe('migration 0013: the refused list', () => {
  let t: ReturnType<typeof tempDir>;
  afterEach(() => t?.cleanup());

  it('adds an empty list to a workspace with changes waiting; a change set aside and retried keeps its clock and bases', () => {
    t = tempDir();
    const path = join(t.dir, 'v12.db');
    const db = new Database(path);
    migrate(db, path, MIGRATIONS.slice(0, 12));
    db.prepare("INSERT INTO campaigns (id, name, channel, created_at, updated_at) VALUES ('0190f5c8-0000-7000-8000-000000000001', 'Spring', 'email', 1, 1)").run();
    db.close();

    const upgraded = openWorkspace(path);
    expect(schemaVersion(upgraded)).toBeGreaterThanOrEqual(13);
    expect(listRefused(upgraded)).toEqual([]);
    stampPending(upgraded, '000000000000000a', 0);
    const before = stampedOutbox(upgraded, 0, 100).find((r) => r.tbl === 'campaigns')!;
    upgraded.transaction(() => setAside(upgraded, before, 'The hub refused: because', 5))();
    expect(stampedOutbox(upgraded, 0, 100).some((r) => r.tbl === 'campaigns')).toBe(false);
    expect(listRefused(upgraded)).toEqual([expect.objectContaining({ seq: before.seq, tbl: 'campaigns', clock: before.clock, reason: 'The hub refused: because', refusedAt: 5 })]);
    expect(requeueRefused(upgraded, null)).toBe(1);
    const back = stampedOutbox(upgraded, 0, 100).find((r) => r.tbl === 'campaigns')!;
    expect(back.seq).toBeGreaterThan(before.seq);
    expect({ ...back, seq: before.seq }).toEqual(before);
    upgraded.close();
  });
});
