import { clip, type CellWhyCode, type WhyValues } from './reasons.js';

/**
 * Cell value transforms for the import: dates in explicit formats (and which formats a column's
 * values allow), booleans, numbers with thousands separators and currency, trimming, missing values.
 * Pure; every function returns a value or a reason a person can act on.
 */

export const DATE_FORMATS = ['iso', 'yyyymmdd', 'mdy', 'dmy', 'ymd', 'epoch_s', 'epoch_ms'] as const;
export type DateFormat = (typeof DATE_FORMATS)[number];

export const DATE_FORMAT_LABELS: Record<DateFormat, string> = {
  iso: 'ISO 8601 (2021-01-05, 2021-01-05T10:00Z, 2021-01-05 10:00:00)',
  yyyymmdd: 'YYYYMMDD (20210105)',
  mdy: 'month first (1/18/2021, 1/18/2021 0:00)',
  dmy: 'day first (18/1/2021, 18.01.2021 10:00)',
  ymd: 'year/month/day (2021/01/18)',
  epoch_s: 'Unix seconds (1610928000)',
  epoch_ms: 'Unix milliseconds (1610928000000)',
};

/**
 * A failure says why twice: the English sentence, and a code with its values for the UI's language
 * (shared/domain/import/reasons.ts). Both are built only when a value fails.
 */
export type Failure = { ok: false; reason: string; code: CellWhyCode; values: WhyValues };
export type Result<T> = { ok: true; value: T } | Failure;
const ok = <T>(value: T): Result<T> => ({ ok: true, value });
const fail = (reason: string, code: CellWhyCode, values: WhyValues): Failure => ({ ok: false, reason, code, values });

// ---------- time zones ----------

const formatters = new Map<string, Intl.DateTimeFormat>();
const offsetCache = new Map<string, Map<number, number>>();

export function isValidTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

function formatterFor(tz: string): Intl.DateTimeFormat {
  let f = formatters.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: tz,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(tz, f);
  }
  return f;
}

/** The zone's offset from UTC at an instant, in ms (cached per hour: zones change offset on the hour). */
function offsetAt(utcMs: number, tz: string): number {
  let cache = offsetCache.get(tz);
  if (!cache) offsetCache.set(tz, (cache = new Map()));
  const hour = Math.floor(utcMs / 3_600_000);
  const hit = cache.get(hour);
  if (hit !== undefined) return hit;
  const p: Record<string, number> = {};
  for (const part of formatterFor(tz).formatToParts(new Date(hour * 3_600_000))) {
    if (part.type !== 'literal') p[part.type] = Number(part.value);
  }
  const asUtc = Date.UTC(p.year!, p.month! - 1, p.day!, p.hour!, p.minute!, p.second!);
  const off = asUtc - hour * 3_600_000;
  if (cache.size > 50_000) cache.clear();
  cache.set(hour, off);
  return off;
}

/** Wall-clock time in a zone to UTC ms (two passes, so the hour around a DST change comes out right). */
export function zonedToUtc(
  y: number,
  mo: number,
  d: number,
  h: number,
  mi: number,
  s: number,
  ms: number,
  tz: string,
): number {
  const wall = Date.UTC(y, mo - 1, d, h, mi, s, ms);
  if (tz === 'UTC' || tz === 'Etc/UTC') return wall;
  const off1 = offsetAt(wall, tz);
  const t = wall - off1;
  const off2 = offsetAt(t, tz);
  return off2 === off1 ? t : wall - off2;
}

// ---------- dates ----------

const daysIn = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();

interface DateParts {
  y: number;
  mo: number;
  d: number;
  h: number;
  mi: number;
  s: number;
  ms: number;
  /** Explicit offset from UTC in minutes, when the value carries one. */
  offset: number | null;
  /** No time of day in the value: a calendar date. */
  dateOnly: boolean;
}

const ISO_RE =
  /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;
const SLASH_RE =
  /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4}|\d{2})(?:(?:[ T]|,\s*)(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([AP]M)?)?$/i;
const YMD_RE = /^(\d{4})[/.](\d{1,2})[/.](\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?$/;
const COMPACT_RE = /^(\d{4})(\d{2})(\d{2})(?:[T ]?(\d{2})(\d{2})(\d{2})?)?$/;

function year2(y: string): number {
  const n = Number(y);
  return y.length === 2 ? (n < 70 ? 2000 + n : 1900 + n) : n;
}

function zoneMinutes(z: string | undefined): number | null {
  if (!z) return null;
  if (z.toUpperCase() === 'Z') return 0;
  const sign = z[0] === '-' ? -1 : 1;
  const digits = z.slice(1).replace(':', '');
  return sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4) || '0'));
}

