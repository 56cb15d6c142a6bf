import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImportPreview } from '../../shared/contracts/imports.js';
import { countryCode } from '../../shared/domain/import/country.js';
import { createRegistry } from '../../main/rpc/registry.js';
import type { Registry } from '../../main/rpc/handle.js';
import { DATASETS, importFile, loadMapping, mapping, writeFile } from '../helpers/import.js';
import { createTestDb, tempDir, type TestDb } from '../helpers/test-db.js';

/**
 * What a walk-through importing the real datasets found: enum values in any case, value counts over
 * the whole file, leads with no creation date, country values that name no country, a preset made
 * for another export, and rejected rows that name the file's column and line.
 */

const PIPELINE = join(DATASETS, 'maven-crm-sales-opportunities/sales_pipeline.csv');
const XED = join(DATASETS, 'x-education-lead-scoring/Leads.csv');
const rawRows = (path: string) =>
  parse(readFileSync(path), { columns: true, bom: true, relax_column_count: false }) as Record<string, string>[];
const tally = (values: readonly string[]) => {
  const m = new Map<string, number>();
  for (const v of values) if (v.trim() !== '') m.set(v.trim(), (m.get(v.trim()) ?? 0) + 1);
  return m;
};

describe('import walk-through on the shared datasets', () => {
  let t: TestDb;
  let registry: Registry;
  const tmp = tempDir();
  async function call<T>(channel: string, input: unknown): Promise<T> {
    const r = await registry.invoke(channel, input, t.ctx);
    if (!r.ok) throw new Error(`${channel}: ${r.error.kind}: ${r.error.message}`);
    return r.value as T;
  }

  beforeAll(() => {
    t = createTestDb();
    registry = createRegistry();
  });
  afterAll(() => {
    t.cleanup();
    tmp.cleanup();
  });

  it('lists every distinct value of a column with its count over the whole file, not the first rows', async () => {
    const p = await call<ImportPreview>('imports:preview', { source: { path: PIPELINE }, kind: 'outcomes', rows: 20 });
    expect(p.valuesComplete).toBe(true);
    const stage = p.columns.find((c) => c.name === 'deal_stage')!;
    const expected = tally(rawRows(PIPELINE).map((r) => r.deal_stage!));
    expect(expected.get('Prospecting')).toBe(500);
    // Prospecting's first row is past the rows the samples are taken from: the samples lack it.
    expect(stage.samples).not.toContain('Prospecting');
    expect(new Map(stage.values!.map((v) => [v.value, v.count]))).toEqual(expected);
    expect(stage.values!.map((v) => v.count)).toEqual([...expected.values()].sort((a, b) => b - a));
    // An id column has too many values to list.
    expect(p.columns.find((c) => c.name === 'opportunity_id')!.values).toBeNull();
  });

  it('reads "Won", "LOST" and " won " as the allowed values of an outcome result', async () => {
    await importFile(t.db, PIPELINE, loadMapping('maven-pipeline-leads.json'));
    const file = writeFile(
      tmp.dir,
      'stages.csv',
      'opportunity_id,deal_stage\n1C1I7A6R,Won\nZ063OYW0,LOST\nEC4QE1BX," won "\nMV1LWRNH,Engaging\n',
    );
    const m = (trim?: false) =>
      mapping('outcomes', [
        { column: 'opportunity_id', target: 'lead.externalId', transform: { prefix: 'mv-' } },
        { column: 'deal_stage', target: 'result', ...(trim === false ? { transform: { trim: false } } : {}) },
      ]);
    const checked = await importFile(t.db, file, m(), { dryRun: true });
    expect(checked.counts).toMatchObject({ read: 4, rejected: 1 });
    expect(checked.errors).toHaveLength(1);
    expect(checked.errors[0]).toMatchObject({ line: 5, column: 'deal_stage', value: 'Engaging', code: 'not-allowed' });
    expect(checked.errors[0]!.reason).toBe('"Engaging" is not one of the allowed values (open, won, lost)');
    // Untrimmed too: surrounding spaces never make a value another one.
    expect((await importFile(t.db, file, m(false), { dryRun: true })).counts.rejected).toBe(1);
    const r = await importFile(t.db, file, m(), { onError: 'skip' });
    expect(r.status).toBe('imported');
    const results = t.db
      .prepare(
        `SELECT l.external_id AS lead, o.result FROM outcomes o JOIN leads l ON l.id = o.lead_id
         WHERE l.external_id IN ('mv-1C1I7A6R', 'mv-Z063OYW0', 'mv-EC4QE1BX') ORDER BY l.external_id`,
      )
      .all();
    expect(results).toEqual([
      { lead: 'mv-1C1I7A6R', result: 'won' },
      { lead: 'mv-EC4QE1BX', result: 'won' },
      { lead: 'mv-Z063OYW0', result: 'lost' },
    ]);
  });

  it('says when a built-in preset fits none of the file’s columns, naming them', async () => {
    const p = await call<ImportPreview>('imports:preview', {
      source: { path: PIPELINE },
      kind: 'outcomes',
      presetId: 'builtin:salesforce-opportunities',
      rows: 5,
    });
    expect(p.preset).toMatchObject({ id: 'builtin:salesforce-opportunities', kept: 0 });
    expect(p.preset!.dropped.join(', ')).toMatch(/Opportunity ID/i);
    // The suggestion the wizard offers instead maps the file's own columns.
    const g = await call<ImportPreview>('imports:preview', {
      source: { path: PIPELINE },
      kind: 'outcomes',
      presetId: 'generic',
      rows: 5,
    });
    expect(g.preset).toBeNull();
    expect(g.columns.find((c) => c.name === 'deal_stage')!.suggestion.target).toBe('result');
  });

  it('counts the new leads dated at the import’s time, and every country value that names no country', async () => {
    const rows = rawRows(XED);
    const r = await importFile(t.db, XED, loadMapping('x-education-leads.json'), { dryRun: true });
    expect(r.counts.rejected).toBe(0);
    // No column goes to createdAt: every new lead would be dated at the import's time.
    expect(r.notes?.undatedLeads).toBe(rows.length);
    const unknown = [...tally(rows.map((x) => x.Country!))].filter(([v]) => countryCode(v) === null);
    expect(new Map(unknown)).toEqual(
      new Map([
        ['unknown', 5],
        ['Asia/Pacific Region', 2],
      ]),
    );
    // Both appear only after the first thousand rows, which is all the preview samples.
    expect(rows.findIndex((x) => x.Country === 'unknown')).toBeGreaterThan(1000);
    expect(r.notes?.unknownCountries).toEqual([
      { value: 'unknown', count: 5 },
      { value: 'Asia/Pacific Region', count: 2 },
    ]);
    expect(r.warnings).toContain(
      '2 country values name no country and are stored as written: "unknown" (5 rows), "Asia/Pacific Region" (2 rows)',
    );
    expect(r.warnings).toContain(`${rows.length} new leads have no creation date in the file and were dated at the import's time`);
  });

  it('says how many offers it made from the names in the file, and nothing when they exist already', async () => {
    const csv = writeFile(tmp.dir, 'named-offers.csv', 'id,name,offer\nN-1,Ann,Landing A\nN-2,Bob,Landing B\nN-3,Cy,Landing A\nN-4,Di,Landing C\n');
    const before = t.db.prepare('SELECT count(*) FROM offers').pluck().get() as number;
    const m = mapping('leads', [
      { column: 'id', target: 'externalId' },
      { column: 'name', target: 'name' },
      { column: 'offer', target: 'firstOffer' },
    ]);
    const r = await importFile(t.db, csv, m);
    expect(r.warnings).toContain('3 offers were created from the names in the file (undoing the import removes them).');
    expect(t.db.prepare('SELECT count(*) FROM offers').pluck().get()).toBe(before + 3);
    // The same names again: found, not made, and nothing to say.
    const again = await importFile(t.db, csv, m);
    expect(again.warnings.filter((w) => w.includes('created from the names'))).toEqual([]);
  });

  it('counts only the empty cells when a column is mapped to createdAt, and updates never count', async () => {
    const file = writeFile(
      tmp.dir,
      'dated.csv',
      'id,email,created\nD-1,d1@x.io,2024-01-05\nD-2,d2@x.io,\nD-3,d3@x.io,2024-02-01\nD-4,d4@x.io,  \n',
    );
    const m = mapping('leads', [
      { column: 'id', target: 'externalId' },
      { column: 'email', target: 'email' },
      { column: 'created', target: 'createdAt', transform: { dateFormat: 'iso' } },
    ]);
    const first = await importFile(t.db, file, m);
    expect(first.notes).toEqual({ undatedLeads: 2, unknownCountries: [] });
    const again = await importFile(t.db, file, m);
    expect(again.counts.inserted).toBe(0);
    expect(again.notes?.undatedLeads).toBe(0);
  });

  it('names the file’s column and the earlier row’s line when a row repeats an id', async () => {
    const file = writeFile(tmp.dir, 'dups.csv', 'external_id,email\nX-1,a@x.io\nX-2,b@x.io\nX-1,c@x.io\n');
    const r = await importFile(
      t.db,
      file,
      mapping('leads', [
        { column: 'external_id', target: 'externalId' },
        { column: 'email', target: 'email' },
      ]),
    );
    expect(r.status).toBe('aborted');
    expect(r.errors).toEqual([
      expect.objectContaining({
        row: 3,
        line: 4,
        column: 'external_id',
        target: 'externalId',
        value: 'X-1',
        reason: 'external id "X-1" already appears on line 2 of this file',
      }),
    ]);
  });
});
