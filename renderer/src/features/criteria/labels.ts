import type { VersionSummary } from '../../../../shared/contracts/criteria.js';
import type { Operator, RuleKind } from '../../../../shared/domain/criteria.js';
import type { MessageId } from '../../i18n/index.js';

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

export const KIND_ORDER: readonly RuleKind[] = ['fit', 'engagement', 'disqualifier', 'sql'];

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

export const OPERATOR_LABEL: Record<Operator, MessageId> = {
  equals: 'criteria.op.equals',
  in: 'criteria.op.in',
  not_in: 'criteria.op.notIn',
  contains: 'criteria.op.contains',
  starts_with: 'criteria.op.startsWith',
  range: 'criteria.op.range',
  exists: 'criteria.op.exists',
  missing: 'criteria.op.missing',
};

export const FIELD_LABEL: Record<string, MessageId> = {
  email: 'criteria.field.email',
  name: 'criteria.field.name',
  company: 'criteria.field.company',
  domain: 'criteria.field.domain',
  country: 'criteria.field.country',
  industry: 'criteria.field.industry',
  employees: 'criteria.field.employees',
  jobTitle: 'criteria.field.jobTitle',
  seniority: 'criteria.field.seniority',
  budget: 'criteria.field.budget',
  source: 'criteria.field.source',
  'touchpoint.type': 'criteria.field.touchpointType',
  'offer.id': 'criteria.field.offer',
  'offer.type': 'criteria.field.offerType',
  'campaign.id': 'criteria.field.campaign',
  channel: 'criteria.field.channel',
  'bant.budget': 'criteria.field.bantBudget',
  'bant.authority': 'criteria.field.bantAuthority',
  'bant.need': 'criteria.field.bantNeed',
  'bant.timing': 'criteria.field.bantTiming',
};

/** Rule properties as the diff names them. */
export const RULE_PROP_LABEL: Record<string, MessageId> = {
  label: 'criteria.prop.label',
  field: 'criteria.prop.field',
  operator: 'criteria.prop.operator',
  value: 'criteria.prop.value',
  points: 'criteria.prop.points',
  cap: 'criteria.prop.cap',
  decayHalfLifeDays: 'criteria.prop.halfLife',
  windowDays: 'criteria.prop.window',
};
