import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../main/db/ids.js';
import * as users from '../../main/services/users.js';
import type { Mapping } from '../../shared/domain/import/mapping.js';
import { insertLead } from '../helpers/builders.js';
import { dump, fileHash, importFile, mapping, writeFile } from '../helpers/import.js';
import { createTestDb, type TestDb } from '../helpers/test-db.js';

/**
 * Malformed files, each with the precise error it must give, and the workspace byte for byte as it
 * was afterwards (the file hashed after folding the WAL in, before and after).
 */

const LEADS = mapping('leads', [
  { column: 'id', target: 'externalId' },
  { column: 'email', target: 'email' },
  { column: 'name', target: 'name' },
]);
const LEADS_FULL = mapping('leads', [
  { column: 'id', target: 'externalId' },
  { column: 'email', target: 'email' },
  { column: 'name', target: 'name' },
  { column: 'employees', target: 'employees' },
  { column: 'created', target: 'createdAt', transform: { dateFormat: 'iso' } },
]);
const FULL_HEADER = 'id,email,name,employees,created\n';
const TOUCH = mapping('touchpoints', [
  { column: 'lead', target: 'lead.externalId' },
  { column: 'type', target: 'type' },
  { column: 'at', target: 'occurredAt', transform: { dateFormat: 'iso' } },
]);
const HANDOFF = mapping('handoffs', [
  { column: 'lead', target: 'lead.externalId' },
  { column: 'handed', target: 'handedAt', transform: { dateFormat: 'iso' } },
  { column: 'decided', target: 'decidedAt', transform: { dateFormat: 'iso' } },
  { column: 'reason', target: 'reason' },
]);

const latin1 = (s: string) => Uint8Array.from([...s].map((c) => (c === '€' ? 0x80 : c.charCodeAt(0))));
function utf16le(s: string): Uint8Array {
  const out = new Uint8Array(s.length * 2);
  for (let i = 0; i < s.length; i++) out[i * 2] = s.charCodeAt(i);
  return out;
}
/** 300 KB of good rows (past the 256 KB detection sample), then one Windows-1252 byte on a known line. */
function lateBadByte(): { bytes: Uint8Array; line: number } {
  const rows = ['id,email,name'];
  for (let i = 1; rows.join('\n').length < 300_000; i++) rows.push(`${i},lead${i}@example.com,Lead number ${i}`);
  const good = new TextEncoder().encode(rows.join('\n') + '\n');
  const bad = latin1('999999,late@example.com,Ren\u00e9e\n');
  const bytes = new Uint8Array(good.length + bad.length);
  bytes.set(good);
  bytes.set(bad, good.length);
  return { bytes, line: rows.length + 1 };
}
const late = lateBadByte();
const lateNul = (() => {
  const rows = ['id,email,name'];
  for (let i = 1; rows.join('\n').length < 300_000; i++) rows.push(`${i},lead${i}@example.com,Lead number ${i}`);
  return { text: `${rows.join('\n')}\n999999,nul@example.com,Nu\u0000ll\n`, line: rows.length + 1 };
})();

interface Case {
  name: string;
  content: string | Uint8Array;
  mapping: Mapping;
  /** The import refuses the file as a whole (it throws). */
  throws?: RegExp;
  /** The import reads the file and aborts on rejected rows: the first error must match. */
  error?: { line?: number; row?: number; column?: string; value?: string; reason: RegExp };
}

