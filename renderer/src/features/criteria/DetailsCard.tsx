import { useId, useState } from 'react';
import { useIntl } from 'react-intl';
import { criteria, type VersionDetail } from '../../../../shared/contracts/criteria.js';
import { useErrorText } from '../../components/States.js';
import { useUpdateDraft } from '../../hooks/use-criteria.js';
import { useT } from '../../i18n/index.js';

/** Name, rationale and SLA: a form on a draft, plain text on any other version. */
export function DetailsCard({ version, editable }: { version: VersionDetail; editable: boolean }) {
  const t = useT();
  const intl = useIntl();
  return (
    <section className="card" aria-labelledby="details-title" data-testid="version-details">
      <h2 id="details-title" className="card-title">
        {t('criteria.details.title')}
      </h2>
      {editable ? (
        <DetailsForm key={version.id} version={version} />
      ) : (
        <dl className="kv-grid">
          <div className="kv">
            <dt>{t('criteria.details.name')}</dt>
            <dd>{version.name}</dd>
          </div>
          <div className="kv">
            <dt>{t('criteria.details.sla')}</dt>
            <dd data-testid="version-sla">
              {t(version.slaBusinessHours ? 'criteria.details.slaBusiness' : 'criteria.details.slaValue', {
                hours: intl.formatNumber(version.slaHours),
                count: version.slaHours,
              })}
            </dd>
          </div>
          <div className="kv">
            <dt>{t('criteria.details.rationale')}</dt>
            <dd className="rationale" data-testid="version-rationale">
              {version.rationale.trim() ? (
                version.rationale
              ) : (
                <span className="muted">{t('criteria.details.noRationale')}</span>
              )}
            </dd>
          </div>
        </dl>
      )}
    </section>
  );
}

interface Values {
  name: string;
  rationale: string;
  slaHours: string;
  slaBusinessHours: boolean;
}
type Errors = Partial<Record<keyof Values, string>>;

const fromVersion = (v: VersionDetail): Values => ({
  name: v.name,
  rationale: v.rationale,
  slaHours: String(v.slaHours),
  slaBusinessHours: v.slaBusinessHours,
});

function DetailsForm({ version }: { version: VersionDetail }) {
  const t = useT();
  const errorText = useErrorText();
  const update = useUpdateDraft();
  const [values, setValues] = useState<Values>(() => fromVersion(version));
  const [errors, setErrors] = useState<Errors>({});
  const [saved, setSaved] = useState(false);
  const ids = { name: useId(), rationale: useId(), sla: useId(), business: useId() };
  const initial = fromVersion(version);
  const dirty = (Object.keys(values) as (keyof Values)[]).some((k) => values[k] !== initial[k]);

  const set = <K extends keyof Values>(k: K, v: Values[K]) => {
    setValues((prev) => ({ ...prev, [k]: v }));
    setErrors((prev) => ({ ...prev, [k]: undefined }));
    setSaved(false);
  };

  const onSubmit = () => {
    const sla = values.slaHours.trim() === '' ? NaN : Number(values.slaHours);
    // The contract's own schema for the patch, so the form accepts exactly what the server does.
    const parsed = criteria.updateDraft.input.safeParse({
      id: version.id,
      patch: {
        name: values.name,
        rationale: values.rationale,
        slaHours: sla,
        slaBusinessHours: values.slaBusinessHours,
      },
    });
    if (!parsed.success) {
      const next: Errors = {};
      for (const issue of parsed.error.issues) {
        const key = issue.path[1] as keyof Values | undefined;
        if (key === 'name') next.name ??= t('criteria.details.error.name');
        else if (key === 'slaHours') next.slaHours ??= t('criteria.details.error.sla');
        else if (key === 'rationale') next.rationale ??= issue.message;
      }
      setErrors(next);
      return;
    }
    update.mutate(parsed.data, { onSuccess: () => setSaved(true) });
  };

  const invalid = (k: keyof Values, id: string) => ({
    'aria-invalid': errors[k] ? true : undefined,
    'aria-describedby': errors[k] ? `${id}-error` : undefined,
  });
  const error = (k: keyof Values, id: string) =>
    errors[k] ? (
      <span id={`${id}-error`} className="field-error" data-testid={`details-error-${k}`}>
        {errors[k]}
      </span>
    ) : null;

  return (
    <form
      className="form-grid"
      noValidate
      data-testid="details-form"
      onSubmit={(e) => {
        e.preventDefault();
        onSubmit();
      }}
    >
      <div className="field field-wide">
        <label htmlFor={ids.name} className="field-label">
          {t('criteria.details.name')}
        </label>
        <input
          id={ids.name}
          className="input"
          value={values.name}
          maxLength={120}
          {...invalid('name', ids.name)}
          data-testid="details-name"
          onChange={(e) => set('name', e.target.value)}
        />
        {error('name', ids.name)}
      </div>
      <div className="field">
        <label htmlFor={ids.sla} className="field-label">
          {t('criteria.details.slaHours')}
        </label>
        <input
          id={ids.sla}
          className="input"
          inputMode="decimal"
          value={values.slaHours}
          {...invalid('slaHours', ids.sla)}
          data-testid="details-sla"
          onChange={(e) => set('slaHours', e.target.value)}
        />
        {error('slaHours', ids.sla)}
      </div>
      <div className="field field-check">
        <label className="check">
          <input
            type="checkbox"
            checked={values.slaBusinessHours}
            data-testid="details-business-hours"
            onChange={(e) => set('slaBusinessHours', e.target.checked)}
          />
          <span>{t('criteria.details.businessHours')}</span>
        </label>
      </div>
      <div className="field field-wide">
        <label htmlFor={ids.rationale} className="field-label">
          {t('criteria.details.rationale')}
        </label>
        <textarea
          id={ids.rationale}
          className="input textarea"
          rows={4}
          maxLength={5000}
          value={values.rationale}
          placeholder={t('criteria.details.rationaleHint')}
          {...invalid('rationale', ids.rationale)}
          data-testid="details-rationale"
          onChange={(e) => set('rationale', e.target.value)}
        />
        {error('rationale', ids.rationale)}
      </div>
      <div className="field field-submit">
        <button
          type="submit"
          className="btn btn-primary"
          disabled={!dirty || update.isPending}
          data-testid="details-save"
        >
          {t('criteria.details.save')}
        </button>
        <span role="status" aria-live="polite">
          {saved && !dirty ? <span className="ok-text">{t('criteria.details.saved')}</span> : null}
        </span>
        {update.isError ? (
          <span className="field-error" role="alert">
            {errorText(update.error)}
          </span>
        ) : null}
      </div>
    </form>
  );
}
