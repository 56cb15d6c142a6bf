import type { Db } from './connection.js';
import type { Rule } from '../../shared/domain/criteria.js';
import { canon } from '../../shared/domain/scoring.js';

/** Lead fields to their columns; only these names ever reach SQL text. */
const COLUMNS: Record<string, string> = {
  email: 'l.email',
  name: 'l.name',
  company: 'l.company',
  domain: 'l.domain',
  country: 'l.country',
  industry: 'l.industry',
  employees: 'l.employees',
  jobTitle: 'l.job_title',
  seniority: 'l.seniority',
  budget: 'l.budget',
  source: 'l.source',
};

const TOUCH_COLUMNS: Record<string, string> = {
  'touchpoint.type': 't.type',
  'offer.id': 't.offer_id',
  'offer.type': '(SELECT o.type FROM offers o WHERE o.id = t.offer_id)',
  'campaign.id': 't.campaign_id',
  channel: 't.channel',
};

const repeat = (xs: unknown[], n: number): unknown[] => Array.from({ length: n }, () => xs).flat();

export interface SqlPredicate {
  sql: string;
  params: unknown[];
}

/** The SQL expression over `leads l` of a lead field (an attribute's JSON path is its one bound parameter). */
export function columnFor(field: string): { expr: string; params: unknown[] } {
  if (field.startsWith('attributes.'))
    return { expr: 'json_extract(l.attributes, ?)', params: [`$."${field.slice(11).replaceAll('"', '')}"`] };
  const col = COLUMNS[field];
  if (!col) throw new Error(`No column for field ${field}`);
  return { expr: col, params: [] };
}

/** SQL twin of `canon`: whole reals print without ".0", text is trimmed and lower-cased. */
const asText = (expr: string) =>
  `(CASE WHEN typeof(${expr}) = 'real' AND ${expr} = CAST(${expr} AS INTEGER) THEN CAST(CAST(${expr} AS INTEGER) AS TEXT) ELSE lower(trim(CAST(${expr} AS TEXT))) END)`;

/** The forms of a value the predicates compare: present (not null, not blank), canonical text, lower-cased text. */
export interface ValueForms {
  present: string;
  text: string;
  lower: string;
}

export const valueForms = (expr: string): ValueForms => ({
  present: `(${expr} IS NOT NULL AND trim(CAST(${expr} AS TEXT)) <> '')`,
  text: asText(expr),
  lower: `lower(CAST(${expr} AS TEXT))`,
});

/**
 * The same predicate as shared/domain/scoring's valueTest, written as SQL with bound values.
 * `forms`: the value's forms already computed (column names, e.g. once per row in a subquery, with
 * `expr` a column too and no exprParams), instead of spelling them out around every mention.
 */
export function valuePredicate(
  expr: string,
  exprParams: unknown[],
  operator: Rule['operator'],
  value: Rule['value'],
  forms: ValueForms = valueForms(expr),
): SqlPredicate {
  const present = forms.present;
  const twice = [...exprParams, ...exprParams];
  switch (operator) {
    case 'equals':
      return {
        sql: `(${present} AND ${forms.text} = ?)`,
        params: [...twice, ...repeat(exprParams, 5), canon(value)],
      };
    case 'in':
    case 'not_in': {
      const list = JSON.stringify((Array.isArray(value) ? value : []).map(canon));
      const inList = `${forms.text} ${operator === 'in' ? 'IN' : 'NOT IN'} (SELECT value FROM json_each(?))`;
      return { sql: `(${present} AND ${inList})`, params: [...twice, ...repeat(exprParams, 5), list] };
    }
    case 'contains':
      return {
        sql: `instr(${forms.lower}, ?) > 0`,
        params: [...exprParams, String(value).toLowerCase()],
      };
    case 'starts_with':
      return {
        sql: `substr(${forms.text}, 1, ?) = ?`,
        params: [...exprParams, String(value).length, String(value).toLowerCase()],
      };
    case 'range': {
      const r = (value ?? {}) as { min?: number; max?: number };
      const parts = [`typeof(${expr}) IN ('integer', 'real')`];
      const params = [...exprParams];
      if (r.min !== undefined) {
        parts.push(`${expr} >= ?`);
        params.push(...exprParams, r.min);
      }
      if (r.max !== undefined) {
        parts.push(`${expr} <= ?`);
        params.push(...exprParams, r.max);
      }
      return { sql: `(${parts.join(' AND ')})`, params };
    }
    case 'exists':
      return { sql: present, params: twice };
    case 'missing':
      return { sql: `NOT ${present}`, params: twice };
  }
}

/** How many live leads a fit or disqualifier rule matches. */
export function countLeadsMatching(db: Db, rule: Pick<Rule, 'field' | 'operator' | 'value'>): number {
  const p = leadRulePredicate(rule);
  return (
    db.prepare(`SELECT count(*) AS n FROM leads l WHERE l.deleted = 0 AND ${p.sql}`).get(...p.params) as { n: number }
  ).n;
}

/** Leads with at least one touchpoint an engagement rule matches, and their mean undecayed, capped points. */
export function engagementReach(
  db: Db,
  rule: Pick<Rule, 'field' | 'operator' | 'value' | 'points' | 'cap'>,
): { matches: number; avgPoints: number } {
  const p = touchRulePredicate(rule);
  const row = db
    .prepare(
      `SELECT count(*) AS n, avg(CASE WHEN ? IS NULL THEN c * ? ELSE min(c * ?, ?) END) AS avg
       FROM (SELECT t.lead_id, count(*) AS c FROM touchpoints t WHERE t.deleted = 0 AND ${p.sql} GROUP BY t.lead_id)`,
    )
    .get(rule.cap, rule.points, rule.points, rule.cap, ...p.params) as { n: number; avg: number | null };
  return { matches: row.n, avgPoints: row.avg ?? 0 };
}

/** A fit or disqualifier rule as a WHERE predicate over `leads l`. */
export function leadRulePredicate(rule: Pick<Rule, 'field' | 'operator' | 'value'>): SqlPredicate {
  const { expr, params } = columnFor(rule.field);
  return valuePredicate(expr, params, rule.operator, rule.value);
}

/** An engagement rule as a WHERE predicate over `touchpoints t`. */
export function touchRulePredicate(rule: Pick<Rule, 'field' | 'operator' | 'value'>): SqlPredicate {
  const expr = TOUCH_COLUMNS[rule.field];
  if (!expr) throw new Error(`No column for touchpoint field ${rule.field}`);
  return valuePredicate(expr, [], rule.operator, rule.value);
}
