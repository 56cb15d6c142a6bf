import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JobProgress } from '../../shared/contracts/events.js';
import type { ExportResult } from '../../shared/contracts/exports.js';
import type { ImportHistoryItem, ImportPreset, ImportPreview, ImportResult } from '../../shared/contracts/imports.js';
import type { Mapping } from '../../shared/domain/import/mapping.js';
import { createRegistry } from '../../main/rpc/registry.js';
import type { Registry } from '../../main/rpc/handle.js';
import { insertLead } from '../helpers/builders.js';
import { fileHash, loadMapping, mapping, DATASETS } from '../helpers/import.js';
import { createTestDb, type TestDb } from '../helpers/test-db.js';

/** The import and export endpoints through the registry, as the wizard (and the harness) call them. */

const CONTACTS = [
  'Record ID,First Name,Last Name,Email,Company Name,Country/Region,Industry,Number of Employees,Job Title,Lifecycle Stage,Original Source,Create Date,Contact owner,Annual Revenue',
  '101,Anna,Nowak,anna@example.com,Acme Inc,Poland,Retail,40,CEO,lead,Organic Search,2024-03-01 10:15,rep1@example.com,1000000',
  '102,Jan,"de Vries",jan@example.com,"Globex, B.V.",Netherlands,Retail,1200,CTO,lead,Paid Search,2024-03-02 11:00,rep2@example.com,"2,500,000"',
  '103,Sara,Jensen,sara@example,Initech,Denmark,Retail,7,Analyst,lead,Referrals,2024-03-03 12:00,,',
].join('\n');

