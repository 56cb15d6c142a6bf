import type { Db } from './connection.js';
import type { ReportFilters } from '../../shared/contracts/reports.js';
import type { Rule } from '../../shared/domain/criteria.js';
import { leadRulePredicate, touchRulePredicate, type SqlPredicate } from './rule-sql.js';
import { rollupWhere } from './reports-common.repo.js';

export interface MatchCounts {
  population: number;
  won: number;
  /** Per rule, in the order given: MQLs matching and how many of them won. */
  rules: { n: number; won: number }[];
}

/**
 * A rule as a predicate over an MQL (`lead_rollup r` joined to `leads l`): fit and disqualifier
 * rules on the lead's fields, engagement rules on its touchpoints at or before the MQL.
 */
function rulePredicate(rule: Rule): SqlPredicate {
  if (rule.kind === 'engagement') {
    const p = touchRulePredicate(rule);
    return {
      sql: `EXISTS (SELECT 1 FROM touchpoints t WHERE t.lead_id = r.lead_id AND t.deleted = 0 AND t.occurred_at <= r.mql_at AND ${p.sql})`,
      params: p.params,
    };
  }
  return leadRulePredicate(rule);
}

/** One scan of the MQLs in the filter, counting matches and wins of every rule at once. */
export function ruleMatchCounts(db: Db, f: ReportFilters, rules: readonly Rule[]): MatchCounts {
  const w = rollupWhere(db, f, false);
  const preds = rules.map(rulePredicate);
  const cols = preds.map((p, i) => `CASE WHEN ${p.sql} THEN 1 ELSE 0 END AS m${i}`);
  const sums = preds.map((_, i) => `coalesce(sum(m${i}), 0) AS n${i}, coalesce(sum(m${i} * won), 0) AS w${i}`);
  const row = db
    .prepare(
      `SELECT count(*) AS population, coalesce(sum(won), 0) AS won${sums.length ? ', ' + sums.join(', ') : ''}
       FROM (SELECT (r.won_at IS NOT NULL) AS won${cols.length ? ', ' + cols.join(', ') : ''}
             FROM lead_rollup r JOIN leads l ON l.id = r.lead_id
             WHERE ${w.sql} AND r.mql_at IS NOT NULL)`,
    )
    .get(...preds.flatMap((p) => p.params), ...w.params) as Record<string, number>;
  return {
    population: row.population!,
    won: row.won!,
    rules: preds.map((_, i) => ({ n: row[`n${i}`]!, won: row[`w${i}`]! })),
  };
}

const CHANNEL_OF_LEAD = `coalesce((SELECT o.channel FROM offers o WHERE o.id = r.offer_id),
  (SELECT c.channel FROM campaigns c WHERE c.id = coalesce((SELECT o2.campaign_id FROM offers o2 WHERE o2.id = r.offer_id), r.campaign_id)))`;

/** The value and label expressions of a lift field (fixed SQL; an attribute key is a bound parameter). */
function fieldExpr(field: string): { value: string; label: string; params: unknown[] } {
  const col = (c: string) => ({ value: c, label: c, params: [] });
  switch (field) {
    case 'country':
      return col('l.country');
    case 'industry':
      return col('l.industry');
    case 'employees':
      return col('l.employees');
    case 'jobTitle':
      return col('l.job_title');
    case 'seniority':
      return col('l.seniority');
    case 'source':
      return col('l.source');
    case 'domain':
      return col('l.domain');
    case 'offer':
      return { value: 'r.offer_id', label: '(SELECT name FROM offers WHERE id = r.offer_id)', params: [] };
    case 'offerType':
      return col('(SELECT type FROM offers WHERE id = r.offer_id)');
    case 'campaign':
      return { value: 'r.campaign_id', label: '(SELECT name FROM campaigns WHERE id = r.campaign_id)', params: [] };
    case 'channel':
      return col(CHANNEL_OF_LEAD);
    case 'owner':
      return { value: 'r.owner_id', label: '(SELECT name FROM users WHERE id = r.owner_id)', params: [] };
    default: {
      if (!field.startsWith('attributes.')) throw new Error(`Not a lift field: ${field}`);
      const path = `$."${field.slice(11).replaceAll('"', '')}"`;
      return { value: 'json_extract(l.attributes, ?)', label: 'NULL', params: [path] };
    }
  }
}

export interface ValueCounts {
  value: string | number | null;
  label: string | null;
  n: number;
  won: number;
}

/** MQLs and wins per value of a field, the 100 most common values. */
export function valueCounts(db: Db, f: ReportFilters, field: string): ValueCounts[] {
  const w = rollupWhere(db, f, false);
  const e = fieldExpr(field);
  const labelIsValue = e.label === e.value || e.label === 'NULL';
  return db
    .prepare(
      `SELECT v AS value, ${labelIsValue ? 'NULL' : 'min(lbl)'} AS label, count(*) AS n, sum(won) AS won
       FROM (SELECT ${e.value} AS v, ${labelIsValue ? 'NULL' : e.label} AS lbl, (r.won_at IS NOT NULL) AS won
             FROM lead_rollup r JOIN leads l ON l.id = r.lead_id WHERE ${w.sql} AND r.mql_at IS NOT NULL)
       GROUP BY v ORDER BY n DESC, v LIMIT 100`,
    )
    .all(...e.params, ...w.params) as ValueCounts[];
}

export interface DecileRow {
  decile: number;
  n: number;
  won: number;
  minScore: number;
  maxScore: number;
  meanScore: number;
}

/** Leads scored under the version in deciles of their score (SQLite's NTILE over the version's score index). */
export function calibrationDeciles(db: Db, f: ReportFilters, versionId: string): DecileRow[] {
  const w = rollupWhere(db, f, false);
  return db
    .prepare(
      `WITH s AS (
         SELECT sc.total AS score, (r.won_at IS NOT NULL) AS won, sc.lead_id AS lead_id
         FROM scores sc JOIN lead_rollup r ON r.lead_id = sc.lead_id
         WHERE sc.version_id = ? AND ${w.sql}
       ), d AS (SELECT score, won, ntile(10) OVER (ORDER BY score, lead_id) AS decile FROM s)
       SELECT decile, count(*) AS n, sum(won) AS won, min(score) AS minScore, max(score) AS maxScore, avg(score) AS meanScore
       FROM d GROUP BY decile ORDER BY decile`,
    )
    .all(versionId, ...w.params) as DecileRow[];
}
