import type { Database } from 'better-sqlite3';
import { existsSync, statSync } from 'node:fs';
import { AppError } from '../../shared/errors.js';
import { LATEST_SCHEMA_VERSION, MIGRATIONS, type Migration } from './migrations/index.js';

export function schemaVersion(db: Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}

export function backupPathFor(path: string, fromVersion: number, now = new Date()): string {
  const stamp = now.toISOString().replace(/[:.]/g, '-');
  return `${path}.v${fromVersion}-${stamp}.bak`;
}

/**
 * Run every pending migration in one transaction. A database that already holds data is copied
 * first (VACUUM INTO, consistent even under WAL), so a failed or regretted upgrade loses nothing.
 */
export function assertNotNewer(db: Database, path: string, latest = LATEST_SCHEMA_VERSION): void {
  const current = schemaVersion(db);
  if (current > latest) {
    throw new AppError(
      'conflict',
      `${path} was written by a newer LeadPact (schema ${current}; this version knows up to ${latest}). Update LeadPact to open it; the file was left untouched.`,
    );
  }
}

export function migrate(
  db: Database,
  path: string,
  migrations: readonly Migration[] = MIGRATIONS,
): { from: number; to: number; backup: string | null } {
  const latest = migrations.length;
  assertNotNewer(db, path, latest);
  const current = schemaVersion(db);
  if (current === latest) return { from: current, to: current, backup: null };
  if (db.readonly) throw new AppError('conflict', `${path} needs a schema upgrade and was opened read-only.`);

  let backup: string | null = null;
  if (current > 0 && path !== ':memory:' && existsSync(path) && statSync(path).size > 0) {
    backup = backupPathFor(path, current);
    db.prepare('VACUUM INTO ?').run(backup);
  }
  const pending = migrations.filter((m) => m.version > current);
  db.transaction(() => {
    for (const m of pending) {
      m.up(db);
      if (!Number.isInteger(m.version)) throw new Error(`Bad migration version: ${m.name}`);
      db.pragma(`user_version = ${m.version}`);
    }
  })();
  return { from: current, to: latest, backup };
}
