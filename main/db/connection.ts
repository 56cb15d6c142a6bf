import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import { AppError } from '../../shared/errors.js';
import { assertNotNewer, migrate } from './migrate.js';

export type Db = Database.Database;

/**
 * Refuse anything that is not an SQLite file before SQLite gets to write to it. The header is read
 * through the connection itself (a read: SQLite answers SQLITE_NOTADB and writes nothing), never
 * with a file handle of our own: on POSIX, closing any descriptor of a file drops every lock this
 * process holds on it, so a worker thread's check would silently release the app's own connection's
 * locks; another process (the CLI, sqlite3) would then take itself for the last reader, checkpoint
 * and delete the WAL the app is still writing to.
 */
function assertSqliteFile(db: Db, path: string): void {
  try {
    db.pragma('schema_version', { simple: true });
  } catch (e) {
    if ((e as { code?: string }).code === 'SQLITE_NOTADB') {
      throw new AppError(
        'validation',
        `${path} is not a LeadPact workspace (not an SQLite database); it was left untouched.`,
      );
    }
    throw e;
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
  const db = new Database(path, { readonly: options.readonly ?? false });
  try {
    assertSqliteFile(db, path);
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
