import { Fragment } from 'react';
import { useIntl } from 'react-intl';
import type { ImportPreview } from '../../../../shared/contracts/imports.js';
import { useT } from '../../i18n/index.js';
import { useImportWhy } from './reasons.js';

/**
 * The first rows as the file has them, each marked with what the mapping makes of it (ready, or why
 * not). A cell error is structured (file, row, line, column, value, reason): the frame is the
 * catalogue's, and so is its reason when main sent a code with it (reasons.ts); else the reason is
 * main's English sentence, shown as sent. The column name is the file's, isolated like its values.
 */
export function PreviewTable({ preview, stale }: { preview: ImportPreview; stale: boolean }) {
  const t = useT();
  const intl = useIntl();
  const why = useImportWhy(preview.mapping.kind);
  const bad = preview.rows.filter((r) => r.errors.length > 0).length;
  // No row read and none rejected: the mapping has problems, so no row could be checked yet.
  const unchecked = preview.rows.length > 0 && preview.rows.every((r) => r.values === null && r.errors.length === 0);
  return (
    <section className="card" aria-labelledby="import-preview-title" data-testid="import-preview">
      <h2 id="import-preview-title" className="card-title">
        {t('import.preview.title', { count: preview.rows.length })}
      </h2>
      <p className="muted card-hint" data-testid="preview-summary">
        {unchecked
          ? t('import.preview.unchecked')
          : bad > 0
            ? t('import.preview.someBad', { bad, count: preview.rows.length })
            : t('import.preview.allGood')}
      </p>
      <div className={`table-scroll preview-scroll${stale ? ' is-stale' : ''}`} aria-busy={stale}>
        <table className="simple-table preview-table">
          <thead>
            <tr>
              <th scope="col">{t('import.preview.line')}</th>
              <th scope="col">{t('import.preview.status')}</th>
              {preview.columns.map((c) => (
                <th key={c.name} scope="col">
                  {c.name}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {preview.rows.map((r) => (
              <tr
                key={r.row}
                data-testid="preview-row"
                data-row={r.row}
                className={r.errors.length > 0 ? 'is-bad' : undefined}
              >
                <td className="num muted">{r.line}</td>
                <td className="preview-status">
                  {r.errors.length > 0 ? (
                    <span className="field-error" data-testid="preview-row-error">
                      {r.errors.map((e, i) => (
                        <Fragment key={i}>
                          {i > 0 ? '; ' : null}
                          {intl.formatMessage(
                            { id: 'import.preview.cellError' },
                            { column: <bdi>{e.column}</bdi>, reason: why('cell', e, e.reason) },
                          )}
                        </Fragment>
                      ))}
                    </span>
                  ) : r.values ? (
                    <span className="ok-text">{t('import.preview.ready')}</span>
                  ) : (
                    <span className="muted">—</span>
                  )}
                </td>
                {preview.columns.map((c, i) => (
                  <td key={c.name} className="preview-cell" title={r.fields[i]}>
                    {r.fields[i] ?? ''}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
