import type { z } from 'zod';
import {
  AttributeKeySchema,
  fieldSource,
  templateColumns,
  type Mapping,
  type MappingField,
  type Transform,
} from './mapping.js';
import type { CellWhyCode, WhyValues } from './reasons.js';
import { clip } from './reasons.js';
import {
  FIELDS,
  HAS_ATTRIBUTES,
  ROW_MESSAGES,
  ROW_SCHEMAS,
  fieldSpec,
  type FieldType,
  type ImportKind,
  type ImportRow,
} from './targets.js';
import { countryCode } from './country.js';
import {
  detectDateFormats,
  parseBoolean,
  parseDate,
  parseNumber,
  short,
  unguardFormula,
  type DateFormat,
  type Failure,
  DATE_FORMAT_LABELS,
} from './transforms.js';

/**
 * A mapping checked against one file's columns and turned into a row builder. Compiling finds every
 * problem of the mapping itself (a missing column, a required field left out, an ambiguous date
 * format) before a single row is read; building a row finds the problems of that row.
 */

export interface CellError {
  /** The file's column (or the template / constant) the value came from. */
  column: string;
  /** The field it was going to. */
  target: string;
  value: string;
  /** Why, in English (the CLI, the errors CSV). */
  reason: string;
  /** Why, as a code and its values for the UI's language (reasons.ts); absent for a reason without one. */
  code?: CellWhyCode;
  values?: WhyValues;
}

export type AttributeValue = string | number | boolean | null;
type Value = string | number | boolean;

/**
 * Where a field's read leaves the raw text and, on failure, the reason (one object per row, not per
 * cell). `code` and `values` are set with every `error` and read only when `error` is set.
 */
interface Scratch {
  raw: string;
  error: string | null;
  code: CellWhyCode;
  values: WhyValues;
}

const NO_VALUES: WhyValues = Object.freeze({}) as WhyValues;
const NUL_REASON = 'contains a NUL character (binary data, or a UTF-16 file read as another encoding)';

/** The code of a row-schema message (ROW_MESSAGES), looked up only for a row that failed. */
const MESSAGE_CODES: ReadonlyMap<string, CellWhyCode> = new Map(
  Object.entries(ROW_MESSAGES).map(([code, message]) => [message, code as CellWhyCode]),
);
/** The row-schema messages about the cell's own value (the others are about the row). */
const ABOUT_THE_VALUE: ReadonlySet<CellWhyCode> = new Set(['not-email', 'not-integer', 'not-currency']);

interface CompiledField {
  target: string;
  source: string;
  type: FieldType;
  /** The value, null for a missing one; on failure null with `out.error` set. Throws nothing. */
  read(record: readonly string[], rowNo: number, out: Scratch): Value | null;
}

export interface CompiledMapping {
  kind: ImportKind;
  columns: readonly string[];
  fields: readonly CompiledField[];
  /** Columns of the file no field reads (shown as "ignored" in the wizard). */
  unused: string[];
  /** Date formats chosen from the samples because the mapping named none (kept in the history). */
  resolvedDateFormats: Record<string, DateFormat>;
  /**
   * Values of a country field that name no country (stored as written), with how many rows had
   * each: counted as rows are built, over the whole file. At most MAX_UNKNOWN_COUNTRIES values.
   */
  unknownCountries: Map<string, number>;
}

/** How many distinct unrecognised country values an import keeps count of. */
export const MAX_UNKNOWN_COUNTRIES = 1000;

export class MappingError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.length === 1 ? problems[0]! : `The mapping does not fit the file:\n- ${problems.join('\n- ')}`);
    this.name = 'MappingError';
  }
}

export interface CompileContext {
  fileName: string;
  /** Zone for dates without one when neither the field nor the defaults name one. */
  timeZone: string;
  /** Column name → sample values, to pick a date format when the mapping gives none. */
  samples?: ReadonlyMap<string, readonly string[]>;
  /** Positions of header names that occur more than once (lower-cased name → indexes). */
  duplicates?: ReadonlyMap<string, readonly number[]>;
}

function targetType(kind: ImportKind, target: string, t: Transform | undefined): { type: FieldType; problem?: string } {
  if (target.startsWith('attributes.')) {
    if (!HAS_ATTRIBUTES[kind]) return { type: 'text', problem: `"${target}": only leads have custom attributes` };
    const key = AttributeKeySchema.safeParse(target.slice('attributes.'.length));
    if (!key.success)
      return { type: 'text', problem: `"${target}": ${key.error.issues[0]?.message ?? 'bad attribute key'}` };
    return { type: t?.type ?? 'text' };
  }
  if (target.startsWith('lead.attributes.')) {
    if (!fieldSpec(kind, 'lead.externalId'))
      return { type: 'text', problem: `"${target}": ${kind} rows do not refer to a lead` };
    const key = AttributeKeySchema.safeParse(target.slice('lead.attributes.'.length));
    if (!key.success)
      return { type: 'text', problem: `"${target}": ${key.error.issues[0]?.message ?? 'bad attribute key'}` };
    return { type: 'text' };
  }
  const spec = fieldSpec(kind, target);
  if (!spec)
    return {
      type: 'text',
      problem: `"${target}" is not a field of ${kind} (fields: ${FIELDS[kind].map((f) => f.name).join(', ')}, or attributes.<key>${HAS_ATTRIBUTES[kind] ? '' : ' for leads'})`,
    };
  return { type: t?.type ?? spec.type };
}

