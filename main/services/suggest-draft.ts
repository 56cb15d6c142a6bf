import type { Db } from '../db/connection.js';
import type { VersionDetail } from '../../shared/contracts/criteria.js';
import type { SuggestParams, Suggestion } from '../../shared/contracts/suggest.js';
import { POINTS_PER_LOGIT } from '../../shared/domain/suggest-fit.js';
import * as criteria from './criteria.js';
import { runSuggest } from './suggest.js';

/**
 * "Create draft from suggestion": a normal draft through the criteria service (its validation and
 * audit), with the suggested rules at their rounded points and the thresholds for the asked MQL
 * volume. All in one transaction: a rule the service refuses leaves no half-made draft behind.
 */
export function createDraftFromSuggestion(
  db: Db,
  params: SuggestParams,
  name?: string,
  learnt?: Suggestion,
): { version: VersionDetail; suggestion: Suggestion } {
  const suggestion = learnt ?? runSuggest(db, params);
  const version = db.transaction(() => {
    const auc = suggestion.holdout.auc;
    const draft = criteria.createDraft(db, {
      name: name ?? `Suggested from ${suggestion.outcome === 'won' ? 'won/lost' : 'SAL accept/reject'} history`,
    });
    for (const r of suggestion.rules) {
      criteria.saveRule(db, draft.id, {
        kind: r.kind,
        label: r.label,
        field: r.field,
        operator: r.operator,
        value: r.value,
        points: r.points,
        ...(r.kind === 'engagement' ? { cap: Math.abs(r.points) } : {}),
      });
    }
    const method = suggestion.method === 'logistic_l2' ? `L2 logistic regression (λ = ${suggestion.lambda})` : 'smoothed naive Bayes';
    return criteria.updateDraft(db, draft.id, {
      levels: suggestion.levels,
      rationale:
        `Suggested points: ${method} on ${suggestion.train.n} labelled leads, ${POINTS_NOTE}. ` +
        `Holdout of ${suggestion.holdout.n} later leads: AUC ${auc === null ? 'n/a' : auc.toFixed(3)}` +
        ` (rounded points ${suggestion.holdout.pointsAuc === null ? 'n/a' : suggestion.holdout.pointsAuc.toFixed(3)}).` +
        ` Thresholds give about ${Math.round(suggestion.mqlRate * 100)} % of leads as MQL.`,
    });
  })();
  return { version, suggestion };
}

const POINTS_NOTE = `${POINTS_PER_LOGIT} points per unit of log-odds`;
