import { z } from 'zod';
import type { Db } from './connection.js';
import { getMeta, setMeta } from './meta.repo.js';
import { DEFAULT_SLA_CALENDAR, type SlaCalendar } from '../../shared/domain/sla.js';

/**
 * Business hours per workspace, in the meta table. The time zone is the workspace's own (meta
 * "time_zone", also shown in workspace info), so SLA clocks and weekly reports use one zone.
 */
const SLA_KEY = 'sla_settings';
const TIME_ZONE_KEY = 'time_zone';

const Stored = z.object({
  workingDays: z.array(z.number().int().min(1).max(7)).min(1),
  dayStart: z.string(),
  dayEnd: z.string(),
});

export function workspaceTimeZone(db: Db): string {
  return getMeta(db, TIME_ZONE_KEY) ?? Intl.DateTimeFormat().resolvedOptions().timeZone;
}

export function slaCalendar(db: Db): SlaCalendar {
  const raw = getMeta(db, SLA_KEY);
  const parsed = raw ? Stored.safeParse(JSON.parse(raw)) : null;
  const hours = parsed?.success ? parsed.data : DEFAULT_SLA_CALENDAR;
  return { timeZone: workspaceTimeZone(db), workingDays: [...hours.workingDays], dayStart: hours.dayStart, dayEnd: hours.dayEnd };
}

export function saveSlaCalendar(db: Db, c: SlaCalendar): void {
  setMeta(db, TIME_ZONE_KEY, c.timeZone);
  setMeta(db, SLA_KEY, JSON.stringify({ workingDays: [...c.workingDays].sort((a, b) => a - b), dayStart: c.dayStart, dayEnd: c.dayEnd }));
}