const CASES: Case[] = [
  { name: 'empty file', content: '', mapping: LEADS, throws: /empty\.csv is empty \(0 bytes\)/ },
  { name: 'only blank lines', content: '\n\r\n\n', mapping: LEADS, throws: /holds only blank lines/ },
  { name: 'header only', content: 'id,email,name\n', mapping: LEADS, throws: /has a header but no data rows/ },
  {
    name: 'header only, no final newline',
    content: 'id,email,name',
    mapping: LEADS,
    throws: /has a header but no data rows/,
  },
  {
    name: 'truncated quote at the end of the file',
    content: 'id,email,name\n1,a@x.io,"Ada\n2,b@x.io,Bob\n',
    mapping: LEADS,
    throws: /line 2: a quoted field opened here is never closed/,
  },
  {
    name: 'characters after a closing quote',
    content: 'id,email,name\n1,a@x.io,Ada\n2,b@x.io,"Bob"by\n',
    mapping: LEADS,
    throws: /line 3: a quoted field is followed by other characters/,
  },
  {
    name: 'quote inside an unquoted field',
    content: 'id,email,name\n1,a@x.io,Ada "the Countess" L\n',
    mapping: LEADS,
    throws: /line 2: a quote appears inside an unquoted field/,
  },
  {
    name: 'row with too few fields',
    content: 'id,email,name\n1,a@x.io,Ada\n2,b@x.io\n',
    mapping: LEADS,
    error: { line: 3, row: 2, column: '(row)', reason: /the row has 2 fields and the header 3/ },
  },
  {
    name: 'row with too many fields',
    content: 'id,email,name\n1,a@x.io,Ada\n2,b@x.io,Bob,extra\n',
    mapping: LEADS,
    error: { line: 3, row: 2, reason: /the row has 4 fields and the header 3/ },
  },
  {
    name: 'ragged row after a quoted line break (lines counted right)',
    content: 'id,email,name\r\n1,a@x.io,"Ada\r\nLovelace"\r\n2,b@x.io\r\n',
    mapping: LEADS,
    error: { line: 4, row: 2, reason: /2 fields and the header 3/ },
  },
  {
    name: 'Windows-1252 bytes in a file said to be UTF-8',
    content: latin1('id,email,name\n1,a@x.io,Ren\u00e9e \u20ac\n'),
    mapping: { ...LEADS, file: { encoding: 'utf-8' } },
    throws: /line 2 \(byte 26\): not valid utf-8; .*Windows-1252/,
  },
  {
    name: 'bad byte past the detection sample',
    content: late.bytes,
    mapping: LEADS,
    throws: new RegExp(`line ${late.line} \\(byte \\d+\\): not valid utf-8`),
  },
  {
    name: 'UTF-16 file said to be UTF-8',
    content: utf16le('id,email,name\n1,a@x.io,Ada\n'),
    mapping: { ...LEADS, file: { encoding: 'utf-8' } },
    throws: /zero byte after each character: it is UTF-16LE, not utf-8/,
  },
  {
    name: 'binary junk',
    content: Uint8Array.from({ length: 4096 }, (_, i) => (i * 7919 + 13) % 256),
    mapping: LEADS,
    throws: /does not look like a text \(CSV\) file/,
  },
  {
    name: 'a PNG image named .csv',
    content: Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52]),
    mapping: LEADS,
    throws: /case-\d+\.csv: This does not look like a text \(CSV\) file: byte 6 is a control character/,
  },
  {
    name: '10 MB in a single field',
    content: `id,email,name\n1,a@x.io,"${'x'.repeat(10 * 1024 * 1024)}"\n2,b@x.io,Bob\n`,
    mapping: LEADS,
    throws: /line 2: a record is longer than 1,048,576 characters/,
  },
  {
    name: 'duplicate header named by the mapping',
    content: 'id,email,Email\n1,a@x.io,b@x.io\n',
    mapping: LEADS,
    throws: /the header has "email" 2 times \(columns 2, 3\); map "email \(2\)" or "Email \(3\)" instead/,
  },
  {
    name: 'mapped column missing from the file',
    content: 'id,mail,name\n1,a@x.io,Ada\n',
    mapping: LEADS,
    throws: /column "email" → email: the file has no column "email" \(columns: id, mail, name\)/,
  },
  {
    name: 'delimiter the file does not use',
    content: 'id,email,name\n1,a@x.io,Ada\n',
    mapping: { ...LEADS, file: { delimiter: ';' } },
    throws: /the file has no column "id" \(columns: id,email,name\)/,
  },
  {
    name: 'date that does not parse',
    content: `${FULL_HEADER}1,a@x.io,Ada,5,2021-01-05\n2,b@x.io,Bob,5,next tuesday\n`,
    mapping: LEADS_FULL,
    error: {
      line: 3,
      row: 2,
      column: 'created',
      value: 'next tuesday',
      reason: /is not a date in the format ISO 8601/,
    },
  },
  {
    name: 'date that does not exist',
    content: `${FULL_HEADER}1,a@x.io,Ada,5,2021-02-30\n`,
    mapping: LEADS_FULL,
    error: { line: 2, column: 'created', value: '2021-02-30', reason: /day 30 does not exist in 2021-02/ },
  },
  {
    name: 'dates whose day and month cannot be told apart',
    content: 'id,created\n1,1/2/2021\n2,3/4/2021\n',
    mapping: mapping('leads', [
      { column: 'id', target: 'externalId' },
      { column: 'created', target: 'createdAt' },
    ]),
    throws: /day and month cannot be told apart in the values \(e.g. 1\/2\/2021\); set "dateFormat" to "mdy" or "dmy"/,
  },
  {
    name: 'external id repeated in one file',
    content: 'id,email,name\n7,a@x.io,Ada\n8,b@x.io,Bob\n7,c@x.io,Cy\n',
    mapping: LEADS,
    error: {
      line: 4,
      row: 3,
      // The file's column, not the field it goes to; the earlier row by its line, as the list numbers it.
      column: 'id',
      value: '7',
      reason: /external id "7" already appears on line 2 of this file/,
    },
  },
  {
    name: 'email repeated in one file (any case)',
    content: 'email,name\nada@x.io,Ada\nADA@X.IO,Ada again\n',
    mapping: mapping('leads', [{ column: 'email', target: 'email' }]),
    error: { line: 3, column: 'email', reason: /email "ADA@X.IO" already appears on line 2 of this file/ },
  },
  {
    name: 'value that is not an email',
    content: 'id,email,name\n1,ada at x.io,Ada\n',
    mapping: LEADS,
    error: { column: 'email', value: 'ada at x.io', reason: /is not an email address/ },
  },
  {
    name: 'number with a misplaced separator',
    content: `${FULL_HEADER}1,a@x.io,Ada,"12,34",\n`,
    mapping: LEADS_FULL,
    error: { column: 'employees', value: '12,34', reason: /"12,34" is not a number/ },
  },
  {
    name: 'fraction where a whole number is needed',
    content: `${FULL_HEADER}1,a@x.io,Ada,12.5,\n`,
    mapping: LEADS_FULL,
    error: { column: 'employees', reason: /"12.5" is not a whole number/ },
  },
  {
    name: 'row with neither id nor email',
    content: 'id,email,name\n,,Nobody\n',
    mapping: LEADS,
    error: { line: 2, reason: /a lead needs an external id or an email/ },
  },
  {
    name: 'value too long for its field',
    content: `id,email,name\n1,a@x.io,${'N'.repeat(600)}\n`,
    mapping: LEADS,
    error: { column: 'name', reason: /longer than 500 characters/ },
  },
  {
    name: 'NUL byte near the start: not a text file',
    content: 'id,email,name\n1,a@x.io,Ada\u0000\n',
    mapping: LEADS,
    throws: /This does not look like a text \(CSV\) file: byte 26 is a control character/,
  },
  {
    name: 'NUL byte inside a value past the detection sample',
    content: lateNul.text,
    mapping: LEADS,
    error: { line: lateNul.line, column: 'name', reason: /contains a NUL character/ },
  },
  {
    name: 'email of a lead that has another external id',
    content: 'id,email,name\nNEW-9,taken@x.io,Ada\n',
    mapping: LEADS,
    error: {
      column: 'email',
      reason: /the email "taken@x.io" belongs to the lead with external id "EXT-1", not "NEW-9"/,
    },
  },
  {
    name: 'touchpoint of a lead that does not exist',
    content: 'lead,type,at\nEXT-1,webinar,2021-01-05\n999,webinar,2021-01-05\n',
    mapping: TOUCH,
    error: { line: 3, column: 'lead', value: '999', reason: /no lead has external id "999"/ },
  },
  {
    name: 'touchpoint with an empty type',
    content: 'lead,type,at\nEXT-1,,2021-01-05\n',
    mapping: TOUCH,
    error: { column: 'type', reason: /type is required and the value is empty/ },
  },
  {
    name: 'touchpoint whose email matches two leads',
    content: 'email,type,at\ntwin@x.io,webinar,2021-01-05\n',
    mapping: mapping('touchpoints', [
      { column: 'email', target: 'lead.email' },
      { column: 'type', target: 'type' },
      { column: 'at', target: 'occurredAt', transform: { dateFormat: 'iso' } },
    ]),
    error: { column: 'email', reason: /2 leads have the email "twin@x.io"; give the external id to say which/ },
  },
  {
    name: 'handoff decided before it was handed over',
    content: 'lead,handed,decided,reason\nEXT-1,2021-02-01,2021-01-01,\n',
    mapping: HANDOFF,
    error: { column: 'decided', reason: /decided before it was handed over/ },
  },
  {
    name: 'handoff with an unknown rejection reason',
    content: 'lead,handed,decided,reason\nEXT-1,2021-02-01,2021-02-02,Too expensive\n',
    mapping: HANDOFF,
    error: { column: 'reason', reason: /"Too expensive" is not a rejection reason of this workspace/ },
  },
  {
    name: 'outcome stage with no mapped value',
    content: 'lead,stage\nEXT-1,Negotiation\n',
    mapping: mapping('outcomes', [
      { column: 'lead', target: 'lead.externalId' },
      { column: 'stage', target: 'result', transform: { values: { 'Closed Won': 'won', 'Closed Lost': 'lost' } } },
    ]),
    error: {
      column: 'stage',
      value: 'Negotiation',
      reason: /"Negotiation" is not one of the allowed values \(open, won, lost\)/,
    },
  },
];

