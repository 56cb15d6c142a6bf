import type { Db } from '../../db/connection.js';
import { getMeta } from '../../db/meta.repo.js';
import { getPreset } from '../../db/imports.repo.js';
import type { ImportPreview } from '../../../shared/contracts/imports.js';
import { buildRow, compileMapping, MappingError, type CompiledMapping } from '../../../shared/domain/import/compile.js';
import type { FileOptions, Mapping } from '../../../shared/domain/import/mapping.js';
import { countryCode } from '../../../shared/domain/import/country.js';
import { columnNames } from '../../../shared/domain/import/sniff.js';
import { applyPreset, BUILTIN_PRESETS, matchPreset, suggestMapping } from '../../../shared/domain/import/suggest.js';
import type { ImportKind } from '../../../shared/domain/import/targets.js';
import { detectDateFormats, isValidTimeZone } from '../../../shared/domain/import/transforms.js';
import { AppError } from '../../../shared/errors.js';
import { detectFile, readRecords, type CsvRecord } from './csv-reader.js';
import { SAMPLE_RECORDS } from './parser.js';
import { statSync } from 'node:fs';
import type { ResolvedSource } from './sources.js';

export interface PreviewInput {
  kind: ImportKind;
  mapping?: Mapping | undefined;
  presetId?: string | undefined;
  file?: FileOptions | undefined;
  rows: number;
}

function presetMapping(db: Db, id: string): { mapping: Mapping; name: string } {
  const builtin = BUILTIN_PRESETS.find((p) => p.id === id);
  if (builtin) return { mapping: builtin.mapping, name: builtin.name };
  const saved = getPreset(db, id);
  if (!saved?.mapping) throw new AppError('not_found', `No import preset ${id}.`);
  return { mapping: saved.mapping, name: saved.name };
}

/**
 * The wizard's first look at a file: what was detected, the first rows, per-column samples and the
 * date formats they allow, the mapping suggested (or the preset or mapping given, fitted to the file)
 * and those rows through it. Reads the first SAMPLE_RECORDS records only, on the calling thread.
 */
/** The column's distinct samples as countries; null when none names one (not a country column). */
function countrySamples(values: readonly string[]): ImportPreview['columns'][number]['country'] {
  const distinct = [...new Set(values.map((v) => v.trim()).filter((v) => v !== ''))];
  const read: { value: string; code: string }[] = [];
  const unknown: string[] = [];
  let known = 0;
  for (const value of distinct) {
    const code = countryCode(value);
    if (code === null) unknown.push(value.length > 40 ? `${value.slice(0, 40)}…` : value);
    else {
      known++;
      if (code !== value) read.push({ value, code });
    }
  }
  return known === 0 ? null : { read: read.slice(0, 5), unknown: unknown.slice(0, 5) };
}

/** Distinct values a column's value counts keep; a column with more has too many to list (ids, names, dates). */
export const MAX_DISTINCT_VALUES = 50;
/** Records the value counts read at most (a bigger file's counts are of its first ones). */
const MAX_COUNTED_RECORDS = 2_000_000;

type ValueCounts = { counts: (Map<string, number> | null)[]; complete: boolean };

/**
 * Every distinct value of each column, trimmed, with its count, over the whole file: what a value
 * map is made from (the first rows of a sorted export may hold only some of the stages). A column
 * stops being counted past MAX_DISTINCT_VALUES; the reading stops once no column is still counted.
 */
class ValueCounter {
  readonly counts: (Map<string, number> | null)[];
  private live: number;
  constructor(width: number) {
    this.counts = Array.from({ length: width }, () => new Map<string, number>());
    this.live = width;
  }
  get done(): boolean {
    return this.live === 0;
  }
  add(fields: readonly string[]): void {
    for (let i = 0; i < this.counts.length; i++) {
      const m = this.counts[i];
      if (!m) continue;
      const v = (fields[i] ?? '').trim();
      if (v === '') continue;
      const n = m.get(v);
      if (n !== undefined) m.set(v, n + 1);
      else if (m.size >= MAX_DISTINCT_VALUES) {
        this.counts[i] = null;
        this.live--;
      } else m.set(v, 1);
    }
  }
}

