import type { ImportPreview } from '../../../../shared/contracts/imports.js';
import {
  AttributeKeySchema,
  MappingSchema,
  templateColumns,
  type FileOptions,
  type Mapping,
  type MappingField,
  type Transform,
} from '../../../../shared/domain/import/mapping.js';
import { attributeKey } from '../../../../shared/domain/import/suggest.js';
import {
  FIELDS,
  fieldSpec,
  HAS_ATTRIBUTES,
  type FieldType,
  type ImportKind,
} from '../../../../shared/domain/import/targets.js';

/*
 * What the wizard's mapping table edits: one row per column of the file (its target and transform)
 * plus the template and constant fields a preset brings (e.g. "{First Name} {Last Name}" → name),
 * turned back into the very Mapping the contract, the CLI and saved presets use.
 */

export type PreviewColumn = ImportPreview['columns'][number];

export interface ColumnDraft {
  column: string;
  /** A field of the kind, "attributes.<key>", "lead.attributes.<key>" or "ignore". */
  target: string;
  transform: Transform;
}

export interface MappingDraft {
  kind: ImportKind;
  name?: string | undefined;
  columns: ColumnDraft[];
  /** Template and constant fields, kept as they came. */
  extras: MappingField[];
  defaults?: Mapping['defaults'];
}

export const IGNORE = 'ignore';
export const ATTRIBUTE_PREFIX = 'attributes.';
export const LEAD_ATTRIBUTE_PREFIX = 'lead.attributes.';
const LEAD_PREFIX = 'lead.';

/** Touchpoints, handoffs and outcomes find their lead through lead.* targets. */
const refersToLead = (kind: ImportKind): boolean => FIELDS[kind].some((f) => f.name.startsWith(LEAD_PREFIX));

const lower = (s: string) => s.toLowerCase();

/** The draft for a preview: each column takes the field the mapping gives it, else it is ignored. */
export function draftFromMapping(mapping: Mapping, columns: readonly PreviewColumn[]): MappingDraft {
  const byColumn = new Map<string, Extract<MappingField, { column: string }>>();
  const extras: MappingField[] = [];
  for (const f of mapping.fields) {
    // A column that feeds a second target (an id that is also the lead's id) keeps it as an extra.
    if ('column' in f && !byColumn.has(lower(f.column)) && f.target !== IGNORE) byColumn.set(lower(f.column), f);
    else if (!('column' in f) || f.target !== IGNORE) extras.push(f);
  }
  return {
    kind: mapping.kind,
    name: mapping.name,
    ...(mapping.defaults ? { defaults: mapping.defaults } : {}),
    extras,
    columns: columns.map((c) => {
      const f = byColumn.get(lower(c.name));
      return { column: c.name, target: f?.target ?? IGNORE, transform: f?.transform ?? {} };
    }),
  };
}

/**
 * A new preview of the same upload (other delimiter, encoding or header): columns that are still
 * there keep what the user chose; the new ones start from the mapping the server suggested.
 */
export function mergeDraft(
  previous: MappingDraft | null,
  mapping: Mapping,
  columns: readonly PreviewColumn[],
  remembered: readonly ColumnDraft[] = [],
): MappingDraft {
  const fresh = draftFromMapping(mapping, columns);
  if (!previous || previous.kind !== mapping.kind) return fresh;
  // Choices made under an earlier reading count too (header off, then on again).
  const kept = new Map([...remembered, ...previous.columns].map((c) => [c.column, c]));
  const names = new Set(columns.map((c) => c.name));
  return {
    ...previous,
    columns: fresh.columns.map((c) => kept.get(c.column) ?? c),
    extras: previous.extras.filter((f) =>
      'template' in f
        ? templateColumns(f.template).every((n) => names.has(n))
        : 'column' in f
          ? names.has(f.column)
          : true,
    ),
  };
}

/** The type a column's values become: the field's type, or for an attribute its transform's (text by default). */
export function targetType(kind: ImportKind, target: string, transform: Transform): FieldType | null {
  if (target === IGNORE) return null;
  if (target.startsWith(ATTRIBUTE_PREFIX)) return transform.type ?? 'text';
  if (target.startsWith(LEAD_ATTRIBUTE_PREFIX)) return 'text';
  const spec = fieldSpec(kind, target);
  return spec ? (transform.type ?? spec.type) : null;
}

/** The date question: a date column with no format chosen whose values leave day and month open. */
export function needsDayMonthAnswer(kind: ImportKind, c: ColumnDraft, column: PreviewColumn | undefined): boolean {
  return (
    targetType(kind, c.target, c.transform) === 'date' && !c.transform.dateFormat && column?.date?.ambiguous === true
  );
}

export type DraftProblem =
  | { code: 'duplicate'; target: string; column: string | null }
  | { code: 'attributeKey'; column: string; message: string }
  | { code: 'required'; target: string }
  | { code: 'leadKey' }
  | { code: 'leadRef' }
  | { code: 'dayMonth'; column: string }
  | { code: 'noDateFormat'; column: string };

const extraTarget = (f: MappingField) => f.target;

