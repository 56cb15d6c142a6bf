/**
 * SLA due times: handed-off time + the SLA hours of the qualifying version, either on the wall clock
 * or counted in business hours (working days, a day start and end, in the workspace's IANA time zone).
 *
 * Only Intl is used (no time-zone library): the one thing needed is "which UTC instant is 09:00 on
 * this local date", which `zonedTime` answers from Intl's offsets. Working windows are measured in
 * real elapsed milliseconds between their UTC instants, so a window that spans a DST change counts
 * the hours that really pass.
 */

export interface SlaCalendar {
  timeZone: string;
  /** ISO weekdays, 1 = Monday … 7 = Sunday. */
  workingDays: readonly number[];
  /** "HH:MM" local time. */
  dayStart: string;
  /** "HH:MM" local time, or "24:00" for midnight at the end of the day. */
  dayEnd: string;
}

export const DEFAULT_SLA_CALENDAR: Omit<SlaCalendar, 'timeZone'> = {
  workingDays: [1, 2, 3, 4, 5],
  dayStart: '09:00',
  dayEnd: '17:00',
};

const HOUR = 3_600_000;
const DAY = 86_400_000;

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

export function isValidTimeZone(timeZone: string): boolean {
  try {
    formatter(timeZone);
    return true;
  } catch {
    return false;
  }
}

export interface LocalParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

/** The wall-clock reading of an instant in a time zone. */
export function localParts(at: number, timeZone: string): LocalParts {
  const out: Record<string, number> = {};
  for (const p of formatter(timeZone).formatToParts(new Date(at))) if (p.type !== 'literal') out[p.type] = Number(p.value);
  return { year: out.year!, month: out.month!, day: out.day!, hour: out.hour! % 24, minute: out.minute!, second: out.second! };
}

/** Offset of the zone from UTC at an instant, in ms (Amsterdam in summer: +2 h). */
export function offsetAt(at: number, timeZone: string): number {
  const p = localParts(at, timeZone);
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  return asUtc - Math.floor(at / 1000) * 1000;
}

/**
 * The UTC instant of a local wall-clock time. A time skipped by a spring-forward change (02:30 on the
 * March change in Amsterdam) maps to the instant just after the gap; a time that happens twice in
 * autumn maps to the first of the two.
 */
export function zonedTime(year: number, month: number, day: number, minutes: number, timeZone: string): number {
  const wall = Date.UTC(year, month - 1, day) + minutes * 60_000;
  const first = wall - offsetAt(wall, timeZone);
  const second = wall - offsetAt(first, timeZone);
  if (first === second) {
    // Ambiguous (autumn): an earlier instant with the same wall time is the first occurrence.
    const earlier = second - HOUR;
    return earlier + offsetAt(earlier, timeZone) === wall ? earlier : second;
  }
  // The offset changed between the guesses; the one that reads back as the wall time is right.
  if (second + offsetAt(second, timeZone) === wall) return second;
  if (first + offsetAt(first, timeZone) === wall) return first;
  // In a gap: no instant reads as that wall time; use the larger offset's reading (after the gap).
  return Math.max(first, second);
}

const minutesOf = (hhmm: string): number => {
  const [h, m] = hhmm.split(':').map(Number);
  return h! * 60 + m!;
};

/** ISO weekday (1 = Monday) of a civil date. */
const isoWeekday = (year: number, month: number, day: number): number => {
  const d = new Date(Date.UTC(year, month - 1, day)).getUTCDay();
  return d === 0 ? 7 : d;
};

/** A problem with a calendar, or null when it can be used. */
export function calendarProblem(c: SlaCalendar): string | null {
  if (!isValidTimeZone(c.timeZone)) return `Unknown time zone "${c.timeZone}".`;
  if (minutesOf(c.dayEnd) <= minutesOf(c.dayStart)) return `The working day must end after it starts (${c.dayStart}–${c.dayEnd}).`;
  if (new Set(c.workingDays).size !== c.workingDays.length) return 'Each working day may be listed once.';
  return null;
}

/**
 * Add `hours` of working time to `from`: time outside the working days and hours does not count.
 * A handoff made in the evening starts its clock at the next day's start.
 */
