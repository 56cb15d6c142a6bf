import type { Db } from '../db/connection.js';
import { activeVersionId } from '../db/criteria.repo.js';
import { now } from '../db/ids.js';
import * as scores from '../db/scores.repo.js';
import type { Explanation } from '../../shared/contracts/leads.js';
import { decodeContributions } from '../../shared/domain/contribution-codec.js';
import { compileVersion, scoreCompiled } from '../../shared/domain/scoring.js';
import { AppError } from '../../shared/errors.js';
import { get as getVersion } from './criteria.js';

/**
 * "Why is this lead an MQL?": the score under the active version, rule by rule. The stored score of
 * the last rescore is what the table shows, so it is preferred; a lead never rescored is scored now.
 * The stored contributions are compact (rule positions, see contribution-codec.ts) and expanded here.
 */
export function explain(db: Db, leadId: string): Explanation | null {
  const versionId = activeVersionId(db);
  if (!versionId) return null;
  const version = getVersion(db, versionId);
  const base = { versionId, versionNumber: version.number, versionName: version.name, levels: version.levels };
  const stored = scores.storedScore(db, leadId, versionId);
  const contributions = stored
    ? decodeContributions(stored.contributions, version.rules, {
        fit: stored.fit_points,
        engagement: stored.engagement_points,
      })
    : null;
  if (stored && contributions) {
    const dq = stored.disqualified_by;
    return {
      ...base,
      source: 'stored',
      // A full rescore leaves an unchanged score's row as it was: the score holds as of that rescore.
      computedAt: Math.max(stored.computed_at, scores.rescoredAt(db, versionId) ?? 0),
      fit: stored.fit_points,
      engagement: stored.engagement_points,
      total: stored.total,
      level: stored.level,
      disqualifiedBy: dq ? { ruleId: dq, label: contributions.find((c) => c.ruleId === dq)?.label ?? dq } : null,
      contributions,
    };
  }
  // No stored score, or one that no longer fits the version's rules: score the lead now.
  const at = now();
  return { ...base, source: 'live', computedAt: at, ...scoreAt(db, leadId, version, at) };
}

/**
 * The lead's score under a version as of a past moment, such as the handoff a rep is deciding: the
 * touchpoints up to then, decayed to then (scoring.ts counts none after it), and the lead's fields
 * as they are now, since their history is not kept.
 */
export function explainAsOf(db: Db, leadId: string, versionId: string, at: number): Explanation {
  const version = getVersion(db, versionId);
  return {
    versionId,
    versionNumber: version.number,
    versionName: version.name,
    levels: version.levels,
    source: 'asOf',
    computedAt: at,
    ...scoreAt(db, leadId, version, at),
  };
}

function scoreAt(db: Db, leadId: string, version: ReturnType<typeof getVersion>, at: number) {
  const lead = scores.leadForScoring(db, leadId);
  if (!lead) throw new AppError('not_found', `No lead with id ${leadId}.`);
  const touches = scores.touchpointsInRange(db, leadId, leadId, scores.offerTypes(db)).get(leadId) ?? [];
  return scoreCompiled(compileVersion(version), lead.lead, touches, at);
}
