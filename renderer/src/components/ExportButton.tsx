import { useMutation } from '@tanstack/react-query';
import { useIntl } from 'react-intl';
import type { ExportResult } from '../../../shared/contracts/exports.js';
import { useT } from '../i18n/index.js';
import { useErrorText } from './States.js';
import './ExportButton.css';

/** Hand text to the browser as a file download (the harness and Electron both save it where the user says). */
export function downloadText(fileName: string, content: string, type = 'text/csv;charset=utf-8'): void {
  const url = URL.createObjectURL(new Blob([content], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.rel = 'noopener';
  document.body.appendChild(a);
  a.click();
  a.remove();
  // Revoke after the click has been handled, or some browsers cancel the download.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

interface Props {
  /** Runs the export with the view's current filters and sort (a table's `*:exportCsv` call). */
  run: () => Promise<ExportResult>;
  label?: string;
  disabled?: boolean;
  testId?: string;
}

/**
 * "Export CSV" for any table view: the main process writes the file beside the workspace; small
 * files come back as text and download at once, a large one stays where it was written and the
 * button says where.
 */
export function ExportButton({ run, label, disabled = false, testId = 'export-csv' }: Props) {
  const t = useT();
  const intl = useIntl();
  const errorText = useErrorText();
  const exporter = useMutation({
    mutationFn: run,
    onSuccess: (r) => {
      if (r.content !== null) downloadText(r.fileName, r.content);
    },
  });
  const r = exporter.data;
  return (
    <span className="export-button">
      <button
        type="button"
        className="btn"
        onClick={() => exporter.mutate()}
        disabled={disabled || exporter.isPending}
        aria-busy={exporter.isPending}
        data-testid={testId}
      >
        {exporter.isPending ? t('export.busy') : (label ?? t('export.button'))}
      </button>
      <span className="export-status" role="status" aria-live="polite" data-testid={`${testId}-status`}>
        {exporter.isError ? (
          <span className="field-error">{errorText(exporter.error)}</span>
        ) : r && exporter.isSuccess ? (
          r.content !== null ? (
            <span className="muted">
              {t('export.done', { count: r.rows, rows: intl.formatNumber(r.rows), file: r.fileName })}
            </span>
          ) : (
            <span className="muted" title={r.path}>
              {t('export.savedTo', { count: r.rows, rows: intl.formatNumber(r.rows), path: r.path })}
            </span>
          )
        ) : null}
      </span>
    </span>
  );
}
