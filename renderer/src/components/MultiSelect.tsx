import { useEffect, useId, useRef, useState } from 'react';
import { useFormatList, useT } from '../i18n/index.js';

export interface MultiSelectOption<V extends string> {
  value: V;
  label: string;
}

interface Props<V extends string> {
  label: string;
  /** What the button says when nothing is chosen ("Any"). */
  anyLabel: string;
  /** What the button says when several are chosen ("3 selected"). */
  manyLabel: (count: number) => string;
  options: readonly MultiSelectOption<V>[];
  value: readonly V[];
  onChange: (next: V[]) => void;
  testId?: string;
}

/** A compact pick-several control: a button that opens a list of checkboxes. */
export function MultiSelect<V extends string>({
  label,
  anyLabel,
  manyLabel,
  options,
  value,
  onChange,
  testId,
}: Props<V>) {
  const t = useT();
  const list = useFormatList();
  const [open, setOpen] = useState(false);
  const rootRef = useRef<HTMLDivElement>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const panelId = useId();

  useEffect(() => {
    if (!open) return;
    const onDown = (e: MouseEvent) => {
      if (!rootRef.current?.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener('mousedown', onDown);
    return () => document.removeEventListener('mousedown', onDown);
  }, [open]);

  const chosen = options.filter((o) => value.includes(o.value));
  const summary =
    chosen.length === 0
      ? anyLabel
      : chosen.length <= 2
        ? list(chosen.map((o) => o.label), 'disjunction')
        : manyLabel(chosen.length);

  const toggle = (v: V) => onChange(value.includes(v) ? value.filter((x) => x !== v) : [...value, v]);

  return (
    <div
      className="multiselect"
      ref={rootRef}
      data-testid={testId}
      onKeyDown={(e) => {
        if (e.key === 'Escape' && open) {
          e.preventDefault();
          e.stopPropagation();
          setOpen(false);
          buttonRef.current?.focus();
        }
      }}
    >
      <button
        ref={buttonRef}
        type="button"
        className={`select multiselect-button${chosen.length ? ' has-value' : ''}`}
        aria-haspopup="true"
        aria-expanded={open}
        aria-controls={panelId}
        aria-label={t('common.labelled', { label, value: summary })}
        onClick={() => setOpen((o) => !o)}
      >
        <span className="multiselect-summary">{summary}</span>
      </button>
      {open ? (
        <fieldset id={panelId} className="popover multiselect-panel">
          <legend className="visually-hidden">{label}</legend>
          {options.map((o) => (
            <label key={o.value} className="check">
              <input
                type="checkbox"
                value={o.value}
                checked={value.includes(o.value)}
                onChange={() => toggle(o.value)}
              />
              <span>{o.label}</span>
            </label>
          ))}
        </fieldset>
      ) : null}
    </div>
  );
}
