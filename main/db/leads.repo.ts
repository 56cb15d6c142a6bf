import type { Db } from './connection.js';
import { STAGE_RANK_SQL } from './stage-rank.js';
import { STAGE_ORDER } from '../../shared/domain/stages.js';
import type {
  LeadCursor,
  LeadDetail,
  LeadFacets,
  LeadFilters,
  LeadRow,
  LeadSortColumn,
  StageEvent,
  Touchpoint,
} from '../../shared/contracts/leads.js';

/** Sort keys map to indexed expressions; each index ends in id so (key, id) is a total order for keyset paging. */
const SORT_EXPR: Record<LeadSortColumn, string> = {
  createdAt: 'l.created_at',
  name: 'l.name',
  company: 'l.company',
  country: 'l.country',
  employees: 'coalesce(l.employees, -1)',
  score: 'l.score_total',
  stage: STAGE_RANK_SQL,
};

const SORT_VALUE: Record<LeadSortColumn, (r: LeadRecord) => string | number> = {
  createdAt: (r) => r.created_at,
  name: (r) => r.name,
  company: (r) => r.company,
  country: (r) => r.country,
  employees: (r) => r.employees ?? -1,
  score: (r) => r.score_total,
  stage: (r) => STAGE_ORDER.indexOf(r.stage),
};

interface LeadRecord {
  id: string;
  external_id: string | null;
  name: string;
  email: string | null;
  company: string;
  country: string;
  industry: string | null;
  employees: number | null;
  job_title: string | null;
  stage: LeadRow['stage'];
  score_total: number;
  score_level: string | null;
  owner_name: string | null;
  first_offer_name: string | null;
  first_campaign_name: string | null;
  created_at: number;
}

const toRow = (r: LeadRecord): LeadRow => ({
  id: r.id,
  externalId: r.external_id,
  name: r.name,
  email: r.email,
  company: r.company,
  country: r.country,
  industry: r.industry,
  employees: r.employees,
  jobTitle: r.job_title,
  stage: r.stage,
  scoreTotal: r.score_total,
  scoreLevel: r.score_level,
  ownerName: r.owner_name,
  firstOfferName: r.first_offer_name,
  firstCampaignName: r.first_campaign_name,
  createdAt: r.created_at,
});

/** Turn what a user typed into an FTS5 query of quoted word prefixes, so no input is read as FTS syntax. */
export function toFtsQuery(q: string): string | null {
  const words = q
    .split(/[^\p{L}\p{N}]+/u)
    .map((w) => w.trim())
    .filter(Boolean)
    .slice(0, 8);
  if (words.length === 0) return null;
  return words.map((w) => `"${w.replaceAll('"', '""')}"*`).join(' ');
}

interface Where {
  clauses: string[];
  params: unknown[];
}

/**
 * How a filtered page is read, chosen per query from how many rows match (see listLeads):
 * - 'filter-first': SQLite picks an index of a filter, collects the matches and sorts them;
 * - 'search-first': the full-text matches (a list of rowids) drive, other filters are checked per row;
 * - 'sort-first': walk the sort index and drop non-matching rows as they come (LIMIT stops early).
 * Unary `+` on a column keeps SQLite from using that column's index, which is how a plan is imposed.
 */
type Plan = 'filter-first' | 'search-first' | 'sort-first';

interface WhereOptions {
  plan?: Plan;
  sortColumn?: LeadSortColumn;
  /** Whether the search was counted (choosePlan): then only 'search-first' lets it drive. */
  searchCounted?: boolean;
}

