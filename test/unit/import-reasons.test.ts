import { readFileSync } from 'node:fs';
import { IntlMessageFormat } from 'intl-messageformat';
import { describe, expect, it } from 'vitest';
import { UI_LANGUAGES } from '../../shared/contracts/preferences.js';
import { buildRow, compileMapping, type CellError } from '../../shared/domain/import/compile.js';
import { detectEncoding } from '../../shared/domain/import/encoding.js';
import { MappingSchema, type Mapping } from '../../shared/domain/import/mapping.js';
import {
  CELL_WHYS,
  DELIMITER_WHYS,
  ENCODING_WHYS,
  HEADER_WHYS,
  type Why,
  type WhyValues,
} from '../../shared/domain/import/reasons.js';
import { detectHeader, sniffDelimiter } from '../../shared/domain/import/sniff.js';
import { parseBoolean, parseDate, parseNumber } from '../../shared/domain/import/transforms.js';

/*
 * Every reason the import gives has its English sentence (unchanged: the CLI, the errors CSV) and a
 * code with the values it was built from, which the wizard says in the UI language. Here: which code
 * each case gets, and that every code's message in every catalogue formats with those values.
 */

const ctx = { fileName: 'f.csv', timeZone: 'UTC' };
const m = (kind: Mapping['kind'], fields: Mapping['fields']): Mapping =>
  MappingSchema.parse({ version: 1, kind, fields });
const utf8 = (s: string) => new TextEncoder().encode(s);
const catalogue = (lang: string) =>
  JSON.parse(readFileSync(`shared/i18n/${lang}.json`, 'utf8')) as Record<string, string>;

/** Every why met below, with its catalogue group, to format in every language at the end. */
const seen: { group: string; why: Why<string> }[] = [];
const saw = <W extends Why<string>>(group: string, why: W): W => {
  seen.push({ group, why });
  return why;
};
function failure(r: { ok: true } | { ok: false; reason: string; code: string; values: WhyValues }) {
  if (r.ok) throw new Error('expected a failure');
  saw('cell', { code: r.code, values: r.values });
  return r;
}
function cellErrors(kind: Mapping['kind'], fields: Mapping['fields'], columns: string[], record: string[]): CellError[] {
  const built = buildRow(compileMapping(m(kind, fields), columns, ctx), record, 1);
  if (built.ok) throw new Error('expected the row to fail');
  for (const e of built.errors) if (e.code) saw('cell', { code: e.code, values: e.values ?? {} });
  return built.errors;
}

