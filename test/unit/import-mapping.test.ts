import { describe, expect, it } from 'vitest';
import { buildRow, compileMapping, MappingError } from '../../shared/domain/import/compile.js';
import { MappingSchema, type Mapping } from '../../shared/domain/import/mapping.js';
import { applyPreset, BUILTIN_PRESETS, matchPreset, suggestMapping } from '../../shared/domain/import/suggest.js';

const ctx = { fileName: 'f.csv', timeZone: 'UTC' };
const m = (kind: Mapping['kind'], fields: Mapping['fields'], extra: Partial<Mapping> = {}): Mapping =>
  MappingSchema.parse({ version: 1, kind, fields, ...extra });

describe('mapping compile', () => {
  const columns = ['Record ID', 'First Name', 'Last Name', 'Email', 'Employees', 'Signed up', 'Newsletter', 'Revenue'];

  it('builds typed rows: templates, constants, attributes, transforms, missing values', () => {
    const c = compileMapping(
      m(
        'leads',
        [
          { column: 'Record ID', target: 'externalId', transform: { prefix: 'hs-' } },
          { template: '{First Name} {Last Name}', target: 'name' },
          { column: 'email', target: 'email' },
          { column: 'Employees', target: 'employees' },
          { column: 'Signed up', target: 'createdAt', transform: { dateFormat: 'mdy' } },
          { column: 'Newsletter', target: 'attributes.newsletter', transform: { type: 'boolean' } },
          { column: 'Revenue', target: 'attributes.revenue', transform: { type: 'number' } },
          { value: 'hubspot', target: 'source' },
        ],
        { defaults: { missing: ['N/A'] } },
      ),
      columns,
      ctx,
    );
    const ok = buildRow(
      c,
      ['17', ' Ada ', 'Lovelace', 'ADA@example.com ', '1,200', '1/18/2021 0:00', 'yes', '$200,000 '],
      1,
    );
    expect(ok).toEqual({
      ok: true,
      row: {
        externalId: 'hs-17',
        name: 'Ada Lovelace',
        email: 'ADA@example.com',
        employees: 1200,
        createdAt: Date.UTC(2021, 0, 18),
        source: 'hubspot',
        attributes: { newsletter: true, revenue: 200_000 },
      },
    });
    const sparse = buildRow(c, ['18', '', '', 'bob@example.com', 'N/A', '', '', ''], 2);
    expect(sparse).toEqual({ ok: true, row: { externalId: 'hs-18', email: 'bob@example.com', source: 'hubspot' } });
  });

  it('reports every bad cell of a row with its column, value and reason', () => {
    const c = compileMapping(
      m('leads', [
        { column: 'Record ID', target: 'externalId' },
        { column: 'Email', target: 'email' },
        { column: 'Employees', target: 'employees' },
        { column: 'Signed up', target: 'createdAt', transform: { dateFormat: 'mdy' } },
      ]),
      columns,
      ctx,
    );
    const bad = buildRow(c, ['1', 'x', 'y', 'not-an-email', '12.5', '13/45/2021', '', ''], 3);
    expect(bad.ok).toBe(false);
    if (bad.ok) return;
    expect(bad.errors.map((e) => [e.column, e.value])).toEqual([
      ['Employees', '12.5'],
      ['Signed up', '13/45/2021'],
    ]);
    expect(bad.errors[0]!.reason).toMatch(/not a whole number/);
    expect(bad.errors[1]!.reason).toMatch(/month 13 does not exist/);
    const schemaBad = buildRow(c, ['1', '', '', 'not-an-email', '', '', '', ''], 4);
    expect(schemaBad).toMatchObject({
      ok: false,
      errors: [{ column: 'Email', target: 'email', value: 'not-an-email', reason: 'is not an email address' }],
    });
    const noKey = buildRow(c, ['', '', '', '', '', '', '', ''], 5);
    expect(noKey).toMatchObject({ ok: false, errors: [{ reason: 'a lead needs an external id or an email' }] });
  });

  it('maps values of enum fields and refuses the unmapped ones', () => {
    const c = compileMapping(
      m('outcomes', [
        { column: 'id', target: 'lead.externalId' },
        { column: 'stage', target: 'result', transform: { values: { 'Closed Won': 'won', 'Closed Lost': 'lost' } } },
      ]),
      ['id', 'stage'],
      ctx,
    );
    expect(buildRow(c, ['1', 'closed won'], 1)).toMatchObject({ ok: true, row: { result: 'won' } });
    expect(buildRow(c, ['1', 'Negotiation'], 2)).toMatchObject({
      ok: false,
      errors: [
        {
          column: 'stage',
          value: 'Negotiation',
          reason: expect.stringMatching(/not one of the allowed values \(open, won, lost\)/),
        },
      ],
    });
  });

  it('finds every problem of the mapping itself before any row is read', () => {
    let err: unknown;
    try {
      compileMapping(
        m('handoffs', [
          { column: 'Nope', target: 'handedAt', transform: { dateFormat: 'iso' } },
          { column: 'Email', target: 'decision' },
          { column: 'Email', target: 'attributes.x' },
          { column: 'Employees', target: 'colour' },
        ]),
        columns,
        ctx,
      );
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(MappingError);
    const problems = (err as MappingError).problems.join('\n');
    expect(problems).toMatch(/the file has no column "Nope"/);
    expect(problems).toMatch(/only leads have custom attributes/);
    expect(problems).toMatch(/"colour" is not a field of handoffs/);
    expect(problems).toMatch(/must find their lead/);
  });

  it('asks for mdy or dmy when the samples cannot tell, and picks the format when they can', () => {
    const mapping = m('leads', [
      { column: 'id', target: 'externalId' },
      { column: 'd', target: 'createdAt' },
    ]);
    expect(() =>
      compileMapping(mapping, ['id', 'd'], { ...ctx, samples: new Map([['d', ['1/2/2021', '3/4/2021']]]) }),
    ).toThrow(/day and month cannot be told apart.*"mdy" or "dmy"/);
    const c = compileMapping(mapping, ['id', 'd'], { ...ctx, samples: new Map([['d', ['1/2/2021', '3/24/2021']]]) });
    expect(c.resolvedDateFormats).toEqual({ createdAt: 'mdy' });
    expect(() => compileMapping(mapping, ['id', 'd'], { ...ctx, samples: new Map([['d', ['soon']]]) })).toThrow(
      /no date format reads the values \(e.g. "soon"\)/,
    );
  });

  it('makes a mapping that names a duplicated header choose one', () => {
    const { names, duplicates } = { names: ['Email (1)', 'id', 'Email (3)'], duplicates: new Map([['email', [0, 2]]]) };
    expect(() =>
      compileMapping(m('leads', [{ column: 'Email', target: 'email' }]), names, { ...ctx, duplicates }),
    ).toThrow(/the header has "Email" 2 times \(columns 1, 3\); map "Email \(1\)" or "Email \(3\)" instead/);
    const c = compileMapping(m('leads', [{ column: 'Email (3)', target: 'email' }]), names, { ...ctx, duplicates });
    expect(buildRow(c, ['a@x.io', '1', 'b@x.io'], 1)).toMatchObject({ ok: true, row: { email: 'b@x.io' } });
  });

  it('keeps {$row} and {$file} for files without an id column', () => {
    const c = compileMapping(m('leads', [{ template: 'deal-{$row}', target: 'externalId' }]), ['Product'], ctx);
    expect(buildRow(c, ['A'], 7)).toMatchObject({ ok: true, row: { externalId: 'deal-7' } });
  });
});

describe('suggestions and presets', () => {
  const hubspot = [
    'Record ID',
    'First Name',
    'Last Name',
    'Email',
    'Company Name',
    'Country/Region',
    'Industry',
    'Number of Employees',
    'Job Title',
    'Lifecycle Stage',
    'Original Source',
    'Create Date',
    'Contact owner',
    'Annual Revenue',
  ];

  it('suggests fields from header names and values, and attributes for the rest', () => {
    const samples = new Map<string, string[]>([
      ['Create Date', ['2024-05-01 13:45', '2024-06-02 09:00']],
      ['Annual Revenue', ['1000', '2500']],
      ['contact', ['a@x.io', 'b@y.io']],
    ]);
    const s = suggestMapping('leads', [...hubspot.slice(0, 12), 'Annual Revenue', 'contact', 'Shoe size'], samples);
    const target = (c: string) => s.columns.find((x) => x.column === c)?.target;
    expect(target('Record ID')).toBe('externalId');
    expect(target('Email')).toBe('email');
    expect(target('Company Name')).toBe('company');
    expect(target('Number of Employees')).toBe('employees');
    expect(target('Create Date')).toBe('createdAt');
    expect(s.columns.find((x) => x.column === 'Create Date')?.transform).toEqual({ dateFormat: 'iso' });
    expect(target('Annual Revenue')).toBe('attributes.annual_revenue');
    expect(target('Shoe size')).toBe('attributes.shoe_size');
    expect(s.mapping.fields[0]).toEqual({ template: '{First Name} {Last Name}', target: 'name' });
    expect(MappingSchema.safeParse(s.mapping).success).toBe(true);
    // for kinds without attributes, unknown columns are ignored
    expect(
      suggestMapping('touchpoints', ['Record ID', 'Activity Type', 'Timestamp', 'Weird'], new Map()).columns.map(
        (c) => c.target,
      ),
    ).toEqual(['lead.externalId', 'type', 'occurredAt', 'ignore']);
  });

  it('flags ambiguous date columns and placeholder values', () => {
    const s = suggestMapping(
      'leads',
      ['Email', 'Created', 'Country'],
      new Map([
        ['Created', ['1/2/2021', '3/4/2021']],
        ['Country', ['India', 'Select', 'Select']],
      ]),
    );
    expect(s.columns.find((c) => c.column === 'Created')?.date).toMatchObject({
      ambiguous: true,
      candidates: ['mdy', 'dmy'],
    });
    expect(s.mapping.defaults?.missing).toEqual(['Select']);
  });

  it('recognises the HubSpot, Salesforce leads and Salesforce opportunities exports', () => {
    expect(matchPreset(hubspot)?.id).toBe('builtin:hubspot-contacts');
    expect(
      matchPreset([
        'Lead ID',
        'First Name',
        'Last Name',
        'Title',
        'Company / Account',
        'Email',
        'Lead Source',
        'Industry',
        'No. of Employees',
        'Country',
        'Create Date',
        'Lead Owner',
      ])?.id,
    ).toBe('builtin:salesforce-leads');
    expect(
      matchPreset([
        'Opportunity ID',
        'Contact Email',
        'Stage',
        'Amount',
        'Created Date',
        'Close Date',
        'Loss Reason',
        'Competitor',
      ])?.id,
    ).toBe('builtin:salesforce-opportunities');
    expect(matchPreset(['a', 'b'])).toBeNull();
    for (const p of BUILTIN_PRESETS) expect(MappingSchema.safeParse(p.mapping).success, p.id).toBe(true);
  });

  it('fits a preset to a trimmed export by leaving out the columns it lacks', () => {
    const fitted = applyPreset(BUILTIN_PRESETS[0]!.mapping, hubspot);
    expect(fitted.dropped).toEqual(['Lead Status', 'Website URL']);
    expect(() =>
      compileMapping(fitted.mapping, hubspot, { ...ctx, samples: new Map([['Create Date', ['2024-05-01 13:45']]]) }),
    ).not.toThrow();
  });
});
