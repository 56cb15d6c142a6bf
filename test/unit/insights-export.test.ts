import { existsSync, readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runReport } from '../../main/cli/report-commands.js';
import { createRegistry } from '../../main/rpc/registry.js';
import * as reports from '../../main/services/reports/index.js';
import { toCsv } from '../../main/services/reports/export-table.js';
import type { ExportResult } from '../../shared/contracts/exports.js';
import { buildReportFixture, type ReportFixture } from '../helpers/report-fixture.js';
import { createTestDb, type TestDb } from '../helpers/test-db.js';

/** reports:exportCsv on the hand-made report workspace: the same table as `leadpact report … --csv`, written beside the workspace. */
describe('reports:exportCsv', () => {
  let t: TestDb;
  let fx: ReportFixture;
  const registry = createRegistry();
  beforeEach(() => {
    t = createTestDb();
    fx = buildReportFixture(t.db);
  });
  afterEach(() => t.cleanup());

  const exportCsv = async (input: unknown) => registry.invoke('reports:exportCsv', input, t.ctx);

  it('writes the offers table with the chosen attribution, exactly the lines the CLI prints', async () => {
    const env = await exportCsv({ report: 'offers', filters: {}, attribution: 'last' });
    expect(env.ok).toBe(true);
    const r = (env as { value: ExportResult }).value;
    expect(r.fileName).toMatch(/^report-offers-\d{8}-\d{6}\.csv$/);
    expect(r.path).toBe(`${t.path}.exports/${r.fileName}`);
    const onDisk = readFileSync(r.path, 'utf8');
    expect(r.content).toBe(onDisk);
    expect(r.bytes).toBe(Buffer.byteLength(onDisk));
    const cli = toCsv(runReport(t.db, 'offers', { attribution: 'last' }).table);
    expect(onDisk).toBe('\uFEFF' + cli.map((l) => `${l}\n`).join(''));
    const rows = parse(onDisk, { bom: true, columns: true }) as Record<string, string>[];
    const expected = reports.offers(t.db, {}, 'last').rows;
    expect(r.rows).toBe(expected.length);
    expect(rows.map((x) => [x.group, x.label, Number(x.mqls), Number(x.won)])).toEqual(
      expected.map((x) => [x.group, x.label, x.mqls, x.won]),
    );
    // The fixture's deals are in EUR and USD with no reporting currency: the money columns name none.
    expect(rows.every((x) => x.currency === '')).toBe(true);
  });

  it('applies the filters and flattens intervals (lift) and splits (reasons)', async () => {
    const jan = { from: Date.UTC(2026, 0, 1), to: Date.UTC(2026, 1, 1) };
    const funnel = (await exportCsv({ report: 'funnel', filters: jan })) as { ok: true; value: ExportResult };
    const fRows = parse(funnel.value.content!, { bom: true, columns: true }) as Record<string, string>[];
    // One cohort (January) plus the total row.
    expect(fRows.map((r) => r.cohort)).toEqual(['2026-01', reports.funnel(t.db, jan).total.cohort]);
    expect(Number(fRows[0]!.leads)).toBe(4);

    const lift = (await exportCsv({ report: 'lift', filters: {}, field: 'country' })) as { ok: true; value: ExportResult };
    const lRows = parse(lift.value.content!, { bom: true, columns: true }) as Record<string, string>[];
    expect(Object.keys(lRows[0]!)).toEqual(expect.arrayContaining(['interval_low', 'interval_high', 'otherInterval_low', 'lift']));
    expect(lRows.length).toBe(reports.lift(t.db, {}, 'country').rows.length);
    expect(lRows.some((r) => r.kind === 'value' && r.label === 'NL')).toBe(true);

    const reasons = (await exportCsv({ report: 'reasons', filters: {}, splitBy: 'rep' })) as { ok: true; value: ExportResult };
    const rRows = parse(reasons.value.content!, { bom: true, columns: true }) as Record<string, string>[];
    expect(rRows.every((r) => 'splitLabel' in r)).toBe(true);
    expect(rRows.map((r) => r.kind).sort()).toEqual(['loss', 'rejection']);
    expect(fx).toBeTruthy();
  });

  it('refuses bad input with a validation error and writes nothing', async () => {
    for (const input of [
      { report: 'nope', filters: {} },
      { report: 'funnel', filters: { from: 10, to: 5 } },
      { report: 'lift', filters: {}, field: 'drop table' },
      { report: 'offers', filters: {}, attribution: 'middle' },
    ]) {
      const env = await exportCsv(input);
      expect(env.ok, JSON.stringify(input)).toBe(false);
      expect((env as { error: { kind: string } }).error.kind).toBe('validation');
    }
    expect(existsSync(`${t.path}.exports`)).toBe(false);
  });
});
