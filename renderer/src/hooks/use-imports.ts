import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { imports, MAX_UPLOAD_CHUNK_BASE64, type ImportResult } from '../../../shared/contracts/imports.js';
import type { InputOf } from '../../../shared/contracts/method.js';
import { call } from '../api.js';
import { invalidateForTables } from './use-data-events.js';

/** Query keys of the import area: one family, so a finished import or an undo refreshes them all. */
export const importKeys = {
  all: ['imports'] as const,
  history: () => ['imports', 'history'] as const,
  presets: () => ['imports', 'presets'] as const,
  preview: (input: PreviewRequest | null) => ['imports', 'preview', input] as const,
  result: (jobId: string) => ['imports', 'result', jobId] as const,
};

export type PreviewRequest = InputOf<typeof imports.preview>;
export type StartRequest = InputOf<typeof imports.start>;

/** Bytes per upload chunk: its base64 (4/3 the size) stays under the contract's limit. */
export const UPLOAD_CHUNK_BYTES = Math.floor((MAX_UPLOAD_CHUNK_BASE64 / 4) * 3) - 4096;

export interface UploadedFile {
  uploadId: string;
  fileName: string;
  size: number;
}

function base64Of(blob: Blob): Promise<string> {
  // The browser's own encoder (a data: URL) is much faster than btoa over a binary string.
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => {
      const url = String(reader.result);
      resolve(url.slice(url.indexOf(',') + 1));
    };
    reader.onerror = () => reject(reader.error ?? new Error('read failed'));
    reader.readAsDataURL(blob);
  });
}

/**
 * Hand a chosen file to the main process in chunks (imports:upload), in order, so the import
 * streams it from disk like any other file. Neither the harness nor the sandboxed preload can pass
 * a path, so the desktop app takes the same road. Stops between chunks when `signal` aborts.
 */
export async function uploadFile(
  file: File,
  opts: { onProgress?: (sent: number, total: number) => void; signal?: AbortSignal } = {},
): Promise<UploadedFile> {
  let uploadId: string | undefined;
  let offset = 0;
  opts.onProgress?.(0, file.size);
  do {
    if (opts.signal?.aborted) throw new DOMException('Upload cancelled', 'AbortError');
    const chunk = file.slice(offset, offset + UPLOAD_CHUNK_BYTES);
    const r = await call(imports.upload, {
      ...(uploadId ? { uploadId } : {}),
      fileName: file.name || 'upload.csv',
      offset,
      data: await base64Of(chunk),
    });
    uploadId = r.uploadId;
    offset = r.size;
    opts.onProgress?.(offset, file.size);
  } while (offset < file.size);
  return { uploadId: uploadId!, fileName: file.name || 'upload.csv', size: file.size };
}

/** The wizard's look at the file: detection, columns, the first rows through the mapping (null: not yet). */
export function useImportPreview(input: PreviewRequest | null) {
  return useQuery({
    queryKey: importKeys.preview(input),
    queryFn: () => call(imports.preview, input!),
    enabled: input !== null,
    placeholderData: keepPreviousData,
    // The upload does not change: the same question always has the same answer.
    staleTime: Infinity,
    retry: false,
  });
}

export function useImportPresets() {
  return useQuery({ queryKey: importKeys.presets(), queryFn: () => call(imports.presets, {}) });
}

export function useSavePreset() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: InputOf<typeof imports.savePreset>) => call(imports.savePreset, input),
    onSuccess: () => void client.invalidateQueries({ queryKey: importKeys.presets() }),
  });
}

export function useDeletePreset() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => call(imports.deletePreset, { id }),
    onSuccess: () => void client.invalidateQueries({ queryKey: importKeys.presets() }),
  });
}

export function useStartImport() {
  return useMutation({ mutationFn: (input: StartRequest) => call(imports.start, input) });
}

/** What a finished import job came to (null while the job still runs). */
export const fetchImportResult = (jobId: string): Promise<ImportResult | null> => call(imports.result, { jobId });

export function useImportHistory() {
  return useQuery({ queryKey: importKeys.history(), queryFn: () => call(imports.history, { limit: 200 }) });
}

/** Forget cached import answers (the history) and the lead views after an import committed or was undone. */
export function useRefreshAfterImport(): () => void {
  const client = useQueryClient();
  return () => {
    void client.invalidateQueries({ queryKey: importKeys.history() });
    invalidateForTables(client, ['leads', 'touchpoints', 'offers', 'campaigns', 'handoffs', 'outcomes']);
  };
}

export function useUndoImport() {
  const refresh = useRefreshAfterImport();
  return useMutation({
    mutationFn: (input: { id: string; force: boolean }) => call(imports.undo, input),
    onSuccess: refresh,
  });
}

export function useErrorsCsv() {
  return useMutation({ mutationFn: (runId: string) => call(imports.errorsCsv, { runId }) });
}
