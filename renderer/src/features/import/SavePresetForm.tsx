import { useId, useState } from 'react';
import { imports } from '../../../../shared/contracts/imports.js';
import type { Mapping } from '../../../../shared/domain/import/mapping.js';
import { useErrorText } from '../../components/States.js';
import { useSavePreset } from '../../hooks/use-imports.js';
import { useT } from '../../i18n/index.js';

/** Keep the mapping as a named preset, for the next export from the same CRM (checked by the contract's schema). */
export function SavePresetForm({ mapping, onSaved }: { mapping: Mapping | null; onSaved: (name: string) => void }) {
  const t = useT();
  const errorText = useErrorText();
  const id = useId();
  const saver = useSavePreset();
  const [name, setName] = useState('');
  const [error, setError] = useState<string | null>(null);
  return (
    <form
      className="save-preset"
      data-testid="save-preset"
      onSubmit={(e) => {
        e.preventDefault();
        if (!mapping) return;
        const input = imports.savePreset.input.safeParse({
          name,
          mapping: { ...mapping, name: name.trim() || undefined },
        });
        if (!input.success) return setError(t('import.savePreset.nameRequired'));
        setError(null);
        saver.mutate(input.data, {
          onSuccess: (p) => {
            setName('');
            onSaved(p.name);
          },
        });
      }}
    >
      <label htmlFor={id} className="field-label">
        {t('import.savePreset.label')}
      </label>
      <input
        id={id}
        className="input"
        value={name}
        maxLength={120}
        placeholder={t('import.savePreset.placeholder')}
        onChange={(e) => {
          setName(e.target.value);
          saver.reset();
        }}
        aria-invalid={error ? true : undefined}
        data-testid="save-preset-name"
      />
      <button type="submit" className="btn" disabled={!mapping || saver.isPending} data-testid="save-preset-submit">
        {t('import.savePreset.button')}
      </button>
      <span role="status" aria-live="polite" className="save-preset-status">
        {error ? (
          <span className="field-error">{error}</span>
        ) : saver.isError ? (
          <span className="field-error">{errorText(saver.error)}</span>
        ) : saver.isSuccess ? (
          <span className="ok-text" data-testid="save-preset-done">
            {t('import.savePreset.done', { name: saver.data.name })}
          </span>
        ) : null}
      </span>
    </form>
  );
}
