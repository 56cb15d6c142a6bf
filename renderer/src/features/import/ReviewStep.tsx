import { useIntl } from 'react-intl';
import type { ImportResult } from '../../../../shared/contracts/imports.js';
import { useT } from '../../i18n/index.js';
import { ImportCounts } from './ImportCounts.js';
import { ImportNotes } from './ImportNotes.js';
import { RejectedRows } from './RejectedRows.js';

interface Props {
  result: ImportResult;
  starting: boolean;
  startError: string | null;
  onImportValid: () => void;
  onImportNothing: () => void;
  onBack: () => void;
}

/** Some rows were rejected and nothing was written: the user sees them and decides. */
export function ReviewStep({ result, starting, startError, onImportValid, onImportNothing, onBack }: Props) {
  const t = useT();
  const intl = useIntl();
  const valid = result.counts.read - result.counts.rejected;
  return (
    <section className="card" aria-labelledby="import-review-title" data-testid="import-review">
      <h2 id="import-review-title" className="card-title">
        {t('import.review.title', { count: result.counts.rejected, rows: intl.formatNumber(result.counts.rejected) })}
      </h2>
      <p className="muted card-hint">
        {t('import.review.hint', {
          read: intl.formatNumber(result.counts.read),
          count: result.counts.read,
          inserted: intl.formatNumber(result.counts.inserted),
          updated: intl.formatNumber(result.counts.updated),
        })}
      </p>
      <ImportCounts counts={result.counts} testId="review-counts" written={false} />
      <ImportNotes result={result} done={false} />
      <RejectedRows result={result} />
      <div className="action-bar import-actions">
        <button type="button" className="btn" onClick={onBack} data-testid="import-back">
          {t('import.review.back')}
        </button>
        <span className="action-spacer" />
        <button type="button" className="btn" onClick={onImportNothing} data-testid="import-nothing">
          {t('import.review.nothing')}
        </button>
        <button
          type="button"
          className="btn btn-primary"
          onClick={onImportValid}
          disabled={starting || valid === 0}
          data-testid="import-valid"
        >
          {t('import.review.valid', { count: valid, rows: intl.formatNumber(valid) })}
        </button>
      </div>
      {startError ? (
        <p className="field-error" role="alert">
          {startError}
        </p>
      ) : null}
    </section>
  );
}
