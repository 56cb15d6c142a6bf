/**
 * Writing CSV cells safely: RFC 4180 quoting, and the formula-injection guard for values a
 * spreadsheet would run (OWASP "CSV injection"): a cell starting with = + - @ tab or CR gets a
 * leading single quote, except a plain number such as -12.5, which no spreadsheet runs.
 */

const FORMULA_START = /^[=+\-@\t\r]/;
const PLAIN_NUMBER = /^[+-]?(\d+([.,]\d+)*|\d*[.,]\d+)([eE][+-]?\d+)?$/;

export function neutralise(v: string): string {
  return FORMULA_START.test(v) && !PLAIN_NUMBER.test(v) ? `'${v}` : v;
}

/** One cell: null/undefined empty, numbers as is, text guarded and quoted when needed. */
export function csvCell(v: unknown, delimiter = ','): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : '';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  const s = neutralise(typeof v === 'string' ? v : JSON.stringify(v));
  return s.includes('"') || s.includes(delimiter) || s.includes('\n') || s.includes('\r')
    ? `"${s.replaceAll('"', '""')}"`
    : s;
}

/** One record, CRLF-terminated as RFC 4180 says (Excel reads both). */
export function csvLine(values: readonly unknown[], delimiter = ','): string {
  return values.map((v) => csvCell(v, delimiter)).join(delimiter) + '\r\n';
}
