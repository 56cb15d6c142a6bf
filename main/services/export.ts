import { once } from 'node:events';
import { createWriteStream, mkdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { Db } from '../db/connection.js';
import { listLeads } from '../db/leads.repo.js';
import { MAX_EXPORT_CONTENT, type ExportResult } from '../../shared/contracts/exports.js';
import type { LeadCursor, LeadFilters, LeadRow, LeadSortColumn } from '../../shared/contracts/leads.js';
import { csvLine } from '../../shared/domain/import/csv-out.js';

const PAGE = 1000;

const LEAD_COLUMNS: [string, (r: LeadRow) => unknown][] = [
  ['External id', (r) => r.externalId],
  ['Name', (r) => r.name],
  ['Email', (r) => r.email],
  ['Company', (r) => r.company],
  ['Country', (r) => r.country],
  ['Industry', (r) => r.industry],
  ['Employees', (r) => r.employees],
  ['Job title', (r) => r.jobTitle],
  ['Stage', (r) => r.stage],
  ['Score', (r) => r.scoreTotal],
  ['Level', (r) => r.scoreLevel],
  ['Owner', (r) => r.ownerName],
  ['First offer', (r) => r.firstOfferName],
  ['First campaign', (r) => r.firstCampaignName],
  ['Created at', (r) => new Date(r.createdAt).toISOString()],
  ['LeadPact id', (r) => r.id],
];

/**
 * The leads of the current view (same filters and sort as leads:list) to a CSV file, streamed: pages
 * of 1000 through keyset paging, each written before the next is read, so memory stays flat and
 * other calls on the connection can run in between. Cells that a spreadsheet would run as a formula
 * are neutralised (see csv-out.ts).
 */
export async function writeLeadsCsv(
  db: Db,
  q: { filters: LeadFilters; sort: { column: LeadSortColumn; dir: 'asc' | 'desc' } },
  dest: string,
): Promise<{ rows: number; bytes: number }> {
  mkdirSync(dirname(dest), { recursive: true });
  const out = createWriteStream(dest);
  let rows = 0;
  try {
    out.write('\uFEFF' + csvLine(LEAD_COLUMNS.map(([h]) => h)));
    let cursor: LeadCursor | null = null;
    for (;;) {
      const page = listLeads(db, { filters: q.filters, sort: q.sort, cursor, limit: PAGE });
      let chunk = '';
      for (const r of page.rows) chunk += csvLine(LEAD_COLUMNS.map(([, get]) => get(r)));
      rows += page.rows.length;
      if (!out.write(chunk)) await once(out, 'drain');
      if (!page.nextCursor) break;
      cursor = page.nextCursor;
      await new Promise((r) => setImmediate(r));
    }
  } finally {
    await new Promise<void>((resolve, reject) => out.end((e?: Error | null) => (e ? reject(e) : resolve())));
  }
  return { rows, bytes: statSync(dest).size };
}

/** Exports of a workspace are written beside it, in <workspace>.exports/. */
export async function exportLeads(
  db: Db,
  dbPath: string,
  q: Parameters<typeof writeLeadsCsv>[1],
  at = new Date(),
): Promise<ExportResult> {
  const fileName = `leads-${at.toISOString().slice(0, 19).replace(/[-:]/g, '').replace('T', '-')}.csv`;
  const path = join(dirname(dbPath), `${basename(dbPath)}.exports`, fileName);
  const { rows, bytes } = await writeLeadsCsv(db, q, path);
  return { fileName, path, rows, bytes, content: bytes <= MAX_EXPORT_CONTENT ? readFileSync(path, 'utf8') : null };
}
