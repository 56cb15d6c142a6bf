import Database from 'better-sqlite3';
import { closeSync, existsSync, openSync, readSync, statSync } from 'node:fs';
import { AppError } from '../../shared/errors.js';
import { assertNotNewer, migrate } from './migrate.js';

export type Db = Database.Database;

const SQLITE_HEADER = 'SQLite format 3\u0000';

/** Refuse anything that is not an SQLite file before SQLite gets to write to it. */
export function assertSqliteFile(path: string): void {
  const size = statSync(path).size;
  if (size === 0) return;
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.alloc(16);
    const n = readSync(fd, buf, 0, 16, 0);
    if (n < 16 || buf.toString('latin1') !== SQLITE_HEADER) {
      throw new AppError(
        'validation',
        `${path} is not a LeadPact workspace (not an SQLite database); it was left untouched.`,
      );
    }
  } finally {
    closeSync(fd);
  }
}

/** A consistent copy of an open database (VACUUM INTO reads one snapshot, even under WAL). */
export function copyDatabase(db: Database.Database, dest: string): void {
  db.prepare('VACUUM INTO ?').run(dest);
}

export function applyPragmas(db: Db): void {
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  db.pragma('cache_size = -65536');
  db.pragma('temp_store = MEMORY');
}

export interface OpenOptions {
  /** Create the file when it does not exist (init, the app's default workspace). */
  create?: boolean;
  readonly?: boolean;
}

/** Open a workspace file, refuse foreign or newer files, and bring its schema up to date. */
export function openWorkspace(path: string, options: OpenOptions = {}): Db {
  const exists = existsSync(path);
  if (!exists && !options.create) {
    throw new AppError('not_found', `No workspace at ${path}. Create one with "leadpact init ${path}".`);
  }
  if (exists) assertSqliteFile(path);
  const db = new Database(path, { readonly: options.readonly ?? false });
  try {
    // Refuse a newer file before any pragma writes to it (journal_mode=WAL rewrites the header).
    assertNotNewer(db, path);
    if (!options.readonly) applyPragmas(db);
    migrate(db, path);
    return db;
  } catch (e) {
    db.close();
    throw e;
  }
}