/** What stops the draft from making a mapping that runs, each tied to its column where it has one. */
export function draftProblems(draft: MappingDraft, columns: readonly PreviewColumn[]): DraftProblem[] {
  const problems: DraftProblem[] = [];
  const preview = new Map(columns.map((c) => [c.name, c]));
  const seen = new Set<string>();
  for (const t of draft.extras.map(extraTarget)) if (t !== IGNORE) seen.add(t);
  for (const c of draft.columns) {
    if (c.target === IGNORE) continue;
    if (seen.has(c.target)) problems.push({ code: 'duplicate', target: c.target, column: c.column });
    seen.add(c.target);
    for (const prefix of [ATTRIBUTE_PREFIX, LEAD_ATTRIBUTE_PREFIX]) {
      if (!c.target.startsWith(prefix)) continue;
      const key = AttributeKeySchema.safeParse(c.target.slice(prefix.length));
      if (!key.success)
        problems.push({ code: 'attributeKey', column: c.column, message: key.error.issues[0]!.message });
    }
    const col = preview.get(c.column);
    if (needsDayMonthAnswer(draft.kind, c, col)) problems.push({ code: 'dayMonth', column: c.column });
    else if (
      targetType(draft.kind, c.target, c.transform) === 'date' &&
      !c.transform.dateFormat &&
      (col?.date?.candidates.length ?? 0) === 0
    )
      problems.push({ code: 'noDateFormat', column: c.column });
  }
  for (const spec of FIELDS[draft.kind])
    if (spec.required && !seen.has(spec.name)) problems.push({ code: 'required', target: spec.name });
  if (draft.kind === 'leads' && !seen.has('externalId') && !seen.has('email')) problems.push({ code: 'leadKey' });
  if (refersToLead(draft.kind) && ![...seen].some((t) => t.startsWith(LEAD_PREFIX))) problems.push({ code: 'leadRef' });
  return problems;
}

/** Drop empty options, so the mapping says only what the user set. */
function cleanTransform(t: Transform): Transform | undefined {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(t)) {
    if (v === undefined || v === '') continue;
    if (Array.isArray(v) && v.length === 0) continue;
    if (typeof v === 'object' && !Array.isArray(v) && v !== null && Object.keys(v).length === 0) continue;
    out[k] = v;
  }
  return Object.keys(out).length > 0 ? (out as Transform) : undefined;
}

/** The draft as a Mapping, checked by the contract's own schema. */
export function draftToMapping(
  draft: MappingDraft,
  file?: FileOptions,
): { ok: true; mapping: Mapping } | { ok: false; message: string } {
  const fields: MappingField[] = [...draft.extras];
  for (const c of draft.columns) {
    if (c.target === IGNORE) continue;
    const transform = cleanTransform(c.transform);
    fields.push(transform ? { column: c.column, target: c.target, transform } : { column: c.column, target: c.target });
  }
  if (fields.length === 0) return { ok: false, message: 'nothing mapped' };
  const parsed = MappingSchema.safeParse({
    version: 1,
    kind: draft.kind,
    ...(draft.name ? { name: draft.name } : {}),
    ...(file && Object.keys(file).length > 0 ? { file } : {}),
    ...(draft.defaults ? { defaults: draft.defaults } : {}),
    fields,
  });
  return parsed.success
    ? { ok: true, mapping: parsed.data }
    : { ok: false, message: parsed.error.issues.map((i) => i.message).join('; ') };
}

/** Target choices for a column: ignore, the kind's fields, then a custom attribute (leads) or a lead attribute. */
export function targetOptions(kind: ImportKind): string[] {
  const fields = FIELDS[kind].map((f) => f.name);
  const extra = HAS_ATTRIBUTES[kind] ? [ATTRIBUTE_PREFIX] : refersToLead(kind) ? [LEAD_ATTRIBUTE_PREFIX] : [];
  return [IGNORE, ...fields, ...extra];
}

/** What the target select shows for a target: the field, or the attribute entry for "attributes.<key>". */
export function targetChoice(target: string): string {
  if (target.startsWith(LEAD_ATTRIBUTE_PREFIX)) return LEAD_ATTRIBUTE_PREFIX;
  if (target.startsWith(ATTRIBUTE_PREFIX)) return ATTRIBUTE_PREFIX;
  return target;
}

/** Pick a target: an attribute entry starts from a key made of the column's name. */
export function chooseTarget(c: ColumnDraft, choice: string): ColumnDraft {
  if (choice === ATTRIBUTE_PREFIX || choice === LEAD_ATTRIBUTE_PREFIX) {
    const old = targetChoice(c.target) === choice ? c.target.slice(choice.length) : attributeKey(c.column);
    return { ...c, target: choice + old };
  }
  // A field has its own type; an attribute's type choice does not carry over.
  const { type: _type, ...rest } = c.transform;
  return { ...c, target: choice, transform: choice === IGNORE ? c.transform : rest };
}

/** The other targets a column feeds through the extras (a template, a second field), so the table can say so. */
export function templateUse(draft: MappingDraft): Map<string, string[]> {
  const use = new Map<string, string[]>();
  for (const f of draft.extras) {
    const cols = 'template' in f ? templateColumns(f.template) : 'column' in f ? [f.column] : [];
    for (const col of cols) use.set(col, [...(use.get(col) ?? []), f.target]);
  }
  return use;
}
