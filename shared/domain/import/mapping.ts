import { z } from 'zod';
import { TEXT_ENCODINGS } from './encoding.js';
import { DELIMITERS } from './sniff.js';
import { ImportKindSchema } from './targets.js';
import { DATE_FORMATS, isValidTimeZone } from './transforms.js';

/**
 * The mapping: how the columns of one CSV become rows of one kind. The same JSON is a saved preset,
 * the CLI's --mapping file and what the wizard builds, so a mapping made in one place works in all.
 *
 * {
 *   "version": 1,
 *   "kind": "leads",
 *   "name": "HubSpot contacts",
 *   "file": { "delimiter": ",", "encoding": "utf-8", "header": true },
 *   "defaults": { "timeZone": "UTC", "missing": ["Select", "N/A"] },
 *   "fields": [
 *     { "column": "Record ID", "target": "externalId" },
 *     { "template": "{First Name} {Last Name}", "target": "name" },
 *     { "column": "Create Date", "target": "createdAt", "transform": { "dateFormat": "iso" } },
 *     { "column": "Annual Revenue", "target": "attributes.annual_revenue", "transform": { "type": "number" } },
 *     { "value": "hubspot", "target": "source" }
 *   ]
 * }
 */

export const AttributeKeySchema = z
  .string()
  .regex(/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,62}$/, 'attribute keys are letters, digits, _ . - (up to 63 characters)');

/** A field name of the kind, "attributes.<key>" (leads), "lead.attributes.<key>" (find the lead by an attribute), or "ignore". */
export const TargetSchema = z.string().min(1).max(120);

export const ValueTypeSchema = z.enum(['text', 'number', 'integer', 'boolean', 'date']);

export const TransformSchema = z
  .object({
    /** Overrides the target's type (for attributes: text unless said otherwise). */
    type: ValueTypeSchema.optional(),
    /** Trim spaces around the value (default true). */
    trim: z.boolean().optional(),
    /** Values that mean "missing" besides the empty string, compared case-insensitively (e.g. "Select", "N/A"). */
    missing: z.array(z.string().max(100)).max(50).optional(),
    /** Replace values (case-insensitive keys) before typing them; "*" catches every other non-empty value. */
    values: z.record(z.string().max(200), z.string().max(200)).optional(),
    dateFormat: z.enum(DATE_FORMATS).optional(),
    timeZone: z.string().max(64).refine(isValidTimeZone, 'unknown time zone').optional(),
    decimal: z.enum(['.', ',']).optional(),
    trueValues: z.array(z.string().max(50)).max(20).optional(),
    falseValues: z.array(z.string().max(50)).max(20).optional(),
    /** Put before every non-empty value, e.g. to keep ids of two systems apart ("sf-"). */
    prefix: z.string().max(50).optional(),
  })
  .strict();
export type Transform = z.infer<typeof TransformSchema>;

const ColumnField = z
  .object({ column: z.string().min(1).max(300), target: TargetSchema, transform: TransformSchema.optional() })
  .strict();
/** "{First Name} {Last Name}": column names in braces; {$row} is the record number, {$file} the file name. */
const TemplateField = z
  .object({ template: z.string().min(1).max(500), target: TargetSchema, transform: TransformSchema.optional() })
  .strict();
const ConstantField = z
  .object({ value: z.union([z.string().max(500), z.number(), z.boolean()]), target: TargetSchema })
  .strict();

export const MappingFieldSchema = z.union([ColumnField, TemplateField, ConstantField]);
export type MappingField = z.infer<typeof MappingFieldSchema>;

export const FileOptionsSchema = z
  .object({
    encoding: z.enum(TEXT_ENCODINGS).optional(),
    delimiter: z.enum(DELIMITERS).optional(),
    /** Whether the first record is a header (default: detected). Without one, columns are "Column 1", "Column 2", ... */
    header: z.boolean().optional(),
  })
  .strict();
export type FileOptions = z.infer<typeof FileOptionsSchema>;

export const MappingSchema = z
  .object({
    version: z.literal(1),
    kind: ImportKindSchema,
    name: z.string().trim().min(1).max(120).optional(),
    description: z.string().max(2000).optional(),
    file: FileOptionsSchema.optional(),
    /** Transform options every field starts from (a field's own transform wins). */
    defaults: TransformSchema.omit({ type: true, values: true, prefix: true }).optional(),
    fields: z.array(MappingFieldSchema).min(1).max(500),
  })
  .strict();
export type Mapping = z.infer<typeof MappingSchema>;

export const fieldSource = (f: MappingField): string =>
  'column' in f
    ? `column "${f.column}"`
    : 'template' in f
      ? `template "${f.template}"`
      : `constant ${JSON.stringify(f.value)}`;

/** The column names a template refers to, e.g. "{First Name} {Last Name}" → ["First Name", "Last Name"]. */
export function templateColumns(template: string): string[] {
  return [...template.matchAll(/\{([^{}]+)\}/g)].map((m) => m[1]!).filter((c) => !c.startsWith('$'));
}
