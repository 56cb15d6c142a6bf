import { useId, useState } from 'react';
import type { VersionSummary } from '../../../../shared/contracts/criteria.js';
import type { BacktestParams } from '../../hooks/use-backtest.js';
import { useT } from '../../i18n/index.js';
import { displayStatus, STATUS_LABEL } from './labels.js';

const DAY = 86_400_000;
const toMs = (date: string): number | undefined => (date ? Date.parse(`${date}T00:00:00Z`) : undefined);

/** What to backtest against and over which period; the dates are whole UTC days, the end included. */
export function BacktestForm({
  versionId,
  versions,
  busy,
  onRun,
}: {
  versionId: string;
  versions: readonly VersionSummary[];
  busy: boolean;
  onRun: (params: Omit<BacktestParams, 'decisionDays'> & { decisionDays: number }) => void;
}) {
  const t = useT();
  const ids = { compare: useId(), from: useId(), to: useId(), days: useId() };
  const active = versions.find((v) => v.status === 'active');
  const [compareTo, setCompareTo] = useState(active && active.id !== versionId ? active.id : '');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [days, setDays] = useState('30');
  const daysValue = Number(days);
  const daysOk = /^\d+$/.test(days) && daysValue <= 3650;
  const fromMs = toMs(from);
  const toMsEnd = to ? toMs(to)! + DAY : undefined;
  const periodOk = fromMs === undefined || toMsEnd === undefined || fromMs < toMsEnd;
  const others = [...versions].filter((v) => v.id !== versionId).sort((a, b) => b.number - a.number);

  return (
    <form
      className="card form-card backtest-form"
      data-testid="backtest-form"
      onSubmit={(e) => {
        e.preventDefault();
        if (!daysOk || !periodOk) return;
        onRun({
          versionId,
          ...(compareTo ? { compareToId: compareTo } : {}),
          ...(fromMs !== undefined ? { from: fromMs } : {}),
          ...(toMsEnd !== undefined ? { to: toMsEnd } : {}),
          decisionDays: daysValue,
        });
      }}
    >
      <div className="filters">
        <div className="filter">
          <label className="filter-label" htmlFor={ids.compare}>
            {t('backtest.form.compare')}
          </label>
          <select id={ids.compare} className="select select-version" value={compareTo} onChange={(e) => setCompareTo(e.target.value)} data-testid="backtest-compare">
            <option value="">{t('backtest.form.noCompare')}</option>
            {others.map((v) => (
              <option key={v.id} value={v.id}>
                {t('criteria.versionOption', { number: v.number, name: v.name, status: t(STATUS_LABEL[displayStatus(v)]) })}
              </option>
            ))}
          </select>
        </div>
        <div className="filter">
          <label className="filter-label" htmlFor={ids.from}>
            {t('backtest.form.from')}
          </label>
          <input id={ids.from} type="date" className="input input-date" value={from} onChange={(e) => setFrom(e.target.value)} data-testid="backtest-from" />
        </div>
        <div className="filter">
          <label className="filter-label" htmlFor={ids.to}>
            {t('backtest.form.to')}
          </label>
          <input id={ids.to} type="date" className="input input-date" value={to} onChange={(e) => setTo(e.target.value)} data-testid="backtest-to" />
        </div>
        <div className="filter">
          <label className="filter-label" htmlFor={ids.days}>
            {t('backtest.form.days')}
          </label>
          <input
            id={ids.days}
            className="input input-num"
            inputMode="numeric"
            value={days}
            onChange={(e) => setDays(e.target.value)}
            aria-invalid={!daysOk}
            data-testid="backtest-days"
          />
        </div>
        <button type="submit" className="btn btn-primary" disabled={busy || !daysOk || !periodOk} data-testid="backtest-run">
          {t('backtest.form.run')}
        </button>
      </div>
      <p className="muted card-hint">{t('backtest.form.hint')}</p>
      {!daysOk ? (
        <p className="field-error" role="alert">
          {t('backtest.form.badDays')}
        </p>
      ) : null}
      {!periodOk ? (
        <p className="field-error" role="alert">
          {t('backtest.form.badPeriod')}
        </p>
      ) : null}
    </form>
  );
}