type Converted = { ok: true; value: Value } | Failure;

function convert(value: string, type: FieldType, t: Transform, tz: string): Converted {
  switch (type) {
    case 'text':
      return { ok: true, value };
    case 'number':
    case 'integer': {
      const r = parseNumber(value, t.decimal ?? '.');
      if (!r.ok || type === 'number' || Number.isInteger(r.value)) return r;
      return { ok: false, reason: `"${short(value)}" is not a whole number`, code: 'not-integer', values: { value: clip(value) } };
    }
    case 'boolean':
      return parseBoolean(value, t.trueValues, t.falseValues);
    case 'date':
      return parseDate(value, t.dateFormat!, t.timeZone ?? tz);
  }
}

/** Trim, missing values, value map, prefix: the text steps before typing. Returns null for missing. */
function clean(
  raw: string,
  t: Transform,
  missing: ReadonlySet<string>,
  values: ReadonlyMap<string, string> | null,
): string | null {
  let v = t.trim === false ? raw : raw.trim();
  if (v === '') return null;
  if (v.charCodeAt(0) === 39) v = unguardFormula(v);
  if (missing.size > 0 && missing.has(v.toLowerCase())) return null;
  if (values) {
    const mapped = values.get(v.toLowerCase()) ?? values.get('*');
    if (mapped !== undefined) v = mapped;
    if (v === '') return null;
  }
  return t.prefix ? t.prefix + v : v;
}

export function compileMapping(mapping: Mapping, columns: readonly string[], ctx: CompileContext): CompiledMapping {
  const problems: string[] = [];
  const kind = mapping.kind;
  const index = new Map<string, number>();
  const lower = new Map<string, number>();
  columns.forEach((c, i) => {
    if (!index.has(c)) index.set(c, i);
    if (!lower.has(c.toLowerCase())) lower.set(c.toLowerCase(), i);
  });
  const used = new Set<number>();
  const resolvedDateFormats: Record<string, DateFormat> = {};

  const columnIndex = (name: string, where: string): number => {
    const i = index.get(name) ?? (ctx.duplicates?.has(name.toLowerCase()) ? undefined : lower.get(name.toLowerCase()));
    if (i !== undefined) {
      used.add(i);
      return i;
    }
    const dup = ctx.duplicates?.get(name.toLowerCase());
    if (dup) {
      const choices = dup.map((p) => `"${columns[p]}"`).join(' or ');
      problems.push(
        `${where}: the header has "${name}" ${dup.length} times (columns ${dup.map((p) => p + 1).join(', ')}); map ${choices} instead`,
      );
    } else {
      problems.push(
        `${where}: the file has no column "${name}" (columns: ${columns.slice(0, 30).join(', ')}${columns.length > 30 ? ', …' : ''})`,
      );
    }
    return -1;
  };

  const targets = new Set<string>();
  const fields: CompiledField[] = [];
  const unknownCountries = new Map<string, number>();
  for (const f of mapping.fields) {
    if (f.target === 'ignore') {
      if ('column' in f) columnIndex(f.column, 'ignore');
      continue;
    }
    const where = `${fieldSource(f)} → ${f.target}`;
    if (targets.has(f.target)) {
      problems.push(`${where}: "${f.target}" is mapped twice`);
      continue;
    }
    targets.add(f.target);
    const transform: Transform = { ...mapping.defaults, ...('transform' in f ? f.transform : undefined) };
    const tt = targetType(kind, f.target, transform);
    if (tt.problem) {
      problems.push(tt.problem);
      continue;
    }
    if (tt.type === 'date' && !transform.dateFormat) {
      const sampleKey = 'column' in f ? f.column : null;
      const samples = sampleKey ? ctx.samples?.get(sampleKey) : undefined;
      const guess = samples ? detectDateFormats(samples) : null;
      if (guess && guess.ambiguous) {
        problems.push(
          `${where}: day and month cannot be told apart in the values (e.g. ${samples!.find((s) => s.trim())?.trim() ?? ''}); set "dateFormat" to "mdy" or "dmy"`,
        );
        continue;
      }
      if (!guess || !guess.candidates[0]) {
        problems.push(
          `${where}: no date format reads the values${guess?.unparsed.length ? ` (e.g. "${short(guess.unparsed[0]!)}")` : ''}; set "dateFormat" (${Object.keys(DATE_FORMAT_LABELS).join(', ')})`,
        );
        continue;
      }
      transform.dateFormat = guess.candidates[0];
      resolvedDateFormats[f.target] = guess.candidates[0];
    }
    const compiled = compileField(f, tt.type, transform, ctx, columnIndex, where);
    if (!compiled) continue;
    const spec = fieldSpec(kind, f.target);
    if (spec?.normalize === 'country') fields.push(asCountryCode(compiled, unknownCountries));
    else if (spec?.values && tt.type === 'text') fields.push(asAllowedValue(compiled, spec.values));
    else fields.push(compiled);
  }

  for (const spec of FIELDS[kind]) {
    if (spec.required && !targets.has(spec.name))
      problems.push(`${kind} need "${spec.name}" (${spec.label}); map a column to it`);
  }
  if (kind === 'leads' && !targets.has('externalId') && !targets.has('email')) {
    problems.push('leads need "externalId" or "email" mapped: that is how a row finds an existing lead to update');
  }
  if (fieldSpec(kind, 'lead.externalId') && ![...targets].some((t) => t.startsWith('lead.'))) {
    problems.push(
      `${kind} rows must find their lead: map a column to "lead.externalId", "lead.email" or "lead.attributes.<key>"`,
    );
  }
  if (problems.length > 0) throw new MappingError(problems);
  return {
    kind,
    columns,
    fields,
    unused: columns.filter((_, i) => !used.has(i)),
    resolvedDateFormats,
    unknownCountries,
  };
}