/**
 * The counts of one reading of one file (path, size, modification time, encoding, delimiter,
 * header): the wizard asks for a preview at every change of the mapping, and the file is read once.
 */
const countCache = new Map<string, ValueCounts>();
const COUNT_CACHE_SIZE = 4;

async function countValues(
  key: string,
  head: readonly CsvRecord[],
  rest: AsyncGenerator<CsvRecord> | null,
  width: number,
): Promise<ValueCounts> {
  const cached = countCache.get(key);
  if (cached) return cached;
  const counter = new ValueCounter(width);
  for (const r of head) counter.add(r.fields);
  let complete = rest === null;
  if (rest) {
    let n = head.length;
    try {
      for (;;) {
        if (counter.done) {
          complete = true;
          break;
        }
        if (n >= MAX_COUNTED_RECORDS) break;
        const next = await rest.next();
        if (next.done) {
          complete = true;
          break;
        }
        counter.add(next.value.fields);
        n++;
      }
    } catch {
      // A record the import will refuse (broken quotes, bad bytes): the counts are of the rows before it.
    }
  }
  const out = { counts: counter.counts, complete };
  if (countCache.size >= COUNT_CACHE_SIZE) countCache.delete(countCache.keys().next().value!);
  countCache.set(key, out);
  return out;
}