describe('detection reasons carry a code and values', () => {
  it('encoding: a BOM, UTF-16 without one, valid UTF-8, or the byte that is not UTF-8', () => {
    expect(detectEncoding(new Uint8Array([0xef, 0xbb, 0xbf, 0x61]))).toMatchObject({
      reason: 'UTF-8 byte-order mark',
      why: { code: 'bom', values: { encoding: 'utf-8' } },
    });
    expect(saw('encoding', detectEncoding(new Uint8Array([0xff, 0xfe, 0x61, 0])).why)).toEqual({
      code: 'bom',
      values: { encoding: 'utf-16le' },
    });
    expect(detectEncoding(new Uint8Array([0xfe, 0xff, 0, 0x61])).why).toEqual({
      code: 'bom',
      values: { encoding: 'utf-16be' },
    });
    const le = new Uint8Array([...'a,b\nc,d\n'].flatMap((c) => [c.charCodeAt(0), 0]));
    const g = detectEncoding(le);
    expect(g.reason).toBe('a zero byte after each character (UTF-16 LE without BOM)');
    expect(saw('encoding', g.why)).toEqual({ code: 'utf16-no-bom', values: { encoding: 'utf-16le', side: 'after' } });
    const be = new Uint8Array([...'a,b\nc,d\n'].flatMap((c) => [0, c.charCodeAt(0)]));
    expect(detectEncoding(be).why).toEqual({ code: 'utf16-no-bom', values: { encoding: 'utf-16be', side: 'before' } });
    expect(saw('encoding', detectEncoding(utf8('name\nZoë\n')).why)).toEqual({ code: 'valid-utf8', values: {} });
    const cafe = detectEncoding(new Uint8Array([0x43, 0x61, 0x66, 0xe9, 0x0a]));
    expect(cafe.reason).toBe('not valid UTF-8 (byte 3 is 0xe9); read as Windows-1252');
    expect(saw('encoding', cafe.why)).toEqual({ code: 'not-utf8', values: { offset: 3, byte: '0xe9' } });
    saw('encoding', { code: 'chosen', values: { encoding: 'windows-1252' } });
  });

  it('delimiter: how many sampled records the winner splits alike, or one column', () => {
    const text = 'a;b;c\n1;2;3\n4;5;6\n7;8\n';
    const g = sniffDelimiter(text, true);
    expect(g.reason).toBe('semicolon: 3 of 4 sampled records have 3 fields');
    expect(saw('delimiter', g.why)).toEqual({
      code: 'fields-agree',
      values: { delimiter: ';', records: 3, sampled: 4, fields: 3 },
    });
    expect(saw('delimiter', sniffDelimiter('just one column\nvalue\n').why)).toEqual({ code: 'one-column', values: {} });
    saw('delimiter', { code: 'chosen', values: { delimiter: '\t' } });
  });

  it('header: every way the first record is judged', () => {
    const cases: [string[][], boolean, string, WhyValues][] = [
      [[], true, 'empty-sample', {}],
      [[['a', 'b']], true, 'one-record', {}],
      [[['1', '20210105'], ['2', '20210106']], false, 'like-data', { columns: 2 }],
      [[['1', '2'], ['x', 'y']], false, 'only-numbers', {}],
      [[['id', 'when'], ['1', '2021-01-05']], true, 'text-above-typed', {}],
      [[['email', 'name'], ['ada@example.com', 'Ada']], true, 'default', {}],
    ];
    for (const [records, hasHeader, code, values] of cases) {
      const g = detectHeader(records);
      expect({ hasHeader: g.hasHeader, why: saw('header', g.why) }).toEqual({ hasHeader, why: { code, values } });
      expect(g.reason).not.toBe('');
    }
    expect(detectHeader([['1', '20210105'], ['2', '20210106']]).reason).toBe(
      'the first record has values like the data in all 2 number or date columns',
    );
    saw('header', { code: 'chosen', values: {} });
  });
});

