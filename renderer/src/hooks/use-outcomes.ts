import { infiniteQueryOptions, keepPreviousData, useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  outcomes,
  type OutcomeCursor,
  type OutcomeDraft,
  type OutcomeFilters,
  type OutcomeListInput,
  type OutcomePatch,
} from '../../../shared/contracts/outcomes.js';
import { reasons } from '../../../shared/contracts/reasons.js';
import { call } from '../api.js';
import { invalidateForTables } from './use-data-events.js';

export const OUTCOMES_PAGE_SIZE = 100;
export type OutcomeSort = NonNullable<OutcomeListInput['sort']>;
export const DEFAULT_OUTCOME_SORT: OutcomeSort = { column: 'date', dir: 'desc' };

export const outcomeKeys = {
  all: ['outcomes'] as const,
  list: (sort: OutcomeSort, filters: OutcomeFilters) => ['outcomes', 'list', sort, filters] as const,
  lossReasons: ['outcomes', 'lossReasons'] as const,
  get: (id: string) => ['outcomes', 'get', id] as const,
};

/** Outcomes as keyset pages in the chosen order; the total comes with every page. */
export function useOutcomesInfinite(sort: OutcomeSort, filters: OutcomeFilters) {
  return useInfiniteQuery({
    ...infiniteQueryOptions({
      queryKey: outcomeKeys.list(sort, filters),
      queryFn: ({ pageParam }) => call(outcomes.list, { sort, filters, cursor: pageParam, limit: OUTCOMES_PAGE_SIZE }),
      initialPageParam: null as OutcomeCursor | null,
      getNextPageParam: (last) => last.nextCursor ?? undefined,
    }),
    placeholderData: keepPreviousData,
  });
}

/** One outcome, to edit it; nothing is read while `id` is null. */
export function useOutcome(id: string | null) {
  return useQuery({ queryKey: outcomeKeys.get(id ?? ''), queryFn: () => call(outcomes.get, { id: id! }), enabled: id !== null });
}

export function useLossReasons() {
  return useQuery({ queryKey: outcomeKeys.lossReasons, queryFn: () => call(reasons.lossList, { includeInactive: true }), staleTime: 60_000 });
}

function useOutcomeMutation<I, O>(fn: (input: I) => Promise<O>) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: outcomeKeys.all });
      // An outcome moves its lead's stage and shows in the lead's history.
      invalidateForTables(client, ['outcomes', 'stage_events', 'leads']);
    },
  });
}

export const useCreateOutcome = () => useOutcomeMutation((draft: OutcomeDraft) => call(outcomes.create, draft));
export const useUpdateOutcome = () =>
  useOutcomeMutation((input: { id: string; patch: OutcomePatch }) => call(outcomes.update, input));
export const useRemoveOutcome = () => useOutcomeMutation((id: string) => call(outcomes.remove, { id }));
