import { QueryClient } from '@tanstack/react-query';
import { isApiError } from '../api.js';

/** A local database answers in milliseconds: keep data fresh for a while and retry only transport errors. */
export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 30_000,
        gcTime: 5 * 60_000,
        refetchOnWindowFocus: false,
        retry: (failures, error) => failures < 2 && isApiError(error) && error.kind === 'network',
      },
      mutations: { retry: false },
    },
  });
}
