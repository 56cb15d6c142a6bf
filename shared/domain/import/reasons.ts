/**
 * Why the import decided what it did, in a form the UI can say in its own language. Every reason
 * the import gives is first an English sentence (`reason`: the CLI, the errors CSV and the logs
 * print it as it is); beside it goes a stable code and the values the sentence was built from, and
 * the wizard shows the catalogue message import.why.<group>.<code> with them (falling back to the
 * English sentence for a code the catalogue does not know). Values are plain data: numbers are
 * formatted, and delimiters, encodings, date formats and field names named, by the UI; a value from
 * the file is passed as written (cut to 60 characters).
 */

/** A string[] is a list of words (allowed values), which the UI joins in its language. */
export type WhyValue = string | number | string[];
export type WhyValues = Record<string, WhyValue>;

export interface Why<C extends string> {
  code: C;
  values: WhyValues;
}

/**
 * How the encoding was found. Values: bom {encoding}; utf16-no-bom {encoding, side: 'after' |
 * 'before'} (where the zero byte is); not-utf8 {offset, byte: '0xe9'}; chosen {encoding}.
 */
export const ENCODING_WHYS = ['bom', 'utf16-no-bom', 'valid-utf8', 'not-utf8', 'chosen'] as const;
export type EncodingWhy = Why<(typeof ENCODING_WHYS)[number]>;

/**
 * How the delimiter was found. Values: fields-agree {delimiter, records, sampled, fields}
 * ("records of sampled records have fields fields"); chosen {delimiter}.
 */
export const DELIMITER_WHYS = ['fields-agree', 'one-column', 'chosen'] as const;
export type DelimiterWhy = Why<(typeof DELIMITER_WHYS)[number]>;

/** Whether the first record is a header, and why. Values: like-data {columns} (the typed columns). */
export const HEADER_WHYS = [
  'empty-sample',
  'one-record',
  'like-data',
  'only-numbers',
  'text-above-typed',
  'default',
  'chosen',
] as const;
export type HeaderWhy = Why<(typeof HEADER_WHYS)[number]>;

/**
 * Why a cell (or a row) is rejected. `value` is always the file's value as written (cut). Values:
 * not-date {value, format}; no-such-month {value, month, format}; no-such-day {value, day, month:
 * 'YYYY-MM'}; year-out-of-range {value, year}; date-out-of-range {value}; not-number {value,
 * decimal: 'comma' | 'point'}; not-integer {value}; not-boolean {value, expected: string[]};
 * not-email {value}; not-currency {value}; required-empty {field}; not-allowed {value, allowed:
 * string[]}; too-long {max}; nul {}; field-count {fields, columns} (the row's and the header's);
 * no-lead, lead-needs-key, decided-before-handed, closed-before-opened {}.
 */
export const CELL_WHYS = [
  'not-date',
  'no-such-month',
  'no-such-day',
  'year-out-of-range',
  'date-out-of-range',
  'not-number',
  'not-integer',
  'not-boolean',
  'not-email',
  'not-currency',
  'required-empty',
  'not-allowed',
  'too-long',
  'nul',
  'field-count',
  'no-lead',
  'lead-needs-key',
  'decided-before-handed',
  'closed-before-opened',
] as const;
export type CellWhyCode = (typeof CELL_WHYS)[number];
export type CellWhy = Why<CellWhyCode>;

/** A file's value for a why: as written, cut to `max` characters (the English says how long it was). */
export function clip(v: string, max = 60): string {
  return v.length <= max ? v : `${v.slice(0, max)}…`;
}
