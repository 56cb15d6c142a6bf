import { describe, expect, it } from 'vitest';
import { BinaryFileError, decodeAll, detectEncoding, firstInvalidUtf8 } from '../../shared/domain/import/encoding.js';
import { columnNames, detectHeader, sniffDelimiter, splitSample } from '../../shared/domain/import/sniff.js';

const utf8 = (s: string) => new TextEncoder().encode(s);
function utf16(s: string, le: boolean, bom: boolean): Uint8Array {
  const out = new Uint8Array(s.length * 2 + (bom ? 2 : 0));
  let i = 0;
  if (bom) {
    out[i++] = le ? 0xff : 0xfe;
    out[i++] = le ? 0xfe : 0xff;
  }
  for (const ch of s) {
    const c = ch.charCodeAt(0);
    out[i++] = le ? c & 0xff : c >> 8;
    out[i++] = le ? c >> 8 : c & 0xff;
  }
  return out;
}

describe('encoding detection', () => {
  it('reads a UTF-8 BOM, and plain UTF-8 without one', () => {
    expect(detectEncoding(new Uint8Array([0xef, 0xbb, 0xbf, 0x61]))).toMatchObject({ encoding: 'utf-8', bomLength: 3 });
    expect(detectEncoding(utf8('name,city\nZoë,Kraków\n'))).toMatchObject({ encoding: 'utf-8', bomLength: 0 });
    expect(decodeAll(new Uint8Array([0xef, 0xbb, 0xbf, 0x61, 0x62]), 'utf-8')).toBe('ab');
  });

  it('reads UTF-16 from its BOM, or from the NUL pattern when there is none', () => {
    const text = 'email,name\nada@example.com,Ada\n';
    expect(detectEncoding(utf16(text, true, true))).toMatchObject({ encoding: 'utf-16le', bomLength: 2 });
    expect(detectEncoding(utf16(text, false, true))).toMatchObject({ encoding: 'utf-16be', bomLength: 2 });
    expect(detectEncoding(utf16(text, true, false))).toMatchObject({ encoding: 'utf-16le', bomLength: 0 });
    expect(detectEncoding(utf16(text, false, false))).toMatchObject({ encoding: 'utf-16be', bomLength: 0 });
    expect(decodeAll(utf16(text, true, true), 'utf-16le')).toBe(text);
    expect(decodeAll(utf16(text, false, false), 'utf-16be')).toBe(text);
  });

  it('falls back to Windows-1252 when the bytes are not UTF-8, and decodes its specials', () => {
    // "Café “quoted” €5" as Excel on Windows saves it.
    const bytes = new Uint8Array([0x43, 0x61, 0x66, 0xe9, 0x20, 0x93, 0x71, 0x94, 0x20, 0x80, 0x35, 0x0a]);
    const guess = detectEncoding(bytes);
    expect(guess.encoding).toBe('windows-1252');
    expect(guess.reason).toMatch(/byte 3/);
    expect(decodeAll(bytes, 'windows-1252')).toBe('Café “q” €5\n'.replace('“q”', '\u201cq\u201d'));
  });

  it('does not blame UTF-8 for a character cut off at the end of a head sample', () => {
    const bytes = utf8('a,b\nx,é');
    const cut = bytes.subarray(0, bytes.length - 1);
    expect(firstInvalidUtf8(cut, false)).toBe(cut.length - 1);
    expect(firstInvalidUtf8(cut, true)).toBe(-1);
    expect(detectEncoding(cut, false).encoding).toBe('utf-8');
    expect(detectEncoding(cut, true).encoding).toBe('windows-1252');
  });

  it('rejects overlong forms and surrogates as UTF-8', () => {
    expect(firstInvalidUtf8(new Uint8Array([0xc0, 0xaf]))).toBe(0);
    expect(firstInvalidUtf8(new Uint8Array([0xe0, 0x80, 0xaf]))).toBe(0);
    expect(firstInvalidUtf8(new Uint8Array([0x61, 0xed, 0xa0, 0x80]))).toBe(1);
    expect(firstInvalidUtf8(utf8('🙂 ok'))).toBe(-1);
  });

  it('refuses binary junk', () => {
    const junk = new Uint8Array(512).map((_, i) => (i * 73 + 11) % 256);
    expect(() => detectEncoding(junk)).toThrow(BinaryFileError);
    expect(() => detectEncoding(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00]))).toThrow(
      /not look like a text/,
    );
  });
});

describe('delimiter and header', () => {
  it('finds , ; tab and | by consistent field counts, quotes respected', () => {
    expect(sniffDelimiter('a,b,c\n1,2,3\n4,5,6\n').delimiter).toBe(',');
    expect(sniffDelimiter('Product;Seller;Status\nA;"x, y";Won\nB;z;Lost\n').delimiter).toBe(';');
    expect(sniffDelimiter('a\tb\n1\t2\n').delimiter).toBe('\t');
    expect(sniffDelimiter('a|b|c\n1|2|3\n').delimiter).toBe('|');
    // commas inside values must not win over the real ; delimiter
    expect(sniffDelimiter('name;amount\n"Smith, J";"1,5"\n"Doe, A";"2,5"\n').delimiter).toBe(';');
    expect(sniffDelimiter('just one column\nvalue\n')).toMatchObject({ delimiter: ',', columns: 1 });
  });

  it('splits quoted fields with delimiters, doubled quotes and line breaks', () => {
    expect(splitSample('a,b\n"x, ""y""","line1\nline2"\n', ',', 10, true)).toEqual([
      ['a', 'b'],
      ['x, "y"', 'line1\nline2'],
    ]);
    expect(splitSample('a,b\r\n1,2\r\n3,', ',', 10, false)).toEqual([
      ['a', 'b'],
      ['1', '2'],
    ]);
  });

  it('takes the first record as a header unless it looks like the data', () => {
    expect(
      detectHeader([
        ['LeadId', 'CreatedDate'],
        ['1', '20210105'],
        ['2', '20210106'],
      ]).hasHeader,
    ).toBe(true);
    expect(
      detectHeader([
        ['1', '20210105'],
        ['2', '20210106'],
      ]).hasHeader,
    ).toBe(false);
    expect(
      detectHeader([
        ['ada@example.com', 'Ada'],
        ['bob@example.com', 'Bob'],
      ]).hasHeader,
    ).toBe(true);
    expect(
      detectHeader([
        ['Year', 'Quarter', '', ''],
        ['2021', '1', 'note', ''],
      ]).hasHeader,
    ).toBe(true);
  });

  it('names empty and repeated header cells so every column can be mapped', () => {
    const { names, duplicates } = columnNames(['Year', 'Email', '', 'email ', ''], 5);
    expect(names).toEqual(['Year', 'Email (2)', 'Column 3', 'email (4)', 'Column 5']);
    expect(duplicates.get('email')).toEqual([1, 3]);
    expect(columnNames(null, 3).names).toEqual(['Column 1', 'Column 2', 'Column 3']);
  });
});