describe('cell reasons carry a code and values, next to the English sentence', () => {
  it('dates: not in the format, no such month or day, year or instant out of range', () => {
    const bad = failure(parseDate('tomorrow', 'dmy'));
    expect(bad.reason).toMatch(/^"tomorrow" is not a date in the format day first/);
    expect(bad).toMatchObject({ code: 'not-date', values: { value: 'tomorrow', format: 'dmy' } });
    expect(failure(parseDate('abc', 'epoch_s'))).toMatchObject({ code: 'not-date', values: { value: 'abc', format: 'epoch_s' } });
    expect(failure(parseDate('2018-13-45', 'iso'))).toMatchObject({
      reason: '"2018-13-45": month 13 does not exist; dates are read as ISO 8601 (2021-01-05, 2021-01-05T10:00Z, 2021-01-05 10:00:00)',
      code: 'no-such-month',
      values: { value: '2018-13-45', month: '13', format: 'iso' },
    });
    expect(failure(parseDate('2/30/2021', 'mdy'))).toMatchObject({
      code: 'no-such-day',
      values: { value: '2/30/2021', day: '30', month: '2021-02' },
    });
    expect(failure(parseDate('1850-01-01', 'iso'))).toMatchObject({
      code: 'year-out-of-range',
      values: { value: '1850-01-01', year: '1850' },
    });
    // Before 1970 a timestamp is negative, which no stored date may be: refused here with the reason, not by the row schema.
    expect(failure(parseDate('1965-06-01', 'iso'))).toMatchObject({ code: 'year-out-of-range', values: { year: '1965' } });
    expect(parseDate('1970-01-01', 'iso')).toEqual({ ok: true, value: 0 });
    expect(failure(parseDate('99999999999999', 'epoch_s'))).toMatchObject({ code: 'date-out-of-range' });
  });

  it('numbers and yes/no values, with the decimal mark and the values expected', () => {
    expect(failure(parseNumber('12abc'))).toMatchObject({
      reason: '"12abc" is not a number',
      code: 'not-number',
      values: { value: '12abc', decimal: 'point' },
    });
    expect(failure(parseNumber('1.2.3,4,5', ','))).toMatchObject({ code: 'not-number', values: { decimal: 'comma' } });
    expect(failure(parseBoolean('maybe'))).toMatchObject({
      reason: '"maybe" is not a yes/no value (expected one of true, yes, y, false, no, n)',
      code: 'not-boolean',
      values: { value: 'maybe', expected: ['true', 'yes', 'y', 'false', 'no', 'n'] },
    });
  });

  it('a long value is cut in the values as in the sentence', () => {
    const long = 'x'.repeat(100);
    const r = failure(parseNumber(long));
    expect(r.reason).toContain('… (100 characters)');
    expect(r.values.value).toBe(`${'x'.repeat(60)}…`);
  });

  it('rows: whole numbers, NUL characters, emails, required and allowed values, lengths, lead keys', () => {
    const leads = cellErrors(
      'leads',
      [
        { column: 'id', target: 'externalId' },
        { column: 'staff', target: 'employees' },
        { column: 'name', target: 'name' },
      ],
      ['id', 'staff', 'name'],
      ['1', '12.5', 'A\u0000B'],
    );
    expect(leads.map((e) => [e.reason, e.code, e.values])).toEqual([
      ['"12.5" is not a whole number', 'not-integer', { value: '12.5' }],
      ['contains a NUL character (binary data, or a UTF-16 file read as another encoding)', 'nul', {}],
    ]);
    const email = cellErrors('leads', [{ column: 'email', target: 'email' }], ['email'], ['sara@example']);
    expect(email).toMatchObject([
      { reason: 'is not an email address', code: 'not-email', values: { value: 'sara@example' } },
    ]);
    const tooLong = cellErrors(
      'leads',
      [
        { column: 'id', target: 'externalId' },
        { column: 'name', target: 'name' },
      ],
      ['id', 'name'],
      ['1', 'n'.repeat(501)],
    );
    expect(tooLong).toMatchObject([{ reason: 'longer than 500 characters', code: 'too-long', values: { max: 500 } }]);
    const noKey = cellErrors(
      'leads',
      [
        { column: 'id', target: 'externalId' },
        { column: 'email', target: 'email' },
      ],
      ['id', 'email'],
      ['', ''],
    );
    expect(noKey).toMatchObject([
      { reason: 'a lead needs an external id or an email', code: 'lead-needs-key', values: {} },
    ]);

    const outcomes = cellErrors(
      'outcomes',
      [
        { column: 'id', target: 'lead.externalId' },
        { column: 'stage', target: 'result' },
        { column: 'currency', target: 'currency' },
      ],
      ['id', 'stage', 'currency'],
      ['1', 'Negotiation', 'EURO'],
    );
    expect(outcomes).toMatchObject([
      {
        reason: '"Negotiation" is not one of the allowed values (open, won, lost)',
        code: 'not-allowed',
        values: { value: 'Negotiation', allowed: ['open', 'won', 'lost'] },
      },
      { reason: 'is not a 3-letter currency code', code: 'not-currency', values: { value: 'EURO' } },
    ]);
    const required = cellErrors(
      'touchpoints',
      [
        { column: 'id', target: 'lead.externalId' },
        { column: 'type', target: 'type' },
        { column: 'when', target: 'occurredAt', transform: { dateFormat: 'iso' } },
      ],
      ['id', 'type', 'when'],
      ['1', '', '2021-01-05'],
    );
    expect(required).toEqual([
      {
        column: 'type',
        target: 'type',
        value: '',
        reason: 'type is required and the value is empty',
        code: 'required-empty',
        values: { field: 'type' },
      },
    ]);
    const noLead = cellErrors(
      'touchpoints',
      [
        { column: 'id', target: 'lead.externalId' },
        { column: 'type', target: 'type' },
        { column: 'when', target: 'occurredAt', transform: { dateFormat: 'iso' } },
      ],
      ['id', 'type', 'when'],
      ['', 'webinar', '2021-01-05'],
    );
    expect(noLead).toMatchObject([{ code: 'no-lead', values: {} }]);
    const order = cellErrors(
      'outcomes',
      [
        { column: 'id', target: 'lead.externalId' },
        { value: 'won', target: 'result' },
        { column: 'opened', target: 'openedAt', transform: { dateFormat: 'iso' } },
        { column: 'closed', target: 'closedAt', transform: { dateFormat: 'iso' } },
      ],
      ['id', 'opened', 'closed'],
      ['1', '2021-02-01', '2021-01-01'],
    );
    expect(order).toMatchObject([{ reason: 'closed before it was opened', code: 'closed-before-opened' }]);
    const decided = cellErrors(
      'handoffs',
      [
        { column: 'id', target: 'lead.externalId' },
        { column: 'handed', target: 'handedAt', transform: { dateFormat: 'iso' } },
        { column: 'decided', target: 'decidedAt', transform: { dateFormat: 'iso' } },
      ],
      ['id', 'handed', 'decided'],
      ['1', '2021-02-01', '2021-01-01'],
    );
    expect(decided).toMatchObject([{ reason: 'decided before it was handed over', code: 'decided-before-handed' }]);
    saw('cell', { code: 'field-count', values: { fields: 3, columns: 4 } });
  });

  it('a reason without a code stays English only', () => {
    const errors = cellErrors(
      'leads',
      [
        { column: 'id', target: 'externalId' },
        { column: 'budget', target: 'budget' },
      ],
      ['id', 'budget'],
      ['1', '1e16'],
    );
    expect(errors).toHaveLength(1);
    expect(errors[0]!.reason).toMatch(/Too big/);
    expect(errors[0]!.code).toBeUndefined();
  });

  it('a good row carries no reasons at all', () => {
    const c = compileMapping(m('leads', [{ column: 'id', target: 'externalId' }]), ['id'], ctx);
    expect(buildRow(c, ['1'], 1)).toEqual({ ok: true, row: { externalId: '1' } });
  });
});