function time(h?: string, mi?: string, s?: string, ampm?: string): { h: number; mi: number; s: number } | null {
  let hh = h === undefined ? 0 : Number(h);
  const mm = mi === undefined ? 0 : Number(mi);
  const ss = s === undefined ? 0 : Number(s);
  if (ampm) {
    if (hh < 1 || hh > 12) return null;
    const pm = ampm.toUpperCase() === 'PM';
    hh = (hh % 12) + (pm ? 12 : 0);
  }
  if (hh > 23 || mm > 59 || ss > 59) return null;
  return { h: hh, mi: mm, s: ss };
}

function partsFor(v: string, format: DateFormat): DateParts | null {
  let m: RegExpExecArray | null;
  switch (format) {
    case 'iso': {
      if (!(m = ISO_RE.exec(v))) return null;
      const t = time(m[4], m[5], m[6]);
      if (!t) return null;
      const frac = m[7] ? Number(m[7].slice(0, 3).padEnd(3, '0')) : 0;
      return { y: Number(m[1]), mo: Number(m[2]), d: Number(m[3]), ...t, ms: frac, offset: zoneMinutes(m[8]), dateOnly: m[4] === undefined };
    }
    case 'yyyymmdd': {
      if (!(m = COMPACT_RE.exec(v))) return null;
      const t = time(m[4], m[5], m[6]);
      if (!t) return null;
      return { y: Number(m[1]), mo: Number(m[2]), d: Number(m[3]), ...t, ms: 0, offset: null, dateOnly: m[4] === undefined };
    }
    case 'mdy':
    case 'dmy': {
      if (!(m = SLASH_RE.exec(v))) return null;
      const t = time(m[4], m[5], m[6], m[7]);
      if (!t) return null;
      const a = Number(m[1]);
      const b = Number(m[2]);
      return {
        y: year2(m[3]!),
        mo: format === 'mdy' ? a : b,
        d: format === 'mdy' ? b : a,
        ...t,
        ms: 0,
        offset: null,
        dateOnly: m[4] === undefined,
      };
    }
    case 'ymd': {
      if (!(m = YMD_RE.exec(v))) return null;
      const t = time(m[4], m[5], m[6]);
      if (!t) return null;
      return { y: Number(m[1]), mo: Number(m[2]), d: Number(m[3]), ...t, ms: 0, offset: null, dateOnly: m[4] === undefined };
    }
    default:
      return null;
  }
}

/**
 * Parse one value in one format to UTC milliseconds. A date and time without a zone is wall-clock
 * time in `timeZone` (IANA name); a date alone is its UTC midnight. The calendar is checked:
 * 2/30/2021 is refused, not rolled over.
 */
export function parseDate(value: string, format: DateFormat, timeZone = 'UTC'): Result<number> {
  const v = value.trim();
  if (format === 'epoch_s' || format === 'epoch_ms') {
    if (!/^-?\d{1,15}(\.\d+)?$/.test(v))
      return fail(
        `"${short(v)}" is not a ${format === 'epoch_s' ? 'Unix seconds' : 'Unix milliseconds'} number`,
        'not-date',
        { value: clip(v), format },
      );
    const n = Number(v) * (format === 'epoch_s' ? 1000 : 1);
    return n >= 0 && n <= 8_640_000_000_000
      ? ok(Math.round(n))
      : fail(`${v} is out of the supported date range`, 'date-out-of-range', { value: clip(v) });
  }
  const p = partsFor(v, format);
  if (!p)
    return fail(`"${short(v)}" is not a date in the format ${DATE_FORMAT_LABELS[format]}`, 'not-date', {
      value: clip(v),
      format,
    });
  if (p.mo < 1 || p.mo > 12)
    return fail(`"${short(v)}": month ${p.mo} does not exist; dates are read as ${DATE_FORMAT_LABELS[format]}`, 'no-such-month', {
      value: clip(v),
      month: String(p.mo),
      format,
    });
  if (p.d < 1 || p.d > daysIn(p.y, p.mo)) {
    const month = `${p.y}-${String(p.mo).padStart(2, '0')}`;
    return fail(`"${short(v)}": day ${p.d} does not exist in ${month}`, 'no-such-day', {
      value: clip(v),
      day: String(p.d),
      month,
    });
  }
  if (p.y < 1970 || p.y > 2200)
    return fail(`"${short(v)}": year ${p.y} is out of range (1970-2200)`, 'year-out-of-range', {
      value: clip(v),
      year: String(p.y),
    });
  // A calendar date ("2021-01-05", a close date) is that day's UTC midnight, as the app's own date
  // fields store it: midnight in the workspace's zone would fall on the previous day in UTC, and so
  // in the outcome list and the previous month of every monthly report.
  const t =
    p.offset !== null
      ? Date.UTC(p.y, p.mo - 1, p.d, p.h, p.mi, p.s, p.ms) - p.offset * 60_000
      : p.dateOnly
        ? Date.UTC(p.y, p.mo - 1, p.d)
        : zonedToUtc(p.y, p.mo, p.d, p.h, p.mi, p.s, p.ms, timeZone);
  return ok(t);
}

