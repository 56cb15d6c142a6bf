import type { Db } from './connection.js';
import { newId, now } from './ids.js';
import { MappingSchema, type Mapping } from '../../shared/domain/import/mapping.js';
import type { ImportKind } from '../../shared/domain/import/targets.js';
import type { ImportHistoryItem, ImportPreset } from '../../shared/contracts/imports.js';
import { z } from 'zod';

// ---------- history ----------

export interface NewImport {
  id: string;
  kind: ImportKind;
  fileName: string;
  fileSize: number;
  onError: 'abort' | 'skip';
  mapping: Mapping;
  userId: string | null;
  startedAt: number;
}

export function insertImport(db: Db, i: NewImport): void {
  db.prepare(
    `INSERT INTO imports (id, kind, file_name, file_size, on_error, mapping, user_id, started_at, status, created_at, updated_at)
     VALUES (@id, @kind, @fileName, @fileSize, @onError, @mapping, @userId, @startedAt, 'running', @startedAt, @startedAt)`,
  ).run({ ...i, mapping: JSON.stringify(i.mapping) });
}

export interface ImportCounts {
  read: number;
  inserted: number;
  updated: number;
  unchanged: number;
  rejected: number;
}

export function finishImport(
  db: Db,
  id: string,
  c: ImportCounts,
  extra: { detected: unknown; warnings: string[]; errorFile: string | null },
  at = now(),
): void {
  db.prepare(
    `UPDATE imports SET rows_read = @read, inserted = @inserted, updated = @updated, unchanged = @unchanged, rejected = @rejected,
       detected = @detected, warnings = @warnings, error_file = @errorFile, finished_at = @at, status = 'done', updated_at = @at
     WHERE id = @id`,
  ).run({
    id,
    ...c,
    detected: JSON.stringify(extra.detected),
    warnings: JSON.stringify(extra.warnings),
    errorFile: extra.errorFile,
    at,
  });
}

interface ImportRecord {
  id: string;
  kind: ImportKind;
  file_name: string;
  file_size: number;
  rows_read: number;
  inserted: number;
  updated: number;
  unchanged: number;
  rejected: number;
  on_error: 'abort' | 'skip';
  mapping: string;
  detected: string;
  warnings: string;
  error_file: string | null;
  user_id: string | null;
  user_name: string | null;
  started_at: number;
  finished_at: number | null;
  status: 'running' | 'done' | 'undone';
  undone_at: number | null;
}

const toItem = (r: ImportRecord): ImportHistoryItem => ({
  id: r.id,
  kind: r.kind,
  fileName: r.file_name,
  fileSize: r.file_size,
  counts: { read: r.rows_read, inserted: r.inserted, updated: r.updated, unchanged: r.unchanged, rejected: r.rejected },
  onError: r.on_error,
  mapping: MappingSchema.parse(JSON.parse(r.mapping)),
  detected: z.record(z.string(), z.unknown()).parse(JSON.parse(r.detected)),
  warnings: z.array(z.string()).parse(JSON.parse(r.warnings)),
  hasErrorFile: r.error_file !== null,
  userId: r.user_id,
  userName: r.user_name,
  startedAt: r.started_at,
  finishedAt: r.finished_at,
  status: r.status === 'undone' ? 'undone' : 'done',
  undoneAt: r.undone_at,
});

const SELECT_IMPORT = `SELECT i.*, u.name AS user_name FROM imports i LEFT JOIN users u ON u.id = i.user_id`;

export function listImports(db: Db, limit: number): ImportHistoryItem[] {
  const rows = db
    .prepare(
      `${SELECT_IMPORT} WHERE i.deleted = 0 AND i.status <> 'running' ORDER BY i.started_at DESC, i.id DESC LIMIT ?`,
    )
    .all(limit) as ImportRecord[];
  return rows.map(toItem);
}

export function getImport(db: Db, id: string): (ImportHistoryItem & { errorFile: string | null }) | null {
  const r = db.prepare(`${SELECT_IMPORT} WHERE i.id = ? AND i.deleted = 0`).get(id) as ImportRecord | undefined;
  return r ? { ...toItem(r), errorFile: r.error_file } : null;
}

export function markUndone(db: Db, id: string, userId: string | null, at = now()): void {
  db.prepare(`UPDATE imports SET status = 'undone', undone_at = ?, undone_by = ?, updated_at = ? WHERE id = ?`).run(
    at,
    userId,
    at,
    id,
  );
}

// ---------- the change journal ----------

export type ChangeOp = 'insert' | 'update' | 'touch';

