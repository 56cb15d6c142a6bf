import type { Stage } from '../../../../shared/contracts/common.js';
import type { LeadFilters } from '../../../../shared/contracts/leads.js';

/** What the filter bar holds: form values, '' meaning "any". */
export interface FilterDraft {
  q: string;
  stages: Stage[];
  offerId: string;
  campaignId: string;
  country: string;
  ownerId: string;
  /** yyyy-mm-dd from <input type="date">, in the user's time zone, inclusive. */
  createdFrom: string;
  createdTo: string;
}

export const EMPTY_FILTERS: FilterDraft = {
  q: '',
  stages: [],
  offerId: '',
  campaignId: '',
  country: '',
  ownerId: '',
  createdFrom: '',
  createdTo: '',
};

/** Local midnight of a yyyy-mm-dd date, plus `addDays`; null when the text is not a date. */
export function dayStart(text: string, addDays = 0): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return null;
  const t = new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]) + addDays).getTime();
  return Number.isFinite(t) && t >= 0 ? t : null;
}

/** The server's filter object: only what is set; the "to" day is included (the server's bound is exclusive). */
export function toLeadFilters(d: FilterDraft): LeadFilters {
  const f: LeadFilters = {};
  const q = d.q.trim();
  if (q) f.q = q.slice(0, 200);
  if (d.stages.length) f.stages = d.stages;
  if (d.offerId) f.offerId = d.offerId;
  if (d.campaignId) f.campaignId = d.campaignId;
  if (d.country) f.country = d.country;
  if (d.ownerId) f.ownerId = d.ownerId;
  const from = dayStart(d.createdFrom);
  if (from !== null) f.createdFrom = from;
  const to = dayStart(d.createdTo, 1);
  if (to !== null) f.createdTo = to;
  return f;
}

export const hasAnyFilter = (d: FilterDraft): boolean => Object.keys(toLeadFilters(d)).length > 0;
