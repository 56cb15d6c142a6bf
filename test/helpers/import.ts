import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Db } from '../../main/db/connection.js';
import { runImport, type RunOptions } from '../../main/services/import/run.js';
import { resolveSource } from '../../main/services/import/sources.js';
import { MappingSchema, type Mapping } from '../../shared/domain/import/mapping.js';

export const DATASETS = '/work/shared/datasets';
export const MAPPINGS = join(process.cwd(), 'test', 'fixtures', 'mappings');

export function loadMapping(name: string): Mapping {
  return MappingSchema.parse(JSON.parse(readFileSync(join(MAPPINGS, name), 'utf8')));
}

export function mapping(kind: Mapping['kind'], fields: Mapping['fields'], extra: Partial<Mapping> = {}): Mapping {
  return MappingSchema.parse({ version: 1, kind, fields, ...extra });
}

export function writeFile(dir: string, name: string, content: string | Uint8Array): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

export async function importFile(
  db: Db,
  path: string,
  m: Mapping,
  opts: Partial<Omit<RunOptions, 'source' | 'mapping'>> = {},
) {
  return runImport(db, { source: resolveSource({ path }), mapping: m, onError: 'abort', ...opts });
}

/** sha256 of the database file after folding the WAL into it: equal hashes mean byte-for-byte equal files. */
export function fileHash(db: Db, path: string): string {
  db.pragma('wal_checkpoint(TRUNCATE)');
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

/** Every row of every table (FTS shadow tables included), in a stable order. */
export function dump(db: Db, skip: readonly string[] = []): Record<string, unknown[]> {
  const tables = (
    db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`).all() as { name: string }[]
  )
    .map((r) => r.name)
    .filter((n) => !skip.includes(n) && !n.startsWith('sqlite_') && n !== 'leads_fts');
  const out: Record<string, unknown[]> = {};
  for (const t of tables) {
    // Every column in the order, so the order is total (and a one-column table has no term 2).
    const n = (db.prepare('SELECT count(*) AS n FROM pragma_table_info(?)').get(t) as { n: number }).n;
    const by = Array.from({ length: n }, (_, i) => i + 1).join(', ');
    out[t] = db.prepare(`SELECT * FROM "${t}" ORDER BY ${by}`).raw().all();
  }
  return out;
}