/** Records that an import touched a row; false when this import already touched it (the PK says so). */
export function journal(db: Db) {
  const ins = db.prepare(
    `INSERT OR IGNORE INTO import_changes (import_id, entity, entity_id, op, row, before) VALUES (?, ?, ?, ?, ?, ?)`,
  );
  const firstRow = db.prepare(
    `SELECT row, op FROM import_changes WHERE import_id = ? AND entity = ? AND entity_id = ?`,
  );
  return {
    record(
      importId: string,
      entity: string,
      entityId: string,
      op: ChangeOp,
      row: number | null,
      before: unknown = null,
    ): boolean {
      return (
        ins.run(importId, entity, entityId, op, row, before === null ? null : JSON.stringify(before)).changes === 1
      );
    },
    touchedAt(importId: string, entity: string, entityId: string): { row: number | null; op: ChangeOp } | undefined {
      return firstRow.get(importId, entity, entityId) as { row: number | null; op: ChangeOp } | undefined;
    },
  };
}

export interface ChangeRecord {
  entity: string;
  entity_id: string;
  op: ChangeOp;
  before: string | null;
}

/** The changes of an import of one entity and op, in pages (a big import has millions). */
export function changesPage(
  db: Db,
  importId: string,
  entity: string,
  op: ChangeOp,
  afterId: string,
  limit: number,
): ChangeRecord[] {
  return db
    .prepare(
      `SELECT entity, entity_id, op, before FROM import_changes WHERE import_id = ? AND entity = ? AND op = ? AND entity_id > ? ORDER BY entity_id LIMIT ?`,
    )
    .all(importId, entity, op, afterId, limit) as ChangeRecord[];
}

export function changeCounts(db: Db, importId: string): { entity: string; op: ChangeOp; n: number }[] {
  return db
    .prepare(`SELECT entity, op, count(*) AS n FROM import_changes WHERE import_id = ? GROUP BY entity, op`)
    .all(importId) as {
    entity: string;
    op: ChangeOp;
    n: number;
  }[];
}

/** Imports done after this one that touched any of the same rows (undo them first). */
export function laterImportsTouching(db: Db, importId: string, startedAt: number): { id: string; file_name: string }[] {
  return db
    .prepare(
      `SELECT DISTINCT i.id, i.file_name FROM imports i
       JOIN import_changes later ON later.import_id = i.id
       JOIN import_changes mine ON mine.import_id = ? AND mine.entity = later.entity AND mine.entity_id = later.entity_id AND mine.op <> 'touch'
       WHERE i.status = 'done' AND i.deleted = 0 AND i.id <> ? AND (i.started_at > ? OR (i.started_at = ? AND i.id > ?)) AND later.op <> 'touch'
       LIMIT 5`,
    )
    .all(importId, importId, startedAt, startedAt, importId) as { id: string; file_name: string }[];
}

// ---------- presets ----------

interface PresetRecord {
  id: string;
  name: string;
  kind: ImportKind;
  mapping: string;
  created_at: number;
  updated_at: number;
}

const toPreset = (r: PresetRecord): ImportPreset => ({
  id: r.id,
  name: r.name,
  kind: r.kind,
  builtin: false,
  description: null,
  mapping: MappingSchema.parse(JSON.parse(r.mapping)),
  updatedAt: r.updated_at,
});

export function listPresets(db: Db): ImportPreset[] {
  return (
    db.prepare(`SELECT * FROM import_presets WHERE deleted = 0 ORDER BY name COLLATE NOCASE`).all() as PresetRecord[]
  ).map(toPreset);
}

export function getPresetByName(db: Db, name: string): ImportPreset | null {
  const r = db.prepare(`SELECT * FROM import_presets WHERE name = ? COLLATE NOCASE AND deleted = 0`).get(name) as
    PresetRecord | undefined;
  return r ? toPreset(r) : null;
}

export function getPreset(db: Db, id: string): ImportPreset | null {
  const r = db.prepare(`SELECT * FROM import_presets WHERE id = ? AND deleted = 0`).get(id) as PresetRecord | undefined;
  return r ? toPreset(r) : null;
}

/** Insert or replace the preset of that name (names are unique, case-insensitively). */
export function savePreset(db: Db, name: string, mapping: Mapping, userId: string | null, at = now()): string {
  const existing = getPresetByName(db, name);
  const json = JSON.stringify({ ...mapping, name });
  if (existing) {
    db.prepare(`UPDATE import_presets SET name = ?, kind = ?, mapping = ?, updated_at = ? WHERE id = ?`).run(
      name,
      mapping.kind,
      json,
      at,
      existing.id,
    );
    return existing.id;
  }
  const id = newId();
  db.prepare(
    `INSERT INTO import_presets (id, name, kind, mapping, created_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
  ).run(id, name, mapping.kind, json, userId, at, at);
  return id;
}

export function deletePreset(db: Db, id: string, at = now()): number {
  return db.prepare(`UPDATE import_presets SET deleted = 1, updated_at = ? WHERE id = ? AND deleted = 0`).run(at, id)
    .changes;
}
