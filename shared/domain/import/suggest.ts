import type { Mapping, MappingField, Transform } from './mapping.js';
import { FIELDS, HAS_ATTRIBUTES, normaliseHeader, type FieldSpec, type ImportKind } from './targets.js';
import { detectDateFormats, parseBoolean, parseNumber, type DateFormat } from './transforms.js';

/**
 * Suggestions for the wizard: which field each column probably is, from its header name and its
 * values, and the built-in presets for the CRM exports people bring most often.
 */

export interface ColumnSuggestion {
  column: string;
  /** Field name, "attributes.<key>" or "ignore". */
  target: string;
  /** 'name' when the header names the field, 'values' when the values gave it away, 'fallback' otherwise. */
  basis: 'name' | 'values' | 'template' | 'fallback';
  transform?: Transform;
  /** For date targets: the formats every sample fits, and whether the user must choose day or month first. */
  date?: { candidates: DateFormat[]; ambiguous: boolean; evidence: string | null };
}

const PLACEHOLDERS = ['select', 'n/a', 'na', 'null', 'none', '(none)', '-', '--', '#n/a', 'unknown'];
const EMAIL_RE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const DOMAIN_RE = /^(https?:\/\/)?[^\s@/]+\.[a-z]{2,}(\/\S*)?$/i;

/** Placeholder values that stand for "missing" in the samples (e.g. X Education's "Select"). */
export function detectPlaceholders(samples: ReadonlyMap<string, readonly string[]>): string[] {
  const found = new Map<string, string>();
  for (const values of samples.values()) {
    for (const v of values) {
      const t = v.trim();
      if (PLACEHOLDERS.includes(t.toLowerCase()) && !found.has(t.toLowerCase())) found.set(t.toLowerCase(), t);
    }
  }
  return [...found.values()];
}