function compileField(
  f: MappingField,
  type: FieldType,
  t: Transform,
  ctx: CompileContext,
  columnIndex: (name: string, where: string) => number,
  where: string,
): CompiledField | null {
  const missing = new Set((t.missing ?? []).map((m) => m.trim().toLowerCase()));
  const values = t.values ? new Map(Object.entries(t.values).map(([k, v]) => [k.trim().toLowerCase(), v])) : null;
  const finish = (raw: string, cleaned: string | null, out: Scratch): Value | null => {
    out.raw = raw;
    out.error = null;
    if (cleaned === null) return null;
    if (cleaned.includes('\u0000')) {
      out.error = NUL_REASON;
      out.code = 'nul';
      out.values = NO_VALUES;
      return null;
    }
    if (type === 'text') return cleaned;
    const r = convert(cleaned, type, t, ctx.timeZone);
    if (!r.ok) {
      out.error = r.reason;
      out.code = r.code;
      out.values = r.values;
      return null;
    }
    return r.value;
  };
  if ('column' in f) {
    const i = columnIndex(f.column, where);
    if (i < 0) return null;
    return {
      target: f.target,
      source: f.column,
      type,
      read: (rec, _rowNo, out) => finish(rec[i] ?? '', clean(rec[i] ?? '', t, missing, values), out),
    };
  }
  if ('template' in f) {
    const parts: ({ text: string } | { col: number } | { special: '$row' | '$file' })[] = [];
    let ok = true;
    for (const m of f.template.split(/(\{[^{}]+\})/)) {
      if (m === '') continue;
      const name = /^\{([^{}]+)\}$/.exec(m)?.[1];
      if (name === undefined) parts.push({ text: m });
      else if (name === '$row' || name === '$file') parts.push({ special: name });
      else {
        const i = columnIndex(name, where);
        if (i < 0) ok = false;
        parts.push({ col: i });
      }
    }
    if (!ok) return null;
    const hasColumns = templateColumns(f.template).length > 0;
    const plain: Transform = { trim: t.trim ?? true };
    return {
      target: f.target,
      source: f.template,
      type,
      read: (rec, rowNo, out) => {
        let anyValue = !hasColumns;
        let text = '';
        for (const p of parts) {
          if ('text' in p) text += p.text;
          else if ('special' in p) text += p.special === '$row' ? String(rowNo) : ctx.fileName;
          else {
            const v = clean(rec[p.col] ?? '', plain, missing, null);
            if (v !== null) {
              anyValue = true;
              text += v;
            }
          }
        }
        const raw = text.replace(/\s+/g, ' ').trim();
        return finish(raw, anyValue ? clean(raw, t, missing, values) : null, out);
      },
    };
  }
  const constant = f.value;
  return {
    target: f.target,
    source: `constant ${JSON.stringify(constant)}`,
    type,
    read: (_rec, _rowNo, out) => {
      if (typeof constant === 'string') return finish(constant, clean(constant, t, missing, values), out);
      out.raw = String(constant);
      out.error = null;
      return constant;
    },
  };
}