describe('the catalogues say every code', () => {
  const groups = { encoding: ENCODING_WHYS, delimiter: DELIMITER_WHYS, header: HEADER_WHYS, cell: CELL_WHYS };

  it('each code has a message in English (the others are held to English by i18n-catalogues)', () => {
    const en = catalogue('en');
    const missing = Object.entries(groups).flatMap(([g, codes]) =>
      codes.map((c) => `import.why.${g}.${c}`).filter((id) => !(id in en)),
    );
    expect(missing).toEqual([]);
  });

  it('every code met above is met at least once, and formats in every language with the values it came with', () => {
    const met = new Set(seen.map((s) => `${s.group}.${s.why.code}`));
    const unmet = Object.entries(groups).flatMap(([g, codes]) => codes.map((c) => `${g}.${c}`).filter((k) => !met.has(k)));
    expect(unmet).toEqual([]);
    for (const lang of UI_LANGUAGES) {
      const cat = catalogue(lang);
      const list = new Intl.ListFormat(lang, { type: 'disjunction' });
      for (const { group, why } of seen) {
        const values = Object.fromEntries(
          Object.entries(why.values).map(([k, v]) => [k, Array.isArray(v) ? list.format(v) : v]),
        );
        const text = new IntlMessageFormat(cat[`import.why.${group}.${why.code}`]!, lang).format(values) as string;
        expect(text, `${lang} ${group}.${why.code}`).not.toMatch(/[{}]/);
        if (typeof values.value === 'string' && values.value !== '') expect(text).toContain(values.value);
      }
    }
  });

  it('counts take their plural forms: Czech and Polish fields, Persian digits', () => {
    const say = (lang: string, id: string, values: Record<string, string | number>) =>
      new IntlMessageFormat(catalogue(lang)[id]!, lang).format(values) as string;
    const fields = (lang: string, n: number) =>
      say(lang, 'import.why.delimiter.fields-agree', { delimiter: ',', records: 50, sampled: 50, fields: n });
    expect(fields('en', 1)).toBe(',: 1 field in 50 of 50 sampled records');
    expect([1, 3, 5].map((n) => fields('cs', n).split(' v ')[0])).toEqual([',: 1 pole', ',: 3 pole', ',: 5 polí']);
    expect([1, 3, 5].map((n) => fields('pl', n).split(' w ')[0])).toEqual([',: 1 pole', ',: 3 pola', ',: 5 pól']);
    expect(fields('fa', 37)).toContain('۳۷ فیلد');
    expect(say('cs', 'import.why.cell.field-count', { fields: 3, columns: 4 })).toMatch(/^řádek má 3 pole, záhlaví 4/);
  });
});
