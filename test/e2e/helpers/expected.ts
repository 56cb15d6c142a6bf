import type { Db } from '../../../main/db/connection.js';
import * as leadsService from '../../../main/services/leads.js';
import type { LeadFilters, LeadRow, LeadSortColumn } from '../../../shared/contracts/leads.js';

/** What the services answer for the same question the UI asks: the reference the tests compare against. */

export function firstLeads(
  db: Db,
  sort: { column: LeadSortColumn; dir: 'asc' | 'desc' },
  filters: LeadFilters = {},
  n = 100,
): LeadRow[] {
  const out: LeadRow[] = [];
  let cursor: { value: string | number; id: string } | null = null;
  while (out.length < n) {
    const page = leadsService.list(db, { sort, filters, cursor, limit: Math.min(500, n - out.length) });
    out.push(...page.rows);
    if (!page.nextCursor) break;
    cursor = page.nextCursor;
  }
  return out;
}

export const countLeads = (db: Db, filters: LeadFilters = {}): number => leadsService.count(db, filters);

const en = new Intl.NumberFormat('en-US');
export const fmt = (n: number): string => en.format(n);

/** The most frequent last name among some leads: a search term that matches several of them. */
export function commonSurname(db: Db, country: string): string {
  const names = db.prepare('SELECT name FROM leads WHERE deleted = 0 AND country = ?').all(country) as {
    name: string;
  }[];
  const tally = new Map<string, number>();
  for (const { name } of names) {
    const last = name.trim().split(/\s+/).pop();
    if (last && last.length >= 3) tally.set(last, (tally.get(last) ?? 0) + 1);
  }
  const best = [...tally.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0];
  if (!best) throw new Error(`no lead names in ${country}`);
  return best[0];
}
