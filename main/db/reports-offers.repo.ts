import type { Db } from './connection.js';
import type { Attribution, ReportFilters } from '../../shared/contracts/reports.js';
import { rollupWhere } from './reports-common.repo.js';

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

/** One scan of the MQLs in the filter, aggregated per attributed offer; the dimensions come from the small offers and campaigns tables. */
export function attributedCounts(db: Db, f: ReportFilters, attribution: Attribution): AttributedCounts[] {
  const w = rollupWhere(db, f);
  return db
    .prepare(
      `WITH per AS (
         SELECT ${ATTRIBUTED[attribution]} AS oid, r.campaign_id AS lcid, r.sal_at, r.sql_at, r.won_at, r.revenue
         FROM lead_rollup r WHERE ${w.sql} AND r.mql_at IS NOT NULL
       ), agg AS (
         SELECT oid, CASE WHEN oid IS NULL THEN lcid END AS lcid, count(*) AS mqls, count(sal_at) AS sals,
                count(sql_at) AS sqls, count(won_at) AS won, sum(revenue) AS revenue
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
  cost: number;
}

/**
 * Every recorded cost, one line per live offer and one per live campaign's own cost, with the
 * dimensions it belongs to (an offer's channel is its own, else its campaign's).
 */
export function costLines(db: Db): CostLine[] {
  return db
    .prepare(
      `SELECT o.id AS offerId, o.name AS offerName, c.id AS campaignId, c.name AS campaignName,
              coalesce(o.channel, c.channel) AS channel, o.landing_page AS landingPage, o.cost AS cost
       FROM offers o LEFT JOIN campaigns c ON c.id = o.campaign_id AND c.deleted = 0 WHERE o.deleted = 0
       UNION ALL
       SELECT NULL, NULL, c.id, c.name, c.channel, NULL, c.cost FROM campaigns c WHERE c.deleted = 0`,
    )
    .all() as CostLine[];
}

/** Currencies of the won outcomes whose amounts the report sums. */
export function wonCurrencies(db: Db, f: ReportFilters): string[] {
  const w = rollupWhere(db, f);
  return db
    .prepare(
      // From the (few) won outcomes to their leads: CROSS JOIN keeps SQLite from scanning the rollup instead.
      `SELECT DISTINCT o.currency FROM outcomes o CROSS JOIN lead_rollup r ON r.lead_id = o.lead_id
       WHERE o.result = 'won' AND o.deleted = 0 AND ${w.sql} AND r.mql_at IS NOT NULL ORDER BY 1`,
    )
    .pluck()
    .all(...w.params) as string[];
}
