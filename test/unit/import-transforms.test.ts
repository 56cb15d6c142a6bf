import { describe, expect, it } from 'vitest';
import { csvCell, csvLine, neutralise } from '../../shared/domain/import/csv-out.js';
import {
  detectDateFormats,
  parseBoolean,
  parseDate,
  parseNumber,
  unguardFormula,
} from '../../shared/domain/import/transforms.js';

const utc = (...a: [number, number, number, number?, number?, number?]) =>
  Date.UTC(a[0], a[1] - 1, a[2], a[3] ?? 0, a[4] ?? 0, a[5] ?? 0);
const value = <T>(r: { ok: true; value: T } | { ok: false; reason: string }): T => {
  if (!r.ok) throw new Error(r.reason);
  return r.value;
};

describe('dates in explicit formats', () => {
  it('reads the formats of the shared datasets', () => {
    expect(value(parseDate('20210105', 'yyyymmdd'))).toBe(utc(2021, 1, 5));
    expect(value(parseDate('1/11/2021', 'mdy'))).toBe(utc(2021, 1, 11));
    expect(value(parseDate('1/18/2021 0:00', 'mdy'))).toBe(utc(2021, 1, 18));
    expect(value(parseDate('2021-01-05T10:00Z', 'iso'))).toBe(utc(2021, 1, 5, 10));
    expect(value(parseDate('2018-02-26 19:58:54', 'iso'))).toBe(utc(2018, 2, 26, 19, 58, 54));
    expect(value(parseDate('2016-10-20', 'iso'))).toBe(utc(2016, 10, 20));
  });

  it('reads zones, fractions, AM/PM, two-digit years and other separators', () => {
    expect(value(parseDate('2021-01-05T10:00:00.250+02:00', 'iso'))).toBe(utc(2021, 1, 5, 8) + 250);
    expect(value(parseDate('2021-01-05T10:00-0500', 'iso'))).toBe(utc(2021, 1, 5, 15));
    expect(value(parseDate('1/18/2021, 2:30 PM', 'mdy'))).toBe(utc(2021, 1, 18, 14, 30));
    expect(value(parseDate('12/1/21 12:05 AM', 'mdy'))).toBe(utc(2021, 12, 1, 0, 5));
    expect(value(parseDate('18.01.2021 10:00', 'dmy'))).toBe(utc(2021, 1, 18, 10));
    expect(value(parseDate('2021/01/18', 'ymd'))).toBe(utc(2021, 1, 18));
    expect(value(parseDate('1610928000', 'epoch_s'))).toBe(1_610_928_000_000);
    expect(value(parseDate('1610928000000', 'epoch_ms'))).toBe(1_610_928_000_000);
  });

  it('puts wall-clock times in the chosen zone, DST included', () => {
    expect(value(parseDate('2021-07-01 12:00', 'iso', 'Europe/Amsterdam'))).toBe(utc(2021, 7, 1, 10));
    expect(value(parseDate('2021-01-01 12:00', 'iso', 'Europe/Amsterdam'))).toBe(utc(2021, 1, 1, 11));
    expect(value(parseDate('3/14/2021 3:30', 'mdy', 'America/New_York'))).toBe(utc(2021, 3, 14, 7, 30));
    expect(value(parseDate('2018-02-01 00:00', 'iso', 'America/Sao_Paulo'))).toBe(utc(2018, 2, 1, 2));
    // A date without a time is a calendar date: its UTC midnight whatever the zone, so it stays in its day and month.
    expect(value(parseDate('2018-02-01', 'iso', 'America/Sao_Paulo'))).toBe(utc(2018, 2, 1));
    expect(value(parseDate('1/1/2021', 'mdy', 'Europe/Amsterdam'))).toBe(utc(2021, 1, 1));
    expect(value(parseDate('20210101', 'yyyymmdd', 'Asia/Tokyo'))).toBe(utc(2021, 1, 1));
    expect(value(parseDate('2021/01/01', 'ymd', 'Pacific/Auckland'))).toBe(utc(2021, 1, 1));
    // an explicit offset wins over the zone
    expect(value(parseDate('2021-07-01T12:00Z', 'iso', 'Europe/Amsterdam'))).toBe(utc(2021, 7, 1, 12));
  });

  it('refuses impossible calendar dates and times instead of rolling them over', () => {
    for (const [v, f] of [
      ['2/30/2021', 'mdy'],
      ['13/1/2021', 'mdy'],
      ['20210230', 'yyyymmdd'],
      ['2021-02-29', 'iso'],
      ['1/1/2021 24:00', 'mdy'],
      ['1/1/2021 13:00 PM', 'mdy'],
      ['yesterday', 'iso'],
      ['', 'iso'],
      ['2021-1-5x', 'iso'],
    ] as const) {
      const r = parseDate(v, f);
      expect(r.ok, `${v} as ${f}`).toBe(false);
    }
    expect(parseDate('2/30/2021', 'mdy')).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/day 30 does not exist in 2021-02/),
    });
    expect(value(parseDate('2020-02-29', 'iso'))).toBe(utc(2020, 2, 29));
  });

  it('tells which formats a column allows, and when day and month cannot be told apart', () => {
    expect(detectDateFormats(['1/11/2021', '1/18/2021', '2/3/2021'])).toMatchObject({
      candidates: ['mdy'],
      ambiguous: false,
      evidence: expect.stringMatching(/18 can only be the day, so month first/),
    });
    expect(detectDateFormats(['18/1/2021', '3/2/2021'])).toMatchObject({ candidates: ['dmy'], ambiguous: false });
    const ambiguous = detectDateFormats(['1/11/2021', '2/3/2021', '', '12/12/2021']);
    expect(ambiguous.ambiguous).toBe(true);
    expect(ambiguous.candidates).toEqual(['mdy', 'dmy']);
    expect(detectDateFormats(['20210105', '20211231']).candidates[0]).toBe('yyyymmdd');
    expect(detectDateFormats(['2021-01-05T10:00Z', '2021-01-06']).candidates).toEqual(['iso']);
    expect(detectDateFormats(['1/18/2021 0:00', '10/2/2021 13:45']).candidates).toEqual(['mdy']);
    expect(detectDateFormats(['Acme', 'Globex'])).toMatchObject({ candidates: [], unparsed: ['Acme', 'Globex'], readable: 0 });
    expect(detectDateFormats([]).candidates).toEqual([]);
  });

  it('does not let a stray bad cell hide the format of a date column, but names it', () => {
    const iso = Array.from({ length: 41 }, (_, i) => `2021-0${1 + (i % 9)}-1${i % 10}`);
    expect(detectDateFormats([...iso, 'notadate'])).toMatchObject({ candidates: ['iso'], unparsed: ['notadate'], readable: 41 });
    const mdy = ['1/18/2021', '2/3/2021', ...Array.from({ length: 18 }, (_, i) => `3/${i + 1}/2021`)];
    expect(detectDateFormats([...mdy, 'n/a'])).toMatchObject({ candidates: ['mdy'], ambiguous: false, unparsed: ['n/a'] });
    // More than a tenth that read as no date: not taken for a date column, the examples named.
    const mixed = detectDateFormats(['2021-01-05', '2021-01-06', 'soon', 'later', '2021-01-07']);
    expect(mixed).toMatchObject({ candidates: [], unparsed: ['soon', 'later'], readable: 3 });
  });
});

