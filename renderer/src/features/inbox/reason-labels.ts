import type { RejectionReason } from '../../../../shared/contracts/reasons.js';

/** Catalogue ids for the taxonomy's fixed vocabularies (the reasons' own labels are workspace data). */
export const BLAME_LABEL: Record<RejectionReason['blame'], string> = {
  fit: 'reasons.blame.fit',
  engagement: 'reasons.blame.engagement',
  data: 'reasons.blame.data',
  routing: 'reasons.blame.routing',
};

export const ACTION_LABEL: Record<RejectionReason['action'], string> = {
  disqualify: 'reasons.action.disqualify',
  recycle: 'reasons.action.recycle',
  reroute: 'reasons.action.reroute',
};

export const REOPEN_LABEL: Record<NonNullable<RejectionReason['reopenKind']>, string> = {
  date: 'reasons.reopen.date',
  renewal: 'reasons.reopen.renewal',
};
