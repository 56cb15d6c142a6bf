import { useId, useState } from 'react';
import type { VersionDetail } from '../../../../shared/contracts/criteria.js';
import { ConfirmDialog } from '../../components/ConfirmDialog.js';
import { useErrorText } from '../../components/States.js';
import { useLatestBacktest } from '../../hooks/use-backtest.js';
import type { useActivate } from '../../hooks/use-criteria.js';
import { useT } from '../../i18n/index.js';

/** yyyy-mm-dd of a moment in the user's time zone (what <input type="date"> speaks). */
function localDay(ms: number): string {
  const d = new Date(ms);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** Start of a yyyy-mm-dd day in the user's time zone. */
function dayStart(day: string): number {
  const [y, m, d] = day.split('-').map(Number);
  return new Date(y!, (m ?? 1) - 1, d ?? 1).getTime();
}

interface Props {
  open: boolean;
  version: VersionDetail;
  activate: ReturnType<typeof useActivate>;
  onClose: () => void;
}

/** Go live now (the previous version retires and every lead is rescored) or on a later day. */
export function ActivateDialog({ open, version, activate, onClose }: Props) {
  const t = useT();
  const errorText = useErrorText();
  // The day the dialog was first shown: a date input's lower bound, fixed while it is open.
  const [today] = useState(() => localDay(Date.now()));
  const [when, setWhen] = useState<'now' | 'date'>('now');
  const [day, setDay] = useState(today);
  const [dayError, setDayError] = useState(false);
  const dayId = useId();
  // What the last backtest of this version said (this session's), so the owner sees the change before it goes live.
  const latest = useLatestBacktest(version.id);
  const bt = latest.data;
  const close = () => {
    activate.reset();
    setDayError(false);
    onClose();
  };

  return (
    <ConfirmDialog
      open={open}
      title={t('criteria.activate.title', { number: version.number })}
      message={t('criteria.activate.message')}
      confirmLabel={t(when === 'now' ? 'criteria.activate.now' : 'criteria.activate.schedule')}
      cancelLabel={t('action.cancel')}
      busy={activate.isPending}
      error={activate.isError ? errorText(activate.error) : null}
      testId="activate-dialog"
      onCancel={close}
      onConfirm={() => {
        if (when === 'date' && (!/^\d{4}-\d{2}-\d{2}$/.test(day) || day < today)) {
          setDayError(true);
          return;
        }
        const effectiveFrom = when === 'now' || day === today ? undefined : dayStart(day);
        activate.mutate(
          { id: version.id, ...(effectiveFrom !== undefined ? { effectiveFrom } : {}) },
          { onSuccess: close },
        );
      }}
    >
      <div className="activate-impact" data-testid="activate-impact">
        <p>{t('criteria.activate.handoffs')}</p>
        {bt && bt.baseline && bt.baselineResult ? (
          <p data-testid="activate-backtest">
            {t('criteria.activate.backtest', {
              baseline: bt.baseline.number,
              mqls: bt.candidate.mqls,
              baseMqls: bt.baselineResult.mqls,
              won: bt.candidate.won,
              baseWon: bt.baselineResult.won,
            })}
          </p>
        ) : bt ? (
          <p data-testid="activate-backtest">{t('criteria.activate.backtestAlone', { mqls: bt.candidate.mqls, won: bt.candidate.won })}</p>
        ) : latest.isSuccess ? (
          <p className="muted" data-testid="activate-no-backtest">
            {t('criteria.activate.noBacktest')}
          </p>
        ) : null}
      </div>
      <fieldset className="radio-group">
        <legend className="field-label">{t('criteria.activate.when')}</legend>
        <label className="check">
          <input
            type="radio"
            name="activate-when"
            checked={when === 'now'}
            onChange={() => setWhen('now')}
            data-testid="activate-now"
          />
          <span>{t('criteria.activate.whenNow')}</span>
        </label>
        <label className="check">
          <input
            type="radio"
            name="activate-when"
            checked={when === 'date'}
            onChange={() => setWhen('date')}
            data-testid="activate-later"
          />
          <span>{t('criteria.activate.whenDate')}</span>
        </label>
        {when === 'date' ? (
          <div className="field">
            <label htmlFor={dayId} className="field-label">
              {t('criteria.activate.date')}
            </label>
            <input
              id={dayId}
              type="date"
              className="input input-date"
              min={today}
              value={day}
              aria-invalid={dayError ? true : undefined}
              aria-describedby={dayError ? `${dayId}-error` : undefined}
              data-testid="activate-date"
              onChange={(e) => {
                setDay(e.target.value);
                setDayError(false);
              }}
            />
            {dayError ? (
              <span id={`${dayId}-error`} className="field-error">
                {t('criteria.activate.dateError')}
              </span>
            ) : null}
          </div>
        ) : null}
      </fieldset>
    </ConfirmDialog>
  );
}
