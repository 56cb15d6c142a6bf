import type { Rule, ScoringVersion } from '../../shared/domain/criteria.js';

/**
 * The reference for the rescore benchmark: the same points as shared/domain/scoring, computed by
 * DuckDB in SQL over the same leads and touchpoints (loaded from CSV; DuckDB cannot read SQLite here).
 * Values are bound as parameters; column names come from fixed maps.
 */
const LEAD_COLUMNS: Record<string, string> = {
  email: 'email',
  name: 'name',
  company: 'company',
  domain: 'domain',
  country: 'country',
  industry: 'industry',
  employees: 'employees',
  jobTitle: 'job_title',
  seniority: 'seniority',
  budget: 'budget',
  source: 'source',
};
const TOUCH_COLUMNS: Record<string, string> = {
  'touchpoint.type': 't.type',
  'offer.id': 't.offer_id',
  'offer.type': 't.offer_type',
  'campaign.id': 't.campaign_id',
  channel: 't.channel',
};

type Param = string | number;

function column(field: string, params: Param[], touch: boolean): string {
  if (touch) return TOUCH_COLUMNS[field]!;
  if (field.startsWith('attributes.')) {
    params.push(`$.${field.slice(11)}`);
    return `json_extract_string(attributes, $${params.length})`;
  }
  return LEAD_COLUMNS[field]!;
}

function canonParam(v: unknown): string {
  return typeof v === 'string' ? v.trim().toLowerCase() : typeof v === 'boolean' ? (v ? '1' : '0') : String(v);
}

function predicate(rule: Rule, params: Param[], touch = false): string {
  const expr = column(rule.field, params, touch);
  const text = `lower(trim(CAST(${expr} AS VARCHAR)))`;
  const present = `(${expr} IS NOT NULL AND trim(CAST(${expr} AS VARCHAR)) <> '')`;
  const bind = (v: Param) => {
    params.push(v);
    return `$${params.length}`;
  };
  const v = rule.value;
  switch (rule.operator) {
    case 'equals':
      return `(${present} AND ${text} = ${bind(canonParam(v))})`;
    case 'in':
    case 'not_in': {
      const list = (v as unknown[]).map((x) => bind(canonParam(x))).join(', ');
      return `(${present} AND ${text} ${rule.operator === 'in' ? 'IN' : 'NOT IN'} (${list}))`;
    }
    case 'contains':
      return `coalesce(contains(lower(CAST(${expr} AS VARCHAR)), ${bind(String(v).toLowerCase())}), false)`;
    case 'starts_with':
      return `coalesce(starts_with(${text}, ${bind(String(v).toLowerCase())}), false)`;
    case 'range': {
      const r = v as { min?: number; max?: number };
      const parts = [`${expr} IS NOT NULL`];
      if (r.min !== undefined) parts.push(`${expr} >= ${bind(r.min)}`);
      if (r.max !== undefined) parts.push(`${expr} <= ${bind(r.max)}`);
      return `(${parts.join(' AND ')})`;
    }
    case 'exists':
      return present;
    case 'missing':
      return `NOT ${present}`;
  }
}

/** One statement: per-lead fit points + capped, decayed, windowed engagement points, and the level. */
export function scoringSql(v: ScoringVersion, asOf: number): { sql: string; params: Param[] } {
  const params: Param[] = [];
  const fit = v.rules.filter((r) => r.kind === 'fit');
  const eng = v.rules.filter((r) => r.kind === 'engagement');
  const dq = v.rules.filter((r) => r.kind === 'disqualifier');
  const fitSum = fit.length ? fit.map((r) => `CASE WHEN ${predicate(r, params)} THEN ${Number(r.points)} ELSE 0 END`).join(' + ') : '0';
  const dqAny = dq.length ? dq.map((r) => predicate(r, params)).join(' OR ') : 'false';
  const asOfParam = (() => {
    params.push(asOf);
    return `$${params.length}`;
  })();
  const perRule = eng
    .map((r, i) => {
      const age = `((${asOfParam} - t.occurred_at) / 86400000.0)`;
      const pts = r.decayHalfLifeDays !== null ? `${Number(r.points)} * pow(0.5, ${age} / ${Number(r.decayHalfLifeDays)})` : `${Number(r.points)}`;
      const window = r.windowDays !== null ? ` AND ${age} <= ${Number(r.windowDays)}` : '';
      const sum = `sum(CASE WHEN t.occurred_at <= ${asOfParam}${window} AND ${predicate(r, params, true)} THEN ${pts} ELSE 0 END)`;
      return r.cap !== null ? `least(${sum}, ${Number(r.cap)}) AS e${i}` : `${sum} AS e${i}`;
    })
    .join(',\n      ');
  const engTotal = eng.length ? eng.map((_, i) => `coalesce(e.e${i}, 0)`).join(' + ') : '0';
  const levels = [...v.levels].sort((a, b) => b.threshold - a.threshold);
  const level = levels.map((l) => `WHEN total >= ${Number(l.threshold)} THEN '${l.name.replaceAll("'", "''")}'`).join(' ');
  const sql = `
    CREATE OR REPLACE TABLE ref_scores AS
    WITH e AS (SELECT t.lead_id${eng.length ? ',\n      ' + perRule : ''} FROM touchpoints t GROUP BY t.lead_id),
    s AS (
      SELECT l.id, (${fitSum}) AS fit, (${engTotal}) AS engagement, (${dqAny}) AS dq
      FROM leads l LEFT JOIN e ON e.lead_id = l.id
    )
    SELECT id, fit, engagement, fit + engagement AS total,
      CASE WHEN dq THEN NULL ${level} ELSE NULL END AS level
    FROM (SELECT *, fit + engagement AS total FROM s)`;
  return { sql, params };
}
