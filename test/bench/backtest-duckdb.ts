import type { Rule, ScoringVersion } from '../../shared/domain/criteria.js';

/**
 * The reference for the backtest bench: the confusion matrix of a version (would-be MQL × won)
 * computed by DuckDB in SQL, each lead scored as of its own decision moment (its first handoff, else
 * creation + N days), from CSV copies of the same rows. Values are bound as parameters; column names
 * come from fixed maps.
 */
const LEAD_COLUMNS: Record<string, string> = {
  email: 'l.email', name: 'l.name', company: 'l.company', domain: 'l.domain', country: 'l.country', industry: 'l.industry',
  employees: 'l.employees', jobTitle: 'l.job_title', seniority: 'l.seniority', budget: 'l.budget', source: 'l.source',
};
const TOUCH_COLUMNS: Record<string, string> = {
  'touchpoint.type': 't.type', 'offer.id': 't.offer_id', 'offer.type': 't.offer_type', 'campaign.id': 't.campaign_id', channel: 't.channel',
};

type Param = string | number;

const canon = (v: unknown): string => (typeof v === 'string' ? v.trim().toLowerCase() : typeof v === 'boolean' ? (v ? '1' : '0') : String(v));

function predicate(rule: Rule, params: Param[], touch: boolean): string {
  const bind = (v: Param) => {
    params.push(v);
    return `$${params.length}`;
  };
  const expr = touch
    ? TOUCH_COLUMNS[rule.field]!
    : rule.field.startsWith('attributes.')
      ? `json_extract_string(l.attributes, ${bind(`$.${rule.field.slice(11)}`)})`
      : LEAD_COLUMNS[rule.field]!;
  const text = `lower(trim(CAST(${expr} AS VARCHAR)))`;
  const present = `(${expr} IS NOT NULL AND trim(CAST(${expr} AS VARCHAR)) <> '')`;
  const v = rule.value;
  switch (rule.operator) {
    case 'equals':
      return `(${present} AND ${text} = ${bind(canon(v))})`;
    case 'in':
    case 'not_in':
      return `(${present} AND ${text} ${rule.operator === 'in' ? 'IN' : 'NOT IN'} (${(v as unknown[]).map((x) => bind(canon(x))).join(', ')}))`;
    case 'contains':
      return `coalesce(contains(lower(CAST(${expr} AS VARCHAR)), ${bind(String(v).toLowerCase())}), false)`;
    case 'starts_with':
      return `coalesce(starts_with(${text}, ${bind(String(v).toLowerCase())}), false)`;
    case 'range': {
      const r = v as { min?: number; max?: number };
      const num = `TRY_CAST(${expr} AS DOUBLE)`;
      return `(${[`${num} IS NOT NULL`, ...(r.min !== undefined ? [`${num} >= ${bind(r.min)}`] : []), ...(r.max !== undefined ? [`${num} <= ${bind(r.max)}`] : [])].join(' AND ')})`;
    }
    case 'exists':
      return present;
    case 'missing':
      return `NOT ${present}`;
  }
}

/** One statement: per-lead points as of its decision moment, then counts by (MQL, won). */
export function confusionSql(v: ScoringVersion, decisionDays: number): { sql: string; params: Param[] } {
  const params: Param[] = [];
  const fit = v.rules.filter((r) => r.kind === 'fit');
  const eng = v.rules.filter((r) => r.kind === 'engagement');
  const dq = v.rules.filter((r) => r.kind === 'disqualifier');
  const fitSum = fit.length ? fit.map((r) => `CASE WHEN ${predicate(r, params, false)} THEN ${Number(r.points)} ELSE 0 END`).join(' + ') : '0';
  const dqAny = dq.length ? dq.map((r) => predicate(r, params, false)).join(' OR ') : 'false';
  const age = '((d.at - t.occurred_at) / 86400000.0)';
  const perRule = eng.map((r, i) => {
    const pts = r.decayHalfLifeDays !== null ? `${Number(r.points)} * pow(0.5, ${age} / ${Number(r.decayHalfLifeDays)})` : `${Number(r.points)}`;
    const window = r.windowDays !== null ? ` AND ${age} <= ${Number(r.windowDays)}` : '';
    const sum = `sum(CASE WHEN t.occurred_at <= d.at${window} AND ${predicate(r, params, true)} THEN ${pts} ELSE 0 END)`;
    return r.cap !== null ? `least(${sum}, ${Number(r.cap)}) AS e${i}` : `${sum} AS e${i}`;
  });
  const engTotal = eng.length ? eng.map((_, i) => `coalesce(e.e${i}, 0)`).join(' + ') : '0';
  const lowest = Math.min(...v.levels.map((l) => l.threshold));
  params.push(decisionDays * 86_400_000);
  const days = `$${params.length}`;
  const sql = `
    WITH d AS (SELECT id, coalesce(handed_at, created_at + ${days}) AS at, won FROM leads),
    e AS (SELECT t.lead_id${perRule.length ? ', ' + perRule.join(', ') : ''} FROM touchpoints t JOIN d ON d.id = t.lead_id GROUP BY t.lead_id),
    s AS (
      SELECT d.won, (${dqAny}) AS dq, round((${fitSum}) + (${engTotal}), 2) AS total
      FROM leads l JOIN d ON d.id = l.id LEFT JOIN e ON e.lead_id = l.id
    )
    SELECT (NOT dq AND total >= ${Number(lowest)}) AS mql, won = 1 AS won, count(*) AS n FROM s GROUP BY ALL`;
  return { sql, params };
}
