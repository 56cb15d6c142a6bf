import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { reasons, type RejectionReason, type RejectionReasonDraft } from '../../../shared/contracts/reasons.js';
import { call } from '../api.js';
import { invalidateForTables } from './use-data-events.js';

export const reasonKeys = {
  all: ['reasons'] as const,
  list: (includeInactive: boolean) => ['reasons', 'list', includeInactive] as const,
};

/** The rejection-reason taxonomy in its agreed order; the inbox asks for active reasons only. */
export function useReasons(includeInactive = true) {
  return useQuery({
    queryKey: reasonKeys.list(includeInactive),
    queryFn: () => call(reasons.list, { includeInactive }),
    staleTime: 5 * 60_000,
  });
}

function useReasonMutation<I, O>(fn: (input: I) => Promise<O>) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: fn,
    // Labels and order show in the inbox and the Pareto too.
    onSuccess: () => invalidateForTables(client, ['rejection_reasons']),
  });
}

export function useCreateReason() {
  return useReasonMutation((draft: RejectionReasonDraft) => call(reasons.create, draft));
}

export type ReasonPatch = Partial<RejectionReasonDraft> & { active?: boolean };

export function useUpdateReason() {
  return useReasonMutation((input: { id: string; patch: ReasonPatch }) => call(reasons.update, input));
}

export function useRemoveReason() {
  return useReasonMutation((id: string) => call(reasons.remove, { id }));
}

export function useReorderReasons() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (ids: string[]) => call(reasons.reorder, { ids }),
    onMutate: (ids) => {
      // Move the rows at once; the answer (or a refetch on error) settles it.
      const key = reasonKeys.list(true);
      const before = client.getQueryData<RejectionReason[]>(key);
      if (before) {
        const byId = new Map(before.map((r) => [r.id, r]));
        client.setQueryData(
          key,
          ids.flatMap((id, i) => {
            const r = byId.get(id);
            return r ? [{ ...r, position: i + 1 }] : [];
          }),
        );
      }
      return before;
    },
    onError: (_e, _ids, before) => before && client.setQueryData(reasonKeys.list(true), before),
    onSettled: () => invalidateForTables(client, ['rejection_reasons']),
  });
}
