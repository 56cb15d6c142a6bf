import { useId, useMemo, useState, type FormEvent } from 'react';
import { useIntl } from 'react-intl';
import type { CurrencySettings } from '../../../../shared/contracts/currency.js';
import { ErrorState, LoadingState, useErrorText } from '../../components/States.js';
import { useCurrencySettings, useRemoveRate, useSetRate, useSetReportingCurrency } from '../../hooks/use-currency.js';
import { useT } from '../../i18n/index.js';
import { parseRate } from '../../../../shared/domain/currency.js';

/** The ISO codes this browser knows, the workspace's own first (a code it does not know stays choosable). */
function currencyCodes(first: readonly string[]): string[] {
  const all = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('currency') : [];
  return [...new Set([...first, ...all])];
}

/** The team's reporting currency and exchange rates: what revenue and cost in the reports are summed in. */
export function CurrencyCard() {
  const t = useT();
  const settings = useCurrencySettings();
  return (
    <section className="card card-wide" aria-labelledby="settings-currency" data-testid="currency-card">
      <h2 id="settings-currency" className="card-title">
        {t('currency.title')}
      </h2>
      <p className="muted card-hint">{t('currency.hint')}</p>
      {settings.isPending ? <LoadingState /> : null}
      {settings.isError ? <ErrorState error={settings.error} onRetry={() => void settings.refetch()} /> : null}
      {settings.data ? <CurrencyForm s={settings.data} /> : null}
    </section>
  );
}

function CurrencyForm({ s }: { s: CurrencySettings }) {
  const t = useT();
  const intl = useIntl();
  const errorText = useErrorText();
  const id = useId();
  const setReporting = useSetReportingCurrency();
  const used = useMemo(() => s.used.map((u) => u.code), [s.used]);
  const codes = useMemo(() => currencyCodes(used), [used]);
  const names = useMemo(() => new Intl.DisplayNames([intl.locale], { type: 'currency' }), [intl.locale]);
  const label = (code: string) => `${code} · ${names.of(code) ?? code}`;
  const base = s.reportingCurrency;
  // A row per currency in use and per rate entered, the reporting currency itself left out.
  const rows = [...new Set([...used, ...s.rates.map((r) => r.code)])].filter((c) => c !== base).sort();
  const [extra, setExtra] = useState<string[]>([]);
  const shown = [...rows, ...extra.filter((c) => !rows.includes(c) && c !== base)];

  return (
    <div className="currency-form">
      <label className="field" htmlFor={id}>
        <span className="field-label">{t('currency.reportIn')}</span>
        <select
          id={id}
          className="select"
          value={base ?? ''}
          disabled={setReporting.isPending}
          onChange={(e) => setReporting.mutate(e.target.value === '' ? null : e.target.value)}
          data-testid="currency-reporting"
        >
          <option value="">{t('currency.asRecorded')}</option>
          {codes.map((c) => (
            <option key={c} value={c}>
              {label(c)}
            </option>
          ))}
        </select>
      </label>
      {setReporting.isError ? (
        <p className="field-error" role="alert">
          {errorText(setReporting.error)}
        </p>
      ) : null}
      {!base ? (
        <p className="muted" data-testid="currency-no-base">
          {used.length > 1 ? t('currency.mixedNow', { currencies: used.join(', ') }) : t('currency.noBase')}
        </p>
      ) : (
        <>
          <h3 className="currency-subtitle">{t('currency.rates.title')}</h3>
          <p className="muted card-hint">{t('currency.rates.hint', { base })}</p>
          {shown.length === 0 ? <p className="muted">{t('currency.rates.none', { base })}</p> : null}
          {shown.length > 0 ? (
            <table className="simple-table currency-rates" data-testid="currency-rates">
              <thead>
                <tr>
                  <th scope="col">{t('currency.col.currency')}</th>
                  <th scope="col">{t('currency.col.rate', { base })}</th>
                  <th scope="col">{t('currency.col.use')}</th>
                  <th scope="col">
                    <span className="visually-hidden">{t('currency.col.actions')}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {shown.map((code) => (
                  <RateRow key={`${base}-${code}`} code={code} base={base} s={s} label={label(code)} />
                ))}
              </tbody>
            </table>
          ) : null}
          <label className="field currency-add">
            <span className="field-label">{t('currency.add')}</span>
            <select
              className="select"
              value=""
              onChange={(e) => e.target.value && setExtra((x) => [...x, e.target.value])}
              data-testid="currency-add"
            >
              <option value="">{t('currency.addPlaceholder')}</option>
              {codes
                .filter((c) => c !== base && !shown.includes(c))
                .map((c) => (
                  <option key={c} value={c}>
                    {label(c)}
                  </option>
                ))}
            </select>
          </label>
        </>
      )}
    </div>
  );
}

function RateRow({ code, base, s, label }: { code: string; base: string; s: CurrencySettings; label: string }) {
  const t = useT();
  const intl = useIntl();
  const errorText = useErrorText();
  const saved = s.rates.find((r) => r.code === code);
  const use = s.used.find((u) => u.code === code);
  const [text, setText] = useState(saved ? String(saved.rate) : '');
  const [problem, setProblem] = useState<string | null>(null);
  const save = useSetRate();
  const remove = useRemoveRate();
  const inputId = useId();

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    const rate = parseRate(text);
    if (rate === null) {
      setProblem(t('currency.error.rate'));
      return;
    }
    setProblem(null);
    save.mutate({ code, rate });
  };

  return (
    <tr data-testid={`currency-row-${code}`}>
      <th scope="row">{label}</th>
      <td>
        <form className="rate-form" onSubmit={onSubmit} noValidate>
          <label htmlFor={inputId} className="rate-label">
            {t('currency.rateLabel', { code, base })}
          </label>
          <input
            id={inputId}
            className="input narrow num"
            inputMode="decimal"
            value={text}
            onChange={(e) => setText(e.target.value)}
            aria-invalid={problem ? true : undefined}
            data-testid={`currency-rate-${code}`}
          />
          <button type="submit" className="btn btn-small" disabled={save.isPending} data-testid={`currency-save-${code}`}>
            {t('currency.saveRate')}
          </button>
          {problem ? <span className="field-error">{problem}</span> : null}
          {save.isError ? <span className="field-error">{errorText(save.error)}</span> : null}
        </form>
      </td>
      <td>
        {use ? t('currency.use', { deals: use.wonDeals, costs: use.costLines }) : <span className="muted">–</span>}
        {saved ? (
          <div className="muted currency-updated">{t('currency.updated', { at: intl.formatDate(saved.updatedAt, { dateStyle: 'medium' }) })}</div>
        ) : use ? (
          <div className="field-warning" data-testid={`currency-missing-${code}`}>
            {t('currency.missing')}
          </div>
        ) : null}
      </td>
      <td>
        {saved ? (
          <button type="button" className="btn btn-small btn-ghost" disabled={remove.isPending} onClick={() => remove.mutate(code)} data-testid={`currency-remove-${code}`}>
            {t('currency.removeRate')}
          </button>
        ) : null}
      </td>
    </tr>
  );
}
