import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openWorkspace, type Db } from '../../main/db/connection.js';
import type { Ctx } from '../../main/rpc/context.js';

export interface TestDb {
  db: Db;
  path: string;
  dir: string;
  ctx: Ctx;
  events: { event: string; payload: unknown }[];
  cleanup(): void;
}

/** A fresh workspace file on disk with the real migrations, as the app would make it. */
export function createTestDb(): TestDb {
  const dir = mkdtempSync(join(tmpdir(), 'leadpact-test-'));
  const path = join(dir, 'workspace.db');
  const db = openWorkspace(path, { create: true });
  const events: { event: string; payload: unknown }[] = [];
  const ctx: Ctx = { db, path, emit: (event, payload) => events.push({ event, payload }) };
  return {
    db,
    path,
    dir,
    ctx,
    events,
    cleanup() {
      if (db.open) db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export function tempDir(): { dir: string; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'leadpact-test-'));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
