import type { Db } from './connection.js';
import type { Attribution, ReportFilters } from '../../shared/contracts/reports.js';
import { rollupWhere } from './reports-common.repo.js';
import { rateToReportingSql } from './migrations/0023-reporting-currency.js';

/** Counts of the MQLs attributed to one offer (or, for leads without one, to their first campaign). */
export interface AttributedCounts {
  offerId: string | null;
  offerName: string | null;
  campaignId: string | null;
  campaignName: string | null;
  channel: string | null;
  landingPage: string | null;
  mqls: number;
  sals: number;
  sqls: number;
  won: number;
  revenue: number;
}

/**
 * The attributed offer of an MQL as SQL over `lead_rollup r`. Last touch walks the lead's
 * touchpoints backwards from the MQL time through touchpoints_lead(lead_id, occurred_at).
 */
const ATTRIBUTED: Record<Attribution, string> = {
  first: 'r.offer_id',
  last: `coalesce((SELECT t.offer_id FROM touchpoints t
                   WHERE t.lead_id = r.lead_id AND t.occurred_at <= r.mql_at AND t.offer_id IS NOT NULL AND t.deleted = 0
                   ORDER BY t.occurred_at DESC, t.rowid DESC LIMIT 1), r.offer_id)`,
};

/**
 * One scan of the MQLs in the filter, aggregated per attributed offer; the dimensions come from the
 * small offers and campaigns tables. The scan groups by (offer, lead campaign) as they stand, which
 * for first touch is lead_rollup_offers' own order, so the MQLs are counted as the index delivers
 * them (no sort of every MQL); the few groups are then merged per attributed offer (a lead's own
 * campaign only counts when it has no offer).
 */
export function attributedCounts(db: Db, f: ReportFilters, attribution: Attribution): AttributedCounts[] {
  const w = rollupWhere(db, f);
  return db
    .prepare(
      `WITH per AS (
         SELECT ${ATTRIBUTED[attribution]} AS oid, r.campaign_id AS lcid, count(*) AS mqls, count(r.sal_at) AS sals,
                count(r.sql_at) AS sqls, count(r.won_at) AS won, sum(r.revenue) AS revenue
         FROM lead_rollup r WHERE ${w.sql} AND r.mql_at IS NOT NULL GROUP BY 1, 2
       ), agg AS (
         SELECT oid, CASE WHEN oid IS NULL THEN lcid END AS lcid, sum(mqls) AS mqls, sum(sals) AS sals,
                sum(sqls) AS sqls, sum(won) AS won, sum(revenue) AS revenue
         FROM per GROUP BY 1, 2
       )
       SELECT a.oid AS offerId, o.name AS offerName, c.id AS campaignId, c.name AS campaignName,
              coalesce(o.channel, c.channel) AS channel, o.landing_page AS landingPage,
              a.mqls, a.sals, a.sqls, a.won, a.revenue
       FROM agg a
       LEFT JOIN offers o ON o.id = a.oid
       LEFT JOIN campaigns c ON c.id = coalesce(o.campaign_id, a.lcid)`,
    )
    .all(...w.params) as AttributedCounts[];
}

export interface CostLine {
  offerId: string | null;
  offerName: string | null;
  campaignId: string | null;
  campaignName: string | null;
  channel: string | null;
  landingPage: string | null;
  /** In the reporting currency; 0 when its currency has no rate (then `unconverted` names it). */
  cost: number;
  unconverted: string | null;
}

/**
 * Every recorded cost, one line per live offer and one per live campaign's own cost, with the
 * dimensions it belongs to (an offer's channel is its own, else its campaign's), in the reporting
 * currency (migration 0023).
 */
export function costLines(db: Db): CostLine[] {
  const conv = (t: string) => `${t}.cost * ${rateToReportingSql(`${t}.currency`)}`;
  const missing = (t: string) => `CASE WHEN ${t}.cost > 0 AND ${rateToReportingSql(`${t}.currency`)} IS NULL THEN ${t}.currency END`;
  return db
    .prepare(
      `SELECT o.id AS offerId, o.name AS offerName, c.id AS campaignId, c.name AS campaignName,
              coalesce(o.channel, c.channel) AS channel, o.landing_page AS landingPage,
              coalesce(${conv('o')}, 0) AS cost, ${missing('o')} AS unconverted
       FROM offers o LEFT JOIN campaigns c ON c.id = o.campaign_id AND c.deleted = 0 WHERE o.deleted = 0
       UNION ALL
       SELECT NULL, NULL, c.id, c.name, c.channel, NULL, coalesce(${conv('c')}, 0), ${missing('c')}
       FROM campaigns c WHERE c.deleted = 0`,
    )
    .all() as CostLine[];
}

/**
 * Currencies of the won outcomes whose amounts the report sums. The currencies are few: the walk
 * steps from one to the next along outcomes_won_currency (migration 0017) and keeps those with a
 * won outcome of an MQL in the filter, which is usually the first outcome it looks at, instead of
 * looking up the lead of every won outcome.
 */
export function wonCurrencies(db: Db, f: ReportFilters): string[] {
  const w = rollupWhere(db, f);
  const won = `o.result = 'won' AND o.deleted = 0`;
  return db
    .prepare(
      `WITH RECURSIVE cur(c) AS (
         SELECT (SELECT min(o.currency) FROM outcomes o WHERE ${won})
         UNION ALL
         SELECT (SELECT min(o.currency) FROM outcomes o WHERE ${won} AND o.currency > cur.c) FROM cur WHERE cur.c IS NOT NULL
       )
       SELECT c FROM cur WHERE c IS NOT NULL AND EXISTS (
         -- From the currency's won outcomes to their leads: CROSS JOIN keeps SQLite from scanning the rollup instead.
         SELECT 1 FROM outcomes o CROSS JOIN lead_rollup r ON r.lead_id = o.lead_id
         WHERE ${won} AND o.currency = cur.c AND ${w.sql} AND r.mql_at IS NOT NULL
       ) ORDER BY 1`,
    )
    .pluck()
    .all(...w.params) as string[];
}
