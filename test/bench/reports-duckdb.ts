import type { Rule } from '../../shared/domain/criteria.js';

/**
 * The reference of the reports bench: DuckDB computing the same figures as the LeadPact reports from
 * the raw tables (leads, stage_events, outcomes, handoffs, offers, campaigns, scores, touchpoints,
 * loaded from CSV), with no rollup: every report derives each lead's stages itself. Values are bound;
 * column names come from fixed maps.
 */

type Param = string | number;

const MQL = `('mql','sal','rejected','sql','opportunity','won','lost')`;
const SAL = `('sal','sql','opportunity','won','lost')`;
const SQLS = `('sql','opportunity','won','lost')`;

/** Every live lead with its cohort and the first time it reached each stage, from the raw tables. */
export const BASE = `
  WITH ev AS (
    SELECT lead_id,
      min(event_at) FILTER (WHERE to_stage IN ${MQL}) AS mql_at,
      min(event_at) FILTER (WHERE to_stage IN ${SAL}) AS sal_at,
      min(event_at) FILTER (WHERE to_stage IN ${SQLS}) AS sql_at
    FROM stage_events GROUP BY lead_id
  ), won AS (
    SELECT lead_id, min(coalesce(closed_at, opened_at, created_at)) AS won_at, sum(coalesce(amount, 0)) AS revenue
    FROM outcomes WHERE deleted = 0 AND result = 'won' GROUP BY lead_id
  ), base AS (
    SELECT l.*, strftime(make_timestamp(l.created_at * 1000), '%Y-%m') AS cohort, ev.mql_at, ev.sal_at, ev.sql_at,
           won.won_at, coalesce(won.revenue, 0) AS revenue
    FROM leads l LEFT JOIN ev ON ev.lead_id = l.id LEFT JOIN won ON won.lead_id = l.id
    WHERE l.deleted = 0
  )`;

export const FUNNEL = `${BASE}
  SELECT cohort, count(*) AS leads, count(mql_at) AS mql, count(sal_at) AS sal, count(sql_at) AS sql, count(won_at) AS won
  FROM base GROUP BY cohort ORDER BY cohort`;

const step = (name: string, a: string, b: string) =>
  `quantile_cont((${b} - ${a}) / 86400000.0, [0.5, 0.8]) FILTER (WHERE ${a} IS NOT NULL AND ${b} IS NOT NULL AND ${b} >= ${a}) AS ${name}`;
export const VELOCITY = `${BASE}
  SELECT ${step('leadToMql', 'created_at', 'mql_at')}, ${step('mqlToSal', 'mql_at', 'sal_at')}, ${step('salToSql', 'sal_at', 'sql_at')},
         ${step('sqlToWon', 'sql_at', 'won_at')}, ${step('leadToWon', 'created_at', 'won_at')}
  FROM base`;

/** MQL counts per offer, campaign, channel and landing page of the first offer (grouping sets), plus costs. */
export const OFFERS = `${BASE}, m AS (
    SELECT b.first_offer_id AS oid, o.name AS offer, coalesce(o.campaign_id, CASE WHEN b.first_offer_id IS NULL THEN b.first_campaign_id END) AS cid,
           coalesce(o.channel, c.channel) AS channel, o.landing_page AS page, b.sal_at, b.sql_at, b.won_at, b.revenue
    FROM base b LEFT JOIN offers o ON o.id = b.first_offer_id
    LEFT JOIN campaigns c ON c.id = coalesce(o.campaign_id, CASE WHEN b.first_offer_id IS NULL THEN b.first_campaign_id END)
    WHERE b.mql_at IS NOT NULL
  )
  SELECT CASE WHEN grouping(oid) = 0 THEN 'offer' WHEN grouping(cid) = 0 THEN 'campaign' WHEN grouping(channel) = 0 THEN 'channel' ELSE 'landingPage' END AS grp,
         coalesce(oid, cid, channel, page) AS k, count(*) AS mqls, count(sal_at) AS sals, count(sql_at) AS sqls, count(won_at) AS won, sum(revenue) AS revenue
  FROM m GROUP BY GROUPING SETS ((oid), (cid), (channel), (page))`;
