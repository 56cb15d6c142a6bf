import { readFileSync } from 'node:fs';
import { createIntl } from 'react-intl';
import { describe, expect, it } from 'vitest';
import { buildRow, compileMapping } from '../../shared/domain/import/compile.js';
import { MappingSchema, type Mapping, type Transform } from '../../shared/domain/import/mapping.js';
import { noteWarnings } from '../../shared/domain/import/notes.js';
import { parseDate } from '../../shared/domain/import/transforms.js';
import { formatBytes } from '../../renderer/src/features/import/format.js';
import { transformToForm } from '../../renderer/src/features/import/transform-form.js';

const ctx = { fileName: 'f.csv', timeZone: 'UTC' };
const m = (kind: Mapping['kind'], fields: Mapping['fields']): Mapping =>
  MappingSchema.parse({ version: 1, kind, fields });
const catalogue = (lang: string) =>
  JSON.parse(readFileSync(`shared/i18n/${lang}.json`, 'utf8')) as Record<string, string>;

describe('enum fields take their allowed values in any case', () => {
  const outcome = (transform?: Transform) =>
    compileMapping(
      m('outcomes', [
        { column: 'lead', target: 'lead.externalId' },
        { column: 'stage', target: 'result', ...(transform ? { transform } : {}) },
      ]),
      ['lead', 'stage'],
      ctx,
    );
  const result = (c: ReturnType<typeof outcome>, v: string) => {
    const r = buildRow(c, ['L-1', v], 1);
    return r.ok ? (r.row as { result: string }).result : r.errors[0]!.reason;
  };

  it('reads "Won", "LOST", " won " and "Open" as won, lost, won and open', () => {
    const c = outcome();
    expect(['Won', 'LOST', ' won ', 'Open', 'wOn'].map((v) => result(c, v))).toEqual(['won', 'lost', 'won', 'open', 'won']);
    expect(result(outcome({ trim: false }), ' Won ')).toBe('won');
    expect(result(c, 'Engaging')).toBe('"Engaging" is not one of the allowed values (open, won, lost)');
  });

  it('matches a value map in any case, and its result in any case too', () => {
    const c = outcome({ values: { 'Closed Won': 'Won', engaging: 'open', '*': 'LOST' } });
    expect(['closed won', 'ENGAGING', 'Prospecting'].map((v) => result(c, v))).toEqual(['won', 'open', 'lost']);
  });

  it('does the same for an offer type and a handoff decision', () => {
    const offers = compileMapping(
      m('offers', [
        { column: 'name', target: 'name' },
        { column: 'type', target: 'type' },
      ]),
      ['name', 'type'],
      ctx,
    );
    expect(buildRow(offers, ['Guide', 'EBook'], 1)).toEqual({ ok: true, row: { name: 'Guide', type: 'ebook' } });
    expect(buildRow(offers, ['Demo', ' Demo_Request '], 1)).toEqual({ ok: true, row: { name: 'Demo', type: 'demo_request' } });
    const handoffs = compileMapping(
      m('handoffs', [
        { column: 'lead', target: 'lead.externalId' },
        { column: 'at', target: 'handedAt', transform: { dateFormat: 'iso' } },
        { column: 'decision', target: 'decision' },
      ]),
      ['lead', 'at', 'decision'],
      ctx,
    );
    const r = buildRow(handoffs, ['L-1', '2024-01-02', 'Accepted'], 1);
    expect(r.ok && (r.row as { decision: string }).decision).toBe('accepted');
  });
});

describe('country values that name no country', () => {
  it('are kept as written and counted per value over every row built', () => {
    const c = compileMapping(
      m('leads', [
        { column: 'id', target: 'externalId' },
        { column: 'country', target: 'country' },
      ]),
      ['id', 'country'],
      ctx,
    );
    const values = ['India', 'unknown', 'Asia/Pacific Region', 'unknown', '', 'Nederland', 'unknown'];
    const stored = values.map((v, i) => {
      const r = buildRow(c, [`L-${i}`, v], i + 1);
      return r.ok ? (r.row as { country?: string }).country : null;
    });
    expect(stored).toEqual(['IN', 'unknown', 'Asia/Pacific Region', 'unknown', undefined, 'NL', 'unknown']);
    expect([...c.unknownCountries]).toEqual([
      ['unknown', 3],
      ['Asia/Pacific Region', 1],
    ]);
  });

  it('make English warnings for the CLI and the history', () => {
    expect(noteWarnings({ undatedLeads: 0, unknownCountries: [] })).toEqual([]);
    expect(noteWarnings({ undatedLeads: 1, unknownCountries: [{ value: 'unknown', count: 1 }] })).toEqual([
      "1 new lead has no creation date in the file and was dated at the import's time",
      '1 country value names no country and is stored as written: "unknown" (1 row)',
    ]);
  });
});

describe('the value map form', () => {
  it('lists every value given once, whatever the case of the saved map’s keys', () => {
    const form = transformToForm(
      { values: { won: 'won', 'closed lost': 'lost', '*': 'open' } },
      ['Won', 'Lost', 'Engaging', 'Prospecting'],
      ['open', 'won', 'lost'],
    );
    expect(form.values).toEqual([
      { from: 'Won', to: 'won' },
      { from: 'Lost', to: '' },
      { from: 'Engaging', to: '' },
      { from: 'Prospecting', to: '' },
      { from: 'closed lost', to: 'lost' },
      { from: '*', to: 'open' },
    ]);
  });
});

describe('wording', () => {
  it('says a date format as the UI does in the reason the errors file keeps', () => {
    const r = parseDate('13/18/2021', 'mdy');
    expect(r.ok).toBe(false);
    expect(!r.ok && r.reason).toBe(
      '"13/18/2021": month 13 does not exist; dates are read as month first (1/18/2021, 1/18/2021 0:00)',
    );
  });

  it('counts bytes with a plural, in every language', () => {
    const en = createIntl({ locale: 'en', messages: catalogue('en') });
    expect([0, 1, 47, 1023].map((n) => formatBytes(en, n))).toEqual(['0 bytes', '1 byte', '47 bytes', '1,023 bytes']);
    expect(formatBytes(en, 1536)).toBe('1.5 kB');
    const pl = createIntl({ locale: 'pl', messages: catalogue('pl') });
    expect([1, 3, 47].map((n) => formatBytes(pl, n))).toEqual(['1 bajt', '3 bajty', '47 bajtów']);
    const cs = createIntl({ locale: 'cs', messages: catalogue('cs') });
    expect([1, 3, 47].map((n) => formatBytes(cs, n))).toEqual(['1 bajt', '3 bajty', '47 bajtů']);
    for (const lang of ['nl', 'da', 'fa']) {
      const intl = createIntl({ locale: lang, messages: catalogue(lang) });
      expect(formatBytes(intl, 47)).not.toMatch(/\{|byte$/);
    }
  });
});
