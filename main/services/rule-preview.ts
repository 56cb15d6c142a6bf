import type { Db } from '../db/connection.js';
import { leadRulePredicate, touchRulePredicate } from '../db/rule-sql.js';
import { RuleSchema } from '../../shared/domain/criteria.js';
import { AppError, describeIssues } from '../../shared/errors.js';

export interface RulePreview {
  matches: number;
  total: number;
  avgPoints: number;
}

/**
 * "This rule matches N leads, avg +P points", computed in SQL so it stays instant on a million leads.
 * Engagement points here are undecayed (a preview of the rule, not of any one moment).
 */
export function previewRule(db: Db, draft: Record<string, unknown>): RulePreview {
  const parsed = RuleSchema.safeParse({ ...draft, id: 'preview' });
  if (!parsed.success) throw new AppError('validation', describeIssues(parsed.error.issues), parsed.error.issues);
  const rule = parsed.data;
  const { total } = db.prepare('SELECT count(*) AS total FROM leads WHERE deleted = 0').get() as { total: number };
  if (rule.kind === 'sql') return { matches: 0, total, avgPoints: 0 };
  if (rule.kind === 'fit' || rule.kind === 'disqualifier') {
    const p = leadRulePredicate(rule);
    const { n } = db.prepare(`SELECT count(*) AS n FROM leads l WHERE l.deleted = 0 AND ${p.sql}`).get(...p.params) as { n: number };
    return { matches: n, total, avgPoints: rule.kind === 'fit' ? rule.points : 0 };
  }
  const p = touchRulePredicate(rule);
  const row = db
    .prepare(
      `SELECT count(*) AS n, avg(CASE WHEN ? IS NULL THEN c * ? ELSE min(c * ?, ?) END) AS avg
       FROM (SELECT t.lead_id, count(*) AS c FROM touchpoints t WHERE t.deleted = 0 AND ${p.sql} GROUP BY t.lead_id)`,
    )
    .get(rule.cap, rule.points, rule.points, rule.cap, ...p.params) as { n: number; avg: number | null };
  return { matches: row.n, total, avgPoints: Math.round((row.avg ?? 0) * 100) / 100 };
}
