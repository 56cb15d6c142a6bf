import { useId } from 'react';
import { OfferTypeSchema } from '../../../../shared/contracts/common.js';
import { fieldType } from '../../../../shared/domain/criteria.js';
import { MultiSelect } from '../../components/MultiSelect.js';
import { useFacets } from '../../hooks/use-leads.js';
import { useT } from '../../i18n/index.js';
import { ruleField, valueShape, type RuleFormErrors, type RuleFormValues } from './rule-form.js';
import { FieldError, useErrorMessage } from './FieldError.js';

interface Props {
  values: RuleFormValues;
  errors: RuleFormErrors;
  onChange: (patch: Partial<RuleFormValues>) => void;
}

/** The value input that fits the operator: text, a list, min/max, or none; ids picked from lists. */
export function RuleValueInput({ values, errors, onChange }: Props) {
  const t = useT();
  const message = useErrorMessage();
  const facets = useFacets();
  const id = useId();
  const field = ruleField(values);
  const shape = valueShape(values.operator);
  const numeric = fieldType(field) === 'number';
  const picks =
    field === 'offer.id'
      ? (facets.data?.offers ?? [])
      : field === 'campaign.id'
        ? (facets.data?.campaigns ?? [])
        : null;
  const suggestions = field === 'touchpoint.type' || field === 'offer.type' ? OfferTypeSchema.options : null;
  const listId = `${id}-suggestions`;
  const valueError = errors.value;
  const describedBy = valueError ? `${id}-error` : undefined;

  if (values.kind === 'sql' || shape === 'none') return null;
  const countryHint =
    field === 'country' && (values.operator === 'equals' || shape === 'list') ? (
      <span className="field-hint muted" data-testid="rule-country-hint">
        {t('criteria.rule.countryCodes')}
      </span>
    ) : null;

  if (shape === 'range') {
    return (
      <div className="field field-wide">
        <span className="field-label" id={`${id}-label`}>
          {t('criteria.rule.range')}
        </span>
        <div className="range-inputs" role="group" aria-labelledby={`${id}-label`}>
          {(['min', 'max'] as const).map((k) => (
            <div key={k} className="field">
              <label htmlFor={`${id}-${k}`} className="field-label field-label-sub">
                {t(k === 'min' ? 'criteria.rule.min' : 'criteria.rule.max')}{' '}
                <span className="muted">{t('common.optional')}</span>
              </label>
              <input
                id={`${id}-${k}`}
                className="input"
                inputMode="decimal"
                value={values[k]}
                aria-invalid={errors[k] ? true : undefined}
                aria-describedby={errors[k] ? `${id}-${k}-error` : undefined}
                data-testid={`rule-${k}`}
                onChange={(e) => onChange({ [k]: e.target.value })}
              />
              <FieldError id={`${id}-${k}-error`} error={errors[k]} testId={`rule-error-${k}`} />
            </div>
          ))}
        </div>
      </div>
    );
  }

  if (shape === 'list') {
    const chosen = values.list.split('\n').filter(Boolean);
    return (
      <div className="field field-wide">
        {picks ? (
          <>
            <span className="field-label" id={`${id}-label`}>
              {t('criteria.rule.values')}
            </span>
            <MultiSelect
              label={t('criteria.rule.values')}
              anyLabel={t('criteria.rule.pickSome')}
              manyLabel={(count) => t('leads.filters.nSelected', { count })}
              options={picks}
              value={chosen}
              onChange={(next) => onChange({ list: next.join('\n') })}
              testId="rule-value-pick"
            />
          </>
        ) : (
          <>
            <label htmlFor={id} className="field-label">
              {t('criteria.rule.values')} <span className="muted">{t('criteria.rule.onePerLine')}</span>
            </label>
            <textarea
              id={id}
              className="input textarea"
              rows={3}
              value={values.list}
              aria-invalid={valueError ? true : undefined}
              aria-describedby={describedBy}
              data-testid="rule-value"
              onChange={(e) => onChange({ list: e.target.value })}
            />
          </>
        )}
        {countryHint}
        {valueError ? (
          <span id={`${id}-error`} className="field-error" data-testid="rule-error-value">
            {message(valueError)}
          </span>
        ) : null}
      </div>
    );
  }

  return (
    <div className="field field-wide">
      <label htmlFor={id} className="field-label">
        {t('criteria.rule.value')}
      </label>
      {picks ? (
        <select
          id={id}
          className="select"
          value={values.text}
          aria-invalid={valueError ? true : undefined}
          aria-describedby={describedBy}
          data-testid="rule-value"
          onChange={(e) => onChange({ text: e.target.value })}
        >
          <option value="">{t('criteria.rule.pickOne')}</option>
          {picks.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      ) : (
        <input
          id={id}
          className="input"
          value={values.text}
          inputMode={numeric ? 'decimal' : undefined}
          list={suggestions ? listId : undefined}
          autoComplete="off"
          aria-invalid={valueError ? true : undefined}
          aria-describedby={describedBy}
          data-testid="rule-value"
          onChange={(e) => onChange({ text: e.target.value })}
        />
      )}
      {countryHint}
      {suggestions ? (
        <datalist id={listId}>
          {suggestions.map((s) => (
            <option key={s} value={s} />
          ))}
        </datalist>
      ) : null}
      {valueError ? (
        <span id={`${id}-error`} className="field-error" data-testid="rule-error-value">
          {message(valueError)}
        </span>
      ) : null}
    </div>
  );
}