export async function preview(db: Db, source: ResolvedSource, input: PreviewInput): Promise<ImportPreview> {
  const fileOptions = input.file ?? input.mapping?.file ?? {};
  const detected = detectFile(source.path, source.fileName, fileOptions);
  const records = readRecords(source.path, {
    fileName: source.fileName,
    encoding: detected.encoding.encoding,
    delimiter: detected.delimiter.delimiter,
  });
  let header: string[] | null = null;
  const head: CsvRecord[] = [];
  let chars = 0;
  let complete = false;
  for (;;) {
    const next = await records.next();
    if (next.done) {
      complete = true;
      break;
    }
    for (const f of next.value.fields) chars += f.length + 1;
    if (detected.header.hasHeader && header === null) header = next.value.fields;
    else head.push(next.value);
    if (head.length >= SAMPLE_RECORDS) break;
  }
  if (head.length === 0) {
    await records.return(undefined);
    throw new AppError(
      'validation',
      header ? `${source.fileName} has a header but no data rows.` : `${source.fileName} has no rows.`,
    );
  }

  const width = header?.length ?? Math.max(...head.map((r) => r.fields.length));
  let mtime = 0;
  try {
    mtime = statSync(source.path).mtimeMs;
  } catch {
    // detectFile has just read it; a file gone since fails below as it would have
  }
  const countKey = JSON.stringify([
    source.path,
    detected.size,
    mtime,
    detected.encoding.encoding,
    detected.delimiter.delimiter,
    detected.header.hasHeader,
  ]);
  const valueCounts = await countValues(countKey, head, complete ? null : records, width);
  await records.return(undefined);
  const { names: columns, duplicates } = columnNames(header, width);
  const samples = new Map(columns.map((c, i) => [c, head.map((r) => r.fields[i] ?? '')]));
  const suggestion = suggestMapping(input.kind, columns, samples);

  let mapping: Mapping;
  let preset: ImportPreview['preset'] = null;
  if (input.mapping) mapping = input.mapping;
  else if (input.presetId && input.presetId !== 'generic') {
    const p = presetMapping(db, input.presetId);
    const fitted = applyPreset(p.mapping, columns);
    mapping = { ...fitted.mapping, kind: p.mapping.kind };
    preset = { id: input.presetId, name: p.name, dropped: fitted.dropped, kept: fitted.kept };
  } else {
    const match = input.presetId === 'generic' ? null : matchPreset(columns, input.kind);
    if (match) {
      const fitted = applyPreset(match.mapping, columns);
      mapping = fitted.mapping;
      preset = { id: match.id, name: match.name, dropped: fitted.dropped, kept: fitted.kept };
    } else mapping = suggestion.mapping;
  }
  if (Object.keys(fileOptions).length > 0) mapping = { ...mapping, file: { ...mapping.file, ...fileOptions } };

  const tz = getMeta(db, 'time_zone');
  let compiled: CompiledMapping | null = null;
  let problems: string[] = [];
  try {
    compiled = compileMapping(mapping, columns, {
      fileName: source.fileName,
      timeZone: tz && isValidTimeZone(tz) ? tz : 'UTC',
      samples,
      duplicates,
    });
  } catch (e) {
    if (!(e instanceof MappingError)) throw e;
    problems = e.problems;
  }

  const rows = head.slice(0, input.rows).map((r, i) => {
    const n = i + 1;
    const base = { row: n, line: r.line, fields: r.fields };
    if (r.fields.length !== columns.length) {
      return {
        ...base,
        values: null,
        errors: [
          {
            file: source.fileName,
            row: n,
            line: r.line,
            column: '(row)',
            target: '',
            value: '',
            reason: `the row has ${r.fields.length} fields and the header ${columns.length}`,
            code: 'field-count' as const,
            values: { fields: r.fields.length, columns: columns.length },
          },
        ],
      };
    }
    if (!compiled) return { ...base, values: null, errors: [] };
    const built = buildRow(compiled, r.fields, n);
    return built.ok
      ? { ...base, values: built.row as Record<string, unknown>, errors: [] }
      : {
          ...base,
          values: null,
          errors: built.errors.map((e) => ({ file: source.fileName, row: n, line: r.line, ...e })),
        };
  });

  const suggestionFor = new Map(suggestion.columns.map((s) => [s.column, s]));
  const avg = chars / Math.max(1, head.length + (header ? 1 : 0));
  return {
    fileName: source.fileName,
    size: detected.size,
    estimatedRows: complete ? head.length : Math.round(detected.size / Math.max(1, avg)) - (header ? 1 : 0),
    detected: {
      encoding: detected.encoding.encoding,
      encodingReason: detected.encoding.reason,
      encodingWhy: detected.encoding.why,
      delimiter: detected.delimiter.delimiter,
      delimiterReason: detected.delimiter.reason,
      delimiterWhy: detected.delimiter.why,
      hasHeader: detected.header.hasHeader,
      headerReason: detected.header.reason,
      headerWhy: detected.header.why,
    },
    columns: columns.map((name) => {
      const values = samples.get(name) ?? [];
      const s = suggestionFor.get(name);
      const dates = detectDateFormats(values);
      const distinct = [...new Set(values.map((v) => v.trim()).filter((v) => v !== ''))].slice(0, 5);
      const counted = valueCounts.counts[columns.indexOf(name)];
      return {
        name,
        values: counted
          ? [...counted]
              .map(([value, count]) => ({ value: value.length > 200 ? `${value.slice(0, 200)}…` : value, count }))
              .sort((a, b) => b.count - a.count || a.value.localeCompare(b.value))
          : null,
        samples: distinct.map((v) => (v.length > 200 ? `${v.slice(0, 200)}…` : v)),
        suggestion: {
          target: s?.target ?? 'ignore',
          basis: s?.basis ?? 'fallback',
          ...(s?.transform ? { transform: s.transform } : {}),
        },
        date:
          dates.readable > 0
            ? {
                candidates: dates.candidates,
                ambiguous: dates.ambiguous,
                evidence: dates.evidence,
                unparsed: dates.unparsed.map((v) => (v.length > 40 ? `${v.slice(0, 40)}…` : v)),
              }
            : null,
        country: countrySamples(values),
      };
    }),
    rows,
    mapping,
    preset,
    mappingProblems: problems,
    unusedColumns: compiled?.unused ?? [],
    valuesComplete: valueCounts.complete,
  };
}
