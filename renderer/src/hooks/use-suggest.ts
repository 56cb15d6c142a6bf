import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { InputOf } from '../../../shared/contracts/method.js';
import { suggest } from '../../../shared/contracts/suggest.js';
import { call } from '../api.js';
import { keys } from './keys.js';
import { invalidateForTables } from './use-data-events.js';

/*
 * Suggested points run as a job: start one, then poll its state while it runs (the job bar shows
 * its progress from the job events). Results live in the main process for the session only.
 */
const suggestKeys = { result: (jobId: string) => ['suggest', 'result', jobId] as const };

export function useStartSuggest() {
  return useMutation({ mutationFn: (input: InputOf<typeof suggest.start>) => call(suggest.start, input) });
}

export function useSuggestResult(jobId: string | null) {
  return useQuery({
    queryKey: suggestKeys.result(jobId ?? ''),
    queryFn: () => call(suggest.result, { jobId: jobId! }),
    enabled: jobId !== null,
    refetchInterval: (q) => (q.state.data?.state === 'running' || q.state.data === undefined ? 300 : false),
  });
}

export function useCreateDraftFromSuggestion() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: InputOf<typeof suggest.createDraft>) => call(suggest.createDraft, input),
    onSuccess: (r) => {
      client.setQueryData(keys.criteriaVersion(r.version.id), r.version);
      invalidateForTables(client, ['criteria_versions']);
    },
  });
}