function whereFor(filters: LeadFilters, opts: WhereOptions = {}): Where {
  const plan = opts.plan ?? 'filter-first';
  const p = plan === 'filter-first' ? '' : '+';
  // The search drives only in 'search-first'; in 'filter-first' with a search, the other filters do.
  const pf = plan === 'search-first' || (plan === 'filter-first' && !opts.searchCounted) ? '' : '+';
  // A creation-date range helps a walk of the creation-date index, and only that one.
  const pc = plan === 'filter-first' || (plan === 'sort-first' && opts.sortColumn === 'createdAt') ? '' : '+';
  // A walk in creation order can go through one country's leads (the (country, created_at, id) index).
  const pcountry = plan === 'sort-first' && opts.sortColumn === 'createdAt' ? '' : p;
  // One stage sorted by score is read along (stage, score_total, id) in page order: a walk of the score
  // index checking each row's stage visits ~100 × total / matches rows, all of them for a rare stage's
  // low scores or deep pages (0019).
  const pstage = plan === 'sort-first' && opts.sortColumn === 'score' && filters.stages?.length === 1 ? '' : p;
  const clauses = ['l.deleted = 0'];
  const params: unknown[] = [];
  if (filters.q) {
    const fts = toFtsQuery(filters.q);
    if (fts) {
      // SQLite runs the match once per statement into a rowid set that each walked row is checked against.
      clauses.push(`${pf}l.rowid IN (SELECT rowid FROM leads_fts WHERE leads_fts MATCH ?)`);
      params.push(fts);
    }
  }
  if (filters.stages && filters.stages.length > 0) {
    clauses.push(`${pstage}l.stage IN (${filters.stages.map(() => '?').join(', ')})`);
    params.push(...filters.stages);
  }
  if (filters.offerId) {
    clauses.push(`${p}l.first_offer_id = ?`);
    params.push(filters.offerId);
  }
  if (filters.campaignId) {
    clauses.push(`${p}l.first_campaign_id = ?`);
    params.push(filters.campaignId);
  }
  if (filters.country) {
    clauses.push(`${pcountry}l.country = ?`);
    params.push(filters.country);
  }
  if (filters.ownerId) {
    clauses.push(`${p}l.owner_id = ?`);
    params.push(filters.ownerId);
  }
  if (filters.createdFrom !== undefined) {
    clauses.push(`${pc}l.created_at >= ?`);
    params.push(filters.createdFrom);
  }
  if (filters.createdTo !== undefined) {
    clauses.push(`${pc}l.created_at < ?`);
    params.push(filters.createdTo);
  }
  return { clauses, params };
}

/**
 * From this many matching rows on, a page is cheaper to read by walking the sort index (about
 * 100 × total / matches rows visited) than by collecting the matches and sorting them (matches rows
 * visited): the two cost the same near √(100 × total), ~10k rows for 1M leads.
 */
const SORT_FIRST_FROM = 10_000;
/** Full-text matches counted at most: past this a search is as broad as no search for choosing a plan. */
const SEARCH_COUNT_MAX = 50_000;

/** Whether the filters other than the search match at least SORT_FIRST_FROM rows (counted through their indexes). */
function manyMatch(db: Db, filters: LeadFilters): boolean {
  const { clauses, params } = whereFor({ ...filters, q: undefined });
  clauses.shift(); // 'l.deleted = 0' would cost a table read per row; soft-deleted rows are few
  if (clauses.length === 0) return true;
  const row = db
    .prepare(`SELECT count(*) AS n FROM (SELECT 1 FROM leads l WHERE ${clauses.join(' AND ')} LIMIT ?)`)
    .get(...params, SORT_FIRST_FROM) as { n: number };
  return row.n >= SORT_FIRST_FROM;
}

/**
 * Choose the plan from counts that stop early: few matches are collected and sorted (driven by the
 * rarest side: the search or the other filters), many are found by walking the sort index. The
 * search is only counted here (capped, no rowids come back to JavaScript); the page's own statement
 * runs the match.
 */
function choosePlan(db: Db, filters: LeadFilters): WhereOptions {
  const othersMany = manyMatch(db, filters);
  const fts = filters.q ? toFtsQuery(filters.q) : null;
  if (!fts) return { plan: othersMany ? 'sort-first' : 'filter-first' };
  const matches = db
    .prepare('SELECT count(*) FROM (SELECT rowid FROM leads_fts WHERE leads_fts MATCH ? LIMIT ?)')
    .pluck()
    .get(fts, SEARCH_COUNT_MAX + 1) as number;
  if (matches > SEARCH_COUNT_MAX) return { plan: othersMany ? 'sort-first' : 'filter-first' };
  if (!othersMany) return { plan: 'filter-first', searchCounted: true };
  return { plan: matches < SORT_FIRST_FROM ? 'search-first' : 'sort-first', searchCounted: true };
}

export interface ListLeadsQuery {
  sort: { column: LeadSortColumn; dir: 'asc' | 'desc' };
  filters: LeadFilters;
  cursor: LeadCursor | null;
  limit: number;
}

export function listLeads(db: Db, q: ListLeadsQuery): { rows: LeadRow[]; nextCursor: LeadCursor | null } {
  const expr = SORT_EXPR[q.sort.column];
  const dir = q.sort.dir === 'asc' ? 'ASC' : 'DESC';
  const { clauses, params } = whereFor(q.filters, { ...choosePlan(db, q.filters), sortColumn: q.sort.column });
  if (q.cursor) {
    clauses.push(`(${expr}, l.id) ${dir === 'ASC' ? '>' : '<'} (?, ?)`);
    params.push(q.cursor.value, q.cursor.id);
  }
  const sql = `
    SELECT l.id, l.external_id, l.name, l.email, l.company, l.country, l.industry, l.employees, l.job_title,
           l.stage, l.score_total, l.score_level, l.created_at,
           u.name AS owner_name, o.name AS first_offer_name, c.name AS first_campaign_name
    FROM leads l
    LEFT JOIN users u ON u.id = l.owner_id
    LEFT JOIN offers o ON o.id = l.first_offer_id
    LEFT JOIN campaigns c ON c.id = l.first_campaign_id
    WHERE ${clauses.join(' AND ')}
    ORDER BY ${expr} ${dir}, l.id ${dir}
    LIMIT ?`;
  const records = db.prepare(sql).all(...params, q.limit + 1) as LeadRecord[];
  const hasMore = records.length > q.limit;
  const page = hasMore ? records.slice(0, q.limit) : records;
  const last = page[page.length - 1];
  return {
    rows: page.map(toRow),
    nextCursor: hasMore && last ? { value: SORT_VALUE[q.sort.column](last), id: last.id } : null,
  };
}

