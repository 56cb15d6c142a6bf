import { useEffect, useRef } from 'react';
import { useIntl } from 'react-intl';
import type { JobProgress } from '../../../../shared/contracts/events.js';
import { useErrorText } from '../../components/States.js';
import { useCancelJob, useJobs } from '../../hooks/use-jobs.js';
import { useT } from '../../i18n/index.js';
import { formatBytes } from './format.js';

interface Props {
  jobId: string;
  fileName: string;
  /** What this run is: the first one checks every row and writes only if all pass; the second skips rejected ones. */
  mode: 'abort' | 'skip';
  onFinished: (job: JobProgress) => void;
}

/** An import job while it runs: the bytes read so far, the phase, and Cancel (which leaves the workspace as it was). */
export function ImportProgress({ jobId, fileName, mode, onFinished }: Props) {
  const t = useT();
  const intl = useIntl();
  const errorText = useErrorText();
  const jobs = useJobs();
  const cancel = useCancelJob();
  const job = jobs.data?.find((j) => j.jobId === jobId);
  const finished = job?.finished === true;
  const reported = useRef(false);
  useEffect(() => {
    // Report once, when the job finishes (progress events keep arriving until then).
    if (!job || !finished || reported.current) return;
    reported.current = true;
    onFinished(job);
  }, [job, finished, onFinished]);

  const pct = job && job.total > 0 ? Math.min(1, job.done / job.total) : 0;
  const phase = job?.phase ?? 'starting';
  const status =
    !job || phase === 'starting' || job.total === 0
      ? t('import.run.starting', { name: fileName })
      : t(`import.run.phase.${phase === 'indexing' || phase === 'committing' ? phase : 'importing'}`, {
          name: fileName,
          done: formatBytes(intl, job.done),
          total: formatBytes(intl, job.total),
          percent: intl.formatNumber(pct, { style: 'percent' }),
        });

  return (
    <section className="card" aria-labelledby="import-run-title" data-testid="import-progress">
      <h2 id="import-run-title" className="card-title">
        {mode === 'abort' ? t('import.run.titleCheck') : t('import.run.titleSkip')}
      </h2>
      <p className="muted card-hint">{mode === 'abort' ? t('import.run.hintCheck') : t('import.run.hintSkip')}</p>
      <div className="job is-running" data-phase={phase}>
        <div className="job-line">
          <span className="job-status" role="status" aria-live="polite" data-testid="import-progress-status">
            {status}
          </span>
          <button
            type="button"
            className="btn btn-small"
            onClick={() => cancel.mutate(jobId)}
            disabled={cancel.isPending || finished || cancel.isSuccess}
            data-testid="import-cancel"
          >
            {cancel.isSuccess ? t('import.run.cancelling') : t('action.cancel')}
          </button>
        </div>
        <progress
          className="job-bar"
          max={1}
          value={job && job.total > 0 ? pct : undefined}
          aria-label={t('import.run.barLabel')}
        />
        {cancel.isError ? (
          <span className="field-error" role="alert">
            {errorText(cancel.error)}
          </span>
        ) : null}
      </div>
    </section>
  );
}
