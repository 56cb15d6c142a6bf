import { useId, useState } from 'react';
import { MappingFieldSchema, type MappingField } from '../../../../shared/domain/import/mapping.js';
import { FIELDS, type ImportKind } from '../../../../shared/domain/import/targets.js';
import { useT } from '../../i18n/index.js';
import { targetLabel } from './labels.js';

const FIXED = '';

/**
 * Fill one more field from a column already mapped elsewhere (an opportunity id that is also the way
 * to find its lead) or with a fixed value for every row (the source: "hubspot").
 */
export function ExtraFieldForm({
  kind,
  columns,
  onAdd,
}: {
  kind: ImportKind;
  columns: readonly string[];
  onAdd: (field: MappingField) => void;
}) {
  const t = useT();
  const ids = { source: useId(), value: useId(), target: useId() };
  const [source, setSource] = useState(columns[0] ?? FIXED);
  const [value, setValue] = useState('');
  const [target, setTarget] = useState(FIELDS[kind][0]!.name);
  const [error, setError] = useState<string | null>(null);
  return (
    <form
      className="extra-form"
      data-testid="extra-form"
      onSubmit={(e) => {
        e.preventDefault();
        const parsed = MappingFieldSchema.safeParse(source === FIXED ? { value, target } : { column: source, target });
        if (!parsed.success || (source === FIXED && value.trim() === ''))
          return setError(t('import.extra.valueRequired'));
        setError(null);
        setValue('');
        onAdd(parsed.data);
      }}
    >
      <span className="field-label">{t('import.extra.label')}</span>
      <label htmlFor={ids.source} className="visually-hidden">
        {t('import.extra.source')}
      </label>
      <select
        id={ids.source}
        className="select"
        value={source}
        onChange={(e) => setSource(e.target.value)}
        data-testid="extra-source"
      >
        {columns.map((c) => (
          <option key={c} value={c}>
            {t('import.extra.fromColumn', { column: c })}
          </option>
        ))}
        <option value={FIXED}>{t('import.extra.fixed')}</option>
      </select>
      {source === FIXED ? (
        <>
          <label htmlFor={ids.value} className="visually-hidden">
            {t('import.extra.value')}
          </label>
          <input
            id={ids.value}
            className="input"
            value={value}
            maxLength={500}
            placeholder={t('import.extra.valuePlaceholder')}
            onChange={(e) => setValue(e.target.value)}
            aria-invalid={error ? true : undefined}
            data-testid="extra-value"
          />
        </>
      ) : null}
      <span className="arrow" aria-hidden="true">→</span>
      <label htmlFor={ids.target} className="visually-hidden">
        {t('import.extra.target')}
      </label>
      <select
        id={ids.target}
        className="select"
        value={target}
        onChange={(e) => setTarget(e.target.value)}
        data-testid="extra-target"
      >
        {FIELDS[kind].map((f) => (
          <option key={f.name} value={f.name}>
            {targetLabel(t, kind, f.name)}
          </option>
        ))}
      </select>
      <button type="submit" className="btn btn-small" data-testid="extra-add">
        {t('import.extra.add')}
      </button>
      {error ? <span className="field-error">{error}</span> : null}
    </form>
  );
}
