import { useIntl } from 'react-intl';
import type { ImportResult } from '../../../../shared/contracts/imports.js';
import { downloadText } from '../../components/ExportButton.js';
import { useErrorText } from '../../components/States.js';
import { useErrorsCsv } from '../../hooks/use-imports.js';
import { useT } from '../../i18n/index.js';
import { useImportWhy } from './reasons.js';

/** The rows the import refused: file, row, line, column, value and reason; all of them as a CSV file. */
export function RejectedRows({ result }: { result: ImportResult }) {
  const t = useT();
  const intl = useIntl();
  const errorText = useErrorText();
  const why = useImportWhy(result.kind);
  const csv = useErrorsCsv();
  if (result.errorCount === 0) return null;
  return (
    <div className="rejected" data-testid="rejected-rows">
      <div className="card-head">
        <h3 className="section-title">
          {t('import.rejected.title', {
            count: result.counts.rejected,
            rows: intl.formatNumber(result.counts.rejected),
          })}
        </h3>
        {result.hasErrorFile ? (
          <button
            type="button"
            className="btn btn-small"
            disabled={csv.isPending}
            onClick={() => csv.mutate(result.runId, { onSuccess: (r) => downloadText(r.fileName, r.content) })}
            data-testid="rejected-download"
          >
            {t('import.rejected.download')}
          </button>
        ) : null}
      </div>
      {csv.isError ? <p className="field-error">{errorText(csv.error)}</p> : null}
      {csv.data?.truncated ? <p className="muted">{t('import.rejected.truncated', { rows: csv.data.rows })}</p> : null}
      <div className="table-scroll rejected-scroll">
        <table className="simple-table rejected-table">
          <thead>
            <tr>
              <th scope="col">{t('import.rejected.file')}</th>
              <th scope="col" className="align-end">
                {t('import.rejected.row')}
              </th>
              <th scope="col" className="align-end">
                {t('import.rejected.line')}
              </th>
              <th scope="col">{t('import.rejected.column')}</th>
              <th scope="col">{t('import.rejected.value')}</th>
              <th scope="col">{t('import.rejected.reason')}</th>
            </tr>
          </thead>
          <tbody>
            {result.errors.map((e, i) => (
              <tr key={`${e.row}-${e.column}-${i}`} data-testid="rejected-row" data-row={e.row}>
                <td>{e.file}</td>
                <td className="align-end num">{e.row}</td>
                <td className="align-end num">{e.line}</td>
                <td>{e.column}</td>
                <td className="rejected-value">
                  <code>{e.value}</code>
                </td>
                <td>{why('cell', e, e.reason)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {result.errorCount > result.errors.length ? (
        <p className="muted">
          {t('import.rejected.more', {
            shown: intl.formatNumber(result.errors.length),
            total: intl.formatNumber(result.errorCount),
          })}
        </p>
      ) : null}
    </div>
  );
}
