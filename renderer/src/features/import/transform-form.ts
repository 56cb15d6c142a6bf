import { TransformSchema, ValueTypeSchema, type Transform } from '../../../../shared/domain/import/mapping.js';
import { DATE_FORMATS, type DateFormat } from '../../../../shared/domain/import/transforms.js';

/** What the column options form holds: text as typed; `toTransform` checks it with the contract's TransformSchema. */
export interface TransformForm {
  type: '' | (typeof ValueTypeSchema.options)[number];
  dateFormat: '' | DateFormat;
  timeZone: string;
  decimal: '.' | ',';
  trueValues: string;
  falseValues: string;
  missing: string;
  trim: boolean;
  prefix: string;
  /** File value → field value; the key "*" stands for every other value. */
  values: { from: string; to: string }[];
}

export const OTHER_VALUES = '*';
const list = (s: string) =>
  s
    .split(',')
    .map((x) => x.trim())
    .filter((x) => x !== '');

export function transformToForm(
  t: Transform,
  samples: readonly string[],
  allowed: readonly string[] | undefined,
): TransformForm {
  const map = t.values ?? {};
  // The map ignores case and surrounding spaces (compile.ts): a key "closed won" is the row of the
  // file's "Closed Won", not a second one.
  const norm = (k: string) => k.trim().toLowerCase();
  const mapped = new Map(Object.entries(map).map(([k, v]) => [norm(k), v]));
  const keys: string[] = [];
  const seen = new Set<string>();
  for (const k of [...(allowed ? samples : []), ...Object.keys(map)]) {
    if (k === OTHER_VALUES || seen.has(norm(k))) continue;
    seen.add(norm(k));
    keys.push(k);
  }
  return {
    type: t.type ?? '',
    dateFormat: t.dateFormat ?? '',
    timeZone: t.timeZone ?? '',
    decimal: t.decimal ?? '.',
    trueValues: (t.trueValues ?? []).join(', '),
    falseValues: (t.falseValues ?? []).join(', '),
    missing: (t.missing ?? []).join(', '),
    trim: t.trim !== false,
    prefix: t.prefix ?? '',
    values: [
      ...keys.map((from) => ({ from, to: mapped.get(norm(from)) ?? '' })),
      ...(allowed ? [{ from: OTHER_VALUES, to: map[OTHER_VALUES] ?? '' }] : []),
    ],
  };
}

export type TransformErrors = Partial<Record<keyof TransformForm, string>>;

export function formToTransform(
  f: TransformForm,
): { ok: true; transform: Transform } | { ok: false; errors: TransformErrors } {
  const values: Record<string, string> = {};
  for (const v of f.values) if (v.to !== '' && v.from.trim() !== '') values[v.from.trim()] = v.to;
  const raw: Record<string, unknown> = {
    ...(f.type ? { type: f.type } : {}),
    ...(f.dateFormat ? { dateFormat: f.dateFormat } : {}),
    ...(f.timeZone.trim() ? { timeZone: f.timeZone.trim() } : {}),
    ...(f.decimal === ',' ? { decimal: ',' } : {}),
    ...(list(f.trueValues).length ? { trueValues: list(f.trueValues) } : {}),
    ...(list(f.falseValues).length ? { falseValues: list(f.falseValues) } : {}),
    ...(list(f.missing).length ? { missing: list(f.missing) } : {}),
    ...(f.trim ? {} : { trim: false }),
    ...(f.prefix ? { prefix: f.prefix } : {}),
    ...(Object.keys(values).length ? { values } : {}),
  };
  const parsed = TransformSchema.safeParse(raw);
  if (parsed.success) return { ok: true, transform: parsed.data };
  const errors: TransformErrors = {};
  for (const issue of parsed.error.issues) {
    const key = String(issue.path[0] ?? 'type') as keyof TransformForm;
    errors[key] ??= issue.message;
  }
  return { ok: false, errors };
}

export const DATE_FORMAT_CHOICES: readonly DateFormat[] = DATE_FORMATS;
