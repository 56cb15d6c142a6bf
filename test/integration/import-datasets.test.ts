import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImportResult } from '../../shared/contracts/imports.js';
import { DATASETS, fileHash, importFile, loadMapping, MAPPINGS } from '../helpers/import.js';
import { createTestDb, tempDir, type TestDb } from '../helpers/test-db.js';

/**
 * Every CSV of ../shared/datasets through a mapping file of test/fixtures/mappings, into one
 * workspace, in dependency order (ids are shared across files). Counts and sample values are checked
 * against the raw files, read here independently (csv-parse's sync parser on the whole file).
 */

interface Case {
  file: string;
  mapping: string;
  delimiter?: string;
}

const CASES: Case[] = [
  { file: 'marketstar-sdr-funnel/Leads.csv', mapping: 'marketstar-leads.json' },
  { file: 'marketstar-sdr-funnel/Opportunities.csv', mapping: 'marketstar-opportunities.json' },
  { file: 'marketstar-sdr-funnel/Employees.csv', mapping: 'marketstar-employees.json' },
  { file: 'marketstar-sdr-funnel/Quotas.csv', mapping: 'marketstar-quotas.json' },
  { file: 'olist-marketing-funnel/olist_marketing_qualified_leads_dataset.csv', mapping: 'olist-mqls.json' },
  { file: 'olist-marketing-funnel/olist_closed_deals_dataset.csv', mapping: 'olist-closed-deals.json' },
  { file: 'olist-marketing-funnel/olist_sellers_dataset.csv', mapping: 'olist-sellers.json' },
  { file: 'x-education-lead-scoring/Leads.csv', mapping: 'x-education-leads.json' },
  { file: 'maven-crm-sales-opportunities/sales_pipeline.csv', mapping: 'maven-pipeline-leads.json' },
  { file: 'maven-crm-sales-opportunities/sales_pipeline.csv', mapping: 'maven-pipeline-outcomes.json' },
  { file: 'maven-crm-sales-opportunities/accounts.csv', mapping: 'maven-accounts.json' },
  { file: 'maven-crm-sales-opportunities/products.csv', mapping: 'maven-products.json' },
  { file: 'maven-crm-sales-opportunities/sales_teams.csv', mapping: 'maven-sales-teams.json' },
  { file: 'salvirt-b2b-sales/Salvirt_B2B_ML_dataset_HF.csv', mapping: 'salvirt-deals-leads.json', delimiter: ';' },
  { file: 'salvirt-b2b-sales/Salvirt_B2B_ML_dataset_HF.csv', mapping: 'salvirt-deals-outcomes.json', delimiter: ';' },
];

/** The raw file as records of named fields, read in one go (independent of the streaming importer). */
function raw(file: string, delimiter = ','): Record<string, string>[] {
  return parse(readFileSync(join(DATASETS, file)), {
    columns: (h: string[]) => h.map((c, i) => c.trim() || `Column ${i + 1}`),
    delimiter,
    bom: true,
    relax_column_count: false,
  });
}

