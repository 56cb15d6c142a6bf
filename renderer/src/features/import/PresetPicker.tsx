import { useId, useState } from 'react';
import type { ImportPreset } from '../../../../shared/contracts/imports.js';
import { ConfirmDialog } from '../../components/ConfirmDialog.js';
import { useErrorText } from '../../components/States.js';
import { useDeletePreset } from '../../hooks/use-imports.js';
import { useT } from '../../i18n/index.js';

/** '' = let the file's header pick a built-in preset (or fall back to suggestions). */
export const AUTO_PRESET = '';

interface Props {
  presets: readonly ImportPreset[];
  loading: boolean;
  value: string;
  onChange: (id: string) => void;
  disabled?: boolean;
}

/** The preset to start the mapping from: built-in ones for common CRM exports, the generic one, and saved mappings. */
export function PresetPicker({ presets, loading, value, onChange, disabled = false }: Props) {
  const t = useT();
  const errorText = useErrorText();
  const id = useId();
  const remover = useDeletePreset();
  const [confirming, setConfirming] = useState(false);
  const builtin = presets.filter((p) => p.builtin);
  const saved = presets.filter((p) => !p.builtin);
  const chosen = presets.find((p) => p.id === value);

  return (
    <div className="field preset-field">
      <label htmlFor={id} className="field-label">
        {t('import.preset.label')}
      </label>
      <div className="preset-row">
        <select
          id={id}
          className="select preset-select"
          value={chosen || value === AUTO_PRESET ? value : AUTO_PRESET}
          disabled={disabled || loading}
          onChange={(e) => onChange(e.target.value)}
          data-testid="import-preset"
        >
          <option value={AUTO_PRESET}>{t('import.preset.auto')}</option>
          <optgroup label={t('import.preset.builtin')}>
            {builtin.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </optgroup>
          {saved.length > 0 ? (
            <optgroup label={t('import.preset.saved')}>
              {saved.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.name}
                </option>
              ))}
            </optgroup>
          ) : null}
        </select>
        {chosen && !chosen.builtin ? (
          <button
            type="button"
            className="btn btn-ghost btn-small"
            onClick={() => setConfirming(true)}
            data-testid="preset-delete"
          >
            {t('import.preset.delete')}
          </button>
        ) : null}
      </div>
      <span className="muted" data-testid="preset-description">
        {chosen?.description ?? (chosen ? t('import.preset.savedHint') : t('import.preset.autoHint'))}
      </span>
      <ConfirmDialog
        open={confirming && !!chosen}
        title={t('import.preset.deleteTitle')}
        message={t('import.preset.deleteMessage', { name: chosen?.name ?? '' })}
        confirmLabel={t('import.preset.delete')}
        cancelLabel={t('action.cancel')}
        danger
        busy={remover.isPending}
        error={remover.isError ? errorText(remover.error) : null}
        onCancel={() => {
          remover.reset();
          setConfirming(false);
        }}
        onConfirm={() =>
          chosen &&
          remover.mutate(chosen.id, {
            onSuccess: () => {
              setConfirming(false);
              onChange(AUTO_PRESET);
            },
          })
        }
      />
    </div>
  );
}
