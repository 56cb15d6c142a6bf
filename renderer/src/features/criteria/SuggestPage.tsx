import { useId, useMemo, useState } from 'react';
import { useIntl } from 'react-intl';
import type { SuggestParams, Suggestion } from '../../../../shared/contracts/suggest.js';
import type { Rule } from '../../../../shared/domain/criteria.js';
import { strongestFirst, suggestionStrength } from '../../../../shared/domain/suggest-quality.js';
import { Chart, useChartTheme, type ChartOption } from '../../components/Chart.js';
import { JobProgress } from '../../components/JobProgress.js';
import { ErrorState, LoadingState } from '../../components/States.js';
import { useCreateDraftFromSuggestion, useStartSuggest, useSuggestResult } from '../../hooks/use-suggest.js';
import { useT } from '../../i18n/index.js';
import { criteriaHref, goTo } from './routes.js';
import { useRuleWords } from './rule-words.js';
import { SuggestForm, type SuggestInput } from './SuggestForm.js';
import './Backtest.css';

/**
 * Suggested points learnt from history, judged on a later holdout, and a draft made from them. The
 * learning runs as a job (progress bar, Cancel) so a large history does not hold up the app.
 */
export function SuggestPage() {
  const t = useT();
  const start = useStartSuggest();
  const [params, setParams] = useState<SuggestInput | null>(null);
  const [outcome, setOutcome] = useState<SuggestParams['outcome']>('won');
  const [jobId, setJobId] = useState<string | null>(null);
  const status = useSuggestResult(jobId);
  const state = status.data?.state;
  const running = start.isPending || state === 'running' || (jobId !== null && status.isPending);
  const result = status.data?.state === 'done' ? status.data.result : null;
  return (
    <div className="criteria-view" data-testid="suggest-page">
      <a className="back-link" href={criteriaHref({ page: 'list' })}>
        {t('criteria.back')}
      </a>
      <div className="view-header">
        <h1 className="view-title">{t('suggest.title')}</h1>
      </div>
      <p className="view-intro muted">{t('suggest.intro')}</p>
      <SuggestForm
        busy={running}
        outcome={outcome}
        onOutcome={setOutcome}
        onRun={(p) => {
          setParams(p);
          setJobId(null);
          start.mutate(p, { onSuccess: (r) => setJobId(r.jobId) });
        }}
      />
      <JobProgress kind="suggest" />
      {start.isError ? <ErrorState error={start.error} /> : null}
      {status.isError ? <ErrorState error={status.error} onRetry={() => void status.refetch()} /> : null}
      {status.data?.state === 'failed' ? <ErrorState error={new Error(status.data.error)} /> : null}
      {status.data?.state === 'cancelled' ? (
        <p className="muted" role="status" data-testid="suggest-cancelled">
          {t('suggest.cancelled')}
        </p>
      ) : null}
      {running ? <LoadingState label={t('suggest.running')} /> : null}
      {jobId === null && !start.isPending && !start.isError ? (
        // Not an empty state: nothing has run yet, so say what a run learns from rather than what it lacks.
        <div className="state" data-testid="suggest-idle">
          <p className="state-title">{t('suggest.idle.title')}</p>
          <p className="muted">{t('suggest.idle.hint', { outcome })}</p>
        </div>
      ) : null}
      {result && params && jobId ? <SuggestionView s={result} params={params} jobId={jobId} /> : null}
    </div>
  );
}

