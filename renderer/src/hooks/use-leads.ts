import {
  infiniteQueryOptions,
  keepPreviousData,
  queryOptions,
  useInfiniteQuery,
  useQuery,
} from '@tanstack/react-query';
import { leads, type LeadCursor, type LeadFilters, type LeadListInput } from '../../../shared/contracts/leads.js';
import { call } from '../api.js';
import { keys } from './keys.js';

export const LEADS_PAGE_SIZE = 100;
export const DEFAULT_LEAD_SORT: LeadListInput['sort'] = { column: 'createdAt', dir: 'desc' };
export const NO_FILTERS: LeadFilters = {};

/**
 * The lead list as pages over keyset cursors: each page asks for the rows after the last one seen,
 * in the chosen order, so page 300 costs what page 1 costs.
 */
export const leadsListOptions = (sort: LeadListInput['sort'], filters: LeadFilters) =>
  infiniteQueryOptions({
    queryKey: keys.leadList(sort, filters),
    queryFn: ({ pageParam }) => call(leads.list, { sort, filters, cursor: pageParam, limit: LEADS_PAGE_SIZE }),
    initialPageParam: null as LeadCursor | null,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });

export const leadCountOptions = (filters: LeadFilters) =>
  queryOptions({ queryKey: keys.leadCount(filters), queryFn: () => call(leads.count, { filters }) });

export function useLeadsInfinite(sort: LeadListInput['sort'], filters: LeadFilters) {
  return useInfiniteQuery({ ...leadsListOptions(sort, filters), placeholderData: keepPreviousData });
}

export function useLeadCount(filters: LeadFilters) {
  return useQuery({ ...leadCountOptions(filters), select: (r) => r.count, placeholderData: keepPreviousData });
}

export function useLead(id: string | null) {
  return useQuery({
    queryKey: keys.lead(id ?? ''),
    queryFn: () => call(leads.get, { id: id! }),
    enabled: id !== null,
  });
}

export function useFacets() {
  return useQuery({ queryKey: keys.facets(), queryFn: () => call(leads.facets, {}), staleTime: 5 * 60_000 });
}

/** "Why is this an MQL?": the lead's score under the active version, rule by rule (null: no active version). */
/** The live version's latest score of a lead, or with `asOf` its score under a version at a moment (a handoff's). */
export function useLeadExplanation(id: string | null, asOf?: { versionId: string; at: number }) {
  return useQuery({
    queryKey: keys.leadExplanation(id ?? '', asOf),
    queryFn: () => call(leads.explain, asOf ? { id: id!, asOf } : { id: id! }),
    enabled: id !== null,
  });
}

/**
 * A few leads matching what the user is typing (the list's own search: name, company, email), for
 * a field that names one lead. Asks only from two characters on and keeps the last answer while
 * the next is on its way, so the suggestions do not flicker.
 */
export function useLeadSuggestions(text: string) {
  const q = text.trim();
  return useQuery({
    queryKey: [...keys.leadList({ column: 'name', dir: 'asc' }, { q }), 'suggest'],
    queryFn: () => call(leads.list, { sort: { column: 'name', dir: 'asc' }, filters: { q }, cursor: null, limit: 8 }),
    enabled: q.length >= 2,
    placeholderData: keepPreviousData,
    staleTime: 30_000,
  });
}
