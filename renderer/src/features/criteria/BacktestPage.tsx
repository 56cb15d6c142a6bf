import { useState } from 'react';
import { useIntl } from 'react-intl';
import type { BacktestResult } from '../../../../shared/contracts/backtest.js';
import { JobProgress } from '../../components/JobProgress.js';
import { EmptyState, ErrorState, LoadingState } from '../../components/States.js';
import { useBacktestResult, useLatestBacktest, useStartBacktest } from '../../hooks/use-backtest.js';
import { useVersion, useVersions } from '../../hooks/use-criteria.js';
import { useT } from '../../i18n/index.js';
import { BacktestForm } from './BacktestForm.js';
import { BacktestLists } from './BacktestLists.js';
import { ProbabilityTable } from './BacktestProbability.js';
import { BacktestSummary } from './BacktestSummary.js';
import { criteriaHref } from './routes.js';
import './Backtest.css';

/**
 * Backtest a version: score history as of each decision moment, side by side with the version it is
 * compared with (the active one by default), with the won deals it would miss and the rejections it
 * would avoid. Nothing is written; the last result stays for this session.
 */
export function BacktestPage({ id }: { id: string }) {
  const t = useT();
  const intl = useIntl();
  const version = useVersion(id);
  const versions = useVersions();
  const latest = useLatestBacktest(id);
  const start = useStartBacktest();
  const [jobId, setJobId] = useState<string | null>(null);
  const status = useBacktestResult(jobId);
  const running = start.isPending || status.data?.state === 'running' || (jobId !== null && status.isPending);
  const fresh: BacktestResult | null = status.data?.state === 'done' ? status.data.result : null;
  const result = fresh ?? (jobId === null ? (latest.data ?? null) : null);
  const v = version.data;

  return (
    <div className="criteria-view" data-testid="backtest-page" data-version-id={id}>
      <a className="back-link" href={criteriaHref({ page: 'version', id })}>
        {v ? t('backtest.back', { number: v.number }) : t('criteria.back')}
      </a>
      {version.isPending || versions.isPending ? <LoadingState /> : null}
      {version.isError ? <ErrorState error={version.error} onRetry={() => void version.refetch()} /> : null}
      {v && versions.data ? (
        <>
          <div className="view-header">
            <h1 className="view-title">{t('backtest.title', { number: v.number, name: v.name })}</h1>
            {result ? (
              <span className="view-meta muted" data-testid="backtest-computed">
                {t('backtest.computed', { date: intl.formatDate(result.computedAt, { dateStyle: 'medium', timeStyle: 'short' }) })}
              </span>
            ) : null}
          </div>
          <p className="view-intro muted">{t('backtest.intro')}</p>
          <BacktestForm
            versionId={id}
            versions={versions.data}
            busy={running}
            onRun={(params) => {
              setJobId(null);
              start.mutate(params, { onSuccess: (r) => setJobId(r.jobId) });
            }}
          />
          <JobProgress kind="backtest" />
          {start.isError ? <ErrorState error={start.error} /> : null}
          {status.data?.state === 'failed' ? <ErrorState error={new Error(status.data.error)} /> : null}
          {status.isError ? <ErrorState error={status.error} onRetry={() => void status.refetch()} /> : null}
          {running && !result ? <LoadingState label={t('backtest.running')} /> : null}
          {!running && !result && !start.isError && status.data?.state !== 'failed' ? (
            <EmptyState title={t('backtest.empty.title')} hint={t('backtest.empty.hint')} />
          ) : null}
          {result ? (
            <div className="criteria-grid backtest-grid" data-testid="backtest-result">
              <BacktestSummary result={result} />
              <BacktestLists result={result} />
              <section className="card card-wide" aria-labelledby="prob-title" data-testid="backtest-probability">
                <h2 id="prob-title" className="card-title">
                  {t('backtest.prob.title', { number: result.version.number })}
                </h2>
                <p className="muted card-hint">{t('backtest.prob.hint')}</p>
                <ProbabilityTable bands={result.candidate.probability} testId="backtest-probability-table" />
              </section>
            </div>
          ) : null}
        </>
      ) : null}
    </div>
  );
}
