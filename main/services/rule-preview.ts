import type { Db } from '../db/connection.js';
import { countLeads } from '../db/leads.repo.js';
import { countLeadsMatching, engagementReach } from '../db/rule-sql.js';
import { RuleSchema } from '../../shared/domain/criteria.js';
import { withCountryCodes } from '../../shared/domain/rule-country.js';
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
  const rule = withCountryCodes(parsed.data);
  const total = countLeads(db, {});
  if (rule.kind === 'sql') return { matches: 0, total, avgPoints: 0 };
  if (rule.kind === 'fit' || rule.kind === 'disqualifier') {
    return { matches: countLeadsMatching(db, rule), total, avgPoints: rule.kind === 'fit' ? rule.points : 0 };
  }
  const reach = engagementReach(db, rule);
  return { matches: reach.matches, total, avgPoints: Math.round(reach.avgPoints * 100) / 100 };
}