export const OFFER_COSTS = `
  SELECT 'offer' AS grp, id AS k, cost FROM offers WHERE deleted = 0
  UNION ALL SELECT 'campaign', c.id, c.cost + coalesce((SELECT sum(o.cost) FROM offers o WHERE o.campaign_id = c.id AND o.deleted = 0), 0) FROM campaigns c WHERE c.deleted = 0`;

export const REASONS = `
  SELECT 'rejection' AS kind, h.reason_id AS reason, count(*) AS n FROM handoffs h JOIN leads l ON l.id = h.lead_id
  WHERE h.deleted = 0 AND l.deleted = 0 AND h.decision = 'rejected' GROUP BY h.reason_id
  UNION ALL
  SELECT 'loss', o.loss_reason_id, count(*) FROM outcomes o JOIN leads l ON l.id = o.lead_id
  WHERE o.deleted = 0 AND l.deleted = 0 AND o.result = 'lost' GROUP BY o.loss_reason_id
  UNION ALL
  SELECT 'decided', NULL, count(*) FROM handoffs h JOIN leads l ON l.id = h.lead_id
  WHERE h.deleted = 0 AND l.deleted = 0 AND h.decision IN ('accepted', 'rejected')
  UNION ALL
  SELECT 'closed', NULL, count(*) FROM outcomes o JOIN leads l ON l.id = o.lead_id
  WHERE o.deleted = 0 AND l.deleted = 0 AND o.result IN ('won', 'lost')`;

export const CALIBRATION = `${BASE}, s AS (
    SELECT sc.total AS score, b.won_at IS NOT NULL AS won, ntile(10) OVER (ORDER BY sc.total, sc.rid) AS decile
    FROM scores sc JOIN base b ON b.id = sc.lead_id WHERE sc.version_id = $1
  )
  SELECT decile, count(*) AS n, sum(won::INT) AS won, min(score) AS lo, max(score) AS hi FROM s GROUP BY decile ORDER BY decile`;

export const SLA = `
  SELECT h.rep_id AS rep, count(*) AS handoffs,
         sum((h.decision = 'pending' AND h.sla_due_at < $1)::INT) AS pending_breached,
         sum((h.decision <> 'pending' AND h.decided_at > h.sla_due_at)::INT) AS decided_late,
         quantile_cont((h.decided_at - h.handed_at) / 3600000.0, [0.5, 0.8]) FILTER (WHERE h.decision <> 'pending' AND h.decided_at >= h.handed_at) AS hours
  FROM handoffs h JOIN leads l ON l.id = h.lead_id WHERE h.deleted = 0 AND l.deleted = 0 GROUP BY ROLLUP (h.rep_id)`;

// lift: rule predicates in DuckDB SQL (the same canonical text comparison as main/db/rule-sql.ts)

const LEAD_COLUMNS: Record<string, string> = {
  email: 'b.email',
  name: 'b.name',
  company: 'b.company',
  domain: 'b.domain',
  country: 'b.country',
  industry: 'b.industry',
  employees: 'b.employees',
  jobTitle: 'b.job_title',
  seniority: 'b.seniority',
  budget: 'b.budget',
  source: 'b.source',
};
const TOUCH_COLUMNS: Record<string, string> = {
  'touchpoint.type': 't.type',
  'offer.id': 't.offer_id',
  'offer.type': 't.offer_type',
  'campaign.id': 't.campaign_id',
  channel: 't.channel',
};

const canon = (v: unknown): string =>
  typeof v === 'string' ? v.trim().toLowerCase() : typeof v === 'boolean' ? (v ? '1' : '0') : String(v);