export function countLeads(db: Db, filters: LeadFilters): number {
  const { clauses, params } = whereFor(filters);
  const row = db.prepare(`SELECT count(*) AS n FROM leads l WHERE ${clauses.join(' AND ')}`).get(...params) as {
    n: number;
  };
  return row.n;
}

interface DetailRecord extends LeadRecord {
  domain: string | null;
  seniority: string | null;
  budget: number | null;
  source: string | null;
  attributes: string;
  updated_at: number;
}

export function getLeadDetail(db: Db, id: string): Omit<LeadDetail, 'touchpoints' | 'stageEvents'> | null {
  const r = db
    .prepare(
      `SELECT l.*, u.name AS owner_name, o.name AS first_offer_name, c.name AS first_campaign_name
       FROM leads l
       LEFT JOIN users u ON u.id = l.owner_id
       LEFT JOIN offers o ON o.id = l.first_offer_id
       LEFT JOIN campaigns c ON c.id = l.first_campaign_id
       WHERE l.id = ? AND l.deleted = 0`,
    )
    .get(id) as DetailRecord | undefined;
  if (!r) return null;
  return {
    ...toRow(r),
    domain: r.domain,
    seniority: r.seniority,
    budget: r.budget,
    source: r.source,
    attributes: JSON.parse(r.attributes) as LeadDetail['attributes'],
    updatedAt: r.updated_at,
  };
}

export function listTouchpoints(db: Db, leadId: string): Touchpoint[] {
  const rows = db
    .prepare(
      `SELECT t.id, t.type, o.name AS offer_name, o.type AS offer_type, c.name AS campaign_name,
              t.channel, t.landing_page, t.occurred_at, t.value
       FROM touchpoints t
       LEFT JOIN offers o ON o.id = t.offer_id
       LEFT JOIN campaigns c ON c.id = t.campaign_id
       WHERE t.lead_id = ? AND t.deleted = 0
       ORDER BY t.occurred_at DESC, t.id DESC`,
    )
    .all(leadId) as {
    id: string;
    type: string;
    offer_name: string | null;
    offer_type: Touchpoint['offerType'];
    campaign_name: string | null;
    channel: string | null;
    landing_page: string | null;
    occurred_at: number;
    value: number | null;
  }[];
  return rows.map((t) => ({
    id: t.id,
    type: t.type,
    offerName: t.offer_name,
    offerType: t.offer_type,
    campaignName: t.campaign_name,
    channel: t.channel,
    landingPage: t.landing_page,
    occurredAt: t.occurred_at,
    value: t.value,
  }));
}

export function listStageEvents(db: Db, leadId: string): StageEvent[] {
  const rows = db
    .prepare(
      `SELECT e.id, e.from_stage, e.to_stage, e.at, u.name AS by_name, e.why
       FROM stage_events e LEFT JOIN users u ON u.id = e.by_user_id
       WHERE e.lead_id = ? ORDER BY e.at ASC, e.id ASC`,
    )
    .all(leadId) as {
    id: string;
    from_stage: StageEvent['fromStage'];
    to_stage: StageEvent['toStage'];
    at: number;
    by_name: string | null;
    why: string | null;
  }[];
  return rows.map((e) => ({
    id: e.id,
    fromStage: e.from_stage,
    toStage: e.to_stage,
    at: e.at,
    byName: e.by_name,
    why: e.why,
  }));
}

export function leadFacets(db: Db): LeadFacets {
  const countries = (
    db.prepare(`SELECT DISTINCT country FROM leads WHERE country <> '' ORDER BY country`).all() as { country: string }[]
  ).map((r) => r.country);
  const options = (sql: string) => db.prepare(sql).all() as { value: string; label: string }[];
  return {
    countries,
    offers: options(`SELECT id AS value, name AS label FROM offers WHERE deleted = 0 ORDER BY name`),
    campaigns: options(`SELECT id AS value, name AS label FROM campaigns WHERE deleted = 0 ORDER BY name`),
    owners: options(`SELECT id AS value, name AS label FROM users WHERE deleted = 0 AND team = 'sales' ORDER BY name`),
  };
}