describe('importing every shared dataset', () => {
  let t: TestDb;
  const results = new Map<string, ImportResult>();
  const q = <T>(sql: string, ...params: unknown[]) => t.db.prepare(sql).get(...params) as T;

  beforeAll(async () => {
    t = createTestDb();
    for (const c of CASES) {
      const r = await importFile(t.db, join(DATASETS, c.file), loadMapping(c.mapping));
      results.set(c.mapping, r);
    }
  }, 180_000);
  afterAll(() => t.cleanup());

  it('imports every file in full: rows read = rows in the raw file = rows inserted, none rejected', () => {
    for (const c of CASES) {
      const r = results.get(c.mapping)!;
      const rows = raw(c.file, c.delimiter).length;
      expect(r.status, c.mapping).toBe('imported');
      expect(r.counts, c.mapping).toEqual({ read: rows, inserted: rows, updated: 0, unchanged: 0, rejected: 0 });
    }
    expect(q<{ n: number }>('SELECT count(*) AS n FROM imports').n).toBe(CASES.length);
  });

  it('detects the delimiters, line endings and encodings of the files', () => {
    expect(results.get('salvirt-deals-leads.json')!.detected).toMatchObject({
      delimiter: ';',
      encoding: 'utf-8',
      hasHeader: true,
    });
    expect(results.get('olist-sellers.json')!.detected).toMatchObject({ delimiter: ',' });
    expect(results.get('marketstar-leads.json')!.detected).toMatchObject({ delimiter: ',', hasHeader: true });
  });

  it('MarketStar: 20210105 dates, leads linked to their opportunities, TRUE/FALSE decisions, 1/18/2021 0:00 times', () => {
    const leads = raw('marketstar-sdr-funnel/Leads.csv');
    const first = leads[0]!;
    const lead = q<Record<string, unknown>>('SELECT * FROM leads WHERE external_id = ?', `ms-${first.LeadId}`);
    expect(lead).toMatchObject({
      job_title: first.Title,
      industry: first.Industry,
      employees: Number(first.Employees),
      source: first.LeadSource,
      created_at: Date.UTC(2021, 0, 5),
    });
    expect(JSON.parse(lead.attributes as string)).toMatchObject({
      time_zone: first.TimeZone,
      crm_stage: first.Stage,
      disqualified_reason: first.DisqualifiedReason,
    });
    // the lead with no Title keeps job_title empty (missing), not ""
    expect(q<{ job_title: unknown }>('SELECT job_title FROM leads WHERE external_id = ?', 'ms-2').job_title).toBeNull();

    const opps = raw('marketstar-sdr-funnel/Opportunities.csv');
    const accepted = opps.filter((o) => o.IsAccepted === 'TRUE').length;
    expect(q<{ n: number }>(`SELECT count(*) AS n FROM handoffs WHERE decision = 'accepted'`).n).toBe(accepted);
    expect(q<{ n: number }>(`SELECT count(*) AS n FROM handoffs WHERE decision = 'rejected'`).n).toBe(
      opps.length - accepted,
    );
    const o1 = opps.find((o) => o.OpportunityId === '1')!;
    const linked = leads.find((l) => l.ConvertedOpportunityId === '1')!;
    const h = q<Record<string, unknown>>(
      'SELECT h.* FROM handoffs h JOIN leads l ON l.id = h.lead_id WHERE l.external_id = ?',
      `ms-${linked.LeadId}`,
    );
    expect(o1).toMatchObject({ CreatedDate: '1/11/2021', AcceptedDecisionDate: '1/18/2021 0:00', IsAccepted: 'TRUE' });
    expect(h).toMatchObject({
      handed_at: Date.UTC(2021, 0, 11),
      decided_at: Date.UTC(2021, 0, 18),
      decision: 'accepted',
    });
    expect(q<{ stage: string }>('SELECT stage FROM leads WHERE external_id = ?', `ms-${linked.LeadId}`).stage).toBe(
      'sal',
    );
  });

  it('MarketStar quotas: "$200,000 " amounts and the free-text columns without a header', () => {
    const a = JSON.parse(
      q<{ attributes: string }>('SELECT attributes FROM leads WHERE external_id = ?', 'ms-quota-2021-Q2').attributes,
    );
    expect(a).toEqual({
      quota: 50,
      quota_amount: 200_000,
      definition: 'Quota Amount: Total amount of accepted opportunities based on the accepted date',
    });
    const q1 = JSON.parse(
      q<{ attributes: string }>('SELECT attributes FROM leads WHERE external_id = ?', 'ms-quota-2021-Q1').attributes,
    );
    expect(q1.quota).toBeUndefined();
    expect(q1.note).toBe('No Quota since team is ramping and not sure what to expect yet');
  });

  it('Olist: every closed deal finds its MQL by the shared mql_id and marks it won', () => {
    const deals = raw('olist-marketing-funnel/olist_closed_deals_dataset.csv');
    const n = q<{ n: number }>(
      `SELECT count(*) AS n FROM outcomes o JOIN leads l ON l.id = o.lead_id WHERE o.external_id LIKE 'olist-deal-%' AND l.external_id = substr(o.external_id, 12) AND l.stage = 'won'`,
    ).n;
    expect(n).toBe(deals.length);
    const d = deals.find((x) => Number(x.declared_monthly_revenue) > 0)!;
    const o = q<Record<string, unknown>>('SELECT * FROM outcomes WHERE external_id = ?', `olist-deal-${d.mql_id}`);
    expect(o).toMatchObject({ result: 'won', amount: Number(d.declared_monthly_revenue), currency: 'BRL' });
    // 2018-02-26 19:58:54 in São Paulo (UTC-3 then) is 22:58:54 UTC
    const sample = deals.find((x) => x.won_date === '2018-02-26 19:58:54')!;
    expect(
      q<{ closed_at: number }>('SELECT closed_at FROM outcomes WHERE external_id = ?', `olist-deal-${sample.mql_id}`)
        .closed_at,
    ).toBe(Date.UTC(2018, 1, 26, 22, 58, 54));
    const sellers = raw('olist-marketing-funnel/olist_sellers_dataset.csv');
    const zero = sellers.find((s) => s.seller_zip_code_prefix?.startsWith('0'))!;
    expect(
      JSON.parse(
        q<{ attributes: string }>(
          'SELECT attributes FROM leads WHERE external_id = ?',
          `olist-seller-${zero.seller_id}`,
        ).attributes,
      ).zip_prefix,
    ).toBe(zero.seller_zip_code_prefix);
  });

  it('X Education: "Select" is missing, Yes/No and 1/0 are booleans, CRLF rows intact', () => {
    const rows = raw('x-education-lead-scoring/Leads.csv');
    const r = rows.find(
      (x) =>
        x.Country === 'India' && x['Do Not Email'] === 'Yes' && x.Converted === '1' && x.Specialization === 'Select',
    )!;
    const lead = q<Record<string, unknown>>('SELECT * FROM leads WHERE external_id = ?', r['Prospect ID']);
    expect(lead).toMatchObject({ country: 'IN', industry: null, source: r['Lead Source'] || null });
    expect(JSON.parse(lead.attributes as string)).toMatchObject({
      do_not_email: true,
      converted: true,
      lead_number: Number(r['Lead Number']),
      last_activity: r['Last Activity'],
    });
    const selectCities = rows.filter((x) => x.City === 'Select').length;
    expect(selectCities).toBeGreaterThan(0);
    expect(
      q<{ n: number }>(`SELECT count(*) AS n FROM leads WHERE json_extract(attributes, '$.city') = 'Select'`).n,
    ).toBe(0);
    expect(
      q<{ n: number }>(
        `SELECT count(*) AS n FROM leads WHERE json_extract(attributes, '$.converted') = 1 AND external_id NOT LIKE 'ms-%'`,
      ).n,
    ).toBe(rows.filter((x) => x.Converted === '1').length);
  });

  it('Maven: one file as leads then as outcomes; stages map to won/lost/open; empty close dates stay empty', () => {
    const pipe = raw('maven-crm-sales-opportunities/sales_pipeline.csv');
    const count = (stage: string) => pipe.filter((p) => p.deal_stage === stage).length;
    const byResult = (r: string) =>
      q<{ n: number }>(`SELECT count(*) AS n FROM outcomes WHERE external_id LIKE 'mv-%' AND result = ?`, r).n;
    expect(byResult('won')).toBe(count('Won'));
    expect(byResult('lost')).toBe(count('Lost'));
    expect(byResult('open')).toBe(count('Engaging') + count('Prospecting'));
    const p = pipe[0]!;
    expect(
      q<Record<string, unknown>>('SELECT * FROM outcomes WHERE external_id = ?', `mv-${p.opportunity_id}`),
    ).toMatchObject({
      amount: Number(p.close_value),
      opened_at: Date.parse(`${p.engage_date}T00:00:00Z`),
      closed_at: Date.parse(`${p.close_date}T00:00:00Z`),
    });
    const prospect = pipe.find((x) => x.deal_stage === 'Prospecting')!;
    expect(
      q<Record<string, unknown>>(
        'SELECT opened_at, closed_at, amount FROM outcomes WHERE external_id = ?',
        `mv-${prospect.opportunity_id}`,
      ),
    ).toEqual({ opened_at: null, closed_at: null, amount: null });
    expect(
      q<{ type: string; campaign: string }>(
        `SELECT o.type, c.name AS campaign FROM offers o JOIN campaigns c ON c.id = o.campaign_id WHERE o.name = 'GTX Pro'`,
      ),
    ).toEqual({ type: 'landing_page', campaign: 'GTX' });
    expect(
      q<{ industry: string }>('SELECT industry FROM leads WHERE external_id = ?', 'mv-account-Acme Corporation')
        .industry,
    ).toBe('technolgy');
  });

  it('Salvirt: ";"-separated, CRLF, keyed by record number; outcomes follow the Status column', () => {
    const deals = raw('salvirt-b2b-sales/Salvirt_B2B_ML_dataset_HF.csv', ';');
    expect(
      q<{ n: number }>(`SELECT count(*) AS n FROM outcomes WHERE external_id LIKE 'salvirt-deal-%' AND result = 'won'`)
        .n,
    ).toBe(deals.filter((d) => d.Status === 'Won').length);
    const last = deals[deals.length - 1]!;
    const lead = q<Record<string, unknown>>('SELECT * FROM leads WHERE external_id = ?', `salvirt-${deals.length}`);
    expect(lead.source).toBe(last.Source);
    expect(JSON.parse(lead.attributes as string)).toMatchObject({
      product: last.Product,
      seller: last.Seller,
      deal_type: last.Deal_type,
    });
  });

  it('importing the same files again changes nothing and says so', async () => {
    const before = fileHash(t.db, t.path);
    for (const c of CASES.slice(0, 2)) {
      const r = await importFile(t.db, join(DATASETS, c.file), loadMapping(c.mapping), { dryRun: true });
      const rows = raw(c.file, c.delimiter).length;
      expect(r.counts, c.mapping).toEqual({ read: rows, inserted: 0, updated: 0, unchanged: rows, rejected: 0 });
      expect(r.status).toBe('dry-run');
    }
    expect(q<{ n: number }>('SELECT count(*) AS n FROM imports').n).toBe(CASES.length);
    expect(fileHash(t.db, t.path)).toBe(before);
  });
});

