import { useCallback } from 'react';
import { useT, type MessageId } from './index.js';
import { touchpointTypeId } from './touchpoint-types.js';

/*
 * Stored words with a known vocabulary, shown in the user's language: the seniorities LeadPact reads
 * off job titles, the channels of campaigns (a lead's source is its first campaign's channel), and
 * touchpoint types. A value outside these is the source system's own word and is shown as stored.
 */
const SENIORITIES: ReadonlySet<string> = new Set(['entry', 'individual_contributor', 'manager', 'director', 'vp', 'c_level']);
const CHANNELS: ReadonlySet<string> = new Set(['direct', 'email', 'events', 'organic', 'paid_search', 'paid_social', 'partner', 'referral']);

export function vocabularyId(field: string, value: string): MessageId | null {
  if (field === 'seniority') return SENIORITIES.has(value) ? `seniority.${value}` : null;
  if (field === 'channel' || field === 'source') return CHANNELS.has(value) ? `channel.${value}` : null;
  if (field === 'touchpoint.type' || field === 'offer.type') return touchpointTypeId(value);
  return null;
}

/** `word('seniority', 'c_level')` → "C-level" in the UI language; a word it does not know as stored. */
export function useVocabulary(): (field: string, value: string) => string {
  const t = useT();
  return useCallback(
    (field, value) => {
      const id = vocabularyId(field, value);
      return id === null ? value : t(id);
    },
    [t],
  );
}
