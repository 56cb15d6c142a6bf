import type { Db } from '../db/connection.js';
import { activeVersionId } from '../db/criteria.repo.js';
import { now } from '../db/ids.js';
import * as scores from '../db/scores.repo.js';
import type { Explanation } from '../../shared/contracts/leads.js';
import { compileVersion, scoreCompiled, type Contribution } from '../../shared/domain/scoring.js';
import { AppError } from '../../shared/errors.js';
import { get as getVersion } from './criteria.js';

/**
 * "Why is this lead an MQL?": the score under the active version, rule by rule. The stored score of
 * the last rescore is what the table shows, so it is preferred; a lead never rescored is scored now.
 */
export function explain(db: Db, leadId: string): Explanation | null {
  const versionId = activeVersionId(db);
  if (!versionId) return null;
  const version = getVersion(db, versionId);
  const base = { versionId, versionNumber: version.number, versionName: version.name, levels: version.levels };
  const stored = scores.storedScore(db, leadId, versionId);
  if (stored) {
    const contributions = JSON.parse(stored.contributions) as Contribution[];
    const dq = stored.disqualified_by;
    return {
      ...base,
      source: 'stored',
      computedAt: stored.computed_at,
      fit: stored.fit_points,
      engagement: stored.engagement_points,
      total: stored.total,
      level: stored.level,
      disqualifiedBy: dq ? { ruleId: dq, label: contributions.find((c) => c.ruleId === dq)?.label ?? dq } : null,
      contributions,
    };
  }
  const lead = scores.leadForScoring(db, leadId);
  if (!lead) throw new AppError('not_found', `No lead with id ${leadId}.`);
  const touches = scores.touchpointsInRange(db, leadId, leadId, scores.offerTypes(db)).get(leadId) ?? [];
  const at = now();
  const s = scoreCompiled(compileVersion(version), lead.lead, touches, at);
  return { ...base, source: 'live', computedAt: at, ...s };
}
