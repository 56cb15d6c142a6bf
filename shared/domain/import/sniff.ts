import type { DelimiterWhy, HeaderWhy } from './reasons.js';

/**
 * Delimiter and header detection from the head of a decoded CSV file. Pure.
 */

export const DELIMITERS = [',', ';', '\t', '|'] as const;
export type Delimiter = (typeof DELIMITERS)[number];

export const DELIMITER_NAMES: Record<Delimiter, string> = { ',': 'comma', ';': 'semicolon', '\t': 'tab', '|': 'pipe' };

/**
 * Split the start of a CSV text into records (RFC 4180 quoting), stopping after `max` records. The
 * last record is dropped when the text may continue beyond it (`complete` false): it may be cut.
 * Lenient: only for sniffing; the import itself goes through the strict streaming parser.
 */
export function splitSample(text: string, delimiter: string, max = 50, complete = false): string[][] {
  const records: string[][] = [];
  let fields: string[] = [];
  let field = '';
  let inQuotes = false;
  let i = 0;
  const n = text.length;
  let ended = true;
  while (i < n && records.length < max) {
    const c = text[i]!;
    ended = false;
    if (inQuotes) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        inQuotes = false;
      } else field += c;
      i++;
      continue;
    }
    if (c === '"' && field === '') inQuotes = true;
    else if (c === delimiter) {
      fields.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      fields.push(field);
      records.push(fields);
      fields = [];
      field = '';
      ended = true;
      if (c === '\r' && text[i + 1] === '\n') i++;
    } else field += c;
    i++;
  }
  if (!ended && records.length < max && complete) {
    fields.push(field);
    records.push(fields);
  }
  return records.filter((r) => !(r.length === 1 && r[0] === ''));
}

export interface DelimiterGuess {
  delimiter: Delimiter;
  /** Fields per record in the sample (the most common count). */
  columns: number;
  /** Share of sampled records with that field count (1 = every record agrees). */
  consistency: number;
  reason: string;
  /** The same as a code and its values, for the UI's language (shared/domain/import/reasons.ts). */
  why: DelimiterWhy;
}

/** The delimiter that splits the sampled records into the same number (> 1) of fields most often. */
export function sniffDelimiter(text: string, complete = false): DelimiterGuess {
  let best: DelimiterGuess | null = null;
  for (const d of DELIMITERS) {
    const records = splitSample(text, d, 50, complete);
    if (records.length === 0) continue;
    const counts = new Map<number, number>();
    for (const r of records) counts.set(r.length, (counts.get(r.length) ?? 0) + 1);
    let mode = 1;
    let modeCount = 0;
    for (const [k, v] of counts) if (v > modeCount || (v === modeCount && k > mode)) [mode, modeCount] = [k, v];
    if (mode < 2) continue;
    const consistency = modeCount / records.length;
    const better =
      !best ||
      consistency > best.consistency + 1e-9 ||
      (Math.abs(consistency - best.consistency) < 1e-9 && mode > best.columns);
    if (better) {
      best = {
        delimiter: d,
        columns: mode,
        consistency,
        reason: `${DELIMITER_NAMES[d]}: ${modeCount} of ${records.length} sampled records have ${mode} fields`,
        why: {
          code: 'fields-agree',
          values: { delimiter: d, records: modeCount, sampled: records.length, fields: mode },
        },
      };
    }
  }
  return (
    best ?? {
      delimiter: ',',
      columns: 1,
      consistency: 1,
      reason: 'one column only (no delimiter found); read as comma-separated',
      why: { code: 'one-column', values: {} },
    }
  );
}

type ValueShape = 'empty' | 'number' | 'date' | 'boolean' | 'text';

const NUMBER_RE = /^[-+]?[$€£]?\s?\d[\d,. ]*%?$/;
const DATE_RE = /^(\d{4}-\d{1,2}-\d{1,2}|\d{1,2}[/.]\d{1,2}[/.]\d{2,4}|\d{8})([ T].*)?$/;
const BOOL_RE = /^(true|false|yes|no)$/i;

function shapeOf(v: string): ValueShape {
  const s = v.trim();
  if (s === '') return 'empty';
  if (DATE_RE.test(s)) return 'date';
  if (NUMBER_RE.test(s)) return 'number';
  if (BOOL_RE.test(s)) return 'boolean';
  return 'text';
}

export interface HeaderGuess {
  hasHeader: boolean;
  reason: string;
  /** The same as a code and its values, for the UI's language (shared/domain/import/reasons.ts). */
  why: HeaderWhy;
}

const headerGuess = (hasHeader: boolean, reason: string, code: HeaderWhy['code'], values: HeaderWhy['values'] = {}): HeaderGuess => ({
  hasHeader,
  reason,
  why: { code, values },
});

/**
 * Whether the first record is a header: it is, unless it looks like the data below it (a column
 * whose values are numbers or dates also has a number or date in the first record). With nothing
 * to compare, exports almost always carry a header, so that is the default.
 */
export function detectHeader(records: readonly (readonly string[])[]): HeaderGuess {
  const [first, ...rest] = records;
  if (!first) return headerGuess(true, 'empty sample', 'empty-sample');
  if (rest.length === 0) return headerGuess(true, 'only one record: taken as the header', 'one-record');
  let typedColumns = 0;
  let firstLooksLikeData = 0;
  for (let c = 0; c < first.length; c++) {
    const shapes = rest.map((r) => shapeOf(r[c] ?? '')).filter((s) => s !== 'empty');
    if (shapes.length === 0) continue;
    const typed = shapes.every((s) => s === 'number') ? 'number' : shapes.every((s) => s === 'date') ? 'date' : null;
    if (!typed) continue;
    typedColumns++;
    const head = shapeOf(first[c] ?? '');
    if (head === typed || head === 'empty') firstLooksLikeData++;
  }
  if (typedColumns > 0 && firstLooksLikeData === typedColumns) {
    return headerGuess(
      false,
      `the first record has values like the data in all ${typedColumns} number or date columns`,
      'like-data',
      { columns: typedColumns },
    );
  }
  const names = first.map((v) => v.trim()).filter((v) => v !== '');
  if (names.length > 0 && names.every((v) => shapeOf(v) === 'number'))
    return headerGuess(false, 'the first record holds only numbers', 'only-numbers');
  return typedColumns > 0
    ? headerGuess(true, 'the first record is text above number or date columns', 'text-above-typed')
    : headerGuess(true, 'default: exports carry a header', 'default');
}

/**
 * Column names from the header record: trimmed; an empty one becomes "Column N"; a name that occurs
 * more than once gets its column number, "Email (3)" and "Email (7)", so every column can be named in
 * a mapping and a mapping that says just "Email" is told to choose.
 */
export function columnNames(
  header: readonly string[] | null,
  count: number,
): { names: string[]; duplicates: Map<string, number[]> } {
  const width = Math.max(count, header?.length ?? 0);
  const raw = Array.from({ length: width }, (_, i) => (header ? (header[i] ?? '').trim() : ''));
  const positions = new Map<string, number[]>();
  raw.forEach((r, i) => {
    if (r !== '') positions.set(r.toLowerCase(), [...(positions.get(r.toLowerCase()) ?? []), i]);
  });
  const duplicates = new Map<string, number[]>();
  for (const [k, v] of positions) if (v.length > 1) duplicates.set(k, v);
  const names = raw.map((r, i) =>
    r === '' ? `Column ${i + 1}` : duplicates.has(r.toLowerCase()) ? `${r} (${i + 1})` : r,
  );
  return { names, duplicates };
}
