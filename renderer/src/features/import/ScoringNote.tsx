import type { ScoringAfter } from '../../../../shared/contracts/imports.js';
import { JobProgress } from '../../components/JobProgress.js';
import { useT } from '../../i18n/index.js';
import { criteriaHref } from '../criteria/routes.js';

/**
 * What became of the scores after an import or an undo: the touched leads scored (and how many new
 * MQLs went to sales), a full rescore running, or why nothing was scored.
 */
export function ScoringNote({ scoring }: { scoring: ScoringAfter | undefined }) {
  const t = useT();
  if (!scoring || (scoring.kind === 'none' && scoring.reason === 'nothing-to-score')) return null;
  const text =
    scoring.kind === 'none'
      ? t('import.scoring.noVersion')
      : scoring.kind === 'scored'
        ? t('import.scoring.scored', { scored: scoring.scored, version: scoring.versionNumber, handoffs: scoring.handoffsCreated })
        : scoring.jobId
          ? t('import.scoring.rescoring', { version: scoring.versionNumber })
          : t('import.scoring.busy', { version: scoring.versionNumber });
  return (
    <div className="import-scoring" data-testid="import-scoring" data-kind={scoring.kind}>
      <p role="status">{text}</p>
      {scoring.kind === 'rescore' && scoring.jobId ? <JobProgress kind="rescore" /> : null}
      {scoring.kind === 'none' || (scoring.kind === 'rescore' && !scoring.jobId) ? (
        <a href={criteriaHref({ page: 'list' })}>{t('import.scoring.openCriteria')}</a>
      ) : null}
    </div>
  );
}
