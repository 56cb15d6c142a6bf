import { describe, expect, it } from 'vitest';
import { buildRow, compileMapping } from '../../shared/domain/import/compile.js';
import { countryCode } from '../../shared/domain/import/country.js';
import { MappingSchema } from '../../shared/domain/import/mapping.js';
import type { Rule } from '../../shared/domain/criteria.js';
import { withCountryCodes } from '../../shared/domain/rule-country.js';

describe('country values from CRM exports', () => {
  it('reads codes, alpha-3 codes and names in English and other languages as the alpha-2 code', () => {
    expect(countryCode('NL')).toBe('NL');
    expect(countryCode(' nl ')).toBe('NL');
    expect(countryCode('NLD')).toBe('NL');
    expect(countryCode('Netherlands')).toBe('NL');
    expect(countryCode('the Netherlands')).toBe('NL');
    expect(countryCode('Nederland')).toBe('NL');
    expect(countryCode('United States')).toBe('US');
    expect(countryCode('U.S.A.')).toBe('US');
    expect(countryCode('UK')).toBe('GB');
    expect(countryCode('Deutschland')).toBe('DE');
    expect(countryCode('Česká republika')).toBe('CZ');
    expect(countryCode('ceska republika')).toBe('CZ');
    expect(countryCode('ایران')).toBe('IR');
    expect(countryCode('Korea, Republic of')).toBe('KR');
  });

  it('names no country for region names, placeholders and junk', () => {
    for (const v of ['unknown', 'Asia/Pacific Region', 'EMEA', '', '—', 'Europe']) expect(countryCode(v)).toBeNull();
  });

  it('stores the code for a lead row and keeps a value that is no country as written', () => {
    const c = compileMapping(
      MappingSchema.parse({
        version: 1,
        kind: 'leads',
        fields: [
          { column: 'Email', target: 'email' },
          { column: 'Country', target: 'country' },
        ],
      }),
      ['Email', 'Country'],
      { fileName: 'leads.csv', timeZone: 'UTC' },
    );
    expect(buildRow(c, ['a@example.com', 'India'], 1)).toEqual({ ok: true, row: { email: 'a@example.com', country: 'IN' } });
    expect(buildRow(c, ['b@example.com', 'United Arab Emirates'], 2)).toEqual({
      ok: true,
      row: { email: 'b@example.com', country: 'AE' },
    });
    expect(buildRow(c, ['c@example.com', 'Asia/Pacific Region'], 3)).toEqual({
      ok: true,
      row: { email: 'c@example.com', country: 'Asia/Pacific Region' },
    });
  });
});

describe('a territory rule typed with country names', () => {
  const rule = (operator: 'in' | 'not_in' | 'equals' | 'contains', value: unknown) =>
    ({ id: 'r', kind: 'fit', label: 'T', field: 'country', operator, value, points: 3, cap: null, decayHalfLifeDays: null, windowDays: null }) as Rule;
  it('is kept with the codes leads carry; a part that names no country keeps the value whole', () => {
    expect(withCountryCodes(rule('in', ['Netherlands', 'Belgium, France', 'Korea, Republic of', 'NL', 'EMEA'])).value).toEqual(['NL', 'BE', 'FR', 'KR', 'EMEA']);
    expect(withCountryCodes(rule('not_in', ['Benelux, FR'])).value).toEqual(['Benelux, FR']);
    expect(withCountryCodes(rule('equals', 'Deutschland')).value).toBe('DE');
    expect(withCountryCodes(rule('contains', 'Nether')).value).toBe('Nether');
    expect(withCountryCodes({ ...rule('in', ['Netherlands']), field: 'industry' }).value).toEqual(['Netherlands']);
  });
});
