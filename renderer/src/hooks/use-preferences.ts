import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { preferences, type UiPreferences } from '../../../shared/contracts/preferences.js';
import { call } from '../api.js';

const preferencesKey = ['preferences'] as const;

export const preferencesOptions = () =>
  queryOptions({ queryKey: preferencesKey, queryFn: () => call(preferences.get, {}), staleTime: Infinity });

export function usePreferences() {
  return useQuery(preferencesOptions());
}

/** Applied before the write returns, so a new language or theme shows at once; a failed write rolls back. */
export function useSetPreferences() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (patch: Partial<UiPreferences>) => call(preferences.set, patch),
    onMutate: async (patch) => {
      await client.cancelQueries({ queryKey: preferencesKey });
      const before = client.getQueryData<UiPreferences>(preferencesKey);
      if (before) client.setQueryData<UiPreferences>(preferencesKey, { ...before, ...patch });
      return { before };
    },
    onError: (_e, _patch, ctx) => {
      if (ctx?.before) client.setQueryData(preferencesKey, ctx.before);
    },
    onSuccess: (stored) => client.setQueryData(preferencesKey, stored),
  });
}