describe('booleans and numbers', () => {
  it('reads TRUE/FALSE, yes/no, 1/0 and custom words', () => {
    for (const t of ['TRUE', 'true', 'Yes', 'y', '1', ' on ']) expect(value(parseBoolean(t))).toBe(true);
    for (const f of ['FALSE', 'No', 'n', '0', 'off']) expect(value(parseBoolean(f))).toBe(false);
    expect(parseBoolean('maybe').ok).toBe(false);
    expect(value(parseBoolean('Ja', ['ja'], ['nee']))).toBe(true);
  });

  it('reads thousands separators, currency, accounting negatives and decimal commas', () => {
    expect(value(parseNumber('$200,000 '))).toBe(200_000);
    expect(value(parseNumber('3558.5'))).toBe(3558.5);
    expect(value(parseNumber('1,234,567.89'))).toBe(1_234_567.89);
    expect(value(parseNumber('(1,200)'))).toBe(-1200);
    expect(value(parseNumber('-$5.25'))).toBe(-5.25);
    expect(value(parseNumber('€ 12 500'))).toBe(12_500);
    expect(value(parseNumber('USD 99'))).toBe(99);
    expect(value(parseNumber("1'000"))).toBe(1000);
    expect(value(parseNumber('1.234,56', ','))).toBe(1234.56);
    expect(value(parseNumber('0,5', ','))).toBe(0.5);
    expect(value(parseNumber('1e3'))).toBe(1000);
    for (const bad of ['1,2,3', '12,34', 'abc', '$', '1.2.3', '--5', 'NaN', 'Infinity'])
      expect(parseNumber(bad).ok, bad).toBe(false);
  });
});

describe('CSV output guard', () => {
  it('neutralises formula-looking cells but not plain numbers', () => {
    expect(neutralise('=SUM(A1:A9)')).toBe("'=SUM(A1:A9)");
    expect(neutralise('+31 20 123')).toBe("'+31 20 123");
    expect(neutralise('@cmd')).toBe("'@cmd");
    expect(neutralise('\tx')).toBe("'\tx");
    expect(neutralise('\rx')).toBe("'\rx");
    expect(neutralise('-2+3')).toBe("'-2+3");
    expect(neutralise('-12.5')).toBe('-12.5');
    expect(neutralise('Acme')).toBe('Acme');
    expect(unguardFormula(neutralise('=1+1'))).toBe('=1+1');
  });

  it('quotes cells with delimiters, quotes and line breaks', () => {
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvLine(['a', 1, null, true])).toBe('a,1,,true\r\n');
  });
});
