import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ImportPreview } from '../../shared/contracts/imports.js';
import { ValueTypeSchema } from '../../shared/domain/import/mapping.js';
import { BUILTIN_PRESETS } from '../../shared/domain/import/suggest.js';
import { FIELDS, IMPORT_KINDS } from '../../shared/domain/import/targets.js';
import { DATE_FORMATS } from '../../shared/domain/import/transforms.js';
import {
  chooseTarget,
  draftFromMapping,
  draftProblems,
  draftToMapping,
  mergeDraft,
  templateUse,
  type PreviewColumn,
} from '../../renderer/src/features/import/mapping-draft.js';
import { formToTransform, transformToForm } from '../../renderer/src/features/import/transform-form.js';

/** The wizard's mapping draft: from a preset to the table and back to the very Mapping the contract takes. */

const col = (name: string, samples: string[] = [], date: PreviewColumn['date'] = null): PreviewColumn => ({
  name,
  samples,
  suggestion: { target: 'ignore', basis: 'fallback' },
  date,
  country: null,
  values: null,
});
const AMBIGUOUS: PreviewColumn['date'] = { candidates: ['mdy', 'dmy'], ambiguous: true, evidence: null, unparsed: [] };
const HUBSPOT = BUILTIN_PRESETS.find((p) => p.id === 'builtin:hubspot-contacts')!.mapping;
const HUBSPOT_COLUMNS = ['Record ID', 'First Name', 'Last Name', 'Email', 'Create Date', 'Annual Revenue', 'Phone'].map(
  (n) => col(n),
);

describe('mapping draft', () => {
  it('gives every column of the file a row: its field from the preset, else ignore; templates stay as extras', () => {
    const d = draftFromMapping(HUBSPOT, HUBSPOT_COLUMNS);
    expect(d.columns.map((c) => [c.column, c.target])).toEqual([
      ['Record ID', 'externalId'],
      ['First Name', 'ignore'],
      ['Last Name', 'ignore'],
      ['Email', 'email'],
      ['Create Date', 'createdAt'],
      ['Annual Revenue', 'attributes.annual_revenue'],
      ['Phone', 'ignore'],
    ]);
    expect(d.extras).toEqual([{ template: '{First Name} {Last Name}', target: 'name' }]);
    expect(templateUse(d).get('First Name')).toEqual(['name']);
  });

  it('turns back into a mapping the contract accepts, with only the options that were set', () => {
    const d = draftFromMapping(HUBSPOT, HUBSPOT_COLUMNS);
    const r = draftToMapping(d, { delimiter: ';' });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.mapping.file).toEqual({ delimiter: ';' });
    expect(r.mapping.fields).toContainEqual({
      column: 'Annual Revenue',
      target: 'attributes.annual_revenue',
      transform: { type: 'number' },
    });
    expect(r.mapping.fields.some((f) => 'column' in f && f.column === 'Phone')).toBe(false);
    expect(r.mapping.fields[0]).toEqual({ template: '{First Name} {Last Name}', target: 'name' });
  });

  it("keeps a second target of the same column (an opportunity id that is also the lead's id) as an extra", () => {
    const m = {
      version: 1 as const,
      kind: 'outcomes' as const,
      fields: [
        { column: 'opportunity_id', target: 'externalId', transform: { prefix: 'mv-' } },
        { column: 'opportunity_id', target: 'lead.externalId', transform: { prefix: 'mv-' } },
        { column: 'deal_stage', target: 'result' },
      ],
    };
    const columns = [col('opportunity_id'), col('deal_stage')];
    const d = draftFromMapping(m, columns);
    expect(d.columns.map((c) => c.target)).toEqual(['externalId', 'result']);
    expect(templateUse(d).get('opportunity_id')).toEqual(['lead.externalId']);
    expect(draftProblems(d, columns)).toEqual([]);
    const back = draftToMapping(d);
    expect(back.ok && back.mapping.fields).toEqual([m.fields[1], m.fields[0], m.fields[2]]);
  });

  it('names what stops the mapping: a target filled twice, a bad attribute key, no lead key, an unanswered date', () => {
    const columns = [col('id'), col('mail'), col('signed', ['1/2/2021', '3/4/2021'], AMBIGUOUS)];
    const base = draftFromMapping(
      {
        version: 1,
        kind: 'leads',
        fields: [
          { column: 'id', target: 'attributes.x y' },
          { column: 'mail', target: 'createdAt' },
          { column: 'signed', target: 'createdAt' },
        ],
      },
      columns,
    );
    const codes = draftProblems(base, columns).map((p) => p.code);
    expect(codes).toEqual(['attributeKey', 'noDateFormat', 'duplicate', 'dayMonth', 'leadKey']);
    const answered = {
      ...base,
      columns: [
        chooseTarget(base.columns[0]!, 'externalId'),
        chooseTarget(base.columns[1]!, 'ignore'),
        { ...base.columns[2]!, transform: { dateFormat: 'dmy' as const } },
      ],
    };
    expect(draftProblems(answered, columns)).toEqual([]);
  });

  it('asks touchpoints, handoffs and outcomes for a way to find their lead, and required fields', () => {
    const columns = [col('when'), col('what')];
    const d = draftFromMapping(
      { version: 1, kind: 'touchpoints', fields: [{ column: 'what', target: 'type' }] },
      columns,
    );
    expect(draftProblems(d, columns)).toEqual([{ code: 'required', target: 'occurredAt' }, { code: 'leadRef' }]);
  });

  it('an attribute choice starts from a key made of the column name, and keeps a key the user typed', () => {
    const c = { column: 'Annual Revenue (€)', target: 'ignore', transform: {} };
    const a = chooseTarget(c, 'attributes.');
    expect(a.target).toBe('attributes.annual_revenue');
    expect(chooseTarget({ ...a, target: 'attributes.revenue' }, 'attributes.').target).toBe('attributes.revenue');
    // A field's own type wins: the attribute's type choice does not carry over.
    expect(chooseTarget({ ...a, transform: { type: 'number', trim: false } }, 'budget').transform).toEqual({
      trim: false,
    });
  });

  it('a new reading of the file keeps the choices for columns that are still there, even from an earlier reading', () => {
    const first = draftFromMapping(HUBSPOT, HUBSPOT_COLUMNS);
    const edited = {
      ...first,
      columns: first.columns.map((c) => (c.column === 'Phone' ? { ...c, target: 'attributes.phone' } : c)),
    };
    const numbered: ImportPreview['columns'] = [col('Column 1'), col('Column 2')];
    const noHeader = mergeDraft(
      edited,
      { version: 1, kind: 'leads', fields: [{ column: 'Column 1', target: 'email' }] },
      numbered,
    );
    expect(noHeader.columns.map((c) => c.target)).toEqual(['email', 'ignore']);
    const back = mergeDraft(noHeader, HUBSPOT, HUBSPOT_COLUMNS, edited.columns);
    expect(back.columns.find((c) => c.column === 'Phone')?.target).toBe('attributes.phone');
  });
});

