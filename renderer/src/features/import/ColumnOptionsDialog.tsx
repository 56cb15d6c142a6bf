import { useId, useState } from 'react';
import { useIntl } from 'react-intl';
import type { Transform } from '../../../../shared/domain/import/mapping.js';
import { ValueTypeSchema } from '../../../../shared/domain/import/mapping.js';
import { fieldSpec, type ImportKind } from '../../../../shared/domain/import/targets.js';
import { Dialog } from '../../components/Dialog.js';
import { useT } from '../../i18n/index.js';
import { targetLabel } from './labels.js';
import { ATTRIBUTE_PREFIX, targetType, type ColumnDraft, type PreviewColumn } from './mapping-draft.js';
import {
  DATE_FORMAT_CHOICES,
  formToTransform,
  OTHER_VALUES,
  transformToForm,
  type TransformErrors,
  type TransformForm,
} from './transform-form.js';

interface Props {
  kind: ImportKind;
  column: ColumnDraft | null;
  preview: PreviewColumn | undefined;
  onSave: (transform: Transform) => void;
  onClose: () => void;
}

/** How one column's values are read: type, date format, decimals, booleans, value map, missing values, trimming. */
export function ColumnOptionsDialog({ kind, column, preview, onSave, onClose }: Props) {
  const t = useT();
  return (
    <Dialog
      open={column !== null}
      title={column ? t('import.options.title', { column: column.column }) : ''}
      wide
      testId="column-options"
      onClose={onClose}
    >
      {column ? (
        <OptionsForm
          key={column.column}
          kind={kind}
          column={column}
          preview={preview}
          onSave={onSave}
          onClose={onClose}
        />
      ) : null}
    </Dialog>
  );
}

