import { appendFileSync, existsSync, mkdirSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { newId } from '../../db/ids.js';
import { MAX_UPLOAD_BYTES, type ImportSource } from '../../../shared/contracts/imports.js';
import { AppError } from '../../../shared/errors.js';

/**
 * Where an import reads from. A path is used as it is (desktop app, CLI). The browser harness
 * cannot hand over a path, so it uploads the file in chunks to a private temp folder and refers to
 * it by uploadId; small pasted text is written there too. Either way the import streams a file.
 */

export interface ResolvedSource {
  path: string;
  fileName: string;
  size: number;
}

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function uploadsDir(): string {
  const dir = join(tmpdir(), 'leadpact-uploads');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  return dir;
}

const uploadPath = (id: string) => {
  if (!UUID_RE.test(id)) throw new AppError('validation', 'Bad upload id.');
  return join(uploadsDir(), `${id}.csv`);
};

const safeName = (name: string) =>
  basename(name)
    .replace(/[^\p{L}\p{N} ._()-]/gu, '_')
    .slice(0, 200) || 'upload.csv';

/** Append one chunk (base64) at `offset`; chunks must come in order. A chunk without uploadId starts a new upload. */
export function appendUpload(input: {
  uploadId?: string | undefined;
  fileName: string;
  offset: number;
  data: string;
}): { uploadId: string; size: number } {
  const id = input.uploadId ?? newId();
  const path = uploadPath(id);
  const size = existsSync(path) ? statSync(path).size : 0;
  if (!input.uploadId && input.offset !== 0) throw new AppError('validation', 'A new upload starts at offset 0.');
  if (input.uploadId && !existsSync(path)) throw new AppError('not_found', `No upload ${id}.`);
  if (input.offset !== size)
    throw new AppError('conflict', `Upload ${id} has ${size} bytes; the chunk starts at ${input.offset}.`);
  const bytes = Buffer.from(input.data, 'base64');
  if (size + bytes.length > MAX_UPLOAD_BYTES)
    throw new AppError(
      'validation',
      `Uploads are limited to ${MAX_UPLOAD_BYTES / 2 ** 20} MiB; import bigger files with the desktop app or the CLI.`,
    );
  if (!input.uploadId) writeFileSync(`${path}.name`, safeName(input.fileName));
  appendFileSync(path, bytes);
  return { uploadId: id, size: size + bytes.length };
}

export function resolveSource(source: ImportSource): ResolvedSource {
  if ('path' in source) {
    let st;
    try {
      st = statSync(source.path);
    } catch {
      throw new AppError('not_found', `Cannot read ${source.path}: no such file.`);
    }
    if (!st.isFile()) throw new AppError('validation', `${source.path} is not a file.`);
    return { path: source.path, fileName: basename(source.path), size: st.size };
  }
  if ('uploadId' in source) {
    const path = uploadPath(source.uploadId);
    if (!existsSync(path))
      throw new AppError(
        'not_found',
        `No upload ${source.uploadId} (uploads live in a temporary folder; upload the file again).`,
      );
    // In use: the idle sweep (uploads.ts) goes by mtime, so a file the wizard still reads stays.
    const t = new Date();
    utimesSync(path, t, t);
    const name = existsSync(`${path}.name`) ? readFileSync(`${path}.name`, 'utf8') : `${source.uploadId}.csv`;
    return { path, fileName: name, size: statSync(path).size };
  }
  const id = newId();
  const path = uploadPath(id);
  writeFileSync(path, source.text, 'utf8');
  writeFileSync(`${path}.name`, safeName(source.fileName ?? 'pasted.csv'));
  return { path, fileName: source.fileName ? safeName(source.fileName) : 'pasted.csv', size: statSync(path).size };
}

/** Rejected-row files of a workspace's imports live beside it: <workspace>.import-errors/<runId>.csv. */
export function errorsPathFor(dbPath: string, runId: string): string {
  if (!UUID_RE.test(runId)) throw new AppError('validation', 'Bad run id.');
  return join(dirname(dbPath), `${basename(dbPath)}.import-errors`, `${runId}.csv`);
}