function predicate(rule: Rule, params: Param[]): string {
  const expr = rule.kind === 'engagement' ? TOUCH_COLUMNS[rule.field]! : rule.field.startsWith('attributes.')
    ? `json_extract_string(b.attributes, '$.${rule.field.slice(11).replace(/[^A-Za-z0-9_]/g, '')}')`
    : LEAD_COLUMNS[rule.field]!;
  const bind = (v: Param) => {
    params.push(v);
    return `$${params.length}`;
  };
  // Numbers print as SQLite's canon does: whole reals without ".0".
  const numeric = expr === 'b.employees' || expr === 'b.budget';
  const text = numeric
    ? `(CASE WHEN ${expr} = round(${expr}) THEN CAST(CAST(${expr} AS BIGINT) AS VARCHAR) ELSE CAST(${expr} AS VARCHAR) END)`
    : `lower(trim(CAST(${expr} AS VARCHAR)))`;
  const present = `(${expr} IS NOT NULL AND trim(CAST(${expr} AS VARCHAR)) <> '')`;
  const v = rule.value;
  switch (rule.operator) {
    case 'equals':
      return `coalesce(${present} AND ${text} = ${bind(canon(v))}, false)`;
    case 'in':
    case 'not_in': {
      const list = (Array.isArray(v) ? v : []).map((x) => bind(canon(x))).join(', ') || 'NULL';
      return `coalesce(${present} AND ${text} ${rule.operator === 'in' ? 'IN' : 'NOT IN'} (${list}), false)`;
    }
    case 'contains':
      return `coalesce(contains(lower(CAST(${expr} AS VARCHAR)), ${bind(String(v).toLowerCase())}), false)`;
    case 'starts_with':
      return `coalesce(starts_with(${text}, ${bind(String(v).toLowerCase())}), false)`;
    case 'range': {
      const r = (v ?? {}) as { min?: number; max?: number };
      const parts = [`${expr} IS NOT NULL`];
      if (r.min !== undefined) parts.push(`${expr} >= ${bind(r.min)}`);
      if (r.max !== undefined) parts.push(`${expr} <= ${bind(r.max)}`);
      return `coalesce(${parts.join(' AND ')}, false)`;
    }
    case 'exists':
      return `coalesce(${present}, false)`;
    case 'missing':
      return `NOT coalesce(${present}, false)`;
  }
}

/** Per rule: MQLs matching and won among them, with the population; engagement rules on touchpoints at or before the MQL. */
export function liftSql(rules: readonly Rule[]): { sql: string; params: Param[] } {
  const params: Param[] = [];
  const lead = rules.map((r, i) => (r.kind === 'engagement' ? null : `(${predicate(r, params)})::INT AS m${i}`));
  const touch = rules.map((r, i) => (r.kind === 'engagement' ? `bool_or(${predicate(r, params)})::INT AS m${i}` : null));
  const touchCols = touch.filter(Boolean) as string[];
  const sums = rules.map((_, i) => `sum(m${i}) AS n${i}, sum(m${i} * won) AS w${i}`);
  const sql = `${BASE}, mq AS (SELECT * FROM base b WHERE b.mql_at IS NOT NULL),
    tp AS (${touchCols.length ? `SELECT t.lead_id${touchCols.map((c) => `, ${c}`).join('')} FROM touchpoints t JOIN mq ON mq.id = t.lead_id WHERE t.deleted = 0 AND t.occurred_at <= mq.mql_at GROUP BY t.lead_id` : 'SELECT NULL AS lead_id'}),
    x AS (SELECT (b.won_at IS NOT NULL)::INT AS won${lead.map((c, i) => (c ? `, ${c}` : `, coalesce(tp.m${i}, 0) AS m${i}`)).join('')}
          FROM mq b LEFT JOIN tp ON tp.lead_id = b.id)
    SELECT count(*) AS population, sum(won) AS won${sums.length ? ', ' + sums.join(', ') : ''} FROM x`;
  return { sql, params };
}