export interface DateFormatGuess {
  /**
   * Formats in which every non-empty sample that reads as a date at all parses, best first, when at
   * most a tenth of the samples read as no date (those rows are then rejected one by one, with their
   * line). Empty: not a date column, or too many values that are no date.
   */
  candidates: DateFormat[];
  /** True when both day-first and month-first read every sample: the user must choose. */
  ambiguous: boolean;
  /** The samples that parse in no format (up to 5), to show next to the column. */
  unparsed: string[];
  /** How many non-empty samples some format reads: 0 means nothing here looks like a date. */
  readable: number;
  /** What decided it, e.g. "1/18/2021: 18 can only be the day, so month first". */
  evidence: string | null;
}

/** Past this share of samples that read as no date, a column is not taken for a date column. */
const MAX_UNREADABLE_SHARE = 0.1;

/**
 * Which formats read every sample, with evidence for day/month order. A stray bad cell ("n/a",
 * "tomorrow") among thousands of dates does not hide the format from the rest: it is listed in
 * `unparsed`, and its row fails validation with its line and column.
 */
export function detectDateFormats(samples: readonly string[]): DateFormatGuess {
  const all = samples.map((s) => s.trim()).filter((s) => s !== '');
  const order: DateFormat[] = ['iso', 'yyyymmdd', 'mdy', 'dmy', 'ymd', 'epoch_ms', 'epoch_s'];
  const calendar: DateFormat[] = ['iso', 'yyyymmdd', 'mdy', 'dmy', 'ymd'];
  const reads = (v: string, f: DateFormat) =>
    f === 'epoch_s' ? /^\d{9,10}$/.test(v) : f === 'epoch_ms' ? /^\d{12,13}$/.test(v) : parseDate(v, f).ok;
  const unreadable = all.filter((v) => calendar.every((f) => !parseDate(v, f).ok) && !reads(v, 'epoch_ms') && !reads(v, 'epoch_s'));
  const readable = all.length - unreadable.length;
  const tolerated = unreadable.length <= all.length * MAX_UNREADABLE_SHARE;
  const bad = new Set(unreadable);
  const values = tolerated ? all.filter((v) => !bad.has(v)) : all;
  const candidates = order.filter((f) => values.length > 0 && values.every((v) => reads(v, f)));
  const unparsed = [...bad].slice(0, 5);
  const hasMdy = candidates.includes('mdy');
  const hasDmy = candidates.includes('dmy');
  let evidence: string | null = null;
  if (hasMdy !== hasDmy) {
    const fmt = hasMdy ? 'mdy' : 'dmy';
    const decisive = values.find((v) => {
      const m = SLASH_RE.exec(v);
      return m ? Number(hasMdy ? m[2] : m[1]) > 12 : false;
    });
    if (decisive) {
      const m = SLASH_RE.exec(decisive)!;
      const day = hasMdy ? m[2] : m[1];
      evidence = `${decisive}: ${day} can only be the day, so ${fmt === 'mdy' ? 'month' : 'day'} first`;
    }
  }
  return { candidates, ambiguous: hasMdy && hasDmy, unparsed, readable, evidence };
}

