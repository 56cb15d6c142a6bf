import { parse } from 'csv-parse/sync';
import { closeSync, existsSync, openSync, readSync, statSync } from 'node:fs';
import type { Db } from '../../db/connection.js';
import { appendAudit } from '../../db/audit.repo.js';
import { now } from '../../db/ids.js';
import * as repo from '../../db/imports.repo.js';
import {
  changedSince,
  deleteInserted,
  dependents,
  detachDependents,
  restoreUpdated,
} from '../../db/import-undo.repo.js';
import type { ImportHistoryItem, ImportPreset, UndoConflict } from '../../../shared/contracts/imports.js';
import { MappingSchema, type Mapping } from '../../../shared/domain/import/mapping.js';
import { BUILTIN_PRESETS } from '../../../shared/domain/import/suggest.js';
import { AppError, describeIssues } from '../../../shared/errors.js';
import { current as currentUser } from '../users.js';
import { errorsPathFor } from './sources.js';

export const history = (db: Db, limit: number): ImportHistoryItem[] => repo.listImports(db, limit);

/**
 * Undo an import in one transaction: rows it updated get their previous values back, rows it
 * inserted are deleted. Refused (conflict) when a later import touched the same rows, when rows it
 * wrote were changed since, or when other rows now depend on rows it added; `force` goes ahead anyway
 * (later changes to those rows are lost; dependents of removed rows are removed or detached).
 */
export function undo(db: Db, id: string, opts: { force?: boolean } = {}): { deleted: number; restored: number } {
  return db.transaction(() => {
    const imp = repo.getImport(db, id);
    if (!imp) throw new AppError('not_found', `No import ${id}.`);
    if (imp.status === 'undone') throw new AppError('conflict', `The import of ${imp.fileName} was already undone.`);
    // In English (`problems`: the CLI, the error message) and as facts the wizard says in its language.
    const problems: string[] = [];
    const conflicts: UndoConflict[] = [];
    const later = repo.laterImportsTouching(db, id, imp.startedAt);
    if (later.length > 0) {
      const files = later.map((l) => l.file_name);
      problems.push(`later imports changed the same rows (${files.join(', ')}): undo them first`);
      conflicts.push({ code: 'later', files });
    }
    for (const c of changedSince(db, id, imp.startedAt)) {
      problems.push(`${c.n} ${c.entity} it wrote were changed since`);
      conflicts.push({ code: 'changed', entity: c.entity, n: c.n });
    }
    for (const d of dependents(db, id)) {
      problems.push(`${d.n} ${d.what}`);
      conflicts.push({ code: 'dependents', what: d.code, n: d.n });
    }
    if (problems.length > 0 && !opts.force) {
      throw new AppError(
        'conflict',
        `Undoing the import of ${imp.fileName} would lose later work: ${problems.join('; ')}. Undo with force to go ahead.`,
        { problems, conflicts },
      );
    }
    const at = now();
    const detached = opts.force ? detachDependents(db, id, at) : 0;
    const restored = restoreUpdated(db, id);
    const deleted = deleteInserted(db, id) + detached;
    const userId = currentUser(db)?.id ?? null;
    repo.markUndone(db, id, userId, at);
    appendAudit(
      db,
      {
        userId,
        entity: 'import',
        entityId: id,
        action: opts.force ? 'undo (forced)' : 'undo',
        before: { fileName: imp.fileName, counts: imp.counts },
        after: { deleted, restored },
      },
      at,
    );
    return { deleted, restored };
  })();
}

const MAX_ERRORS_CONTENT = 5 * 1024 * 1024;

/** The rejected rows of a run as CSV text (the first 5 MB; the whole file stays on disk). */
export function errorsCsv(
  dbPath: string,
  runId: string,
): { fileName: string; content: string; truncated: boolean; rows: number } {
  const path = errorsPathFor(dbPath, runId);
  if (!existsSync(path))
    throw new AppError('not_found', 'That import had no rejected rows, or its error file was removed.');
  const size = statSync(path).size;
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.alloc(Math.min(size, MAX_ERRORS_CONTENT));
    readSync(fd, buf, 0, buf.length, 0);
    let content = buf.toString('utf8');
    const truncated = size > MAX_ERRORS_CONTENT;
    if (truncated) content = content.slice(0, content.lastIndexOf('\r\n') + 2);
    const rows = Math.max(0, (parse(content, { bom: true, relax_column_count: true }) as unknown[]).length - 1);
    return { fileName: `import-errors-${runId.slice(0, 8)}.csv`, content, truncated, rows };
  } finally {
    closeSync(fd);
  }
}

// ---------- presets ----------

export function presets(db: Db): ImportPreset[] {
  const builtin: ImportPreset[] = BUILTIN_PRESETS.map((p) => ({
    id: p.id,
    name: p.name,
    kind: p.mapping.kind,
    builtin: true,
    description: p.description,
    mapping: p.mapping,
    updatedAt: null,
  }));
  const generic: ImportPreset = {
    id: 'generic',
    name: 'Generic CSV',
    kind: null,
    builtin: true,
    description: 'Suggestions from the header names and the values.',
    mapping: null,
    updatedAt: null,
  };
  return [...builtin, generic, ...repo.listPresets(db)];
}

export function savePreset(db: Db, name: string, mapping: Mapping): ImportPreset {
  const parsed = MappingSchema.safeParse(mapping);
  if (!parsed.success) throw new AppError('validation', `Invalid mapping: ${describeIssues(parsed.error.issues)}`);
  if (BUILTIN_PRESETS.some((p) => p.name.toLowerCase() === name.trim().toLowerCase()))
    throw new AppError('conflict', `"${name}" is the name of a built-in preset; choose another.`);
  const id = repo.savePreset(db, name.trim(), parsed.data, currentUser(db)?.id ?? null);
  return repo.getPreset(db, id)!;
}

export function deletePreset(db: Db, id: string): void {
  if (repo.deletePreset(db, id) === 0) throw new AppError('not_found', `No saved preset ${id}.`);
}