function SuggestionView({ s, params, jobId }: { s: Suggestion; params: SuggestInput; jobId: string }) {
  const t = useT();
  const intl = useIntl();
  const words = useRuleWords();
  const pct = (x: number | null) => (x === null ? '—' : intl.formatNumber(x, { style: 'percent', maximumFractionDigits: 1 }));
  const dec = (x: number | null) => (x === null ? '—' : intl.formatNumber(x, { minimumFractionDigits: 3, maximumFractionDigits: 3 }));
  const date = (ms: number) => intl.formatDate(ms, { dateStyle: 'medium', timeZone: 'UTC' });
  return (
    <div className="criteria-grid" data-testid="suggestion">
      <section className="card card-wide" aria-labelledby="suggest-quality">
        <h2 id="suggest-quality" className="card-title">
          {t('suggest.quality.title')}
        </h2>
        <div className="suggest-metrics">
          <div>
            <span className="muted">{t('suggest.quality.auc')}</span>
            <span className="metric-value num" data-testid="suggest-auc">
              {dec(s.holdout.auc)}
            </span>
          </div>
          <div>
            <span className="muted">{t('suggest.quality.pointsAuc')}</span>
            <span className="metric-value num" data-testid="suggest-points-auc">
              {dec(s.holdout.pointsAuc)}
            </span>
          </div>
          <div>
            <span className="muted">{t('suggest.quality.brier')}</span>
            <span className="metric-value num">{dec(s.holdout.brier)}</span>
          </div>
        </div>
        {s.train.from === s.holdout.to ? <p className="muted">{t('suggest.method.sameTime')}</p> : null}
        <p className="muted" data-testid="suggest-method">
          {t(s.method === 'logistic_l2' ? 'suggest.method.logistic' : 'suggest.method.nb', {
            lambda: s.lambda ?? 0,
            train: intl.formatNumber(s.train.n),
            trainFrom: date(s.train.from),
            trainTo: date(s.train.to),
            holdout: intl.formatNumber(s.holdout.n),
            holdoutFrom: date(s.holdout.from),
            holdoutTo: date(s.holdout.to),
            wins: pct(s.holdout.n ? s.holdout.wins / s.holdout.n : null),
          })}
        </p>
        <CalibrationChart s={s} />
      </section>
      <CreateDraft s={s} params={params} jobId={jobId} />
      <section className="card card-wide" aria-labelledby="suggest-rules">
        <h2 id="suggest-rules" className="card-title">
          {t('suggest.rules.title', { count: s.rules.length })}
        </h2>
        <p className="muted card-hint">{t('suggest.rules.hint', { per: s.pointsPerLogit })}</p>
        <table className="simple-table" data-testid="suggest-rules">
          <thead>
            <tr>
              <th scope="col">{t('suggest.col.rule')}</th>
              <th scope="col" className="align-end">
                {t('suggest.col.points')}
              </th>
              <th scope="col" className="align-end">
                {t('suggest.col.n')}
              </th>
              <th scope="col" className="align-end">
                {t('suggest.col.winRate')}
              </th>
              <th scope="col" className="align-end">
                {t('suggest.col.interval')}
              </th>
            </tr>
          </thead>
          <tbody>
            {strongestFirst(s.rules).map((r) => (
              <tr key={`${r.field}:${r.label}`} data-testid="suggest-rule" data-points={r.points}>
                {/* In the criteria's own words ("Custom attribute plan_interest is pro"), the raw candidate as a tooltip. */}
                <td title={r.label}>{words.condition({ field: r.field, operator: r.operator as Rule['operator'], value: r.value as Rule['value'] })}</td>
                <td className={`align-end num strong suggest-points${r.points < 0 ? ' is-negative' : ''}`}>
                  {intl.formatNumber(r.points, { signDisplay: 'exceptZero' })}
                </td>
                <td className="align-end num">{intl.formatNumber(r.n)}</td>
                <td className="align-end num">{pct(r.winRate)}</td>
                <td className="align-end num muted">{r.interval ? `${pct(r.interval.low)}–${pct(r.interval.high)}` : '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {s.skipped.length > 0 ? (
          <p className="muted" data-testid="suggest-skipped">
            {t('suggest.skipped', { fields: intl.formatList(s.skipped.map((x) => t(`suggest.why.${x.why}`, { field: x.field }))) })}
          </p>
        ) : null}
      </section>
    </div>
  );
}

function CalibrationChart({ s }: { s: Suggestion }) {
  const t = useT();
  const intl = useIntl();
  const theme = useChartTheme();
  const bins = s.holdout.calibration;
  const pct = (x: number) => intl.formatNumber(x, { style: 'percent', maximumFractionDigits: 0 });
  const option = useMemo<ChartOption>(
    () => ({
      grid: { left: 48, right: 16, top: 36, bottom: 40 },
      legend: { top: 0, textStyle: { color: theme.text } },
      tooltip: { trigger: 'axis' },
      xAxis: { type: 'value', min: 0, max: 1, name: t('suggest.calibration.predicted'), nameLocation: 'middle', nameGap: 26, axisLabel: { color: theme.muted, formatter: (v: number) => pct(v) } },
      yAxis: { type: 'value', min: 0, max: 1, axisLabel: { color: theme.muted, formatter: (v: number) => pct(v) }, splitLine: { lineStyle: { color: theme.border } } },
      series: [
        { type: 'line', name: t('suggest.calibration.observed'), data: bins.map((b) => [b.meanPredicted, b.observed]), symbolSize: 8 },
        {
          type: 'line',
          name: t('suggest.calibration.perfect'),
          data: [[0, 0], [1, 1]],
          symbol: 'none',
          itemStyle: { color: theme.muted },
          lineStyle: { type: 'dashed', color: theme.muted },
        },
      ],
    }),
    // eslint-disable-next-line react-hooks/exhaustive-deps -- formatters follow the bins
    [bins, theme],
  );
  return (
    <Chart
      label={t('suggest.calibration.label')}
      summary={t('suggest.calibration.summary', { bins: bins.length, brier: intl.formatNumber(s.holdout.brier, { maximumFractionDigits: 3 }) })}
      option={option}
      height={240}
      testId="suggest-calibration"
    />
  );
}

function CreateDraft({ s, params, jobId }: { s: Suggestion; params: SuggestInput; jobId: string }) {
  const t = useT();
  const intl = useIntl();
  const nameId = useId();
  const cautionId = useId();
  const create = useCreateDraftFromSuggestion();
  const [name, setName] = useState(t('suggest.draft.defaultName'));
  const [understood, setUnderstood] = useState(false);
  const { strength, auc, basis } = suggestionStrength(s.holdout);
  // A fit no better than chance (or unmeasured) takes a ticked box; a weak one a warning. Either way
  // the button is no longer the page's primary action.
  const confirm = strength === 'chance' || strength === 'unmeasured';
  const blocked = confirm && !understood;
  return (
    <section className="card" aria-labelledby="suggest-draft-title" data-testid="suggest-create">
      <h2 id="suggest-draft-title" className="card-title">
        {t('suggest.draft.title')}
      </h2>
      <p className="muted card-hint">
        {t('suggest.draft.hint', {
          levels: intl.formatList(s.levels.map((l) => t('suggest.draft.level', { name: l.name, threshold: l.threshold }))),
          rate: intl.formatNumber(s.mqlRate, { style: 'percent' }),
        })}
      </p>
      {strength !== 'usable' ? (
        <div id={cautionId} className={`suggest-caution is-${strength}`} data-testid="suggest-caution" data-strength={strength}>
          <p className="suggest-caution-title">
            {t(`suggest.caution.${strength}`, { basis, auc: auc === null ? '—' : intl.formatNumber(auc, { minimumFractionDigits: 3, maximumFractionDigits: 3 }) })}
          </p>
          {strength !== 'unmeasured' ? <p>{t(`suggest.caution.${strength}.why`)}</p> : null}
          <p>{t('suggest.caution.advice', { outcome: s.outcome })}</p>
        </div>
      ) : null}
      <form
        className="suggest-draft"
        onSubmit={(e) => {
          e.preventDefault();
          if (blocked) return;
          create.mutate({ params, jobId, name: name.trim() || t('suggest.draft.defaultName') }, { onSuccess: (r) => goTo({ page: 'version', id: r.version.id }) });
        }}
      >
        {confirm ? (
          <label className="check suggest-understood">
            <input type="checkbox" checked={understood} onChange={(e) => setUnderstood(e.target.checked)} data-testid="suggest-understood" />
            <span>{t('suggest.caution.confirm')}</span>
          </label>
        ) : null}
        <div className="field">
          <label className="field-label" htmlFor={nameId}>
            {t('suggest.draft.name')}
          </label>
          <input id={nameId} className="input" value={name} maxLength={120} onChange={(e) => setName(e.target.value)} data-testid="suggest-draft-name" />
        </div>
        <button
          type="submit"
          className={`btn${strength === 'usable' ? ' btn-primary' : ''}`}
          disabled={create.isPending || blocked}
          aria-describedby={strength !== 'usable' ? cautionId : undefined}
          data-testid="suggest-create-draft"
        >
          {t('suggest.draft.create')}
        </button>
      </form>
      {create.isError ? <ErrorState error={create.error} /> : null}
    </section>
  );
}
