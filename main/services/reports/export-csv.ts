import { mkdirSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { Db } from '../../db/connection.js';
import { MAX_EXPORT_CONTENT, type ExportResult } from '../../../shared/contracts/exports.js';
import type { ReportExportInput, ReportName } from '../../../shared/contracts/reports.js';
import { funnel, velocity } from './funnel.js';
import { calibration, lift } from './lift.js';
import { offers } from './offers.js';
import { reasons } from './reasons.js';
import { sla } from './sla.js';
import { reportTable, toCsv, type ReportData } from './export-table.js';

function run(db: Db, q: ReportExportInput): ReportData[ReportName] {
  switch (q.report) {
    case 'funnel':
      return funnel(db, q.filters);
    case 'velocity':
      return velocity(db, q.filters);
    case 'offers':
      return offers(db, q.filters, q.attribution);
    case 'reasons':
      return reasons(db, q.filters, q.splitBy);
    case 'lift':
      return lift(db, q.filters, q.field);
    case 'calibration':
      return calibration(db, q.filters);
    case 'sla':
      return sla(db, q.filters, q.asOf);
  }
}

/**
 * One report's table as CSV (the very lines `leadpact report … --csv` prints), written beside the
 * workspace in <workspace>.exports/ like every export. A report table is small (one row per cohort,
 * offer, reason, rule, decile or rep), so it is built in memory.
 */
export function exportReportCsv(db: Db, dbPath: string, q: ReportExportInput, at = new Date()): ExportResult {
  const table = reportTable(q.report, run(db, q));
  const lines = toCsv(table);
  const stamp = at.toISOString().slice(0, 19).replace(/[-:]/g, '').replace('T', '-');
  const fileName = `report-${q.report}-${stamp}.csv`;
  const path = join(dirname(dbPath), `${basename(dbPath)}.exports`, fileName);
  mkdirSync(dirname(path), { recursive: true });
  const content = '\uFEFF' + lines.map((l) => `${l}\n`).join('');
  writeFileSync(path, content, 'utf8');
  const bytes = Buffer.byteLength(content, 'utf8');
  return { fileName, path, rows: table.length, bytes, content: bytes <= MAX_EXPORT_CONTENT ? content : null };
}