export function attributeKey(column: string): string {
  const key = column
    .normalize('NFKD')
    .replace(/[^A-Za-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .toLowerCase()
    .slice(0, 63);
  return key === '' ? 'column' : key;
}

function valueType(values: readonly string[]): 'number' | 'boolean' | null {
  const v = values.map((s) => s.trim()).filter((s) => s !== '');
  if (v.length === 0) return null;
  if (v.every((s) => parseNumber(s).ok)) return 'number';
  if (v.every((s) => parseBoolean(s, ['true', 'yes'], ['false', 'no']).ok)) return 'boolean';
  return null;
}

/**
 * Whether sample values could be a field's: a header that only starts or ends with a field's name
 * ("Do Not Email", "Total Time Spent on Website") is taken for it only when the values fit.
 */
function valuesFit(spec: FieldSpec, values: readonly string[]): boolean {
  const v = values.map((s) => s.trim()).filter((s) => s !== '');
  if (v.length === 0) return true;
  if (spec.name === 'email' || spec.name === 'lead.email') return v.every((s) => EMAIL_RE.test(s));
  if (spec.name === 'domain') return v.every((s) => DOMAIN_RE.test(s));
  if (spec.type === 'number' || spec.type === 'integer') return v.every((s) => parseNumber(s).ok);
  if (spec.type === 'date') return detectDateFormats(v).candidates.length > 0;
  return true;
}

function nearName(
  kind: ImportKind,
  column: string,
  values: readonly string[],
  taken: ReadonlySet<string>,
): FieldSpec | undefined {
  const n = normaliseHeader(column);
  if (n === '') return undefined;
  return FIELDS[kind].find(
    (f) =>
      !taken.has(f.name) &&
      f.aliases.some((a) => a.length >= 5 && (n.endsWith(a) || n.startsWith(a))) &&
      valuesFit(f, values),
  );
}

/** A mapping suggestion from header names and sample values; every column gets a target. */
export function suggestMapping(
  kind: ImportKind,
  columns: readonly string[],
  samples: ReadonlyMap<string, readonly string[]>,
): { mapping: Mapping; columns: ColumnSuggestion[] } {
  const taken = new Set<string>();
  const out: ColumnSuggestion[] = [];
  const norm = columns.map(normaliseHeader);
  const first = columns[norm.findIndex((n) => n === 'firstname' || n === 'givenname')];
  const last = columns[norm.findIndex((n) => n === 'lastname' || n === 'surname' || n === 'familyname')];
  const nameTarget = kind === 'leads' && first && last && !norm.some((n) => n === 'name' || n === 'fullname');

  // A header that names a field exactly wins over one that only starts or ends with a field's name
  // ("Lead Source" is the source even when "Lead Origin" comes first).
  const exact = new Map<string, FieldSpec>();
  const candidates: { column: string; spec: FieldSpec; rank: number; order: number }[] = [];
  columns.forEach((column, order) => {
    if (nameTarget && (column === first || column === last)) return;
    const n = normaliseHeader(column);
    if (n === '') return;
    for (const spec of FIELDS[kind]) {
      const rank = spec.aliases.indexOf(n);
      if (rank >= 0) candidates.push({ column, spec, rank, order });
    }
  });
  // A field's first names are its best ones: "Lead Source" before "Lead Origin" for the source.
  candidates.sort((a, b) => a.rank - b.rank || a.order - b.order);
  const used = new Set<string>();
  for (const c of candidates) {
    if (exact.has(c.column) || used.has(c.spec.name)) continue;
    exact.set(c.column, c.spec);
    used.add(c.spec.name);
  }
  const claimed = new Set([...exact.values()].map((f) => f.name));

  for (const column of columns) {
    const values = samples.get(column) ?? [];
    if (nameTarget && (column === first || column === last)) {
      out.push({ column, target: 'ignore', basis: 'template' });
      continue;
    }
    let spec = exact.get(column) ?? nearName(kind, column, values, new Set([...taken, ...claimed]));
    let basis: ColumnSuggestion['basis'] = 'name';
    const nonEmpty = values.filter((v) => v.trim() !== '');
    if (!spec && nonEmpty.length > 0 && nonEmpty.every((v) => EMAIL_RE.test(v.trim()))) {
      spec = FIELDS[kind].find(
        (f) => (f.name === 'email' || f.name === 'lead.email') && !taken.has(f.name) && !claimed.has(f.name),
      );
      basis = 'values';
    }
    if (spec) {
      taken.add(spec.name);
      const s: ColumnSuggestion = { column, target: spec.name, basis };
      if (spec.type === 'date') {
        const g = detectDateFormats(values);
        s.date = { candidates: g.candidates, ambiguous: g.ambiguous, evidence: g.evidence };
        if (g.candidates[0] && !g.ambiguous) s.transform = { dateFormat: g.candidates[0] };
      }
      out.push(s);
      continue;
    }
    if (HAS_ATTRIBUTES[kind]) {
      const t = valueType(values);
      out.push({
        column,
        target: `attributes.${attributeKey(column)}`,
        basis: 'fallback',
        ...(t ? { transform: { type: t } } : {}),
      });
    } else out.push({ column, target: 'ignore', basis: 'fallback' });
  }

  // Two columns may slug to the same attribute key: number the later ones.
  const keys = new Set<string>();
  for (const s of out) {
    if (!s.target.startsWith('attributes.')) continue;
    let k = s.target;
    for (let i = 2; keys.has(k); i++) k = `${s.target}_${i}`;
    keys.add(k);
    s.target = k;
  }

  const fields: MappingField[] = out
    .filter((s) => s.target !== 'ignore')
    .map((s) =>
      s.transform
        ? { column: s.column, target: s.target, transform: s.transform }
        : { column: s.column, target: s.target },
    );
  if (nameTarget) fields.unshift({ template: `{${first}} {${last}}`, target: 'name' });
  const missing = detectPlaceholders(samples);
  const mapping: Mapping = {
    version: 1,
    kind,
    ...(missing.length ? { defaults: { missing } } : {}),
    fields: fields.length > 0 ? fields : [{ column: columns[0] ?? 'Column 1', target: 'ignore' }],
  };
  return { mapping, columns: out };
}

// ---------- presets ----------

export interface BuiltinPreset {
  id: string;
  name: string;
  description: string;
  mapping: Mapping;
}

export const BUILTIN_PRESETS: readonly BuiltinPreset[] = [
  {
    id: 'builtin:hubspot-contacts',
    name: 'HubSpot contacts export',
    description: 'Contacts → leads. Columns of HubSpot’s default contacts export; date formats are read from the file.',
    mapping: {
      version: 1,
      kind: 'leads',
      name: 'HubSpot contacts export',
      fields: [
        { column: 'Record ID', target: 'externalId' },
        { template: '{First Name} {Last Name}', target: 'name' },
        { column: 'Email', target: 'email' },
        { column: 'Company Name', target: 'company' },
        { column: 'Country/Region', target: 'country' },
        { column: 'Industry', target: 'industry' },
        { column: 'Number of Employees', target: 'employees' },
        { column: 'Job Title', target: 'jobTitle' },
        { column: 'Original Source', target: 'source' },
        { column: 'Create Date', target: 'createdAt' },
        { column: 'Contact owner', target: 'owner' },
        { column: 'Lifecycle Stage', target: 'attributes.lifecycle_stage' },
        { column: 'Lead Status', target: 'attributes.lead_status' },
        { column: 'Annual Revenue', target: 'attributes.annual_revenue', transform: { type: 'number' } },
        { column: 'Website URL', target: 'domain' },
      ],
    },
  },
  {
    id: 'builtin:salesforce-leads',
    name: 'Salesforce leads report',
    description:
      'A Salesforce “Leads” report exported as CSV → leads. Dates in the report’s locale (detected; asked when ambiguous).',
    mapping: {
      version: 1,
      kind: 'leads',
      name: 'Salesforce leads report',
      fields: [
        { column: 'Lead ID', target: 'externalId' },
        { template: '{First Name} {Last Name}', target: 'name' },
        { column: 'Email', target: 'email' },
        { column: 'Company / Account', target: 'company' },
        { column: 'Title', target: 'jobTitle' },
        { column: 'Lead Source', target: 'source' },
        { column: 'Industry', target: 'industry' },
        { column: 'No. of Employees', target: 'employees' },
        { column: 'Country', target: 'country' },
        { column: 'Create Date', target: 'createdAt' },
        { column: 'Lead Owner', target: 'owner' },
        { column: 'Lead Status', target: 'attributes.lead_status' },
        { column: 'Rating', target: 'attributes.rating' },
        { column: 'Annual Revenue', target: 'attributes.annual_revenue', transform: { type: 'number' } },
      ],
    },
  },
  {
    id: 'builtin:salesforce-opportunities',
    name: 'Salesforce opportunities report',
    description:
      'A Salesforce “Opportunities” report → outcomes, matched to leads by contact email. Closed Won → won, Closed Lost → lost, other stages → open.',
    mapping: {
      version: 1,
      kind: 'outcomes',
      name: 'Salesforce opportunities report',
      fields: [
        { column: 'Opportunity ID', target: 'externalId' },
        { column: 'Contact Email', target: 'lead.email' },
        {
          column: 'Stage',
          target: 'result',
          transform: { values: { 'Closed Won': 'won', 'Closed Lost': 'lost', '*': 'open' } },
        },
        { column: 'Amount', target: 'amount' },
        { column: 'Created Date', target: 'openedAt' },
        { column: 'Close Date', target: 'closedAt' },
        { column: 'Loss Reason', target: 'lossReason' },
        { column: 'Competitor', target: 'competitor' },
      ],
    },
  },
];

const fieldColumns = (f: MappingField): string[] =>
  'column' in f ? [f.column] : 'template' in f ? [...f.template.matchAll(/\{([^{}$][^{}]*)\}/g)].map((m) => m[1]!) : [];

/**
 * A preset applied to a file: the fields whose columns the file lacks are left out (listed in
 * `dropped`), so a preset built on the full export still fits a trimmed one.
 */
export function applyPreset(
  mapping: Mapping,
  columns: readonly string[],
): { mapping: Mapping; dropped: string[]; kept: number } {
  const have = new Set(columns.map((c) => c.toLowerCase()));
  const dropped: string[] = [];
  const fields = mapping.fields.filter((f) => {
    const need = fieldColumns(f);
    const keep = need.every((c) => have.has(c.toLowerCase()));
    if (!keep) dropped.push(need.filter((c) => !have.has(c.toLowerCase())).join(', '));
    return keep;
  });
  return { mapping: { ...mapping, fields: fields.length ? fields : mapping.fields }, dropped, kept: fields.length };
}

/** The built-in preset whose columns the file has most of (at least 60 %), if any. */
export function matchPreset(columns: readonly string[], kind?: ImportKind): BuiltinPreset | null {
  const have = new Set(columns.map((c) => c.toLowerCase()));
  let best: { p: BuiltinPreset; score: number } | null = null;
  for (const p of BUILTIN_PRESETS) {
    if (kind && p.mapping.kind !== kind) continue;
    const need = p.mapping.fields.flatMap(fieldColumns);
    const score = need.filter((c) => have.has(c.toLowerCase())).length / Math.max(1, need.length);
    if (score >= 0.6 && (!best || score > best.score)) best = { p, score };
  }
  return best?.p ?? null;
}
