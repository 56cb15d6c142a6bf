import { OfferTypeSchema } from '../contracts/common.js';
import { DEFAULT_LOSS_REASONS, DEFAULT_REJECTION_REASONS } from '../domain/default-reasons.js';

/*
 * Which catalogue message shows a stored word, for the renderer and for the review pack the main
 * process prints: words of a known vocabulary are shown in the reader's language, anything else
 * (the source system's own word, a label the team typed) as stored.
 */

/*
 * A touchpoint's type is the offer-type vocabulary plus the activities the app itself records
 * (site visits, email opens).
 */
const OFFER_TYPES: ReadonlySet<string> = new Set(OfferTypeSchema.options);
const ACTIVITY_TYPES: ReadonlySet<string> = new Set(['visit', 'email_open']);

export function touchpointTypeId(type: string): string | null {
  if (OFFER_TYPES.has(type)) return `offerType.${type}`;
  if (ACTIVITY_TYPES.has(type)) return `touchpointType.${type}`;
  return null;
}

/*
 * The seniorities LeadPact reads off job titles, the channels of campaigns (a lead's source is its
 * first campaign's channel), and touchpoint types.
 */
const SENIORITIES: ReadonlySet<string> = new Set(['entry', 'individual_contributor', 'manager', 'director', 'vp', 'c_level']);
const CHANNELS: ReadonlySet<string> = new Set(['direct', 'email', 'events', 'organic', 'paid_search', 'paid_social', 'partner', 'referral']);

export function vocabularyId(field: string, value: string): string | null {
  if (field === 'seniority') return SENIORITIES.has(value) ? `seniority.${value}` : null;
  if (field === 'channel' || field === 'source') return CHANNELS.has(value) ? `channel.${value}` : null;
  if (field === 'touchpoint.type' || field === 'offer.type') return touchpointTypeId(value);
  return null;
}

/*
 * The default rejection and loss reasons are seeded (migration 0005) with English labels and stored
 * as workspace data the team may rename. A reason whose label is still the shipped English one is
 * shown in the reader's language (catalogue id reason.<kind>.<code>); a label someone typed is shown
 * as typed, in every language. CSV exports and the CLI's tables print the stored label: they are data.
 */
export type ReasonKind = 'rejection' | 'loss';

const DEFAULTS: Record<ReasonKind, ReadonlyMap<string, string>> = {
  rejection: new Map(DEFAULT_REJECTION_REASONS.map((r) => [r.code, r.label])),
  loss: new Map(DEFAULT_LOSS_REASONS.map((r) => [r.code, r.label])),
};
const CODE_BY_LABEL: Record<ReasonKind, ReadonlyMap<string, string>> = {
  rejection: new Map(DEFAULT_REJECTION_REASONS.map((r) => [r.label, r.code])),
  loss: new Map(DEFAULT_LOSS_REASONS.map((r) => [r.label, r.code])),
};

/**
 * The catalogue id for a reason still labelled as shipped, else null (show the stored label).
 * Without a code (a few payloads carry only the label) a label equal to a shipped default counts
 * as that default: it reads the same in English, so translating it shows what the team meant.
 */
export function defaultReasonId(kind: ReasonKind, label: string, code?: string | null): string | null {
  const shipped = code == null ? CODE_BY_LABEL[kind].get(label) : DEFAULTS[kind].get(code) === label ? code : undefined;
  return shipped === undefined ? null : `reason.${kind}.${shipped}`;
}
