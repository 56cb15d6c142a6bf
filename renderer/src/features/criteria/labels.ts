import type { VersionSummary } from '../../../../shared/contracts/criteria.js';
import type { RuleKind } from '../../../../shared/domain/criteria.js';
import type { MessageId } from '../../i18n/index.js';

export { FIELD_LABEL, KIND_ORDER, OPERATOR_LABEL, RULE_PROP_LABEL } from '../../../../shared/i18n/rule-words.js';

/* Catalogue ids for the criteria vocabulary, spelled out so the catalogue test sees every one. */

export type DisplayStatus = VersionSummary['status'] | 'scheduled';

/** An approved version with a date is waiting to go live: say "scheduled", not just "approved". */
export const displayStatus = (v: Pick<VersionSummary, 'status' | 'effectiveFrom'>): DisplayStatus =>
  v.status === 'approved' && v.effectiveFrom !== null ? 'scheduled' : v.status;

export const STATUS_LABEL: Record<DisplayStatus, MessageId> = {
  draft: 'criteria.status.draft',
  proposed: 'criteria.status.proposed',
  approved: 'criteria.status.approved',
  scheduled: 'criteria.status.scheduled',
  active: 'criteria.status.active',
  retired: 'criteria.status.retired',
};

export const KIND_TITLE: Record<RuleKind, MessageId> = {
  fit: 'criteria.kind.fit',
  engagement: 'criteria.kind.engagement',
  disqualifier: 'criteria.kind.disqualifier',
  sql: 'criteria.kind.sql',
};

export const KIND_HINT: Record<RuleKind, MessageId> = {
  fit: 'criteria.kind.fit.hint',
  engagement: 'criteria.kind.engagement.hint',
  disqualifier: 'criteria.kind.disqualifier.hint',
  sql: 'criteria.kind.sql.hint',
};

export const KIND_ADD: Record<RuleKind, MessageId> = {
  fit: 'criteria.rule.add.fit',
  engagement: 'criteria.rule.add.engagement',
  disqualifier: 'criteria.rule.add.disqualifier',
  sql: 'criteria.rule.add.sql',
};

