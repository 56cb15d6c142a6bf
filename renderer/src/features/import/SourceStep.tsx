import { useEffect, useId, useRef, useState } from 'react';
import { useIntl } from 'react-intl';
import { MAX_UPLOAD_BYTES, type ImportPreset } from '../../../../shared/contracts/imports.js';
import { IMPORT_KINDS, type ImportKind } from '../../../../shared/domain/import/targets.js';
import { ErrorState, useErrorText } from '../../components/States.js';
import { uploadFile, useImportPresets, type UploadedFile } from '../../hooks/use-imports.js';
import { useT } from '../../i18n/index.js';
import { formatBytes } from './format.js';
import { PresetPicker } from './PresetPicker.js';

interface Props {
  kind: ImportKind;
  presetId: string;
  onKind: (kind: ImportKind) => void;
  onPreset: (id: string) => void;
  onUploaded: (upload: UploadedFile) => void;
  /** True while an import job is running: a second one would be refused. */
  busy: boolean;
}

/** Presets offered for a kind: the ones for it, then the generic one. */
export const presetsFor = (all: readonly ImportPreset[], kind: ImportKind): ImportPreset[] =>
  all.filter((p) => p.kind === kind || p.kind === null);

/** Step 1: what the file holds, which preset to start from, and the file itself (uploaded in chunks). */
export function SourceStep({ kind, presetId, onKind, onPreset, onUploaded, busy }: Props) {
  const t = useT();
  const intl = useIntl();
  const errorText = useErrorText();
  const presets = useImportPresets();
  const fileId = useId();
  const [sent, setSent] = useState<{ done: number; total: number; name: string } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const abort = useRef<AbortController | null>(null);
  useEffect(() => () => abort.current?.abort(), []);

  const start = (file: File) => {
    setError(null);
    if (file.size === 0) return setError(t('import.source.emptyFile', { name: file.name }));
    if (file.size > MAX_UPLOAD_BYTES)
      return setError(t('import.source.tooLarge', { name: file.name, max: formatBytes(intl, MAX_UPLOAD_BYTES) }));
    const ctrl = new AbortController();
    abort.current = ctrl;
    setSent({ done: 0, total: file.size, name: file.name });
    uploadFile(file, {
      signal: ctrl.signal,
      onProgress: (done, total) => setSent({ done, total, name: file.name }),
    })
      .then(onUploaded)
      .catch((e: unknown) => {
        if (!(e instanceof DOMException && e.name === 'AbortError')) setError(errorText(e));
      })
      .finally(() => {
        if (abort.current === ctrl) abort.current = null;
        setSent(null);
      });
  };

  return (
    <section className="card import-step" aria-labelledby="import-source-title" data-testid="import-source">
      <h2 id="import-source-title" className="card-title">
        {t('import.source.title')}
      </h2>
      <p className="muted card-hint">{t('import.source.hint')}</p>
      <fieldset className="kind-group" disabled={sent !== null}>
        <legend className="field-label">{t('import.source.kind')}</legend>
        {IMPORT_KINDS.map((k) => (
          <label key={k} className={`kind-option${k === kind ? ' is-checked' : ''}`}>
            <input
              type="radio"
              name="import-kind"
              value={k}
              checked={k === kind}
              onChange={() => onKind(k)}
              data-testid={`import-kind-${k}`}
            />
            <span className="kind-name">{t(`import.kind.${k}`)}</span>
            <span className="muted kind-hint">{t(`import.kindHint.${k}`)}</span>
          </label>
        ))}
      </fieldset>
      {presets.isError ? (
        <ErrorState error={presets.error} onRetry={() => void presets.refetch()} />
      ) : (
        <PresetPicker
          presets={presetsFor(presets.data ?? [], kind)}
          loading={presets.isPending}
          value={presetId}
          onChange={onPreset}
          disabled={sent !== null}
        />
      )}
      <div className="field">
        <label htmlFor={fileId} className="field-label">
          {t('import.source.file')}
        </label>
        <div className="file-row">
          <input
            id={fileId}
            type="file"
            accept=".csv,.tsv,.txt,text/csv,text/tab-separated-values,text/plain"
            className="input file-input"
            disabled={sent !== null || busy}
            data-testid="import-file"
            onChange={(e) => {
              const file = e.target.files?.[0];
              // Choosing the same file again (after fixing it) must fire again.
              e.target.value = '';
              if (file) start(file);
            }}
          />
        </div>
        <span className="muted">{t('import.source.fileHint')}</span>
      </div>
      {busy ? <p className="muted">{t('import.source.busy')}</p> : null}
      {sent ? (
        <div className="job" data-testid="upload-progress">
          <div className="job-line">
            <span className="job-status" role="status" aria-live="polite">
              {t('import.source.uploading', {
                name: sent.name,
                done: formatBytes(intl, sent.done),
                total: formatBytes(intl, sent.total),
              })}
            </span>
            <button type="button" className="btn btn-small" onClick={() => abort.current?.abort()}>
              {t('action.cancel')}
            </button>
          </div>
          <progress
            className="job-bar"
            max={sent.total}
            value={sent.done}
            aria-label={t('import.source.uploadLabel')}
          />
        </div>
      ) : null}
      {error ? (
        <p className="field-error" role="alert" data-testid="upload-error">
          {error}
        </p>
      ) : null}
    </section>
  );
}