describe('malformed files: a precise error, and the workspace byte for byte unchanged', () => {
  let t: TestDb;
  let before: string;

  beforeAll(() => {
    t = createTestDb();
    const u = users.create(t.db, { name: 'Maria', team: 'marketing', role: 'owner' });
    users.setCurrent(t.db, u.id);
    insertLead(t.db, { externalId: 'EXT-1', email: 'taken@x.io' });
    insertLead(t.db, { email: 'twin@x.io' });
    insertLead(t.db, { email: 'twin@x.io' });
    t.db
      .prepare(
        `INSERT OR IGNORE INTO rejection_reasons (id, code, label, blame, action, created_at, updated_at) VALUES (?, 'no_budget', 'No budget', 'fit', 'recycle', 0, 0)`,
      )
      .run(newId());
    before = fileHash(t.db, t.path);
  });
  afterAll(() => t.cleanup());

  it(`has at least 30 cases`, () => expect(CASES.length).toBeGreaterThanOrEqual(30));

  for (const c of CASES) {
    it(c.name, async () => {
      const file = writeFile(t.dir, c.name === 'empty file' ? 'empty.csv' : `case-${CASES.indexOf(c)}.csv`, c.content);
      if (c.throws) {
        await expect(importFile(t.db, file, c.mapping)).rejects.toThrow(c.throws);
      } else {
        const r = await importFile(t.db, file, c.mapping);
        expect(r.status).toBe('aborted');
        expect(r.importId).toBeNull();
        expect(r.counts.rejected).toBeGreaterThan(0);
        const e = r.errors[0]!;
        expect(e.reason).toMatch(c.error!.reason);
        expect(e.file).toBe(file.split('/').pop());
        if (c.error!.line !== undefined) expect(e.line).toBe(c.error!.line);
        if (c.error!.row !== undefined) expect(e.row).toBe(c.error!.row);
        if (c.error!.column !== undefined) expect(e.column).toBe(c.error!.column);
        if (c.error!.value !== undefined) expect(e.value).toBe(c.error!.value);
      }
      expect(t.db.inTransaction).toBe(false);
      expect(fileHash(t.db, t.path)).toBe(before);
    });
  }

  it('a missing file is refused before anything is opened', async () => {
    await expect(importFile(t.db, join(t.dir, 'nope.csv'), LEADS)).rejects.toThrow(
      /Cannot read .*nope\.csv: no such file/,
    );
    expect(fileHash(t.db, t.path)).toBe(before);
  });
});

