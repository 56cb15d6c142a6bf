import { readdirSync, rmSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import type { ImportSource } from '../../../shared/contracts/imports.js';
import { appendUpload, resolveSource, uploadsDir, type ResolvedSource } from './sources.js';

/**
 * The browser harness keeps uploaded CSVs in a private temp folder (sources.ts). They are removed:
 * - when an import of the file committed (the wizard starts over with a new file afterwards);
 * - at once for pasted text, which gets a new file on every call and is never referred to again;
 * - when left idle for UPLOAD_MAX_IDLE_MS (the user walked away from the wizard, or the harness was
 *   killed mid-import): at harness start and whenever a new upload begins.
 * An aborted, cancelled or failed run keeps its upload: the wizard offers to run it again (import the
 * valid rows, or retry after fixing the mapping) without uploading again.
 */

/** Long enough for a user to leave the wizard's review step open over lunch. */
export const UPLOAD_MAX_IDLE_MS = 6 * 3_600_000;

/** Is this path one of the upload folder's own files (never a file the user named by path)? */
export function isUploadPath(path: string, dir = uploadsDir()): boolean {
  const rel = relative(dir, path);
  return rel !== '' && !rel.startsWith('..') && !rel.includes(sep);
}

/** Remove an upload and its name file; a path outside the upload folder is left alone. */
export function discardUpload(path: string, dir = uploadsDir()): boolean {
  if (!isUploadPath(path, dir)) return false;
  try {
    rmSync(path, { force: true });
    rmSync(`${path}.name`, { force: true });
    return true;
  } catch (e) {
    // A temp file that cannot go now is swept later; the import's result matters more.
    console.warn('[uploads] could not remove', path, e);
    return false;
  }
}

/** After an import job: drop the upload once its rows are in, and pasted text always. */
export function afterImport(source: ImportSource, resolved: ResolvedSource, status: string | null): void {
  if ('path' in source) return;
  if ('text' in source || status === 'imported') discardUpload(resolved.path);
}

/** One upload chunk; the first chunk of a new upload sweeps the idle ones first. */
export function receiveUpload(input: Parameters<typeof appendUpload>[0]): ReturnType<typeof appendUpload> {
  if (!input.uploadId) sweepUploads();
  return appendUpload(input);
}

/** Run `fn` on a resolved source; pasted text (a new file on every call) is removed afterwards. */
export async function withSource<T>(source: ImportSource, fn: (resolved: ResolvedSource) => Promise<T>): Promise<T> {
  const resolved = resolveSource(source);
  try {
    return await fn(resolved);
  } finally {
    if ('text' in source) discardUpload(resolved.path);
  }
}

const idle = (path: string, at: number, maxIdleMs: number): boolean => {
  try {
    const st = statSync(path);
    return st.isFile() && at - st.mtimeMs > maxIdleMs;
  } catch {
    return false;
  }
};

/**
 * Delete uploads not written or read for `maxIdleMs`, judged by the CSV's mtime (every read touches
 * it, see sources.ts), with their name files; a name file left without its CSV goes when old too.
 */
export function sweepUploads(maxIdleMs = UPLOAD_MAX_IDLE_MS, dir = uploadsDir(), at = Date.now()): number {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return 0;
  }
  const present = new Set(names);
  let removed = 0;
  for (const name of names) {
    const path = join(dir, name);
    if (name.endsWith('.csv') && idle(path, at, maxIdleMs)) {
      // force: another harness sweeping the same folder may have removed it meanwhile.
      rmSync(path, { force: true });
      rmSync(`${path}.name`, { force: true });
      removed++;
    } else if (
      name.endsWith('.csv.name') &&
      !present.has(name.slice(0, -'.name'.length)) &&
      idle(path, at, maxIdleMs)
    ) {
      rmSync(path, { force: true });
    }
  }
  return removed;
}