describe('the CLI imports the shared datasets as a subprocess', () => {
  const bin = join(process.cwd(), 'bin', 'leadpact.mjs');
  const cli = (...args: string[]) => {
    const r = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', timeout: 120_000 });
    return { code: r.status, out: r.stdout, err: r.stderr };
  };
  let t: ReturnType<typeof tempDir>;
  beforeAll(() => {
    t = tempDir();
  });
  afterAll(() => t.cleanup());

  it('imports leads then their SAL decisions, prints the counts as JSON, and is idempotent', () => {
    const file = join(t.dir, 'w.db');
    expect(cli('init', file).code).toBe(0);
    const leads = cli(
      'import',
      file,
      '--kind',
      'leads',
      '--csv',
      join(DATASETS, 'marketstar-sdr-funnel/Leads.csv'),
      '--mapping',
      join(MAPPINGS, 'marketstar-leads.json'),
      '--json',
    );
    expect(leads.err).toBe('');
    expect(leads.code).toBe(0);
    const rows = raw('marketstar-sdr-funnel/Leads.csv').length;
    expect((JSON.parse(leads.out) as ImportResult).counts).toEqual({
      read: rows,
      inserted: rows,
      updated: 0,
      unchanged: 0,
      rejected: 0,
    });

    const opps = cli(
      'import',
      file,
      '--kind',
      'handoffs',
      '--csv',
      join(DATASETS, 'marketstar-sdr-funnel/Opportunities.csv'),
      '--mapping',
      join(MAPPINGS, 'marketstar-opportunities.json'),
    );
    expect(opps.code).toBe(0);
    expect(opps.out).toMatch(
      /^Imported Opportunities\.csv: 1061 read, 1061 inserted, 0 updated, 0 unchanged, 0 rejected\./,
    );

    const again = cli(
      'import',
      file,
      '--kind',
      'leads',
      '--csv',
      join(DATASETS, 'marketstar-sdr-funnel/Leads.csv'),
      '--mapping',
      join(MAPPINGS, 'marketstar-leads.json'),
      '--json',
    );
    expect((JSON.parse(again.out) as ImportResult).counts).toMatchObject({ inserted: 0, updated: 0, unchanged: rows });
    const stats = JSON.parse(cli('stats', file, '--json').out) as Record<string, number>;
    expect(stats).toMatchObject({ leads: rows, handoffs: 1061 });
  });

  it('refuses a --kind that does not match the mapping, and a mapping that is not JSON', () => {
    const file = join(t.dir, 'w2.db');
    expect(cli('init', file).code).toBe(0);
    const kind = cli(
      'import',
      file,
      '--kind',
      'outcomes',
      '--csv',
      join(DATASETS, 'marketstar-sdr-funnel/Leads.csv'),
      '--mapping',
      join(MAPPINGS, 'marketstar-leads.json'),
    );
    expect(kind.code).toBe(1);
    expect(kind.err).toContain('--kind outcomes does not match the mapping, which is for leads');
    const notJson = cli(
      'import',
      file,
      '--csv',
      join(DATASETS, 'marketstar-sdr-funnel/Leads.csv'),
      '--mapping',
      join(DATASETS, 'marketstar-sdr-funnel/Leads.csv'),
    );
    expect(notJson.code).toBe(1);
    expect(notJson.err).toMatch(/not JSON/);
    expect(cli('import', file).err).toContain('--csv <file> is required');
  });
});
