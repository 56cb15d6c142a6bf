import type { Database } from 'better-sqlite3';

/**
 * CSV import history and undo journal, and saved mapping presets.
 * - imports: one row per committed import (aborted, cancelled and dry runs leave no trace: the
 *   workspace stays byte for byte as it was).
 * - import_changes: every row an import touched, once: inserted rows (undo deletes them), updated
 *   rows with their previous values as JSON (undo restores them), and 'touch' for rows matched and
 *   left unchanged (so the same id twice in one file is caught). The primary key is what catches it.
 * - import_presets: named mappings (the same JSON as the CLI's --mapping file).
 */
export function up(db: Database): void {
  db.exec(`
    CREATE TABLE imports (
      id TEXT PRIMARY KEY,
      kind TEXT NOT NULL CHECK (kind IN ('leads','touchpoints','offers','handoffs','outcomes')),
      file_name TEXT NOT NULL,
      file_size INTEGER NOT NULL DEFAULT 0,
      rows_read INTEGER NOT NULL DEFAULT 0,
      inserted INTEGER NOT NULL DEFAULT 0,
      updated INTEGER NOT NULL DEFAULT 0,
      unchanged INTEGER NOT NULL DEFAULT 0,
      rejected INTEGER NOT NULL DEFAULT 0,
      on_error TEXT NOT NULL CHECK (on_error IN ('abort','skip')),
      mapping TEXT NOT NULL,
      detected TEXT NOT NULL DEFAULT '{}',
      warnings TEXT NOT NULL DEFAULT '[]',
      error_file TEXT,
      user_id TEXT REFERENCES users(id),
      started_at INTEGER NOT NULL,
      finished_at INTEGER,
      status TEXT NOT NULL DEFAULT 'running' CHECK (status IN ('running','done','undone')),
      undone_at INTEGER,
      undone_by TEXT REFERENCES users(id),
      created_at INTEGER NOT NULL,
      updated_at INTEGER NOT NULL,
      deleted INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0,1))
    ) STRICT;
    CREATE INDEX imports_started ON imports(started_at, id);

    CREATE TABLE import_changes (
      import_id TEXT NOT NULL REFERENCES imports(id),
      entity TEXT NOT NULL,
      entity_id TEXT NOT NULL,
      op TEXT NOT NULL CHECK (op IN ('insert','update','touch')),
      row INTEGER,
      before TEXT,
      PRIMARY KEY (import_id, entity, entity_id)
    ) STRICT, WITHOUT ROWID;

    CREATE TABLE import_presets (
      id TEXT PRIMARY KEY,
      name TEXT NOT NULL,
      kind TEXT NOT NULL CHECK (kind IN ('leads','touchpoints','offers','handoffs','outcomes')),
      mapping TEXT NOT NULL,
      created_by TEXT REFERENCES users(id),
      created_at INTEGER NOT NULL,
      updated_at INTEGER NOT NULL,
      deleted INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0,1))
    ) STRICT;
    CREATE UNIQUE INDEX import_presets_name ON import_presets(name COLLATE NOCASE) WHERE deleted = 0;
  `);
}