describe('imports and exports over the registry', () => {
  let t: TestDb;
  let registry: Registry;
  async function call<T>(channel: string, input: unknown): Promise<T> {
    const r = await registry.invoke(channel, input, t.ctx);
    if (!r.ok) throw new Error(`${channel}: ${r.error.kind}: ${r.error.message}`);
    return r.value as T;
  }
  async function waitForJob(jobId: string): Promise<JobProgress> {
    for (let i = 0; i < 600; i++) {
      const job = (await call<JobProgress[]>('jobs:list', {})).find((j) => j.jobId === jobId)!;
      if (job.finished) return job;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error('job did not finish');
  }

  beforeAll(() => {
    t = createTestDb();
    registry = createRegistry();
    insertLead(t.db, { externalId: '101', email: 'anna@example.com', name: 'Anna Old' });
  });
  afterAll(() => t.cleanup());

  it('uploads in chunks and previews: detection, samples, the HubSpot preset, and the rows through it', async () => {
    const bytes = Buffer.from(CONTACTS);
    const first = await call<{ uploadId: string; size: number }>('imports:upload', {
      fileName: 'hubspot export.csv',
      offset: 0,
      data: bytes.subarray(0, 100).toString('base64'),
    });
    const done = await call<{ uploadId: string; size: number }>('imports:upload', {
      uploadId: first.uploadId,
      fileName: 'x',
      offset: 100,
      data: bytes.subarray(100).toString('base64'),
    });
    expect(done.size).toBe(bytes.length);
    const wrongOffset = await registry.invoke(
      'imports:upload',
      { uploadId: first.uploadId, fileName: 'x', offset: 5, data: 'QQ==' },
      t.ctx,
    );
    expect(wrongOffset).toMatchObject({ ok: false, error: { kind: 'conflict' } });

    const p = await call<ImportPreview>('imports:preview', {
      source: { uploadId: first.uploadId },
      kind: 'leads',
      rows: 5,
    });
    expect(p.fileName).toBe('hubspot export.csv');
    expect(p.detected).toMatchObject({ encoding: 'utf-8', delimiter: ',', hasHeader: true });
    // Why, in English and as a code with its values (the wizard says the code in the UI language).
    expect(p.detected).toMatchObject({
      encodingReason: 'valid UTF-8',
      encodingWhy: { code: 'valid-utf8', values: {} },
      delimiterReason: 'comma: 4 of 4 sampled records have 14 fields',
      delimiterWhy: { code: 'fields-agree', values: { delimiter: ',', records: 4, sampled: 4, fields: 14 } },
      headerReason: 'the first record is text above number or date columns',
      headerWhy: { code: 'text-above-typed', values: {} },
    });
    expect(p.preset).toMatchObject({ id: 'builtin:hubspot-contacts', dropped: ['Lead Status', 'Website URL'] });
    expect(p.mappingProblems).toEqual([]);
    expect(p.columns.find((c) => c.name === 'Create Date')).toMatchObject({
      date: { candidates: ['iso'], ambiguous: false },
    });
    expect(p.columns.find((c) => c.name === 'Company Name')?.samples).toEqual(['Acme Inc', 'Globex, B.V.', 'Initech']);
    expect(p.rows[1]).toMatchObject({
      row: 2,
      line: 3,
      values: {
        externalId: '102',
        name: 'Jan de Vries',
        company: 'Globex, B.V.',
        country: 'NL',
        attributes: { annual_revenue: 2_500_000 },
      },
    });
    expect(p.columns.find((c) => c.name === 'Country/Region')?.country).toEqual({
      read: [
        { value: 'Poland', code: 'PL' },
        { value: 'Netherlands', code: 'NL' },
        { value: 'Denmark', code: 'DK' },
      ],
      unknown: [],
    });
    expect(p.columns.find((c) => c.name === 'Company Name')?.country).toBeNull();
    expect(p.rows[2]).toMatchObject({
      row: 3,
      values: null,
      errors: [
        {
          column: 'Email',
          value: 'sara@example',
          reason: 'is not an email address',
          code: 'not-email',
          values: { value: 'sara@example' },
          line: 4,
        },
      ],
    });
  });

  it('reads a date column with one bad cell in its format, and rejects that row with its line and value', async () => {
    const lines = ['email,created'];
    for (let i = 1; i <= 41; i++) lines.push(`l${i}@x.io,2021-0${1 + (i % 9)}-1${i % 10}`);
    lines.splice(18, 0, 'bad@x.io,notadate');
    const text = lines.join('\n') + '\n';
    const p = await call<ImportPreview>('imports:preview', { source: { text, fileName: 'dates.csv' }, kind: 'leads', rows: 50 });
    expect(p.columns.find((c) => c.name === 'created')?.date).toEqual({
      candidates: ['iso'],
      ambiguous: false,
      evidence: null,
      unparsed: ['notadate'],
    });
    const withDate = mapping('leads', [
      { column: 'email', target: 'email' },
      { column: 'created', target: 'createdAt' },
    ]);
    const q = await call<ImportPreview>('imports:preview', { source: { text }, kind: 'leads', mapping: withDate, rows: 50 });
    expect(q.mappingProblems).toEqual([]);
    const rejected = q.rows.filter((r) => r.errors.length > 0);
    expect(rejected).toHaveLength(1);
    expect(rejected[0]).toMatchObject({ line: 19, errors: [{ column: 'created', value: 'notadate', line: 19 }] });
    expect(rejected[0]!.errors[0]).toMatchObject({
      reason: expect.stringMatching(/^"notadate" is not a date in the format ISO 8601/),
      code: 'not-date',
      values: { value: 'notadate', format: 'iso' },
    });
    expect(q.rows.filter((r) => r.values !== null)).toHaveLength(41);
  });

  it('says why a row has too many fields, and what the user chose, as codes too', async () => {
    const p = await call<ImportPreview>('imports:preview', {
      source: { text: 'email;name\na@x.io;Ada\nb@x.io;Bob;extra\n', fileName: 'f.csv' },
      kind: 'leads',
      file: { delimiter: ';', header: true, encoding: 'utf-8' },
    });
    expect(p.detected).toMatchObject({
      encodingReason: 'chosen',
      encodingWhy: { code: 'chosen', values: { encoding: 'utf-8' } },
      delimiterReason: 'semicolon (chosen)',
      delimiterWhy: { code: 'chosen', values: { delimiter: ';' } },
      headerWhy: { code: 'chosen', values: {} },
    });
    expect(p.rows[1]!.errors).toEqual([
      {
        file: 'f.csv',
        row: 2,
        line: 3,
        column: '(row)',
        target: '',
        value: '',
        reason: 'the row has 3 fields and the header 2',
        code: 'field-count',
        values: { fields: 3, columns: 2 },
      },
    ]);
  });

  it('shows which country values become codes and which name no country', async () => {
    const text = 'email,land\na@x.io,Nederland\nb@x.io,NL\nc@x.io,unknown\nd@x.io,DEU\ne@x.io,Asia/Pacific Region\n';
    const p = await call<ImportPreview>('imports:preview', { source: { text, fileName: 'c.csv' }, kind: 'leads', rows: 10 });
    expect(p.columns.find((c) => c.name === 'land')?.country).toEqual({
      read: [
        { value: 'Nederland', code: 'NL' },
        { value: 'DEU', code: 'DE' },
      ],
      unknown: ['unknown', 'Asia/Pacific Region'],
    });
    const q = await call<ImportPreview>('imports:preview', {
      source: { text },
      kind: 'leads',
      rows: 10,
      mapping: mapping('leads', [
        { column: 'email', target: 'email' },
        { column: 'land', target: 'country' },
      ]),
    });
    expect(q.rows.map((r) => r.values?.country)).toEqual(['NL', 'NL', 'unknown', 'DE', 'Asia/Pacific Region']);
  });

  it('asks which of day and month comes first when the samples cannot tell', async () => {
    const p = await call<ImportPreview>('imports:preview', {
      source: { text: 'email,signed\na@x.io,1/2/2021\nb@x.io,3/4/2021\n', fileName: 'a.csv' },
      kind: 'leads',
    });
    expect(p.columns.find((c) => c.name === 'signed')?.date).toEqual({
      candidates: ['mdy', 'dmy'],
      ambiguous: true,
      evidence: null,
      unparsed: [],
    });
    const withDate: Mapping = mapping('leads', [
      { column: 'email', target: 'email' },
      { column: 'signed', target: 'createdAt' },
    ]);
    const q = await call<ImportPreview>('imports:preview', {
      source: { text: 'email,signed\na@x.io,1/2/2021\nb@x.io,3/4/2021\n' },
      kind: 'leads',
      mapping: withDate,
    });
    expect(q.mappingProblems[0]).toMatch(/day and month cannot be told apart/);
    const semicolons = await call<ImportPreview>('imports:preview', {
      source: { path: join(DATASETS, 'salvirt-b2b-sales/Salvirt_B2B_ML_dataset_HF.csv') },
      kind: 'outcomes',
    });
    expect(semicolons.detected.delimiter).toBe(';');
    expect(semicolons.estimatedRows).toBe(448);
  });

  let runId = '';
  let importId = '';

  it('starts an import as a job with progress, reads its result, lists it in the history', async () => {
    const preset = loadMapping('crm-export-contacts.json');
    const { jobId, runId: r } = await call<{ jobId: string; runId: string }>('imports:start', {
      source: { text: CONTACTS, fileName: 'contacts.csv' },
      mapping: preset,
      onError: 'skip',
    });
    runId = r;
    const job = await waitForJob(jobId);
    expect(job).toMatchObject({ kind: 'import', phase: 'done', error: null });
    const result = await call<ImportResult>('imports:result', { jobId });
    expect(result).toMatchObject({
      status: 'imported',
      counts: { read: 3, inserted: 1, updated: 1, unchanged: 0, rejected: 1 },
      hasErrorFile: true,
      runId,
    });
    expect(result.warnings[0]).toMatch(/owner value\(s\) match no LeadPact user/);
    // The rejected row's reason crosses the parse worker and the contract with its code.
    expect(result.errors).toMatchObject([
      { line: 4, column: 'Email', reason: 'is not an email address', code: 'not-email', values: { value: 'sara@example' } },
    ]);
    importId = result.importId!;
    const progress = t.events.filter((e) => e.event === 'job:progress').map((e) => (e.payload as JobProgress).phase);
    expect(progress).toContain('importing');
    expect(
      t.events.some((e) => e.event === 'data:changed' && (e.payload as { tables: string[] }).tables.includes('leads')),
    ).toBe(true);

    const h = await call<ImportHistoryItem[]>('imports:history', {});
    expect(h[0]).toMatchObject({
      id: importId,
      kind: 'leads',
      fileName: 'contacts.csv',
      counts: { inserted: 1, updated: 1, rejected: 1 },
      onError: 'skip',
      status: 'done',
      hasErrorFile: true,
    });
    expect(h[0]!.mapping).toEqual(preset);

    const errors = await call<{ content: string; rows: number; truncated: boolean }>('imports:errorsCsv', { runId });
    expect(errors).toMatchObject({ rows: 1, truncated: false });
    expect(errors.content).toContain(
      'contacts.csv,4,3,Email,sara@example,is not an email address,103,Sara,Jensen,sara@example',
    );
  });

  it('a failing job reports the precise error; a dry run leaves no trace', async () => {
    const hash = fileHash(t.db, t.path);
    const bad = await call<{ jobId: string }>('imports:start', {
      source: { text: 'id,email\n1,"open\n' },
      mapping: mapping('leads', [{ column: 'id', target: 'externalId' }]),
      onError: 'abort',
    });
    const job = await waitForJob(bad.jobId);
    expect(job).toMatchObject({
      phase: 'failed',
      error: expect.stringMatching(/line 2: a quoted field opened here is never closed/),
    });
    const dry = await call<{ jobId: string }>('imports:start', {
      source: { text: CONTACTS },
      mapping: loadMapping('crm-export-contacts.json'),
      onError: 'abort',
      dryRun: true,
    });
    await waitForJob(dry.jobId);
    expect(await call<ImportResult>('imports:result', { jobId: dry.jobId })).toMatchObject({
      status: 'dry-run',
      importId: null,
      counts: { rejected: 1 },
    });
    expect(fileHash(t.db, t.path)).toBe(hash);
  });

  it('undoes through the registry', async () => {
    const r = await call<{ deleted: number; restored: number }>('imports:undo', { id: importId });
    expect(r.restored).toBe(1);
    expect(t.db.prepare(`SELECT name FROM leads WHERE external_id = '101'`).get()).toEqual({ name: 'Anna Old' });
    expect(t.db.prepare(`SELECT count(*) AS n FROM leads`).get()).toEqual({ n: 1 });
    const again = await registry.invoke('imports:undo', { id: importId }, t.ctx);
    expect(again).toMatchObject({ ok: false, error: { kind: 'conflict' } });
  });

  it('lists built-in presets, saves, uses and deletes a named one', async () => {
    const list = await call<ImportPreset[]>('imports:presets', {});
    expect(list.map((p) => p.id)).toEqual([
      'builtin:hubspot-contacts',
      'builtin:salesforce-leads',
      'builtin:salesforce-opportunities',
      'generic',
    ]);
    const saved = await call<ImportPreset>('imports:savePreset', {
      name: 'Our MarketStar export',
      mapping: loadMapping('marketstar-leads.json'),
    });
    expect(saved).toMatchObject({ name: 'Our MarketStar export', kind: 'leads', builtin: false });
    expect(saved.mapping?.name).toBe('Our MarketStar export');
    const p = await call<ImportPreview>('imports:preview', {
      source: { path: join(DATASETS, 'marketstar-sdr-funnel/Leads.csv') },
      kind: 'leads',
      presetId: saved.id,
    });
    expect(p.preset).toMatchObject({ id: saved.id, dropped: [] });
    expect(p.rows[0]!.values).toMatchObject({ externalId: 'ms-1', createdAt: Date.UTC(2021, 0, 5) });
    const builtinName = await registry.invoke(
      'imports:savePreset',
      { name: 'HubSpot contacts export', mapping: loadMapping('marketstar-leads.json') },
      t.ctx,
    );
    expect(builtinName).toMatchObject({ ok: false, error: { kind: 'conflict' } });
    await call('imports:deletePreset', { id: saved.id });
    expect((await call<ImportPreset[]>('imports:presets', {})).some((x) => x.id === saved.id)).toBe(false);
  });

  it('exports the filtered leads to CSV with formula cells neutralised, and the file imports back', async () => {
    insertLead(t.db, {
      externalId: 'X1',
      email: 'x1@x.io',
      name: '=HYPERLINK("http://evil")',
      company: 'Acme, Inc',
      country: 'PT',
    });
    insertLead(t.db, { externalId: 'X2', email: 'x2@x.io', name: '@SUM(1)', country: 'PT' });
    insertLead(t.db, { externalId: 'X3', email: 'x3@x.io', name: 'Plain', country: 'DE' });
    const r = await call<ExportResult>('leads:exportCsv', {
      filters: { country: 'PT' },
      sort: { column: 'name', dir: 'asc' },
    });
    expect(r.rows).toBe(2);
    expect(r.content).not.toBeNull();
    expect(readFileSync(r.path, 'utf8')).toBe(r.content);
    const lines = r
      .content!.replace(/^\uFEFF/, '')
      .trimEnd()
      .split('\r\n');
    expect(lines[0]).toMatch(/^External id,Name,Email,Company,Country,/);
    expect(lines[1]).toMatch(/^X1,"'=HYPERLINK\(""http:\/\/evil""\)",x1@x\.io,"Acme, Inc",PT,/);
    expect(lines[2]).toMatch(/^X2,'@SUM\(1\),x2@x\.io,/);

    const back = mapping('leads', [
      { column: 'External id', target: 'externalId' },
      { column: 'Name', target: 'name' },
      { column: 'Email', target: 'email' },
    ]);
    const { jobId } = await call<{ jobId: string }>('imports:start', {
      source: { text: r.content! },
      mapping: back,
      onError: 'abort',
    });
    await waitForJob(jobId);
    expect((await call<ImportResult>('imports:result', { jobId })).counts).toMatchObject({
      read: 2,
      unchanged: 2,
      updated: 0,
    });
  });
});