describe('on-error skip, the error file, dry runs and cancel', () => {
  let t: TestDb;
  beforeAll(() => {
    t = createTestDb();
    insertLead(t.db, { externalId: 'EXT-1', email: 'taken@x.io', name: 'Old name' });
  });
  afterAll(() => t.cleanup());

  const FILE =
    'id,email,name\n1,a@x.io,Ada\n2,b@x.io\n3,not-an-email,Cy\n1,d@x.io,Dup\n=cmd(),e@x.io,"Eve, ""the"" hacker"\nEXT-1,taken@x.io,New name\n';

  it('skip imports the valid rows and keeps every rejected row, as it was, in the error file', async () => {
    const path = writeFile(t.dir, 'mixed.csv', FILE);
    const errorsPath = join(t.dir, 'mixed.errors.csv');
    const r = await importFile(t.db, path, LEADS, { onError: 'skip', errorsPath });
    expect(r).toMatchObject({
      status: 'imported',
      counts: { read: 6, inserted: 2, updated: 1, unchanged: 0, rejected: 3 },
      errorCount: 3,
      hasErrorFile: true,
    });
    expect(r.errors.map((e) => [e.line, e.row])).toEqual([
      [3, 2],
      [4, 3],
      [5, 4],
    ]);
    const names = (
      t.db.prepare('SELECT external_id, name FROM leads ORDER BY external_id').all() as {
        external_id: string;
        name: string;
      }[]
    ).map((x) => [x.external_id, x.name]);
    expect(names).toEqual([
      ['1', 'Ada'],
      ['=cmd()', 'Eve, "the" hacker'],
      ['EXT-1', 'New name'],
    ]);
    const errors = readFileSync(errorsPath, 'utf8');
    const lines = errors
      .replace(/^\uFEFF/, '')
      .trimEnd()
      .split('\r\n');
    expect(lines[0]).toBe('_file,_line,_row,_column,_value,_reason,id,email,name');
    expect(lines).toHaveLength(4);
    expect(lines[1]).toBe(
      'mixed.csv,3,2,(row),,"the row has 2 fields and the header 3: a delimiter too many or too few, or an unquoted comma in a value",2,b@x.io',
    );
    expect(lines[2]).toBe('mixed.csv,4,3,email,not-an-email,is not an email address,3,not-an-email,Cy');
    expect(lines[3]).toMatch(
      /^mixed\.csv,5,4,id,1,"external id ""1"" already appears on line 2 of this file",1,d@x\.io,Dup$/,
    );
    expect(t.db.prepare('SELECT error_file FROM imports WHERE id = ?').get(r.importId)).toEqual({
      error_file: errorsPath,
    });
  });

  it('the error file, fixed, imports back through the same mapping', async () => {
    const fixed = readFileSync(join(t.dir, 'mixed.errors.csv'), 'utf8')
      .replace('3,not-an-email,Cy', '3,cy@x.io,Cy')
      .replace(',2,b@x.io\r\n', ',2,b@x.io,Bob\r\n')
      .replace('1,d@x.io,Dup', '4,d@x.io,Dup');
    const path = writeFile(t.dir, 'fixed.csv', fixed);
    const r = await importFile(t.db, path, LEADS);
    expect(r.counts).toEqual({ read: 3, inserted: 3, updated: 0, unchanged: 0, rejected: 0 });
  });

  it('abort with rejected rows writes the error file too, and nothing else', async () => {
    const hash = fileHash(t.db, t.path);
    const errorsPath = join(t.dir, 'abort.errors.csv');
    const r = await importFile(t.db, writeFile(t.dir, 'again.csv', FILE), LEADS, { errorsPath });
    expect(r.status).toBe('aborted');
    expect(readFileSync(errorsPath, 'utf8').trimEnd().split('\r\n')).toHaveLength(4);
    expect(fileHash(t.db, t.path)).toBe(hash);
  });

  it('a dry run reports exact counts, database checks included, and writes nothing', async () => {
    const hash = fileHash(t.db, t.path);
    const r = await importFile(
      t.db,
      writeFile(t.dir, 'dry.csv', 'id,email,name\n1,a@x.io,Ada L\n9,z@x.io,Zed\n9,y@x.io,Zed twin\n'),
      LEADS,
      { dryRun: true, onError: 'skip' },
    );
    expect(r).toMatchObject({
      status: 'dry-run',
      importId: null,
      counts: { read: 3, inserted: 1, updated: 1, unchanged: 0, rejected: 1 },
    });
    expect(fileHash(t.db, t.path)).toBe(hash);
  });

  it('cancel in the middle leaves the workspace as it was', async () => {
    const hash = fileHash(t.db, t.path);
    const rows = ['id,email,name', ...Array.from({ length: 20_000 }, (_, i) => `c${i},c${i}@x.io,Cancel ${i}`)];
    let batches = 0;
    await expect(
      importFile(t.db, writeFile(t.dir, 'cancel.csv', rows.join('\n')), LEADS, {
        batchSize: 500,
        isCancelled: () => ++batches > 5,
      }),
    ).rejects.toThrow(/Import cancelled; nothing was changed/);
    expect(t.db.inTransaction).toBe(false);
    expect(fileHash(t.db, t.path)).toBe(hash);
    expect(dump(t.db).leads).toHaveLength(6);
  });
});
