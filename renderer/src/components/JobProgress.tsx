import { useIntl } from 'react-intl';
import type { JobProgress as Job } from '../../../shared/contracts/events.js';
import { dismissJob, useCancelJob, useCurrentJob } from '../hooks/use-jobs.js';
import { useT, type MessageId } from '../i18n/index.js';
import { useErrorText } from './States.js';

const KIND_LABEL: Record<string, MessageId> = { rescore: 'job.kind.rescore', import: 'job.kind.import', backtest: 'job.kind.backtest', evidence: 'job.kind.evidence', suggest: 'job.kind.suggest' };

type Outcome = 'running' | 'done' | 'cancelled' | 'failed';
const outcomeOf = (job: Job): Outcome =>
  !job.finished ? 'running' : job.phase === 'done' ? 'done' : job.phase === 'cancelled' ? 'cancelled' : 'failed';

/**
 * The long job of the moment (a rescore): a progress bar with Cancel while it runs, then what came of
 * it (done, cancelled, failed) until dismissed. `compact` is the header's one-line form.
 */
export function JobProgress({ kind, compact = false }: { kind?: string; compact?: boolean }) {
  const job = useCurrentJob(kind);
  if (!job || (compact && job.finished)) return null;
  return <JobProgressView job={job} compact={compact} />;
}

function JobProgressView({ job, compact }: { job: Job; compact: boolean }) {
  const t = useT();
  const intl = useIntl();
  const errorText = useErrorText();
  const cancel = useCancelJob();
  const outcome = outcomeOf(job);
  const what = t(KIND_LABEL[job.kind] ?? 'job.kind.other', { kind: job.kind });
  const pct = job.total > 0 ? Math.min(1, job.done / job.total) : outcome === 'done' ? 1 : 0;
  const numbers = {
    done: intl.formatNumber(job.done),
    total: intl.formatNumber(job.total),
    percent: intl.formatNumber(pct, { style: 'percent' }),
  };

  const status =
    outcome === 'running'
      ? job.phase === 'starting' || job.total === 0
        ? t('job.starting', { what })
        : // An import counts bytes of the file, and evidence steps of its proposals' backtests, not leads: say how far it is.
          job.kind === 'import' || job.kind === 'evidence'
          ? t('job.runningPercent', { what, percent: numbers.percent })
          : // A suggestion reads leads, then fits (steps), then sets levels: say which.
            job.kind === 'suggest'
            ? t('job.suggestRunning', { what, phase: job.phase, ...numbers })
            : t('job.running', { what, ...numbers })
      : outcome === 'done'
        ? job.kind === 'rescore' &&
          typeof job.result?.mqls === 'number' &&
          typeof job.result.handoffsCreated === 'number'
          ? t('job.rescoreDone', {
              ...numbers,
              count: job.total,
              mqls: intl.formatNumber(job.result.mqls),
              handoffs: job.result.handoffsCreated,
              handoffsText: intl.formatNumber(job.result.handoffsCreated),
            })
          : job.kind === 'import' || job.kind === 'suggest' || job.kind === 'evidence'
            ? t('job.importDone', { what })
            : t('job.done', { what, ...numbers, count: job.total })
        : outcome === 'cancelled'
          ? t('job.cancelled', { what })
          : t('job.failed', { what, error: job.error ?? t('error.unknown') });

  return (
    <div
      className={`job${compact ? ' is-compact' : ''} is-${outcome}`}
      data-testid={compact ? 'job-progress-compact' : 'job-progress'}
      data-phase={job.phase}
      data-finished={job.finished}
    >
      <div className="job-line">
        <span className="job-status" role="status" aria-live="polite" data-testid="job-status">
          {status}
        </span>
        {outcome === 'running' ? (
          <button
            type="button"
            className="btn btn-small"
            onClick={() => cancel.mutate(job.jobId)}
            disabled={cancel.isPending}
            data-testid="job-cancel"
          >
            {t('job.cancel')}
          </button>
        ) : (
          <button
            type="button"
            className="btn btn-ghost btn-small"
            onClick={() => dismissJob(job.jobId)}
            data-testid="job-dismiss"
          >
            {t('job.dismiss')}
          </button>
        )}
      </div>
      {outcome === 'running' || outcome === 'done' ? (
        <progress
          className="job-bar"
          max={job.total || 1}
          // No value while the worker starts: an indeterminate bar, not a stuck one at 0 %.
          value={outcome === 'done' ? job.total || 1 : job.total > 0 ? job.done : undefined}
          aria-label={what}
          data-testid="job-bar"
        />
      ) : null}
      {cancel.isError ? (
        <span className="field-error" role="alert">
          {errorText(cancel.error)}
        </span>
      ) : null}
    </div>
  );
}
