import { useIntl } from 'react-intl';
import type { ImportResult } from '../../../../shared/contracts/imports.js';
import { useT } from '../../i18n/index.js';
import { noteWarnings } from '../../../../shared/domain/import/notes.js';
import { ImportCounts } from './ImportCounts.js';
import { ImportNotes } from './ImportNotes.js';
import { RejectedRows } from './RejectedRows.js';
import { ScoringNote } from './ScoringNote.js';
import { importHref } from './routes.js';

const VIEW_OF: Partial<Record<ImportResult['kind'], string>> = { leads: '#/leads' };
const SEE_LABEL: Partial<Record<ImportResult['kind'], string>> = { leads: 'import.result.seeLeads' };

/** Where the import ended: committed (with its counts, warnings and rejected rows) or nothing imported. */
export function ResultStep({ result, onAgain }: { result: ImportResult | null; onAgain: () => void }) {
  const t = useT();
  const intl = useIntl();
  const imported = result?.status === 'imported';
  // The notes are said in the UI language below; the other warnings are main's English.
  const said = new Set(result?.notes ? noteWarnings(result.notes) : []);
  const warnings = result?.warnings.filter((w) => !said.has(w)) ?? [];
  return (
    <section
      className="card"
      aria-labelledby="import-result-title"
      data-testid="import-result"
      data-status={result?.status ?? 'nothing'}
    >
      <h2 id="import-result-title" className="card-title">
        {imported ? t('import.result.title', { name: result.fileName }) : t('import.result.nothing')}
      </h2>
      {result && imported ? (
        <>
          <p className="muted card-hint">
            {t('import.result.hint', {
              seconds: intl.formatNumber(result.durationMs / 1000, { maximumFractionDigits: 1 }),
            })}
          </p>
          <ImportCounts counts={result.counts} />
          <ScoringNote scoring={result.scoring} />
          <ImportNotes result={result} done />
          {warnings.length > 0 ? (
            <ul className="warnings" data-testid="import-warnings">
              {warnings.map((w) => (
                <li key={w}>{w}</li>
              ))}
            </ul>
          ) : null}
          <RejectedRows result={result} />
        </>
      ) : (
        <p className="muted card-hint">{t('import.result.nothingHint')}</p>
      )}
      {result && !imported ? <RejectedRows result={result} /> : null}
      <div className="form-actions">
        {imported && VIEW_OF[result.kind] ? (
          <a className="btn" href={VIEW_OF[result.kind]} data-testid="import-see">
            {t(SEE_LABEL[result.kind] ?? 'import.result.seeLeads')}
          </a>
        ) : null}
        <a className="btn" href={importHref('history')} data-testid="import-see-history">
          {t('import.result.history')}
        </a>
        <button type="button" className="btn btn-primary" onClick={onAgain} data-testid="import-again">
          {t('import.result.again')}
        </button>
      </div>
    </section>
  );
}
