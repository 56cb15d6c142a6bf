import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openWorkspace, type Db } from '../../../main/db/connection.js';
import { generateDemo } from '../../../main/services/demo/index.js';

export const DEMO_LEADS = 3_000;
export const DEMO_SEED = 42;
/** A fixed end of history, so every run sees the same leads and dates. */
export const DEMO_END = Date.UTC(2026, 9, 1);

export interface DemoTemplate {
  path: string;
  cleanup(): void;
}

/**
 * Generate the demo once per worker with the real generator (what `leadpact demo` runs), closed
 * and checkpointed, so each test can start from its own byte-identical copy in milliseconds.
 */
export async function makeDemoTemplate(leads = DEMO_LEADS, seed = DEMO_SEED): Promise<DemoTemplate> {
  const dir = mkdtempSync(join(tmpdir(), 'leadpact-e2e-template-'));
  const path = join(dir, 'template.db');
  const db = openWorkspace(path, { create: true });
  try {
    await generateDemo(db, { leads, seed, endDate: DEMO_END });
    db.pragma('wal_checkpoint(TRUNCATE)');
  } finally {
    db.close();
  }
  return { path, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export interface TestWorkspace {
  dir: string;
  path: string;
  /** A connection of the test's own, to ask the services what the UI should show. */
  db: Db;
  cleanup(): void;
}

/** A fresh workspace file for one test: a copy of the demo template. */
export function freshWorkspace(template: DemoTemplate, name = 'Acme demo.db'): TestWorkspace {
  const dir = mkdtempSync(join(tmpdir(), 'leadpact-e2e-'));
  const path = join(dir, name);
  copyFileSync(template.path, path);
  const db = openWorkspace(path);
  return {
    dir,
    path,
    db,
    cleanup() {
      if (db.open) db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