function OptionsForm({ kind, column, preview, onSave, onClose }: Props & { column: ColumnDraft }) {
  const t = useT();
  const spec = fieldSpec(kind, column.target);
  const attribute = column.target.startsWith(ATTRIBUTE_PREFIX);
  const intl = useIntl();
  // Every distinct value of the whole file when the preview could count them, else the first rows' samples.
  const counted = preview?.values ?? null;
  const countOf = new Map(counted?.map((v) => [v.value.toLowerCase(), v.count]) ?? []);
  const [form, setForm] = useState<TransformForm>(() =>
    transformToForm(column.transform, counted?.map((v) => v.value) ?? preview?.samples ?? [], spec?.values),
  );
  const [errors, setErrors] = useState<TransformErrors>({});
  const ids = {
    type: useId(),
    date: useId(),
    tz: useId(),
    dec: useId(),
    tv: useId(),
    fv: useId(),
    miss: useId(),
    prefix: useId(),
  };
  const type = targetType(kind, column.target, { type: form.type || undefined }) ?? 'text';
  const set = <K extends keyof TransformForm>(k: K, v: TransformForm[K]) => setForm((f) => ({ ...f, [k]: v }));
  const err = (k: keyof TransformForm) =>
    errors[k] ? (
      <span className="field-error" data-testid={`options-error-${k}`}>
        {errors[k]}
      </span>
    ) : null;

  return (
    <form
      className="form-grid options-form"
      onSubmit={(e) => {
        e.preventDefault();
        const r = formToTransform(form);
        if (!r.ok) return setErrors(r.errors);
        onSave(r.transform);
      }}
    >
      <p className="muted field-wide">
        {t('import.options.target', { target: targetLabel(t, kind, column.target) })}
        {preview?.samples.length ? ` · ${t('import.options.samples', { samples: preview.samples.join(' · ') })}` : ''}
      </p>
      <div className="field">
        <label htmlFor={ids.type} className="field-label">
          {t('import.options.type')}
        </label>
        {attribute ? (
          <select
            id={ids.type}
            className="select"
            value={form.type || 'text'}
            onChange={(e) => set('type', e.target.value as TransformForm['type'])}
            data-testid="options-type"
          >
            {ValueTypeSchema.options.map((v) => (
              <option key={v} value={v}>
                {t(`import.type.${v}`)}
              </option>
            ))}
          </select>
        ) : (
          <span id={ids.type} className="static-value">
            {t(`import.type.${type}`)}
          </span>
        )}
        {err('type')}
      </div>
      <label className="field field-check">
        <span className="check">
          <input
            type="checkbox"
            checked={form.trim}
            onChange={(e) => set('trim', e.target.checked)}
            data-testid="options-trim"
          />
          {t('import.options.trim')}
        </span>
      </label>
      {type === 'date' ? (
        <>
          <div className="field">
            <label htmlFor={ids.date} className="field-label">
              {t('import.options.dateFormat')}
            </label>
            <select
              id={ids.date}
              className="select"
              value={form.dateFormat}
              onChange={(e) => set('dateFormat', e.target.value as TransformForm['dateFormat'])}
              data-testid="options-date-format"
            >
              <option value="">
                {preview?.date?.ambiguous ? t('import.options.dateAsk') : t('import.options.dateDetect')}
              </option>
              {DATE_FORMAT_CHOICES.map((f) => (
                <option key={f} value={f}>
                  {t(`import.dateFormatLong.${f}`)}
                </option>
              ))}
            </select>
            {preview?.date?.evidence ? <span className="muted">{preview.date.evidence}</span> : null}
            {err('dateFormat')}
          </div>
          <div className="field">
            <label htmlFor={ids.tz} className="field-label">
              {t('import.options.timeZone')} <span className="field-label-sub">{t('common.optional')}</span>
            </label>
            <input
              id={ids.tz}
              className="input"
              value={form.timeZone}
              placeholder={t('import.options.timeZonePlaceholder')}
              onChange={(e) => set('timeZone', e.target.value)}
              aria-invalid={errors.timeZone ? true : undefined}
              data-testid="options-time-zone"
            />
            {err('timeZone')}
          </div>
        </>
      ) : null}
      {type === 'number' || type === 'integer' ? (
        <div className="field">
          <label htmlFor={ids.dec} className="field-label">
            {t('import.options.decimal')}
          </label>
          <select
            id={ids.dec}
            className="select"
            value={form.decimal}
            onChange={(e) => set('decimal', e.target.value === ',' ? ',' : '.')}
            data-testid="options-decimal"
          >
            <option value=".">{t('import.options.decimalPoint')}</option>
            <option value=",">{t('import.options.decimalComma')}</option>
          </select>
          <span className="muted">{t('import.options.numberHint')}</span>
        </div>
      ) : null}
      {type === 'boolean' ? (
        <>
          <div className="field">
            <label htmlFor={ids.tv} className="field-label">
              {t('import.options.trueValues')}
            </label>
            <input
              id={ids.tv}
              className="input"
              value={form.trueValues}
              placeholder="TRUE, yes, 1"
              onChange={(e) => set('trueValues', e.target.value)}
              data-testid="options-true"
            />
            {err('trueValues')}
          </div>
          <div className="field">
            <label htmlFor={ids.fv} className="field-label">
              {t('import.options.falseValues')}
            </label>
            <input
              id={ids.fv}
              className="input"
              value={form.falseValues}
              placeholder="FALSE, no, 0"
              onChange={(e) => set('falseValues', e.target.value)}
              data-testid="options-false"
            />
            {err('falseValues')}
          </div>
        </>
      ) : null}
      {spec?.values ? (
        <fieldset className="field field-wide value-map" data-testid="options-values">
          <legend className="field-label">{t('import.options.values', { allowed: spec.values.join(', ') })}</legend>
          {form.values.map((v, i) => (
            <label key={v.from} className="value-map-row">
              <span className="value-map-from">
                {v.from === OTHER_VALUES ? t('import.options.otherValues') : v.from}
                {countOf.has(v.from.toLowerCase()) ? ' ' : null}
                {countOf.has(v.from.toLowerCase()) ? (
                  <span className="muted value-map-count" data-testid="options-value-count">
                    {t('import.options.valueRows', {
                      count: countOf.get(v.from.toLowerCase())!,
                      rows: intl.formatNumber(countOf.get(v.from.toLowerCase())!),
                    })}
                  </span>
                ) : null}
              </span>
              <span className="arrow" aria-hidden="true">→</span>
              <select
                className="select"
                value={v.to}
                onChange={(e) =>
                  set(
                    'values',
                    form.values.map((x, j) => (j === i ? { ...x, to: e.target.value } : x)),
                  )
                }
              >
                <option value="">{t('import.options.keepValue')}</option>
                {spec.values!.map((a) => (
                  <option key={a} value={a}>
                    {a}
                  </option>
                ))}
              </select>
            </label>
          ))}
          {err('values')}
        </fieldset>
      ) : null}
      <div className="field">
        <label htmlFor={ids.miss} className="field-label">
          {t('import.options.missing')}
        </label>
        <input
          id={ids.miss}
          className="input"
          value={form.missing}
          placeholder="Select, N/A"
          onChange={(e) => set('missing', e.target.value)}
          data-testid="options-missing"
        />
        <span className="muted">{t('import.options.missingHint')}</span>
        {err('missing')}
      </div>
      <div className="field">
        <label htmlFor={ids.prefix} className="field-label">
          {t('import.options.prefix')} <span className="field-label-sub">{t('common.optional')}</span>
        </label>
        <input
          id={ids.prefix}
          className="input"
          value={form.prefix}
          maxLength={50}
          placeholder="hs-"
          onChange={(e) => set('prefix', e.target.value)}
          data-testid="options-prefix"
        />
        {err('prefix')}
      </div>
      <div className="dialog-actions field-wide">
        <button type="button" className="btn" onClick={onClose}>
          {t('action.cancel')}
        </button>
        <button type="submit" className="btn btn-primary" data-testid="options-save">
          {t('import.options.save')}
        </button>
      </div>
    </form>
  );
}