describe('column options form', () => {
  it('round-trips a transform and validates with the contract schema', () => {
    const t = {
      type: 'boolean' as const,
      trueValues: ['TRUE', 'yes'],
      falseValues: ['FALSE'],
      missing: ['N/A'],
      trim: false,
    };
    const f = transformToForm(t, [], undefined);
    expect(f.trueValues).toBe('TRUE, yes');
    expect(formToTransform(f)).toEqual({ ok: true, transform: t });
    const bad = formToTransform({ ...f, type: 'date', dateFormat: 'dmy', timeZone: 'Mars/Olympus' });
    expect(bad).toEqual({ ok: false, errors: { timeZone: 'unknown time zone' } });
  });

  it('offers a value map for enum fields from the samples, with a catch-all', () => {
    const f = transformToForm(
      { values: { 'Closed Won': 'won' } },
      ['Closed Won', 'Closed Lost'],
      ['open', 'won', 'lost'],
    );
    expect(f.values).toEqual([
      { from: 'Closed Won', to: 'won' },
      { from: 'Closed Lost', to: '' },
      { from: '*', to: '' },
    ]);
    const r = formToTransform({ ...f, values: [...f.values.slice(0, 2), { from: '*', to: 'open' }] });
    expect(r).toEqual({ ok: true, transform: { values: { 'Closed Won': 'won', '*': 'open' } } });
  });
});

describe('wizard catalogue', () => {
  it('has a message for every field, kind, type and date format the wizard names by id', () => {
    const en = JSON.parse(readFileSync(join('shared', 'i18n', 'en.json'), 'utf8')) as Record<string, string>;
    const ids = [
      ...IMPORT_KINDS.flatMap((k) => [
        `import.kind.${k}`,
        `import.kindHint.${k}`,
        ...FIELDS[k].map((f) => `import.field.${k}.${f.name}`),
      ]),
      ...ValueTypeSchema.options.map((t) => `import.type.${t}`),
      ...DATE_FORMATS.flatMap((f) => [`import.dateFormat.${f}`, `import.dateFormatLong.${f}`]),
    ];
    expect(ids.filter((id) => !(id in en))).toEqual([]);
  });
});