/**
 * Country names and alpha-3 codes become alpha-2 codes, which is what criteria compare; a value that
 * names no country is kept as written. Memoised per value: an export repeats a few dozen countries.
 */
function asCountryCode(field: CompiledField, unknown: Map<string, number>): CompiledField {
  const memo = new Map<string, string | null>();
  return {
    ...field,
    read: (rec, rowNo, out) => {
      const v = field.read(rec, rowNo, out);
      if (typeof v !== 'string') return v;
      let code = memo.get(v);
      if (code === undefined) {
        code = countryCode(v);
        if (memo.size < 10_000) memo.set(v, code);
      }
      if (code !== null) return code;
      const seen = unknown.get(v);
      if (seen !== undefined) unknown.set(v, seen + 1);
      else if (unknown.size < MAX_UNKNOWN_COUNTRIES) unknown.set(v, 1);
      return v;
    },
  };
}

/**
 * An enum-like field (an outcome's result, an offer's type, a handoff's decision) takes its allowed
 * values whatever their case and surrounding spaces: "Won", "LOST" and " won " are won and lost.
 * Runs after the value map, so a mapped value is matched the same way; any other value is left as
 * it is, for the row schema to reject with the allowed values.
 */
function asAllowedValue(field: CompiledField, allowed: readonly string[]): CompiledField {
  const canonical = new Map(allowed.map((a) => [a.toLowerCase(), a]));
  return {
    ...field,
    read: (rec, rowNo, out) => {
      const v = field.read(rec, rowNo, out);
      if (typeof v !== 'string') return v;
      return canonical.get(v.trim().toLowerCase()) ?? v;
    },
  };
}

export type BuiltRow = { ok: true; row: ImportRow } | { ok: false; errors: CellError[] };

/** One record through the compiled mapping and the kind's row schema. */
export function buildRow(c: CompiledMapping, record: readonly string[], rowNo: number): BuiltRow {
  const row: Record<string, unknown> = {};
  let attributes: Record<string, AttributeValue> | undefined;
  let errors: CellError[] | undefined;
  const out: Scratch = { raw: '', error: null, code: 'nul', values: NO_VALUES };
  const fields = c.fields;
  const raws: string[] = new Array<string>(fields.length);
  for (let k = 0; k < fields.length; k++) {
    const f = fields[k]!;
    const value = f.read(record, rowNo, out);
    raws[k] = out.raw;
    if (out.error !== null) {
      (errors ??= []).push({
        column: f.source,
        target: f.target,
        value: short(out.raw, 200),
        reason: out.error,
        code: out.code,
        values: out.values,
      });
      continue;
    }
    if (value === null) continue;
    if (f.target.startsWith('attributes.')) (attributes ??= {})[f.target.slice(11)] = value;
    else row[f.target] = value;
  }
  if (attributes) row.attributes = attributes;
  if (errors) return { ok: false, errors };
  const parsed = (ROW_SCHEMAS[c.kind] as z.ZodType).safeParse(row);
  if (parsed.success) return { ok: true, row: parsed.data as ImportRow };
  return {
    ok: false,
    errors: parsed.error.issues.map((i) => {
      const target =
        i.path.length > 0
          ? i.path[0] === 'attributes' && i.path[1] !== undefined
            ? `attributes.${String(i.path[1])}`
            : String(i.path[0])
          : '';
      const k = fields.findIndex((f) => f.target === target);
      const value = k >= 0 ? raws[k]! : '';
      const why = issueWhy(i, target, value);
      return { column: k >= 0 ? fields[k]!.source : target, target, value: short(value, 200), ...why };
    }),
  };
}

/** A row schema's complaint as a reason: the English sentence, and its code when it has one. */
function issueWhy(
  i: z.core.$ZodIssue,
  target: string,
  value: string,
): { reason: string; code?: CellWhyCode; values?: WhyValues } {
  if (i.code === 'invalid_type' && value === '')
    return { reason: `${target} is required and the value is empty`, code: 'required-empty', values: { field: target } };
  if (i.code === 'invalid_value' && 'values' in i) {
    const allowed = (i.values as unknown[]).map(String);
    return {
      reason: `"${short(value)}" is not one of the allowed values (${allowed.join(', ')})`,
      code: 'not-allowed',
      values: { value: clip(value), allowed },
    };
  }
  if (i.code === 'too_big' && i.origin === 'string')
    return { reason: i.message, code: 'too-long', values: { max: Number(i.maximum) } };
  const code = MESSAGE_CODES.get(i.message);
  if (!code) return { reason: i.message };
  return { reason: i.message, code, values: ABOUT_THE_VALUE.has(code) ? { value: clip(value) } : {} };
}