export function addBusinessHours(from: number, hours: number, c: SlaCalendar): number {
  let remaining = Math.round(hours * HOUR);
  if (remaining <= 0) return from;
  const problem = calendarProblem(c);
  if (problem) throw new Error(problem);
  const start = minutesOf(c.dayStart);
  const end = minutesOf(c.dayEnd);
  const days = new Set(c.workingDays);
  const p = localParts(from, c.timeZone);
  // Walk civil dates from the local date of `from`; Date.UTC normalises day overflow across months.
  const base = Date.UTC(p.year, p.month - 1, p.day);
  let cursor = from;
  for (let i = 0; i < 3660; i++) {
    const d = new Date(base + i * DAY);
    const y = d.getUTCFullYear();
    const m = d.getUTCMonth() + 1;
    const day = d.getUTCDate();
    if (!days.has(isoWeekday(y, m, day))) continue;
    const ws = zonedTime(y, m, day, start, c.timeZone);
    const we = zonedTime(y, m, day, end, c.timeZone);
    const begin = Math.max(cursor, ws);
    if (begin >= we) continue;
    const available = we - begin;
    if (remaining <= available) return begin + remaining;
    remaining -= available;
    cursor = we;
  }
  throw new Error('The SLA does not fit in ten years of working days.');
}

/** The due time of a handoff: wall-clock hours, or business hours when the version says so. */
export function slaDueAt(handedAt: number, slaHours: number, businessHours: boolean, c: SlaCalendar): number {
  return businessHours ? addBusinessHours(handedAt, slaHours, c) : handedAt + Math.round(slaHours * HOUR);
}

/** Monday 00:00 local time of the ISO week holding `at`, as ms UTC. */
export function weekStart(at: number, timeZone: string): number {
  const p = localParts(at, timeZone);
  const wd = isoWeekday(p.year, p.month, p.day);
  const monday = new Date(Date.UTC(p.year, p.month - 1, p.day - (wd - 1)));
  return zonedTime(monday.getUTCFullYear(), monday.getUTCMonth() + 1, monday.getUTCDate(), 0, timeZone);
}

/** The next Monday 00:00 local after a week start (7 civil days later, whatever DST does). */
export function nextWeekStart(weekStartAt: number, timeZone: string): number {
  const p = localParts(weekStartAt, timeZone);
  const next = new Date(Date.UTC(p.year, p.month - 1, p.day + 7));
  return zonedTime(next.getUTCFullYear(), next.getUTCMonth() + 1, next.getUTCDate(), 0, timeZone);
}

/**
 * The zone's UTC offset over [from, to): the offset at `from` and every change after it, found by
 * sampling each day and narrowing to the second. Lets SQL turn instants into local time with a CASE
 * over a handful of bound values instead of a per-row time-zone lookup.
 */
export function offsetChanges(from: number, to: number, timeZone: string): { initial: number; changes: { at: number; offset: number }[] } {
  const initial = offsetAt(from, timeZone);
  const changes: { at: number; offset: number }[] = [];
  let prev = initial;
  const end = Math.min(to, from + 20 * 366 * DAY);
  for (let t = from; t < end; t += DAY) {
    const next = Math.min(t + DAY, end);
    const o = offsetAt(next, timeZone);
    if (o === prev) continue;
    let lo = t;
    let hi = next;
    // Offsets change on whole seconds: narrow to the first second with the new offset.
    lo = Math.floor(lo / 1000);
    hi = Math.ceil(hi / 1000);
    while (hi - lo > 1) {
      const mid = Math.floor((lo + hi) / 2);
      if (offsetAt(mid * 1000, timeZone) === prev) lo = mid;
      else hi = mid;
    }
    hi *= 1000;
    changes.push({ at: hi, offset: o });
    prev = o;
  }
  return { initial, changes };
}

/** Days since 1970-01-01 of the Monday of the ISO week holding local day `d` (1970-01-01 was a Thursday). */
export const mondayOfDay = (d: number): number => d - ((((d + 3) % 7) + 7) % 7);

/** The UTC instant of local midnight starting local day `d` (days since 1970-01-01). */
export function instantOfLocalDay(d: number, timeZone: string): number {
  const x = new Date(d * DAY);
  return zonedTime(x.getUTCFullYear(), x.getUTCMonth() + 1, x.getUTCDate(), 0, timeZone);
}
