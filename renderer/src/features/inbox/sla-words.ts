import { useCallback, useEffect, useState } from 'react';
import { useT } from '../../i18n/index.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** A duration in its two largest units, for "due in 3 h 20 min" / "overdue by 2 days 4 h". */
export function durationParts(ms: number): { days: number; hours: number; minutes: number } {
  const abs = Math.abs(ms);
  const days = Math.floor(abs / DAY);
  const hours = Math.floor((abs % DAY) / HOUR);
  const minutes = Math.floor((abs % HOUR) / MINUTE);
  return { days, hours, minutes };
}

export type SlaState = 'overdue' | 'soon' | 'ok' | 'none';

/** Under four hours left is "soon": worth a second look, not yet a breach. */
export function slaState(dueAt: number | null, now: number): SlaState {
  if (dueAt === null) return 'none';
  if (dueAt <= now) return 'overdue';
  return dueAt - now < 4 * HOUR ? 'soon' : 'ok';
}

/** "in 3 hours 20 minutes", "2 days 4 hours", "under a minute": the words, never colour alone. */
export function useDurationWords(): (ms: number) => string {
  const t = useT();
  return useCallback(
    (ms: number) => {
      const { days, hours, minutes } = durationParts(ms);
      if (days > 0) {
        return hours > 0 ? t('sla.duration.daysHours', { days, hours }) : t('sla.duration.days', { days });
      }
      if (hours > 0) {
        return minutes > 0 ? t('sla.duration.hoursMinutes', { hours, minutes }) : t('sla.duration.hours', { hours });
      }
      return minutes > 0 ? t('sla.duration.minutes', { minutes }) : t('sla.duration.underMinute');
    },
    [t],
  );
}

/** The SLA line of one handoff: "Overdue by 2 hours 5 minutes" or "Due in 1 day 3 hours". */
export function useSlaWords(): (dueAt: number | null, now: number) => string {
  const t = useT();
  const words = useDurationWords();
  return useCallback(
    (dueAt, now) => {
      if (dueAt === null) return t('sla.noDue');
      return dueAt <= now
        ? t('sla.overdueBy', { time: words(now - dueAt) })
        : t('sla.dueIn', { time: words(dueAt - now) });
    },
    [t, words],
  );
}

/** The current time, re-read every `everyMs`, so time-left words move while the inbox stays open. */
export function useNow(everyMs = 30_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const id = window.setInterval(() => setNow(Date.now()), everyMs);
    return () => window.clearInterval(id);
  }, [everyMs]);
  return now;
}
