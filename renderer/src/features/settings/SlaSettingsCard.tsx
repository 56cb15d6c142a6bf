import { useId, useMemo, useState, type FormEvent } from 'react';
import { useIntl } from 'react-intl';
import { SlaSettingsSchema, type SlaSettings } from '../../../../shared/contracts/handoffs.js';
import { ErrorState, LoadingState, useErrorText } from '../../components/States.js';
import { useSetSlaSettings, useSlaSettings } from '../../hooks/use-handoffs.js';
import { useT } from '../../i18n/index.js';

const DAYS = [1, 2, 3, 4, 5, 6, 7] as const;

/** Every IANA zone this browser knows, with the saved one first even if it does not. */
function timeZones(saved: string): string[] {
  const all = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
  return all.includes(saved) ? all : [saved, ...all];
}

/** Business hours for SLA due times: the workspace's time zone, working days and hours. */
export function SlaSettingsCard() {
  const t = useT();
  const settings = useSlaSettings();
  return (
    <section className="card" aria-labelledby="settings-sla" data-testid="sla-card">
      <h2 id="settings-sla" className="card-title">
        {t('slaSettings.title')}
      </h2>
      <p className="muted card-hint">{t('slaSettings.hint')}</p>
      {settings.isPending ? <LoadingState /> : null}
      {settings.isError ? <ErrorState error={settings.error} onRetry={() => void settings.refetch()} /> : null}
      {/* The form starts from what is stored and keeps the user's edits (and its "Saved.") after saving. */}
      {settings.data ? <SlaForm saved={settings.data} /> : null}
    </section>
  );
}

function SlaForm({ saved }: { saved: SlaSettings }) {
  const t = useT();
  const intl = useIntl();
  const errorText = useErrorText();
  const ids = { tz: useId(), start: useId(), end: useId() };
  const save = useSetSlaSettings();
  const [v, setV] = useState<SlaSettings>(saved);
  const [problem, setProblem] = useState<string | null>(null);
  const [done, setDone] = useState(false);
  const zones = useMemo(() => timeZones(saved.timeZone), [saved.timeZone]);
  // 2024-01-01 was a Monday: day d of the ISO week is 2024-01-0d.
  const dayName = (d: number) => intl.formatDate(Date.UTC(2024, 0, d), { weekday: 'long', timeZone: 'UTC' });

  const set = <K extends keyof SlaSettings>(k: K, value: SlaSettings[K]) => {
    setDone(false);
    setV((prev) => ({ ...prev, [k]: value }));
  };

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    const parsed = SlaSettingsSchema.safeParse(v);
    if (!parsed.success) {
      setProblem(v.workingDays.length === 0 ? t('slaSettings.error.days') : t('slaSettings.error.hours'));
      return;
    }
    if (parsed.data.dayEnd <= parsed.data.dayStart) {
      setProblem(t('slaSettings.error.order'));
      return;
    }
    setProblem(null);
    save.mutate(
      { ...parsed.data, workingDays: [...parsed.data.workingDays].sort((a, b) => a - b) },
      { onSuccess: () => setDone(true) },
    );
  };

  return (
    <form className="form-grid" onSubmit={onSubmit} noValidate data-testid="sla-form">
      <label className="field field-wide" htmlFor={ids.tz}>
        <span className="field-label">{t('slaSettings.timeZone')}</span>
        <select
          id={ids.tz}
          className="select"
          value={v.timeZone}
          onChange={(e) => set('timeZone', e.target.value)}
          data-testid="sla-timezone"
        >
          {zones.map((z) => (
            <option key={z} value={z}>
              {z}
            </option>
          ))}
        </select>
      </label>
      <fieldset className="field field-wide day-picker">
        <legend className="field-label">{t('slaSettings.days')}</legend>
        {DAYS.map((d) => (
          <label key={d} className="check">
            <input
              type="checkbox"
              checked={v.workingDays.includes(d)}
              onChange={(e) =>
                set('workingDays', e.target.checked ? [...v.workingDays, d] : v.workingDays.filter((x) => x !== d))
              }
              data-testid={`sla-day-${d}`}
            />
            <span>{dayName(d)}</span>
          </label>
        ))}
      </fieldset>
      <label className="field" htmlFor={ids.start}>
        <span className="field-label">{t('slaSettings.start')}</span>
        <input
          id={ids.start}
          type="time"
          className="input"
          value={v.dayStart}
          onChange={(e) => set('dayStart', e.target.value)}
          data-testid="sla-start"
        />
      </label>
      <label className="field" htmlFor={ids.end}>
        <span className="field-label">{t('slaSettings.end')}</span>
        <input
          id={ids.end}
          type="time"
          className="input"
          value={v.dayEnd}
          onChange={(e) => set('dayEnd', e.target.value)}
          data-testid="sla-end"
        />
      </label>
      <p className="form-status" role="status">
        {problem ? <span className="field-error">{problem}</span> : null}
        {save.isError ? <span className="field-error">{errorText(save.error)}</span> : null}
        {done ? <span className="ok-text">{t('slaSettings.saved')}</span> : null}
      </p>
      <div className="field-submit">
        <button type="submit" className="btn btn-primary" disabled={save.isPending} data-testid="sla-save">
          {t('slaSettings.save')}
        </button>
      </div>
    </form>
  );
}
