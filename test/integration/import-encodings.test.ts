import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importFile, mapping, writeFile } from '../helpers/import.js';
import { createTestDb, type TestDb } from '../helpers/test-db.js';

/** The same rows saved every way spreadsheets and CRMs save them must import to the same leads. */

const TEXT =
  'id;email;name;company\r\n1;zoe@example.com;Zoë Müller;Café “Crème”\r\n2;jiri@example.com;Jiří Dvořák;Škoda\r\n';
const CP1252_TEXT = 'id;email;name;company\r\n1;zoe@example.com;Zoë Müller;Café “Crème” €\r\n';
const M = mapping('leads', [
  { column: 'id', target: 'externalId' },
  { column: 'email', target: 'email' },
  { column: 'name', target: 'name' },
  { column: 'company', target: 'company' },
]);

const utf8 = (s: string) => new TextEncoder().encode(s);
function utf16(s: string, le: boolean, bom: boolean): Uint8Array {
  const units = [...(bom ? [0xfeff] : []), ...Array.from(s, (c) => c.charCodeAt(0))];
  const out = new Uint8Array(units.length * 2);
  units.forEach((u, i) => {
    out[2 * i + (le ? 0 : 1)] = u & 0xff;
    out[2 * i + (le ? 1 : 0)] = u >> 8;
  });
  return out;
}
const CP1252: Record<string, number> = { '€': 0x80, '“': 0x93, '”': 0x94 };
const cp1252 = (s: string) => Uint8Array.from(Array.from(s, (c) => CP1252[c] ?? c.charCodeAt(0)));

describe('encodings, BOMs and line endings', () => {
  let t: TestDb;
  beforeAll(() => {
    t = createTestDb();
  });
  afterAll(() => t.cleanup());

  const rows = () => t.db.prepare('SELECT external_id, email, name, company FROM leads ORDER BY external_id').all();
  const expected = [
    { external_id: '1', email: 'zoe@example.com', name: 'Zoë Müller', company: 'Café “Crème”' },
    { external_id: '2', email: 'jiri@example.com', name: 'Jiří Dvořák', company: 'Škoda' },
  ];

  for (const [name, bytes, encoding] of [
    ['UTF-8', utf8(TEXT), 'utf-8'],
    ['UTF-8 with BOM', new Uint8Array([0xef, 0xbb, 0xbf, ...utf8(TEXT)]), 'utf-8'],
    ['UTF-16 LE with BOM', utf16(TEXT, true, true), 'utf-16le'],
    ['UTF-16 BE with BOM', utf16(TEXT, false, true), 'utf-16be'],
    ['UTF-16 LE without BOM', utf16(TEXT, true, false), 'utf-16le'],
    ['UTF-16 BE without BOM', utf16(TEXT, false, false), 'utf-16be'],
    ['LF line endings', utf8(TEXT.replaceAll('\r\n', '\n')), 'utf-8'],
    ['CR line endings (old Mac)', utf8(TEXT.replaceAll('\r\n', '\r')), 'utf-8'],
    ['mixed line endings and blank lines', utf8(TEXT.replace('\r\n1;', '\n\n1;')), 'utf-8'],
  ] as const) {
    it(`${name}: detected as ${encoding}, same rows`, async () => {
      const r = await importFile(t.db, writeFile(t.dir, 'f.csv', bytes), M);
      expect(r.detected).toMatchObject({ encoding, delimiter: ';' });
      expect(r.counts.read).toBe(2);
      expect(r.counts.rejected).toBe(0);
      expect(rows()).toEqual(expected);
    });
  }

  it('Windows-1252 (Excel on Windows): detected because the bytes are not UTF-8, € and curly quotes decoded', async () => {
    const r = await importFile(t.db, writeFile(t.dir, 'excel.csv', cp1252(CP1252_TEXT)), M);
    expect(r.detected).toMatchObject({
      encoding: 'windows-1252',
      encodingReason: expect.stringMatching(/not valid UTF-8/),
    });
    expect(r.counts).toMatchObject({ read: 1, updated: 1 });
    expect(t.db.prepare(`SELECT company FROM leads WHERE external_id = '1'`).get()).toEqual({
      company: 'Café “Crème” €',
    });
  });

  it('a file with no header row, when told so, names its columns Column 1, 2, …', async () => {
    const m = mapping(
      'leads',
      [
        { column: 'Column 1', target: 'externalId' },
        { column: 'Column 3', target: 'name' },
      ],
      { file: { header: false } },
    );
    const r = await importFile(t.db, writeFile(t.dir, 'nohead.csv', '3|x@y.io|Headless\n'), m);
    expect(r.detected).toMatchObject({ hasHeader: false, delimiter: '|' });
    expect(t.db.prepare(`SELECT name FROM leads WHERE external_id = '3'`).get()).toEqual({ name: 'Headless' });
  });
});
