import { useId, useState } from 'react';
import type { SuggestParams } from '../../../../shared/contracts/suggest.js';
import { useT } from '../../i18n/index.js';

export type SuggestInput = Partial<SuggestParams> & { outcome: SuggestParams['outcome'] };

/**
 * What to learn from (won/lost or SAL decisions), the holdout and the MQL volume the draft should
 * give. The page holds the outcome, as its text before a run says what will be learnt from.
 */
export function SuggestForm({
  busy,
  outcome,
  onOutcome,
  onRun,
}: {
  busy: boolean;
  outcome: SuggestParams['outcome'];
  onOutcome: (o: SuggestParams['outcome']) => void;
  onRun: (p: SuggestInput) => void;
}) {
  const t = useT();
  const ids = { outcome: useId(), holdout: useId(), rate: useId(), exclude: useId() };
  const [holdout, setHoldout] = useState('');
  const [rate, setRate] = useState('20');
  const [exclude, setExclude] = useState('');
  const rateValue = Number(rate);
  const rateOk = /^\d+(\.\d+)?$/.test(rate) && rateValue > 0 && rateValue < 100;
  return (
    <form
      className="card form-card"
      data-testid="suggest-form"
      onSubmit={(e) => {
        e.preventDefault();
        if (!rateOk) return;
        onRun({
          outcome,
          mqlRate: rateValue / 100,
          ...(holdout ? { holdoutFrom: Date.parse(`${holdout}T00:00:00Z`) } : {}),
          exclude: exclude.split(',').map((s) => s.trim()).filter(Boolean),
        });
      }}
    >
      <div className="filters backtest-form">
        <div className="filter">
          <label className="filter-label" htmlFor={ids.outcome}>
            {t('suggest.form.outcome')}
          </label>
          <select id={ids.outcome} className="select" value={outcome} onChange={(e) => onOutcome(e.target.value as SuggestParams['outcome'])} data-testid="suggest-outcome">
            <option value="won">{t('suggest.form.outcome.won')}</option>
            <option value="accepted">{t('suggest.form.outcome.accepted')}</option>
          </select>
        </div>
        <div className="filter">
          <label className="filter-label" htmlFor={ids.holdout}>
            {t('suggest.form.holdout')}
          </label>
          <input id={ids.holdout} type="date" className="input input-date" value={holdout} onChange={(e) => setHoldout(e.target.value)} data-testid="suggest-holdout" />
        </div>
        <div className="filter">
          <label className="filter-label" htmlFor={ids.rate}>
            {t('suggest.form.rate')}
          </label>
          <input id={ids.rate} className="input input-num" inputMode="decimal" value={rate} onChange={(e) => setRate(e.target.value)} aria-invalid={!rateOk} data-testid="suggest-rate" />
        </div>
        <div className="filter">
          <label className="filter-label" htmlFor={ids.exclude}>
            {t('suggest.form.exclude')}
          </label>
          <input id={ids.exclude} className="input" value={exclude} placeholder="attributes.converted" onChange={(e) => setExclude(e.target.value)} data-testid="suggest-exclude" />
        </div>
        <button type="submit" className="btn btn-primary" disabled={busy || !rateOk} data-testid="suggest-run">
          {t('suggest.form.run')}
        </button>
      </div>
      <p className="muted card-hint">{t('suggest.form.hint')}</p>
      {!rateOk ? (
        <p className="field-error" role="alert">
          {t('suggest.form.badRate')}
        </p>
      ) : null}
    </form>
  );
}
