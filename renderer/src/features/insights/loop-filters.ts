import type { LoopFilters } from '../../../../shared/contracts/handoffs.js';
import { fromDateInput } from '../inbox/reason-needs.js';

/** The filter bar's own values: strings from the inputs, '' for "any". */
export interface LoopFilterDraft {
  from: string;
  to: string;
  versionId: string;
  campaignId: string;
  offerId: string;
  channel: string;
  repId: string;
}

export const EMPTY_LOOP_FILTERS: LoopFilterDraft = {
  from: '',
  to: '',
  versionId: '',
  campaignId: '',
  offerId: '',
  channel: '',
  repId: '',
};

const DAY = 86_400_000;

/** The contract's filters: dates become the start of the first day and the end of the last one. */
export function toLoopFilters(d: LoopFilterDraft): LoopFilters {
  const out: LoopFilters = {};
  const from = fromDateInput(d.from);
  const to = fromDateInput(d.to);
  if (from !== null) out.from = from;
  if (to !== null) out.to = to + DAY - 1;
  if (d.versionId) out.versionId = d.versionId;
  if (d.campaignId) out.campaignId = d.campaignId;
  if (d.offerId) out.offerId = d.offerId;
  if (d.channel) out.channel = d.channel;
  if (d.repId) out.repId = d.repId;
  return out;
}

export const hasLoopFilter = (d: LoopFilterDraft): boolean => Object.values(d).some((v) => v !== '');