// ---------- booleans and numbers ----------

export const DEFAULT_TRUE = ['true', 'yes', 'y', '1', 't', 'on'] as const;
export const DEFAULT_FALSE = ['false', 'no', 'n', '0', 'f', 'off'] as const;

export function parseBoolean(
  value: string,
  trueValues: readonly string[] = DEFAULT_TRUE,
  falseValues: readonly string[] = DEFAULT_FALSE,
): Result<boolean> {
  const v = value.trim().toLowerCase();
  if (trueValues.some((t) => t.toLowerCase() === v)) return ok(true);
  if (falseValues.some((f) => f.toLowerCase() === v)) return ok(false);
  const expected = [...trueValues.slice(0, 3), ...falseValues.slice(0, 3)];
  return fail(`"${short(value)}" is not a yes/no value (expected one of ${expected.join(', ')})`, 'not-boolean', {
    value: clip(value),
    expected,
  });
}

const CURRENCY_RE = /^(?:[$€£¥₹]|[A-Z]{3}\s)|(?:[$€£¥₹]|\s[A-Z]{3})$/;
const SIMPLE_NUMBER = /^-?\d+(?:\.\d+)?$/;
const NUMBER_FORMS = {
  '.': {
    plain: /^(?:\d+(?:\.\d*)?|\.\d+)(?:e[+-]?\d+)?$/i,
    grouped: /^\d{1,3}(?:[, ']\d{3})+(?:\.\d+)?$/,
    separators: /[, ']/g,
  },
  ',': {
    plain: /^(?:\d+(?:,\d*)?|,\d+)(?:e[+-]?\d+)?$/i,
    grouped: /^\d{1,3}(?:[. ']\d{3})+(?:,\d+)?$/,
    separators: /[. ']/g,
  },
} as const;

/**
 * A number as people and spreadsheets write it: "$200,000 ", "1.234,56" (decimal ","), "(1,200)"
 * (accounting negative), "12 500", "1'000", "-3.5e2". Thousands separators must group by three.
 */
export function parseNumber(value: string, decimal: '.' | ',' = '.'): Result<number> {
  if (decimal === '.' && SIMPLE_NUMBER.test(value)) return ok(Number(value));
  let v = value.trim().replace(/[\u00a0\u202f]/g, ' ');
  let negative = false;
  if (v.startsWith('(') && v.endsWith(')')) {
    negative = true;
    v = v.slice(1, -1).trim();
  }
  if (v.startsWith('-')) {
    negative = !negative;
    v = v.slice(1).trim();
  } else if (v.startsWith('+')) v = v.slice(1).trim();
  for (let i = 0; i < 2 && CURRENCY_RE.test(v); i++) v = v.replace(CURRENCY_RE, '').trim();
  if (v.startsWith('-') && !negative) {
    negative = true;
    v = v.slice(1).trim();
  }
  const form = NUMBER_FORMS[decimal];
  let normal: string;
  if (form.plain.test(v)) normal = decimal === ',' ? v.replace(',', '.') : v;
  else if (form.grouped.test(v)) normal = v.replace(form.separators, '').replace(decimal, '.');
  else
    return fail(`"${short(value)}" is not a number${decimal === ',' ? ' (decimal comma)' : ''}`, 'not-number', {
      value: clip(value),
      decimal: decimal === ',' ? 'comma' : 'point',
    });
  const n = Number(normal);
  if (!Number.isFinite(n))
    return fail(`"${short(value)}" is not a finite number`, 'not-number', {
      value: clip(value),
      decimal: decimal === ',' ? 'comma' : 'point',
    });
  return ok(negative ? -n : n);
}

// ---------- text ----------

/** Cut a value for messages, so a 10 MB field never ends up in an error list. */
export function short(v: string, max = 60): string {
  return v.length <= max ? v : `${v.slice(0, max)}… (${v.length} characters)`;
}

/**
 * Undo the formula-injection guard of our own exports: a value written as "'=SUM(A1)" was "=SUM(A1)"
 * (see shared/domain/import/csv-out.ts), so exported and error files import back unchanged.
 */
export function unguardFormula(v: string): string {
  return v.length > 1 && v[0] === "'" && '=+-@\t\r'.includes(v[1]!) ? v.slice(1) : v;
}
